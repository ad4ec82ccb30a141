"""TL-*: the counting rules. They are evaluated by the count (``core/tally.py``) and the ballot
(``render/ballot.py``), which read their parameters through ``core/contest.py``; a command that
checks a list of people reports them as applying to the count.

Kinds: ``quorum`` (TL-QUORUM), ``threshold`` (TL-THRESHOLD), ``ballot_validity`` (TL-BALLOT),
``ballot_face`` (TL-NOMARK), ``shortfall`` (TL-SHORT), ``counting`` (TL-RETURNED, TL-CHOICE,
TL-RANK, TL-TIE), ``scrutineers`` (TL-SCRUT).
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import Literal

from pydantic import Field

from electkit.core.findings import Text
from electkit.core.kinds import Kind, KindDoc, Weakening, register
from electkit.core.ratio import Share, format_ratio
from electkit.core.rulebase import Params, RuleBase, Scope, Stricter, stricter
from electkit.core.vocabulary import Vocabulary

COUNT = frozenset({Scope.COUNT})


class QuorumParams(Params):
    mode: Literal["more_than", "at_least"] = Field(
        default="more_than",
        description="more_than: q·P > p·E (超过); at_least: q·P ≥ p·E (不少于)",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )
    ratio: Share = Field(default=Fraction(4, 5), json_schema_extra=stricter(Stricter.CUSTOM))


class QuorumRule(RuleBase):
    """Voters present against those entitled: more than (or at least) 4/5."""

    kind: Literal["quorum"]
    params: QuorumParams = QuorumParams()


_QUORUM_MODE = {
    "more_than": Text(zh="超过", en="more than "),
    "at_least": Text(zh="不少于", en="at least "),
}


def quorum_label(mode: str, ratio: Fraction) -> Text:
    """ "超过80%" / "more than 80%"."""
    word = _QUORUM_MODE[mode]
    return Text(zh=word.zh + format_ratio(ratio), en=word.en + format_ratio(ratio))


def _quorum_weaker(
    rule: QuorumRule, base: QuorumRule, vocabulary: Vocabulary
) -> Iterator[Weakening]:
    mine, theirs = rule.params, base.params
    if mine.ratio < theirs.ratio or (mine.mode == "at_least" and theirs.mode == "more_than"):
        yield Weakening(
            "lint.weakens.quorum",
            {
                "local_label": quorum_label(mine.mode, mine.ratio),
                "national_label": quorum_label(theirs.mode, theirs.ratio),
            },
            f"{mine.mode} {format_ratio(mine.ratio)}",
            f"{theirs.mode} {format_ratio(theirs.ratio)}",
        )


register(
    Kind(
        name="quorum",
        rule=QuorumRule,
        scopes=lambda rule: COUNT,
        weaker=_quorum_weaker,
        doc=KindDoc(
            what="Voters present (P) against those entitled (E), for ratio p/q: `q·P > p·E` "
            "(`more_than`) or `q·P ≥ p·E` (`at_least`). Failing it: status `no_quorum`, nothing "
            "counted. At exactly the ratio the result states the other reading.",
            why='"有选举权的到会人数超过应到会人数的五分之四，方能进行选举".',
            example="- code: TL-QUORUM\n  kind: quorum\n  severity: error\n  params: {mode: more_than, ratio: 4/5}",
        ),
    )
)


class ThresholdParams(Params):
    basis: Literal["entitled", "present"] = Field(
        description="entitled: 应到会 (stricter); present: 实到会",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )


class ThresholdRule(RuleBase):
    """Elected only with agree·2 > basis (应到会 or 实到会)."""

    kind: Literal["threshold"]
    params: ThresholdParams


_BASIS = {
    "present": Text(zh="实到会人数", en="those present"),
    "entitled": Text(zh="应到会人数", en="those entitled to vote"),
}


def _threshold_weaker(
    rule: ThresholdRule, base: ThresholdRule, vocabulary: Vocabulary
) -> Iterator[Weakening]:
    if rule.params.basis == "present" and base.params.basis == "entitled":
        yield Weakening(
            "lint.weakens.basis",
            {"local_label": _BASIS["present"], "national_label": _BASIS["entitled"]},
            "present",
            "entitled",
        )


register(
    Kind(
        name="threshold",
        rule=ThresholdRule,
        scopes=lambda rule: COUNT,
        weaker=_threshold_weaker,
        doc=KindDoc(
            what="Elected only with `2·agree > B`: B = entitled (应到会) or present (实到会). "
            "Exactly half fails.",
            why='"被选举人获得赞成票超过应到会有选举权人数半数的，始得当选".',
            example="- code: TL-THRESHOLD\n  kind: threshold\n  severity: info\n  params: {basis: entitled}",
        ),
    )
)


class BallotValidityParams(Params):
    write_in_needs_mark: bool = Field(
        default=False,
        description="a written-in name counts only with an agree mark",
        json_schema_extra=stricter(Stricter.EXACT),
    )


class BallotValidityRule(RuleBase):
    """A ballot agreeing with more people than seats is invalid."""

    kind: Literal["ballot_validity"]
    params: BallotValidityParams = BallotValidityParams()


register(
    Kind(
        name="ballot_validity",
        rule=BallotValidityRule,
        scopes=lambda rule: COUNT,
        doc=KindDoc(
            what="A ballot is invalid when the scrutineers voided it or when it agrees with more "
            "people than seats (listed agrees plus distinct written-in names). An all-blank "
            "ballot is valid.",
            why='"每张选票所选人数，等于或少于规定应选人数的为有效票，多于规定应选人数的为无效票".',
            example="- code: TL-BALLOT\n  kind: ballot_validity\n  severity: info\n  params: {write_in_needs_mark: false}",
        ),
    )
)


class BallotFaceParams(Params):
    numbered: bool = Field(
        default=False,
        description="numbers may be printed on ballots",
        json_schema_extra=stricter(Stricter.FALSE),
    )
    write_in_rows: int | None = Field(
        default=None,
        ge=0,
        description="另选他人 rows (default: as many as seats)",
        json_schema_extra=stricter(Stricter.EXACT),
    )


class BallotFaceRule(RuleBase):
    """What may be printed on a ballot: numbers only where the rule set allows them."""

    kind: Literal["ballot_face"]
    params: BallotFaceParams = BallotFaceParams()


register(
    Kind(
        name="ballot_face",
        rule=BallotFaceRule,
        scopes=lambda rule: frozenset({Scope.BALLOT}),
        doc=KindDoc(
            what="What may be printed on a ballot (`electkit ballot`): numbers only where the rule "
            "set sets `numbered: true`; `write_in_rows` sets the 另选他人 rows.",
            why="Many 选举办法 void a ballot carrying any mark that identifies it.",
            example="- code: TL-NOMARK\n  kind: ballot_face\n  severity: error\n  params: {numbered: false}",
        ),
    )
)


class ShortfallParams(Params):
    reduce_needs_consent: bool = Field(
        default=True,
        description="reducing the seats needs the voters' majority or the presidium",
        json_schema_extra=stricter(Stricter.TRUE),
    )


class ShortfallRule(RuleBase):
    """Too few pass: another round, or reduce the seats."""

    kind: Literal["shortfall"]
    params: ShortfallParams = ShortfallParams()


register(
    Kind(
        name="shortfall",
        rule=ShortfallRule,
        scopes=lambda rule: COUNT,
        doc=KindDoc(
            what="Fewer pass than seats: 另行选举 for the missing seats, or reduce the seats when "
            "close (`reduce_needs_consent`: with the voters' majority or the presidium's "
            "decision).",
            why='"对不足的名额另行选举。如果接近应选名额…也可以减少名额".',
            example="- code: TL-SHORT\n  kind: shortfall\n  severity: info\n  params: {reduce_needs_consent: true}",
        ),
    )
)


class CountingRule(RuleBase):
    """A counting rule without parameters (returned ballots, choices, ranking, ties)."""

    kind: Literal["counting"]


register(
    Kind(
        name="counting",
        rule=CountingRule,
        scopes=lambda rule: COUNT,
        doc=KindDoc(
            what="A counting rule electkit applies as written, without parameters: returned "
            "ballots not more than issued (TL-RETURNED), agree/oppose/abstain and write-ins "
            "(TL-CHOICE), seats filled by votes (TL-RANK), ties to a re-vote (TL-TIE). The code "
            "says which.",
            why="The counting steps of the regulations and the approved 选举办法.",
            example="- code: TL-RANK\n  kind: counting\n  severity: info",
        ),
    )
)


class ScrutineersRule(RuleBase):
    """No scrutineer may be a candidate in the contest."""

    kind: Literal["scrutineers"]


register(
    Kind(
        name="scrutineers",
        rule=ScrutineersRule,
        scopes=lambda rule: COUNT,
        doc=KindDoc(
            what="No 监票人 (the contest file's `scrutineers`) may be a candidate in the contest.",
            why='"由全体党员或者各代表团（组）从不是候选人的党员或者代表中推选" (2020 条例 art. 22).',
            example="- code: TL-SCRUT\n  kind: scrutineers\n  severity: error",
        ),
    )
)
