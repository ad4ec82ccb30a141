"""Read a ballot file (one row per returned ballot) and feed each ballot to the tally, streaming.

Layout: a header row with ``ballot``/选票编号, one column per listed candidate headed by the exact
name, write-in columns headed ``另选…``/``write_in…``, and optionally ``void``/废票. Every bad cell,
row or column is a problem naming file, row (as the spreadsheet numbers it), column and value;
all of them are collected in one pass and raised together. Nothing is skipped silently: only
rows with no content at all (blank lines) and a 序号 column are passed over.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from electkit.core.contest import BallotError, Contest, name_key, parse_mark, parse_write_in
from electkit.core.errors import InputError, Problem
from electkit.core.findings import ParamValue, listing
from electkit.io.cells import text_of
from electkit.io.excel_guard import BALLOTS
from electkit.io.headers import column_letter, normalize
from electkit.io.roster import EXAMPLE_MARK
from electkit.io.tables import Cell, stream_table
from electkit.io.xlsx_templates import EXAMPLE_FIRST_MARK

BALLOT_HEADERS = frozenset({"ballot", "ballot_no", "选票编号", "选票号", "票号", "编号"})
VOID_HEADERS = frozenset({"void", "废票"})
WRITE_IN_PREFIXES = ("另选", "write_in", "write-in")
IGNORED_HEADERS = frozenset({"序号", "no", "no.", "#"})
TOTAL_WORDS = frozenset({"合计", "总计", "小计", "共计", "total", "sum"})
# A void cell says "void"; words that say "not void" would void the ballot if read literally.
NOT_VOID = frozenset({"否", "无", "没有", "不是", "0", "n", "no", "false", "有效", "valid"})
HEADER_SCAN = 30
MAX_PROBLEMS = 1000
CACHE_CAP = 16384
BITMAP_LIMIT = 1 << 24

Sink = Callable[[str, tuple[int, ...], tuple[str, ...], str | None], object]


@dataclass(frozen=True)
class Layout:
    """Which column holds what, found from the header row."""

    header_row: int
    width: int
    ballot: int
    candidates: tuple[int, ...]
    write_ins: tuple[int, ...]
    void: int | None
    headers: dict[int, str]

    def where(self, index: int) -> str:
        """A column as staff see it: letter and header (``C (王建国)``)."""
        return f"{column_letter(index)} ({self.headers.get(index, '')})"


@dataclass(frozen=True)
class BallotFile:
    """Where the ballots came from (printed with the result)."""

    path: str
    sha256: str
    encoding: str | None
    sheet: str | None
    header_row: int
    ballots: int
    example_row: int | None = None  # the template's example row, untouched and not counted


class _Problems:
    """Problems of one pass, capped so a wholly wrong file does not fill memory."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[Problem] = []
        self.more = 0

    def add(
        self,
        message_id: str,
        row: int | None,
        column: str | None,
        value: str | None,
        **params: ParamValue,
    ) -> None:
        if len(self.items) >= MAX_PROBLEMS:
            self.more += 1
            return
        self.items.append(
            Problem(
                message_id=message_id,
                file=self.path,
                row=row,
                column=column,
                value=value,
                params=params,
            )
        )

    def raise_if_any(self) -> None:
        if self.more:
            self.items.append(
                Problem(
                    message_id="tally.more_problems", file=self.path, params={"count": self.more}
                )
            )
        if self.items:
            raise InputError(self.items)


def read_ballots(
    path: Path,
    contest: Contest,
    sink: Sink,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
) -> BallotFile:
    """Read every ballot of a .csv/.xlsx file and pass it to ``sink`` (e.g. ``Tally.add_marks``).

    Raises InputError with every problem found once the whole file has been read; the caller
    must then discard what the sink received.
    """
    stream = stream_table(path, sheet=sheet, encoding=encoding, limits=BALLOTS)
    rows = stream.rows()
    problems = _Problems(stream.path)
    layout = find_layout(rows, contest, problems)
    problems.raise_if_any()
    assert layout is not None
    excel = stream.encoding is None
    seen = _Seen()
    duplicates: dict[str | int, list[tuple[int, str]]] = {}
    examples: list[int] = []
    count = _feed(rows, layout, sink, problems, seen, duplicates, excel, examples)
    if duplicates:
        _report_duplicates(stream.rows(), layout, duplicates, problems, excel)
    problems.raise_if_any()
    return BallotFile(
        stream.path,
        stream.sha256,
        stream.encoding,
        stream.sheet,
        layout.header_row,
        count,
        examples[0] if examples else None,
    )


