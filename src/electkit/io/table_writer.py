"""Rows of cells written back as CSV text or as an .xlsx workbook (values only)."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from typing import Any

from electkit.io.tables import Cell

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# what makes a spreadsheet run a cell as a formula (or DDE): = + - @, and a leading tab or CR
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?|[-+]")


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would take this text for a formula (a signed number is a number)."""
    return text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text)


def formula_safe(text: str) -> str:
    """Text a spreadsheet opening a CSV will not run: a formula-like cell gets a leading '."""
    return "'" + text if formula_like(text) else text


def text_cell(sheet: Any, text: str) -> Any:
    """An .xlsx cell holding text as text: a formula-like one typed as a string and quoted
    (Excel's ' prefix: shown as written, kept text when edited), never stored as a formula."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=text)
    if formula_like(text):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def csv_cell(cell: Cell) -> str:
    """A cell as CSV text: text as read (a formula-like one neutralised with a leading ');
    numbers without a trailing .0; ISO dates."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return formula_safe(cell)
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat(sep=" ")
    if isinstance(cell, dt.date | dt.time):
        return cell.isoformat()
    return str(cell)


def csv_text(rows: Sequence[Sequence[Cell]], lineterminator: str = "\n") -> str:
    """The rows as CSV text (comma-separated, minimal quoting)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=lineterminator)
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
    return buffer.getvalue()


def csv_file_bytes(rows: Sequence[Sequence[Cell]]) -> bytes:
    """A .csv file as Excel opens it correctly: UTF-8 with a BOM, CRLF line ends.

    Without the BOM, Excel on Chinese Windows reads a UTF-8 file as GBK and garbles every name;
    electkit itself reads both (the BOM is honoured by the encoding policy).
    """
    return codecs.BOM_UTF8 + csv_text(rows, "\r\n").encode("utf-8")


def sheet_title(name: str | None) -> str:
    """A valid Excel sheet name (≤ 31 characters, none of []:*?/\\)."""
    title = _SHEET_FORBIDDEN.sub("", name or "").strip("'")[:31]
    return title or "Sheet1"


def xlsx_bytes(rows: Sequence[Sequence[Cell]], sheet: str | None = None) -> bytes:
    """An .xlsx workbook with one sheet holding the rows' values.

    Text stays text (an ID number from a CSV is not turned into a number; a cell starting
    with ``=`` ``+`` ``-`` ``@`` is stored as quoted text, never as a formula); characters Excel
    cannot store (control characters) are removed.
    """
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet_title(sheet))
    for row in rows:
        values: list[object] = []
        for cell in row:
            if isinstance(cell, str):
                text = ILLEGAL_CHARACTERS_RE.sub("", cell)
                values.append(text_cell(ws, text) if formula_like(text) else text or None)
            elif isinstance(cell, dt.timedelta):
                values.append(str(cell))
            else:
                values.append(cell)
        ws.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
