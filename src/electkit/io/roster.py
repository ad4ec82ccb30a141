"""Read a roster (代表名单) or slate (候选人名单) into people, with every cell problem as a finding."""

from __future__ import annotations

import gc
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from electkit.core.errors import InputError, Problem
from electkit.core.findings import Finding, Severity
from electkit.core.models import Person
from electkit.io import cells
from electkit.io.headers import (
    PERSON_HEADERS,
    PERSON_LOOKUP,
    Header,
    column_letter,
    find_header,
    normalize,
)
from electkit.io.tables import Cell, Table, read_table

HEADER_SCAN = 30
TOTAL_WORDS = frozenset({"合计", "总计", "小计", "共计", "total", "sum"})
_NOTE = re.compile(
    r"^(注|说明|附注|备注|填表人|制表人?|审核人?|填表日期|制表日期|联系人|联系电话)([:：\s]|$)"
)

PARSERS: dict[str, Callable[[Cell], Any]] = {
    "gender": cells.parse_gender,
    "ethnicity": cells.parse_ethnicity,
    "education": cells.parse_education,
    "birth_date": cells.parse_date,
    "party_status": cells.parse_party_status,
    "joined_party": cells.parse_date,
    "category": cells.parse_category,
    "id_number": cells.parse_id_cell,
    "discipline": cells.parse_discipline,
    "discipline_date": cells.parse_date,
    "suspended": cells.parse_yes_no,
    "under_investigation": cells.parse_yes_no,
    "family_planning_violation": cells.parse_yes_no,
    "work_start": cells.parse_date,
    "current_post": cells.parse_post,
    "current_post_since": cells.parse_date,
    "proposed_post": cells.parse_post,
    "relatives": cells.parse_names,
    "terms_in_post": cells.parse_int,
    "newly_promoted": cells.parse_yes_no,
}
TEXT_FIELDS = ("position", "unit", "note", "native_place")


@dataclass
class Roster:
    """People read from one file, and what was wrong with its cells."""

    path: str
    sha256: str
    encoding: str | None
    sheet: str | None
    header_row: int
    columns: dict[str, str]
    persons: list[Person] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    rows: int = 0

    def has(self, fieldname: str) -> bool:
        """Whether the file has a column for a field (rules without their column are not checked)."""
        return fieldname in self.columns


def read_roster(
    path: Path,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
) -> Roster:
    """Read people from a .csv/.xlsx roster; raises InputError when no header row is found."""
    table = read_table(path, sheet=sheet, encoding=encoding, stream=True)
    # Creating 100,000 people triggers many useless collections of young objects.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return roster_from_table(table)
    finally:
        if enabled:
            gc.enable()


def roster_from_table(table: Table) -> Roster:
    """People from the rows of a table (see ``read_roster``), in one pass over its rows."""
    rows = table.iter_rows()
    head = list(itertools.islice(rows, HEADER_SCAN))
    header = find_header(head, PERSON_LOOKUP, scan=HEADER_SCAN)
    if header is None:
        raise InputError(
            [
                Problem(
                    message_id="roster.no_header",
                    file=table.path,
                    params={"expected": "姓名, 性别, 出生年月, 学历, 政治面貌 …"},
                )
            ]
        )
    problems = [
        Problem(
            message_id="roster.duplicate_column",
            file=table.path,
            row=header.row,
            column=f"{column_letter(index)} ({text})",
            params={"first": header.written[fieldname]},
        )
        for fieldname, text, index in header.duplicates
    ]
    if problems:
        raise InputError(problems)
    roster = Roster(
        table.path, table.sha256, table.encoding, table.sheet, header.row, dict(header.written)
    )
    for _index, text in header.unknown:
        roster.findings.append(
            _finding(
                roster, "IN-COLUMN", Severity.INFO, "in.unknown_column", header.row, text, None
            )
        )
    header_cells = next(
        {i: cells.text_of(c) for i, c in enumerate(row) if cells.text_of(c)}
        for number, row in head
        if number == header.row
    )
    continuing = True
    plan = _plan(header)
    text_of = cells.text_of
    all_text = table.text is not None  # CSV cells are all strings
    for number, row in itertools.chain((r for r in head if r[0] > header.row), rows):
        texts = list(map(str.strip, row)) if all_text else [text_of(c) for c in row]  # type: ignore[arg-type]
        if not any(texts):
            continue
        if continuing and _continues_header(texts, header_cells, header.columns["name"]):
            continue  # second line of a two-line header (merged header cells)
        continuing = False
        _read_row(roster, header, plan, number, row, texts)
    return roster


