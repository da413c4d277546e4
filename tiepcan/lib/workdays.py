"""Working days: weekends and public holidays skipped, swapped and bridge days honoured.

Pure Python (no Django): the calendar is given as two sets of dates, the days off that fall on
a weekday (public holidays, days given in exchange, bridge days) and the weekend days that are
worked instead (the Saturday worked to bridge a holiday). The Django side
(``tiepcan.workdays``) builds it from the administrator-edited table, which is seeded from the
``holidays`` library.

The law counts time limits in working days in several places: a commune supplements its dossier
"chậm nhất trong thời hạn 03 ngày làm việc kể từ ngày nhận được yêu cầu" (TT 09/2021/TT-BTP
Điều 3 khoản 2 điểm a); the council's papers reach the members "chậm nhất 03 ngày làm việc trước
ngày tổ chức cuộc họp" (Điều 5 khoản 6 điểm c); the result is published "trong thời hạn không quá
02 ngày làm việc kể từ ngày ký quyết định" (Điều 3 khoản 2 điểm d). As the Civil Code counts a
time limit (Điều 147 Bộ luật Dân sự 2015), the day of the event itself is not counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

SATURDAY, SUNDAY = 5, 6


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days are worked. ``days_off``: weekdays not worked; ``days_worked``: weekend days worked."""

    days_off: frozenset[date] = field(default_factory=frozenset)
    days_worked: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def of(cls, days_off: Iterable[date] = (), days_worked: Iterable[date] = ()) -> WorkingCalendar:
        return cls(frozenset(days_off), frozenset(days_worked))

    def is_working_day(self, day: date) -> bool:
        if day in self.days_worked:
            return True
        if day in self.days_off:
            return False
        return day.weekday() not in (SATURDAY, SUNDAY)

    def working_day_from(self, day: date) -> date:
        """``day`` itself when it is worked, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add(self, start: date, working_days: int) -> date:
        """The ``working_days``-th working day after ``start`` (before it when negative).

        ``start`` itself is not counted: a request received on Friday 13/02/2026 with three working
        days to answer is due on the third working day after it.
        """
        if working_days == 0:
            return start
        step = timedelta(days=1 if working_days > 0 else -1)
        left, day = abs(working_days), start
        while left:
            day += step
            if self.is_working_day(day):
                left -= 1
        return day

    def latest_before(self, event: date, working_days: int) -> date:
        """The last day something may happen when it must be ``working_days`` working days before ``event``."""
        return self.add(event, -working_days)

    def count_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative when ``end`` is earlier)."""
        if end == start:
            return 0
        sign = 1 if end > start else -1
        low, high = (start, end) if sign > 0 else (end, start)
        count, day = 0, low
        while day < high:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return sign * count
