"""What the counting book counts, and when that count is official (pure).

The count is the tally engine's over the ballots both clerks entered alike (one clerk's ballots
when only one entered). It is official when nothing blocks it: two clerks who agree on every
ballot, or one clerk with ``--single-entry`` stated, and as many ballots as were returned.
"""

from __future__ import annotations

import hashlib
from typing import Any

from electkit.core.book import DoubleEntry, Ledger, canonical, counted_ballots
from electkit.core.contest import Contest, TallyRules
from electkit.core.errors import Problem
from electkit.core.tally import Tally, TallyResult


def count_ledger(ledger: Ledger, contest: Contest, rules: TallyRules) -> TallyResult:
    """The tally engine over the counted ballots (``counted_ballots``)."""
    tally = Tally(contest, rules)
    cache: dict[str, tuple[int, ...]] = {}
    for stored in counted_ballots(ledger):
        content = stored.content
        marks = cache.get(content.marks)
        if marks is None:
            marks = cache[content.marks] = content.mark_values
        tally.add_marks(stored.number, marks, content.write_ins, content.void)
    return tally.result()


def result_digest(result: TallyResult) -> str:
    """SHA-256 of the result's canonical JSON (language-free: reasons are kept as data)."""
    return hashlib.sha256(canonical(result.model_dump(mode="json")).encode("utf-8")).hexdigest()


def blockers(
    ledger: Ledger, double: DoubleEntry, result: TallyResult, *, single_entry: bool, book: str
) -> list[Problem]:
    """Why this count cannot be official (empty when it can)."""
    clerks = ledger.clerks
    contest = ledger.contest
    if not clerks:
        return [Problem(message_id="book.count.nothing", file=book, params={"contest": contest})]
    problems: list[Problem] = []
    if len(clerks) == 1 and not single_entry:
        problems.append(
            Problem(
                message_id="book.count.single",
                file=book,
                params={"contest": contest, "clerk": clerks[0]},
            )
        )
    if len(clerks) >= 2 and double.disagreements:
        only = sum(len(v) for v in double.only.values())
        problems.append(
            Problem(
                message_id="book.count.disagree",
                file=book,
                params={
                    "contest": contest,
                    "a": clerks[0],
                    "b": clerks[1],
                    "ballots": double.disagreements,
                    "differing": double.ballots_differing,
                    "only": only,
                    "book": book,
                },
            )
        )
    # ballots missing from both clerks' entries (with disagreements the shortfall is theirs)
    if ledger.returned is not None and result.returned != ledger.returned and not problems:
        problems.append(
            Problem(
                message_id="book.count.returned",
                file=book,
                params={
                    "contest": contest,
                    "returned": ledger.returned,
                    "counted": result.returned,
                },
            )
        )
    return problems


def count_data(
    ledger: Ledger, result: TallyResult, *, single_entry: bool, upto: int, version: str
) -> dict[str, Any]:
    """The data of a ``count`` entry: what was counted, up to which entry, and the result's digest."""
    return {
        "official": True,
        "single_entry": single_entry,
        "clerks": ledger.clerks,
        "upto": upto,
        "ballots": result.returned,
        "status": result.status,
        "elected": list(result.elected),
        "result": result_digest(result),
        "electkit": version,
    }
