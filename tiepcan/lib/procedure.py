"""The procedure's time limits and posting rules as a framework defines them (pure Python).

A framework's ``deadlines`` list gives each step either a day of the year (``month``, ``day``,
``year_offset`` from the assessment year: the last day allowed) or a number of ``working_days``
counted ``after`` the event the step answers (a request, a signature) or ``before`` it (a
meeting). Its ``posting`` object gives the days at the commune office and the other modes, one
of which is needed as well (TT 09/2021/TT-BTP Điều 3 khoản 1 điểm c).

A fixed day is stored as the last day allowed: "trước ngày 10 tháng 02" (before 10 February,
QĐ 25/2021/QĐ-TTg Điều 5 khoản 3; TT 09/2021/TT-BTP Điều 3 khoản 2 điểm d) is ``month: 2, day: 9``.
When that last day is a day off, the limit runs to the end of the next working day
(``DeadlineRule.due``): Bộ luật Dân sự 2015 Điều 148 khoản 5, which applies to time limits set
by other texts unless they provide otherwise (Điều 144 khoản 2), and neither QĐ 25/2021 nor
TT 09/2021 does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tiepcan.lib.workdays import WorkingCalendar


@dataclass(frozen=True)
class FixedDue:
    """A fixed-day limit: the day the framework names and the day it actually ends.

    ``effective`` differs from ``nominal`` when the nominal last day is a weekend day or a day off
    of the working calendar (Bộ luật Dân sự 2015 Điều 148 khoản 5: the limit then ends at the end
    of the working day following the days off).
    """

    nominal: date
    effective: date

    @property
    def moved(self) -> bool:
        return self.effective != self.nominal


@dataclass(frozen=True)
class DeadlineRule:
    step: str
    text: str
    month: int | None = None
    day: int | None = None
    year_offset: int = 0
    working_days: int | None = None
    direction: str = "after"
    source: str = ""
    verified: bool = False

    def due_in(self, year: int) -> date | None:
        """The nominal last day for the assessment ``year`` (None for a relative limit).

        Only ``due`` says when the limit ends: this day may be a day off.
        """
        if self.month is None or self.day is None:
            return None
        return date(year + self.year_offset, self.month, self.day)

    def due(self, year: int, calendar: WorkingCalendar) -> FixedDue | None:
        """The fixed-day limit of the assessment ``year``, nominal and effective (None for a relative one).

        The one place where a framework's fixed day meets the working calendar: a last day that is
        a weekend day or a day off (public holiday, swapped or bridge day; a weekend day declared
        worked is not one) carries over to the next working day (Bộ luật Dân sự 2015 Điều 148
        khoản 5, by Điều 144 khoản 2).
        """
        nominal = self.due_in(year)
        if nominal is None:
            return None
        return FixedDue(nominal, calendar.working_day_from(nominal))

    def due_from(self, event: date, calendar: WorkingCalendar) -> date | None:
        """The last day allowed, counted in working days from ``event`` (None for a fixed day)."""
        if self.working_days is None:
            return None
        if self.direction == "before":
            return calendar.latest_before(event, self.working_days)
        return calendar.add(event, self.working_days)


def deadline_rules(definition: dict[str, Any]) -> dict[str, DeadlineRule]:
    """The framework's deadlines by step (the first one given for a step wins)."""
    rules: dict[str, DeadlineRule] = {}
    for item in definition.get("deadlines") or []:
        step = item.get("step")
        if step and step not in rules:
            rules[step] = DeadlineRule(
                step=step,
                text=item.get("text", ""),
                month=item.get("month"),
                day=item.get("day"),
                year_offset=int(item.get("year_offset", 0)),
                working_days=item.get("working_days"),
                direction=item.get("direction", "after"),
                source=item.get("source", ""),
                verified=bool(item.get("verified", False)),
            )
    return rules


@dataclass(frozen=True)
class PostingMode:
    code: str
    label: str
    days: int
    announcements: int | None = None


@dataclass(frozen=True)
class PostingRule:
    office_days: int
    modes: tuple[PostingMode, ...]
    source: str = ""
    verified: bool = False

    def mode(self, code: str) -> PostingMode | None:
        return next((m for m in self.modes if m.code == code), None)


def posting_rule(definition: dict[str, Any]) -> PostingRule | None:
    """The framework's posting rule, or None when it gives none (posting then has no minimum)."""
    data = definition.get("posting")
    if not data:
        return None
    modes = tuple(
        PostingMode(m["code"], m["label"], int(m["days"]), m.get("announcements"))
        for m in data.get("modes", [])
    )
    return PostingRule(
        int(data["office_days"]), modes, data.get("source", ""), bool(data.get("verified", False))
    )


def days_inclusive(start: date, end: date) -> int:
    """Calendar days from ``start`` to ``end``, both counted (posted 01/12 to 05/12: five days)."""
    return (end - start).days + 1
