"""Properties that hold for any input (hypothesis)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tiepcan.lib.engine import compile_framework, judge, load_definition, score
from tiepcan.lib.engine.sample import sample_values
from tiepcan.lib.tests.engine_helpers import framework, indicator, number

DATA = Path(__file__).resolve().parents[2] / "frameworks" / "data"
SHIPPED = {
    code: compile_framework(load_definition(DATA / f"{code}.yaml"))
    for code in ("qd619-2017", "qd25-2021", "qd27-2025")
}

RATIO = compile_framework(
    framework(
        [
            indicator(
                {"kind": "ratio", "numerator": "a", "denominator": "b", "mode": "proportional"},
                [number("b"), number("a")],
                max_points=7,
                validations=[{"check": "a <= b", "message": "a ≤ b"}],
            )
        ]
    )
)
RATIO_STEPS = compile_framework(
    framework(
        [
            indicator(
                {
                    "kind": "ratio",
                    "numerator": "a",
                    "denominator": "b",
                    "steps": [{"min": 0.8, "points": 7}, {"min": 0.5, "points": 3}],
                },
                [number("b"), number("a")],
                max_points=7,
                validations=[{"check": "a <= b", "message": "a ≤ b"}],
            )
        ]
    )
)


@settings(max_examples=150, deadline=None)
@given(
    code=st.sampled_from(sorted(SHIPPED)),
    seed=st.integers(0, 10_000),
    quality=st.floats(0, 1),
    unit_class=st.sampled_from(["I", "II", "III"]),
)
def test_points_stay_between_zero_and_the_maximum(
    code: str, seed: int, quality: float, unit_class: str
) -> None:
    compiled = SHIPPED[code]
    result = score(compiled, sample_values(compiled, seed, quality), unit_class=unit_class)
    for item in result.indicators:
        assert Decimal(0) <= item.points <= item.max_points
    for criterion in result.criteria:
        assert Decimal(0) <= criterion.points <= criterion.max_points
    assert result.total == sum((c.points for c in result.criteria), Decimal(0))
    assert result.total <= result.max_total


@settings(max_examples=150, deadline=None)
@given(
    code=st.sampled_from(sorted(SHIPPED)),
    seed=st.integers(0, 10_000),
    disciplined=st.booleans(),
    unit_class=st.sampled_from(["I", "II", "III"]),
)
def test_recognised_exactly_when_every_condition_holds_and_the_gap_is_zero_exactly_then(
    code: str, seed: int, disciplined: bool, unit_class: str
) -> None:
    compiled = SHIPPED[code]
    facts: dict[str, bool] = {}
    disqualified = False
    for item in compiled.recognition.get("disqualifiers", []):
        # A condition answered through facts (QĐ 25 Điều 4.3) fails only on those that disqualify.
        for fact in item.get("facts", [{"code": item["code"], "disqualifies": True}]):
            facts[fact["code"]] = disciplined
            disqualified = disqualified or (disciplined and fact["disqualifies"])
    result = score(compiled, sample_values(compiled, seed), facts=facts, unit_class=unit_class)
    recognition = compiled.recognition
    criteria_ok = all(c.passed for c in result.criteria)
    if compiled.pass_fail:
        total_ok = True
    else:
        threshold = recognition.get("total_min_by_class", {}).get(unit_class, recognition.get("total_min"))
        total_ok = result.total >= Decimal(str(threshold))
    satisfaction_ok = True
    if "satisfaction_min" in recognition:
        raw = sample_values(compiled, seed)["values"].get(recognition["satisfaction_indicator"], {})
        rate = raw.get(recognition["satisfaction_field"])
        satisfaction_ok = rate is not None and Decimal(str(rate)) >= Decimal(
            str(recognition["satisfaction_min"])
        )
    expected = criteria_ok and total_ok and satisfaction_ok and not disqualified
    assert result.recognised is expected
    assert result.gap.is_zero is result.recognised


@settings(max_examples=200, deadline=None)
@given(b=st.integers(1, 500), a1=st.integers(0, 500), a2=st.integers(0, 500))
def test_ratio_rules_are_monotonic(b: int, a1: int, a2: int) -> None:
    low, high = sorted((min(a1, b), min(a2, b)))
    for compiled in (RATIO, RATIO_STEPS):
        p_low = score(compiled, {"values": {"1.1": {"a": low, "b": b}}}).indicators[0].points
        p_high = score(compiled, {"values": {"1.1": {"a": high, "b": b}}}).indicators[0].points
        assert p_low <= p_high


@settings(max_examples=150, deadline=None)
@given(
    points=st.lists(st.decimals(min_value=0, max_value=1, places=2), min_size=5, max_size=5),
    unit_class=st.sampled_from(["I", "II", "III"]),
)
def test_judge_agrees_with_its_conditions(points: list[Decimal], unit_class: str) -> None:
    compiled = SHIPPED["qd619-2017"]
    sheet = {
        c.code: (share * c.max_points).quantize(Decimal("0.01"))
        for c, share in zip(compiled.criteria, points, strict=True)
    }
    result = judge(compiled, sheet, unit_class=unit_class, satisfaction=95)
    threshold = Decimal(str(compiled.recognition["total_min_by_class"][unit_class]))
    expected = sum(sheet.values()) >= threshold and all(
        sheet[c.code] >= c.max_points / 2 for c in compiled.criteria
    )
    assert result.recognised is expected
    assert result.gap.is_zero is expected


@settings(max_examples=60, deadline=None)
@given(
    code=st.sampled_from(sorted(SHIPPED)),
    seed=st.integers(0, 10_000),
    quality=st.floats(0, 1),
    partial=st.booleans(),
)
def test_checking_one_indicator_finds_what_checking_them_all_finds_for_it(
    code: str, seed: int, quality: float, partial: bool
) -> None:
    from tiepcan.lib.engine import check_values

    fw = SHIPPED[code]
    values = sample_values(fw, seed=seed, quality=quality)
    # Some inputs garbled or left out, and a code the framework does not have.
    for position, (_code, fields) in enumerate(sorted(values.get("values", {}).items())):
        if fields and position % 3 == 0:
            fields[next(iter(fields))] = "không phải số" if position % 2 else None
    values.setdefault("values", {})["9.99"] = {"x": 1}
    everything = check_values(fw, values, partial=partial)
    for indicator_code in [*(i.code for i in fw.indicators()), "9.99"]:
        alone = check_values(fw, values, partial=partial, only=indicator_code)
        assert alone == [p for p in everything if p.indicator == indicator_code]
