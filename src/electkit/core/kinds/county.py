"""County-level rules: over all the townships of a county (``Scope.COUNTY``), evaluated by
``county check`` once every township has been checked.

Kinds: ``townships_with`` ("三分之一以上的乡镇党政班子中,至少要有1名27岁以下的副科级以上领导干部":
at least N townships, or a share of them, whose list holds at least K people of a group) and
``county_share`` ("N个乡镇中至少有1名30岁以下的党政正职"; a county-wide share of women among the new
committee members: a share or count of a group over all the townships' lists together).

A township whose list is not there (not delivered, unreadable, not officially counted) is
unknown, and so is a person whose blank cells decide the group: a rule holds only when it holds
however they turn out, fails when it fails however they turn out, and is otherwise undecided — a
finding of the rule's own severity naming the townships it waits for, never a pass.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from fractions import Fraction
from typing import Any, Literal

from pydantic import Field, model_validator

from electkit.core import groups
from electkit.core.checks.context import Outcome
from electkit.core.county import County, CountyContext, TownshipData
from electkit.core.errors import ValueProblem
from electkit.core.findings import CompositionRow, ParamValue, Text, listing
from electkit.core.kinds import Kind, KindDoc, NameRef, Weakening, register
from electkit.core.kinds.shares import (
    Bounds,
    bounds,
    bounds_row,
    bounds_weaker,
    count_required,
    decide,
    share_range,
)
from electkit.core.models import Person
from electkit.core.ratio import Share, format_ratio
from electkit.core.rulebase import Params, RuleBase, Scope, Stricter, stricter
from electkit.core.vocabulary import Vocabulary

Of = Literal["committee", "discipline", "team", "elected"]

_OF: Any = Field(  # one declaration for both kinds
    default="team",
    description="each township's list: committee / discipline (its slate), team (the committee "
    "slate with the government team of its profile), elected (the elected of an officially "
    "counted contest: see contest)",
    json_schema_extra=stricter(Stricter.EXACT),
)
_CONTEST = Field(
    default="committee",
    description="with of: elected, the contest: committee, discipline, or a contest's id",
    json_schema_extra=stricter(Stricter.EXACT, zh="当选名单所属的选举", en="the contest elected"),
)


def people_of(township: TownshipData, of: Of, contest: str) -> Sequence[Person] | None:
    """A township's list (None: not delivered, unreadable, or not officially counted)."""
    if of == "committee":
        return township.committee
    if of == "discipline":
        return township.discipline
    if of == "team":
        return township.team
    return township.elected_in(contest)


def counts(
    group: groups.Group, of: Of, contest: str, county: County, ctx: CountyContext
) -> Iterator[tuple[str, tuple[int, int, int] | None]]:
    """Per township: (members of the group, people it may hold, people on the list) — or None
    when the list (or the profile, whose cut-off ages are counted on) is not there."""
    scale = groups.scales(ctx.ruleset.vocabulary)
    for township in county.townships:
        people = people_of(township, of, contest)
        if people is None or township.profile is None:
            yield township.name, None
            continue
        members, maybe = groups.count(group, people, township.profile.cutoff, scale)
        yield township.name, (members, maybe, len(people))


_LIST_LABELS = {
    "committee": Text(zh="党委委员候选人名单", en="committee slate"),
    "discipline": Text(zh="纪委委员候选人名单", en="discipline slate"),
    "team": Text(zh="党政班子", en="Party and government team"),
}


def list_label(of: Of, contest: str) -> Text:
    """How a list is named in messages."""
    if of != "elected":
        return _LIST_LABELS[of]
    named = {
        "committee": Text(zh="党委委员", en="committee"),
        "discipline": Text(zh="纪委委员", en="discipline committee"),
    }
    label = named.get(contest, Text(zh=contest, en=contest))
    return Text(zh=f"{label.zh}当选人", en=f"the elected {label.en}")


# --- townships_with ----------------------------------------------------------------------------


class TownshipsWithParams(Params):
    group: groups.Group = Field(
        description="who is counted in each township", json_schema_extra=stricter(Stricter.CUSTOM)
    )
    of: Of = _OF
    contest: str = _CONTEST
    people: int = Field(
        default=1,
        ge=1,
        description="at least this many of the group in a township's list",
        json_schema_extra=stricter(
            Stricter.HIGHER, zh="每个乡镇至少人数", en="the people per township"
        ),
    )
    townships_at_least: int | None = Field(
        default=None,
        ge=1,
        description="at least this many townships",
        json_schema_extra=stricter(Stricter.HIGHER, zh="乡镇数下限", en="the fewest townships"),
    )
    townships_share: Share | None = Field(
        default=None,
        description="at least this share of the county's townships (三分之一以上: 1/3, included)",
        json_schema_extra=stricter(Stricter.HIGHER, zh="乡镇比例下限", en="the share of townships"),
    )

    @model_validator(mode="after")
    def _some_target(self) -> TownshipsWithParams:
        if self.townships_at_least is None and self.townships_share is None:
            raise ValueProblem("val.townships_target")
        return self


