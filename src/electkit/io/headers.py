"""Column headers in Chinese or English, matched after NFKC, case folding and without spaces, _ or -."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from electkit.io.tables import Cell

_SPACES = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")

PERSON_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "name", "代表姓名", "候选人姓名"),
    "gender": ("性别", "gender", "sex"),
    "ethnicity": ("民族", "ethnicity", "nation"),
    "birth_date": (
        "出生年月",
        "出生日期",
        "出生年月日",
        "birth_date",
        "birthdate",
        "date of birth",
    ),
    "education": ("学历", "文化程度", "最高学历", "education"),
    "party_status": ("政治面貌", "党员身份", "party_status"),
    "joined_party": ("入党时间", "入党年月", "入党日期", "joined_party"),
    "category": ("代表类别", "类别", "category"),
    "position": ("工作单位及职务", "现工作单位", "工作单位", "单位及职务", "position", "workplace"),
    "unit": ("选举单位", "unit"),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "id_number"),
    "discipline": ("党纪处分", "处分情况", "discipline"),
    "discipline_date": ("处分时间", "处分日期", "discipline_date"),
    "suspended": ("留置逮捕", "权利中止", "suspended"),
    "under_investigation": ("立案审查", "under_investigation"),
    "family_planning_violation": ("违反计划生育", "family_planning_violation"),
    "note": ("备注", "note", "notes"),
    # candidate columns
    "work_start": ("参加工作时间", "work_start"),
    "current_post": ("现任职务", "current_post"),
    "current_post_since": ("任现职时间", "current_post_since"),
    "proposed_post": ("拟任职务", "proposed_post"),
    "native_place": ("籍贯", "出生地", "native_place"),
    "relatives": ("亲属", "亲属关系", "relatives"),
    "terms_in_post": ("连任届数", "terms_in_post"),
    "newly_promoted": ("新提拔", "newly_promoted"),
    "rank": ("职级", "现职级", "rank"),
}

IGNORED_HEADERS = ("序号", "编号", "no", "no.", "#")


def normalize(text: str) -> str:
    """NFKC, no spaces of any width, lower case: how names and cell words are compared."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).lower()


_HEADER_IGNORED = re.compile(r"[\s\u3000\u00a0\u200b\ufeff_\-]+")


def header_key(text: str) -> str:
    """A header as compared: NFKC, case-folded, without spaces, ``_`` or ``-`` (Party Status,
    party_status, PartyStatus and party-status are one header)."""
    return _HEADER_IGNORED.sub("", unicodedata.normalize("NFKC", text)).casefold()


def build_lookup(aliases: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Map every alias, as compared (``header_key``), to its field; two fields may not share one."""
    lookup: dict[str, str] = {}
    for fieldname, names in aliases.items():
        for alias in names:
            key = header_key(alias)
            if lookup.setdefault(key, fieldname) != fieldname:
                raise ValueError(f"header alias {alias!r} of {fieldname} is also {lookup[key]}'s")
    return lookup


PERSON_LOOKUP = build_lookup(PERSON_HEADERS)
_IGNORED_KEYS = frozenset(header_key(h) for h in IGNORED_HEADERS)


@dataclass(frozen=True)
class Header:
    """The header row that was found: which column holds which field, as written."""

    row: int
    columns: dict[str, int]
    written: dict[str, str]
    unknown: tuple[tuple[int, str], ...]
    duplicates: tuple[tuple[str, str, int], ...]
    lines: int = 1  # 2: two header lines under a merged group title (see ``find_header``)

    @property
    def last_row(self) -> int:
        """The last row of the header: the data starts below it."""
        return self.row + self.lines - 1


def cell_text(cell: Cell) -> str:
    """A cell as text (numbers without a trailing .0), for headers and free text."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def match_header(
    cells: Sequence[Cell],
    row: int,
    lookup: Mapping[str, str],
    *,
    extra: Mapping[str, str] | None = None,
) -> Header:
    """Map the cells of a header row to fields; unknown, ignored and duplicate headers are kept apart."""
    columns: dict[str, int] = {}
    written: dict[str, str] = {}
    unknown: list[tuple[int, str]] = []
    duplicates: list[tuple[str, str, int]] = []
    for index, cell in enumerate(cells):
        text = cell_text(cell)
        if not text:
            continue
        key = header_key(text)
        fieldname = lookup.get(key) or (extra or {}).get(key)
        if fieldname is None:
            if key not in _IGNORED_KEYS:
                unknown.append((index, text))
            continue
        if fieldname in columns:
            duplicates.append((fieldname, text, index))
            continue
        columns[fieldname] = index
        written[fieldname] = text
    return Header(row, columns, written, tuple(unknown), tuple(duplicates))


