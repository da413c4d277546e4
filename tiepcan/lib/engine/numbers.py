"""Exact arithmetic for score sheets: Decimal, rounded half-up to two places (29,63).

:func:`parse_number` is the one parser of numbers people type, shared by the engine,
the services and the forms: it accepts plain ("1250000", "0.5") and Vietnamese
("1.250.000", "0,5") notation and refuses everything else (NaN, Infinity, 1e309,
0x10, "²", forty nines) with a Vietnamese message instead of an exception deep down.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

ZERO = Decimal(0)
CENT = Decimal("0.01")
_QUANTA = {0: Decimal(1), 1: Decimal("0.1"), 2: CENT}
_SWAP = str.maketrans({",": ".", ".": ","})

# No count, amount (in đồng) or score needs more: 15 digits is a thousand trillion, within a
# 64-bit integer, a double and every DecimalField here, so a parsed number never overflows later.
MAX_DIGITS = 15
MAX_PLACES = 6
# ASCII digits only: "²".isdigit() is true but int("²") fails, and "١٢" is not how anyone here types.
_PLAIN = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
_VIETNAMESE = re.compile(r"[+-]?(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]+)?")
_GROUPED_INTEGER = re.compile(r"[+-]?[0-9]{1,3}(?:\.[0-9]{3})+")


class NumberError(ValueError):
    """A typed number the parser refuses; ``code`` says why, ``str()`` says it in Vietnamese."""

    MESSAGES = {
        "invalid": "phải là số",
        "integer": "phải là số nguyên",
        "too_large": "quá lớn (tối đa 15 chữ số)",
        "places": "có quá nhiều chữ số sau dấu phẩy",
    }

    def __init__(self, code: str) -> None:
        super().__init__(self.MESSAGES[code])
        self.code = code


def to_decimal(value: Any) -> Decimal:
    """Exact conversion of trusted values: floats go through their shortest repr, so 0.1 stays 0.1.

    Refuses what is not a finite number (NaN, Infinity), which no score or definition holds.
    """
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, bool):
        return Decimal(int(value))
    elif isinstance(value, int):
        return Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    else:
        try:
            number = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation as exc:
            raise ValueError(f"không phải là số: {value!r}") from exc
    if not number.is_finite():
        raise ValueError(f"không phải là số hữu hạn: {value!r}")
    return number


def parse_number(
    value: Any, *, integer: bool = False, max_digits: int = MAX_DIGITS, max_places: int = MAX_PLACES
) -> Decimal:
    """A number a person typed (or sent), or :class:`NumberError`.

    Strings take plain notation ("1250000", "-0.5") or Vietnamese notation ("1.250.000",
    "0,5": dots group thousands when a comma marks the decimals, or in an integer field).
    Exponents, hexadecimal, NaN, Infinity and non-ASCII digits are refused; so are numbers
    with more than ``max_digits`` digits before the decimal point or ``max_places`` after it.
    """
    if isinstance(value, bool):
        raise NumberError("invalid")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float | Decimal):
        number = Decimal(repr(value)) if isinstance(value, float) else value
        if not number.is_finite():
            raise NumberError("invalid")
    elif isinstance(value, str):
        number = _parse_text(value, integer)
    else:
        raise NumberError("invalid")
    if number.is_zero():
        return Decimal(0)
    _sign, digits, exponent = number.normalize().as_tuple()
    assert isinstance(exponent, int)  # finite numbers only here
    if len(digits) + exponent > max_digits:
        raise NumberError("too_large")
    if integer and exponent < 0:
        raise NumberError("integer")
    if -exponent > max_places:
        raise NumberError("places")
    return number


def _parse_text(value: str, integer: bool) -> Decimal:
    text = value.strip().replace(" ", "").replace("\u00a0", "")
    if len(text) > 64:  # longer than any number allowed here: refuse before the regexes run
        raise NumberError("too_large" if text.lstrip("+-").isdigit() else "invalid")
    if "," in text:
        if not _VIETNAMESE.fullmatch(text):
            raise NumberError("invalid")
        text = text.replace(".", "").replace(",", ".")
    elif _GROUPED_INTEGER.fullmatch(text) and (integer or text.count(".") > 1):
        # "1.250" is one and a quarter in a decimal field; "1.250.000" can only be grouping.
        text = text.replace(".", "")
    elif not _PLAIN.fullmatch(text):
        raise NumberError("invalid")
    return Decimal(text)


def optional_int(value: Any, *, low: int | None = None, high: int | None = None) -> int | None:
    """A whole number from a query parameter or a hand-read field, or None when it is not one.

    For filters and ids, where a wrong value means "no filter" or "not found" rather than an
    error message: "²", "0x10", forty nines and "1,5,5" all give None.
    """
    if value is None or value == "":
        return None
    try:
        number = int(parse_number(str(value), integer=True, max_digits=18))
    except NumberError:
        return None
    if (low is not None and number < low) or (high is not None and number > high):
        return None
    return number


# Every primary key here is a 64-bit integer.
MAX_ID = 2**63 - 1


def optional_id(value: Any) -> int | None:
    """A row id from a hand-read field (a positive 64-bit integer), or None."""
    return optional_int(value, low=1, high=MAX_ID)


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
