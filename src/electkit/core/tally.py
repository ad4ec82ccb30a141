"""The count (digest §7): quorum, ballot account, ballot validity, threshold, ranking, ties.

Integers only. ``Tally`` takes ballots one at a time and keeps aggregates, never the ballots:
valid ballots are tallied by their pattern of marks (identical ballots share one counter, and
the counters are folded into per-candidate totals whenever ``pattern_cap`` patterns are held),
so memory is bounded whatever the number of ballots. Only invalid ballots are kept by number.

The stateless command feeds it from a file; the counting book feeds it from its database:

    tally = Tally(contest, tally_rules(contest, ruleset))
    for ballot in ballots:
        tally.add(ballot)                 # or add_marks(number, marks, write_ins, void)
    result = tally.result()               # may be called at any time, e.g. for a running view
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict

from electkit.core.contest import (
    Ballot,
    BallotError,
    Contest,
    Mark,
    TallyRules,
    name_key,
    parse_write_in,
    quorum_met,
    tally_rules,
)

Status = Literal["complete", "tie", "shortfall", "void", "no_quorum"]
PATTERN_CAP = 16384
_AGREE, _OPPOSE = int(Mark.AGREE), int(Mark.OPPOSE)
_MARK_VALUES = frozenset(int(m) for m in Mark)


class CandidateResult(BaseModel):
    """One person's counts; written-in names have ``listed`` false and only agree counts."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    listed: bool
    agree: int
    oppose: int
    abstain: int
    elected: bool
    tied: bool


class InvalidBallot(BaseModel):
    """An invalid ballot: declared void by the scrutineers (``note`` is theirs) or over-voted."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ballot: str
    kind: Literal["void", "over_vote"]
    note: str | None = None
    agreed: int | None = None


class WriteInCount(BaseModel):
    """A written-in name as written (after NFKC), whom it was counted for, on how many ballots."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    written: str
    counted_as: str
    ballots: int


