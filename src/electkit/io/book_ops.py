"""What the ``book`` commands do to a book: open, import, export, record, count.

Each function raises InputError (exit 2) before anything is written when an input is wrong,
and CountBlocked (exit 3) when an official count is not possible yet.
"""

from __future__ import annotations

import csv
import hashlib
import io
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from electkit import __version__
from electkit.core.book import (
    MAX_CLERKS,
    BallotContent,
    DoubleEntry,
    Draft,
    Entry,
    Ledger,
    ballot_entry,
    clean_name,
    compare,
    counted_ballots,
    sorted_ballots,
)
from electkit.core.book_count import blockers, count_data, count_ledger, result_digest
from electkit.core.contest import Contest, tally_rules
from electkit.core.errors import CountBlocked, InputError, Problem
from electkit.core.findings import Severity, listing
from electkit.core.tally import TallyResult
from electkit.core.tally_next import Note, notes
from electkit.io.book import Book, BookContest, contest_draft, create_book, stored_so_far, take
from electkit.io.table_writer import formula_safe

if TYPE_CHECKING:
    from electkit.io.ballots import BallotFile

MAX_CLERK_NAME = 40
Row = tuple[str, tuple[int, ...], tuple[str, ...], str | None]


def open_book(path: Path, contest_files: list[Path]) -> list[Entry]:
    """Create a book holding these contests (files read and checked first, all of them)."""
    from electkit.io.contest import load_contest

    drafts: list[Draft] = []
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    for file in contest_files:
        try:
            contest, ruleset = load_contest(file)
        except InputError as exc:
            problems += exc.problems
            continue
        key = unicodedata.normalize("NFKC", contest.contest).strip()
        if key in seen or any(ord(ch) < 32 for ch in contest.contest):
            problems.append(
                Problem(
                    message_id="book.open.duplicate",
                    file=str(file),
                    value=contest.contest,
                    params={"other": str(seen.get(key, file))},
                )
            )
            continue
        seen[key] = file
        raw = file.read_bytes()
        identity = (ruleset.name, ruleset.sha256()) if ruleset is not None else None
        drafts.append(
            contest_draft(
                contest,
                tally_rules(contest, ruleset),
                identity,
                text=raw.decode("utf-8-sig"),
                file=file.name,
                sha256=hashlib.sha256(raw).hexdigest(),
            )
        )
    if problems:
        raise InputError(problems)
    return create_book(path, drafts)


def clerk_name(text: str | None, book: Path) -> str:
    """The clerk's name from ``--clerk``; InputError when missing, blank or unprintable."""
    name = clean_name(text or "")
    if not name:
        raise InputError([Problem(message_id="book.clerk.missing", file=str(book))])
    if len(name) > MAX_CLERK_NAME or not name.isprintable():
        raise InputError([Problem(message_id="book.clerk.bad", file=str(book), value=name)])
    return name


def check_clerk(ledger: Ledger, clerk: str, book: Path) -> None:
    """A contest takes two clerks: a third is refused (double entry compares two)."""
    if clerk not in ledger.clerks and len(ledger.clerks) >= MAX_CLERKS:
        raise InputError(
            [
                Problem(
                    message_id="book.clerk.third",
                    file=str(book),
                    value=clerk,
                    params={"contest": ledger.contest, "clerks": listing(ledger.clerks)},
                )
            ]
        )


@dataclass
class ImportReport:
    """What an import did: ballots stored new, corrected, already in the book."""

    rows: int = 0
    new: int = 0
    unchanged: int = 0
    corrections: list[tuple[Entry, BallotContent]] = field(default_factory=list)
    head: str = ""


def read_rows(
    path: Path, contest: Contest, *, sheet: str | None, encoding: str | None
) -> tuple[list[Row], BallotFile]:
    """Every row of a ballot file (the ``tally count`` format) and what was read (the template's
    untouched example row, passed over, is named there), or InputError with every problem."""
    from electkit.io.ballots import read_ballots

    rows: list[Row] = []
    keep = rows.append

    def sink(
        ballot: str, marks: tuple[int, ...], written: tuple[str, ...], void: str | None
    ) -> None:
        keep((ballot, marks, written, void))

    source = read_ballots(path, contest, sink, sheet=sheet, encoding=encoding)
    return rows, source


def plan_rows(
    ledger: Ledger, clerk: str, rows: list[Row], report: ImportReport
) -> list[tuple[Draft, BallotContent]]:
    """The entries a batch of rows needs: new ballots and corrections; equal ones are skipped."""
    mine = ledger.stored(clerk)
    planned: list[tuple[Draft, BallotContent]] = []
    texts: dict[tuple[int, ...], str] = {}
    contest = ledger.contest
    for number, marks, written, void in rows:
        text = texts.get(marks)
        if text is None:
            text = texts[marks] = "".join(map(str, marks))
        content = BallotContent(text, tuple(w.strip() for w in written) if written else (), void)
        draft = ballot_entry(mine, contest, clerk, number, content, "import")
        if draft is None:
            report.unchanged += 1
            continue
        if draft.data["corrects"] is None:
            report.new += 1
        planned.append((draft, content))
    return planned


