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
from tiepcan.frameworks.authority import authority_of
from tiepcan.frameworks.choices import Level
from tiepcan.units.choices import UnitLevel

COMMUNE: list[str] = [Role.COMMUNE_OFFICER, Role.COMMUNE_CHAIRMAN]
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


UNIT_LEVEL = {Level.PROVINCE: UnitLevel.PROVINCE, Level.DISTRICT: UnitLevel.DISTRICT}


def people_covering(
    assessment: Assessment, roles: list[str], levels: dict[str, Level] | None = None
) -> list[Any]:
    """Active holders of ``roles`` at the commune or at any unit above it.

    ``levels`` narrows a role to the level the framework gives it (the district justice office and
    chairman under QĐ 25/2021, the province under QĐ 27/2025 as read). Where nobody holds the role
    at that level above this commune (a commune formed in 2025 has no district), everyone holding
    it above the commune is told, so that no step goes unheard.
    """
    ancestor_ids = assessment.unit.ancestor_ids()
    rows = list(
        RoleAssignment.objects.active()
        .filter(role__in=roles, unit_id__in=ancestor_ids)
        .select_related("user", "unit")
    )
    chosen = []
    for role in roles:
        holders = [row for row in rows if row.role == role]
        level = (levels or {}).get(role)
        wanted = UNIT_LEVEL.get(level) if level is not None else None
        at_level = [row for row in holders if wanted is not None and row.unit.level == wanted]
        chosen += at_level or holders
    return [row.user for row in chosen]


def notify_transition(assessment_id: int, to: str, actor_id: int, reason: str) -> int:
    assessment = Assessment.objects.select_related("unit", "period__framework").get(pk=assessment_id)
    authority = authority_of(assessment.period.framework.definition)
    levels: dict[str, Level] = {
        Role.REVIEWER: authority.review_level,
        Role.RECOGNISING_AUTHORITY: authority.recognition_level,
    }
    people = people_covering(assessment, AUDIENCE.get(to, []), levels)
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
        # One group per step and period: "12 xã, phường – Đã gửi hồ sơ · Đánh giá năm 2026".
        group_key=f"assessment:{to}:period-{assessment.period_id}",
        group_label=_("xã, phường – %(step)s · %(period)s")
        % {"step": Status(to).label, "period": assessment.period.title},
    )
