"""Import of the official unit lists from the PyPI data packages.

Sources (see docs/units.md):
- ``vietnam-provinces``: the 34 provinces and 3,321 communes in force since
  1/7/2025 with their official codes, the 63-province list with districts and
  communes as of 30/6/2025 (``legacy``), and the old → new conversion table;
- ``vietnamadminunits``: coordinates and areas of the new communes.

The import is idempotent: rows are matched on (level, code, era) and only
changed fields are written, so a second run reports nothing created or updated.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any

from django.db import transaction

from tiepcan.core import audit
from tiepcan.core.choices import AuditAction
from tiepcan.lib.text import fold, nfc, sort_key_str
from tiepcan.units.choices import KIND_LEVEL, UnitKind, UnitLevel
from tiepcan.units.models import Unit, UnitSuccession
from tiepcan.units.signals import province_of, units_changed

NEW_ERA_START = date(2025, 7, 1)
OLD_ERA_END = date(2025, 6, 30)

_NEW_KINDS = {
    "tỉnh": UnitKind.PROVINCE,
    "thành phố trung ương": UnitKind.CENTRAL_CITY,
    "xã": UnitKind.COMMUNE,
    "phường": UnitKind.WARD,
    "đặc khu": UnitKind.SPECIAL_ZONE,
}
_LEGACY_KINDS = {
    **_NEW_KINDS,
    "huyện": UnitKind.RURAL_DISTRICT,
    "quận": UnitKind.URBAN_DISTRICT,
    "thị xã": UnitKind.TOWN,
    "thành phố": UnitKind.PROVINCIAL_CITY,
    "thị trấn": UnitKind.TOWNSHIP,
}
_PREFIXES = sorted(
    ["Thành phố", "Tỉnh", "Huyện", "Quận", "Thị xã", "Xã", "Phường", "Thị trấn", "Đặc khu"],
    key=len,
    reverse=True,
)


def clean_name(name: str) -> str:
    """NFC, single spaces and a capital first letter ("xã Bắc Sơn" occurs in the source data)."""
    name = nfc(name)
    return name[:1].upper() + name[1:]


def short_name(name: str) -> str:
    for prefix in _PREFIXES:
        if name.startswith(prefix + " "):
            return name[len(prefix) + 1 :]
    return name


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    successions_created: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.successions_created)


@dataclass
class _Row:
    kind: str
    code: str
    name: str
    parent_key: tuple[int, str, str] | None
    valid_from: date | None
    valid_to: date | None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    area_km2: Decimal | None = None

    @property
    def key(self) -> tuple[int, str, str]:
        return _key(KIND_LEVEL[self.kind], self.code, self.valid_to)


def _key(level: int, code: str, valid_to: date | None) -> tuple[int, str, str]:
    return (level, code, "current" if valid_to is None else valid_to.isoformat())


def _coordinates() -> dict[str, tuple[Decimal | None, Decimal | None, Decimal | None]]:
    """Coordinates and area of the new communes, read from vietnamadminunits' own data file."""
    path = resources.files("vietnamadminunits") / "data" / "dataset.db"
    with resources.as_file(path) as db_path, sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT wardCode, wardLat, wardLon, wardAreaKm2 FROM admin_units").fetchall()

    def dec(value: Any, places: str) -> Decimal | None:
        return None if value in (None, "") else Decimal(str(value)).quantize(Decimal(places))

    return {
        str(code).zfill(5): (dec(lat, "0.000001"), dec(lon, "0.000001"), dec(area, "0.01") or None)
        for code, lat, lon, area in rows
    }


def _current_rows() -> list[_Row]:
    # lazy: vietnam_provinces (the whole map, ~0.35 s of CPU) loads only when units are imported
    from vietnam_provinces import Province, Ward

    rows: list[_Row] = []
    unchanged = _unchanged_provinces()
    for province in Province.iter_all():
        code = f"{province.code.value:02d}"
        rows.append(
            _Row(
                kind=_NEW_KINDS[province.division_type.value],
                code=code,
                name=clean_name(province.name),
                parent_key=None,
                valid_from=None if province.code.value in unchanged else NEW_ERA_START,
                valid_to=None,
            )
        )
    coords = _coordinates()
    for ward in Ward.iter_all():
        code = f"{ward.code.value:05d}"
        lat, lon, area = coords.get(code, (None, None, None))
        rows.append(
            _Row(
                kind=_NEW_KINDS[ward.division_type.value],
                code=code,
                name=clean_name(ward.name),
                parent_key=_key(UnitLevel.PROVINCE, f"{ward.province_code.value:02d}", None),
                valid_from=NEW_ERA_START,
                valid_to=None,
                latitude=lat,
                longitude=lon,
                area_km2=area,
            )
        )
    return rows


