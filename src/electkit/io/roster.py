"""Read a roster (代表名单) or slate (候选人名单) into people, with every cell problem as a finding."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from electkit.core.errors import InputError, Problem
from electkit.core.findings import Finding, Severity, listing
from electkit.core.models import Event, Person
from electkit.core.vocabulary import DISCIPLINE, Vocabulary
from electkit.io import cells
from electkit.io.gc_pause import paused_gc
from electkit.io.headers import (
    PERSON_HEADERS,
    PERSON_LOOKUP,
    Header,
    column_letter,
    find_header,
    header_key,
    normalize,
)
from electkit.io.tables import Cell, Table, read_table

HEADER_SCAN = 30
EXAMPLE_MARK = "示例"  # the grey example row of electkit's Excel templates
TOTAL_WORDS = frozenset({"合计", "总计", "小计", "共计", "total", "sum"})
# the first word of a note line (注：…, 填表人：…)
NOTE_WORDS = (
    "注",
    "说明",
    "附注",
    "备注",
    "填表说明",
    "填写说明",
    "填表须知",
    "填表人",
    "制表",
    "制表人",
    "审核",
    "审核人",
    "填表日期",
    "制表日期",
    "联系人",
    "联系电话",
)
# a note line below a table (注：…, 填表人：…); also used by `electkit sort`
NOTE_LINE = re.compile(
    r"^(" + "|".join(sorted(NOTE_WORDS, key=len, reverse=True)) + r")([:：\s]|$)"
)
# a format hint under a header, as compared (``normalize``): (年.月), （是/否）, 例：…, 填写全称
_BRACKETED = re.compile(r"^[(\[【〔<《].*[)\]】〕>》]$", re.DOTALL)
_HINT_START = re.compile(r"^(?:(?:例|例如|示例|样例|如):|如\d|填写|请填|请按)")
_FORMAT_HINT = re.compile(
    r"^(?:年|yyyy|xxxx|0000)[./-]?(?:月|mm|xx|00)(?:[./-]?(?:日|dd|xx|00))?$"
    r"|^(?:是|否|有|无|男|女)(?:/|、|或)(?:是|否|有|无|男|女)$"
)
_NAME_LIKE = re.compile(r"^[\u3400-\u9fff]{2,4}$")

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
    "proposed_post": cells.parse_proposed_post,
    "relatives": cells.parse_names,
    "terms_in_post": cells.parse_int,
    "newly_promoted": cells.parse_yes_no,
    "rank": cells.parse_rank,
}
# parsers that read against the rule set's vocabulary
VOCABULARY_PARSERS = (
    cells.parse_category,
    cells.parse_discipline,
    cells.parse_rank,
    cells.parse_post,
    cells.parse_proposed_post,
)
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
    posts_required: bool = False,
    township: str | None = None,
    contest: str | None = None,
    vocabulary: Vocabulary | None = None,
) -> Roster:
    """Read people from a .csv/.xlsx roster; raises InputError when no header row is found.

    ``posts_required``: an unknown 拟任职务 is an error (a committee or discipline slate, whose
    checks are keyed on it), else a warning. ``township`` (the election's) and ``contest`` (the
    slate's) are how 拟任职务 and 现任职务 are read: 青山乡党委书记 is a township post, and on a
    ``discipline`` slate 书记, 副书记 and 委员 are the 纪委's.
    """
    table = read_table(path, sheet=sheet, encoding=encoding, stream=True)
    with paused_gc():  # creating 100,000 people triggers many useless collections
        return roster_from_table(
            table,
            posts_required=posts_required,
            township=township,
            contest=contest,
            vocabulary=vocabulary,
        )


def read_people(
    path: Path,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    posts_required: bool = False,
    township: str | None = None,
    contest: str | None = None,
    vocabulary: Vocabulary | None = None,
) -> Roster:
    """A roster that must hold at least one person (a list to check): otherwise InputError."""
    roster = read_roster(
        path,
        sheet=sheet,
        encoding=encoding,
        posts_required=posts_required,
        township=township,
        contest=contest,
        vocabulary=vocabulary,
    )
    if not roster.persons:
        raise InputError(
            [
                Problem(
                    message_id="roster.no_people",
                    file=roster.path,
                    row=roster.header_row,
                    params={"rows": roster.rows},
                )
            ]
        )
    return roster


def roster_from_table(
    table: Table,
    *,
    posts_required: bool = False,
    township: str | None = None,
    contest: str | None = None,
    vocabulary: Vocabulary | None = None,
) -> Roster:
    """People from the rows of a table (see ``read_roster``), in one pass over its rows.

    ``vocabulary`` (the rule set's; the national default without one) says which categories,
    posts, ranks and sanctions the cells may name, and adds the columns of its event kinds
    (政务处分 and its date …) and of its own columns.
    """
    vocab = cells._vocabulary(vocabulary)
    rows = table.iter_rows()
    head = list(itertools.islice(rows, HEADER_SCAN))
    header = find_header(head, person_lookup(vocab), scan=HEADER_SCAN)
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
    # what the header lines say in each column (a row repeating them is no person)
    header_cells: dict[int, set[str]] = {}
    for number, row in head:
        if header.row <= number <= header.last_row:
            for i, c in enumerate(row):
                if text := cells.text_of(c):
                    header_cells.setdefault(i, set()).add(text)
    _read_columns(  # the only holder of the kept rows: it lets them go once it has the columns
        roster,
        header,
        _classify(
            roster,
            header,
            header_cells,
            itertools.chain((r for r in head if r[0] > header.last_row), rows),
            all_text=table.text is not None,
        ),
        posts_required=posts_required,
        township=township,
        contest=contest,
        vocabulary=vocab,
    )
    return roster


_LOOKUPS: dict[int, tuple[Vocabulary, dict[str, str]]] = {}


def person_lookup(vocabulary: Vocabulary) -> dict[str, str]:
    """The header lookup: the person fields, then the rule set's event and column headers
    (``event:政务处分``, ``event_date:政务处分``, ``column:是否一线``)."""
    cached = _LOOKUPS.get(id(vocabulary))
    if cached is not None and cached[0] is vocabulary:
        return cached[1]
    lookup = dict(PERSON_LOOKUP)
    for event in vocabulary.events:
        for text in event.headers:
            lookup.setdefault(header_key(text), f"event:{event.name}")
        for text in event.date_headers:
            lookup.setdefault(header_key(text), f"event_date:{event.name}")
    for column in vocabulary.columns:
        for text in column.headers:
            lookup.setdefault(header_key(text), f"column:{column.name}")
    _LOOKUPS[id(vocabulary)] = (vocabulary, lookup)
    return lookup


def _classify(
    roster: Roster,
    header: Header,
    header_cells: dict[int, set[str]],
    rows: Iterable[tuple[int, list[Cell]]],
    *,
    all_text: bool,
) -> list[tuple[int, list[Cell], str]]:
    """Sort the rows below the header: people (kept, with their name) and everything else
    (blank rows, a second header line, 合计 rows, trailing notes, rows without a name)."""
    kept: list[tuple[int, list[Cell], str]] = []
    name_index = header.columns["name"]
    text_of = cells.text_of
    from electkit.io.xlsx_templates import example_names, is_example_row

    examples = example_names()
    continuing = True
    counted = 0  # rows that count as rows of the list (people, total rows, rows without a name)
    for number, row in rows:
        if all_text and not any(row):
            continue
        # only the first cells and the name are needed to classify a row (a text cell's text is
        # the cell trimmed: taken here without a call, 100,000 times)
        cell = row[0] if row else None
        first: str | None = cell.strip() if isinstance(cell, str) else text_of(cell)
        if not first:
            first = next((t for t in map(text_of, row) if t), None)
            if first is None:
                continue
        if continuing:
            if _continues_header([text_of(c) for c in row], header_cells, name_index):
                continue  # second line of a two-line header (merged header cells)
            continuing = False
        cell = row[name_index] if name_index < len(row) else None
        name_text = cell.strip() if isinstance(cell, str) else text_of(cell)
        if first == EXAMPLE_MARK or (name_text in examples and is_example_row(row, header.columns)):
            roster.findings.append(
                _finding(roster, "IN-SKIPPED", Severity.INFO, "in.example_row", number, None, first)
            )
            continue
        if not kept and is_hint_row([text_of(c) for c in row], name_text):
            roster.findings.append(
                _finding(
                    roster, "IN-SKIPPED", Severity.INFO, "in.skipped_hint", number, None, first[:40]
                )
            )
            continue
        if is_total_row(row, first):
            counted += 1
            roster.findings.append(
                _finding(roster, "IN-TOTAL", Severity.ERROR, "in.total_row", number, None, first)
            )
        elif (not name_text or name_text == first) and NOTE_LINE.match(first):
            roster.findings.append(
                _finding(
                    roster, "IN-SKIPPED", Severity.INFO, "in.skipped_note", number, None, first[:40]
                )
            )
        elif not name_text:
            counted += 1
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
        else:
            counted += 1
            kept.append((number, row, name_text))
    roster.rows += counted
    return kept


def is_hint(text: str) -> bool:
    """A note or format hint (注：…, 填表说明…, (年.月), （是/否）, （填写全称）, 例：…), not data."""
    key = normalize(text)
    return bool(
        NOTE_LINE.match(text.strip())
        or _BRACKETED.match(key)
        or _HINT_START.match(key)
        or _FORMAT_HINT.match(key)
    )


def is_hint_row(texts: Sequence[str], name: str) -> bool:
    """A row of notes or format hints (under the header, before the first person): no name, or
    a hint where the name goes, and only hints in its other cells.

    2 to 4 Chinese characters where the name goes are a name unless they are a note word
    (说明, 备注 …) or a format (年月): such a row is a person, read and checked.
    """
    if name:
        key = normalize(name)
        if _NAME_LIKE.match(key) and key not in NOTE_WORDS and not _FORMAT_HINT.match(key):
            return False
        if not is_hint(name):
            return False
    return all(is_hint(t) for t in texts if t)


class _Memo(dict[Cell, Any]):
    """Parsed values by written value: each distinct value is parsed once per column."""

    def __init__(self, parser: Callable[[Cell], Any]) -> None:
        super().__init__()
        self.parser = parser
        self.failed = False

    def __missing__(self, cell: Cell) -> Any:
        try:
            value = self.parser(cell)
        except cells.CellError as exc:
            value = exc
            self.failed = True
        self[cell] = value
        return value


_TEXT_CELLS = frozenset({str, type(None)})


def _text_or_none(cell: Cell) -> str | None:
    return cells.text_of(cell) or None


def _clean_all(names: list[str]) -> list[str]:
    """``cells.clean`` of every name, by one pass over the column joined with NUL characters (a
    starter that nothing composes with, so NFKC cannot act across it, and no space); a name
    holding a NUL itself is cleaned alone."""
    cleaned = cells.clean("\x00".join(names)).split("\x00")
    if len(cleaned) != len(names):
        return [cells.clean(name) for name in names]
    return cleaned


def _texts(raw: Sequence[Cell]) -> list[str | None]:
    """Each cell as trimmed text, None for a blank; a column of text cells (every CSV column)
    is trimmed once per distinct value. (Only then: as dictionary keys 1, 1.0 and True are one
    key, and their texts differ.)"""
    if set(map(type, raw)) <= _TEXT_CELLS:
        return list(map(_Memo(_text_or_none).__getitem__, raw))
    return list(map(_text_or_none, raw))


def _read_columns(
    roster: Roster,
    header: Header,
    kept: list[tuple[int, list[Cell], str]],
    *,
    posts_required: bool = False,
    township: str | None = None,
    contest: str | None = None,
    vocabulary: Vocabulary,
) -> None:
    """Read the kept rows column by column (each distinct value parsed once), then build people."""
    numbers = [number for number, _, _ in kept]
    names = [name for _, _, name in kept]
    # transpose once (in C); short rows are padded with empty cells
    grid = list(itertools.zip_longest(*(row for _, row, _ in kept), fillvalue=None))
    empty: tuple[Cell, ...] = (None,) * len(kept)
    del kept  # the rows themselves: freed before the people are built (a lower peak of memory)
    columns: dict[str, list[Any]] = {
        "row": numbers,
        "name": names,
        "name_key": _clean_all(names),
    }
    for fieldname, index in header.columns.items():
        if fieldname == "name":
            continue
        raw = grid[index] if index < len(grid) else empty
        if fieldname in TEXT_FIELDS:
            columns[fieldname] = _texts(raw)
            continue
        parser = _parser(fieldname, vocabulary)
        if parser is None:
            continue
        if parser.func is cells.parse_post or parser.func is cells.parse_proposed_post:
            # read against the election's township and the slate's contest
            parser = functools.partial(parser, township=township, contest=contest)
        memo = _Memo(parser)
        if parser.func is cells.parse_id_cell and set(map(type, raw)) <= _TEXT_CELLS:
            parsed = list(map(parser, raw))  # one number a person, and text never fails to read
        else:
            parsed = list(map(memo.__getitem__, raw))
        if memo.failed:
            severity = (
                Severity.WARNING
                if fieldname == "proposed_post" and not posts_required
                else Severity.ERROR
            )
            for i, value in enumerate(parsed):
                if isinstance(value, cells.CellError):
                    roster.findings.append(
                        _finding(
                            roster,
                            "IN-VALUE",
                            severity,
                            value.message_id,
                            numbers[i],
                            header.written[fieldname],
                            cells.text_of(raw[i]),
                            (names[i],),
                            **value.params,
                        )
                    )
                    parsed[i] = None
        if parser.func is cells.parse_date and roster.encoding is not None:  # CSV text only
            _maybe_october(roster, header.written[fieldname], memo, raw, numbers, names)
        if fieldname == "id_number":
            _cut_ids(roster, header.written[fieldname], parsed, raw, numbers, names)
        if fieldname == "education":
            columns["education"] = [v[0] if v else None for v in parsed]
            columns["education_label"] = [v[1] if v else None for v in parsed]
        elif fieldname == "party_status":
            columns["party_status"] = parsed
            # kept for unreadable cells too, so EL-FULL can say "unreadable", not "empty"
            columns["party_status_label"] = _texts(raw)
        elif fieldname == "ethnicity":
            columns["ethnicity"] = parsed
            columns["minority"] = [None if v is None else v != "汉族" for v in parsed]
        elif fieldname == "discipline":
            columns["discipline"] = parsed
            columns["discipline_years"] = [
                cells.sanction_years(cells.text_of(c)) if v == "留党察看" else None
                for c, v in zip(raw, parsed, strict=True)
            ]
        elif fieldname == "proposed_post":
            columns["proposed_post"] = [v.posts[0] if v else None for v in parsed]
            columns["proposed_posts"] = [v.posts if v else () for v in parsed]
            _unknown_post_parts(roster, header.written[fieldname], parsed, raw, numbers, names)
        elif fieldname == "relatives":
            columns["relatives"] = [v or () for v in parsed]
        elif fieldname == "category":
            columns["categories"] = parsed
        elif fieldname == "rank":
            columns["rank"] = [v[0] if v else None for v in parsed]
            columns["rank_label"] = [v[1] if v else None for v in parsed]
        else:
            columns[fieldname] = parsed
    grid.clear()  # the cells as written: freed before the people are built
    columns["events"] = _events(columns, len(numbers))
    extra = [
        (f.removeprefix("column:"), columns.pop(f))
        for f in list(columns)
        if f.startswith("column:")
    ]
    if extra:
        columns["extra"] = [
            tuple((name, values[i]) for name, values in extra if values[i] is not None)
            for i in range(len(numbers))
        ]
    for f in [f for f in columns if f.startswith("event") and f != "events"]:
        del columns[f]
    # positional construction over whole columns: a field without a column takes its default
    ordered = [
        columns[f.name] if f.name in columns else itertools.repeat(f.default)
        for f in dataclasses.fields(Person)
    ]
    roster.persons.extend(map(Person, *ordered))
    order = {name: i for i, name in enumerate(header.written.values())}
    roster.findings.sort(key=lambda f: (f.rows[0] if f.rows else 0, order.get(f.column or "", -1)))


def _parser(fieldname: str, vocabulary: Vocabulary) -> functools.partial[Any] | None:
    """The parser of a field's cells (bound to the vocabulary where it reads against it)."""
    if fieldname.startswith("event:"):
        kind = vocabulary.event(fieldname.removeprefix("event:"))
        return functools.partial(cells.parse_event, kind=kind) if kind else None
    if fieldname.startswith("event_date:"):
        return functools.partial(cells.parse_date)
    if fieldname.startswith("column:"):
        term = vocabulary.column(fieldname.removeprefix("column:"))
        return functools.partial(cells.parse_column_value, term=term) if term else None
    parser = PARSERS.get(fieldname)
    if parser is None:
        return None
    if parser in VOCABULARY_PARSERS:
        return functools.partial(parser, vocabulary=vocabulary)
    return functools.partial(parser)


def _events(columns: dict[str, list[Any]], n: int) -> list[tuple[Event, ...]]:
    """Each person's dated events: the 党纪处分 column, then every declared event kind's."""
    kinds: list[tuple[str, list[Any], list[Any], list[Any]]] = []
    if "discipline" in columns:
        kinds.append(
            (
                DISCIPLINE,
                columns["discipline"],
                columns.get("discipline_date", [None] * n),
                columns.get("discipline_years", [None] * n),
            )
        )
    for key in columns:
        if key.startswith("event:"):
            name = key.removeprefix("event:")
            dates = columns.get(f"event_date:{name}", [None] * n)
            kinds.append((name, columns[key], dates, [None] * n))
    events: list[tuple[Event, ...]] = [()] * n
    for kind, values, dates, years in kinds:  # a few people have any: only theirs are built
        for i in [i for i, value in enumerate(values) if value is not None]:
            events[i] += (Event(kind, values[i], dates[i], years[i]),)
    return events


def _unknown_post_parts(
    roster: Roster,
    column: str,
    parsed: Sequence[cells.ProposedPosts | None],
    raw: Sequence[Cell],
    numbers: list[int],
    names: list[str],
) -> None:
    """A 拟任职务 naming a known post and something else: checked as the known post, with a warning."""
    for i, value in enumerate(parsed):
        if value is not None and value.unknown:
            roster.findings.append(
                _finding(
                    roster,
                    "IN-VALUE",
                    Severity.WARNING,
                    "cell.post_part",
                    numbers[i],
                    column,
                    cells.text_of(raw[i]),
                    (names[i],),
                    parts=listing(value.unknown),
                    post=listing(value.posts),
                )
            )


_CUT = re.compile(r"^\d{15}000$")
# a number cell shown in scientific notation (LibreOffice and Excel write it so to CSV)
_SCIENTIFIC = re.compile(r"^[1-9](?:\.\d+)?E\+?0*1[4-9]$", re.IGNORECASE)


def _cut_ids(
    roster: Roster,
    column: str,
    parsed: list[Any],
    raw: Sequence[Cell],
    numbers: list[int],
    names: list[str],
) -> None:
    """18-digit IDs ending in 000 as text: what a spreadsheet leaves of an ID typed into a
    number cell (15 significant digits kept, the rest 0) once saved as CSV or pasted as text;
    or the number in scientific notation (5.3032519760415E+017), as a CSV export shows it.

    One such ID whose check digit fails, or two or more in the file, are cut IDs: an error on
    the cell that names the cause, and the ID is not used (a cut ID never passes EL-IDNUM, and
    is not blamed on a typo). A single one whose check digit holds (1 cut ID in 11 does) is a
    warning to compare with the ID card: a real number can end in 000.
    """
    from electkit.core.idnumber import check_digit

    suspects = [
        i
        for i, v in enumerate(parsed)
        if isinstance(v, str)
        and (v.endswith("000") or "E" in v or "e" in v)  # what either pattern needs
        and (_CUT.match(v) or _SCIENTIFIC.match(v))
    ]
    if not suspects:
        return
    failing = [
        i
        for i in suspects
        if not parsed[i].isdigit() or check_digit(parsed[i][:17]) != parsed[i][17]
    ]
    pattern = len(suspects) > 1 or bool(failing)
    for i in suspects:
        # a number cell has lost its digits whatever its check digit says
        cut = pattern or not isinstance(raw[i], str)
        roster.findings.append(
            _finding(
                roster,
                "IN-VALUE",
                Severity.ERROR if cut else Severity.WARNING,
                "cell.id_cut" if cut else "cell.id_maybe_cut",
                numbers[i],
                column,
                cells.text_of(raw[i]),
                (names[i],),
                count=len(suspects),
            )
        )
        if cut:
            parsed[i] = None


_YEAR_DOT_ONE = re.compile(r"^\s*\d{4}[.．]\s*[1１]\s*$")


def _maybe_october(
    roster: Roster,
    column: str,
    memo: _Memo,
    raw: Sequence[Cell],
    numbers: list[int],
    names: list[str],
) -> None:
    """``1978.1`` in a CSV is read as January, as written; but a spreadsheet saves a number
    cell 1978.10 (October) as 1978.1 in CSV, so each such cell gets a warning to check. (In a
    workbook a text cell says what was typed, and a number cell x.1 is an error of its own.)"""
    doubtful = {key for key in memo if isinstance(key, str) and _YEAR_DOT_ONE.match(key)}
    if not doubtful:
        return
    for i, cell in enumerate(raw):
        if cell in doubtful:
            roster.findings.append(
                _finding(
                    roster,
                    "IN-VALUE",
                    Severity.WARNING,
                    "cell.date_maybe_october",
                    numbers[i],
                    column,
                    cells.text_of(cell),
                    (names[i],),
                )
            )


def _continues_header(texts: list[str], header_cells: dict[int, set[str]], name_index: int) -> bool:
    """A row right below the header that repeats it (vertical merges) or only adds sub-headers."""
    if name_index < len(texts) and texts[name_index] in header_cells.get(name_index, ()):
        return True
    return all(not t or t in header_cells.get(i, ()) for i, t in enumerate(texts))


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


_TOTALISH = re.compile(r"计|(?:^|\x1f)\s*[TtSs]")
_TOTAL_CHARS = re.compile(r"[计TtSs]")  # what _TOTALISH needs, found ten times faster


def is_total_row(row: list[Cell], first: str) -> bool:
    """A 合计/总计/Total row (one cheap test first: most rows hold none of these characters)."""
    try:
        joined = "\x1f".join(row[:4])  # type: ignore[arg-type]  # a CSV row: every cell is text
    except TypeError:
        joined = "\x1f".join(_head(row))
    if "计" not in first and not (_TOTAL_CHARS.search(joined) and _TOTALISH.search(joined)):
        return False
    candidates = [t.strip() for t in _head(row) if t.strip()]
    return any(normalize(t) in TOTAL_WORDS for t in candidates) or normalize(first).startswith(
        ("合计", "总计")
    )


def _head(row: list[Cell]) -> list[str]:
    """The first four cells as text (a text cell as written)."""
    return [cell if isinstance(cell, str) else cells.text_of(cell) for cell in row[:4]]


def person_fields() -> tuple[str, ...]:
    """Every field a roster column may fill."""
    return tuple(PERSON_HEADERS)
