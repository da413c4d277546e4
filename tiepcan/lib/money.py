"""Sums of money in whole đồng, written the Vietnamese way: 1.250.000.000 (dots or spaces group thousands)."""

from __future__ import annotations

import re
import unicodedata

# Grouped by dots ("1.250.000"), by spaces ("1 250 000", also the no-break and thin spaces that
# spreadsheets and word processors copy) or not at all ("1250000"); an optional "đ", "đồng", "VND".
_CURRENCY = re.compile(r"\s*(?:đồng|đ|vnđ|vnd)\.?\s*$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")  # Unicode-aware: also the no-break and thin spaces
_AMOUNT = re.compile(r"[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+")
# Longer than this is no sum of money (and Python refuses to convert very long digit strings).
_MAX_LENGTH = 40


def parse_vnd(text: str) -> int | None:
    """ "1.250.000.000", "1 250 000 000 đ" or "1250000000" → 1250000000; anything else → None.

    A comma is refused rather than guessed: in Vietnamese it separates decimals ("1,5"), in English
    it groups thousands, and đồng have no decimals. A dot must group exactly three digits, so
    "1.25" (a decimal typed the English way) is refused too.
    """
    cleaned = _SPACES.sub("", _CURRENCY.sub("", unicodedata.normalize("NFC", text).strip()))
    if len(cleaned) > _MAX_LENGTH or not _AMOUNT.fullmatch(cleaned):
        return None
    return int(cleaned.replace(".", ""))


def group_vnd(amount: int) -> str:
    """1250000000 → "1.250.000.000"."""
    return f"{amount:,d}".replace(",", ".")
