"""Exact score arithmetic and Vietnamese number formatting.

Score sheets are kept with two decimals and rounded half-up (a 9,565 on the sheet is
written 9,57, never the banker's 9,56). All arithmetic stays in :class:`Decimal`;
floats only ever enter through :func:`to_decimal`, which goes through their shortest
``repr`` so that ``0.1`` becomes exactly ``Decimal("0.1")``.
"""

from __future__ import annotations

import re
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = [
    "HUNDRED",
    "ONE",
    "ZERO",
    "ceil_points",
    "format_decimal",
    "format_percent",
    "format_points",
    "parse_decimal",
    "plain",
    "round_points",
    "to_decimal",
]

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
_CENT = Decimal("0.01")
_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(9)}
# A dot for thousands and a comma for decimals, the Vietnamese way: 1.250,50.
_SWAP = str.maketrans({",": ".", ".": ","})
_NUMBER_TEXT = re.compile(r"^[+-]?(\d+([.,]\d+)?|[.,]\d+)$")


def to_decimal(value: object) -> Decimal:
    """Convert an int, float, Decimal or numeric string to an exact Decimal.

    Raises ``ValueError`` (with a Vietnamese message) for anything else, including
    booleans, which Python would otherwise happily treat as 0 and 1.
    """
    if isinstance(value, bool):
        raise ValueError("không phải là số")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("không phải là số hữu hạn")
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("không phải là số hữu hạn")
        return Decimal(repr(value))
    if isinstance(value, str):
        return parse_decimal(value)
    raise ValueError("không phải là số")


def parse_decimal(text: str) -> Decimal:
    """Parse ``"12"``, ``"12.5"`` or the Vietnamese ``"12,5"``; no thousands separators.

    Thousands separators are refused on purpose: ``"1.250"`` would mean 1250 to a
    Vietnamese reader and 1.25 to a machine, and a score must never depend on a guess.
    """
    cleaned = text.strip().replace(" ", "")
    if not _NUMBER_TEXT.match(cleaned):
        raise ValueError(f"“{text}” không phải là số")
    try:
        return Decimal(cleaned.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the pattern already guards this
        raise ValueError(f"“{text}” không phải là số") from exc


def round_points(value: Decimal, places: int = 2) -> Decimal:
    """Round half-up to ``places`` decimals (2 by default), as score sheets do."""
    return value.quantize(_QUANTA[places], rounding=ROUND_HALF_UP)


def ceil_points(value: Decimal, places: int = 2) -> Decimal:
    """Round up to ``places`` decimals: the smallest sheet value that reaches ``value``."""
    return value.quantize(_QUANTA[places], rounding=ROUND_CEILING)


def plain(value: Decimal) -> Decimal:
    """``value`` without trailing zeros and never in exponent form (``10``, ``7.5``)."""
    if value == value.to_integral_value():
        return value.quantize(ONE)
    return value.normalize()


def format_decimal(value: Decimal | int, places: int | None = 2, *, grouping: bool = True) -> str:
    """Format a number the Vietnamese way: ``95,45``; ``1.250``; ``1.250,50``.

    ``places=None`` keeps only the digits that matter (``10``, ``7,5``), which is how
    maximum points and thresholds are written in the legal texts.
    """
    number = Decimal(value) if isinstance(value, int) else value
    if places is None:
        number = plain(number)
        spec = ",f" if grouping else "f"
    else:
        number = round_points(number, places)
        spec = f",.{places}f" if grouping else f".{places}f"
    text = format(number, spec).translate(_SWAP)
    if text.startswith("-") and set(text[1:]) <= {"0", ",", "."}:
        text = text[1:]  # "-0,00" reads as a sign error on a score sheet
    return text


def format_points(value: Decimal) -> str:
    """Points as written on a score sheet: always two decimals (``29,63``; ``15,00``)."""
    return format_decimal(value, 2)


def format_percent(share: Decimal, places: int | None = 2) -> str:
    """A share in [0, 1] as a Vietnamese percentage: ``Decimal("0.9735")`` → ``97,35%``."""
    return f"{format_decimal(share * HUNDRED, places)}%"
