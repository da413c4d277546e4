"""Vietnamese text helpers: NFC normalisation, collation keys and search folding.

Python's default ``sorted()`` compares code points, which puts "Đ" after "Z" and
orders tone marks by their Unicode values. Vietnamese readers expect the alphabet
a ă â b c d đ e ê … with tones compared only when the letters are equal
(CLDR's Vietnamese tailoring: no tone < huyền < hỏi < ngã < sắc < nặng).

No Django import here: the functions are used by models, imports and tests alike.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable

__all__ = ["escape_html", "fold", "in_sentence", "nfc", "sort_key", "sort_key_str", "vi_sorted"]

# Letters in Vietnamese dictionary order, with the four Latin letters Vietnamese
# does not use (f, j, w, z) slotted where the Latin alphabet puts them, because
# foreign names (e.g. "Ja Tơ") occur in unit and person names.
_ALPHABET = [
    "a",
    "ă",
    "â",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "ê",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "ô",
    "ơ",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "ư",
    "v",
    "w",
    "x",
    "y",
    "z",
]

# Combining marks that change the letter (ă, â, ê, ô, ơ, ư) versus those that carry
# the tone of the syllable.
_LETTER_MARKS = {"\u0306": "\u0306", "\u0302": "\u0302", "\u031b": "\u031b"}
_TONE_ORDER = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

_DIGIT_BASE = 2  # rank 1 is the word separator, 2..11 the digits
_LETTER_BASE = _DIGIT_BASE + 10
_RANKS: dict[str, int] = {}
for _i, _letter in enumerate(_ALPHABET):
    _RANKS[unicodedata.normalize("NFD", _letter)] = _LETTER_BASE + _i
_OTHER_RANK = 999
_WS = re.compile(r"\s+")


def nfc(value: str) -> str:
    """Return ``value`` in Unicode NFC with surrounding and repeated spaces removed."""
    return _WS.sub(" ", unicodedata.normalize("NFC", value)).strip()


def _clusters(value: str) -> list[tuple[str, int]]:
    """Split text into (letter, tone) pairs: a base character with its letter marks."""
    out: list[tuple[str, int]] = []
    for ch in unicodedata.normalize("NFD", value.casefold()):
        if unicodedata.combining(ch):
            if not out:
                continue
            base, tone = out[-1]
            if ch in _LETTER_MARKS:
                out[-1] = (base + ch, tone)
            elif ch in _TONE_ORDER:
                out[-1] = (base, _TONE_ORDER[ch])
            continue
        out.append((ch, 0))
    return out


def _rank(letter: str) -> int:
    if letter.isspace() or letter in "-–,.()/":
        return 1
    if letter.isdigit() and len(letter) == 1 and letter.isascii():
        return _DIGIT_BASE + int(letter)
    return _RANKS.get(letter, _OTHER_RANK)


def sort_key(value: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """Collation key: letters first, then tones, then the exact text as a last tie-break."""
    clusters = _clusters(nfc(value))
    primary = tuple(_rank(letter) for letter, _ in clusters)
    tones = tuple(tone for _, tone in clusters)
    return primary, tones, nfc(value)


def sort_key_str(value: str, length: int = 240) -> str:
    """The collation key as a string of digits, for ordering in the database.

    Digits only, so every database collation (C, en_US, ICU) orders it the same way.
    Each letter takes three digits; "000" separates the letters from the tones,
    which makes a name sort before any longer name it is a prefix of.
    """
    primary, tones, _ = sort_key(value)
    key = "".join(f"{r:03d}" for r in primary) + "000" + "".join(str(t) for t in tones)
    return key[:length]


def vi_sorted[T](items: list[T] | tuple[T, ...], key: Callable[[T], str] | None = None) -> list[T]:
    """``sorted()`` in Vietnamese alphabetical order; ``key`` extracts the text."""
    if key is None:
        return sorted(items, key=lambda item: sort_key(str(item)))
    return sorted(items, key=lambda item: sort_key(key(item)))


def fold(value: str) -> str:
    """Lower-case text without diacritics, in any Unicode form: "Lạng Sơn" → "lang son"."""
    decomposed = unicodedata.normalize("NFD", value.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _WS.sub(" ", stripped.replace("đ", "d")).strip()


def in_sentence(name: str) -> str:
    """A unit's name as it reads inside a sentence: "Tỉnh Lạng Sơn" → "tỉnh Lạng Sơn".

    Only the leading kind word loses its capital; the proper name keeps its own.
    """
    return name[:1].lower() + name[1:]


def escape_html(value: object) -> str:
    """``value`` as text with ``& < > " '`` escaped: what ``django.utils.html.escape`` writes, without
    its check for lazy strings on every call (the pages' row writers escape hundreds of values)."""
    return html.escape(str(value))
