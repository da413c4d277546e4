"""The calendar table, seeded from the holiday library and corrected by administrators."""

from datetime import date

import pytest

from tiepcan.workdays.calendar import add_working_days, library_days, seed_year, working_days_between
from tiepcan.workdays.choices import DaySource
from tiepcan.workdays.models import CalendarDay

pytestmark = pytest.mark.django_db


def test_the_library_knows_tet_2026_and_2027() -> None:
    off_2026 = {day for day, off, _name in library_days(2026) if off}
    assert {date(2026, 2, d) for d in range(16, 21)} <= off_2026  # Giao thừa to Mùng bốn
    off_2027 = {day for day, off, _name in library_days(2027) if off}
    assert {date(2027, 2, 5), date(2027, 2, 8), date(2027, 2, 9)} <= off_2027
    assert date(2026, 9, 2) in off_2026 and date(2026, 1, 1) in off_2026


def test_the_library_knows_the_saturday_worked_for_the_bridge_day_of_2026() -> None:
    rows = {day: off for day, off, _name in library_days(2026)}
    assert rows[date(2026, 8, 22)] is False
    assert rows[date(2026, 8, 31)] is True


def test_working_days_skip_tet_without_seeding() -> None:
    assert add_working_days(date(2026, 2, 13), 3) == date(2026, 2, 25)
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 25)) == 3


def test_a_decision_signed_before_tet_2027_is_published_after_it() -> None:
    # TT 09/2021 Điều 3 khoản 2 điểm d: published within two working days of signing.
    assert add_working_days(date(2027, 2, 3), 2) == date(2027, 2, 12)


def test_seeding_adds_the_library_days_once_and_keeps_administrators_rows() -> None:
    CalendarDay.objects.create(day=date(2026, 2, 16), name="Nghỉ theo thông báo", source=DaySource.ADMIN)
    added = seed_year(2026)
    assert added == len(library_days(2026)) - 1
    assert seed_year(2026) == 0
    assert CalendarDay.objects.get(day=date(2026, 2, 16)).name == "Nghỉ theo thông báo"


def test_an_administrators_bridge_day_moves_a_deadline() -> None:
    seed_year(2026)
    assert add_working_days(date(2026, 12, 30), 1) == date(2026, 12, 31)
    CalendarDay.objects.create(day=date(2026, 12, 31), name="Nghỉ bắc cầu")
    assert add_working_days(date(2026, 12, 30), 1) == date(2027, 1, 4)


def test_an_administrator_can_turn_a_saturday_into_a_working_day() -> None:
    seed_year(2026)
    CalendarDay.objects.create(day=date(2026, 12, 26), name="Làm bù", day_off=False)
    assert add_working_days(date(2026, 12, 25), 1) == date(2026, 12, 26)
