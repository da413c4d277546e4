"""The one parser of typed numbers, and the engine's inputs: hostile values are problems, never crashes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tiepcan.lib.engine import check_values, compile_framework, load_definition
from tiepcan.lib.engine.numbers import (
    MAX_DIGITS,
    NumberError,
    optional_id,
    optional_int,
    parse_number,
    to_decimal,
)

DATA = Path(__file__).resolve().parents[2] / "frameworks" / "data"
SHIPPED = [compile_framework(load_definition(path)) for path in sorted(DATA.glob("*.yaml"))]
HOSTILE = [
    "NaN",
    "sNaN",
    "-sNaN",
    "Infinity",
    "-Infinity",
    "inf",
    "1e309",
    "1e30",
    "1E+5",
    "9" * 40,
    "9" * 25,
    "0x10",
    "1,5,5",
    "²",
    "١٢",
    " ",
    "abc",
    "\x00",
    "1_000",
    "--1",
    "1.2.3,4,5",
    float("nan"),
    float("inf"),
    10**40,
    -(10**40),
    True,
    [1],
    {"a": 1},
    Decimal("NaN"),
    Decimal("sNaN"),
    Decimal("1e400"),
]


@pytest.mark.parametrize(
    ("text", "integer", "expected"),
    [
        ("1250000", True, Decimal(1250000)),
        ("1.250.000", True, Decimal(1250000)),
        ("1.250.000", False, Decimal(1250000)),
        ("1.250", False, Decimal("1.25")),
        ("0,5", False, Decimal("0.5")),
        ("1.250.000,75", False, Decimal("1250000.75")),
        (" -3 ", True, Decimal(-3)),
        ("0.5", False, Decimal("0.5")),
        (7, True, Decimal(7)),
        (0.1, False, Decimal("0.1")),
    ],
)
def test_it_reads_numbers_the_way_people_type_them(text: object, integer: bool, expected: Decimal) -> None:
    assert parse_number(text, integer=integer) == expected


@pytest.mark.parametrize("value", HOSTILE)
def test_it_refuses_what_is_not_a_plain_finite_number(value: object) -> None:
    with pytest.raises(NumberError) as raised:
        parse_number(value)
    assert str(raised.value) in {"phải là số", "quá lớn (tối đa 15 chữ số)"}


def test_it_refuses_fractions_in_integer_fields_and_long_fractions_anywhere() -> None:
    with pytest.raises(NumberError, match="phải là số nguyên"):
        parse_number("2,5", integer=True)
    with pytest.raises(NumberError, match="quá nhiều chữ số sau dấu phẩy"):
        parse_number("0,1234567")


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=40), st.integers(), st.floats(allow_nan=True, allow_infinity=True), st.decimals()
    )
)
def test_any_value_is_either_a_bounded_finite_number_or_a_number_error(value: object) -> None:
    try:
        number = parse_number(value)
    except NumberError:
        return
    assert number.is_finite()
    assert abs(number) < Decimal(10) ** MAX_DIGITS
    # What passes can be rounded for a score sheet and stored without loss of range.
    number.quantize(Decimal("0.01"))


def test_trusted_conversion_refuses_what_is_not_finite() -> None:
    for value in ("NaN", "sNaN", "Infinity", float("nan"), Decimal("-Infinity")):
        with pytest.raises(ValueError, match="không phải là số"):
            to_decimal(value)


def test_filters_and_ids_are_none_unless_they_are_in_range() -> None:
    assert optional_int("2026", low=2000, high=2100) == 2026
    assert [optional_int(v) for v in ("²", "0x10", "9" * 40, "1,5,5", "", None, "NaN")] == [None] * 7
    assert optional_id("12") == 12
    assert optional_id("0") is None
    assert optional_id(str(2**63)) is None


@pytest.mark.parametrize("value", HOSTILE)
def test_every_numeric_input_of_every_shipped_framework_reports_hostile_values(value: object) -> None:
    for framework in SHIPPED:
        for indicator in framework.indicators():
            numeric = [f for f in indicator.fields if f["type"] in ("integer", "decimal", "percentage")]
            for field in numeric:
                problems = check_values(framework, {indicator.code: {field["name"]: value}}, partial=True)
                assert any(p.field == field["label"] for p in problems), (
                    indicator.code,
                    field["name"],
                    value,
                )


@pytest.mark.parametrize("kind", ["integer", "decimal", "percentage"])
@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_value_in_any_kind_of_number_field_is_a_problem(kind: str, value: object) -> None:
    from tiepcan.lib.tests.engine_helpers import framework, indicator, number

    compiled = compile_framework(
        framework(
            [
                indicator(
                    {"kind": "steps", "value": "x", "steps": [{"min": 0, "points": 10}]}, [number("x", kind)]
                )
            ]
        )
    )
    problems = check_values(compiled, {"1.1": {"x": value}}, partial=True)
    assert [p.field for p in problems] == ["X"]
