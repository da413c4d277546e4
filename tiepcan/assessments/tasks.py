"""Background tasks of the assessment cycle: telling people about a step, rendering documents.

Each task is idempotent. A rendered document is stored under a key made of the decision (or
dossier round) and a hash of its wording and layout version, so rendering the same version again
stores nothing, and a downloaded file never waits for a renderer.
"""

from __future__ import annotations

import hashlib
import logging
from decimal import Decimal
from typing import Any

from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tiepcan.accounts.choices import Role
from tiepcan.accounts.models import RoleAssignment
from tiepcan.assessments.dossier import dossier_zip
from tiepcan.assessments.models import Assessment, DossierSnapshot, RecognitionDecision
from tiepcan.assessments.notifications import notify_transition
from tiepcan.assessments.scoring import rescore
from tiepcan.core.notifications import notify
from tiepcan.jobs import artifacts
from tiepcan.jobs.progress import report_progress
from tiepcan.paperwork import services
from tiepcan.paperwork import tasks as paperwork
from tiepcan.paperwork.models import FormTemplate
from tiepcan.reports.models import ResultsVersion

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@task
def notify_step(assessment_id: int, to: str, actor_id: int, reason: str) -> int:
    """Tell the people concerned about a step (deduplicated per step: safe to run twice)."""
    return notify_transition(assessment_id, to, actor_id, reason)


def decision_key(decision: Any, fmt: str) -> str:
    """The stored file of Mẫu 08: its key covers the decision's data, the template in force and the format."""
    return paperwork.key_of("08", "decision", [decision.pk], fmt)[0]


def decision_stamp(province_id: int) -> str:
    """What can change a decision's text without passing through the decisions page, read cheaply.

    The province's results counter (``reports.ResultsVersion``, bumped in the transaction of every
    step, decision and revocation: another commune's step changes the "not meeting" list) and
    the province's active layout of Mẫu 08. Two one-row queries.
    """
    results = ResultsVersion.objects.filter(province_id=province_id).values_list("version", flat=True).first()
    layout = (
        FormTemplate.objects.filter(province_id=province_id, code="08", is_active=True)
        .values_list("pk", flat=True)
        .first()
    )
    return f"r{results or 0}-l{layout or 0}"


def decision_alias(decision: Any, fmt: str, stamp: str | None = None) -> str:
    """What names a decision's file in the cache of current versions (``artifacts.serve_current``).

    It carries the render version and the built-in layout's hash (a deployment that changes how
    the form is drawn is never served a file remembered before it), the decision's own fields,
    and ``decision_stamp`` of its province: any change of the data or the layout names a new
    entry, so a download never serves a file older than the data it shows.
    """
    stamp = stamp if stamp is not None else decision_stamp(decision.period.province_id)
    own = hashlib.sha256(
        repr(
            (
                decision.number,
                decision.signed_on,
                decision.issuer_name,
                decision.place,
                decision.signer_name,
                decision.signer_title,
                decision.published_on,
            )
        ).encode()
    ).hexdigest()[:12]
    built_in = services.builtin_digest("08")[:16]
    return f"decision-{decision.pk}-{fmt}-{services.RENDER_VERSION}-{built_in}-{stamp}-{own}"


def decision_keys(decision: Any) -> dict[str, str]:
    """Both formats' keys from one reading of the decision's data (the decisions page lists many)."""
    found = paperwork.subject("08", "decision", [decision.pk])
    layout = services.layout("08", found.province)
    return {fmt: found.key(fmt, layout) for fmt in FORMATS}


@task(queue_name="documents")
def render_decision(decision_id: int, fmt: str) -> str:
    """Render a decision's PDF or .docx (Mẫu 08) once per version and store it; returns the stored key."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    key = paperwork.render_form.call("08", "decision", [decision_id], fmt)
    decision = RecognitionDecision.objects.select_related("period").get(pk=decision_id)
    artifacts.remember_current(decision_alias(decision, fmt), key)
    return key


def dossier_key(snapshot: Any) -> str:
    """A round's dossier is frozen when it is sent: one file per snapshot (and per ZIP layout)."""
    return f"dossier-{snapshot.pk}-v2"  # v2: with the round's forms (Mẫu 01–04)


@task(queue_name="documents")
def build_dossier_zip(snapshot_id: int) -> str:
    """The ZIP of one round's dossier (score sheet, evidence files, comment summary), stored once."""
    snapshot = DossierSnapshot.objects.select_related(
        "assessment__unit", "assessment__period__framework", "submitted_by"
    ).get(pk=snapshot_id)
    key = dossier_key(snapshot)
    if artifacts.find(key) is None:
        content = dossier_zip(snapshot, progress=report_progress)
        name = f"ho-so-{snapshot.assessment.unit.code}-{snapshot.assessment.period.year}-lan-{snapshot.round}.zip"
        artifacts.store(key, content, "application/zip", name)
    return key


@task
def check_derived_data() -> dict[str, Any]:
    """Nightly: score every assessment again and compare with the stored score; report mismatches.

    Stored totals feed lists, dashboards and decisions. A difference means a value changed
    without a rescore (a bug, or a hand edit in the database): it is reported to the system
    administrators, never silently corrected, because a stored score may already be on a
    sent dossier.
    """

    rows = Assessment.objects.select_related("period__framework", "unit").order_by("pk")
    total = rows.count()
    mismatches: list[dict[str, Any]] = []
    for done, assessment in enumerate(rows.iterator(chunk_size=200), 1):
        stored_total, stored_recognisable = assessment.total, assessment.recognisable
        rescore(assessment)  # in memory only: nothing is saved
        computed = assessment.total
        same_total = (stored_total is None and computed is None) or (
            stored_total is not None
            and computed is not None
            and Decimal(stored_total).quantize(Decimal("0.01")) == Decimal(computed).quantize(Decimal("0.01"))
        )
        if not same_total or stored_recognisable != assessment.recognisable:
            mismatches.append(
                {
                    "id": assessment.pk,
                    "unit": assessment.unit.name,
                    "year": assessment.period.year,
                    "stored": str(stored_total),
                    "computed": str(computed),
                }
            )
        if done % 50 == 0 or done == total:
            report_progress(done, total)
    if mismatches:
        logging.getLogger("tiepcan.jobs").error(
            "derived data check: %s mismatch(es) %s", len(mismatches), mismatches[:20]
        )
        admins = [
            a.user
            for a in RoleAssignment.objects.active().filter(role=Role.SYSTEM_ADMIN).select_related("user")
        ]
        notify(
            admins,
            _("Kiểm tra dữ liệu: %(n)s hồ sơ có điểm lưu khác điểm tính lại") % {"n": len(mismatches)},
            "\n".join(
                _("%(unit)s (%(year)s): điểm lưu %(stored)s, tính lại %(computed)s") % m
                for m in mismatches[:50]
            ),
            reverse("jobs:job_list"),
            dedupe_key=f"derived-check-{timezone.localdate():%Y%m%d}",
        )
    return {"checked": total, "mismatches": mismatches[:200]}
