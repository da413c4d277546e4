"""Agencies of the demo province, named after the seed plan (Lạng Sơn, 2017).

Codes match the plan file's agency codes (``tiepcan/plans/seed``): province
bodies carry their own code; district and commune bodies share a code per kind
(``ubnd-huyen``, ``phong-tu-phap``, ``ubnd-xa``) so a plan's group reference
such as "UBND cấp huyện" expands to all of them.
"""

from __future__ import annotations

from tiepcan.lib.text import in_sentence
from tiepcan.units.choices import AgencyKind, UnitLevel
from tiepcan.units.models import Agency, Unit

PROVINCE_AGENCIES: list[tuple[str, str, str, str]] = [
    ("ubnd-tinh", "Ủy ban nhân dân tỉnh {p}", "UBND tỉnh", AgencyKind.PEOPLES_COMMITTEE),
    ("so-tu-phap", "Sở Tư pháp tỉnh {p}", "Sở Tư pháp", AgencyKind.JUSTICE_DEPARTMENT),
    ("so-tai-chinh", "Sở Tài chính tỉnh {p}", "Sở Tài chính", AgencyKind.FINANCE_DEPARTMENT),
    ("so-tt-tt", "Sở Thông tin và Truyền thông tỉnh {p}", "Sở TT&TT", AgencyKind.DEPARTMENT),
    ("bao-lang-son", "Báo {p}", "Báo {p}", AgencyKind.MEDIA),
    ("dai-ptth", "Đài Phát thanh - Truyền hình tỉnh {p}", "Đài PT-TH tỉnh", AgencyKind.MEDIA),
    ("bcd-ntm", "Ban Chỉ đạo xây dựng nông thôn mới tỉnh {p}", "BCĐ NTM tỉnh", AgencyKind.STEERING_COMMITTEE),
    (
        "hoi-dong-tinh",
        "Hội đồng đánh giá tiếp cận pháp luật tỉnh {p}",
        "Hội đồng tỉnh",
        AgencyKind.COUNCIL,
    ),
]
CENTRAL_AGENCIES: list[tuple[str, str, str, str]] = [
    ("bo-tu-phap", "Bộ Tư pháp", "Bộ Tư pháp", AgencyKind.MINISTRY)
]


def ensure_agency(unit: Unit | None, code: str, name: str, short: str, kind: str) -> tuple[Agency, bool]:
    agency = Agency.objects.filter(unit=unit, code=code).first()
    if agency is None:
        agency = Agency(unit=unit, code=code)
        created = True
    else:
        created = False
    if created or (agency.name, agency.short_name, agency.kind) != (name, short, kind):
        agency.name, agency.short_name, agency.kind = name, short, kind
        agency.save()
    return agency, created


def load(province: Unit) -> int:
    """Create the province's agencies; returns how many were created."""
    created = 0
    short = province.short_name or province.name
    for code, name, short_name, kind in CENTRAL_AGENCIES:
        created += ensure_agency(None, code, name, short_name, kind)[1]
    for code, name, short_name, kind in PROVINCE_AGENCIES:
        created += ensure_agency(province, code, name.format(p=short), short_name.format(p=short), kind)[1]
    subtree = Unit.objects.filter(path__startswith=province.path).exclude(pk=province.pk)
    for unit in subtree.filter(level=UnitLevel.DISTRICT):
        created += ensure_agency(
            unit,
            "ubnd-huyen",
            f"Ủy ban nhân dân {in_sentence(unit.name)}",
            f"UBND {unit.short_name}",
            AgencyKind.PEOPLES_COMMITTEE,
        )[1]
        created += ensure_agency(
            unit,
            "phong-tu-phap",
            f"Phòng Tư pháp {in_sentence(unit.name)}",
            f"Phòng Tư pháp {unit.short_name}",
            AgencyKind.JUSTICE_OFFICE,
        )[1]
        created += ensure_agency(
            unit,
            "hoi-dong-huyen",
            f"Hội đồng đánh giá tiếp cận pháp luật {in_sentence(unit.name)}",
            f"Hội đồng {unit.short_name}",
            AgencyKind.COUNCIL,
        )[1]
    for unit in subtree.filter(level=UnitLevel.COMMUNE):
        created += ensure_agency(
            unit,
            "ubnd-xa",
            f"Ủy ban nhân dân {in_sentence(unit.name)}",
            f"UBND {unit.short_name}",
            AgencyKind.PEOPLES_COMMITTEE,
        )[1]
    return created
