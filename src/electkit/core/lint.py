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
    AgeBandMajorityRule,
    AgeRenominationRule,
    DelegateTotalRule,
    EducationMinRule,
    ExchangeShareRule,
    ExtraCandidatesRule,
    LeadershipPostsRule,
    MembersIncludeRule,
    NativeAvoidanceRule,
    NewHeadRule,
    OfficersRule,
    PostBelowRule,
    QuorumRule,
    Rule,
    ShareRule,
    TenureExchangeRule,
    TermsExchangeRule,
    ThresholdRule,
    UnitExtraRule,
    WorkYearsRule,
    YoungMemberRule,
)
from electkit.core.ruleset import RULE_ADAPTER, RuleSet
from electkit.core.vocab import EDUCATION_LEVELS

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
    """``lint`` against the national set ``local`` extends, plus every override of a rule a local
    ancestor defines (a county set extended by a user's own file, perhaps through another file):
    a rule loosened from any county ancestor's value is a weakening too, even if it stays above
    the national floor; any other change of its parameters is listed as an override."""
    national = next((a for a in local.ancestors if a.national), None)
    items = lint(local, national) if national is not None else []
    for code, rule in local.rules.items():
        defining = [a for a in local.ancestors if code in a.rules and not a.national]
        seen: set[tuple[str, str, str, str]] = set()
        for ancestor in defining:
            base = ancestor.rules[code]
            for message_id, params, mine, theirs in _all_weakenings(rule, base):
                # the same loosening (same parameter and post, same values) is reported once,
                # against the nearest set
                key = (message_id, repr(sorted(params.items())), mine, theirs)
                if key in seen:
                    continue
                seen.add(key)
                items.append(
                    LintItem(
                        rule=code,
                        type="weakens",
                        severity=Severity.WARNING,
                        message_id="dev." + message_id,
                        params={**params, "base": ancestor.name},
                        local=mine,
                        national=theirs,
                        local_source=_local_cite(local, rule, base),
                        national_source=ancestor.cite(base),
                        against=ancestor.name,
                    )
                )
        if defining and not seen:
            nearest_base = defining[0].rules[code]
            if _dump(rule, without_text=True) != _dump(nearest_base, without_text=True):
                items.append(
                    LintItem(
                        rule=code,
                        type="override",
                        severity=Severity.INFO,
                        message_id=(
                            "dev.lint.override"
                            if isinstance(rule, COMPARED)
                            else "dev.lint.override.unknown"
                        ),
                        params={"base": defining[0].name},
                        local_source=_local_cite(local, rule, nearest_base),
                        national_source=defining[0].cite(nearest_base),
                        against=defining[0].name,
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


MODIFIED_MARK = "【本地修改了参数，下引原文未改】"


def _local_cite(local: RuleSet, rule: Rule, base: Rule) -> str:
    """The local clause; marked when the local file changed the parameters but kept the quoted
    text it inherited (the words then say something the rule no longer requires)."""
    cite = local.cite(rule)
    same_text = rule.source == base.source
    changed = _dump(rule, without_text=True) != _dump(base, without_text=True)
    return MODIFIED_MARK + cite if same_text and changed else cite


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
        cap, base_cap = _share_cap(rule), _share_cap(base)
        if base_cap is not None and (cap is None or cap > base_cap):
            yield (
                "lint.weakens.max",
                {},
                "—" if cap is None else format_ratio(cap),
                format_ratio(base_cap),
            )
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
    else:
        yield from _param_weakenings(rule, base)


# the words for the parameters whose loosening lint names
_PARAM = {
    "max_age": Text(zh="年龄上限", en="the age limit"),
    "min_age": Text(zh="起算年龄", en="the age from which it applies"),
    "years": Text(zh="年限", en="the years"),
    "terms": Text(zh="届数", en="the number of terms"),
    "level": Text(zh="学历要求", en="the education required"),
    "posts": Text(zh="适用职务", en="the posts it applies to"),
    "qualifying_posts": Text(zh="可计入的下一职位", en="the posts that count as the post below"),
    "relaxed_for": Text(zh="放宽对象", en="those it is relaxed for"),
    "scope": Text(zh="计算范围", en="the scope"),
    "band": Text(zh="年龄段", en="the age band"),
}


def _loosened(name: str, mine: object, theirs: object, post: str = "") -> Weakening:
    label = _PARAM[name]
    if post:
        label = Text(zh=f"{label.zh}({post})", en=f"{label.en} ({post})")
    return ("lint.weakens.param", {"param": label}, _shown(mine), _shown(theirs))


def _shown(value: object) -> str:
    if isinstance(value, tuple | list | set | frozenset):
        return "、".join(str(v) for v in value) or "—"
    return str(value)


def _param_weakenings(rule: Rule, base: Rule) -> Iterator[Weakening]:
    """The loosenings of the slate rules' thresholds, each in its own direction."""
    if isinstance(rule, YoungMemberRule) and isinstance(base, YoungMemberRule):
        if rule.params.max_age > base.params.max_age:
            yield _loosened("max_age", rule.params.max_age, base.params.max_age)
        if rule.params.scope == "team" and base.params.scope == "slate":
            yield _loosened("scope", rule.params.scope, base.params.scope)
    elif isinstance(rule, AgeRenominationRule) and isinstance(base, AgeRenominationRule):
        if rule.params.min_age > base.params.min_age:
            yield _loosened("min_age", rule.params.min_age, base.params.min_age)
    elif isinstance(rule, AgeBandMajorityRule) and isinstance(base, AgeBandMajorityRule):
        band, base_band = rule.params, base.params
        if band.min_age < base_band.min_age or band.max_age > base_band.max_age:
            yield _loosened(
                "band",
                f"{band.min_age}-{band.max_age}",
                f"{base_band.min_age}-{base_band.max_age}",
            )
    elif isinstance(rule, TenureExchangeRule) and isinstance(base, TenureExchangeRule):
        if rule.params.years > base.params.years:
            yield _loosened("years", rule.params.years, base.params.years)
    elif isinstance(rule, TermsExchangeRule) and isinstance(base, TermsExchangeRule):
        if rule.params.terms > base.params.terms:
            yield _loosened("terms", rule.params.terms, base.params.terms)
    elif isinstance(rule, WorkYearsRule | PostBelowRule) and isinstance(
        base, WorkYearsRule | PostBelowRule
    ):
        for post, years in base.params.years.items():
            held = rule.params.years.get(post)
            if held is None or held < years:
                yield _loosened("years", "—" if held is None else held, years, post)
        if isinstance(rule, PostBelowRule) and isinstance(base, PostBelowRule):
            extra = set(rule.params.qualifying_posts) - set(base.params.qualifying_posts)
            if extra:
                yield _loosened(
                    "qualifying_posts", rule.params.qualifying_posts, base.params.qualifying_posts
                )
        yield from _relaxed(rule.params.relaxed_for, base.params.relaxed_for)
    elif isinstance(rule, EducationMinRule) and isinstance(base, EducationMinRule):
        if EDUCATION_LEVELS.get(rule.params.level, 0) < EDUCATION_LEVELS.get(base.params.level, 0):
            yield _loosened("level", rule.params.level, base.params.level)
        if set(base.params.posts) - set(rule.params.posts):
            yield _loosened("posts", rule.params.posts, base.params.posts)
        yield from _relaxed(rule.params.relaxed_for, base.params.relaxed_for)
    elif (
        isinstance(rule, NativeAvoidanceRule | NewHeadRule | MembersIncludeRule)
        and isinstance(base, NativeAvoidanceRule | NewHeadRule | MembersIncludeRule)
        and set(base.params.posts) - set(rule.params.posts)
    ):
        yield _loosened("posts", rule.params.posts, base.params.posts)
    elif isinstance(rule, OfficersRule) and isinstance(base, OfficersRule):
        if set(base.params.include) - set(rule.params.include):
            yield _loosened("posts", rule.params.include, base.params.include)
    elif isinstance(rule, ExchangeShareRule) and isinstance(base, ExchangeShareRule):
        if rule.params.max > base.params.max:
            yield (
                "lint.weakens.max",
                {},
                format_ratio(rule.params.max),
                format_ratio(base.params.max),
            )
    elif (
        isinstance(rule, LeadershipPostsRule)
        and isinstance(base, LeadershipPostsRule)
        and rule.params.base > base.params.base
    ):
        yield ("lint.weakens.max", {}, str(rule.params.base), str(base.params.base))


# the kinds whose parameters lint compares in their direction; a change to any other kind is
# listed without saying whether it loosens the rule
COMPARED = (
    ExtraCandidatesRule,
    UnitExtraRule,
    ShareRule,
    DelegateTotalRule,
    QuorumRule,
    ThresholdRule,
    YoungMemberRule,
    AgeRenominationRule,
    AgeBandMajorityRule,
    TenureExchangeRule,
    TermsExchangeRule,
    WorkYearsRule,
    PostBelowRule,
    EducationMinRule,
    NativeAvoidanceRule,
    NewHeadRule,
    MembersIncludeRule,
    ExchangeShareRule,
)


def _relaxed(mine: tuple[str, ...], theirs: tuple[str, ...]) -> Iterator[Weakening]:
    if set(mine) - set(theirs):
        yield _loosened("relaxed_for", mine, theirs)


def _share_cap(rule: ShareRule) -> Fraction | None:
    """The upper bound of a "左右" share (none for "不少于")."""
    if rule.params.around is None:
        return None
    return rule.params.around + rule.params.tolerance


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
