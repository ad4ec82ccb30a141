"""Lint a local rule set against the national set it extends: where it weakens a national floor.

A local set is what the county approved, so electkit never overrules it: every weakening is a
warning naming the rule, both values and both clauses, and is repeated on every check that
depends on it. Additions (rules the national set lacks) and plain overrides are listed as info.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from pydantic import BaseModel, ConfigDict, Field

from electkit.core.findings import SEVERITY_ORDER, ParamValue, Severity, Text
from electkit.core.ratio import format_ratio
from electkit.core.rulekinds import (
    DelegateTotalRule,
    ExtraCandidatesRule,
    QuorumRule,
    Rule,
    ShareRule,
    ThresholdRule,
    UnitExtraRule,
)
from electkit.core.ruleset import RULE_ADAPTER, RuleSet

# seat counts a committee, discipline committee or election unit usually has
SEATS_TO_COMPARE = tuple(range(1, 16))

# the words behind the machine values a weakening names, so messages read in either language
_QUORUM_MODE = {
    "more_than": Text(zh="超过", en="more than "),
    "at_least": Text(zh="不少于", en="at least "),
}
_BASIS = {
    "present": Text(zh="实到会人数", en="those present"),
    "entitled": Text(zh="应到会人数", en="those entitled to vote"),
}
_SEVERITY = {
    Severity.ERROR: Text(zh="错误", en="error"),
    Severity.WARNING: Text(zh="提醒", en="warning"),
    Severity.INFO: Text(zh="信息", en="info"),
}


def _labels(mine: Text, theirs: Text) -> dict[str, ParamValue]:
    return {"local_label": mine, "national_label": theirs}


def _quorum_label(mode: str, ratio: Fraction) -> Text:
    word = _QUORUM_MODE[mode]
    return Text(zh=word.zh + format_ratio(ratio), en=word.en + format_ratio(ratio))


class LintItem(BaseModel):
    """One difference between a local rule and the national one."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str
    type: str = Field(description="weakens | override | addition | removed | restated")
    severity: Severity
    message_id: str
    params: dict[str, ParamValue] = Field(default_factory=dict)
    local: str | None = None
    national: str | None = None
    local_source: str | None = None
    national_source: str | None = None
    against: str | None = Field(
        default=None, description="the local set compared with, when not the national one"
    )


def lint_lineage(local: RuleSet) -> list[LintItem]:
    """``lint`` against the national set ``local`` extends, plus every override of a rule the
    nearest local ancestor defines (a county set extended by a user's own file): a rule lowered
    from the county's value is a weakening too, even if it stays above the national floor."""
    national = next((a for a in local.ancestors if a.national), None)
    items = lint(local, national) if national is not None else []
    for code, rule in local.rules.items():
        parent = next((a for a in local.ancestors if code in a.rules), None)
        if parent is None or parent.national:
            continue  # a local addition, or compared with the national set above
        base = parent.rules[code]
        for message_id, params, mine, theirs in _all_weakenings(rule, base):
            items.append(
                LintItem(
                    rule=code,
                    type="weakens",
                    severity=Severity.WARNING,
                    message_id="dev." + message_id,
                    params={**params, "base": parent.name},
                    local=mine,
                    national=theirs,
                    local_source=local.cite(rule),
                    national_source=parent.cite(base),
                    against=parent.name,
                )
            )
    nearest = local.ancestors[0] if local.ancestors else None
    if nearest is not None and not nearest.national:
        for code, base in nearest.rules.items():
            if code not in local.rules and (national is None or code not in national.rules):
                items.append(
                    LintItem(
                        rule=code,
                        type="removed",
                        severity=Severity.WARNING,
                        message_id="dev.lint.removed",
                        params={"base": nearest.name},
                        national_source=nearest.cite(base),
                        against=nearest.name,
                    )
                )
    return sorted(items, key=lambda i: SEVERITY_ORDER[i.severity])


def _all_weakenings(rule: Rule, base: Rule) -> list[Weakening]:
    """How ``rule`` is weaker than ``base``: its parameters, then its severity."""
    if _dump(rule) == _dump(base):
        return []
    weak = list(_weakenings(rule, base))
    if SEVERITY_ORDER[rule.severity] > SEVERITY_ORDER[base.severity]:
        labels = _labels(_SEVERITY[rule.severity], _SEVERITY[base.severity])
        weak.append(("lint.weakens.severity", labels, rule.severity.value, base.severity.value))
    return weak


