"""The units and agencies lists read their filters through FilterSets: a bad value is named, never a 500."""

from __future__ import annotations

import pytest

from tiepcan.accounts.choices import Role
from tiepcan.core.tests.markup import squash
from tiepcan.testing import World

pytestmark = pytest.mark.django_db


def test_the_units_list_filters_by_era_kind_level_and_name(world: World, login) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    current = squash(client.get("/don-vi/").content)
    assert "Xã Đồng Tâm" in current and "Huyện Đồi Núi" not in current
    legacy = squash(client.get("/don-vi/", {"thoi_ky": "truoc-2025", "cap": "2"}).content)
    assert "Huyện Đồi Núi" in legacy and "Xã Ăn Uống" not in legacy
    assert "Xã Ăn Uống" in squash(client.get("/don-vi/", {"thoi_ky": "truoc-2025", "q": "an uong"}).content)


@pytest.mark.parametrize(
    ("name", "value", "label"),
    [("cap", "²", "Cấp"), ("loai", "tinh-lon", "Loại"), ("thoi_ky", "1975", "Thời kỳ")],
)
def test_a_bad_filter_value_is_named_and_ignored(
    world: World, login, name: str, value: str, label: str
) -> None:
    response = login(world.users[Role.PROVINCE_ADMIN]).get("/don-vi/", {name: value})
    assert response.status_code == 200
    html = squash(response.content)
    assert f"Bộ lọc “{label}” có giá trị không hợp lệ nên đã được bỏ qua." in html
    assert "Xã Đồng Tâm" in html  # the map in force, unfiltered


def test_the_agencies_list_searches_without_diacritics(world: World, login) -> None:
    client = login(world.users[Role.PROVINCE_ADMIN])
    html = squash(client.get("/co-quan/", {"q": "so tu phap"}).content)
    assert "Sở Tư pháp tỉnh Thử Nghiệm" in html and "Ủy ban nhân dân xã Đồng Tâm" not in html
