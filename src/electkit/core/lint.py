"""Lint a local rule set against the sets it extends: where it weakens a national floor or a
county ancestor's rule, where it changes a prescribed value, and where it names anything its
vocabulary does not declare.

A local set is what the county approved, so electkit never overrules it: every weakening and
every changed prescribed value is a warning naming the rule, both values and both clauses, and is
repeated on every check that depends on it. Every parameter of every kind is compared in its own
direction (the kind declares it: ``Stricter`` on each field, or the kind's own ``weaker``). A
rule naming an undeclared category, post, rank, event kind or column is an error: a check
refuses such a rule set instead of evaluating a rule that would silently always fail.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from electkit.core.findings import SEVERITY_ORDER, ParamValue, Severity, Text
from electkit.core.kinds import Weakening, kind_of
from electkit.core.ratio import format_ratio
from electkit.core.rulebase import Params, RuleBase, Stricter, direction_of
from electkit.core.ruleset import RuleSet, dump_rule
from electkit.core.vocabulary import Vocabulary, section_label, unknown_names

Rule = RuleBase

_SEVERITY = {
    Severity.ERROR: Text(zh="错误", en="error"),
    Severity.WARNING: Text(zh="提醒", en="warning"),
    Severity.INFO: Text(zh="信息", en="info"),
}
# the deviation form of each lint message ("this rule set …, below … in {base}")
DEVIATION: dict[str, str] = {
    "lint.weakens.extra": "dev.lint.weakens.extra",
    "lint.weakens.ratio": "dev.lint.weakens.ratio",
    "lint.weakens.max": "dev.lint.weakens.max",
    "lint.weakens.quorum": "dev.lint.weakens.quorum",
    "lint.weakens.basis": "dev.lint.weakens.basis",
    "lint.weakens.severity": "dev.lint.weakens.severity",
    "lint.weakens.param": "dev.lint.weakens.param",
    "lint.weakens.group": "dev.lint.weakens.group",
    "lint.weakens.age_limit.who": "dev.lint.weakens.age_limit.who",
    "lint.weakens.age_limit.relaxed": "dev.lint.weakens.age_limit.relaxed",
    "lint.weakens.age_limit.cap": "dev.lint.weakens.age_limit.cap",
    "lint.weakens.bounds": "dev.lint.weakens.bounds",
    "lint.conflict.param": "dev.lint.conflict.param",
    "lint.officers.count": "dev.lint.officers.count",
    "lint.seats.outside": "dev.lint.seats.outside",
    "lint.posts.more": "dev.lint.posts.more",
    "lint.posts.relaxed": "dev.lint.posts.relaxed",
    "lint.group.changed": "dev.lint.group.changed",
    "lint.kind.changed": "dev.lint.kind.changed",
    "lint.removed": "dev.lint.removed",
}


class LintItem(BaseModel):
    """One difference between a local rule and the national one."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str
    type: str = Field(
        description="weakens | conflicts | override | addition | removed | restated | undeclared | advice"
    )
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
            for message_id, params, mine, theirs, conflict in _all_weakenings(
                rule, base, local.vocabulary
            ):
                # the same loosening (same parameter and post, same values) is reported once,
                # against the nearest set
                key = (message_id, repr(sorted(params.items())), mine, theirs)
                if key in seen:
                    continue
                seen.add(key)
                items.append(
                    LintItem(
                        rule=code,
                        type="conflicts" if conflict else "weakens",
                        severity=Severity.WARNING,
                        message_id=DEVIATION[message_id],
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
                        message_id="dev.lint.override",
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
    items += own_items(local)
    return sorted(items, key=lambda i: SEVERITY_ORDER[i.severity])


MODIFIED_MARK = "【本地修改了参数，下引原文未改】"


def _local_cite(local: RuleSet, rule: Rule, base: Rule) -> str:
    """The local clause; marked when the local file changed the parameters but kept the quoted
    text it inherited (the words then say something the rule no longer requires)."""
    cite = local.cite(rule)
    same_text = rule.source == base.source
    changed = _dump(rule, without_text=True) != _dump(base, without_text=True)
    return MODIFIED_MARK + cite if same_text and changed else cite


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
        weak = _all_weakenings(rule, base, local.vocabulary)
        for message_id, params, mine, theirs, conflict in weak:
            items.append(
                LintItem(
                    rule=code,
                    type="conflicts" if conflict else "weakens",
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
    data: dict[str, object] = dump_rule(rule)
    if without_text:
        for key in ("title", "source", "note"):
            data.pop(key, None)
    return data


def _all_weakenings(rule: Rule, base: Rule, vocabulary: Vocabulary) -> list[Weakening]:
    """How ``rule`` is weaker than ``base`` (or changes a prescribed value): every parameter in
    its direction, the kind's own comparison, then the severity."""
    if _dump(rule) == _dump(base):
        return []
    if rule.kind != base.kind:
        return [Weakening("lint.kind.changed", {}, rule.kind, base.kind, conflict=True)]
    kind = kind_of(rule)
    weak: list[Weakening] = []
    if kind.weaker is not None:
        weak += kind.weaker(rule, base, vocabulary)
    mine, theirs = rule.parameters, base.parameters
    if mine is not None and theirs is not None:
        weak += _param_weakenings(mine, theirs)
    if SEVERITY_ORDER[rule.severity] > SEVERITY_ORDER[base.severity]:
        labels: dict[str, ParamValue] = {
            "local_label": _SEVERITY[rule.severity],
            "national_label": _SEVERITY[base.severity],
        }
        weak.append(
            Weakening("lint.weakens.severity", labels, rule.severity.value, base.severity.value)
        )
    unique: dict[tuple[str, str, str, str], Weakening] = {}
    for w in weak:
        if (
            "local_label" not in w.params
        ):  # values as a person reads them (委员候选人, not committee)
            labels = {
                "local_label": value_text(w.local, vocabulary),
                "national_label": value_text(w.base, vocabulary),
            }
            w = w._replace(params={**w.params, **labels})
        unique.setdefault((w.message_id, repr(sorted(w.params.items())), w.local, w.base), w)
    return list(unique.values())


# the words of the rule language's fixed values, as messages show them
VALUE_LABELS: dict[str, Text] = {
    "delegates": Text(zh="代表名单", en="delegate lists"),
    "committee": Text(zh="党委委员候选人", en="committee candidates"),
    "discipline": Text(zh="纪委委员候选人", en="discipline-committee candidates"),
    "higher": Text(zh="出席上级党代会代表候选人", en="candidates for the higher congress"),
    "team": Text(zh="党政领导班子", en="the leadership team"),
    "elected": Text(zh="当选人", en="the elected"),
    "slate": Text(zh="候选人名单", en="the slate"),
    "candidates": Text(zh="候选人", en="candidates"),
    "delegate_candidates": Text(zh="代表候选人", en="delegate candidates"),
    "committee_candidates": Text(zh="党委、纪委委员候选人", en="committee candidates"),
    "all_candidates": Text(zh="各类候选人", en="every candidate"),
    "everyone": Text(zh="所有人", en="everyone"),
    "members": Text(zh="党员人数", en="the members"),
    "organizations": Text(zh="党组织数", en="the Party organisations"),
    "mixed": Text(zh="党员人数和党组织数", en="members and organisations"),
    "women": Text(zh="妇女", en="women"),
    "minority": Text(zh="少数民族", en="minorities"),
    "allowed": Text(zh="允许", en="allowed"),
    "warning": Text(zh="提醒", en="a warning"),
    "error": Text(zh="错误", en="an error"),
    "info": Text(zh="信息", en="information"),
    "True": Text(zh="是", en="yes"),
    "False": Text(zh="否", en="no"),
}


def value_text(shown: str, vocabulary: Vocabulary) -> Text:
    """A shown value in both languages: the rule language's fixed words and the vocabulary's
    names translated, each part of a list (副书记、委员) on its own; numbers as written."""
    parts = [VALUE_LABELS.get(p) or vocabulary.label(p) for p in shown.split("、")]
    return Text(zh="、".join(p.zh for p in parts), en=", ".join(p.en for p in parts))


def _param_weakenings(mine: Params, theirs: Params) -> Iterator[Weakening]:
    """Every parameter compared in the direction its kind declares."""
    model = type(mine)
    for name in model.model_fields:
        direction = direction_of(model, name)
        a, b = getattr(mine, name), getattr(theirs, name)
        if a == b or direction in (None, Stricter.CUSTOM, Stricter.NONE):
            continue
        if direction is Stricter.EXACT:
            yield Weakening(
                "lint.conflict.param",
                {"param": param_label(model, name)},
                _shown(a),
                _shown(b),
                conflict=True,
            )
        elif _looser(direction, a, b):
            yield Weakening(
                "lint.weakens.param", {"param": param_label(model, name)}, _shown(a), _shown(b)
            )


def _looser(direction: Stricter, mine: Any, theirs: Any) -> bool:
    """Whether ``mine`` is looser than ``theirs`` in ``direction`` (a bound left out is looser)."""
    if direction in (Stricter.HIGHER, Stricter.LOWER):
        if theirs is None:
            return False
        if mine is None:
            return True
        return bool(mine < theirs) if direction is Stricter.HIGHER else bool(mine > theirs)
    if direction is Stricter.MORE:
        return bool(set(theirs or ()) - set(mine or ()))
    if direction is Stricter.FEWER:
        return bool(set(mine or ()) - set(theirs or ()))
    if direction is Stricter.TRUE:
        return bool(theirs) and not mine
    if direction is Stricter.FALSE:
        return not theirs and bool(mine)
    if direction is Stricter.SEVERITY:
        return SEVERITY_ORDER[Severity(mine)] > SEVERITY_ORDER[Severity(theirs)]
    return False


def param_label(model: type[Params], name: str) -> Text:
    """How a parameter is named in messages: its own label, a common one, or its name."""
    extra = model.model_fields[name].json_schema_extra
    if isinstance(extra, dict) and isinstance(extra.get("zh"), str):
        return Text(zh=str(extra["zh"]), en=str(extra.get("en") or name))
    return PARAM_LABELS.get(name, Text(zh=name, en=name))


# the words for parameters many kinds share
PARAM_LABELS: dict[str, Text] = {
    "max_age": Text(zh="年龄上限", en="the age limit"),
    "relaxed_max_age": Text(zh="放宽后的年龄上限", en="the relaxed age limit"),
    "max_age_women": Text(zh="女性的年龄上限", en="the age limit for women"),
    "relaxed_max_age_women": Text(zh="女性放宽后的年龄上限", en="the relaxed age limit for women"),
    "min_age": Text(zh="起算年龄", en="the age from which it applies"),
    "years": Text(zh="年限", en="the years"),
    "terms": Text(zh="届数", en="the number of terms"),
    "level": Text(zh="学历要求", en="the education required"),
    "posts": Text(zh="适用职务", en="the posts it applies to"),
    "qualifying_posts": Text(zh="可计入的下一职位", en="the posts that count as the post below"),
    "relaxed_for": Text(zh="放宽对象", en="those it is relaxed for"),
    "scope": Text(zh="计算范围", en="the scope"),
    "max": Text(zh="上限", en="the maximum"),
    "usual_min": Text(zh="一般下限", en="the usual minimum"),
    "usual_max": Text(zh="一般上限", en="the usual maximum"),
    "usual_severity": Text(
        zh="超出一般范围时的严重程度", en="the severity outside the usual range"
    ),
    "under_severity": Text(
        zh="少于批准名额时的严重程度", en="the severity below the approved number"
    ),
    "quota_severity": Text(zh="偏离份额时的严重程度", en="the severity off the quota"),
    "old_15_severity": Text(zh="15位旧号码的严重程度", en="the severity of 15-digit numbers"),
    "name_birth_severity": Text(
        zh="同名同出生日期的严重程度", en="the severity of same name and birth date"
    ),
    "min_members": Text(zh="召开代表大会的党员人数", en="the members for a congress"),
    "ratio": Text(zh="比例", en="the ratio"),
    "strict": Text(zh="“多于”的读法", en="the strict reading"),
    "exclude_leader_seats": Text(
        zh="带名额代表不计入份额", en="leader seats left out of the quota"
    ),
    "basis": Text(zh="分配依据", en="the basis"),
    "weights": Text(zh="各因素权重", en="the weights"),
    "min_per_unit": Text(zh="每单位最少名额", en="the fewest seats per unit"),
    "tolerance": Text(zh="“左右”的幅度", en="the tolerance"),
    "of": Text(zh="计算的名单", en="the list counted"),
    "at_least": Text(zh="比例下限", en="the minimum share"),
    "more_than": Text(zh="比例下限(不含)", en="the minimum share (exclusive)"),
    "at_most": Text(zh="比例上限", en="the maximum share"),
    "less_than": Text(zh="比例上限(不含)", en="the maximum share (exclusive)"),
    "count_at_least": Text(zh="最少人数", en="the fewest people"),
    "count_at_most": Text(zh="最多人数", en="the most people"),
    "at_least_members": Text(zh="对照的党员比例", en="the members' share compared with"),
    "months": Text(zh="月数", en="the months"),
    "sanctions": Text(zh="处分种类", en="the sanctions"),
    "field": Text(zh="列", en="the column"),
    "require": Text(zh="职位配备", en="the posts required"),
    "deputy_slots": Text(zh="副书记的分工", en="the deputy posts"),
    "include": Text(zh="须包括的职务", en="the posts required in the team"),
    "by_seats": Text(zh="按名额的职位配备", en="the posts by seats"),
    "blank_slot": Text(zh="单名的排法", en="how single-character names sort"),
    "numbered": Text(zh="选票编号", en="numbered ballots"),
    "write_in_rows": Text(zh="另选他人栏", en="the write-in rows"),
    "write_in_needs_mark": Text(zh="另选他人须画符号", en="write-ins need a mark"),
    "reduce_needs_consent": Text(zh="减少名额的条件", en="the condition for fewer seats"),
    "post": Text(zh="职务", en="the post"),
    "also": Text(zh="兼任的职务", en="the post also held"),
    "base": Text(zh="领导职数", en="the leadership posts"),
    "large_population": Text(zh="人口界限", en="the population limit"),
    "large": Text(zh="大乡镇领导职数", en="the posts of a large township"),
    "relax_population": Text(zh="可增加职数的人口", en="the population allowing more posts"),
    "relax_if_offices": Text(zh="设办事机构可增加", en="more posts with offices"),
    "very_large_extra": Text(
        zh="特大乡镇增加的职数", en="the extra posts of a very large township"
    ),
    "events": Text(zh="事项", en="the events"),
    "within": Text(zh="时限", en="the window"),
    "running": Text(zh="处分期内", en="while running"),
    "ever": Text(zh="无论何时", en="at any time"),
    "who": Text(zh="适用对象", en="who it applies to"),
    "group": Text(zh="计算的人群", en="the group counted"),
    "range": Text(zh="名额范围", en="the range of seats"),
    "seats": Text(zh="名额", en="the seats"),
    "exceptions": Text(zh="特定乡镇的名额", en="the seats of named townships"),
    "villages_at_least": Text(zh="村数界限", en="the number of villages"),
    "population_at_least": Text(zh="人口界限(职数)", en="the population for more seats"),
    "by_class": Text(zh="按乡镇类别的名额", en="the seats by township class"),
    "separately": Text(zh="分别由不同委员兼任", en="held by different members"),
    "seats_few": Text(zh="村数少时的名额", en="the seats with fewer villages"),
    "fixed": Text(zh="规定的差额", en="the prescribed extra candidates"),
    "above": Text(zh="多于规定差额", en="more extra candidates"),
    "mode": Text(zh="到会要求的读法", en="the quorum reading"),
    "around": Text(zh="“左右”的比例", en="the share it is around"),
}


def _shown(value: object) -> str:
    if isinstance(value, Fraction):
        return format_ratio(value)
    if isinstance(value, tuple | list | set | frozenset):
        return "、".join(_shown(v) for v in value) or "—"
    if isinstance(value, dict):
        return "、".join(f"{k}{_shown(v)}" for k, v in value.items()) or "—"
    if isinstance(value, BaseModel):
        return str(value.model_dump(mode="json", by_alias=True, exclude_defaults=True))
    if value is None:
        return "—"
    return str(value.value if isinstance(value, Severity) else value)


def own_items(rs: RuleSet) -> list[LintItem]:
    """What lint says of a rule set on its own: undeclared names (errors), then each kind's
    advice on its rules (warnings)."""
    items = undeclared(rs)
    for code, rule in rs.rules.items():
        advice = kind_of(rule).advice
        for message_id, params in advice(rule, rs.vocabulary) if advice else ():
            items.append(
                LintItem(
                    rule=code,
                    type="advice",
                    severity=Severity.WARNING,
                    message_id=message_id,
                    params=params,
                    local_source=rs.cite(rule),
                )
            )
    return items


def undeclared(rs: RuleSet) -> list[LintItem]:
    """A lint error for every name a rule uses that the rule set's vocabulary does not declare."""
    items = []
    for code, rule in rs.rules.items():
        for section, name in unknown_names(rs.vocabulary, kind_of(rule).names(rule)):
            canonical = rs.vocabulary.canonical(section, name)
            items.append(
                LintItem(
                    rule=code,
                    type="undeclared",
                    severity=Severity.ERROR,
                    message_id="lint.undeclared" if canonical is None else "lint.alias",
                    params={
                        "section": Text(**section_label(section)),
                        "name": name,
                        "canonical": canonical,
                    },
                    local=name,
                    local_source=rs.cite(rule),
                )
            )
    return items
