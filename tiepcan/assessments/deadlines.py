"""The assessment deadlines of a calendar year, as the person concerned sees them.

Each open or closed period the person may read gives its steps' last days: the ones the
province set on the period (self-assessment, dossiers, review, council, recognition), else the
framework's fixed days (TT 09/2021: dossiers before 10 January, recognition before 10 February,
the reports before 15 and 20 February). A period of year Y has deadlines in Y and in Y+1, so
the periods of both years are read. A commune officer's own returned dossier adds its
supplement limit, counted in working days from the request.

A framework's fixed day that is a day off is shown on the day the limit ends (the next working
day, Bộ luật Dân sự 2015 Điều 148 khoản 5) with the framework's day in a note; a date the
province typed on the period is shown as typed.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tiepcan.accounts.choices import Action
from tiepcan.accounts.permissions import grants_for
from tiepcan.assessments import procedure, queue
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import Assessment, AssessmentPeriod
from tiepcan.lib.procedure import deadline_rules
from tiepcan.lib.workdays import WorkingCalendar

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The period's own fields, and the framework step each replaces when it is set.
PERIOD_FIELDS = (
    ("self_assessment_due", "self_assessment", gettext_lazy("Hạn tự đánh giá")),
    ("dossier_due", "dossier", gettext_lazy("Hạn gửi hồ sơ đề nghị công nhận")),
    ("review_due", "", gettext_lazy("Hạn thẩm định hồ sơ")),
    ("council_due", "", gettext_lazy("Hạn họp Hội đồng đánh giá")),
    ("recognition_due", "recognition", gettext_lazy("Hạn quyết định công nhận")),
)


def events(user: Any, year: int, today: date) -> list[dict[str, Any]]:
    """Calendar events (``day``, ``kind``, ``title``, ``detail``, ``url``) falling in ``year``."""
    if not grants_for(user).has_any(Action.VIEW_ASSESSMENTS):
        return []
    periods = list(
        AssessmentPeriod.objects.for_user(user, Action.VIEW)
        .filter(year__in=[year - 1, year])
        .select_related("framework")
        .order_by("year", "pk")
    )
    found: list[dict[str, Any]] = []
    procedure.prepare_calendar(periods)  # one read of the working calendar for every period
    for period in periods:
        url = reverse("assessments:period_detail", args=[period.pk])
        rules = deadline_rules(period.framework.definition)
        replaced = set()
        for name, step, label in PERIOD_FIELDS:
            day = getattr(period, name)
            if day is None:
                continue
            replaced.add(step)
            found.append(_event(day, "assessment", str(label), period.title, url))
        calendar: WorkingCalendar = procedure.calendar_of(period)
        for rule in rules.values():
            fixed = rule.due(period.year, calendar)
            if fixed is None or rule.step in replaced:
                continue
            event = _event(fixed.effective, "assessment", rule.text, period.title, url)
            if fixed.moved:
                event["nominal"] = fixed.nominal
                event["note"] = procedure.moved_note(fixed.nominal)
            found.append(event)
    found += _own_dossiers(user, periods, today)
    return [e for e in found if e["day"].year == year]


def _own_dossiers(user: Any, periods: list[AssessmentPeriod], today: date) -> list[dict[str, Any]]:
    """The person's own dossiers: the day each must be sent, or sent back after a return."""
    if not periods or not grants_for(user).has_any(Action.SELF_ASSESS):
        return []
    by_pk = {p.pk: p for p in periods}
    mine = list(
        Assessment.objects.for_user(user, Action.SELF_ASSESS)
        .filter(period__in=periods, status__in=queue.NOT_SENT)
        .select_related("unit")
        .only("pk", "status", "period_id", "unit__name")
    )
    returned = queue.returned_on(mine)
    calendar = queue.calendar_for(returned)
    found = []
    for assessment in mine:
        period = by_pk[assessment.period_id]
        due = queue.deadline(period, assessment.status, today, returned.get(assessment.pk), calendar)
        if due is None:
            continue
        title = (
            _("%(unit)s: hạn gửi lại hồ sơ đã bổ sung") if due.supplement else _("%(unit)s: hạn gửi hồ sơ")
        ) % {"unit": assessment.unit.name}
        detail = Status(assessment.status).label
        event = _event(
            due.due, "dossier", title, detail, reverse("assessments:assessment_detail", args=[assessment.pk])
        )
        if due.nominal is not None:
            event["nominal"] = due.nominal
            event["note"] = procedure.moved_note(due.nominal)
        found.append(event)
    return found


def _event(day: date, kind: str, title: str, detail: StrOrPromise, url: str) -> dict[str, Any]:
    return {
        "day": day,
        "kind": kind,
        "title": title,
        "detail": detail,
        "url": url,
        "nominal": None,
        "note": "",
    }