class TownshipsWithRule(RuleBase):
    """At least N townships (or a share of them) whose list holds K people of a group."""

    kind: Literal["townships_with"]
    params: TownshipsWithParams


def townships_needed(p: TownshipsWithParams, townships: int) -> int:
    """The townships required: N, or ``ceil(share·T)`` of the county's T (the larger)."""
    need = p.townships_at_least or 0
    if p.townships_share is not None:
        need = max(need, math.ceil(p.townships_share * townships))
    return need


def _townships_with(rule: TownshipsWithRule, county: County, ctx: CountyContext) -> Outcome:
    p = rule.params
    have: list[str] = []
    lack: list[str] = []
    unknown: list[str] = []
    for name, counted in counts(p.group, p.of, p.contest, county, ctx):
        if counted is None:
            unknown.append(name)
            continue
        count, maybe, _ = counted
        if count >= p.people:
            have.append(name)
        elif count + maybe >= p.people:
            unknown.append(name)
        else:
            lack.append(name)
    total = len(county.townships)
    need = townships_needed(p, total)
    ok = decide(len(have), len(unknown), need, total)
    out = Outcome()
    label = Text(
        zh=f"{list_label(p.of, p.contest).zh}中有{p.people}名以上{p.group.label.zh}的乡镇",
        en=f"townships with {p.people}+ {p.group.label.en} in the {list_label(p.of, p.contest).en}",
    )
    out.composition.append(
        CompositionRow(
            rule=rule.code,
            label=label,
            count=len(have),
            unknown=len(unknown),
            total=total,
            least=need,
            ok=ok,
            severity=rule.severity,
        )
    )
    common: dict[str, ParamValue] = {
        "group": p.group.label,
        "list": list_label(p.of, p.contest),
        "people": p.people,
        "count": len(have),
        "total": total,
        "least": need,
    }
    measured = f"{len(have)}/{total}"
    if ok is False:
        out.findings.append(
            ctx.finding(
                rule,
                "county.rule.townships.low",
                subjects=tuple(lack),
                measured=measured,
                required=f">= {need}/{total}",
                needed=need - len(have) - len(unknown),
                params={**common, "lacking": listing(lack)},
            )
        )
    elif ok is None:
        out.findings.append(
            ctx.finding(
                rule,
                "county.rule.townships.undecided",
                subjects=tuple(unknown),
                measured=f"{measured} + {len(unknown)}?",
                required=f">= {need}/{total}",
                params={**common, "waiting": listing(unknown), "unknown": len(unknown)},
            )
        )
    return out


def _group_names(group: groups.Group) -> Iterator[NameRef]:
    for section, name in groups.names(group):
        yield NameRef(section, name)


def _group_weaker(
    mine: groups.Group, theirs: groups.Group, vocabulary: Vocabulary
) -> Iterator[Weakening]:
    """A larger group (more people count) makes an "at least" rule weaker; a group that cannot
    be compared is named for a person to read."""
    scale = groups.scales(vocabulary)
    contained = groups.contains(mine, theirs, scale)
    reverse = groups.contains(theirs, mine, scale)
    labels: dict[str, ParamValue] = {
        "local_label": groups.named(mine),
        "national_label": groups.named(theirs),
    }
    if mine != theirs and contained is None and reverse is None:
        yield Weakening("lint.group.changed", labels, "", "", conflict=True)
    elif contained is True and reverse is not True:
        yield Weakening("lint.weakens.group", labels, "", "")


def _county_scope(rule: TownshipsWithRule | CountyShareRule) -> frozenset[Scope]:
    return frozenset({Scope.COUNTY})


def _columns(rule: TownshipsWithRule | CountyShareRule) -> tuple[str, ...]:
    return groups.columns(rule.params.group)


def _names(rule: TownshipsWithRule | CountyShareRule) -> Iterator[NameRef]:
    return _group_names(rule.params.group)


def _weaker(
    rule: TownshipsWithRule | CountyShareRule,
    base: TownshipsWithRule | CountyShareRule,
    vocabulary: Vocabulary,
) -> Iterator[Weakening]:
    """A county rule is compared by its group; a county share's bounds as a share's are; the
    other numbers by their declared directions."""
    if isinstance(rule, CountyShareRule) and isinstance(base, CountyShareRule):
        yield from bounds_weaker(rule.params, base.params, vocabulary)
    else:
        yield from _group_weaker(rule.params.group, base.params.group, vocabulary)


