"""The limits of each kind of spreadsheet input, and what a sheet was measured to hold.

Shared by the readers that measure a workbook before it is loaded (``excel_guard``): the
extent of the cells holding data, the refusals, and what a number format says about precision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from electkit.core.errors import InputError, Problem
from electkit.core.findings import Text

CHUNK = 1 << 20


@dataclass(frozen=True)
class Limits:
    """How much one kind of spreadsheet input may hold."""

    kind: Text
    rows: int  # the last row holding data
    columns: int  # the last column holding data
    cells: int  # rows × columns: the grid calamine allocates
    unpacked: int  # bytes: the file on disk, and the sum of a zip archive's unpacked members


# A township's delegate or candidate list has a few hundred rows, a whole county's a few thousand.
LISTS = Limits(
    Text(zh="名单", en="a list"), rows=20_000, columns=256, cells=2_000_000, unpacked=64 << 20
)
# A ballot file has a row per ballot: a county-level contest may have tens of thousands.
BALLOTS = Limits(
    Text(zh="选票文件", en="a ballot file"),
    rows=200_000,
    columns=1_024,
    cells=4_000_000,
    unpacked=256 << 20,
)


@dataclass
class Extent:
    """The last row and column holding data in one sheet (1-based; 0 when it holds none)."""

    rows: int = 0
    columns: int = 0
    row_cell: str = ""  # the cell that lies farthest down, as Excel names it
    column_cell: str = ""  # the cell that lies farthest right

    def add(self, row: int, column: int) -> None:
        """Note a cell holding data (or the far corner of a repeated block of them)."""
        if row > self.rows:
            self.rows, self.row_cell = row, cell_name(row, column)
        if column > self.columns:
            self.columns, self.column_cell = column, cell_name(row, column)


def column_name(number: int) -> str:
    """1 → A, 27 → AA (as Excel names columns)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_name(row: int, column: int) -> str:
    """(3, 2) → B3."""
    return f"{column_name(column)}{row}"


def column_number(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def _size(count: int) -> str:
    return f"{count / (1 << 20):.1f} MiB" if count >= 1 << 20 else f"{count:,} B"


def damaged(path: str, detail: str) -> InputError:
    """The file cannot be read as a spreadsheet (broken archive, bad CRC, corrupt data)."""
    return InputError([Problem(message_id="table.bad_excel", file=path, params={"detail": detail})])


def too_big(path: str, size: int, limits: Limits) -> InputError:
    """The file or its unpacked content is larger than any input of its kind."""
    return InputError(
        [
            Problem(
                message_id="table.excel_unpacked",
                file=path,
                params={"size": _size(size), "limit": _size(limits.unpacked), "kind": limits.kind},
            )
        ]
    )


def check_extent(path: str, sheet: str, extent: Extent, limits: Limits) -> None:
    """Refuse a sheet whose data reaches beyond the limits of its kind."""
    if (
        extent.rows <= limits.rows
        and extent.columns <= limits.columns
        and extent.rows * extent.columns <= limits.cells
    ):
        return
    one = extent.row_cell == extent.column_cell
    raise InputError(
        [
            Problem(
                message_id="table.excel_too_large_at" if one else "table.excel_too_large",
                file=path,
                params={
                    "sheet": sheet,
                    "rows": extent.rows,
                    "columns": extent.columns,
                    "row_cell": extent.row_cell,
                    "column_cell": extent.column_cell,
                    "max_rows": limits.rows,
                    "max_columns": limits.columns,
                    "kind": limits.kind,
                },
            )
        ]
    )


# --- number formats: what a cell shows ---------------------------------------------------

MONTH = -1  # a date shown to the month only (1969年8月, 1969.08, Aug-69)
# Excel's built-in formats without a day: mmm-yy, and the Chinese yyyy"年"m"月" variants
BUILTIN_MONTH = frozenset({17, 27, 36, 50, 52, 55, 57})
BUILTIN_DECIMALS = {2: 2, 4: 2}  # 0.00 and #,##0.00
_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


def shown_precision(code: str) -> int | None:
    """What a number format code says about precision: ``MONTH`` for a date without a day,
    the number of decimals of a fixed-point number (``0.00`` → 2), None otherwise."""
    bare = _LITERALS.sub("", code.split(";")[0]).lower()
    if any(ch in bare for ch in "ymde"):
        if "y" in bare and "m" in bare and "d" not in bare and "h" not in bare:
            return MONTH
        return None
    if "." in bare and re.fullmatch(r"[#0,]*\.0+%?", bare.strip()):
        return len(bare.strip().rstrip("%").split(".")[1])
    return None


@dataclass
class Inspected:
    """What was measured in a file: the extent of each sheet it would load."""

    by_member: dict[str, Extent] = field(default_factory=dict)  # .xlsx worksheet members
    sheets: list[str] = field(default_factory=list)  # .xlsx: member of each sheet, in order
    by_name: dict[str, Extent] = field(default_factory=dict)  # .ods and .xls: every sheet
    # (row, column) → MONTH or decimals, of the cells whose format says how precise they are:
    # by worksheet member (.xlsx) or by sheet name (.ods, .xls)
    shown: dict[str, dict[tuple[int, int], int]] = field(default_factory=dict)
    # .xlsx worksheet member → the first cells ((row, column) → formula) that hold a formula but
    # no saved result (a file a program wrote and no spreadsheet opened: unreadable, not empty),
    # and how many there are
    formulas: dict[str, tuple[dict[tuple[int, int], str], int]] = field(default_factory=dict)

    def xlsx_formulas(self, index: int) -> tuple[dict[tuple[int, int], str], int]:
        """The ``index``-th sheet's first formula cells without a saved result, and their count."""
        if index >= len(self.sheets):
            return {}, 0
        return self.formulas.get(self.sheets[index], ({}, 0))

    def xlsx_extent(self, index: int) -> Extent | None:
        """The extent of the ``index``-th sheet of an .xlsx (None if it is not a worksheet)."""
        if index >= len(self.sheets):
            return None
        return self.by_member.get(self.sheets[index])

    def xlsx_shown(self, index: int) -> dict[tuple[int, int], int]:
        """The precision of the ``index``-th sheet's cells, where their format gives one."""
        return self.shown.get(self.sheets[index], {}) if index < len(self.sheets) else {}
