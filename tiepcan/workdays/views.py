"""The working-day calendar page: list a year, add or remove a day off or a working weekend day."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tiepcan.accounts.choices import Action
from tiepcan.core.shortcuts import flash_errors, require_action
from tiepcan.workdays import services
from tiepcan.workdays.calendar import library_days, working_calendar
from tiepcan.workdays.choices import DaySource
from tiepcan.workdays.forms import DayForm, YearForm
from tiepcan.workdays.models import CalendarDay

# The calendar is the whole installation's (public holidays and the Prime Minister's swapped days
# are national): kept by the administrators who keep the frameworks, whose deadlines it counts.
ACTION = Action.MANAGE_FRAMEWORKS


def _page(request: HttpRequest, year: int, form: DayForm | None = None, status: int = 200) -> HttpResponse:
    rows = list(CalendarDay.objects.filter(day__year=year).select_related("changed_by"))
    preview: list[dict[str, Any]] = []
    if not rows:
        # Not seeded yet: the deadlines already count the library's days; show them as such.
        preview = [
            {"day": day, "day_off": off, "name": name, "weekday": services.weekday_name(day)}
            for day, off, name in library_days(year)
        ]
    entries = [
        {"row": row, "weekday": services.weekday_name(row.day), "plain": services.is_plain(row)}
        for row in rows
    ]
    calendar = working_calendar(date(year, 1, 1), date(year, 12, 31))
    context = {
        "year": year,
        "rows": entries,
        "preview": preview,
        "working_days": calendar.count_between(date(year - 1, 12, 31), date(year, 12, 31)),
        "form": form or DayForm(initial={"kind": "off"}),
        "admin_source": DaySource.ADMIN,
    }
    return render(request, "workdays/calendar.html", context, status=status)


def _year(request: HttpRequest, data: Any) -> tuple[int, bool]:
    form = YearForm(data)
    if "nam" not in data:
        return timezone.localdate().year, True
    if form.is_valid():
        return form.cleaned_data["nam"], True
    flash_errors(request, form)
    return timezone.localdate().year, False


@require_action(ACTION)
def calendar_page(request: HttpRequest) -> HttpResponse:
    year, ok = _year(request, request.GET)
    return _page(request, year, status=200 if ok else 400)


def _back(year: int) -> HttpResponse:
    return redirect(f"{reverse('workdays:calendar')}?nam={year}")


@require_action(ACTION)
@require_POST
def day_save(request: HttpRequest) -> HttpResponse:
    form = DayForm(request.POST)
    if not form.is_valid():
        year, _ok = _year(request, request.POST)  # the year the page showed (a hidden field)
        messages.error(request, _("Chưa lưu: hãy sửa các ô được đánh dấu."))
        return _page(request, year, form=form, status=400)
    data = form.cleaned_data
    try:
        row, created = services.set_day(
            day=data["day"], day_off=data["kind"] == "off", name=data["name"].strip(), user=request.user
        )
    except ValidationError as error:
        year = data["day"].year
        form.add_error("day", error)
        return _page(request, year, form=form, status=400)
    text = _("Đã thêm ngày %(d)s vào lịch.") if created else _("Đã sửa ngày %(d)s trong lịch.")
    messages.success(request, text % {"d": f"{row.day:%d/%m/%Y}"})
    return _back(row.day.year)


@require_action(ACTION)
@require_POST
def day_remove(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        removal = services.remove_day(pk=pk, user=request.user)
    except CalendarDay.DoesNotExist as missing:
        raise Http404 from missing
    day = f"{removal.day:%d/%m/%Y}"
    if removal.outcome == "cancelled":
        text = _(
            "Đã bỏ ngày %(d)s: ngày này tính như tuần bình thường; lần bổ sung từ thư viện sau không thêm lại."
        )
    elif removal.outcome == "restored":
        text = _("Đã khôi phục ngày %(d)s theo thư viện ngày lễ.")
    else:
        text = _("Đã xoá ngày %(d)s khỏi lịch.")
    messages.success(request, text % {"d": day})
    return _back(removal.day.year)


@require_action(ACTION)
@require_POST
def year_seed(request: HttpRequest) -> HttpResponse:
    year, ok = _year(request, request.POST)
    if not ok:
        return _page(request, year, status=400)
    added = services.seed(year=year)
    messages.success(
        request, _("Đã bổ sung %(n)s ngày của năm %(y)s từ thư viện ngày lễ.") % {"n": added, "y": year}
    )
    return _back(year)