def import_rows(
    book: Book,
    contest: BookContest,
    clerk: str,
    rows: list[Row],
    *,
    batch: int,
    progress: Callable[[int, int, str], None],
) -> ImportReport:
    """Store rows in transactions of ``batch`` rows; ``progress`` is called after each COMMIT.

    Re-importing is idempotent: a row equal to the clerk's current entry is skipped, a row that
    differs is stored as a correction of it.
    """
    ledger = book.ledger(contest.id)
    check_clerk(ledger, clerk, book.path)
    report = ImportReport(rows=len(rows))
    done = 0
    last = "—"
    for start in range(0, len(rows), max(1, batch)):
        chunk = rows[start : start + max(1, batch)]
        with (
            stored_so_far(
                book.path,
                "book.stored.import" if done else "book.stored.nothing",
                done=done,
                total=len(rows),
                last=last,
            ),
            book.writing() as writer,
        ):
            for entry in writer.new:
                if entry.contest == ledger.contest:
                    ledger.apply(entry)
            check_clerk(ledger, clerk, book.path)
            planned = plan_rows(ledger, clerk, chunk, report)
            previous = {
                d.ballot: ledger.stored(clerk)[d.ballot].content
                for d, _ in planned
                if d.ballot is not None and d.data["corrects"] is not None
            }
            stored = writer.add([d for d, _ in planned])
        for entry, (_, content) in zip(stored, planned, strict=True):
            ledger.apply(entry, content)
            if entry.data["corrects"] is not None and entry.ballot in previous:
                report.corrections.append((entry, previous[entry.ballot]))
        done, last = done + len(chunk), chunk[-1][0]
        report.head = book.head()[1]
        progress(done, len(rows), last)
    if not rows:
        report.head = book.head()[1]
    return report


def record_returned(book: Book, contest: BookContest, returned: int) -> Entry:
    """Record the number of ballots the scrutineers took from the box (R)."""
    with stored_so_far(book.path, "book.stored.nothing"), book.writing() as writer:
        (entry,) = writer.add([Draft("returned", contest.id, None, None, {"returned": returned})])
    return entry


@dataclass(frozen=True)
class BookCount:
    """A count from the book: the result, whether it is official, and the head it stands on."""

    result: TallyResult
    official: bool
    head: str
    double: DoubleEntry
    left_out: int
    recorded: Entry | None
    broken_at: int | None = None  # an unofficial count of a book that fails verification


def count_book(
    book: Book, contest: BookContest, *, unofficial: bool, single_entry: bool
) -> BookCount:
    """Count the agreed ballots; an official count is recorded in the book (once per state).

    The whole book is verified first (the hash chain, the tables, earlier counts): an official
    count of a book changed outside electkit is refused, an unofficial one says where it breaks.
    Raises CountBlocked when an official count is asked for and something blocks it, and
    InputError when ``single_entry`` is stated though two clerks have entered.
    """
    from electkit.io.book_verify import verify

    checked = verify(book)
    first = checked.first
    if unofficial:
        ledger = book.ledger(contest.id)
        double = compare(ledger)
        result = count_ledger(ledger, contest.contest, contest.rules)
        broken = None if first is None else (first.entry or 0)
        left = _left_out(ledger, result)
        return BookCount(result, False, book.head()[1], double, left, None, broken)
    if first is not None:
        raise CountBlocked(
            [
                Problem(
                    message_id="book.count.tampered",
                    file=str(book.path),
                    params={"entry": str(first.entry or "—"), "book": str(book.path)},
                )
            ]
        )
    ledger = book.ledger(contest.id)
    if book.read_only:  # an archived book: its recorded count is shown, never a new one made
        return _recorded_on_read_only(book, contest, ledger, single_entry)
    # the write lock: the count and its record see one state
    with stored_so_far(book.path, "book.stored.nothing"), book.writing() as writer:
        for entry in writer.new:
            if entry.contest == contest.id:
                take(ledger, entry, book.path)
        double = compare(ledger)
        result = count_ledger(ledger, contest.contest, contest.rules)
        if single_entry and len(ledger.clerks) >= 2:
            raise InputError(
                [
                    Problem(
                        message_id="book.count.single_with_two",
                        file=str(book.path),
                        params={"contest": contest.id, "clerks": listing(ledger.clerks)},
                    )
                ]
            )
        problems = blockers(ledger, double, result, single_entry=single_entry, book=str(book.path))
        if problems:
            raise CountBlocked(problems)
        earlier = _current_record(ledger, result, single_entry)
        if earlier is not None:
            return BookCount(result, True, earlier.hash, double, 0, earlier)
        data = count_data(
            ledger, result, single_entry=single_entry, upto=writer.seq, version=__version__
        )
        (entry,) = writer.add([Draft("count", contest.id, None, None, data)])
    return BookCount(result, True, entry.hash, double, 0, entry)


