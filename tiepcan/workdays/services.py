"""Administrators keep the working-day calendar: add, correct or remove a day; every write audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tiepcan.core import audit
from tiepcan.workdays.calendar import library_days, seed_year
from tiepcan.workdays.choices import DaySource
from tiepcan.workdays.models import CalendarDay

WEEKDAYS = (
    gettext_lazy("Thứ Hai"),
    gettext_lazy("Thứ Ba"),
    gettext_lazy("Thứ Tư"),
    gettext_lazy("Thứ Năm"),
    gettext_lazy("Thứ Sáu"),
    gettext_lazy("Thứ Bảy"),
    gettext_lazy("Chủ nhật"),
)


def weekday_name(day: date) -> str:
    return str(WEEKDAYS[day.weekday()])


def is_weekend(day: date) -> bool:
    return day.weekday() >= 5


def is_plain(row: CalendarDay) -> bool:
    """An administrator's row that says what the plain week says: a library day taken back.

    (The library also lists holidays that fall on a weekend; those rows are holidays, not plain.)"""
    return row.source == DaySource.ADMIN and row.day_off == is_weekend(row.day)


def set_day(*, day: date, day_off: bool, name: str, user: Any) -> tuple[CalendarDay, bool]:
    """Record a weekday off (holiday, swapped or bridge day) or a weekend day worked; True if new.

    The year is seeded from the library first: a year with rows is read from the table alone, so
    a first row typed for a year must not hide that year's public holidays.
    """
    if day_off and is_weekend(day):
        raise ValidationError(
            _(
                "Ngày %(d)s là %(w)s, vốn là ngày nghỉ cuối tuần: chỉ ghi ngày nghỉ cho ngày từ thứ Hai đến thứ Sáu."
            )
            % {"d": f"{day:%d/%m/%Y}", "w": weekday_name(day)}
        )
    if not day_off and not is_weekend(day):
        raise ValidationError(
            _("Ngày %(d)s là %(w)s, vốn là ngày làm việc: ngày làm bù phải là thứ Bảy hoặc Chủ nhật.")
            % {"d": f"{day:%d/%m/%Y}", "w": weekday_name(day)}
        )
    with transaction.atomic(), audit.reason(_("Sửa lịch ngày làm việc")):
        seed_year(day.year)
        row = CalendarDay.objects.select_for_update().filter(day=day).first()
        created = row is None
        if row is None:
            row = CalendarDay(day=day)
        row.day_off, row.name, row.source, row.changed_by = day_off, name, DaySource.ADMIN, user
        row.save()
    return row, created


@dataclass(frozen=True)
class Removal:
    day: date
    outcome: str  # deleted | cancelled | restored


def remove_day(*, pk: int, user: Any) -> Removal:
    """Take a day out of the calendar, so that it counts as the plain week says.

    An administrator's own day is deleted. A day the holiday library gives is kept as a row that
    says "plain week" (so seeding the year again does not bring it back); removing that row
    restores the library's day.
    """
    with transaction.atomic(), audit.reason(_("Sửa lịch ngày làm việc")):
        row = CalendarDay.objects.select_for_update().get(pk=pk)
        day = row.day
        if is_plain(row):
            row.delete()
            seed_year(day.year)
            return Removal(day, "restored")
        if any(d == day for d, _off, _name in library_days(day.year)):
            row.day_off, row.source, row.changed_by = is_weekend(day), DaySource.ADMIN, user
            row.save()
            return Removal(day, "cancelled")
        row.delete()
        return Removal(day, "deleted")


def seed(*, year: int) -> int:
    with transaction.atomic(), audit.reason(_("Bổ sung lịch từ thư viện ngày lễ")):
        return seed_year(year)