def find_layout(
    rows: Iterator[tuple[int, list[Cell]]], contest: Contest, problems: _Problems
) -> Layout | None:
    """Find the header row (title rows above it are allowed) and map its columns."""
    for scanned, (number, cells) in enumerate(rows):
        texts = [text_of(c) for c in cells]
        if any(normalize(t) in BALLOT_HEADERS for t in texts):
            return _map_header(number, texts, contest, problems)
        if scanned + 1 >= HEADER_SCAN:
            break
    problems.add("tally.no_header", None, None, None, candidates=listing(contest.candidates))
    return None


def _map_header(number: int, texts: list[str], contest: Contest, problems: _Problems) -> Layout:
    keys = {name_key(c): i for i, c in enumerate(contest.candidates)}
    found: dict[int, int] = {}
    ballot: int | None = None
    void: int | None = None
    write_ins: list[int] = []
    headers: dict[int, str] = {}
    for index, text in enumerate(texts):
        if not text:
            continue
        headers[index] = text
        key = normalize(text)
        where = f"{column_letter(index)} ({text})"
        if key in BALLOT_HEADERS or key in VOID_HEADERS:
            if (ballot if key in BALLOT_HEADERS else void) is not None:
                problems.add("tally.column.duplicate", number, where, None)
            elif key in BALLOT_HEADERS:
                ballot = index
            else:
                void = index
        elif key.startswith(WRITE_IN_PREFIXES):
            write_ins.append(index)
        elif key in IGNORED_HEADERS:
            continue
        elif name_key(text) in keys:
            candidate = keys[name_key(text)]
            if candidate in found:
                problems.add("tally.column.duplicate", number, where, None)
            else:
                found[candidate] = index
        else:
            problems.add(
                "tally.column.unknown",
                number,
                where,
                text,
                candidates=listing(contest.candidates),
            )
    missing = [c for i, c in enumerate(contest.candidates) if i not in found]
    if missing:
        problems.add("tally.column.missing", number, None, None, names=listing(missing))
    width = max(headers) + 1
    candidates = tuple(found.get(i, -1) for i in range(len(contest.candidates)))
    assert ballot is not None
    return Layout(number, width, ballot, candidates, tuple(write_ins), void, headers)


class _Seen:
    """Ballot numbers met so far: digits in a bitmap (one bit per number), others in a set."""

    def __init__(self) -> None:
        self.bits = bytearray(1 << 14)
        self.others: set[str] = set()

    def add(self, key: int | str) -> bool:
        """Record a number; False when it was already there."""
        if isinstance(key, str):
            if key in self.others:
                return False
            self.others.add(key)
            return True
        byte, bit = key >> 3, 1 << (key & 7)
        if byte >= len(self.bits):
            self.bits.extend(bytes(max(byte + 1 - len(self.bits), len(self.bits))))
        if self.bits[byte] & bit:
            return False
        self.bits[byte] |= bit
        return True


def _ballot_key(text: str) -> tuple[str, int | str]:
    """The ballot number as shown (NFKC, no spaces) and as compared (0017 and 17 are one number)."""
    shown = name_key(text)
    if shown.isascii() and shown.isdigit():
        if len(shown.lstrip("0")) > 18:  # no int(): it refuses more than 4,300 digits
            return shown, shown.lstrip("0")
        value = int(shown)
        return shown, value if value < BITMAP_LIMIT else shown.lstrip("0")
    return shown, shown