def _current_record(ledger: Ledger, result: TallyResult, single_entry: bool) -> Entry | None:
    """The official count already recorded for this very state of the contest, if any."""
    digest = result_digest(result)
    for earlier in reversed(ledger.counts):
        data = earlier.data
        same = data.get("result") == digest and data.get("single_entry") == single_entry
        if earlier.seq > ledger.last_ballot_seq and same:
            return earlier
    return None


def _recorded_on_read_only(
    book: Book, contest: BookContest, ledger: Ledger, single_entry: bool
) -> BookCount:
    """The official count recorded in a book on read-only storage; InputError when there is none
    for its present state (recording one needs to write)."""
    double = compare(ledger)
    result = count_ledger(ledger, contest.contest, contest.rules)
    problems = blockers(ledger, double, result, single_entry=single_entry, book=str(book.path))
    if problems:
        raise CountBlocked(problems)
    recorded = _current_record(ledger, result, single_entry)
    if recorded is None:
        detail = str(book.path)
        problem = Problem(message_id="book.error.read_only", file=detail, params={"detail": detail})
        raise InputError([problem])
    return BookCount(result, True, recorded.hash, double, 0, recorded)


def count_notes(counted: BookCount, contest: BookContest) -> tuple[Note, ...]:
    """The remarks of a count from the book: the tally's, and a broken chain if there is one."""
    found = notes(counted.result, contest.contest, contest.rules, book=True)
    if counted.broken_at is None:
        return found
    broken = Note(
        rule="BOOK",
        severity=Severity.ERROR,
        message_id="book.count.broken_note",
        params={"entry": str(counted.broken_at or "—")},
    )
    return (broken, *found)


def _left_out(ledger: Ledger, result: TallyResult) -> int:
    """Ballots some clerk entered that the count did not take (disagreements)."""
    entered = len(set().union(*(ledger.stored(c).keys() for c in ledger.clerks)))
    return entered - result.returned


def export_rows(ledger: Ledger, contest: Contest, clerk: str | None) -> Iterator[list[str]]:
    """The ballots as rows of the import format: header, then one row per ballot by number."""
    ballots = list(
        sorted_ballots(ledger.stored(clerk)) if clerk is not None else counted_ballots(ledger)
    )
    written = max((len(s.content.write_ins) for s in ballots), default=0)
    header = ["选票编号", *contest.candidates]
    header += [f"另选他人{i}" if written > 1 else "另选他人" for i in range(1, written + 1)]
    yield [*header, "废票"]
    symbols = ("", "○", "×")
    for stored in ballots:
        content = stored.content
        cells = [stored.number, *(symbols[m] for m in content.mark_values)]
        cells += [*content.write_ins, *[""] * (written - len(content.write_ins))]
        void = content.void
        yield [*cells, "" if void is None else (void.strip() or "废票")]


def export_csv(ledger: Ledger, contest: Contest, clerk: str | None) -> tuple[str, int]:
    """CSV text (UTF-8 with BOM, what Excel opens correctly) and the number of ballots."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    count = -1
    for row in export_rows(ledger, contest, clerk):
        writer.writerow([formula_safe(cell) for cell in row])
        count += 1
    return "\ufeff" + buffer.getvalue(), count


def status_data(book: Book) -> dict[str, Any]:
    """What ``book status`` shows (its JSON): the book, and per contest clerks and disagreements."""
    meta = book.meta()
    seq, head = book.head()
    contests = []
    for contest in book.contests():
        ledger = book.ledger(contest.id)
        double = compare(ledger)
        last = ledger.counts[-1] if ledger.counts else None
        contests.append(
            {
                "contest": contest.id,
                "title": contest.title,
                "seats": contest.contest.seats,
                "candidates": len(contest.contest.candidates),
                "issued": contest.contest.issued_count,
                "returned": ledger.returned,
                "clerks": [
                    {
                        "clerk": clerk,
                        "entries": ledger.entries.get(clerk, 0),
                        "ballots": len(ledger.stored(clerk)),
                    }
                    for clerk in ledger.clerks
                ],
                "agreed": double.agreed,
                "disagreements": double.disagreements if len(ledger.clerks) >= 2 else 0,
                "official_count": None
                if last is None
                else {
                    "entry": last.seq,
                    "current": last.seq > ledger.last_ballot_seq,
                    "single_entry": last.data.get("single_entry", False),
                    "status": last.data.get("status"),
                    "elected": last.data.get("elected", []),
                },
            }
        )
    return {
        "book": str(book.path),
        "schema": int(meta.get("schema", "0") or 0),
        "electkit": meta.get("electkit"),
        "created": meta.get("created"),
        "entries": seq,
        "head": head,
        "contests": contests,
    }
