"""Cells a spreadsheet shows as text: no cell of ours is ever read as a formula.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
spreadsheets strip before looking) is a formula to Excel and LibreOffice when typed or opened
from CSV: ``=HYPERLINK(…)``, ``+cmd|…``, ``-1+1``, ``@SUM(…)``. Text a person wrote (a title, a
name, a note) must never run as one in whoever opens our exports.
"""

from __future__ import annotations

import zipfile
from typing import IO, Any
from xml.etree.ElementTree import ParseError, iterparse

from openpyxl import load_workbook

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_START)


def spreadsheet_safe(value: object) -> str:
    """A cell's text for CSV: a leading formula character is escaped with ``'``."""
    text = str(value)
    return f"'{text}" if looks_like_formula(text) else text


# An uploaded workbook is a ZIP: 5 MB of it can unpack to gigabytes of rows (a "zip bomb", or
# just a sheet whose declared size was removed). What the imports read is capped before and
# while reading: the unpacked size (the ZIP's declared sizes, which the reader never exceeds),
# the rows read (one past the import's maximum is enough to refuse) and the columns of each row.
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_CELLS_PER_ROW = 1024  # openpyxl builds a whole row before cutting it to the columns asked for
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL = f"{_MAIN}row", f"{_MAIN}c"


class SheetUnreadable(Exception):
    """Not an .xlsx workbook that openpyxl can open (another format renamed, a broken file)."""


class SheetTooLarge(Exception):
    """More rows than the import takes, or a file that unpacks to more than it could hold."""


def read_rows(stream: IO[bytes], *, max_rows: int, width: int) -> list[tuple[Any, ...]]:
    """The first sheet's rows (their first ``width`` values), header included, at most
    ``max_rows`` + 1 of them; :class:`SheetTooLarge` past that, :class:`SheetUnreadable` when the
    file cannot be opened. Cell values as stored (formulas: their last computed value)."""
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SheetUnreadable from exc
    with archive:
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise SheetTooLarge
        for info in archive.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                _check_sheet(archive, info.filename, max_rows)
    stream.seek(0)
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise SheetUnreadable from exc
    rows: list[tuple[Any, ...]] = []
    try:
        for row in book.worksheets[0].iter_rows(max_col=width, values_only=True):
            rows.append(row)
            if len(rows) > max_rows + 1:
                raise SheetTooLarge
    except SheetTooLarge:
        raise
    except Exception as exc:  # a broken sheet inside a readable package
        raise SheetUnreadable from exc
    finally:
        book.close()
    return rows


def _check_sheet(archive: zipfile.ZipFile, name: str, max_rows: int) -> None:
    """Count a sheet's rows and each row's cells in a streaming pass (C speed, flat memory)."""
    rows = cells = 0
    try:
        with archive.open(name) as xml:
            # Expat 2.6 (bundled) refuses entity amplification; openpyxl parses the same file next.
            for _event, element in iterparse(xml, events=("end",)):  # noqa: S314 - see above
                if element.tag == _CELL:
                    cells += 1
                    if cells > MAX_CELLS_PER_ROW:
                        raise SheetTooLarge
                elif element.tag == _ROW:
                    rows += 1
                    if rows > max_rows + 1:
                        raise SheetTooLarge
                    cells = 0
                    element.clear()  # the row's cells: memory stays flat
    except SheetTooLarge:
        raise
    except (ParseError, zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise SheetUnreadable from exc
