"""Working days around real holidays: Tết 2026 and 2027, a swapped Saturday, a bridge day."""

from datetime import date

from tiepcan.lib.procedure import DeadlineRule, FixedDue
from tiepcan.lib.workdays import WorkingCalendar

# Tết Bính Ngọ 2026: civil servants off from Saturday 14/02 to Sunday 22/02 (the weekdays 16–20/02).
TET_2026 = WorkingCalendar.of(days_off=[date(2026, 2, d) for d in range(16, 21)])


def test_it_skips_weekends() -> None:
    plain = WorkingCalendar()
    assert plain.add(date(2026, 12, 4), 1) == date(2026, 12, 7)  # Friday → Monday
    assert plain.add(date(2026, 12, 7), 3) == date(2026, 12, 10)


def test_it_does_not_count_the_day_of_the_event() -> None:
    assert WorkingCalendar().add(date(2026, 12, 7), 0) == date(2026, 12, 7)
    assert WorkingCalendar().add(date(2026, 12, 7), 1) == date(2026, 12, 8)


def test_a_request_received_the_friday_before_tet_2026_is_due_three_working_days_after_tet() -> None:
    # TT 09/2021 Điều 3 khoản 2 điểm a: three working days from the day the request is received.
    assert TET_2026.add(date(2026, 2, 13), 3) == date(2026, 2, 25)


def test_papers_for_a_meeting_the_week_after_tet_go_out_before_tet() -> None:
    # TT 09/2021 Điều 5 khoản 6 điểm c: at least three working days before the meeting.
    assert TET_2026.latest_before(date(2026, 2, 24), 3) == date(2026, 2, 12)  # 23, 13, 12


def test_a_worked_saturday_counts_and_a_bridge_day_does_not() -> None:
    calendar = WorkingCalendar.of(
        days_off=[date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 2)], days_worked=[date(2026, 8, 22)]
    )
    assert calendar.is_working_day(date(2026, 8, 22))
    assert not calendar.is_working_day(date(2026, 8, 31))
    assert calendar.add(date(2026, 8, 21), 2) == date(2026, 8, 24)
    assert calendar.add(date(2026, 8, 28), 1) == date(2026, 9, 3)


def test_it_counts_working_days_between_two_dates() -> None:
    assert TET_2026.count_between(date(2026, 2, 13), date(2026, 2, 25)) == 3
    assert TET_2026.count_between(date(2026, 2, 25), date(2026, 2, 13)) == -3
    assert TET_2026.count_between(date(2026, 2, 13), date(2026, 2, 13)) == 0


def test_a_fixed_day_on_a_day_off_ends_on_the_next_working_day() -> None:
    # Bộ luật Dân sự 2015 Điều 148 khoản 5; "trước ngày 20 tháng 02" is stored as its last day, the 19th.
    rule = DeadlineRule("report_to_ministry", "", month=2, day=19, year_offset=1)
    assert rule.due(2025, TET_2026) == FixedDue(date(2026, 2, 19), date(2026, 2, 23))
    kept = rule.due(2026, WorkingCalendar())
    assert kept == FixedDue(date(2027, 2, 19), date(2027, 2, 19)) and not kept.moved
    # A Saturday (09/01/2027) ends on Monday, unless that Saturday is declared worked.
    dossier = DeadlineRule("dossier", "", month=1, day=9, year_offset=1)
    assert dossier.due(2026, WorkingCalendar()) == FixedDue(date(2027, 1, 9), date(2027, 1, 11))
    worked = WorkingCalendar.of(days_worked=[date(2027, 1, 9)])
    assert dossier.due(2026, worked) == FixedDue(date(2027, 1, 9), date(2027, 1, 9))
    # A limit counted in working days has no fixed day.
    assert DeadlineRule("supplement", "", working_days=3).due(2026, WorkingCalendar()) is None
