"""Where each role may be held: the level of its unit, and whether it needs an agency."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tiepcan.accounts.choices import Role
from tiepcan.units.choices import UnitLevel

# Levels a role makes sense at. Reviewers, councils and recognising authorities
# sat at district level until 30/6/2025 and at province level since (QĐ 27/2025).
ROLE_LEVELS: dict[str, set[int]] = {
    Role.COMMUNE_OFFICER: {UnitLevel.COMMUNE},
    Role.COMMUNE_CHAIRMAN: {UnitLevel.COMMUNE},
    Role.REVIEWER: {UnitLevel.PROVINCE, UnitLevel.DISTRICT},
    Role.COUNCIL_MEMBER: {UnitLevel.PROVINCE, UnitLevel.DISTRICT},
    Role.COUNCIL_SECRETARY: {UnitLevel.PROVINCE, UnitLevel.DISTRICT},
    Role.RECOGNISING_AUTHORITY: {UnitLevel.PROVINCE, UnitLevel.DISTRICT},
    Role.AGENCY_FOCAL_POINT: {UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE},
    Role.FINANCE_OFFICER: {UnitLevel.PROVINCE, UnitLevel.DISTRICT},
    Role.PROVINCE_ADMIN: {UnitLevel.PROVINCE},
    Role.SYSTEM_ADMIN: {UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE},
    # Nation-wide: held without a unit (optionally for a central agency such as Bộ Tư pháp).
    Role.NATIONAL_VIEWER: set(),
}


def role_target_problems(role: str | None, unit: Any, agency: Any) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    if not role:
        return problems
    if role == Role.SYSTEM_ADMIN:
        return problems
    if role == Role.NATIONAL_VIEWER:
        if unit is not None:
            problems.append(
                ("unit", _("Vai trò theo dõi toàn quốc không gắn với đơn vị hành chính: để trống."))
            )
        if agency is not None and agency.unit_id is not None:
            problems.append(("agency", _("Chỉ chọn cơ quan trung ương (ví dụ Bộ Tư pháp) cho vai trò này.")))
        return problems
    if unit is None:
        problems.append(("unit", _("Vai trò này phải gắn với một đơn vị.")))
        return problems
    allowed = ROLE_LEVELS.get(role, set())
    if unit.level not in allowed:
        levels = ", ".join(str(UnitLevel(level).label) for level in sorted(allowed))
        problems.append(
            (
                "unit",
                _("Vai trò “%(role)s” chỉ gán ở: %(levels)s.") % {"role": Role(role).label, "levels": levels},
            )
        )
    if role == Role.AGENCY_FOCAL_POINT and agency is None:
        problems.append(("agency", _("Đầu mối phải gắn với một cơ quan, đơn vị.")))
    if (
        agency is not None
        and unit is not None
        and not unit.path.startswith(agency.unit.path)
        and not agency.unit.path.startswith(unit.path)
    ):
        problems.append(("agency", _("Cơ quan không thuộc đơn vị đã chọn.")))
    return problems
