"""What a counting book says, read without writing a single entry: the county reads townships'
books (imported bundles whose SHA-256 must not change) and never counts in them.

A contest's count is *official* when the book passes its own ``verify`` — which recounts every
recorded count from the entries before it and compares the result's digest — and records an
official count that is current (no ballot, withdrawal or returned number entered after it). The
elected and the outcome are then the recorded count's (verify has just recounted them); only a
contest without one is read entry by entry, for its progress.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from electkit.core.contest import Contest


@dataclass(frozen=True)
class Official:
    """A contest's official count as the book records it (and verify recounted)."""

    elected: tuple[str, ...]
    status: str
    ballots: int  # the ballots counted
    count_hash: str  # the hash of the count's entry: the head ``book count`` printed


@dataclass(frozen=True)
class BookContestState:
    """One contest of a book: how far it is, and its official count if there is one."""

    id: str
    contest: Contest
    entered: int  # distinct ballots any clerk entered (of a contest not officially counted)
    returned: int | None  # the ballots taken from the box, when recorded
    official: Official | None


@dataclass(frozen=True)
class BookState:
    """A counting book: its head, whether it verifies, and its contests."""

    path: Path
    head: str
    entries: int
    intact: bool
    broken_at: int | None
    contests: tuple[BookContestState, ...]


def read_book(path: Path) -> BookState:
    """Verify a book and read its contests' progress and official counts (nothing is written)."""
    from electkit.core.book import BALLOT_KINDS, Entry
    from electkit.io.book import Book
    from electkit.io.book_verify import verify

    changing = ", ".join(f"'{k}'" for k in sorted({*BALLOT_KINDS, "returned"}))
    with Book.open(path) as book:
        checked = verify(book)
        seq, head = book.head()
        conn = book.conn
        last_counts = {
            str(contest): (int(number), str(payload), str(hash_))
            for contest, number, payload, hash_ in conn.execute(
                "SELECT contest, seq, payload, hash FROM entries WHERE seq IN"
                " (SELECT max(seq) FROM entries WHERE kind = 'count' GROUP BY contest)"
            )
        }
        changed = dict(
            conn.execute(
                f"SELECT contest, max(seq) FROM entries WHERE kind IN ({changing}) GROUP BY contest"
            ).fetchall()
        )
        states = []
        for found in book.contests():
            last = last_counts.get(found.id)
            official = None
            if checked.intact and last is not None and last[0] > int(changed.get(found.id) or 0):
                data = Entry.from_payload(last[1], last[2]).data
                official = Official(
                    tuple(data["elected"]), str(data["status"]), int(data["ballots"]), last[2]
                )
            entered, returned = 0, None
            if official is None:
                ledger = book.ledger(found.id)
                entered = len(set().union(*(ledger.stored(c).keys() for c in ledger.clerks)))
                returned = ledger.returned
            states.append(BookContestState(found.id, found.contest, entered, returned, official))
    first = checked.first
    return BookState(
        path=path,
        head=head,
        entries=seq,
        intact=checked.intact,
        broken_at=None if first is None else (first.entry or 0),
        contests=tuple(states),
    )