def find_header(
    rows: Iterable[tuple[int, Sequence[Cell]]],
    lookup: Mapping[str, str],
    required: str = "name",
    min_matches: int = 2,
    scan: int = 30,
) -> Header | None:
    """The first row (within ``scan`` rows) with the required field and enough known headers.

    Title rows above the header (中共某某乡第十次代表大会代表名单) and blank rows are skipped.
    A first header line right above it (see ``first_line``) or else a second header line right
    below it (see ``second_line``) is merged in.
    """
    found: tuple[Header, Sequence[Cell]] | None = None
    previous: tuple[int, Sequence[Cell]] | None = None
    for count, (number, cells) in enumerate(rows):
        if found is not None:
            return second_line(*found, number, cells, lookup, required)
        if count >= scan:
            break
        header = match_header(cells, number, lookup)
        if required in header.columns and len(header.columns) >= min_matches:
            if previous is not None:
                merged = first_line(header, cells, *previous, lookup)
                if merged is not header:
                    return merged
            found = (header, cells)
        previous = (number, cells)
    return None if found is None else found[0]


def first_line(
    header: Header,
    cells: Sequence[Cell],
    number: int,
    above: Sequence[Cell],
    lookup: Mapping[str, str],
) -> Header:
    """The header with the row right above it merged in, when that row is a first header line.

    The mirror of ``second_line``: a group title merged across columns that include 姓名
    (基本情况 over 姓名/性别/民族/出生年月) puts 姓名 on the second line, which is the row found;
    the other headers (学历, 政治面貌 …) are merged down two rows, so in a CSV they stand on the
    first line over blank cells of the second. The row above is a first line when it names a
    known field over a blank cell of the header row. Its text over a cell of the header row is the
    group title (or the same header, merged down) and is not a column. The header then starts on
    the row above.
    """
    if number != header.row - 1:
        return header
    texts = [cell_text(c) for c in cells]
    added, unknown = _header_cells(
        (
            (index, text)
            for index, text in enumerate(map(cell_text, above))
            if text and not (index < len(texts) and texts[index])
        ),
        lookup,
    )
    if not added:
        return header
    columns, written, duplicates = _with_columns(header, added)
    return Header(
        number,
        columns,
        written,
        tuple(sorted([*header.unknown, *unknown])),
        duplicates,
        lines=2,
    )


def _header_cells(
    cells: Iterable[tuple[int, str]], lookup: Mapping[str, str]
) -> tuple[list[tuple[str, int, str]], list[tuple[int, str]]]:
    """The cells of another header line: (field, column, text) for the known headers, and
    (column, text) for the unknown ones (序号 and the like are neither)."""
    added: list[tuple[str, int, str]] = []
    unknown: list[tuple[int, str]] = []
    for index, text in cells:
        key = header_key(text)
        fieldname = lookup.get(key)
        if fieldname is not None:
            added.append((fieldname, index, text))
        elif key not in _IGNORED_KEYS:
            unknown.append((index, text))
    return added, unknown


def _with_columns(
    header: Header, added: Sequence[tuple[str, int, str]]
) -> tuple[dict[str, int], dict[str, str], tuple[tuple[str, str, int], ...]]:
    """The header's columns and written names with another header line's fields added, in
    column order; a field it already has is a duplicate."""
    columns = dict(header.columns)
    written = dict(header.written)
    duplicates = list(header.duplicates)
    for fieldname, index, text in added:
        if fieldname in columns:
            duplicates.append((fieldname, text, index))
        else:
            columns[fieldname] = index
            written[fieldname] = text
    order = sorted(columns, key=columns.__getitem__)
    return {f: columns[f] for f in order}, {f: written[f] for f in order}, tuple(duplicates)


def second_line(
    header: Header,
    top: Sequence[Cell],
    number: int,
    cells: Sequence[Cell],
    lookup: Mapping[str, str],
    required: str = "name",
) -> Header:
    """The header with the row right below it merged in, when that row is a second header line.

    A group title merged across columns (基本情况 over 性别/民族/出生年月) leaves its columns
    blank in the header row, or holding the title, an unknown header; the row below names them,
    while the other headers are merged down two rows (repeated, or blank in a CSV). The row is a
    second line when its ``required`` cell is blank or repeats the header's and it names a known
    field under such a column; the title is then no unknown column but the group's label.
    """
    above = [cell_text(c) for c in top]
    texts = [cell_text(c) for c in cells]
    at = header.columns[required]
    if number != header.row + 1 or (at < len(texts) and texts[at] not in ("", above[at])):
        return header
    # columns whose header row names a field (or 序号): a text below them is a sub-label
    taken = {
        *header.columns.values(),
        *(i for _, _, i in header.duplicates),
        *(i for i, t in enumerate(above) if t and header_key(t) in _IGNORED_KEYS),
    }
    added, unknown = _header_cells(
        (
            (index, text)
            for index, text in enumerate(texts)
            if text and index not in taken and not (index < len(above) and text == above[index])
        ),
        lookup,
    )
    if not added:
        return header
    columns, written, duplicates = _with_columns(header, added)
    named = {index for _, index, _ in added}
    starts = sorted(i for i, t in enumerate(above) if t)

    def spans_named(start: int) -> bool:
        end = next((i for i in starts if i > start), max(len(texts), len(above)))
        return any(start <= i < end for i in named)

    return Header(
        header.row,
        columns,
        written,
        tuple(sorted([*(u for u in header.unknown if not spans_named(u[0])), *unknown])),
        duplicates,
        lines=2,
    )


def column_letter(index: int) -> str:
    """Spreadsheet column letters for a 0-based index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
