"""CS-ORDER (kind ``stroke_order``): candidate lists printed in surname-stroke order (姓氏笔画).

The clause is about the ballot: electkit prints every ballot in this order itself, so a ballot
breaks it only when its contest file asks for its own order (``order: approved``), an error at
the rule's severity. A slate or nomination list out of order is only a warning (the order the
ballot will use is given); the full check is in ``core/checks/order.py``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Literal

from pydantic import Field

from electkit.core.checks.context import CheckContext, Outcome, Subject
from electkit.core.checks.order import check_order
from electkit.core.contest import Contest
from electkit.core.findings import SEVERITY_ORDER, Finding, Severity, listing
from electkit.core.kinds import Kind, KindDoc, register
from electkit.core.rulebase import Params, RuleBase, Scope, Stricter, stricter
from electkit.core.ruleset import RuleSet
from electkit.core.vocabulary import fold


class StrokeOrderParams(Params):
    blank_slot: bool = Field(
        default=True,
        description="a single-character given name sorts as surname, blank, name (田富 before 田大利)",
        json_schema_extra=stricter(Stricter.EXACT),
    )


class StrokeOrderRule(RuleBase):
    """Ballot lists in surname-stroke order (姓氏笔画)."""

    kind: Literal["stroke_order"]
    params: StrokeOrderParams = StrokeOrderParams()


def _order(rule: StrokeOrderRule, subject: Subject, ctx: CheckContext) -> Outcome:
    """Each list as printed (each unit's list on its own): a warning, since the ballot is
    printed in order by electkit."""
    lists: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for p in subject.people:
        key = (subject.unit or p.unit or "") if subject.scope is Scope.UNIT_CANDIDATES else ""
        lists[key].append((p.row, p.name))
    ceiling = Severity.WARNING
    found = [
        f
        for names in lists.values()
        for f in check_order(rule, names, ctx, blank_slot=rule.params.blank_slot)
    ]
    return Outcome(
        findings=[
            f.model_copy(update={"severity": ceiling})
            if SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[ceiling]
            else f
            for f in found
        ]
    )


def approved_order(contest: Contest, ruleset: RuleSet) -> list[Finding]:
    """CS-ORDER on a ballot printed as listed (``order: approved``): binding, at the rule's own
    severity, unless the contest elects an officer (书记, 副书记 …: their lists follow the order the
    higher committee approved). Empty when the list is in stroke order anyway."""
    from electkit.core.strokes import sort_names

    rule = next(ruleset.of_kind(StrokeOrderRule), None)
    if rule is None or contest.order != "approved":
        return []
    vocabulary = ruleset.vocabulary
    post = vocabulary.post(vocabulary.post_aliases.get(fold(contest.contest), ""))
    if post is not None and not post.generic:
        return []
    ordered, _missing = sort_names(contest.candidates, blank_slot=rule.params.blank_slot)
    if list(ordered) == list(contest.candidates):
        return []
    return [
        Finding(
            rule=rule.code,
            severity=rule.severity,
            message_id="cs.order.approved",
            params={"contest": contest.contest, "order": listing(ordered)},
            measured="、".join(contest.candidates),
            required="、".join(ordered),
            source=ruleset.cite(rule),
        )
    ]


register(
    Kind(
        name="stroke_order",
        rule=StrokeOrderRule,
        scopes=lambda rule: frozenset(
            {Scope.UNIT_CANDIDATES, Scope.COMMITTEE, Scope.DISCIPLINE, Scope.HIGHER, Scope.BALLOT}
        ),
        check=_order,
        columns=lambda rule: ("name",),
        messages=("cs.order.unsorted", "cs.order.unknown", "cs.order.approved"),
        doc=KindDoc(
            what="Candidate lists on ballots in surname-stroke order: stroke count, then 横竖撇点折, "
            "character by character; with `blank_slot: true` a two-character name compares as "
            "surname, blank, given name. `electkit ballot` prints every ballot in this order, so "
            "the rule binds there; a slate or nomination list in another order is a warning that "
            "gives the order the ballot will use (`needed` = the fewest names to move). A name "
            "with a character missing from the stroke table is a warning. A contest file that asks "
            "for its own order (`order: approved`) breaks the rule at its own severity on the "
            "ballot (`electkit ballot` exits 1 and refuses `--official`), except for an officer "
            "contest (书记, 副书记 …), whose list follows the approved order.",
            why='"选票上的代表和委员…候选人名单以姓氏笔画为序排列" (2020 条例 art. 24).',
            example="- code: CS-ORDER\n  kind: stroke_order\n  severity: error\n  params: {blank_slot: true}",
        ),
    )
)