def _unchanged_provinces() -> set[int]:
    """New provinces that are the same body as one old province (same code, no merger)."""
    # lazy: vietnam_provinces (the whole map, ~0.35 s of CPU) loads only when units are imported
    from vietnam_provinces._province_conversion_2025 import NEW_TO_OLD

    return {
        new_code
        for new_code, entry in NEW_TO_OLD.items()
        if len(entry.old_provinces) == 1 and entry.old_provinces[0].code == new_code
    }


def _legacy_rows(province_codes: Iterable[int]) -> list[_Row]:
    # lazy: vietnam_provinces (the whole map, ~0.35 s of CPU) loads only when units are imported
    from vietnam_provinces.legacy import District, Province, Ward
    from vietnam_provinces.legacy.codes import ProvinceCode

    unchanged = _unchanged_provinces()
    rows: list[_Row] = []
    for code in sorted(set(province_codes)):
        province = Province.from_code(ProvinceCode(code))
        if code in unchanged:
            province_key = _key(UnitLevel.PROVINCE, f"{code:02d}", None)
        else:
            rows.append(
                _Row(
                    kind=_LEGACY_KINDS[province.division_type.value],
                    code=f"{code:02d}",
                    name=clean_name(province.name),
                    parent_key=None,
                    valid_from=None,
                    valid_to=OLD_ERA_END,
                )
            )
            province_key = rows[-1].key
        for district in District.iter_by_province(ProvinceCode(code)):
            rows.append(
                _Row(
                    kind=_LEGACY_KINDS[district.division_type.value],
                    code=f"{district.code.value:03d}",
                    name=clean_name(district.name),
                    parent_key=province_key,
                    valid_from=None,
                    valid_to=OLD_ERA_END,
                )
            )
            district_key = rows[-1].key
            for ward in Ward.iter_by_district(district.code):
                rows.append(
                    _Row(
                        kind=_LEGACY_KINDS[ward.division_type.value],
                        code=f"{ward.code.value:05d}",
                        name=clean_name(ward.name),
                        parent_key=district_key,
                        valid_from=None,
                        valid_to=OLD_ERA_END,
                    )
                )
    return rows


def all_legacy_province_codes() -> list[int]:
    # lazy: vietnam_provinces (the whole map, ~0.35 s of CPU) loads only when units are imported
    from vietnam_provinces.legacy import Province

    return [p.code.value for p in Province.iter_all()]


_FIELDS = ("kind", "name", "valid_from", "latitude", "longitude", "area_km2")


def _upsert(rows: list[_Row], report: ImportReport) -> dict[tuple[int, str, str], Unit]:
    existing = {_key(u.level, u.code, u.valid_to): u for u in Unit.objects.all()}
    to_create: list[Unit] = []
    to_update: list[Unit] = []
    for row in rows:
        unit = existing.get(row.key)
        if unit is None:
            unit = Unit(code=row.code, valid_to=row.valid_to, level=KIND_LEVEL[row.kind])
            for name in _FIELDS:
                setattr(unit, name, getattr(row, name))
            unit.short_name = short_name(row.name)
            unit.refresh_name_keys()
            to_create.append(unit)
            existing[row.key] = unit
            continue
        changed = False
        for name in _FIELDS:
            if getattr(row, name) is not None and getattr(unit, name) != getattr(row, name):
                setattr(unit, name, getattr(row, name))
                changed = True
        if changed:
            unit.level = KIND_LEVEL[unit.kind]
            unit.short_name = short_name(unit.name)
            unit.refresh_name_keys()
            to_update.append(unit)
        else:
            report.unchanged += 1
    Unit.objects.bulk_create(to_create, batch_size=1000)
    report.created += len(to_create)
    if to_update:
        Unit.objects.bulk_update(
            to_update, [*_FIELDS, "level", "short_name", "name_sort", "name_search"], batch_size=1000
        )
        report.updated += len(to_update)
        units_changed.send(
            sender=Unit, province_ids={p for u in to_update if (p := province_of(u)) is not None}
        )

    # Parents and paths in a second pass: bulk_create gave every new row its id.
    if any(u.pk is None for u in to_create):  # pragma: no cover - old SQLite without RETURNING
        existing = {_key(u.level, u.code, u.valid_to): u for u in Unit.objects.all()}
    parent_changed: list[Unit] = []
    for row in rows:
        unit = existing[row.key]
        parent = existing[row.parent_key] if row.parent_key else None
        parent_id = parent.pk if parent else None
        if unit.parent_id != parent_id:
            unit.parent_id = parent_id
            parent_changed.append(unit)
    by_id = {u.pk: u for u in existing.values()}
    path_changed: list[Unit] = []

    def path_of(unit: Unit) -> str:
        parent = by_id.get(unit.parent_id) if unit.parent_id else None
        return f"{path_of(parent) if parent else '/'}{unit.pk}/"

    for unit in existing.values():
        path = path_of(unit)
        if unit.path != path:
            unit.path = path
            path_changed.append(unit)
    moved = {u.pk: u for u in [*parent_changed, *path_changed]}
    if moved:
        Unit.objects.bulk_update(list(moved.values()), ["parent", "path"], batch_size=1000)
        report.updated += len({u.pk for u in parent_changed} - {u.pk for u in to_create})
    return existing


