"""The procedure's deadlines and posting rule are framework data, with the law's numbers and sources.

Each number is checked against the article text kept in ``data/law`` (TT 09/2021/TT-BTP Điều 3,
5 and 6), so a deadline cannot drift from the law unnoticed.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest

from tiepcan.lib.engine import load_definition, validate
from tiepcan.lib.procedure import deadline_rules, posting_rule
from tiepcan.lib.workdays import WorkingCalendar

DATA = Path(__file__).resolve().parents[1] / "data"
# The codification has a no-break space here and there: read as plain spaces.
LAW = unicodedata.normalize(
    "NFC", (DATA / "law" / "qd25-2021-tt09-2021.md").read_text(encoding="utf-8")
).replace("\xa0", " ")
TET_2027 = WorkingCalendar.of(days_off=[date(2027, 2, d) for d in range(4, 11)])


def definition(code: str) -> dict:
    return load_definition((DATA / f"{code}.yaml").read_text(encoding="utf-8")).data


def test_the_law_file_says_what_the_qd25_deadlines_encode() -> None:
    for words in (
        "trước ngày 10 tháng 01 của năm liền kề sau năm đánh giá",
        "chậm nhất trong thời hạn 03 (ba) ngày làm việc kể từ ngày nhận được yêu cầu",
        "chậm nhất 03 (ba) ngày làm việc trước ngày tổ chức cuộc họp",
        "trước ngày 10 tháng 02 của năm liền kề sau năm đánh giá",
        "không quá 02 (hai) ngày làm việc kể từ ngày ký quyết định",
        "trước ngày 15 tháng 02 của năm liền kề sau năm đánh giá",
        "trước ngày 20 tháng 02 của năm liền kề sau năm đánh giá",
        "ít nhất 05 (năm) ngày; đăng tải trên Cổng (hoặc Trang) thông tin điện tử trong thời hạn ít nhất 05 (năm) "
        "ngày hoặc thông báo trên Đài truyền thanh cấp xã (nếu có) ít nhất 03 (ba) lần",
    ):
        assert words in LAW, words


def test_qd25_deadlines_fall_on_the_laws_days_for_the_2026_assessment() -> None:
    rules = deadline_rules(definition("qd25-2021"))
    # "Before 10 January / 10 February / 15 February / 20 February": the last day allowed is the day before.
    assert rules["dossier"].due_in(2026) == date(2027, 1, 9)
    assert rules["recognition"].due_in(2026) == date(2027, 2, 9)
    assert rules["report_to_province"].due_in(2026) == date(2027, 2, 14)
    assert rules["report_to_ministry"].due_in(2026) == date(2027, 2, 19)
    assert all(
        rule.verified and "Thông tư 09/2021/TT-BTP" in rule.source
        for rule in rules.values()
        if rule.step != "self_assessment"
    )


def test_qd25_working_day_limits_count_around_tet_2027() -> None:
    rules = deadline_rules(definition("qd25-2021"))
    assert rules["supplement"].due_from(date(2027, 2, 3), TET_2027) == date(2027, 2, 15)  # 11, 12, 15
    assert rules["publication"].due_from(date(2027, 2, 3), TET_2027) == date(2027, 2, 12)
    # Papers for a meeting on Friday 12/02/2027 must go out by Tuesday 02/02/2027 (11, 3, 2).
    assert rules["council_papers"].due_from(date(2027, 2, 12), TET_2027) == date(2027, 2, 2)
    assert (
        rules["supplement"].due_in(2026) is None
        and rules["dossier"].due_from(date(2027, 1, 1), TET_2027) is None
    )


def test_the_posting_rule_is_office_for_five_days_and_portal_or_radio() -> None:
    rule = posting_rule(definition("qd25-2021"))
    assert rule is not None and rule.verified and rule.office_days == 5
    portal = rule.mode("portal")
    assert portal is not None and portal.days == 5
    radio = rule.mode("radio")
    assert radio is not None and radio.days == 5 and radio.announcements == 3
    assert "Điều 3 khoản 1 điểm c Thông tư 09/2021/TT-BTP" in rule.source


def test_qd27_procedure_is_carried_over_but_marked_unverified() -> None:
    data = definition("qd27-2025")
    rules = deadline_rules(data)
    assert {
        "dossier",
        "supplement",
        "council_papers",
        "recognition",
        "publication",
        "report_to_ministry",
    } <= set(rules)
    assert "report_to_province" not in rules  # no district level under QĐ 27/2025
    assert not any(rule.verified for rule in rules.values())
    assert all(
        "Thông tư 15/2025/TT-BTP" in rule.source for rule in rules.values() if rule.step != "self_assessment"
    )
    rule = posting_rule(data)
    assert rule is not None and not rule.verified


@pytest.mark.parametrize(
    "bad",
    [
        {"office_days": 0, "modes": [{"code": "portal", "label": "x", "days": 5}]},
        {"office_days": 5, "modes": []},
        {"office_days": 5, "modes": [{"code": "loa", "label": "x", "days": 5}]},
    ],
)
def test_the_schema_refuses_a_posting_rule_that_makes_no_sense(bad: dict) -> None:
    data = definition("qd25-2021")
    data["posting"] = bad
    text = (DATA / "qd25-2021.yaml").read_text(encoding="utf-8")
    parsed = load_definition(text)
    parsed.data["posting"] = bad
    assert any("posting" in str(problem.path) for problem in validate(parsed))


def test_the_schema_refuses_a_deadline_in_working_days_counted_sideways() -> None:
    parsed = load_definition((DATA / "qd25-2021.yaml").read_text(encoding="utf-8"))
    parsed.data["deadlines"].append(
        {"step": "supplement", "text": "x", "working_days": 3, "direction": "sideways"}
    )
    assert validate(parsed)
