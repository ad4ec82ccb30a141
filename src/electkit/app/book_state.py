"""What a counting book says, read without writing a single entry: the county reads townships'
books (imported bundles whose SHA-256 must not change) and never counts in them.

A contest's count is *official* when the book records an official count that is current (no
ballot or returned number entered after it), the book passes its own ``verify`` and counting
the agreed ballots again gives the recorded result.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from electkit.core.contest import Contest
    from electkit.core.tally import TallyResult


@dataclass(frozen=True)
class BookContestState:
    """One contest of a book: how far it is, and its official result if there is one."""

    id: str
    contest: Contest
    entered: int  # distinct ballots any clerk entered
    returned: int | None  # the ballots taken from the box, when recorded
    clerks: int
    official: TallyResult | None
    count_hash: str | None  # the hash of the official count's entry


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
    from electkit.core.book_count import count_ledger, result_digest
    from electkit.io.book import Book
    from electkit.io.book_verify import verify

    with Book.open(path) as book:
        checked = verify(book)
        seq, head = book.head()
        states = []
        for found in book.contests():
            ledger = book.ledger(found.id)
            entered = len(set().union(*(ledger.stored(c).keys() for c in ledger.clerks)))
            last = ledger.counts[-1] if ledger.counts else None
            official = None
            if checked.intact and last is not None and last.seq > ledger.last_ballot_seq:
                result = count_ledger(ledger, found.contest, found.rules)
                if result_digest(result) == last.data.get("result"):
                    official = result
            states.append(
                BookContestState(
                    id=found.id,
                    contest=found.contest,
                    entered=entered,
                    returned=ledger.returned,
                    clerks=len(ledger.clerks),
                    official=official,
                    count_hash=last.hash if official is not None and last is not None else None,
                )
            )
    first = checked.first
    return BookState(
        path=path,
        head=head,
        entries=seq,
        intact=checked.intact,
        broken_at=None if first is None else (first.entry or 0),
        contests=tuple(states),
    )