class TallyResult(BaseModel):
    """The result of one round of one contest (the JSON fields of ``tally count``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    contest: str
    round: int
    seats: int
    entitled: int
    present: int
    issued: int
    returned: int
    quorum_met: bool
    status: Status
    valid: int
    invalid: int
    threshold_basis: Literal["entitled", "present"]
    threshold: int
    results: tuple[CandidateResult, ...]
    elected: tuple[str, ...]
    tied: tuple[str, ...]
    unfilled_seats: int
    invalid_ballots: tuple[InvalidBallot, ...]
    write_ins: tuple[WriteInCount, ...]

    @property
    def basis(self) -> int:
        """B: the number the threshold is half of (E or P, never V or R)."""
        return self.entitled if self.threshold_basis == "entitled" else self.present

    def passes(self, agree: int) -> bool:
        """TL-THRESHOLD: ``2·agree > B``; exactly half fails."""
        return 2 * agree > self.basis


class BallotOutcome(BaseModel):
    """How one ballot was counted (for ``--explain`` and for the counting book's entry screen)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ballot: str
    valid: bool
    invalid: InvalidBallot | None = None
    agree: tuple[str, ...] = ()
    oppose: tuple[str, ...] = ()
    overridden: tuple[str, ...] = ()
    ignored_write_ins: tuple[str, ...] = ()


class Tally:
    """Counts one round of one contest, ballot by ballot, in bounded memory."""

    def __init__(
        self,
        contest: Contest,
        rules: TallyRules | None = None,
        *,
        explain: bool = False,
        pattern_cap: int = PATTERN_CAP,
    ) -> None:
        self.contest = contest
        self.rules = rules if rules is not None else tally_rules(contest)
        self.explain = explain
        self.returned = 0
        self._names = contest.candidates
        self._n = len(contest.candidates)
        self._seats = contest.seats
        self._cap = max(1, pattern_cap)
        self._keys = {name_key(c): i for i, c in enumerate(contest.candidates)}
        self._aliases = {name_key(k): name_key(v) for k, v in contest.aliases.items()}
        self._display = {name_key(v): v for v in contest.aliases.values()}
        self._patterns: dict[tuple[int, ...], int] = {}
        self._agree = [0] * self._n
        self._oppose = [0] * self._n
        self._folded = 0
        self._invalid: list[tuple[str, str, str | None, int | None]] = []  # light: many may exist
        self._written_agree: dict[str, int] = {}
        self._forms: dict[tuple[str, str], int] = {}

    def add(self, ballot: Ballot) -> BallotOutcome | None:
        """Count a validated ballot; raises BallotError when its marks do not fit the contest."""
        if len(ballot.marks) != self._n:
            raise BallotError("tally.ballot.marks_length")
        return self.add_marks(
            ballot.ballot, tuple(int(m) for m in ballot.marks), ballot.write_ins, ballot.void
        )

    def add_marks(
        self,
        ballot: str,
        marks: tuple[int, ...],
        write_ins: tuple[str, ...] = (),
        void: str | None = None,
    ) -> BallotOutcome | None:
        """Count one ballot given as plain values (the fast path readers use).

        ``marks`` holds a ``Mark`` value per listed candidate in ballot order; ``write_ins`` the
        written-in cells as written; ``void`` the scrutineers' reason, or None. Returns how the
        ballot was counted when ``explain`` is on, else None.
        """
        if void is None and not write_ins and marks.count(_AGREE) <= self._seats:
            count = self._patterns.get(marks)
            if count is None:
                self._check(marks)
                self._new_pattern(marks)
            else:
                self._patterns[marks] = count + 1
            self.returned += 1
            return self._valid_outcome(ballot, marks, (), (), ()) if self.explain else None
        return self._slow(ballot, marks, write_ins, void)

    def _check(self, marks: tuple[int, ...]) -> None:
        if len(marks) != self._n:
            raise BallotError("tally.ballot.marks_length")
        if not _MARK_VALUES.issuperset(marks):
            raise BallotError("tally.mark.unknown")

    def _new_pattern(self, marks: tuple[int, ...]) -> None:
        if len(self._patterns) >= self._cap:
            self._fold()
        self._patterns[marks] = 1

    def _fold(self) -> None:
        """Add the pattern counters into the per-candidate totals and forget the patterns."""
        agree, oppose = self._agree, self._oppose
        for pattern, count in self._patterns.items():
            self._folded += count
            for index, mark in enumerate(pattern):
                if mark == _AGREE:
                    agree[index] += count
                elif mark == _OPPOSE:
                    oppose[index] += count
        self._patterns.clear()

    def _slow(
        self, ballot: str, marks: tuple[int, ...], write_ins: tuple[str, ...], void: str | None
    ) -> BallotOutcome | None:
        """Ballots declared void, over-voted, or with written-in names (§7.3)."""
        self._check(marks)
        # parsing may raise BallotError, so it comes before anything is changed
        parsed = [w for w in map(parse_write_in, write_ins) if w is not None]
        self.returned += 1
        if void is not None:
            self._invalid.append((ballot, "void", void.strip() or None, None))
            return self._invalid_outcome() if self.explain else None
        effective = list(marks)
        new: set[str] = set()
        forms: set[tuple[str, str]] = set()
        overridden: list[str] = []
        ignored: list[str] = []
        for written, marked in parsed:
            if self.rules.write_in_needs_mark and not marked:
                ignored.append(written)
                continue
            key = self._aliases.get(written, written)
            index = self._keys.get(key)
            if index is not None:
                if effective[index] != _AGREE and self._names[index] not in overridden:
                    overridden.append(self._names[index])
                effective[index] = _AGREE
                forms.add((written, self._names[index]))
            else:
                new.add(key)
                forms.add((written, self._display.get(key, key)))
        agreed = effective.count(_AGREE) + len(new)
        if agreed > self._seats:
            self._invalid.append((ballot, "over_vote", None, agreed))
            return self._invalid_outcome() if self.explain else None
        pattern = tuple(effective)
        count = self._patterns.get(pattern)
        if count is None:
            self._new_pattern(pattern)
        else:
            self._patterns[pattern] = count + 1
        for key in new:
            self._written_agree[key] = self._written_agree.get(key, 0) + 1
        for form in forms:
            self._forms[form] = self._forms.get(form, 0) + 1
        if not self.explain:
            return None
        written_names = tuple(sorted(self._display.get(k, k) for k in new))
        return self._valid_outcome(ballot, pattern, written_names, overridden, ignored)

    def _invalid_outcome(self) -> BallotOutcome:
        record = _invalid_ballot(self._invalid[-1])
        return BallotOutcome(ballot=record.ballot, valid=False, invalid=record)

    def _valid_outcome(
        self,
        ballot: str,
        marks: tuple[int, ...],
        written: tuple[str, ...],
        overridden: Iterable[str],
        ignored: Iterable[str],
    ) -> BallotOutcome:
        names = self._names
        return BallotOutcome(
            ballot=ballot,
            valid=True,
            agree=tuple(n for n, m in zip(names, marks, strict=True) if m == _AGREE) + written,
            oppose=tuple(n for n, m in zip(names, marks, strict=True) if m == _OPPOSE),
            overridden=tuple(overridden),
            ignored_write_ins=tuple(ignored),
        )

    def result(self) -> TallyResult:
        """The result so far (folds the pattern counters; counting may continue afterwards)."""
        self._fold()
        contest, rules = self.contest, self.rules
        met = quorum_met(contest.present, contest.entitled, rules.quorum, rules.quorum_ratio)
        basis = contest.entitled if rules.threshold_basis == "entitled" else contest.present
        base = {
            "contest": contest.contest,
            "round": contest.round,
            "seats": contest.seats,
            "entitled": contest.entitled,
            "present": contest.present,
            "issued": contest.issued_count,
            "returned": self.returned,
            "quorum_met": met,
            "threshold_basis": rules.threshold_basis,
            "threshold": basis // 2 + 1,
        }
        if not met or self.returned > contest.issued_count:
            # no quorum: nothing is counted; R > I: the election is void (§7.1, §7.2)
            return TallyResult(
                **base,
                status="no_quorum" if not met else "void",
                valid=0,
                invalid=0,
                results=(),
                elected=(),
                tied=(),
                unfilled_seats=0,
                invalid_ballots=(),
                write_ins=(),
            )
        rows = self._rows()
        status, elected, tied, unfilled = decide(rows, contest.seats, basis)
        marked = tuple(
            row.model_copy(update={"elected": row.name in elected, "tied": row.name in tied})
            for row in rows
        )
        ranked = tuple(sorted(marked, key=lambda r: -r.agree))  # stable: ballot order within
        return TallyResult(
            **base,
            status=status,
            valid=self._folded,
            invalid=len(self._invalid),
            results=ranked,
            elected=tuple(r.name for r in marked if r.elected),
            tied=tuple(r.name for r in marked if r.tied),
            unfilled_seats=unfilled,
            invalid_ballots=tuple(
                _invalid_ballot(b)
                for b in sorted(self._invalid, key=lambda b: ballot_sort_key(b[0]))
            ),
            write_ins=tuple(
                WriteInCount(written=w, counted_as=c, ballots=n)
                for (w, c), n in sorted(
                    self._forms.items(), key=lambda i: (-i[1], i[0][1], i[0][0])
                )
            ),
        )

    def _rows(self) -> list[CandidateResult]:
        """Listed candidates in ballot order, then written-in names by code point."""
        valid = self._folded
        rows = [
            CandidateResult(
                name=name,
                listed=True,
                agree=self._agree[i],
                oppose=self._oppose[i],
                abstain=valid - self._agree[i] - self._oppose[i],
                elected=False,
                tied=False,
            )
            for i, name in enumerate(self._names)
        ]
        written = sorted((self._display.get(k, k), n) for k, n in self._written_agree.items())
        rows += [
            CandidateResult(
                name=name, listed=False, agree=n, oppose=0, abstain=0, elected=False, tied=False
            )
            for name, n in written
        ]
        return rows


def _invalid_ballot(record: tuple[str, str, str | None, int | None]) -> InvalidBallot:
    ballot, kind, note, agreed = record
    return InvalidBallot(
        ballot=ballot, kind="void" if kind == "void" else "over_vote", note=note, agreed=agreed
    )


def decide(
    rows: list[CandidateResult], seats: int, basis: int
) -> tuple[Status, set[str], set[str], int]:
    """TL-THRESHOLD, TL-RANK, TL-TIE, TL-SHORT on rows in ballot order (§7.5–7.6).

    Returns the status, the elected, the tied and the unfilled seats. Never draws lots and never
    breaks a tie by ballot or stroke order.
    """
    passing = sorted((r for r in rows if 2 * r.agree > basis), key=lambda r: -r.agree)
    if len(passing) <= seats:
        unfilled = seats - len(passing)
        status: Status = "complete" if unfilled == 0 else "shortfall"
        return status, {r.name for r in passing}, set(), unfilled
    cut = passing[seats - 1].agree
    above = {r.name for r in passing if r.agree > cut}
    at = {r.name for r in passing if r.agree == cut}
    if len(above) + len(at) == seats:
        return "complete", above | at, set(), 0
    return "tie", above, at, 0


def ballot_sort_key(ballot: str) -> tuple[int, int, str]:
    """Ballot numbers in numeric order when they are digits (9 before 10), others after."""
    if ballot.isascii() and ballot.isdigit():
        return (0, int(ballot), ballot)
    return (1, 0, ballot)


def count(
    contest: Contest, ballots: Iterable[Ballot], rules: TallyRules | None = None
) -> TallyResult:
    """Count validated ballots for one contest (see ``Tally`` for the streaming form)."""
    tally = Tally(contest, rules)
    for ballot in ballots:
        tally.add(ballot)
    return tally.result()
