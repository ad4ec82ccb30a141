"""What a count means for the meeting: notes on the ballot account, what happens next, next round.

Everything here is derived from a ``TallyResult`` and its ``Contest``; nothing is decided for the
meeting. A tie goes to a re-vote among the tied (§7.6, §7.8), a shortfall offers the two lawful
options (§7.7), and a round that is still short after 另行选举 stops for the higher committee.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from electkit.core.contest import (
    Contest,
    TallyRules,
    name_key,
    quorum_boundary,
    quorum_met,
    quorum_needed,
)
from electkit.core.findings import ParamValue, Severity, Text, listing
from electkit.core.tally import TallyResult, decide


class Note(BaseModel):
    """A sentence for the report: a warning about the inputs, or a plain-words next step."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str
    severity: Severity
    message_id: str
    params: dict[str, ParamValue] = Field(default_factory=dict)


def _names(names: tuple[str, ...] | list[str]) -> Text:
    return listing(names)


def notes(
    result: TallyResult, contest: Contest, rules: TallyRules, *, book: bool = False
) -> tuple[Note, ...]:
    """Warnings and remarks the report must show beside the numbers (§7.0, §7.1, §7.8).

    ``book``: the ballots come from a counting book, not a file (for the wording only).
    """
    out: list[Note] = []
    if result.issued > result.present:
        out.append(
            Note(
                rule="TL-RETURNED",
                severity=Severity.WARNING,
                message_id="tally.note.issued_over_present",
                params={"issued": result.issued, "present": result.present},
            )
        )
    if quorum_boundary(result.present, result.entitled, rules.quorum_ratio):
        other: Literal["more_than", "at_least"] = (
            "at_least" if rules.quorum == "more_than" else "more_than"
        )
        other_met = quorum_met(result.present, result.entitled, other, rules.quorum_ratio)
        out.append(
            Note(
                rule="TL-QUORUM",
                severity=Severity.WARNING,
                message_id=f"tally.note.boundary.{other}.{'met' if other_met else 'not_met'}",
                params={
                    "present": result.present,
                    "entitled": result.entitled,
                    "ratio": f"{rules.quorum_ratio.numerator}/{rules.quorum_ratio.denominator}",
                },
            )
        )
    if result.quorum_met and result.returned == 0:
        out.append(
            Note(
                rule="TL-RETURNED",
                severity=Severity.WARNING,
                message_id="tally.note.no_ballots.book" if book else "tally.note.no_ballots",
            )
        )
    listed = {name_key(c) for c in contest.candidates}
    conflicted = [s for s in contest.scrutineers if name_key(s) in listed]
    if conflicted:
        out.append(
            Note(
                rule="TL-SCRUT",
                severity=Severity.ERROR,
                message_id="tally.note.scrutineer_candidate",
                params={"names": _names(conflicted)},
            )
        )
    flagged = revote_flagged(result, contest)
    if flagged:
        agree = {r.name: r.agree for r in result.results}
        out.append(
            Note(
                rule="TL-TIE",
                severity=Severity.WARNING,
                message_id="tally.note.revote_below_threshold",
                params={
                    "names": _names(flagged),
                    "votes": listing(agree[n] for n in flagged),
                    "threshold": result.threshold,
                },
            )
        )
    return tuple(out)


def revote_flagged(result: TallyResult, contest: Contest) -> tuple[str, ...]:
    """In a tie re-vote: those who rank within the seats by votes alone but fail the threshold.

    The text says "得票多的当选" without saying whether the majority applies again (§7.8, §9.4):
    electkit keeps the majority test and flags them for the meeting instead of electing them.
    """
    if contest.follows != "tie" or result.status in ("void", "no_quorum"):
        return ()
    rows = list(result.results)
    _status, top, tied, _unfilled = decide(rows, result.seats, -1)  # ranking without threshold
    return tuple(r.name for r in rows if r.name in top | tied and not result.passes(r.agree))


