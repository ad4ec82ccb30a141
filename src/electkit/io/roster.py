"""Read a roster (代表名单) or slate (候选人名单) into people, with every cell problem as a finding."""

from __future__ import annotations

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
    table = read_table(path, sheet=sheet, encoding=encoding)
    return roster_from_table(table)


def roster_from_table(table: Table) -> Roster:
    """People from the rows of a table (see ``read_roster``)."""
    header = find_header(table.rows, PERSON_LOOKUP)
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
    header_cells = _header_cells(table, header)
    below = [r for r in table.rows if r[0] > header.row]
    continuing = True
    for number, row in below:
        texts = [cells.text_of(c) for c in row]
        if not any(texts):
            continue
        if continuing and all(not t or t == header_cells.get(i) for i, t in enumerate(texts)):
            continue  # second line of a two-line header (merged header cells)
        continuing = False
        _read_row(roster, header, number, row, texts)
    return roster


def _header_cells(table: Table, header: Header) -> dict[int, str]:
    for number, row in table.rows:
        if number == header.row:
            return {i: cells.text_of(c) for i, c in enumerate(row) if cells.text_of(c)}
    return {}


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


def _read_row(
    roster: Roster, header: Header, number: int, row: list[Cell], texts: list[str]
) -> None:
    first = next(t for t in texts if t)
    name_index = header.columns["name"]
    name_text = texts[name_index] if name_index < len(texts) else ""
    if any(normalize(t) in TOTAL_WORDS for t in texts[:4] if t) or normalize(first).startswith(
        ("合计", "总计")
    ):
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
    for fieldname, index in header.columns.items():
        if fieldname == "name" or index >= len(row):
            continue
        cell = row[index]
        if fieldname in TEXT_FIELDS:
            values[fieldname] = texts[index] or None
            continue
        parser = PARSERS.get(fieldname)
        if parser is None:
            continue
        try:
            parsed = parser(cell)
        except cells.CellError as exc:
            roster.findings.append(
                _finding(
                    roster,
                    "IN-VALUE",
                    Severity.ERROR,
                    exc.message_id,
                    number,
                    header.written[fieldname],
                    texts[index],
                    (name_text,),
                    **exc.params,
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
    roster.persons.append(Person.model_construct(**values))


def person_fields() -> tuple[str, ...]:
    """Every field a roster column may fill."""
    return tuple(PERSON_HEADERS)
