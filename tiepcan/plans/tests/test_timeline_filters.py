"""The timeline and the calendar read the plan and the year through FilterSets."""

from __future__ import annotations

import pytest

from tiepcan.accounts.choices import Role
from tiepcan.core.tests.markup import squash
from tiepcan.testing import World, build_plan

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "query", "label"),
    [
        ("/tien-do/", {"nam": "1e309"}, "Năm"),
        ("/tien-do/", {"ke_hoach": "0x10"}, "Kế hoạch"),
        ("/lich-han/", {"nam": "²"}, "Năm"),
    ],
)
def test_a_bad_plan_or_year_is_named_and_the_default_shown(world: World, login, url, query, label) -> None:
    build_plan(world)
    response = login(world.users[Role.PROVINCE_ADMIN]).get(url, query)
    assert response.status_code == 200
    assert f"Bộ lọc “{label}” có giá trị không hợp lệ nên đã được bỏ qua." in squash(response.content)


def test_the_calendar_shows_the_year_asked_for(world: World, login) -> None:
    build_plan(world)
    response = login(world.users[Role.PROVINCE_ADMIN]).get("/lich-han/", {"nam": "2027"})
    assert response.status_code == 200 and "2027" in squash(response.content)
    assert "không hợp lệ" not in squash(response.content)
