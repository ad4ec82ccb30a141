"""A contest as the tellers count it: seats, voters, candidates, ballots and the counting rules.

Names are compared by ``name_key`` (NFKC, no spaces of any width), as everywhere in electkit.
Marks are small integers on the hot path (``Mark`` is an ``IntEnum`` with the same values), so
a ballot is a tuple of ints aligned with ``Contest.candidates``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from enum import IntEnum
from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from electkit.core.errors import ValueProblem
from electkit.core.kinds.counting import (
    BallotValidityRule,
    QuorumRule,
    ShortfallRule,
    ThresholdRule,
)
from electkit.core.models import Count
from electkit.core.ratio import Ratio
from electkit.core.ruleset import RuleSet

Basis = Literal["entitled", "present"]
QuorumMode = Literal["more_than", "at_least"]

_SPACES = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")


def name_key(name: str) -> str:
    """How names are compared: NFKC, with spaces of every width removed (王 建国 = 王建国)."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", name))


class Mark(IntEnum):
    """What a voter did with one listed candidate's box."""

    ABSTAIN = 0
    AGREE = 1
    OPPOSE = 2


# §7.3d, compared after NFKC and trimming (so full-width Ｏ, １, Ｘ read as O, 1, X).
MARK_WORDS: Mapping[str, Mark] = {
    **dict.fromkeys(("○", "〇", "O", "o", "✓", "√", "Y", "y", "1", "赞成"), Mark.AGREE),
    **dict.fromkeys(("×", "X", "x", "N", "n", "反对"), Mark.OPPOSE),
    **dict.fromkeys(("", "-", "弃权"), Mark.ABSTAIN),
}
# What scrutineers write in a void column when they give no reason (compared after NFKC, no
# spaces, lower case).
PLAIN_VOID = frozenset(
    {"是", "废", "废票", "作废", "无效", "void", "invalid", "yes", "y", "1", "√", "✓", "x", "×"}
)
# Marks that may accompany a written-in name ("王五○"): symbols only, since letters and digits
# could be part of a name.
WRITE_IN_AGREE = ("赞成", "○", "〇", "✓", "√")


class BallotError(ValueError):
    """A mark, written-in cell or ballot that cannot be counted; ``message_id`` says why."""

    def __init__(self, message_id: str) -> None:
        super().__init__(message_id)
        self.message_id = message_id


def parse_mark(text: str) -> Mark:
    """A mark as written in a candidate's box; ``0`` (zero or circle?) and unknown marks raise."""
    word = _SPACES.sub("", unicodedata.normalize("NFKC", text))
    mark = MARK_WORDS.get(word)
    if mark is not None:
        return mark
    if word == "0":
        raise BallotError("tally.mark.zero")
    raise BallotError("tally.mark.unknown")


WRITE_IN_SEPARATORS = ("、", ",", "，", ";", "；", "/", "／", "|")


def parse_write_in(text: str) -> tuple[str, bool] | None:
    """A written-in cell as (name, marked): ``王五``, ``王五○`` or ``○ 王五``; None when empty.

    A cell holding only a mark, or an oppose/abstain word, is not a name and raises BallotError.
    """
    word = name_key(text)
    if word in ("", "-"):
        return None
    marked = False
    for mark in WRITE_IN_AGREE:
        if word.endswith(mark):
            word, marked = word.removesuffix(mark), True
            break
        if word.startswith(mark):
            word, marked = word.removeprefix(mark), True
            break
    if not word or word in MARK_WORDS or word == "0":
        raise BallotError("tally.write_in.no_name")
    if any(symbol in word for symbol in ("×", "反对", "弃权")):
        raise BallotError("tally.write_in.oppose")
    if any(sep in word for sep in WRITE_IN_SEPARATORS):
        # two names in one cell would be counted as one invented person and hide an over-vote
        raise BallotError("tally.write_in.several")
    return word, marked


