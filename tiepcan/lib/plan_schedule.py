"""Schedules of plan activities and their expansion into dated occurrences (no Django).

Plans state time in the ways the Lạng Sơn 2017 plan does: every year; a quarter
("Quý III/2017"); a range of years ("năm 2017-2020"); specific years ("sơ kết năm
2018, tổng kết năm 2020"); "as directed by the Ministry of Justice" (no date);
a legal window ("Điều 7 QĐ 619: tháng 12 năm trước và tháng 01 năm liền kề");
and periodic duties ("định kỳ 06 tháng, 1 năm"; "định kỳ hoặc đột xuất").
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

KINDS = ("yearly", "quarter", "year_range", "years", "on_request", "legal_window", "periodic")
QUARTER_NAMES = {1: "I", 2: "II", 3: "III", 4: "IV"}


class ScheduleError(ValueError):
    """A schedule that cannot be expanded; the message is Vietnamese, for the user."""


@dataclass(frozen=True)
class Occurrence:
    label: str
    starts_on: date | None
    due_on: date | None
    on_request: bool = False


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _day(year: int, month: int, day: int | None) -> date:
    """A day in a month; ``None`` or a day past the month's end means its last day (29/02 in leap years)."""
    last = calendar.monthrange(year, month)[1]
    return date(year, month, last if day is None or day > last else day)


def _int(schedule: dict[str, Any], key: str) -> int:
    value = schedule.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ScheduleError(f"Lịch thực hiện thiếu hoặc sai trường “{key}” (phải là số nguyên).")
    return value


def validate(schedule: dict[str, Any], period: tuple[int, int]) -> None:
    """Raise ScheduleError when the schedule is malformed or falls outside the plan period."""
    kind = schedule.get("kind")
    if kind not in KINDS:
        raise ScheduleError(f"Loại lịch “{kind}” không hợp lệ; dùng một trong: {', '.join(KINDS)}.")
    start, end = period
    if kind == "quarter":
        year, quarter = _int(schedule, "year"), _int(schedule, "quarter")
        if quarter not in QUARTER_NAMES:
            raise ScheduleError("Quý phải từ 1 đến 4.")
        if not start <= year <= end:
            raise ScheduleError(f"Năm {year} nằm ngoài giai đoạn kế hoạch {start}–{end}.")
    elif kind == "year_range":
        first, last = _int(schedule, "from"), _int(schedule, "to")
        if last < first:
            raise ScheduleError(f"Khoảng năm {first}–{last}: năm kết thúc trước năm bắt đầu.")
        if first < start or last > end:
            raise ScheduleError(f"Khoảng năm {first}–{last} vượt ngoài giai đoạn kế hoạch {start}–{end}.")
    elif kind == "years":
        items = schedule.get("items")
        if not isinstance(items, list) or not items:
            raise ScheduleError("Lịch theo năm cụ thể phải liệt kê ít nhất một năm.")
        for item in items:
            year = _int(item, "year")
            if not start <= year <= end:
                raise ScheduleError(f"Năm {year} nằm ngoài giai đoạn kế hoạch {start}–{end}.")
    elif kind == "legal_window":
        for part in ("start", "end"):
            bound = schedule.get(part)
            if not isinstance(bound, dict):
                raise ScheduleError(f"Lịch theo quy định thiếu mốc “{part}”.")
            month = _int(bound, "month")
            if not 1 <= month <= 12:
                raise ScheduleError("Tháng phải từ 1 đến 12.")
        opens, closes = _window(schedule, start)
        if closes < opens:
            raise ScheduleError("Mốc kết thúc của lịch theo quy định đứng trước mốc bắt đầu.")
    elif kind == "periodic":
        months = _int(schedule, "months")
        if months not in (1, 3, 6, 12):
            raise ScheduleError("Định kỳ chỉ nhận 1, 3, 6 hoặc 12 tháng.")
    elif kind == "yearly" and "due" in schedule:
        due = schedule["due"]
        if not isinstance(due, dict) or not 1 <= _int(due, "month") <= 12:
            raise ScheduleError("Hạn hằng năm phải có tháng từ 1 đến 12.")


def _window(schedule: dict[str, Any], year: int) -> tuple[date, date]:
    start, end = schedule["start"], schedule["end"]
    begins = _day(year + int(start.get("year_offset", 0)), start["month"], start.get("day", 1))
    ends = _day(year + int(end.get("year_offset", 0)), end["month"], end.get("day"))
    return begins, ends


