"""CSV and Excel files as rows of cells, each row with the number the spreadsheet shows."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from electkit.core.errors import InputError, Problem
from electkit.core.findings import listing
from electkit.core.models import MonthDate
from electkit.io.encoding import decode, file_encoding
from electkit.io.excel_guard import (
    LISTS,
    MONTH,
    Limits,
    check_extent,
    damaged,
    inspect_xls,
    inspect_zip,
)
from electkit.io.inputs import note_read, read_input

Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None
# .xlsb (Excel's binary workbook) is not read: its sheets cannot be measured before loading
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
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
    path: Path,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    stream: bool = False,
    limits: Limits = LISTS,
) -> Table:
    """Read a .csv (any encoding the policy accepts) or an Excel sheet (first, or ``sheet``).

    With ``stream=True`` a CSV's rows are parsed only when ``Table.iter_rows`` is iterated.
    An Excel file is measured first and refused beyond ``limits`` (``excel_guard``).
    """
    suffix = path.suffix.lower()
    excel = suffix in EXCEL_SUFFIXES
    if not excel and suffix not in TEXT_SUFFIXES and suffix:
        raise InputError([Problem(message_id="table.unknown_type", file=str(path), value=suffix)])
    data = read_input(path, limits.unpacked if excel else None)
    digest = hashlib.sha256(data).hexdigest()
    if excel:
        name, rows = _read_excel(data, str(path), sheet, limits)
        return Table(str(path), digest, None, name, rows)
    if sheet:
        raise InputError([Problem(message_id="table.sheet_on_csv", file=str(path), value=sheet)])
    text, used = decode(data, str(path), encoding)
    if stream:
        return Table(str(path), digest, used, None, text=text)
    return Table(str(path), digest, used, None, list(iter_csv(text, str(path))))


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


def _read_excel(
    data: bytes, path: str, sheet: str | None, limits: Limits
) -> tuple[str, list[tuple[int, list[Cell]]]]:
    from python_calamine import CalamineWorkbook

    lower = path.lower()
    if lower.endswith((".xlsx", ".xlsm", ".ods")):
        inspected = inspect_zip(data, path, limits, ods=lower.endswith(".ods"))
    else:
        inspected = inspect_xls(data, path, limits)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises its own error types for every broken file
        raise damaged(path, str(exc)) from None
    except BaseException as exc:  # a Rust panic inside calamine (pyo3's PanicException)
        if not type(exc).__name__.endswith("PanicException"):
            raise
        raise damaged(path, str(exc)) from None
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
    shown: dict[tuple[int, int], int] = {}
    if lower.endswith((".xlsx", ".xlsm")):
        extent = inspected.xlsx_extent(names.index(name))
        if extent is None:  # calamine would read a sheet electkit has not measured
            raise damaged(path, f"sheet {name!r} has no worksheet part")
        check_extent(path, name, extent, limits)
        shown = inspected.xlsx_shown(names.index(name))
        _refuse_unsaved_formulas(path, name, *inspected.xlsx_formulas(names.index(name)))
    else:
        shown = inspected.shown.get(name, {})
    try:
        ws = book.get_sheet_by_name(name)
        grid: list[list[Cell]] = [list(r) for r in ws.to_python(skip_empty_area=False)]
        merged = ws.merged_cell_ranges or []
    except Exception as exc:
        raise damaged(path, str(exc)) from None
    except BaseException as exc:  # a Rust panic inside calamine (pyo3's PanicException)
        if not type(exc).__name__.endswith("PanicException"):
            raise
        raise damaged(path, str(exc)) from None
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
    if shown:
        _as_shown(grid, shown)
    return name, [(i + 1, row) for i, row in enumerate(grid)]


MAX_FORMULAS_NAMED = 20


def _refuse_unsaved_formulas(
    path: str, sheet: str, formulas: dict[tuple[int, int], str], count: int
) -> None:
    """A cell holding a formula whose result the file does not keep (a program wrote it and no
    spreadsheet opened and saved it) cannot be read: it is not empty, and taking it for empty
    would count a mark as an abstention or a filled cell as blank. Every such cell is named."""
    if not formulas:
        return
    from electkit.io.extent import column_name

    cells = sorted(formulas.items())
    problems = [
        Problem(
            message_id="table.formula_unsaved",
            file=path,
            row=row,
            column=column_name(column),
            value=(formula if formula.startswith("=") else f"={formula}") if formula else "=…",
            params={"sheet": sheet},
        )
        for (row, column), formula in cells[:MAX_FORMULAS_NAMED]
    ]
    if count > len(problems):
        problems.append(
            Problem(
                message_id="table.formula_unsaved_more",
                file=path,
                params={"count": count - len(problems), "sheet": sheet},
            )
        )
    raise InputError(problems)


def _as_shown(grid: list[list[Cell]], shown: dict[tuple[int, int], int]) -> None:
    """Cells as precise as their format shows them: a date formatted without a day (1969年8月)
    is a ``MonthDate``; a number shown with fixed decimals (1969.10 for the number 1969.1) is
    the text shown, so the month 10 is not read as 1."""
    for (row, column), precision in shown.items():
        if row > len(grid) or column > len(grid[row - 1]):
            continue
        value = grid[row - 1][column - 1]
        if precision == MONTH and isinstance(value, dt.date):
            grid[row - 1][column - 1] = MonthDate(value.year, value.month, 1)
        elif precision > 0 and isinstance(value, float) and not value.is_integer():
            grid[row - 1][column - 1] = f"{value:.{precision}f}"


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


def stream_table(
    path: Path, *, sheet: str | None = None, encoding: str | None = None, limits: Limits = LISTS
) -> RowStream:
    """Like ``read_table``, but CSV rows stream from the file in bounded memory.

    The encoding is settled over the whole file first (``file_encoding``); Excel sheets are
    read whole, as the format requires.
    """
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        table = read_table(path, sheet=sheet, limits=limits)
        return RowStream(table.path, table.sha256, None, table.sheet, lambda: iter(table.rows))
    if suffix not in TEXT_SUFFIXES and suffix:
        raise InputError([Problem(message_id="table.unknown_type", file=str(path), value=suffix)])
    if sheet:
        raise InputError([Problem(message_id="table.sheet_on_csv", file=str(path), value=sheet)])
    codec, digest = file_encoding(path, encoding)
    note_read(path)  # file_encoding checked it is a regular file
    with path.open(encoding=codec, newline="") as handle:
        delimiter = sniff_delimiter(handle.read(8192))

    def opener() -> Iterator[tuple[int, list[Cell]]]:
        with path.open(encoding=codec, newline="") as handle:
            yield from iter_csv_lines(handle, str(path), delimiter)

    return RowStream(str(path), digest, codec, None, opener)
