"""Schedule expansion: every kind the seed plan uses, leap years and quarter ends."""

from __future__ import annotations

from datetime import date

import pytest

from tiepcan.lib.plan_schedule import ScheduleError, describe, expand, validate

PERIOD = (2017, 2020)


def test_yearly_gives_one_task_due_at_the_end_of_each_year_of_the_plan() -> None:
    [occurrence] = expand({"kind": "yearly"}, 2018, PERIOD)
    assert (occurrence.label, occurrence.starts_on, occurrence.due_on) == (
        "Năm 2018",
        date(2018, 1, 1),
        date(2018, 12, 31),
    )
    assert expand({"kind": "yearly"}, 2021, PERIOD) == []


@pytest.mark.parametrize(
    ("quarter", "start", "end", "name"),
    [
        (1, date(2017, 1, 1), date(2017, 3, 31), "I"),
        (2, date(2017, 4, 1), date(2017, 6, 30), "II"),
        (3, date(2017, 7, 1), date(2017, 9, 30), "III"),
        (4, date(2017, 10, 1), date(2017, 12, 31), "IV"),
    ],
)
def test_a_quarter_ends_on_the_last_day_of_its_third_month(
    quarter: int, start: date, end: date, name: str
) -> None:
    [occurrence] = expand({"kind": "quarter", "year": 2017, "quarter": quarter}, 2017, PERIOD)
    assert (occurrence.starts_on, occurrence.due_on, occurrence.label) == (start, end, f"Quý {name}/2017")
    assert expand({"kind": "quarter", "year": 2017, "quarter": quarter}, 2018, PERIOD) == []


def test_a_year_range_gives_one_task_a_year_inside_the_range() -> None:
    schedule = {"kind": "year_range", "from": 2018, "to": 2019}
    assert [len(expand(schedule, y, PERIOD)) for y in range(2017, 2021)] == [0, 1, 1, 0]


def test_specific_years_carry_their_labels() -> None:
    schedule = {
        "kind": "years",
        "items": [{"year": 2018, "label": "Sơ kết năm"}, {"year": 2020, "label": "Tổng kết năm"}],
    }
    assert expand(schedule, 2018, PERIOD)[0].label == "Sơ kết năm 2018"
    assert expand(schedule, 2019, PERIOD) == []
    assert expand(schedule, 2020, PERIOD)[0].label == "Tổng kết năm 2020"


def test_on_request_has_no_due_date() -> None:
    [occurrence] = expand({"kind": "on_request", "by": "Bộ Tư pháp"}, 2019, PERIOD)
    assert occurrence.on_request and occurrence.due_on is None and occurrence.starts_on is None
    assert describe({"kind": "on_request", "by": "Bộ Tư pháp"}) == "Theo yêu cầu: Bộ Tư pháp"


def test_the_article_7_window_runs_from_december_into_the_next_january() -> None:
    schedule = {
        "kind": "legal_window",
        "start": {"month": 12, "day": 1},
        "end": {"month": 1, "day": 31, "year_offset": 1},
    }
    [occurrence] = expand(schedule, 2019, PERIOD)
    assert (occurrence.starts_on, occurrence.due_on) == (date(2019, 12, 1), date(2020, 1, 31))


def test_a_month_end_due_date_is_29_february_in_a_leap_year() -> None:
    schedule = {"kind": "yearly", "due": {"month": 2}}
    assert expand(schedule, 2020, PERIOD)[0].due_on == date(2020, 2, 29)
    assert expand(schedule, 2019, PERIOD)[0].due_on == date(2019, 2, 28)
    window = {"kind": "legal_window", "start": {"month": 2, "day": 1}, "end": {"month": 2, "day": 30}}
    assert expand(window, 2020, PERIOD)[0].due_on == date(2020, 2, 29)


def test_six_monthly_reports_fall_due_on_30_june_and_31_december() -> None:
    occurrences = expand({"kind": "periodic", "months": 6}, 2018, PERIOD)
    assert [(o.label, o.due_on) for o in occurrences] == [
        ("6 tháng đầu năm 2018", date(2018, 6, 30)),
        ("6 tháng cuối năm 2018", date(2018, 12, 31)),
    ]
    assert describe({"kind": "periodic", "months": 12, "ad_hoc": True}) == "Định kỳ hằng năm hoặc đột xuất"


@pytest.mark.parametrize(
    ("schedule", "message"),
    [
        ({"kind": "weekly"}, "Loại lịch"),
        ({"kind": "quarter", "year": 2017, "quarter": 5}, "Quý phải từ 1 đến 4"),
        ({"kind": "quarter", "year": 2016, "quarter": 1}, "nằm ngoài giai đoạn"),
        ({"kind": "year_range", "from": 2019, "to": 2018}, "năm kết thúc trước năm bắt đầu"),
        ({"kind": "years", "items": []}, "ít nhất một năm"),
        ({"kind": "legal_window", "start": {"month": 12}, "end": {"month": 1}}, "đứng trước mốc bắt đầu"),
        ({"kind": "periodic", "months": 5}, "1, 3, 6 hoặc 12"),
    ],
)
def test_a_bad_schedule_is_refused_with_a_vietnamese_message(schedule: dict, message: str) -> None:
    with pytest.raises(ScheduleError, match=message):
        validate(schedule, PERIOD)