def expand(schedule: dict[str, Any], year: int, period: tuple[int, int]) -> list[Occurrence]:
    """The occurrences of ``schedule`` that belong to ``year`` (empty outside the plan period)."""
    validate(schedule, period)
    start, end = period
    if not start <= year <= end:
        return []
    kind = schedule["kind"]
    if kind == "yearly":
        due = schedule.get("due") or {"month": 12, "day": 31}
        return [Occurrence(f"Năm {year}", date(year, 1, 1), _day(year, due["month"], due.get("day")))]
    if kind == "quarter":
        if schedule["year"] != year:
            return []
        quarter = schedule["quarter"]
        first_month = 3 * (quarter - 1) + 1
        return [
            Occurrence(
                f"Quý {QUARTER_NAMES[quarter]}/{year}",
                date(year, first_month, 1),
                month_end(year, first_month + 2),
            )
        ]
    if kind == "year_range":
        if not schedule["from"] <= year <= schedule["to"]:
            return []
        return [Occurrence(f"Năm {year}", date(year, 1, 1), date(year, 12, 31))]
    if kind == "years":
        out = []
        for item in schedule["items"]:
            if item["year"] == year:
                label = item.get("label") or f"Năm {year}"
                due = item.get("due")
                due_on = _day(year, due["month"], due.get("day")) if due else date(year, 12, 31)
                out.append(
                    Occurrence(f"{label} {year}" if item.get("label") else label, date(year, 1, 1), due_on)
                )
        return out
    if kind == "on_request":
        return [Occurrence(f"Năm {year} (theo yêu cầu)", None, None, on_request=True)]
    if kind == "legal_window":
        begins, ends = _window(schedule, year)
        return [Occurrence(f"Kỳ đánh giá năm {year}", begins, ends)]
    # periodic
    months = schedule["months"]
    out = []
    for index, last_month in enumerate(range(months, 13, months), start=1):
        first_month = last_month - months + 1
        due = month_end(year, last_month)
        if months == 12:
            label = f"Năm {year}"
        elif months == 6:
            label = f"6 tháng đầu năm {year}" if index == 1 else f"6 tháng cuối năm {year}"
        elif months == 3:
            label = f"Quý {QUARTER_NAMES[index]}/{year}"
        else:
            label = f"Tháng {last_month}/{year}"
        out.append(Occurrence(label, date(year, first_month, 1), due))
    return out


def describe(schedule: dict[str, Any]) -> str:
    """A short Vietnamese description for the interface."""
    kind = schedule.get("kind")
    if kind == "yearly":
        return "Hằng năm"
    if kind == "quarter":
        return f"Quý {QUARTER_NAMES.get(schedule.get('quarter', 0), '?')}/{schedule.get('year')}"
    if kind == "year_range":
        return f"Năm {schedule.get('from')}–{schedule.get('to')}"
    if kind == "years":
        return ", ".join(
            f"{item.get('label', 'Năm')} {item.get('year')}" for item in schedule.get("items", [])
        )
    if kind == "on_request":
        return f"Theo yêu cầu{': ' + schedule['by'] if schedule.get('by') else ''}"
    if kind == "legal_window":
        return schedule.get("citation") or "Theo quy định"
    if kind == "periodic":
        text = {6: "Định kỳ 6 tháng", 12: "Định kỳ hằng năm", 3: "Định kỳ hằng quý", 1: "Hằng tháng"}.get(
            schedule.get("months", 0), "Định kỳ"
        )
        return text + (" hoặc đột xuất" if schedule.get("ad_hoc") else "")
    return "—"


def shift(schedule: dict[str, Any], old: tuple[int, int], new: tuple[int, int]) -> dict[str, Any]:
    """The schedule an activity copied from a plan of period ``old`` takes in a plan of period ``new``.

    Years move with the period's start and stay inside the new period; a range that spanned
    the whole old period spans the whole new one; the old period's last year (the final
    review, "tổng kết") becomes the new period's last year. Kinds without years are kept.
    """
    offset = new[0] - old[0]

    def moved(year: int) -> int:
        if year == old[1]:
            return new[1]
        return min(max(year + offset, new[0]), new[1])

    out = dict(schedule)
    kind = schedule.get("kind")
    if kind == "quarter" and isinstance(schedule.get("year"), int):
        out["year"] = moved(schedule["year"])
    elif (
        kind == "year_range" and isinstance(schedule.get("from"), int) and isinstance(schedule.get("to"), int)
    ):
        if (schedule["from"], schedule["to"]) == old:
            out["from"], out["to"] = new
        else:
            out["from"], out["to"] = sorted((moved(schedule["from"]), moved(schedule["to"])))
    elif kind == "years" and isinstance(schedule.get("items"), list):
        items, seen = [], set()
        for item in schedule["items"]:
            if not isinstance(item, dict) or not isinstance(item.get("year"), int):
                continue
            year = moved(item["year"])
            if year in seen:
                continue
            seen.add(year)
            items.append({**item, "year": year})
        out["items"] = items
    return out


def shift_text(text: str, old: tuple[int, int], new: tuple[int, int], schedule: dict[str, Any]) -> str:
    """The verbatim schedule text of a copied activity: the old period's years replaced by the new."""
    shifted = shift(schedule, old, new)
    replaced = text.replace(f"{old[0]}-{old[1]}", f"{new[0]}-{new[1]}").replace(
        f"{old[0]}–{old[1]}", f"{new[0]}–{new[1]}"
    )
    pairs: list[tuple[int, int]] = []
    if schedule.get("kind") == "quarter":
        pairs.append((schedule.get("year", 0), shifted.get("year", 0)))
    elif schedule.get("kind") == "years":
        pairs += [
            (a.get("year", 0), b.get("year", 0))
            for a, b in zip(schedule["items"], shifted["items"], strict=False)
        ]
    elif schedule.get("kind") == "year_range":
        pairs += [
            (schedule.get("from", 0), shifted.get("from", 0)),
            (schedule.get("to", 0), shifted.get("to", 0)),
        ]
    for before, after in pairs:
        if before and after and before != after:
            replaced = replaced.replace(str(before), f"\x00{after}")
    return replaced.replace("\x00", "")
