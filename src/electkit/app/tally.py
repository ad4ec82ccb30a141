"""Count a contest: from a contest file and its ballot file (``tally count``), or from a
counting book (``book count``, ``report result --book``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from electkit.core.contest import Contest, TallyRules
    from electkit.core.ruleset import RuleSet
    from electkit.core.tally import BallotOutcome, TallyResult
    from electkit.core.tally_next import Note
    from electkit.io.ballots import BallotFile


@dataclass(frozen=True)
class TallyView:
    """A count and everything shown with it: the contest, its rules, where the ballots came from."""

    result: TallyResult
    contest: Contest
    rules: TallyRules
    ruleset: RuleSet | None
    source: BallotFile | None
    notes: tuple[Note, ...]
    next_steps: tuple[Note, ...]
    outcomes: list[BallotOutcome] | None = None
    ruleset_name: str | None = None  # when the rule set itself is not at hand (the counting book)

    @property
    def pre(self) -> bool:
        """A pre-election: "elected" reads "listed as a formal candidate"."""
        return self.contest.kind == "preelection"

    @property
    def counted(self) -> bool:
        """Whether the ballots were counted (not when void or without quorum)."""
        return self.result.status not in ("void", "no_quorum")


def count_files(
    contest: Path,
    ballots: Path,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    explain: bool = False,
) -> TallyView:
    """Read a contest file and its ballots and count them (the ``tally count`` pipeline)."""
    from electkit.core.contest import tally_rules
    from electkit.core.tally import Tally
    from electkit.core.tally_next import next_steps, notes
    from electkit.io.ballots import read_ballots
    from electkit.io.contest import load_contest

    contest_data, ruleset = load_contest(contest)
    rules = tally_rules(contest_data, ruleset)
    tally = Tally(contest_data, rules, explain=explain)
    outcomes: list[BallotOutcome] | None = None
    if explain:
        outcomes = []
        keep = outcomes.append

        def sink(
            ballot: str, marks: tuple[int, ...], written: tuple[str, ...], void: str | None
        ) -> None:
            outcome = tally.add_marks(ballot, marks, written, void)
            if outcome is not None:
                keep(outcome)

        source = read_ballots(ballots, contest_data, sink, sheet=sheet, encoding=encoding)
    else:
        source = read_ballots(
            ballots, contest_data, tally.add_marks, sheet=sheet, encoding=encoding
        )
    result = tally.result()
    return TallyView(
        result=result,
        contest=contest_data,
        rules=rules,
        ruleset=ruleset,
        source=source,
        notes=notes(result, contest_data, rules) + deviation_notes(ruleset),
        next_steps=next_steps(result, contest_data, rules),
        outcomes=outcomes,
    )


def deviation_notes(ruleset: RuleSet | None) -> tuple[Note, ...]:
    """Where a county rule set weakens a national counting rule, said again on the count."""
    if ruleset is None or ruleset.national_base is None:
        return ()
    from electkit.core.checks.delegates import dev_message
    from electkit.core.findings import Severity
    from electkit.core.lint import lint_lineage
    from electkit.core.tally_next import Note

    base = ruleset.national_base
    return tuple(
        Note(
            rule=item.rule,
            severity=Severity.WARNING,
            message_id=dev_message(item.message_id),
            params={"base": base, **item.params, "local": item.local, "national": item.national},
        )
        for item in lint_lineage(ruleset)
        if item.type in ("weakens", "removed") and item.rule.startswith("TL-")
    )


@dataclass(frozen=True)
class BookTally:
    """A count from a counting book: the count, whether it is official, the head hash it stands
    on, and how many entered ballots it left out (disagreements, in an unofficial count)."""

    view: TallyView
    official: bool
    head: str
    left_out: int


def count_from_book(
    book: Path,
    contest: str | None = None,
    *,
    unofficial: bool = False,
    single_entry: bool = False,
) -> BookTally:
    """Count a contest's agreed ballots in a book; an official count is recorded in the book.

    Raises CountBlocked when an official count is asked for and something blocks it. The rule
    set is named in the book with its SHA-256; the packaged set of that name is used for the
    clauses only if its content is still the same.
    """
    from electkit.core.tally_next import next_steps
    from electkit.io.book import Book
    from electkit.io.book_ops import count_book, count_notes
    from electkit.io.book_sqlite import sqlite_errors
    from electkit.io.rules_loader import load_ruleset, packaged_names

    # opened for reading: it writes only to record a new official count, and on read-only
    # storage shows the one recorded (SQLite's errors said as what they are)
    with sqlite_errors(book), Book.open(book, writing=False) as opened:
        found = opened.contest(contest)
        counted = count_book(opened, found, unofficial=unofficial, single_entry=single_entry)
    recorded = found.ruleset or {}
    ruleset = None
    if recorded.get("name") in packaged_names():
        candidate = load_ruleset(str(recorded["name"]))
        ruleset = candidate if candidate.sha256() == recorded.get("sha256") else None
    view = TallyView(
        result=counted.result,
        contest=found.contest,
        rules=found.rules,
        ruleset=ruleset,
        source=None,
        notes=count_notes(counted, found),
        next_steps=next_steps(counted.result, found.contest, found.rules),
        ruleset_name=recorded.get("name"),
    )
    return BookTally(view, counted.official, counted.head, counted.left_out)
