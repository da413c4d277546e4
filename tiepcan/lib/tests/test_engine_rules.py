"""Every rule kind of the scoring engine, with its edge cases."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tiepcan.lib.engine import (
    DefinitionError,
    ValuesError,
    check_values,
    compile_framework,
    round2,
    score,
    validate,
    vn,
)
from tiepcan.lib.engine.expr import ExpressionError, compile_expression
from tiepcan.lib.tests.engine_helpers import flag, framework, indicator, number

D = Decimal


def points(definition: dict, values: dict, **kwargs) -> Decimal:
    return score(definition, {"values": {"1.1": values}}, **kwargs).indicators[0].points


def test_boolean_gives_full_or_nothing() -> None:
    fw = framework([indicator({"kind": "boolean", "field": "ok"}, [flag("ok")])])
    assert points(fw, {"ok": True}) == D(10)
    assert points(fw, {"ok": False}) == D(0)


RATIO_STEPS = framework(
    [
        indicator(
            {
                "kind": "ratio",
                "numerator": "done",
                "denominator": "total",
                "steps": [{"min": 0.9, "points": 10}, {"min": 0.7, "points": 5}],
            },
            [number("total"), number("done")],
            allow_not_arisen=True,
            validations=[{"check": "done <= total", "message": "Số hoàn thành không được lớn hơn tổng số."}],
        )
    ]
)


@pytest.mark.parametrize(("done", "expected"), [(10, 10), (9, 10), (8, 5), (7, 5), (6, 0)])
def test_ratio_steps_use_the_highest_threshold_reached(done: int, expected: int) -> None:
    assert points(RATIO_STEPS, {"total": 10, "done": done}) == D(expected)


def test_a_zero_denominator_counts_as_not_arisen_where_allowed() -> None:
    result = score(RATIO_STEPS, {"values": {"1.1": {"total": 0, "done": 0}}})
    assert result.indicators[0].points == D(10)
    assert result.indicators[0].state == "not_arisen"


def test_a_zero_denominator_gives_nothing_where_not_arisen_is_not_allowed() -> None:
    fw = framework(
        [
            indicator(
                {"kind": "ratio", "numerator": "a", "denominator": "b", "mode": "proportional"},
                [number("b"), number("a")],
            )
        ]
    )
    assert points(fw, {"a": 0, "b": 0}) == D(0)


def test_a_numerator_larger_than_the_denominator_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ValuesError) as error:
        score(RATIO_STEPS, {"values": {"1.1": {"total": 5, "done": 6}}})
    assert "Số hoàn thành không được lớn hơn tổng số." in str(error.value)


def test_proportional_ratio_is_exact_and_rounded_half_up() -> None:
    fw = framework(
        [
            indicator(
                {"kind": "ratio", "numerator": "a", "denominator": "b", "mode": "proportional"},
                [number("b"), number("a")],
                max_points=8,
            )
        ]
    )
    # 8 × 2/3 = 5,333… → 5,33 ; 8 × 1/16 = 0,5
    assert points(fw, {"a": 2, "b": 3}) == D("5.33")
    assert points(fw, {"a": 1, "b": 16}) == D("0.50")


def test_proportional_ratio_reaches_full_marks_at_full_at() -> None:
    fw = framework(
        [
            indicator(
                {
                    "kind": "ratio",
                    "numerator": "a",
                    "denominator": "b",
                    "mode": "proportional",
                    "full_at": 0.9,
                },
                [number("b"), number("a")],
            )
        ]
    )
    assert points(fw, {"a": 9, "b": 10}) == D(10)
    assert points(fw, {"a": 45, "b": 100}) == D(5)


def test_rounding_at_half_a_cent_goes_up() -> None:
    assert round2(D("29.625")) == D("29.63")
    assert round2(D("0.005")) == D("0.01")
    assert round2(D("0.0049")) == D("0.00")
    assert vn(D("29.625")) == "29,63"


def test_choice_gives_the_points_of_the_chosen_level() -> None:
    fields = [
        {
            "name": "level",
            "type": "choice",
            "label": "Mức",
            "options": [
                {"value": "a", "label": "Tốt"},
                {"value": "b", "label": "Khá"},
                {"value": "c", "label": "Yếu"},
            ],
        }
    ]
    fw = framework(
        [indicator({"kind": "choice", "field": "level", "points": {"a": 10, "b": 6, "c": 0}}, fields)]
    )
    assert points(fw, {"level": "b"}) == D(6)
    with pytest.raises(ValuesError, match="lựa chọn không hợp lệ"):
        score(fw, {"values": {"1.1": {"level": "z"}}})


@pytest.mark.parametrize(
    ("mode", "extra", "held", "expected"),
    [
        ("all", {}, [True, True, True], 10),
        ("all", {}, [True, True, False], 0),
        ("k_of_n", {"k": 2}, [True, False, True], 10),
        ("k_of_n", {"k": 2}, [True, False, False], 0),
        ("per_item", {"per_item": 4}, [True, True, True], 10),
        ("per_item", {"per_item": 4}, [True, False, False], 4),
    ],
)
def test_checklists_count_items(mode: str, extra: dict, held: list[bool], expected: int) -> None:
    fw = framework(
        [
            indicator(
                {"kind": "checklist", "fields": ["a", "b", "c"], "mode": mode, **extra},
                [flag("a"), flag("b"), flag("c")],
            )
        ]
    )
    assert points(fw, dict(zip("abc", held, strict=True))) == D(expected)


def test_deductions_stop_at_zero() -> None:
    fw = framework(
        [indicator({"kind": "deduction", "field": "violations", "per": 3}, [number("violations")])]
    )
    assert points(fw, {"violations": 0}) == D(10)
    assert points(fw, {"violations": 2}) == D(4)
    assert points(fw, {"violations": 7}) == D(0)


def test_computed_values_feed_step_rules() -> None:
    fw = framework(
        [
            indicator(
                {
                    "kind": "steps",
                    "value": "change",
                    "steps": [{"min": 1, "points": 10}, {"min": 0, "points": 5}],
                },
                [number("now"), number("before")],
                computed={"change": "before - now"},
            )
        ]
    )
    assert points(fw, {"now": 3, "before": 5}) == D(10)
    assert points(fw, {"now": 5, "before": 5}) == D(5)
    assert points(fw, {"now": 6, "before": 5}) == D(0)


def test_expression_rules_are_clamped_to_the_indicator_maximum() -> None:
    fw = framework([indicator({"kind": "expression", "points": "x * 3"}, [number("x")])])
    assert points(fw, {"x": 2}) == D(6)
    assert points(fw, {"x": 9}) == D(10)


def test_documents_must_be_issued_by_their_deadline() -> None:
    fw = framework(
        [
            indicator(
                {"kind": "documents", "field": "docs", "mode": "proportional"},
                [{"name": "docs", "type": "documents", "label": "Văn bản"}],
                allow_not_arisen=True,
            )
        ]
    )
    docs = [
        {"title": "Kế hoạch", "due_on": "2026-01-31", "issued_on": "2026-01-31"},
        {"title": "Quyết định", "due_on": "2026-03-01", "issued_on": "2026-03-05"},
    ]
    result = score(fw, {"values": {"1.1": {"docs": docs}}})
    assert result.indicators[0].points == D(5)
    assert "1/2 văn bản ban hành đúng hạn" in result.indicators[0].reason
    assert "Quyết định" in result.indicators[0].reason
    empty = score(fw, {"values": {"1.1": {"docs": []}}})
    assert empty.indicators[0].state == "not_arisen" and empty.indicators[0].points == D(10)


def test_not_arisen_gives_full_marks_only_where_allowed_and_only_when_said() -> None:
    allowed = framework([indicator({"kind": "boolean", "field": "ok"}, [flag("ok")], allow_not_arisen=True)])
    result = score(allowed, {"values": {}, "not_arisen": ["1.1"]})
    assert result.indicators[0].points == D(10) and "Không phát sinh" in result.indicators[0].reason
    refused = framework([indicator({"kind": "boolean", "field": "ok"}, [flag("ok")])])
    with pytest.raises(ValuesError, match="không được ghi “không phát sinh”"):
        score(refused, {"values": {}, "not_arisen": ["1.1"]})


def test_negative_and_missing_input_are_refused_in_vietnamese() -> None:
    fw = framework(
        [indicator({"kind": "deduction", "field": "violations", "per": 1}, [number("violations")])]
    )
    with pytest.raises(ValuesError) as negative:
        score(fw, {"values": {"1.1": {"violations": -1}}})
    assert "không được âm" in str(negative.value)
    with pytest.raises(ValuesError) as missing:
        score(fw, {"values": {}})
    assert "chưa nhập" in str(missing.value)
    partial = score(fw, {"values": {}}, partial=True)
    assert partial.indicators[0].reason == "Chưa nhập" and partial.indicators[0].points == D(0)
    assert [str(p) for p in check_values(fw, {"values": {"1.1": {"violations": "ba"}}})] == [
        "Chỉ tiêu 1.1, Violations: phải là số"
    ]


def test_a_percentage_above_100_is_refused() -> None:
    fw = framework(
        [
            indicator(
                {"kind": "steps", "value": "rate", "steps": [{"min": 90, "points": 10}]},
                [number("rate", "percentage")],
            )
        ]
    )
    with pytest.raises(ValuesError, match="không được lớn hơn 100"):
        score(fw, {"values": {"1.1": {"rate": 101}}})


def test_the_verdict_names_the_weak_criterion_and_the_gap_names_what_to_fix() -> None:
    fw = framework(
        [
            indicator({"kind": "boolean", "field": "ok"}, [flag("ok")], code="1.1", max_points=6),
            indicator({"kind": "boolean", "field": "ok"}, [flag("ok")], code="1.2", max_points=4),
        ],
        recognition={"total_min": 8, "criterion_min_share": 0.5, "verified": True},
    )
    result = score(fw, {"values": {"1.1": {"ok": False}, "1.2": {"ok": True}}})
    assert not result.recognised
    assert result.verdict == "Không đạt: Tiêu chí 1 đạt 4,00/10 điểm, dưới 50%; Tổng điểm 4,00, dưới 8 điểm"
    assert result.gap.total_short == D(4) and result.gap.criteria_short == [("TC1", D(1))]
    assert result.gap.suggestions[0].indicator == "1.1" and result.gap.suggestions[0].recoverable == D(6)


def test_a_disqualifying_fact_blocks_recognition() -> None:
    fw = framework(
        [indicator({"kind": "boolean", "field": "ok"}, [flag("ok")])],
        recognition={
            "total_min": 5,
            "verified": True,
            "disqualifiers": [
                {"code": "head_disciplined", "text": "người đứng đầu bị kỷ luật", "verified": True}
            ],
        },
    )
    values = {"values": {"1.1": {"ok": True}}}
    assert score(fw, values).recognised
    blocked = score(fw, values, facts={"head_disciplined": True})
    assert not blocked.recognised and "người đứng đầu bị kỷ luật" in blocked.verdict
    assert blocked.gap.blocking == ["head_disciplined"]


def test_pass_fail_criteria_need_all_or_k_indicators() -> None:
    fw = framework(
        [indicator({"kind": "boolean", "field": "ok"}, [flag("ok")], code=c) for c in ("1.1", "1.2", "1.3")],
        scoring="pass_fail",
    )
    fw["criteria"][0]["required_met"] = 2
    result = score(fw, {"values": {"1.1": {"ok": True}, "1.2": {"ok": False}, "1.3": {"ok": True}}})
    assert result.recognised and result.criteria[0].met_count == 2
    fw["criteria"][0]["required_met"] = "all"
    result = score(fw, {"values": {"1.1": {"ok": True}, "1.2": {"ok": False}, "1.3": {"ok": True}}})
    assert not result.recognised and "Tiêu chí 1 chưa đạt: 2/3 chỉ tiêu đạt" in result.verdict


def test_expressions_refuse_anything_but_arithmetic() -> None:
    for bad in ("__import__('os').system('ls')", "a.b", "a[0]", "open('x')", "lambda: 1", "'text'"):
        with pytest.raises(ExpressionError):
            compile_expression(bad)
    assert compile_expression("max(a, 2) / 4 if a > 0 else 0").evaluate({"a": 6}) == D("1.5")


def test_validation_reports_rule_and_field_problems() -> None:
    fw = framework([indicator({"kind": "boolean", "field": "missing_field"}, [flag("ok")])])
    problems = validate(fw)
    assert any("quy tắc dùng trường chưa khai báo “missing_field”" in str(p) for p in problems)
    fw = framework([indicator({"kind": "boolean", "field": "ok"}, [flag("ok")])], max_points=12)
    assert any("khác tổng điểm các chỉ tiêu" in str(p) for p in validate(fw))
    with pytest.raises(DefinitionError):
        compile_framework(fw)


def test_an_indicator_can_require_digitally_signed_evidence() -> None:
    signed = indicator(
        {"kind": "boolean", "field": "done"}, [flag("done")], evidence={"required": True, "signed": True}
    )
    plain = indicator({"kind": "boolean", "field": "done"}, [flag("done")], code="1.2")
    fw = framework([signed, plain])
    assert validate(fw) == []
    first, second = compile_framework(fw).indicators()
    assert first.evidence_signed and first.evidence_required
    assert not second.evidence_signed
    fw["criteria"][0]["indicators"][0]["evidence"]["signed"] = "có"
    assert validate(fw)
