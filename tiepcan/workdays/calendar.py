"""The working calendar as the application uses it: the table, seeded from the holiday library."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from tiepcan.lib.workdays import WorkingCalendar
from tiepcan.workdays.choices import DaySource
from tiepcan.workdays.models import CalendarDay

COUNTRY = "VN"


def library_days(year: int) -> list[tuple[date, bool, str]]:
    """(day, day off?, name) for one year from the ``holidays`` library, in Vietnamese.

    Holidays on weekdays are days off; ``weekend_workdays`` are the Saturdays worked in exchange
    for a bridge day (e.g. 22/08/2026 for 31/08/2026). Holidays falling on a weekend add nothing:
    their day in lieu is a holiday of its own in the library.
    """
    import holidays  # lazy: ~0.25 s of CPU to load; read only for a year the table lacks

    calendar = holidays.country_holidays(COUNTRY, years=year, language="vi")
    rows = [(day, True, str(name)) for day, name in sorted(calendar.items()) if day.year == year]
    rows += [
        (day, False, "Ngày làm bù")
        for day in sorted(getattr(calendar, "weekend_workdays", ()))
        if day.year == year
    ]
    return sorted(rows)


def seed_year(year: int) -> int:
    """Add the library's days of ``year`` that the table does not have; administrators' rows stay."""
    with transaction.atomic():
        known = set(CalendarDay.objects.filter(day__year=year).values_list("day", flat=True))
        new = [
            CalendarDay(day=day, day_off=off, name=name[:255], source=DaySource.LIBRARY)
            for day, off, name in library_days(year)
            if day not in known
        ]
        CalendarDay.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def working_calendar(start: date, end: date) -> WorkingCalendar:
    """The calendar covering ``start``..``end`` (with a margin of a year each side, for counting past it).

    A year the table has no row for (not seeded yet) is taken from the library as it stands.
    """
    years = range(start.year - 1, end.year + 2)
    rows = list(CalendarDay.objects.filter(day__year__in=list(years)).values_list("day", "day_off"))
    seeded = {day.year for day, _off in rows}
    for year in years:
        if year not in seeded:
            rows += [(day, off) for day, off, _name in library_days(year)]
    return WorkingCalendar.of(
        days_off=(day for day, off in rows if off), days_worked=(day for day, off in rows if not off)
    )


def add_working_days(start: date, working_days: int) -> date:
    """``start`` plus ``working_days`` working days (minus, when negative), start not counted."""
    return working_calendar(start, start).add(start, working_days)


def working_days_between(start: date, end: date) -> int:
    return working_calendar(min(start, end), max(start, end)).count_between(start, end)
