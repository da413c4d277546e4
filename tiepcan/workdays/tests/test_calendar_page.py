"""The calendar page: administrators list a year, add or correct a day, take one out; audited."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from tiepcan.accounts.choices import Role
from tiepcan.core.models import AuditEntry
from tiepcan.testing import World
from tiepcan.workdays.calendar import add_working_days, library_days, seed_year
from tiepcan.workdays.choices import DaySource
from tiepcan.workdays.models import CalendarDay

pytestmark = pytest.mark.django_db
URL = reverse("workdays:calendar")


def admin(world: World, login: Any) -> Any:
    return login(world.users[Role.PROVINCE_ADMIN])


def test_the_page_lists_a_year_and_who_may_open_it(world: World, login: Any) -> None:
    seed_year(2026)
    html = admin(world, login).get(URL, {"nam": 2026}).content.decode()
    assert "Lịch ngày làm việc năm 2026" in html and "17/02/2026" in html and "22/08/2026" in html
    assert "Ngày làm bù" in html and "Thứ Bảy" in html
    assert "Năm 2026 có" in html
    # Giỗ Tổ fell on Sunday 26/04/2026: the library's row is a holiday, not a day taken out.
    assert "26/04/2026" in html and "Đã bỏ: làm việc như thường" not in html
    for role in (Role.COMMUNE_OFFICER, Role.REVIEWER, Role.FINANCE_OFFICER):
        assert login(world.users[role]).get(URL).status_code == 403


def test_an_unsaved_year_shows_the_library_days_and_can_be_saved(world: World, login: Any) -> None:
    client = admin(world, login)
    html = client.get(URL, {"nam": 2027}).content.decode()
    assert "chưa được lưu" in html and "08/02/2027" in html
    assert not CalendarDay.objects.exists()
    client.post(reverse("workdays:year_seed"), {"nam": 2027})
    assert CalendarDay.objects.filter(day__year=2027).count() == len(library_days(2027))


def test_a_bad_year_is_refused_in_vietnamese(world: World, login: Any) -> None:
    client = admin(world, login)
    for value in ("abc", "1900", "99999999999999999999", "2026\x00"):
        response = client.get(URL, {"nam": value})
        assert response.status_code == 400, value
    assert "Năm phải" in client.get(URL, {"nam": "1900"}).content.decode()
    assert client.post(reverse("workdays:year_seed"), {"nam": "x"}).status_code == 400
    assert not CalendarDay.objects.exists()


def test_adding_a_bridge_day_moves_a_deadline_and_is_audited(world: World, login: Any) -> None:
    client = admin(world, login)
    assert add_working_days(date(2026, 12, 30), 1) == date(2026, 12, 31)
    response = client.post(
        reverse("workdays:day_save"),
        {"nam": 2026, "day": "31/12/2026", "kind": "off", "name": "Nghỉ bắc cầu (thông báo thử)"},
    )
    assert response.status_code == 302 and response["Location"].endswith("?nam=2026")
    row = CalendarDay.objects.get(day=date(2026, 12, 31))
    assert (row.day_off, row.source, row.changed_by) == (
        True,
        DaySource.ADMIN,
        world.users[Role.PROVINCE_ADMIN],
    )
    assert add_working_days(date(2026, 12, 30), 1) == date(2027, 1, 4)
    # The first row of the year brought the year's public holidays with it (Tết is still off).
    assert CalendarDay.objects.filter(day=date(2026, 2, 17), day_off=True).exists()
    entry = AuditEntry.objects.filter(object_id=str(row.pk), content_type__model="calendarday").get()
    assert entry.actor == world.users[Role.PROVINCE_ADMIN] and entry.reason == "Sửa lịch ngày làm việc"


def test_a_working_saturday_and_a_correction_of_an_existing_day(world: World, login: Any) -> None:
    client = admin(world, login)
    client.post(reverse("workdays:day_save"), {"day": "26/12/2026", "kind": "worked", "name": "Làm bù"})
    assert add_working_days(date(2026, 12, 25), 1) == date(2026, 12, 26)
    client.post(
        reverse("workdays:day_save"), {"day": "17/02/2026", "kind": "off", "name": "Mùng một Tết (sửa tên)"}
    )
    row = CalendarDay.objects.get(day=date(2026, 2, 17))
    assert (row.name, row.source) == ("Mùng một Tết (sửa tên)", DaySource.ADMIN)
    assert CalendarDay.objects.filter(day=date(2026, 2, 17)).count() == 1


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({"day": "26/12/2026", "kind": "off", "name": "Thứ Bảy"}, "vốn là ngày nghỉ cuối tuần"),
        (
            {"day": "30/12/2026", "kind": "worked", "name": "Thứ Tư"},
            "ngày làm bù phải là thứ Bảy hoặc Chủ nhật",
        ),
        ({"day": "31/02/2026", "kind": "off", "name": "Không có"}, "dd/mm/yyyy"),
        ({"day": "01/01/2026", "kind": "holiday", "name": "Sai loại"}, "Hãy chọn một giá trị hợp lệ"),
        ({"day": "01/01/2026", "kind": "off", "name": ""}, "bắt buộc"),
        ({"day": "01/01/1990", "kind": "off", "name": "Quá sớm"}, "Năm phải từ"),
    ],
)
def test_bad_input_changes_nothing_and_says_why(
    world: World, login: Any, post: dict[str, str], message: str
) -> None:
    response = admin(world, login).post(reverse("workdays:day_save"), {"nam": 2026, **post})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CalendarDay.objects.exists()


def test_taking_out_a_day_deletes_an_admins_day_and_cancels_a_library_day(world: World, login: Any) -> None:
    client = admin(world, login)
    seed_year(2026)
    own = CalendarDay.objects.create(day=date(2026, 12, 31), name="Nghỉ bắc cầu", source=DaySource.ADMIN)
    client.post(reverse("workdays:day_remove", args=[own.pk]))
    assert not CalendarDay.objects.filter(day=date(2026, 12, 31)).exists()

    # 31/08/2026 (a bridge day the library gives): kept as "plain week", so seeding does not bring it back.
    bridge = CalendarDay.objects.get(day=date(2026, 8, 31))
    assert add_working_days(date(2026, 8, 28), 1) == date(2026, 9, 3)  # 31/08 bridge, 01-02/09 National Day
    response = client.post(reverse("workdays:day_remove", args=[bridge.pk]), follow=True)
    assert "Đã bỏ ngày 31/08/2026" in response.content.decode()
    bridge.refresh_from_db()
    assert (bridge.day_off, bridge.source) == (False, DaySource.ADMIN)
    assert add_working_days(date(2026, 8, 28), 1) == date(2026, 8, 31)
    assert seed_year(2026) == 0 and not CalendarDay.objects.get(pk=bridge.pk).day_off
    # Taken out again: the library's day comes back.
    response = client.post(reverse("workdays:day_remove", args=[bridge.pk]), follow=True)
    assert "Đã khôi phục ngày 31/08/2026" in response.content.decode()
    restored = CalendarDay.objects.get(day=date(2026, 8, 31))
    assert (restored.day_off, restored.source) == (True, DaySource.LIBRARY)
    assert client.post(reverse("workdays:day_remove", args=[999999])).status_code == 404
    assert (
        AuditEntry.objects.filter(content_type__model="calendarday", reason="Sửa lịch ngày làm việc").count()
        >= 3
    )


def test_the_page_reads_a_year_in_a_fixed_number_of_queries(
    world: World, login: Any, django_assert_max_num_queries: Any
) -> None:
    client = admin(world, login)
    seed_year(2026)
    for day in (1, 2, 3):
        CalendarDay.objects.create(
            day=date(2026, 10, 26 + day), name="Thử", changed_by=world.users[Role.PROVINCE_ADMIN]
        )
    client.get(URL, {"nam": 2026})
    with django_assert_max_num_queries(12):
        assert client.get(URL, {"nam": 2026}).status_code == 200