def _successions(
    units: dict[tuple[int, str, str], Unit], province_codes: set[int], report: ImportReport
) -> None:
    # lazy: vietnam_provinces (the whole map, ~0.35 s of CPU) loads only when units are imported
    from vietnam_provinces._province_conversion_2025 import NEW_TO_OLD as PROVINCES_NEW_TO_OLD
    from vietnam_provinces._ward_conversion_2025 import NEW_TO_OLD as WARDS_NEW_TO_OLD

    have = set(UnitSuccession.objects.values_list("predecessor_id", "successor_id"))
    new: list[UnitSuccession] = []

    def link(old: Unit | None, new_unit: Unit | None, partial: bool) -> None:
        if old is None or new_unit is None or old.pk == new_unit.pk or (old.pk, new_unit.pk) in have:
            return
        have.add((old.pk, new_unit.pk))
        new.append(
            UnitSuccession(predecessor=old, successor=new_unit, partial=partial, effective_on=NEW_ERA_START)
        )

    for new_code, entry in PROVINCES_NEW_TO_OLD.items():
        new_province = units.get(_key(UnitLevel.PROVINCE, f"{new_code:02d}", None))
        for old in entry.old_provinces:
            if old.code in province_codes:
                link(units.get(_key(UnitLevel.PROVINCE, f"{old.code:02d}", OLD_ERA_END)), new_province, False)
    for new_code, ward_entry in WARDS_NEW_TO_OLD.items():
        new_unit = units.get(_key(UnitLevel.COMMUNE, f"{new_code:05d}", None))
        for old_ward in ward_entry.old_wards:
            if old_ward.province_code in province_codes:
                old_unit = units.get(_key(UnitLevel.COMMUNE, f"{old_ward.code:05d}", OLD_ERA_END))
                link(old_unit, new_unit, old_ward.is_partly_merged)
    UnitSuccession.objects.bulk_create(new, batch_size=1000)
    report.successions_created += len(new)


@transaction.atomic
def import_units(legacy_provinces: Iterable[int] = ()) -> ImportReport:
    """Import the current map and the pre-2025 map of the given provinces."""
    report = ImportReport()
    legacy_codes = set(legacy_provinces)
    rows = _current_rows() + _legacy_rows(legacy_codes)
    units = _upsert(rows, report)
    _successions(units, legacy_codes, report)
    current = Unit.objects.filter(valid_to__isnull=True)
    report.counts = {
        "provinces": current.filter(level=UnitLevel.PROVINCE).count(),
        "communes": current.filter(level=UnitLevel.COMMUNE).count(),
        "legacy_units": Unit.objects.filter(valid_to__isnull=False).count(),
        "successions": UnitSuccession.objects.count(),
    }
    if report.changed:
        audit.write(
            None,
            AuditAction.IMPORT,
            after={
                "created": report.created,
                "updated": report.updated,
                "successions_created": report.successions_created,
                "legacy_provinces": sorted(legacy_codes),
            },
            object_repr="Danh mục đơn vị hành chính",
        )
    return report


__all__ = ["ImportReport", "all_legacy_province_codes", "fold", "import_units", "short_name", "sort_key_str"]
