"""``electkit sort``: the rows of a table in surname-stroke order by one column, everything else kept.

How the rows are arranged (docs/cli.md, ``electkit sort``):

- The header row is the first of the first 30 rows with a cell matching ``column`` (NFKC, no
  spaces, any case; 姓名 and name and the roster's other name headers match each other). Rows
  above it (titles) stay on top; rows right below it that repeat its name cell (a header merged
  over two rows) stay with it.
- The trailer, everything after the last row with a name (blank rows, 注/说明/填表人 lines,
  合计 rows), stays at the bottom as it is; empty rows at the very end and empty columns at
  the right (an Excel sheet's used range) are not written.
- Between them, rows with a name are sorted; blank rows are dropped (and reported); a row with
  cells but no name (a group heading such as 一、机关支部, a 合计 row, the header repeated on a
  new page) stays where it is, and the runs of rows between such rows are sorted separately.
- A running-number column (序号, 编号, No.) whose cells count up by one within a run keeps its
  numbers where they are, so the sorted list is numbered 1, 2, 3 … again.
- Every cell is kept as read (CSV: text exactly as written; Excel: the cell values).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

from electkit.core.errors import InputError, Problem
from electkit.core.findings import listing
from electkit.core.strokes import stroke_key
from electkit.io import cells
from electkit.io.headers import (
    IGNORED_HEADERS,
    PERSON_HEADERS,
    PERSON_LOOKUP,
    column_letter,
    match_header,
    normalize,
)
from electkit.io.roster import EXAMPLE_MARK, NOTE_LINE, is_hint_row, is_total_row
from electkit.io.tables import Cell, read_table
from electkit.io.xlsx_templates import is_example_row

HEADER_SCAN = 30
NAME_ALIASES = frozenset(normalize(alias) for alias in PERSON_HEADERS["name"])
SERIAL_HEADERS = frozenset(normalize(h) for h in (*IGNORED_HEADERS, "序", "序列号", "排序号"))

Row = list[Cell]


@dataclass
class SortedTable:
    """A table with its rows in stroke order, and what was done to get there."""

    path: str
    encoding: str | None
    sheet: str | None
    header_row: int
    column: str
    rows: list[Row] = field(default_factory=list)
    sorted_rows: int = 0
    sections: int = 0
    dropped_blank: list[int] = field(default_factory=list)
    kept_in_place: list[int] = field(default_factory=list)
    trailer: int = 0
    renumbered: str | None = None
    example_row: int | None = None
    unknown: dict[str, list[tuple[int, str]]] = field(default_factory=dict)


def sort_file(
    path: Path,
    column: str = "姓名",
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    blank_slot: bool = True,
) -> SortedTable:
    """Read a .csv/.xlsx and sort its rows by ``column``; InputError if the column is not found."""
    table = read_table(path, sheet=sheet, encoding=encoding)
    rows = table.rows
    wanted = normalize(column)
    accepted = NAME_ALIASES if wanted in NAME_ALIASES else frozenset({wanted})
    found = _find_header(rows[:HEADER_SCAN], accepted)
    if found is None:
        raise InputError(
            [
                Problem(
                    message_id="sort.no_column",
                    file=table.path,
                    column=column,
                    params={"scan": HEADER_SCAN},
                )
            ]
        )
    header_at, indices = found
    header_number, header = rows[header_at]
    if len(indices) > 1:
        raise InputError(
            [
                Problem(
                    message_id="sort.duplicate_column",
                    file=table.path,
                    row=header_number,
                    column=cells.text_of(header[indices[0]]),
                    params={"letters": listing(column_letter(i) for i in indices)},
                )
            ]
        )
    index = indices[0]
    out = SortedTable(
        table.path, table.encoding, table.sheet, header_number, cells.text_of(header[index])
    )
    body_start = header_at + 1
    while (
        body_start < len(rows)
        and _name(rows[body_start][1], index)
        and (normalize(_name(rows[body_start][1], index)) in accepted)
    ):
        body_start += 1  # the header merged over two rows (Excel merges are read down)
    out.rows = [row for _, row in rows[:body_start]]
    rest = rows[body_start:]
    kinds = [_kind(row, index, accepted) for _, row in rest]
    for i, (_, row) in enumerate(rest):  # notes and format hints under the header stay in place
        if kinds[i] == "person":
            if not is_hint_row([cells.text_of(c) for c in row], _name(row, index)):
                break
            kinds[i] = "other"
    # the template's example row (序号 示例, or 张三 with the example's values) is no person
    fields = match_header(header, header_number, PERSON_LOOKUP).columns
    for i, (number, row) in enumerate(rest):
        first = next((t for t in map(cells.text_of, row) if t), "")
        if kinds[i] == "person" and (first == EXAMPLE_MARK or is_example_row(row, fields)):
            kinds[i] = "other"
            out.example_row = number
    while kinds and kinds[-1] == "blank":  # empty rows at the end of a sheet carry nothing
        kinds.pop()
        rest.pop()
    last = max((i for i, kind in enumerate(kinds) if kind == "person"), default=-1)
    serial = _serial_column(header)
    run: list[tuple[int, Row]] = []
    for (number, row), kind in zip(rest[: last + 1], kinds[: last + 1], strict=True):
        if kind == "person":
            run.append((number, row))
        elif kind == "blank":
            out.dropped_blank.append(number)
        else:
            _flush(out, run, index, serial, blank_slot)
            run = []
            out.kept_in_place.append(number)
            out.rows.append(row)
    _flush(out, run, index, serial, blank_slot)
    out.trailer = len(rest) - (last + 1)
    out.rows += [row for _, row in rest[last + 1 :]]
    out.rows = _trim_columns(out.rows)
    return out


def _trim_columns(rows: list[Row]) -> list[Row]:
    """Without the columns at the right that are empty in every row (Excel's used range)."""
    width = 0
    for row in rows:
        for i in range(len(row) - 1, width - 1, -1):
            if cells.text_of(row[i]):
                width = i + 1
                break
    return [row[:width] if len(row) > width else row for row in rows]


def _find_header(
    rows: list[tuple[int, Row]], accepted: frozenset[str]
) -> tuple[int, list[int]] | None:
    """The position of the header row and the indices of its matching cells."""
    for position, (_number, row) in enumerate(rows):
        indices = [i for i, cell in enumerate(row) if normalize(cells.text_of(cell)) in accepted]
        if indices:
            return position, indices
    return None


def _name(row: Row, index: int) -> str:
    return cells.text_of(row[index]) if index < len(row) else ""


def _kind(row: Row, index: int, accepted: frozenset[str]) -> str:
    """person (has a name), blank, or other (a heading, a repeated header, a note, a total)."""
    texts = [t for t in map(cells.text_of, row) if t]
    if not texts:
        return "blank"
    name = _name(row, index)
    first = texts[0]
    if (
        not name
        or normalize(name) in accepted
        or is_total_row(row, first)
        or (NOTE_LINE.match(first) and name == first)
    ):
        return "other"
    return "person"


def _serial_column(header: Row) -> tuple[int, str] | None:
    """The running-number column (序号 …): its index and its header as written."""
    for i, cell in enumerate(header):
        text = cells.text_of(cell)
        if normalize(text) in SERIAL_HEADERS:
            return i, text
    return None


def _numbering(values: list[Cell]) -> list[Cell] | None:
    """The running numbers for a run of rows: kept in place when they count up by one (1, 2, 3
    … or 7, 8, 9 …), 1, 2, 3 … when the column is blank; None otherwise (numbers that do not
    run, such as 7, 9, 8, may be a person's own number: they stay with the person)."""
    texts = [cells.text_of(value) for value in values]
    if not any(texts):
        as_text = any(isinstance(v, str) for v in values)
        return [str(i) if as_text else i for i in range(1, len(values) + 1)]
    if not all(t.isascii() and t.isdigit() for t in texts):
        return None
    numbers = [int(t) for t in texts]
    return values if all(b - a == 1 for a, b in itertools.pairwise(numbers)) else None


def _flush(
    out: SortedTable,
    run: list[tuple[int, Row]],
    index: int,
    serial: tuple[int, str] | None,
    blank_slot: bool,
) -> None:
    """Sort one run of rows with names and append it; keep a running number column in place."""
    if not run:
        return
    keyed = [(stroke_key(_name(row, index), blank_slot), number, row) for number, row in run]
    for key, number, row in keyed:
        for char in key.unknown:
            out.unknown.setdefault(char, []).append((number, _name(row, index)))
    keyed.sort(key=lambda item: item[0])
    rows = [row for _, _, row in keyed]
    if serial is not None:
        at, written = serial
        numbers = [row[at] if at < len(row) else None for _, row in run]
        fresh = _numbering(numbers)
        if fresh is not None and (fresh != numbers or rows != [row for _, row in run]):
            rows = [
                [*row[:at], *([None] * (at - len(row))), fresh[i], *row[at + 1 :]]
                for i, row in enumerate(rows)
            ]
            out.renumbered = written
    out.rows += rows
    out.sorted_rows += len(run)
    out.sections += 1