def lint(local: RuleSet, national: RuleSet) -> list[LintItem]:
    """Compare every rule of ``local`` with ``national`` (the national set it extends)."""
    items: list[LintItem] = []
    for code, rule in local.rules.items():
        base = national.rules.get(code)
        if base is None:
            items.append(
                LintItem(
                    rule=code,
                    type="addition",
                    severity=Severity.INFO,
                    message_id="lint.addition",
                    local_source=local.cite(rule),
                )
            )
            continue
        if _dump(rule) == _dump(base):
            continue
        weak = _all_weakenings(rule, base)
        for message_id, params, mine, theirs in weak:
            items.append(
                LintItem(
                    rule=code,
                    type="weakens",
                    severity=Severity.WARNING,
                    message_id=message_id,
                    params=params,
                    local=mine,
                    national=theirs,
                    local_source=local.cite(rule),
                    national_source=national.cite(base),
                )
            )
        if not weak:
            same_rule = _dump(rule, without_text=True) == _dump(base, without_text=True)
            items.append(
                LintItem(
                    rule=code,
                    type="restated" if same_rule else "override",
                    severity=Severity.INFO,
                    message_id="lint.restated" if same_rule else "lint.override",
                    local_source=local.cite(rule),
                    national_source=national.cite(base),
                )
            )
    for code, base in national.rules.items():
        if code not in local.rules:
            items.append(
                LintItem(
                    rule=code,
                    type="removed",
                    severity=Severity.WARNING,
                    message_id="lint.removed",
                    national_source=national.cite(base),
                )
            )
    return sorted(items, key=lambda i: SEVERITY_ORDER[i.severity])


def _dump(rule: Rule, without_text: bool = False) -> dict[str, object]:
    data: dict[str, object] = RULE_ADAPTER.dump_python(rule, mode="json")
    if without_text:
        for key in ("title", "source", "note"):
            data.pop(key, None)
    return data


Weakening = tuple[str, dict[str, ParamValue], str, str]


def _weakenings(rule: Rule, base: Rule) -> Iterator[Weakening]:
    if isinstance(rule, ExtraCandidatesRule) and isinstance(base, ExtraCandidatesRule):
        yield from _extra(rule, base)
    elif isinstance(rule, UnitExtraRule) and isinstance(base, UnitExtraRule):
        if rule.params.ratio < base.params.ratio or (base.params.strict and not rule.params.strict):
            yield (
                "lint.weakens.ratio",
                {},
                format_ratio(rule.params.ratio),
                format_ratio(base.params.ratio),
            )
    elif isinstance(rule, ShareRule) and isinstance(base, ShareRule):
        mine, theirs = _share_floor(rule), _share_floor(base)
        if mine < theirs:
            yield ("lint.weakens.ratio", {}, format_ratio(mine), format_ratio(theirs))
    elif isinstance(rule, DelegateTotalRule) and isinstance(base, DelegateTotalRule):
        if rule.params.max > base.params.max:
            yield ("lint.weakens.max", {}, str(rule.params.max), str(base.params.max))
    elif isinstance(rule, QuorumRule) and isinstance(base, QuorumRule):
        if rule.params.ratio < base.params.ratio or (
            rule.params.mode == "at_least" and base.params.mode == "more_than"
        ):
            yield (
                "lint.weakens.quorum",
                _labels(
                    _quorum_label(rule.params.mode, rule.params.ratio),
                    _quorum_label(base.params.mode, base.params.ratio),
                ),
                f"{rule.params.mode} {format_ratio(rule.params.ratio)}",
                f"{base.params.mode} {format_ratio(base.params.ratio)}",
            )
    elif (
        isinstance(rule, ThresholdRule)
        and isinstance(base, ThresholdRule)
        and rule.params.basis == "present"
        and base.params.basis == "entitled"
    ):
        labels = _labels(_BASIS[rule.params.basis], _BASIS[base.params.basis])
        yield ("lint.weakens.basis", labels, rule.params.basis, base.params.basis)


def _share_floor(rule: ShareRule) -> Fraction:
    if rule.params.at_least is not None:
        return rule.params.at_least
    assert rule.params.around is not None
    return rule.params.around - rule.params.tolerance


def _extra(rule: ExtraCandidatesRule, base: ExtraCandidatesRule) -> Iterator[Weakening]:
    for seats in sorted(set(SEATS_TO_COMPARE) | set(rule.params.fixed)):
        mine, theirs = rule.min_extra(seats), base.min_extra(seats)
        if mine < theirs:
            yield (
                "lint.weakens.extra",
                {"seats": seats, "share": format_ratio(Fraction(mine, seats))},
                str(mine),
                str(theirs),
            )