def _feed(
    rows: Iterator[tuple[int, list[Cell]]],
    layout: Layout,
    sink: Sink,
    problems: _Problems,
    seen: _Seen,
    duplicates: dict[str | int, list[tuple[int, str]]],
    excel: bool,
    examples: list[int],
) -> int:
    """The hot loop: one row → one ballot. Mark tuples are parsed once per distinct pattern.

    A row numbered 示例 is the template's example row: passed over (and named in ``examples``)
    only as the template wrote it; a ballot typed over it is a problem, never dropped."""
    width, bcol, wcols, vcol = layout.width, layout.ballot, layout.write_ins, layout.void
    cols = layout.candidates
    unlabeled = tuple(i for i in range(width) if i not in layout.headers)
    first, last = cols[0], cols[-1] + 1
    contiguous = list(cols) == list(range(first, last))
    pick = operator.itemgetter(*cols) if not contiguous else None
    # parsed marks by the row's mark cells joined with a unit separator: valid marks never hold
    # one, so the key is unambiguous for every row it can match
    cache: dict[str, tuple[int, ...]] = {}
    bits = seen.bits
    count = 0
    for number, cells in rows:
        row: list[str] = [text_of(c) for c in cells] if excel else cells  # type: ignore[assignment]
        if len(row) != width and not _fit(row, number, layout, problems):
            continue
        shown = row[bcol]
        ok = True
        if shown.isascii() and shown.isdigit() and len(shown) < 8:
            number_key = int(shown)
            byte, bit = number_key >> 3, 1 << (number_key & 7)
            if byte < len(bits) and not bits[byte] & bit:
                bits[byte] |= bit
            else:
                ok = seen.add(number_key)
                bits = seen.bits
                if not ok:
                    duplicates.setdefault(number_key, []).append((number, shown))
        else:
            if not any(row):
                continue  # a blank line between or after the ballots
            shown, key = _ballot_key(shown)
            if shown == EXAMPLE_MARK:
                if _untouched_example(row, layout):
                    examples.append(number)
                else:
                    problems.add("tally.ballot.example_row", number, layout.where(bcol), shown)
                continue
            if normalize(shown) in TOTAL_WORDS:
                problems.add("tally.ballot.total_row", number, layout.where(bcol), shown)
                continue
            if not shown:
                problems.add("tally.ballot.missing", number, layout.where(bcol), None)
                ok = False
            elif not seen.add(key):
                duplicates.setdefault(key, []).append((number, shown))
                ok = False
        raw = row[first:last] if pick is None else pick(row)
        pattern = "\x1f".join(raw)
        marks = cache.get(pattern)
        if marks is None:
            marks = _parse_marks(tuple(raw), number, layout, problems)
            if marks is None:
                ok = False
            else:
                if len(cache) >= CACHE_CAP:
                    cache.clear()
                cache[pattern] = marks
        written: tuple[str, ...] = ()
        for index in wcols:
            if row[index]:
                written = tuple(row[i] for i in wcols if row[i].strip())
                ok = _check_write_ins(row, number, layout, problems) and ok
                break
        void = None
        if vcol is not None and row[vcol]:
            void = row[vcol].strip() or None
            if void is not None and normalize(void) in NOT_VOID:
                problems.add("tally.void.negative", number, layout.where(vcol), void)
                ok = False
        if unlabeled:
            for index in unlabeled:
                if row[index].strip():
                    problems.add("tally.row.unlabeled", number, column_letter(index), row[index])
                    ok = False
        if ok and marks is not None:
            count += 1
            sink(shown, marks, written, void)
    return count


def _untouched_example(row: list[str], layout: Layout) -> bool:
    """The template's example row as written: ○ for the first candidate, every other cell blank."""
    marks = [row[i].strip() if 0 <= i < len(row) else "" for i in layout.candidates]
    others = [
        c.strip() for i, c in enumerate(row) if i != layout.ballot and i not in layout.candidates
    ]
    return marks[:1] == [EXAMPLE_FIRST_MARK] and not any(marks[1:]) and not any(others)


def _fit(row: list[str], number: int, layout: Layout, problems: _Problems) -> bool:
    """A row whose length differs from the header's: trailing empty cells are fine, else a problem."""
    if len(row) > layout.width:
        extra = [(i, v) for i, v in enumerate(row[layout.width :], start=layout.width) if v.strip()]
        if not extra:
            return True
        index, value = extra[0]
        problems.add("tally.row.extra_cells", number, column_letter(index), value)
        return False
    if not any(v.strip() for v in row):
        return False  # a blank line
    problems.add("tally.row.cells", number, None, None, got=len(row), expected=layout.width)
    return False


def _parse_marks(
    raw: tuple[str, ...], number: int, layout: Layout, problems: _Problems
) -> tuple[int, ...] | None:
    marks: list[int] = []
    for cell, index in zip(raw, layout.candidates, strict=True):
        try:
            marks.append(int(parse_mark(cell)))
        except BallotError as exc:
            problems.add(exc.message_id, number, layout.where(index), cell)
    return tuple(marks) if len(marks) == len(raw) else None


def _check_write_ins(row: list[str], number: int, layout: Layout, problems: _Problems) -> bool:
    ok = True
    for index in layout.write_ins:
        try:
            parse_write_in(row[index])
        except BallotError as exc:
            problems.add(exc.message_id, number, layout.where(index), row[index])
            ok = False
    return ok


def _report_duplicates(
    rows: Iterator[tuple[int, list[Cell]]],
    layout: Layout,
    duplicates: dict[str | int, list[tuple[int, str]]],
    problems: _Problems,
    excel: bool,
) -> None:
    """Read the file again to name the first row of each repeated ballot number."""
    first: dict[str | int, int] = {}
    header_passed = False
    for number, cells in rows:
        if number == layout.header_row:
            header_passed = True
            continue
        if not header_passed or layout.ballot >= len(cells):
            continue
        text = text_of(cells[layout.ballot]) if excel else str(cells[layout.ballot])
        _shown, key = _ballot_key(text)
        if key in duplicates and key not in first:
            first[key] = number
    for key, places in duplicates.items():
        for number, shown in places:
            problems.add(
                "tally.ballot.duplicate",
                number,
                layout.where(layout.ballot),
                shown,
                first=first.get(key, 0),
            )
