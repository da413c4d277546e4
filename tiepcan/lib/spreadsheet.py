"""Cells a spreadsheet shows as text: no cell of ours is ever read as a formula.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
spreadsheets strip before looking) is a formula to Excel and LibreOffice when typed or opened
from CSV: ``=HYPERLINK(…)``, ``+cmd|…``, ``-1+1``, ``@SUM(…)``. Text a person wrote (a title, a
name, a note) must never run as one in whoever opens our exports.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def spreadsheet_safe(value: object) -> str:
    """A cell's text for CSV: a leading formula character is escaped with ``'``."""
    text = str(value)
    return f"'{text}" if looks_like_formula(text) else text
