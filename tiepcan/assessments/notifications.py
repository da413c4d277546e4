"""Who hears about each step of an assessment, in the application and by e-mail."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from tiepcan.accounts.choices import Role
from tiepcan.accounts.models import RoleAssignment
from tiepcan.assessments.choices import Status
from tiepcan.assessments.models import Assessment, CouncilMembership
from tiepcan.core.notifications import notify

COMMUNE = [Role.COMMUNE_OFFICER, Role.COMMUNE_CHAIRMAN]
AUDIENCE: dict[str, list[str]] = {
    Status.APPROVED: [Role.COMMUNE_OFFICER],
    Status.DRAFT: [Role.COMMUNE_OFFICER],
    Status.POSTED: COMMUNE,
    Status.SUBMITTED: [Role.REVIEWER],
    Status.RETURNED: COMMUNE,
    Status.RECOMMENDED: [Role.RECOGNISING_AUTHORITY],
    Status.NOT_RECOMMENDED: [Role.RECOGNISING_AUTHORITY, *COMMUNE],
    Status.RECOGNISED: COMMUNE,
    Status.NOT_RECOGNISED: COMMUNE,
    Status.REVOKED: COMMUNE,
}


def people_covering(assessment: Assessment, roles: list[str]) -> list[Any]:
    """Active holders of ``roles`` at the commune or at any unit above it."""
    ancestor_ids = [int(part) for part in assessment.unit.path.strip("/").split("/") if part]
    rows = (
        RoleAssignment.objects.active()
        .filter(role__in=roles, unit_id__in=ancestor_ids)
        .select_related("user")
    )
    return [row.user for row in rows]


def notify_transition(assessment_id: int, to: str, actor_id: int, reason: str) -> int:
    assessment = Assessment.objects.select_related("unit", "period").get(pk=assessment_id)
    people = people_covering(assessment, AUDIENCE.get(to, []))
    if to == Status.FORWARDED:
        people += [
            m.user for m in CouncilMembership.objects.filter(period=assessment.period).select_related("user")
        ]
    people = [p for p in people if p.pk != actor_id]
    title = _("%(unit)s – %(step)s (%(year)s)") % {
        "unit": assessment.unit.name,
        "step": Status(to).label,
        "year": assessment.period.year,
    }
    return notify(
        people,
        title,
        reason or "",
        reverse("assessments:assessment_detail", kwargs={"pk": assessment.pk}),
        dedupe_key=f"assessment-{assessment.pk}-{to}-{assessment.round}-{assessment.transitions.count()}",
    )