def next_steps(result: TallyResult, contest: Contest, rules: TallyRules) -> tuple[Note, ...]:
    """What happens next, in plain words: one note, or several for the options of a shortfall."""
    if result.status == "no_quorum":
        needed = quorum_needed(result.entitled, rules.quorum, rules.quorum_ratio)
        return (
            Note(
                rule="TL-QUORUM",
                severity=Severity.ERROR,
                message_id=f"tally.next.no_quorum.{rules.quorum}",
                params={
                    "present": result.present,
                    "entitled": result.entitled,
                    "needed": needed,
                    "ratio": f"{rules.quorum_ratio.numerator}/{rules.quorum_ratio.denominator}",
                },
            ),
        )
    if result.status == "void":
        return (
            Note(
                rule="TL-RETURNED",
                severity=Severity.ERROR,
                message_id="tally.next.void",
                params={"returned": result.returned, "issued": result.issued},
            ),
        )
    if result.status == "tie":
        agree = next(r.agree for r in result.results if r.tied)
        return (
            Note(
                rule="TL-TIE",
                severity=Severity.WARNING,
                message_id="tally.next.tie",
                params={
                    "names": _names(result.tied),
                    "votes": agree,
                    "remaining": result.seats - len(result.elected),
                    "elected_count": len(result.elected),
                },
            ),
        )
    if result.status == "shortfall":
        return _shortfall(result, contest, rules)
    return (
        Note(
            rule="TL-RANK",
            severity=Severity.INFO,
            message_id="tally.next.complete",
            params={"seats": result.seats, "names": _names(result.elected)},
        ),
    )


def _shortfall(result: TallyResult, contest: Contest, rules: TallyRules) -> tuple[Note, ...]:
    params: dict[str, ParamValue] = {
        "seats": result.seats,
        "elected_count": len(result.elected),
        "unfilled": result.unfilled_seats,
        "threshold": result.threshold,
    }
    if contest.follows == "shortfall":
        return (
            Note(
                rule="TL-SHORT",
                severity=Severity.WARNING,
                message_id="tally.next.refer_up",
                params=params,
            ),
        )
    others = [r.name for r in result.results if r.listed and not r.elected]
    return (
        Note(
            rule="TL-SHORT",
            severity=Severity.WARNING,
            message_id="tally.next.shortfall",
            params=params,
        ),
        Note(
            rule="TL-SHORT",
            severity=Severity.INFO,
            message_id="tally.next.again" if others else "tally.next.again.nobody",
            params={**params, "names": _names(others)},
        ),
        Note(
            rule="TL-SHORT",
            severity=Severity.INFO,
            message_id="tally.next.reduce.consent"
            if rules.reduce_needs_consent
            else "tally.next.reduce",
            params=params,
        ),
        Note(rule="TL-SHORT", severity=Severity.INFO, message_id="tally.next.record"),
    )


def next_round(result: TallyResult, contest: Contest) -> Contest | None:
    """The contest of the follow-up round, or None when there is none to hold.

    Tie: the tied, for the seats left (§7.6, §7.8). Shortfall: 另行选举 for the unfilled seats
    among the listed candidates not elected, by votes (§7.7a; the approved 选举办法 may differ,
    so the file is meant to be reviewed). A round that is still short after 另行选举 has none:
    the higher committee decides, never an automatic loop. ``issued`` is reset to the default.
    """
    if result.status == "tie":
        seats, candidates = result.seats - len(result.elected), result.tied
        follows: Literal["tie", "shortfall"] = "tie"
    elif result.status == "shortfall" and contest.follows != "shortfall":
        seats = result.unfilled_seats
        candidates = tuple(r.name for r in result.results if r.listed and not r.elected)
        follows = "shortfall"
        if not candidates:
            return None
    else:
        return None
    data = contest.model_dump(exclude_none=True)
    data.update(
        round=contest.round + 1, follows=follows, seats=seats, candidates=candidates, issued=None
    )
    return Contest.model_validate(data)