def _continues_header(texts: list[str], header_cells: dict[int, str], name_index: int) -> bool:
    """A row right below the header that repeats it (vertical merges) or only adds sub-headers."""
    if (
        name_index < len(texts)
        and texts[name_index]
        and texts[name_index] == header_cells.get(name_index)
    ):
        return True
    return all(not t or t == header_cells.get(i) for i, t in enumerate(texts))


def _finding(
    roster: Roster,
    rule: str,
    severity: Severity,
    message_id: str,
    row: int,
    column: str | None,
    value: str | None,
    subjects: tuple[str, ...] = (),
    **params: Any,
) -> Finding:
    return Finding(
        rule=rule,
        severity=severity,
        message_id=message_id,
        params=params,
        subjects=subjects,
        rows=(row,),
        file=roster.path,
        column=column,
        value=value,
    )


def _is_total(texts: list[str], first: str) -> bool:
    """A 合计/总计/Total row (checked cheaply first: most rows hold none of these characters)."""
    candidates = [t for t in texts[:4] if t and ("计" in t or t[0] in "Tt" or t[0] in "Ss")]
    if not candidates and "计" not in first:
        return False
    return any(normalize(t) in TOTAL_WORDS for t in candidates) or normalize(first).startswith(
        ("合计", "总计")
    )


_MISSING = object()
# columns with few distinct values: each written value is parsed once per file
MEMO_FIELDS = frozenset(
    {
        "gender",
        "ethnicity",
        "education",
        "party_status",
        "category",
        "discipline",
        "suspended",
        "under_investigation",
        "family_planning_violation",
        "birth_date",
        "joined_party",
        "discipline_date",
        "work_start",
        "current_post_since",
        "current_post",
        "proposed_post",
        "terms_in_post",
        "newly_promoted",
    }
)

Plan = list[tuple[str, int, Callable[[Cell], Any] | None, dict[str, Any] | None]]


def _plan(header: Header) -> Plan:
    """How to read each column: (field, index, parser or None for free text, memo)."""
    plan: Plan = []
    for fieldname, index in header.columns.items():
        if fieldname == "name":
            continue
        if fieldname in TEXT_FIELDS:
            plan.append((fieldname, index, None, None))
        elif fieldname in PARSERS:
            memo: dict[str, Any] | None = {} if fieldname in MEMO_FIELDS else None
            plan.append((fieldname, index, PARSERS[fieldname], memo))
    return plan


def _parse(parser: Callable[[Cell], Any], cell: Cell) -> Any:
    try:
        return parser(cell)
    except cells.CellError as exc:
        return exc


def _read_row(
    roster: Roster, header: Header, plan: Plan, number: int, row: list[Cell], texts: list[str]
) -> None:
    first = next(t for t in texts if t)
    name_index = header.columns["name"]
    name_text = texts[name_index] if name_index < len(texts) else ""
    if _is_total(texts, first):
        roster.rows += 1
        roster.findings.append(
            _finding(roster, "IN-TOTAL", Severity.ERROR, "in.total_row", number, None, first)
        )
        return
    if _NOTE.match(first) and (not name_text or name_text == first):
        roster.findings.append(
            _finding(
                roster, "IN-SKIPPED", Severity.INFO, "in.skipped_note", number, None, first[:40]
            )
        )
        return
    roster.rows += 1
    if not name_text:
        roster.findings.append(
            _finding(
                roster,
                "IN-EMPTY",
                Severity.ERROR,
                "in.no_name",
                number,
                header.written["name"],
                None,
            )
        )
        return
    values: dict[str, Any] = {"row": number, "name": name_text, "name_key": cells.clean(name_text)}
    width = len(row)
    for fieldname, index, parser, memo in plan:
        if index >= width:
            continue
        cell = row[index]
        if parser is None:
            values[fieldname] = texts[index] or None
            continue
        if memo is not None and cell.__class__ is str:
            parsed = memo.get(cell, _MISSING)
            if parsed is _MISSING:
                parsed = memo[cell] = _parse(parser, cell)
        else:
            parsed = _parse(parser, cell)
        if isinstance(parsed, cells.CellError):
            roster.findings.append(
                _finding(
                    roster,
                    "IN-VALUE",
                    Severity.ERROR,
                    parsed.message_id,
                    number,
                    header.written[fieldname],
                    texts[index],
                    (name_text,),
                    **parsed.params,
                )
            )
            continue
        if parsed is None or parsed == ():
            continue
        if fieldname == "education":
            values["education"], values["education_label"] = parsed
        elif fieldname == "party_status":
            values["party_status"] = parsed
            values["party_status_label"] = texts[index]
        elif fieldname == "ethnicity":
            values["ethnicity"] = parsed
            values["minority"] = parsed != "汉族"
        else:
            values[fieldname] = parsed
    roster.persons.append(Person(**values))


def person_fields() -> tuple[str, ...]:
    """Every field a roster column may fill."""
    return tuple(PERSON_HEADERS)