class Contest(BaseModel):
    """One contest (委员, 纪委委员, 出席县党代会代表 …) in one round of voting."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    contest: str = Field(min_length=1, description="the contest's id, e.g. 委员")
    title: str | None = None
    kind: Literal["election", "preelection"] = Field(
        default="election", description="preelection: passing means listed as formal candidate"
    )
    round: Count = Field(default=1, ge=1)
    follows: Literal["tie", "shortfall"] | None = Field(
        default=None, description="a later round: the re-vote after a tie, or 另行选举"
    )
    seats: Count = Field(gt=0, description="应选人数 S")
    entitled: Count = Field(gt=0, description="应到会有选举权人数 E")
    present: Count = Field(ge=0, description="实到会有选举权人数 P")
    issued: Count | None = Field(default=None, ge=0, description="发出选票数 I (default: present)")
    rules: str | None = Field(default=None, description="rule-set name or path")
    threshold_basis: Basis | None = None
    quorum: QuorumMode | None = None
    write_in_needs_mark: bool | None = None
    candidates: tuple[str, ...] = Field(min_length=1, description="in ballot order")
    order: Literal["strokes", "approved"] = Field(
        default="strokes",
        description="strokes: printed in surname-stroke order (CS-ORDER); approved: as listed "
        "(书记/副书记 lists follow the order the higher committee approved)",
    )
    aliases: dict[str, str] = Field(
        default_factory=dict, description="written variant → canonical name"
    )
    scrutineers: tuple[str, ...] = Field(
        default=(), description="监票人 of this contest (TL-SCRUT: none may be a candidate)"
    )

    @field_validator("present")
    @classmethod
    def _present_within_entitled(cls, present: int, info: ValidationInfo) -> int:
        entitled = info.data.get("entitled")
        if isinstance(entitled, int) and present > entitled:
            raise ValueProblem("val.present_over_entitled", present=present, entitled=entitled)
        return present

    @field_validator("follows")
    @classmethod
    def _follows_needs_round(cls, follows: str | None, info: ValidationInfo) -> str | None:
        if follows is not None and info.data.get("round", 1) < 2:
            raise ValueProblem("val.follows_round")
        return follows

    @field_validator("candidates")
    @classmethod
    def _distinct_candidates(cls, candidates: tuple[str, ...]) -> tuple[str, ...]:
        seen: dict[str, str] = {}
        for name in candidates:
            key = name_key(name)
            if not key:
                raise ValueProblem("val.empty_candidate")
            if key in seen:
                raise ValueProblem("val.candidate_twice", name=name, other=seen[key])
            seen[key] = name
        return candidates

    @field_validator("aliases")
    @classmethod
    def _sound_aliases(cls, aliases: dict[str, str], info: ValidationInfo) -> dict[str, str]:
        listed = {name_key(c) for c in info.data.get("candidates", ())}
        variants = {name_key(k) for k in aliases}
        for variant, canonical in aliases.items():
            if not name_key(variant) or not name_key(canonical):
                raise ValueProblem("val.empty_alias")
            if name_key(variant) in listed:
                raise ValueProblem("val.alias_is_candidate", alias=variant)
            if name_key(canonical) in variants and name_key(canonical) != name_key(variant):
                raise ValueProblem("val.alias_chain", alias=variant, canonical=canonical)
        return aliases

    @property
    def issued_count(self) -> int:
        """I: the ballots issued (the voters present unless given)."""
        return self.present if self.issued is None else self.issued


class Ballot(BaseModel):
    """One returned ballot: a mark per listed candidate (ballot order), written-in names, void."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ballot: str = Field(min_length=1, description="the number the tellers gave the ballot")
    marks: tuple[Mark, ...]
    write_ins: tuple[str, ...] = ()
    void: str | None = Field(
        default=None, description="set when the scrutineers declared it invalid: their reason"
    )


class TallyRules(BaseModel):
    """The counting parameters in force for one contest: rule set, then the contest's overrides."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ruleset: str | None = None
    quorum: QuorumMode = "more_than"
    quorum_ratio: Ratio = Fraction(4, 5)
    threshold_basis: Basis = "entitled"
    write_in_needs_mark: bool = False
    reduce_needs_consent: bool = True


def tally_rules(contest: Contest, ruleset: RuleSet | None = None) -> TallyRules:
    """TL-QUORUM, TL-THRESHOLD, TL-BALLOT and TL-SHORT from the rule set, overridden by the contest.

    Without a rule set: quorum ``more_than`` 4/5, basis ``entitled``, the 2020 consent condition.
    """
    values: dict[str, object] = {}
    if ruleset is not None:
        values["ruleset"] = ruleset.name
        for quorum in ruleset.of_kind(QuorumRule):
            values["quorum"], values["quorum_ratio"] = quorum.params.mode, quorum.params.ratio
            break
        for threshold in ruleset.of_kind(ThresholdRule):
            values["threshold_basis"] = threshold.params.basis
            break
        for validity in ruleset.of_kind(BallotValidityRule):
            values["write_in_needs_mark"] = validity.params.write_in_needs_mark
            break
        for shortfall in ruleset.of_kind(ShortfallRule):
            values["reduce_needs_consent"] = shortfall.params.reduce_needs_consent
            break
    if contest.quorum is not None:
        values["quorum"] = contest.quorum
    if contest.threshold_basis is not None:
        values["threshold_basis"] = contest.threshold_basis
    if contest.write_in_needs_mark is not None:
        values["write_in_needs_mark"] = contest.write_in_needs_mark
    return TallyRules.model_validate(values)


def quorum_met(present: int, entitled: int, mode: QuorumMode, ratio: Fraction) -> bool:
    """TL-QUORUM: ``q·P > p·E`` (more_than) or ``q·P ≥ p·E`` (at_least) for the ratio p/q."""
    left, right = ratio.denominator * present, ratio.numerator * entitled
    return left > right if mode == "more_than" else left >= right


def quorum_boundary(present: int, entitled: int, ratio: Fraction) -> bool:
    """Whether P is exactly the ratio of E (``5·P = 4·E``): the two readings differ only here."""
    return ratio.denominator * present == ratio.numerator * entitled


def quorum_needed(entitled: int, mode: QuorumMode, ratio: Fraction) -> int:
    """The fewest voters present that meet the quorum."""
    p, q = ratio.numerator, ratio.denominator
    if mode == "more_than":
        return (p * entitled) // q + 1
    return -((-p * entitled) // q)
