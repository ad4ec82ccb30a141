"""Read an election-units file (选举单位, 党员数, 党组织数) for ``allocate``."""

from __future__ import annotations

from pathlib import Path

from electkit.core.allocate import UnitMembers
from electkit.core.errors import InputError, Problem
from electkit.io import cells
from electkit.io.headers import build_lookup, find_header, normalize
from electkit.io.tables import Cell, read_table

UNIT_HEADERS = {
    "unit": ("选举单位", "单位", "党组织", "党组织名称", "unit", "name"),
    "members": ("党员数", "党员人数", "党员", "members"),
    "organizations": ("党组织数", "党支部数", "organizations"),
}
UNIT_LOOKUP = build_lookup(UNIT_HEADERS)
_TOTALS = {"合计", "总计", "小计", "共计", "total"}


def read_units(
    path: Path, *, sheet: str | None = None, encoding: str | None = None
) -> list[UnitMembers]:
    """Units in file order; every problem (row, column, value) is collected before raising."""
    table = read_table(path, sheet=sheet, encoding=encoding)
    header = find_header(table.rows, UNIT_LOOKUP, required="unit", min_matches=2)
    if header is None or "members" not in header.columns:
        raise InputError([Problem(message_id="units.no_header", file=table.path)])
    problems: list[Problem] = []
    units: list[UnitMembers] = []
    first_row: dict[str, int] = {}
    for number, row in table.rows:
        if number <= header.last_row:
            continue
        texts = [cells.text_of(c) for c in row]
        if not any(texts):
            continue
        name = texts[header.columns["unit"]] if header.columns["unit"] < len(texts) else ""
        if normalize(name) in _TOTALS:
            problems.append(
                Problem(message_id="units.total_row", file=table.path, row=number, value=name)
            )
            continue
        if not name or name.startswith("示例"):
            continue  # the template's example row
        members = _count(
            row, header.columns["members"], number, header.written["members"], table.path, problems
        )
        orgs = None
        if "organizations" in header.columns:
            orgs = _count(
                row,
                header.columns["organizations"],
                number,
                header.written["organizations"],
                table.path,
                problems,
                allow_zero=True,
            )
        if name in first_row:
            problems.append(
                Problem(
                    message_id="units.duplicate",
                    file=table.path,
                    row=number,
                    column=header.written["unit"],
                    value=name,
                    params={"first": first_row[name]},
                )
            )
            continue
        first_row[name] = number
        if members is not None:
            units.append(UnitMembers(name=name, members=members, organizations=orgs, row=number))
    if problems:
        raise InputError(problems)
    return units


def _count(
    row: list[Cell],
    index: int,
    number: int,
    column: str,
    path: str,
    problems: list[Problem],
    allow_zero: bool = False,
) -> int | None:
    cell = row[index] if index < len(row) else None
    try:
        value = cells.parse_int(cell)
    except cells.CellError:
        value = None
    if value is None or value < 0 or (value == 0 and not allow_zero):
        if value == 0 and not allow_zero:
            return 0  # reported by allocate as "a unit with no members"
        problems.append(
            Problem(
                message_id="units.members",
                file=path,
                row=number,
                column=column,
                value=cells.text_of(cell),
            )
        )
        return None
    return value