register(
    Kind(
        name="townships_with",
        rule=TownshipsWithRule,
        scopes=_county_scope,
        county=_townships_with,
        columns=_columns,
        names=_names,
        weaker=_weaker,
        messages=("county.rule.townships.low", "county.rule.townships.undecided"),
        doc=KindDoc(
            what="A county-level rule: at least `townships_at_least` townships, or at least "
            "`townships_share` of the county's townships (`ceil(share·T)`, 以上 included), whose "
            "list holds at least `people` (default 1) of a group (see Groups). `of` names the "
            "list: `team` (default: the committee slate with the government team of the "
            "profile), `committee`, `discipline`, or `elected` (the elected of the officially "
            "counted `contest`). Ages are counted on each township's own cut-off date. A "
            "township whose list is missing or not officially counted, or whose blank cells "
            "decide it, is unknown: the rule is undecided until they are in, never passed.",
            why='County notices set what the round as a whole must achieve: "三分之一以上的乡镇党政'
            '班子中,至少要有1名27岁以下的副科级以上领导干部".',
            example="- code: CT-YOUNG27\n  kind: townships_with\n  params:\n"
            "    group: {label: {zh: 27岁以下的副科级以上干部, en: section-level cadres aged 27 or "
            "under}, age: {max: 27}, rank: {at_least: 副科级}}\n"
            "    of: team\n    townships_share: 1/3",
        ),
    )
)


# --- county_share ------------------------------------------------------------------------------


class CountyShareParams(Bounds):
    of: Of = _OF
    contest: str = _CONTEST

    @model_validator(mode="after")
    def _some_target(self) -> CountyShareParams:
        if not self.bounded():
            raise ValueProblem("val.one_target")
        return self


class CountyShareRule(RuleBase):
    """A share or count of a group over all the townships' lists together."""

    kind: Literal["county_share"]
    params: CountyShareParams


def _county_share(rule: CountyShareRule, county: County, ctx: CountyContext) -> Outcome:
    p = rule.params
    count = unknown = total = 0
    missing: list[str] = []
    for name, counted in counts(p.group, p.of, p.contest, county, ctx):
        if counted is None:
            missing.append(name)
            continue
        count, unknown, total = (
            a + b for a, b in zip((count, unknown, total), counted, strict=True)
        )
    low, high = bounds(p, total)
    shown = share_range(p, None)
    counts_only = shown.low is None and shown.high is None
    ok = decide(count, unknown, low, high)
    if missing and ok is not False:
        # a missing township adds people of unknown number: only an absolute count already past
        # its maximum (failed) or reached with no other bound (held) is decided without it
        reached = counts_only and p.count_at_most is None and count >= low
        ok = True if reached else None
    required = count_required(p) if counts_only else shown.text()
    out = Outcome()
    label = Text(
        zh=f"全县{list_label(p.of, p.contest).zh}中{p.group.label.zh}",
        en=f"{p.group.label.en} in the county's {list_label(p.of, p.contest).en}",
    )
    out.composition.append(
        bounds_row(rule, p, label, (count, unknown, total), (low, high), None, ok)
    )
    share = format_ratio(Fraction(count, total)) if total else "0%"
    common: dict[str, ParamValue] = {
        "group": p.group.label,
        "list": list_label(p.of, p.contest),
        "count": count,
        "total": total,
        "share": share,
        "want": required,
    }
    if ok is False:
        low_side = count + unknown < low
        out.findings.append(
            ctx.finding(
                rule,
                "county.rule.share.low" if low_side else "county.rule.share.high",
                measured=f"{count}/{total} ({share})",
                required=required,
                needed=(low - count - unknown) if low_side else (count - high),
                params=common,
            )
        )
    elif ok is None:
        out.findings.append(
            ctx.finding(
                rule,
                "county.rule.share.undecided",
                subjects=tuple(missing),
                measured=f"{count}/{total} + {unknown}?",
                required=required,
                params={
                    **common,
                    "unknown": unknown,
                    "waiting": listing(missing) if missing else Text(zh="—", en="—"),
                },
            )
        )
    return out


register(
    Kind(
        name="county_share",
        rule=CountyShareRule,
        scopes=_county_scope,
        county=_county_share,
        columns=_columns,
        names=_names,
        weaker=_weaker,
        messages=("county.rule.share.low", "county.rule.share.high", "county.rule.share.undecided"),
        doc=KindDoc(
            what="A county-level rule: a share or count of a group (see Groups) over every "
            "township's list together — `at_least`, `more_than`, `at_most`, `less_than` (ratios), "
            "`count_at_least`, `count_at_most` (people in the county). `of` and `contest` as for "
            "`townships_with`; `of: elected` counts only officially counted contests. Exact "
            "integers, as for `share`. A township whose list is missing adds people of unknown "
            "number: the rule is undecided (only a count already past its maximum fails, and a "
            "count reached with no other bound holds).",
            why='"1 3个乡镇中至少有1名30岁以下的党政正职" is a count over the county\'s teams; a '
            "county-wide share of women among the new committee members is a share over the "
            "elected of every township.",
            example="- code: CT-YOUNGHEAD\n  kind: county_share\n  params:\n"
            "    group: {label: {zh: 30岁以下的党政正职, en: heads aged 30 or under}, age: {max: 30}, "
            "posts: [书记, 乡镇长]}\n    of: team\n    count_at_least: 1",
        ),
    )
)
