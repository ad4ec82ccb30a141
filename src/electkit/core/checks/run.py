"""Evaluate the rules of a rule set on one subject, through the registry of rule kinds.

Every rule of the set is either evaluated here or listed as not checked with the reason: its
inputs are missing (the kind says which), or it applies to something else than this subject (a
delegate list is not a slate, a count, or the election's numbers).
"""

from __future__ import annotations

from electkit.core.checks.context import CheckContext, Outcome, Subject
from electkit.core.findings import NotChecked, Text, listing
from electkit.core.kinds import kind_of
from electkit.core.rulebase import Scope

SCOPE_LABELS: dict[Scope, Text] = {
    Scope.DELEGATES: Text(zh="代表名单", en="delegate lists"),
    Scope.UNIT_CANDIDATES: Text(
        zh="各选举单位的代表候选人名单", en="each unit's delegate candidates"
    ),
    Scope.COMMITTEE: Text(zh="党委委员候选人名单", en="committee slates"),
    Scope.DISCIPLINE: Text(zh="纪委委员候选人名单", en="discipline-committee slates"),
    Scope.HIGHER: Text(zh="出席上级党代会代表候选人名单", en="slates for the higher congress"),
    Scope.PLAN: Text(zh="选举规划(名额、职数)", en="the election's numbers (plan)"),
    Scope.COUNT: Text(zh="计票", en="the count"),
    Scope.BALLOT: Text(zh="选票印制", en="the printed ballot"),
    Scope.COUNTY: Text(zh="全县汇总", en="the county as a whole"),
}
_ORDER = list(Scope)


_SLATES = frozenset({Scope.UNIT_CANDIDATES, Scope.COMMITTEE, Scope.DISCIPLINE, Scope.HIGHER})
_ALL_SLATES = Text(zh="各类候选人名单", en="every candidate list")


def scope_list(scopes: frozenset[Scope]) -> Text:
    """The scopes a rule applies to, as a list in both languages (every kind of candidate list
    named once)."""
    labels = [SCOPE_LABELS[s] for s in sorted(scopes, key=_ORDER.index)]
    if scopes >= _SLATES:
        rest = [SCOPE_LABELS[s] for s in sorted(scopes - _SLATES, key=_ORDER.index)]
        labels = [_ALL_SLATES, *rest]
    return Text(zh=listing(t.zh for t in labels).zh, en=listing(t.en for t in labels).en)


def evaluate(subject: Subject, ctx: CheckContext) -> Outcome:
    """Every rule of the rule set on ``subject``, in the set's order."""
    out = Outcome()
    for rule in ctx.ruleset.rules.values():
        kind = kind_of(rule)
        scopes = kind.scopes(rule)
        if subject.scope not in scopes or kind.check is None:
            out.not_checked.append(
                NotChecked(
                    rule=rule.code, reason_id="nc.scope", params={"scopes": scope_list(scopes)}
                )
            )
            continue
        out.extend(kind.check(rule, subject, ctx))
    return out


def elsewhere(items: list[NotChecked]) -> list[NotChecked]:
    """The not-checked items that only say the rule applies to something else."""
    return [n for n in items if n.reason_id == "nc.scope"]
