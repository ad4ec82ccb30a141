"""CSV and Excel files as rows of cells, each row with the number the spreadsheet shows."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from electkit.core.errors import InputError, Problem
from electkit.core.findings import listing
from electkit.io.encoding import decode, file_encoding
from electkit.io.inputs import note_read, read_failed

Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")


@dataclass
class Table:
    """The rows of one sheet or CSV file; each row pairs the spreadsheet row number with its cells.

    ``rows`` holds them all, unless the table was read with ``stream=True``: then ``iter_rows``
    parses the CSV text as it goes, so a large file is never held twice.
    """

    path: str
    sha256: str
    encoding: str | None
    sheet: str | None
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    text: str | None = None

    def iter_rows(self) -> Iterator[tuple[int, list[Cell]]]:
        """Every row in order (parsed lazily for a streamed CSV)."""
        if self.text is not None:
            return iter_csv(self.text, self.path)
        return iter(self.rows)


def read_table(
    path: Path, *, sheet: str | None = None, encoding: str | None = None, stream: bool = False
) -> Table:
    """Read a .csv (any encoding the policy accepts) or an Excel sheet (first, or ``sheet``).

    With ``stream=True`` a CSV's rows are parsed only when ``Table.iter_rows`` is iterated.
    """
    try:
        data = path.read_bytes()
        note_read(path)
    except OSError as exc:
        raise read_failed(path, exc) from None
    digest = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        name, rows = _read_excel(data, str(path), sheet)
        return Table(str(path), digest, None, name, rows)
    if suffix in TEXT_SUFFIXES or not suffix:
        if sheet:
            raise InputError(
                [Problem(message_id="table.sheet_on_csv", file=str(path), value=sheet)]
            )
        text, used = decode(data, str(path), encoding)
        if stream:
            return Table(str(path), digest, used, None, text=text)
        return Table(str(path), digest, used, None, list(iter_csv(text, str(path))))
    raise InputError([Problem(message_id="table.unknown_type", file=str(path), value=suffix)])


def sniff_delimiter(text: str) -> str:
    """Comma unless the first lines hold clearly more tabs or semicolons (WPS "文本文件")."""
    head = text[:8192]
    counts = {d: head.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def iter_csv(text: str, path: str) -> Iterator[tuple[int, list[Cell]]]:
    """Rows of a decoded CSV text; the row number is the record number, as Excel shows it."""
    yield from iter_csv_lines(io.StringIO(text, newline=""), path, sniff_delimiter(text))


def iter_csv_lines(
    lines: Iterable[str], path: str, delimiter: str
) -> Iterator[tuple[int, list[Cell]]]:
    """Rows of CSV lines (a file opened with ``newline=""``), numbered as records."""
    reader: Iterator[list[Cell]] = csv.reader(lines, delimiter=delimiter)  # type: ignore[assignment]
    number = 0
    try:
        for number, record in enumerate(reader, start=1):
            yield number, record
    except csv.Error as exc:
        raise InputError(
            [
                Problem(
                    message_id="table.csv_error",
                    file=path,
                    row=number + 1,
                    params={"detail": str(exc)},
                )
            ]
        ) from None


MAX_EXCEL_CELLS = 5_000_000  # a used range beyond this is stray cells, not an election list
_DIMENSION = re.compile(
    rb'<(?:\w+:)?dimension\s+ref="\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?"'
)


def _column_number(letters: bytes) -> int:
    number = 0
    for ch in letters.decode():
        number = number * 26 + ord(ch) - 64
    return number


def xlsx_used_range(data: bytes, sheet_index: int) -> tuple[int, int, str] | None:
    """(rows, columns, "A1:XX9") of an .xlsx sheet from its ``<dimension>``, read before loading.

    calamine loads a sheet's whole used range into memory; one stray cell at row 300000,
    column 2000 would take gigabytes. None when the file does not say (then it is not checked).
    """
    import zipfile
    import zlib

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            workbook = archive.read("xl/workbook.xml")
            rels = archive.read("xl/_rels/workbook.xml.rels")
            ids = re.findall(rb'<(?:\w+:)?sheet\b[^>]*?r:id="([^"]+)"', workbook)
            if sheet_index >= len(ids):
                return None
            target = re.search(
                rb'Id="' + re.escape(ids[sheet_index]) + rb'"[^>]*?Target="([^"]+)"', rels
            ) or re.search(
                rb'Target="([^"]+)"[^>]*?Id="' + re.escape(ids[sheet_index]) + rb'"', rels
            )
            if target is None:
                return None
            member = target.group(1).decode().lstrip("/")
            member = member if member.startswith("xl/") else f"xl/{member}"
            with archive.open(member) as handle:
                head = handle.read(65536)
    # a damaged zip (a corrupt deflate stream, a cut file): no extent known, calamine then says
    except (KeyError, OSError, EOFError, zipfile.BadZipFile, zlib.error):
        return None
    found = _DIMENSION.search(head)
    if found is None:
        return None
    last_col, last_row = found.group(3) or found.group(1), found.group(4) or found.group(2)
    rows, cols = int(last_row), _column_number(last_col)
    return rows, cols, f"A1:{last_col.decode()}{last_row.decode()}"


def _read_excel(
    data: bytes, path: str, sheet: str | None
) -> tuple[str, list[tuple[int, list[Cell]]]]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own error types for every broken file
        raise InputError(
            [Problem(message_id="table.bad_excel", file=path, params={"detail": str(exc)})]
        ) from None
    names = list(book.sheet_names)
    if not names:
        raise InputError([Problem(message_id="table.no_sheets", file=path)])
    if sheet is not None and sheet not in names:
        raise InputError(
            [
                Problem(
                    message_id="table.no_such_sheet",
                    file=path,
                    value=sheet,
                    params={"sheets": listing(names)},
                )
            ]
        )
    if sheet is not None:
        name = sheet
    else:  # the first sheet staff see: a hidden sheet (an old list, a lookup table) is passed over
        visible = [m.name for m in book.sheets_metadata if str(m.visible).endswith("Visible")]
        name = visible[0] if visible else names[0]
    if path.lower().endswith((".xlsx", ".xlsm")):
        used = xlsx_used_range(data, names.index(name))
        if used is not None and used[0] * used[1] > MAX_EXCEL_CELLS:
            raise InputError(
                [
                    Problem(
                        message_id="table.excel_too_large",
                        file=path,
                        value=used[2],
                        params={"sheet": name, "rows": used[0], "columns": used[1]},
                    )
                ]
            )
    try:
        ws = book.get_sheet_by_name(name)
        grid: list[list[Cell]] = [list(r) for r in ws.to_python(skip_empty_area=False)]
        merged = ws.merged_cell_ranges or []
    except Exception as exc:
        raise InputError(
            [Problem(message_id="table.bad_excel", file=path, params={"detail": str(exc)})]
        ) from None
    # A merged cell is read as its value down the rows it covers: a header merged over two
    # header rows, or a 选举单位 merged over its delegates. Across columns only the first keeps
    # it, so a merged group title does not turn into duplicate column headers.
    for (r0, c0), (r1, _c1) in merged:
        if r0 >= len(grid) or c0 >= len(grid[r0]):
            continue
        value = grid[r0][c0]
        for r in range(r0 + 1, min(r1, len(grid) - 1) + 1):
            if c0 < len(grid[r]) and grid[r][c0] in ("", None):
                grid[r][c0] = value
    return name, [(i + 1, row) for i, row in enumerate(grid)]


@dataclass
class RowStream:
    """Rows of a table read lazily: a CSV file is decoded as it is read, never held whole."""

    path: str
    sha256: str
    encoding: str | None
    sheet: str | None
    opener: Callable[[], Iterator[tuple[int, list[Cell]]]]

    def rows(self) -> Iterator[tuple[int, list[Cell]]]:
        """The rows from the top; may be called again to read the file a second time."""
        return self.opener()


def stream_table(path: Path, *, sheet: str | None = None, encoding: str | None = None) -> RowStream:
    """Like ``read_table``, but CSV rows stream from the file in bounded memory.

    The encoding is settled over the whole file first (``file_encoding``); Excel sheets are
    read whole, as the format requires.
    """
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        table = read_table(path, sheet=sheet)
        return RowStream(table.path, table.sha256, None, table.sheet, lambda: iter(table.rows))
    if suffix not in TEXT_SUFFIXES and suffix:
        raise InputError([Problem(message_id="table.unknown_type", file=str(path), value=suffix)])
    if sheet:
        raise InputError([Problem(message_id="table.sheet_on_csv", file=str(path), value=sheet)])
    codec, digest = file_encoding(path, encoding)
    note_read(path)
    with path.open(encoding=codec, newline="") as handle:
        delimiter = sniff_delimiter(handle.read(8192))

    def opener() -> Iterator[tuple[int, list[Cell]]]:
        with path.open(encoding=codec, newline="") as handle:
            yield from iter_csv_lines(handle, str(path), delimiter)

    return RowStream(str(path), digest, codec, None, opener)
