"""Background tasks of the assessment cycle: telling people about a step, rendering documents.

Each task is idempotent. A rendered document is stored under a key made of the decision (or
dossier round) and a hash of its wording and layout version, so rendering the same version again
stores nothing, and a downloaded file never waits for a renderer.
"""

from __future__ import annotations

from typing import Any

from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext as _

from tiepcan.jobs import artifacts
from tiepcan.jobs.progress import report_progress

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@task
def notify_step(assessment_id: int, to: str, actor_id: int, reason: str) -> int:
    """Tell the people concerned about a step (deduplicated per step: safe to run twice)."""
    from tiepcan.assessments.notifications import notify_transition

    return notify_transition(assessment_id, to, actor_id, reason)


def decision_key(decision: Any, fmt: str) -> str:
    """The stored file of Mẫu 08: its key covers the decision's data, the template in force and the format."""
    from tiepcan.paperwork import tasks as paperwork

    return paperwork.key_of("08", "decision", [decision.pk], fmt)[0]


def decision_alias(decision_id: int, fmt: str) -> str:
    """What names a decision's file in the cache of current versions (``artifacts.serve_current``).

    It carries the render version and the built-in layout's hash, so a deployment that changes how
    the form is drawn is never served a file remembered before it.
    """
    from tiepcan.paperwork import services

    return f"decision-{decision_id}-{fmt}-{services.RENDER_VERSION}-{services.builtin_digest('08')[:16]}"


def decision_keys(decision: Any) -> dict[str, str]:
    """Both formats' keys from one reading of the decision's data (the decisions page lists many)."""
    from tiepcan.paperwork import services
    from tiepcan.paperwork import tasks as paperwork

    found = paperwork.subject("08", "decision", [decision.pk])
    layout = services.layout("08", found.province)
    return {fmt: found.key(fmt, layout) for fmt in FORMATS}


@task(queue_name="documents")
def render_decision(decision_id: int, fmt: str) -> str:
    """Render a decision's PDF or .docx (Mẫu 08) once per version and store it; returns the stored key."""
    from tiepcan.paperwork import tasks as paperwork

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    key = paperwork.render_form.call("08", "decision", [decision_id], fmt)
    artifacts.remember_current(decision_alias(decision_id, fmt), key)
    return key


def dossier_key(snapshot: Any) -> str:
    """A round's dossier is frozen when it is sent: one file per snapshot (and per ZIP layout)."""
    return f"dossier-{snapshot.pk}-v2"  # v2: with the round's forms (Mẫu 01–04)


@task(queue_name="documents")
def build_dossier_zip(snapshot_id: int) -> str:
    """The ZIP of one round's dossier (score sheet, evidence files, comment summary), stored once."""
    from tiepcan.assessments.dossier import dossier_zip
    from tiepcan.assessments.models import DossierSnapshot

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
    from decimal import Decimal

    from tiepcan.accounts.choices import Role
    from tiepcan.accounts.models import RoleAssignment
    from tiepcan.assessments.models import Assessment
    from tiepcan.assessments.services import _rescore
    from tiepcan.core.notifications import notify

    rows = Assessment.objects.select_related("period__framework", "unit").order_by("pk")
    total = rows.count()
    mismatches: list[dict[str, Any]] = []
    for done, assessment in enumerate(rows.iterator(chunk_size=200), 1):
        stored_total, stored_recognisable = assessment.total, assessment.recognisable
        _rescore(assessment)  # in memory only: nothing is saved
        computed = assessment.total
        same_total = (stored_total is None and computed is None) or (
            stored_total is not None
            and computed is not None
            and Decimal(stored_total).quantize(Decimal("0.01")) == Decimal(computed).quantize(Decimal("0.01"))
        )
        if not same_total or stored_recognisable != assessment.recognisable:
            mismatches.append({"id": assessment.pk, "unit": assessment.unit.name, "year": assessment.period.year,
                               "stored": str(stored_total), "computed": str(computed)})  # fmt: skip
        if done % 50 == 0 or done == total:
            report_progress(done, total)
    if mismatches:
        import logging

        logging.getLogger("tiepcan.jobs").error(
            "derived data check: %s mismatch(es) %s", len(mismatches), mismatches[:20]
        )
        admins = [
            a.user
            for a in RoleAssignment.objects.active().filter(role=Role.SYSTEM_ADMIN).select_related("user")
        ]
        from django.utils import timezone

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
