"""Exact arithmetic for score sheets: Decimal, rounded half-up to two places (29,63)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

ZERO = Decimal(0)
CENT = Decimal("0.01")
_QUANTA = {0: Decimal(1), 1: Decimal("0.1"), 2: CENT}
_SWAP = str.maketrans({",": ".", ".": ","})


def to_decimal(value: Any) -> Decimal:
    """Exact conversion: floats go through their shortest repr, so 0.1 stays 0.1."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    try:
        return Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation as exc:
        raise ValueError(f"không phải là số: {value!r}") from exc


def round2(value: Decimal) -> Decimal:
    """Half-up to two decimals, as Vietnamese score sheets print (x,xx5 goes up)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def clamp(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    return max(low, min(high, value))


def vn(value: Decimal | int | float, places: int = 2) -> str:
    """Vietnamese notation: 95,45 and 1.250; trailing zeros kept to ``places`` (4,00)."""
    number = to_decimal(value)
    quantized = number.quantize(
        _QUANTA[places] if places in _QUANTA else Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP
    )
    # Python groups with "," and splits decimals with "."; Vietnamese does the opposite.
    return f"{quantized:,.{places}f}".translate(_SWAP)


def vn_short(value: Decimal) -> str:
    """Like ``vn`` but without useless trailing zeros: 20 → "20", 28,70 → "28,7"."""
    text = vn(value)
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def vn_percent(value: Decimal | int | float) -> str:
    """A percentage's number, two decimals at most and no needless zeros: 100, 66,67, 12,5."""
    return vn_short(to_decimal(value))
