"""The unit import against the real package data (vietnam-provinces, vietnamadminunits)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tiepcan.units.choices import UnitKind, UnitLevel
from tiepcan.units.importing import import_units
from tiepcan.units.models import Unit, UnitSuccession

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported() -> None:
    import_units(legacy_provinces=[20])


def test_it_imports_34_provinces_and_3321_communes(imported: None) -> None:
    current = Unit.objects.filter(valid_to__isnull=True)
    assert current.filter(level=UnitLevel.PROVINCE).count() == 34
    assert current.filter(level=UnitLevel.COMMUNE).count() == 3321
    assert current.filter(kind=UnitKind.COMMUNE).count() == 2621
    assert current.filter(kind=UnitKind.WARD).count() == 687
    assert current.filter(kind=UnitKind.SPECIAL_ZONE).count() == 13


def test_it_gives_lang_son_65_communes_after_and_11_districts_before(imported: None) -> None:
    lang_son = Unit.objects.get(level=UnitLevel.PROVINCE, code="20", valid_to__isnull=True)
    assert lang_son.name == "Tỉnh Lạng Sơn"
    assert Unit.objects.filter(parent=lang_son, level=UnitLevel.COMMUNE).count() == 65
    districts = Unit.objects.filter(parent=lang_son, level=UnitLevel.DISTRICT)
    assert districts.count() == 11
    assert districts.filter(kind=UnitKind.RURAL_DISTRICT).count() == 10
    assert districts.get(kind=UnitKind.PROVINCIAL_CITY).name == "Thành phố Lạng Sơn"
    assert all(d.valid_to and d.valid_to.isoformat() == "2025-06-30" for d in districts)


def test_it_links_merged_communes_to_their_successor(imported: None) -> None:
    ky_lua = Unit.objects.get(code="06187", valid_to__isnull=True)
    predecessors = {u.name for u in ky_lua.predecessors.all()}
    # Phường Kỳ Lừa (2025) was formed from Hoàng Văn Thụ ward of Lạng Sơn city and units of Cao Lộc.
    assert "Phường Hoàng Văn Thụ" in predecessors
    assert len(predecessors) == 5
    old = Unit.objects.get(code="05971", valid_to__isnull=False)
    assert old.parent is not None and old.parent.name == "Thành phố Lạng Sơn"
    assert list(old.successors.values_list("code", flat=True)) == ["06187"]


def test_it_keeps_one_row_for_a_province_that_did_not_merge(imported: None) -> None:
    assert Unit.objects.filter(level=UnitLevel.PROVINCE, code="20").count() == 1


def test_it_nests_paths_so_subtrees_are_prefix_queries(imported: None) -> None:
    lang_son = Unit.objects.get(level=UnitLevel.PROVINCE, code="20", valid_to__isnull=True)
    subtree = Unit.objects.filter(path__startswith=lang_son.path)
    assert subtree.filter(level=UnitLevel.COMMUNE, valid_to__isnull=True).count() == 65
    assert subtree.filter(level=UnitLevel.COMMUNE, valid_to__isnull=False).count() == 194
    assert not Unit.objects.exclude(path__startswith="/").exists()


def test_it_changes_nothing_when_run_twice(imported: None) -> None:
    before = (Unit.objects.count(), UnitSuccession.objects.count())
    report = import_units(legacy_provinces=[20])
    assert (report.created, report.updated, report.successions_created) == (0, 0, 0)
    assert (Unit.objects.count(), UnitSuccession.objects.count()) == before


def test_it_restores_a_name_edited_by_hand(imported: None) -> None:
    unit = Unit.objects.get(code="06187", valid_to__isnull=True)
    Unit.objects.filter(pk=unit.pk).update(name="Phường Sai Tên")
    report = import_units(legacy_provinces=[20])
    assert report.updated == 1
    assert Unit.objects.get(pk=unit.pk).name == "Phường Kỳ Lừa"


def test_it_cleans_names_from_the_source_data(imported: None) -> None:
    # The source spells "xã Bắc Sơn" with a small letter.
    assert Unit.objects.get(code="06325", valid_to__isnull=True).name == "Xã Bắc Sơn"


def test_it_stores_coordinates_of_new_communes(imported: None) -> None:
    ky_lua = Unit.objects.get(code="06187", valid_to__isnull=True)
    assert ky_lua.latitude is not None and 21 < ky_lua.latitude < 23


def test_the_command_prints_totals(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("import_units", legacy="20")
    out = capsys.readouterr().out
    assert "provinces 34" in out and "communes 3321" in out
