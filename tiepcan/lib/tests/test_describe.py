"""Rules read as Vietnamese sentences on the framework page, formulas included."""

from __future__ import annotations

from tiepcan.lib.engine.describe import describe_rule

PLAN = {
    "fields": [
        {"name": "plan_on_time", "type": "boolean", "label": "Kế hoạch được ban hành kịp thời"},
        {"name": "tasks", "type": "integer", "label": "Số nhiệm vụ"},
        {"name": "done", "type": "integer", "label": "Số nhiệm vụ hoàn thành"},
    ],
    "computed": {"share_done": "done / tasks if tasks > 0 else 1"},
    "rule": {"kind": "expression", "points": "1 if plan_on_time and share_done >= 0.9 else 0"},
}


def test_it_writes_a_pass_fail_formula_with_labels_letters_and_a_decimal_comma() -> None:
    assert describe_rule(PLAN, pass_fail=True) == (
        "Đạt khi “Kế hoạch được ban hành kịp thời” và a ≥ 0,9; trong đó a = “Số nhiệm vụ hoàn thành” / "
        "“Số nhiệm vụ” nếu “Số nhiệm vụ” > 0, nếu không 1."
    )


def test_it_writes_a_points_formula_without_english_or_field_names() -> None:
    indicator = {
        **PLAN,
        "rule": {"kind": "expression", "points": "min(share_done * 4, 2.5) + (1 if plan_on_time else 0)"},
    }
    text = describe_rule(indicator)
    assert text == (
        "Tính theo công thức: min(a × 4; 2,5) + (1 nếu “Kế hoạch được ban hành kịp thời”, nếu không 0) điểm; "
        "trong đó a = “Số nhiệm vụ hoàn thành” / “Số nhiệm vụ” nếu “Số nhiệm vụ” > 0, nếu không 1."
    )
    for word in ("if", "else", "and", "share_done", "plan_on_time", "2.5"):
        assert word not in text.split()


def test_a_ratio_to_a_computed_value_shows_the_value_not_its_name() -> None:
    indicator = {
        "fields": [{"name": "rate", "type": "percentage", "label": "Tỷ lệ hài lòng (%)"}],
        "computed": {"hundred": "100"},
        "rule": {"kind": "ratio", "numerator": "rate", "denominator": "hundred", "mode": "proportional"},
    }
    assert describe_rule(indicator) == "Điểm theo tỷ lệ “Tỷ lệ hài lòng (%)” / 100."
