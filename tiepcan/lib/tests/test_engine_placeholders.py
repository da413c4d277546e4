"""Placeholders, condition facts and conditional inputs: the engine never lets a gap pass silently."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from tiepcan.lib.engine import ValuesError, check_values, compile_framework, judge, score, validate
from tiepcan.lib.engine.describe import describe_rule
from tiepcan.lib.engine.diff import diff
from tiepcan.lib.engine.sample import sample_values
from tiepcan.lib.tests.engine_helpers import flag, framework, indicator

D = Decimal
PENDING = {
    "code": "1.3",
    "title": "Chỉ tiêu chờ bổ sung",
    "placeholder": True,
    "verified": False,
    "source": "Bộ Tư pháp công bố 14 chỉ tiêu; nội dung chỉ tiêu này chưa có trong tay",
}


def pass_fail_with_placeholder() -> dict:
    return framework(
        [indicator({"kind": "boolean", "field": "ok"}, [flag("ok")], code=c) for c in ("1.1", "1.2")]
        + [dict(PENDING)],
        scoring="pass_fail",
    )


def test_a_placeholder_needs_no_fields_or_rule_and_validates() -> None:
    assert validate(pass_fail_with_placeholder()) == []


def test_a_placeholder_is_not_counted_and_the_verdict_says_so() -> None:
    result = score(pass_fail_with_placeholder(), {"values": {"1.1": {"ok": True}, "1.2": {"ok": True}}})
    pending = result.indicators[2]
    assert pending.state == "placeholder" and not pending.met and pending.max_points == 0
    assert "chờ bổ sung" in pending.reason
    # Met 2 of the 2 indicators that exist in full: recognised, and the verdict names what was left out.
    assert result.recognised and result.criteria[0].met_count == 2 and result.criteria[0].max_points == 2
    assert result.pending == ["1.3"]
    assert result.verdict == "Đạt chuẩn tiếp cận pháp luật (chưa tính chỉ tiêu chờ bổ sung: 1.3)"


def test_a_placeholder_does_not_hide_a_failure_either() -> None:
    result = score(pass_fail_with_placeholder(), {"values": {"1.1": {"ok": True}, "1.2": {"ok": False}}})
    assert not result.recognised
    assert result.verdict == (
        "Không đạt: Tiêu chí 1 chưa đạt: 1/2 chỉ tiêu đạt (chưa tính chỉ tiêu chờ bổ sung: 1.3)"
    )
    assert [s.indicator for s in result.gap.suggestions] == ["1.2"]


def test_a_council_verdict_also_names_the_placeholder() -> None:
    result = judge(pass_fail_with_placeholder(), {"TC1": 2})
    assert result.recognised and result.pending == ["1.3"] and "chờ bổ sung: 1.3" in result.verdict


def test_values_or_not_arisen_for_a_placeholder_are_refused() -> None:
    fw = pass_fail_with_placeholder()
    problems = check_values(fw, {"values": {"1.3": {"x": 1}}, "not_arisen": []}, partial=True)
    assert [p.indicator for p in problems] == ["1.3"] and "chờ bổ sung" in problems[0].message
    with pytest.raises(ValuesError, match="chờ bổ sung"):
        score(fw, {"values": {"1.1": {"ok": True}, "1.2": {"ok": True}}, "not_arisen": ["1.3"]})
    # An empty entry (what a form or the sample generator leaves) is no input at all.
    assert check_values(fw, {"values": {"1.1": {"ok": True}, "1.2": {"ok": True}, "1.3": {}}}) == []


def test_a_placeholder_with_a_rule_or_points_is_refused() -> None:
    fw = pass_fail_with_placeholder()
    fw["criteria"][0]["indicators"][2]["rule"] = {"kind": "boolean", "field": "ok"}
    assert any("chờ bổ sung" in p.message for p in validate(fw))
    points = framework(
        [indicator({"kind": "boolean", "field": "ok"}, [flag("ok")]), {**PENDING, "max_points": 5}],
        max_points=15,
    )
    assert any("chờ bổ sung" in p.message for p in validate(points))


def test_in_a_points_framework_a_placeholder_leaves_the_criterion_maximum_alone() -> None:
    fw = framework(
        [indicator({"kind": "boolean", "field": "ok"}, [flag("ok")]), dict(PENDING)], max_points=10
    )
    assert validate(fw) == []
    result = score(fw, {"values": {"1.1": {"ok": True}}})
    assert result.total == D(10) and result.max_total == D(10) and result.pending == ["1.3"]


def test_the_document_page_and_the_diff_know_a_placeholder() -> None:
    assert describe_rule(PENDING) == "Chờ bổ sung nội dung: chưa tính vào kết quả."
    completed = dict(PENDING, placeholder=False, title="Chỉ tiêu đã bổ sung")
    changes = diff(
        pass_fail_with_placeholder(),
        {
            **pass_fail_with_placeholder(),
            "criteria": [
                {
                    **pass_fail_with_placeholder()["criteria"][0],
                    "indicators": [*pass_fail_with_placeholder()["criteria"][0]["indicators"][:2], completed],
                }
            ],
        },
    )
    assert any(c.code == "1.3" and "placeholder" in [f[0] for f in c.fields] for c in changes)


def test_sample_values_skip_a_placeholder() -> None:
    values = sample_values(compile_framework(pass_fail_with_placeholder()), 1, quality=1.0)
    assert "1.3" not in values["values"] and "1.3" not in values["not_arisen"]


# --- Conditions whose inputs are separate facts (QĐ 25/2021/QĐ-TTg, Điều 4, khoản 3) -------------

HEAD: dict[str, Any] = {
    "code": "head_disciplined",
    "text": "Trong năm đánh giá, không có người đứng đầu bị xử lý kỷ luật hành chính hoặc bị truy cứu trách nhiệm hình sự",
    "verified": True,
    "facts": [
        {
            "code": "head_admin_disciplined",
            "label": "Người đứng đầu bị xử lý kỷ luật hành chính",
            "disqualifies": True,
        },
        {
            "code": "head_prosecuted",
            "label": "Người đứng đầu bị truy cứu trách nhiệm hình sự",
            "disqualifies": True,
        },
        {
            "code": "head_party_disciplined",
            "label": "Người đứng đầu chỉ bị xử lý kỷ luật Đảng",
            "disqualifies": False,
        },
    ],
}


def with_head() -> dict:
    return framework(
        [indicator({"kind": "boolean", "field": "ok"}, [flag("ok")])],
        recognition={"total_min": 5, "verified": True, "disqualifiers": [HEAD]},
    )


def test_only_disqualifying_facts_block_recognition() -> None:
    values = {"values": {"1.1": {"ok": True}}}
    assert score(with_head(), values, facts={"head_party_disciplined": True}).recognised
    administrative = score(with_head(), values, facts={"head_admin_disciplined": True})
    assert not administrative.recognised
    assert (
        administrative.verdict == "Không đạt: Không đủ điều kiện: Người đứng đầu bị xử lý kỷ luật hành chính"
    )
    assert administrative.gap.blocking == ["head_disciplined"]
    assert not score(with_head(), values, facts={"head_prosecuted": True}).recognised


def test_a_condition_fact_must_be_unique_and_known() -> None:
    fw = with_head()
    fw["recognition"]["disqualifiers"][0]["facts"].append(dict(HEAD["facts"][0]))
    assert any("trùng mã" in p.message for p in validate(fw))


# --- An input required only when another one is ticked -------------------------------------------


def test_a_field_required_if_a_flag_is_set() -> None:
    fields = [
        flag("recognised"),
        {"name": "decision_number", "type": "text", "label": "Số quyết định", "required_if": "recognised"},
        {"name": "decision_date", "type": "date", "label": "Ngày quyết định", "required_if": "recognised"},
    ]
    fw = framework([indicator({"kind": "boolean", "field": "recognised"}, fields)])
    assert validate(fw) == []
    assert check_values(fw, {"values": {"1.1": {"recognised": False}}}) == []
    missing = check_values(fw, {"values": {"1.1": {"recognised": True}}})
    assert [p.field for p in missing] == ["Số quyết định", "Ngày quyết định"]
    full = {"recognised": True, "decision_number": "12/QĐ-CAT", "decision_date": "2026-12-20"}
    assert check_values(fw, {"values": {"1.1": full}}) == []
    fw["criteria"][0]["indicators"][0]["fields"][1]["required_if"] = "khong_co"
    assert any("khong_co" in p.message for p in validate(fw))


def test_an_expression_rule_may_use_its_indicators_maximum() -> None:
    fw = framework(
        [indicator({"kind": "expression", "points": "max_points if ok else 0"}, [flag("ok")], max_points=4)]
    )
    assert validate(fw) == []
    assert score(fw, {"values": {"1.1": {"ok": True}}}).total == D(4)


def test_a_full_score_refuses_an_input_the_rule_does_not_read_but_the_form_requires() -> None:
    fields = [flag("ok"), {"name": "decision_date", "type": "date", "label": "Ngày quyết định"}]
    fw = framework([indicator({"kind": "boolean", "field": "ok"}, fields)])
    with pytest.raises(ValuesError, match="Ngày quyết định: chưa nhập"):
        score(fw, {"values": {"1.1": {"ok": True}}})
    assert score(fw, {"values": {"1.1": {"ok": True}}}, partial=True).total == D(10)
