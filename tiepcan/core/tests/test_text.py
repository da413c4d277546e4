"""Vietnamese order and diacritic-insensitive search, with real unit names."""

from __future__ import annotations

import unicodedata

import pytest

from tiepcan.lib.text import fold, nfc, sort_key_str, vi_sorted
from tiepcan.units.choices import UnitKind
from tiepcan.units.models import Unit

LANG_SON_DISTRICTS = [
    "Văn Quan",
    "Đình Lập",
    "Bắc Sơn",
    "Tràng Định",
    "Chi Lăng",
    "Lộc Bình",
    "Bình Gia",
    "Cao Lộc",
    "Hữu Lũng",
    "Văn Lãng",
    "Lạng Sơn",
]


def test_it_sorts_d_with_stroke_after_d_not_after_z() -> None:
    names = ["Zô", "Đình Lập", "Dân Chủ", "Yên Thủy", "Đồng Đăng", "Ea Kar"]
    assert vi_sorted(names) == ["Dân Chủ", "Đình Lập", "Đồng Đăng", "Ea Kar", "Yên Thủy", "Zô"]
    assert sorted(names)[-1] != "Zô"  # Python's own order is wrong, which is why vi_sorted exists


def test_it_orders_the_vowel_letters_a_a_breve_a_circumflex() -> None:
    assert vi_sorted(["Âu Cơ", "Ân Thi", "An Lão", "Ăn Uống", "Ba Vì"]) == [
        "An Lão",
        "Ăn Uống",
        "Ân Thi",
        "Âu Cơ",
        "Ba Vì",
    ]


def test_it_compares_tones_only_when_letters_are_equal() -> None:
    # No tone < huyền < hỏi < ngã < sắc < nặng, but "Lang" + more letters comes after every "Lang".
    assert vi_sorted(["Lạng", "Lang Chánh", "Láng", "Lãng", "Lảng", "Làng", "Lang"]) == [
        "Lang",
        "Làng",
        "Lảng",
        "Lãng",
        "Láng",
        "Lạng",
        "Lang Chánh",
    ]


def test_it_sorts_lang_son_districts_as_a_vietnamese_reader_expects() -> None:
    assert vi_sorted(LANG_SON_DISTRICTS) == [
        "Bắc Sơn",
        "Bình Gia",
        "Cao Lộc",
        "Chi Lăng",
        "Đình Lập",
        "Hữu Lũng",
        "Lạng Sơn",
        "Lộc Bình",
        "Tràng Định",
        "Văn Lãng",
        "Văn Quan",
    ]


def test_the_database_key_orders_like_the_python_key() -> None:
    assert sorted(LANG_SON_DISTRICTS, key=sort_key_str) == vi_sorted(LANG_SON_DISTRICTS)
    assert set(sort_key_str("Lạng Sơn")) <= set("0123456789")


def test_it_treats_nfd_and_nfc_alike() -> None:
    decomposed = unicodedata.normalize("NFD", "Lạng Sơn")
    assert decomposed != "Lạng Sơn"
    assert nfc(decomposed) == "Lạng Sơn"
    assert sort_key_str(decomposed) == sort_key_str("Lạng Sơn")
    assert fold(decomposed) == fold("Lạng Sơn") == "lang son"


def test_fold_removes_every_diacritic_including_d_with_stroke() -> None:
    assert fold("  ĐỒNG   Đăng ") == "dong dang"
    assert fold("Hữu Lũng") == "huu lung"


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["lang son", "LẠNG SƠN", unicodedata.normalize("NFD", "Lạng Sơn"), "lạng"])
def test_unit_search_ignores_diacritics_case_and_unicode_form(query: str) -> None:
    Unit.objects.create(kind=UnitKind.PROVINCE, code="20", name="Tỉnh Lạng Sơn")
    Unit.objects.create(kind=UnitKind.PROVINCE, code="19", name="Tỉnh Thái Nguyên")
    assert list(Unit.objects.search(query).values_list("name", flat=True)) == ["Tỉnh Lạng Sơn"]


@pytest.mark.django_db
def test_units_come_back_from_the_database_in_vietnamese_order() -> None:
    for i, name in enumerate(["Xã Đồng Đăng", "Xã Yên Trạch", "Xã Dân Chủ", "Xã Ái Quốc", "Xã An Sơn"]):
        Unit.objects.create(kind=UnitKind.COMMUNE, code=f"{i:05d}", name=name)
    names = list(Unit.objects.vi_ordered().values_list("name", flat=True))
    assert names == ["Xã Ái Quốc", "Xã An Sơn", "Xã Dân Chủ", "Xã Đồng Đăng", "Xã Yên Trạch"]
