"""The queue's filters are a FilterSet: the page and any export read the same scoped, filtered rows."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.assessments.filters import council_filter, queue_filter
from tiepcan.testing import World, build_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(world: World) -> World:
    build_period(world)
    return world


def _request(user, **params: str):
    request = RequestFactory().get("/", params)
    request.user = user
    return request


def test_the_queue_filter_gives_the_scoped_rows_the_page_shows(cycle: World) -> None:
    period = cycle.periods["own"]
    reviewer = cycle.users[Role.REVIEWER]
    everything = queue_filter(_request(reviewer), period).qs
    assert {a.unit.name for a in everything} == {"Xã Đồng Tâm", "Phường Âu Cơ"}
    wards = queue_filter(_request(reviewer, loai="phuong"), period).qs
    assert {a.unit.name for a in wards} == {"Phường Âu Cơ"}


def test_an_invalid_filter_is_ignored_with_a_vietnamese_message(cycle: World, login) -> None:
    url = reverse("assessments:period_detail", kwargs={"pk": cycle.periods["own"].pk})
    response = login(cycle.users[Role.REVIEWER]).get(
        url, {"trang_thai": "khong-co", "loai": "1e309", "tre_han": "2", "khu_vuc": "9" * 40}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert ">Xã Đồng Tâm</a>" in html and ">Phường Âu Cơ</a>" in html
    assert "có giá trị không hợp lệ nên đã được bỏ qua" in html


def test_a_council_member_starts_on_the_area_of_their_seat(cycle: World) -> None:
    period = cycle.periods["own"]
    district = cycle.units["D1"]
    reviewer = cycle.users[Role.REVIEWER]
    assert council_filter(_request(reviewer), period, default_area=district.pk).area == district
    # An empty choice in the query string means every area.
    assert council_filter(_request(reviewer, khu_vuc=""), period, default_area=district.pk).area is None
