"""Rendering a form in the background, once per version (see services.artifact_key)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.tasks import task

from tiepcan.assessments.models import (
    AssessmentPeriod,
    CouncilMeeting,
    CouncilMembership,
    DossierSnapshot,
    RecognitionDecision,
)
from tiepcan.jobs import artifacts
from tiepcan.jobs.progress import report_progress
from tiepcan.paperwork import contexts, services
from tiepcan.paperwork.catalog import AREA, DECISION, FORMS, MEETING, MEMBER, ROUND
from tiepcan.units.models import Unit


@dataclass(frozen=True)
class Subject:
    """What one rendered form is about, found again from the job's arguments."""

    code: str
    kind: str
    ids: tuple[int, ...]
    province: Any
    context: dict[str, Any]
    name: str  # the file name without its extension

    def key(self, fmt: str, layout: services.Layout) -> str:
        return services.artifact_key(
            self.code, f"{self.kind}{'-'.join(map(str, self.ids))}", fmt, layout, self.context
        )

    def filename(self, fmt: str) -> str:
        return f"{self.name}.{fmt}"


def subject(code: str, kind: str, ids: list[int] | tuple[int, ...]) -> Subject:

    spec = FORMS[code]
    if spec.scope != kind:
        raise ValueError(f"form {code} is not about a {kind}")
    slug = f"mau-{code}-{spec.slug}"
    if kind == ROUND:
        snapshot = DossierSnapshot.objects.select_related(
            "assessment__unit",
            "assessment__period__framework",
            "assessment__period__province",
            "submitted_by",
        ).get(pk=ids[0])
        a = snapshot.assessment
        return Subject(
            code,
            kind,
            (snapshot.pk,),
            a.period.province,
            contexts.round_context(code, snapshot),
            f"{slug}-{a.unit.code}-{a.period.year}-lan-{snapshot.round}",
        )
    if kind in (MEETING, MEMBER):
        meeting = CouncilMeeting.objects.select_related(
            "period__framework", "period__province", "chaired_by"
        ).get(pk=ids[0])
        if kind == MEETING:
            return Subject(
                code,
                kind,
                (meeting.pk,),
                meeting.period.province,
                contexts.meeting_context(code, meeting),
                f"{slug}-{meeting.period.year}-{meeting.held_on:%Y%m%d}-{meeting.pk}",
            )
        seat = CouncilMembership.objects.select_related("user").get(pk=ids[1], period=meeting.period)
        return Subject(
            code,
            kind,
            (meeting.pk, seat.pk),
            meeting.period.province,
            contexts.member_context(meeting, seat),
            f"{slug}-{meeting.pk}-{seat.pk}",
        )
    if kind == DECISION:
        decision = RecognitionDecision.objects.select_related("period__framework", "period__province").get(
            pk=ids[0]
        )
        return Subject(
            code,
            kind,
            (decision.pk,),
            decision.period.province,
            contexts.decision_context(decision),
            f"quyet-dinh-{decision.number.replace('/', '-')}",
        )
    if kind == AREA:
        period = AssessmentPeriod.objects.select_related("framework", "province").get(pk=ids[0])
        area = Unit.objects.get(pk=ids[1])
        return Subject(
            code,
            kind,
            (period.pk, area.pk),
            period.province,
            contexts.area_context(code, period, area),
            f"{slug}-{area.code}-{period.year}",
        )
    raise ValueError(kind)


def key_of(code: str, kind: str, ids: list[int], fmt: str) -> tuple[str, Subject]:
    found = subject(code, kind, ids)
    return found.key(fmt, services.layout(code, found.province)), found


@task(queue_name="documents")
def render_form(code: str, kind: str, ids: list[int], fmt: str) -> str:
    """Render one form in one format and store it (nothing new when this version is stored)."""
    if fmt not in services.FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    found = subject(code, kind, ids)
    layout = services.layout(code, found.province)
    key = found.key(fmt, layout)
    if artifacts.find(key) is None:
        report_progress(0, 1)
        content = services.render(code, fmt, layout, found.context)
        artifacts.store(key, content, services.FORMATS[fmt], found.filename(fmt))
        report_progress(1, 1)
    return key
