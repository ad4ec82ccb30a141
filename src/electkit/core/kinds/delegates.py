"""DL-*: the delegate list as a whole: congress, total, count, allocation, candidates per unit.

Kinds: ``congress`` (DL-CONGRESS), ``delegate_total`` (DL-TOTAL), ``delegate_count`` (DL-COUNT),
``allocation`` (DL-ALLOC), ``unit_extra`` (DL-EXTRA). The structure shares (DL-LEADERS …) are the
``share`` kind.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from fractions import Fraction
from typing import Literal

from pydantic import Field, model_validator

from electkit.core.checks.context import CheckContext, Outcome, Subject
from electkit.core.errors import ValueProblem
from electkit.core.findings import CompositionRow, Severity, Text
from electkit.core.kinds import Kind, KindDoc, Weakening, register
from electkit.core.models import Person
from electkit.core.ratio import Share, ceil_mul, floor_mul, format_decimal, format_ratio
from electkit.core.rulebase import Params, RuleBase, Scope, Stricter, stricter
from electkit.core.vocabulary import Vocabulary

DELEGATE_LIST = frozenset({Scope.DELEGATES})


# --- DL-CONGRESS ---------------------------------------------------------------------------


class CongressParams(Params):
    min_members: int = Field(
        default=500,
        gt=0,
        description="members needed for a delegate congress (unless dispersed)",
        json_schema_extra=stricter(Stricter.HIGHER),
    )


class CongressRule(RuleBase):
    """A 党员代表大会 needs 500 members or dispersed organisations."""

    kind: Literal["congress"]
    params: CongressParams = CongressParams()


def _congress(rule: CongressRule, subject: Subject, ctx: CheckContext) -> Outcome:
    members = ctx.profile.party_members
    if members is None:
        return ctx.skipped(rule, "nc.profile", key="party_members")
    out = Outcome()
    if members.total < rule.params.min_members and not ctx.profile.dispersed:
        out.findings.append(
            ctx.finding(rule, "dl.congress", members=members.total, minimum=rule.params.min_members)
        )
    return out


register(
    Kind(
        name="congress",
        rule=CongressRule,
        scopes=lambda rule: DELEGATE_LIST,
        check=_congress,
        messages=("dl.congress",),
        reasons=("nc.profile",),
        doc=KindDoc(
            what="A delegate congress needs at least `min_members` Party members, or "
            "`dispersed: true` in the profile.",
            why='"党员人数在500名以上或者所辖党组织驻地分散的，经上级党组织批准，可以召开党员代表大会" '
            "(2020 条例 art. 4).",
            example="- code: DL-CONGRESS\n  kind: congress\n  severity: warning\n  params: {min_members: 500}",
        ),
    )
)


# --- DL-TOTAL ------------------------------------------------------------------------------


class DelegateTotalParams(Params):
    usual_min: int = Field(
        gt=0, description="the usual smallest total", json_schema_extra=stricter(Stricter.HIGHER)
    )
    usual_max: int = Field(
        gt=0, description="the usual largest total", json_schema_extra=stricter(Stricter.LOWER)
    )
    max: int = Field(
        gt=0, description="the largest total allowed", json_schema_extra=stricter(Stricter.LOWER)
    )
    usual_severity: Severity = Field(
        default=Severity.WARNING,
        description="severity outside the usual range",
        json_schema_extra=stricter(Stricter.SEVERITY),
    )

    @model_validator(mode="after")
    def _ordered(self) -> DelegateTotalParams:
        if not self.usual_min <= self.usual_max <= self.max:
            raise ValueProblem("val.total_order")
        return self


class DelegateTotalRule(RuleBase):
    """The approved delegate total: ``severity`` above ``max``, ``usual_severity`` outside the usual range."""

    kind: Literal["delegate_total"]
    params: DelegateTotalParams


def _delegate_total(rule: DelegateTotalRule, subject: Subject, ctx: CheckContext) -> Outcome:
    approved = ctx.profile.delegate_seats
    total = approved if approved is not None else len(subject.people)
    basis = "approved" if approved is not None else "listed"
    p = rule.params
    out = Outcome()
    if total > p.max:
        out.findings.append(
            ctx.finding(
                rule,
                "dl.total.max",
                measured=str(total),
                required=f"<= {p.max}",
                needed=total - p.max,
                total=total,
                maximum=p.max,
                basis=basis,
            )
        )
    elif total < p.usual_min or total > p.usual_max:
        out.findings.append(
            ctx.finding(
                rule,
                "dl.total.usual",
                severity=p.usual_severity,
                measured=str(total),
                required=f"{p.usual_min}-{p.usual_max}",
                total=total,
                low=p.usual_min,
                high=p.usual_max,
                basis=basis,
            )
        )
    return out


register(
    Kind(
        name="delegate_total",
        rule=DelegateTotalRule,
        scopes=lambda rule: DELEGATE_LIST | {Scope.PLAN},
        check=_delegate_total,
        messages=("dl.total.max", "dl.total.usual"),
        doc=KindDoc(
            what="The approved delegate total (profile `delegate_seats`, else the number listed): "
            "above `max` is the rule's severity, outside `usual_min`–`usual_max` "
            "`usual_severity`. `needed` = how many fewer.",
            why='"代表的名额一般为100名至200名，最多不超过300名" (2020 条例 art. 8).',
            example="- code: DL-TOTAL\n  kind: delegate_total\n  severity: error\n  params: {usual_min: 100, usual_max: 200, max: 300, usual_severity: warning}",
        ),
    )
)


# --- DL-COUNT ------------------------------------------------------------------------------


class DelegateCountParams(Params):
    under_severity: Severity = Field(
        default=Severity.WARNING,
        description="severity of fewer delegates than approved (vacant seats)",
        json_schema_extra=stricter(Stricter.SEVERITY),
    )


class DelegateCountRule(RuleBase):
    """Delegates on the list against the approved total: more is ``severity``, fewer ``under_severity``."""

    kind: Literal["delegate_count"]
    params: DelegateCountParams = DelegateCountParams()


def _delegate_count(rule: DelegateCountRule, subject: Subject, ctx: CheckContext) -> Outcome:
    approved = ctx.profile.delegate_seats
    if approved is None:
        return ctx.skipped(rule, "nc.profile", key="delegate_seats")
    n = len(subject.people)
    out = Outcome()
    if n > approved:
        out.findings.append(
            ctx.finding(
                rule,
                "dl.count.over",
                measured=str(n),
                required=f"<= {approved}",
                needed=n - approved,
                count=n,
                approved=approved,
            )
        )
    elif n < approved:
        out.findings.append(
            ctx.finding(
                rule,
                "dl.count.under",
                severity=rule.params.under_severity,
                measured=str(n),
                required=f"= {approved}",
                needed=approved - n,
                count=n,
                approved=approved,
            )
        )
    return out


register(
    Kind(
        name="delegate_count",
        rule=DelegateCountRule,
        scopes=lambda rule: DELEGATE_LIST,
        check=_delegate_count,
        messages=("dl.count.over", "dl.count.under"),
        reasons=("nc.profile",),
        doc=KindDoc(
            what="Delegates listed against the approved total (profile `delegate_seats`): more "
            "is the rule's severity, fewer `under_severity` (vacant seats).",
            why="The total is approved by the higher committee (2020 条例 art. 8).",
            example="- code: DL-COUNT\n  kind: delegate_count\n  severity: error\n  params: {under_severity: warning}",
        ),
    )
)


# --- DL-ALLOC ------------------------------------------------------------------------------


class AllocationParams(Params):
    quota_severity: Severity = Field(
        default=Severity.WARNING,
        description="severity of a unit more than one seat from its exact quota",
        json_schema_extra=stricter(Stricter.SEVERITY),
    )
    exclude_leader_seats: bool = Field(
        default=False,
        description="leave the seats assigned to 党委/纪委 leaders (带名额) out of the quota test "
        "(how the quota is computed, not how strict it is: lint lists a change as an override)",
        json_schema_extra=stricter(Stricter.NONE),
    )
    basis: Literal["members", "organizations", "mixed"] = Field(
        default="members",
        description="what the quota is proportional to: members, Party organisations, or a "
        "weighted mix (`weights`) — how the quota is computed, not how strict it is",
        json_schema_extra=stricter(Stricter.NONE),
    )
    weights: dict[Literal["members", "organizations"], Share] = Field(
        default_factory=dict,
        description="for basis mixed: the weight of each factor (summing to 1)",
        json_schema_extra=stricter(Stricter.NONE),
    )
    min_per_unit: int = Field(
        default=0,
        ge=0,
        description="the fewest seats any unit gets",
        json_schema_extra=stricter(Stricter.HIGHER),
    )

    @model_validator(mode="after")
    def _weights(self) -> AllocationParams:
        if self.basis == "mixed" and (
            set(self.weights) != {"members", "organizations"} or sum(self.weights.values()) != 1
        ):
            raise ValueProblem("val.weights")
        return self


class AllocationRule(RuleBase):
    """Unit seats sum to the total (``severity``) and lie within one seat of the exact quota."""

    kind: Literal["allocation"]
    params: AllocationParams = AllocationParams()


def quota_weights(params: AllocationParams) -> tuple[Fraction, Fraction]:
    """The weights of members and of organisations in a unit's quota."""
    if params.basis == "members":
        return Fraction(1), Fraction(0)
    if params.basis == "organizations":
        return Fraction(0), Fraction(1)
    return params.weights["members"], params.weights["organizations"]


def _allocation(rule: AllocationRule, subject: Subject, ctx: CheckContext) -> Outcome:
    from electkit.core.allocate import exact_quotas

    units = ctx.profile.units
    approved = ctx.profile.delegate_seats
    p = rule.params
    missing = [
        key
        for key, absent in (
            ("units", not units),
            ("units[].seats", bool(units) and any(u.seats is None for u in units)),
            (
                "units[].organizations",
                p.basis != "members" and any(u.organizations is None for u in units),
            ),
            ("delegate_seats", approved is None),
        )
        if absent
    ]
    if missing or approved is None:
        return ctx.skipped(rule, "nc.profile", key=", ".join(missing))
    out = Outcome()
    seats = {u.name: u.seats or 0 for u in units}
    if sum(seats.values()) != approved:
        out.findings.append(
            ctx.finding(
                rule,
                "dl.alloc.sum",
                measured=str(sum(seats.values())),
                required=f"= {approved}",
                total=sum(seats.values()),
                approved=approved,
            )
        )
    quotas = exact_quotas(units, approved, p)
    for u in units:
        own = (u.seats or 0) - (u.leader_seats if p.exclude_leader_seats else 0)
        quota = quotas[u.name]
        if abs(own - quota) >= 1 and own >= p.min_per_unit:
            out.findings.append(
                ctx.finding(
                    rule,
                    "dl.alloc.quota",
                    severity=p.quota_severity,
                    subjects=(u.name,),
                    measured=str(own),
                    required=f"{floor_mul(quota, 1)}-{ceil_mul(quota, 1)}",
                    unit=u.name,
                    seats=own,
                    quota=format_decimal(quota),
                )
            )
        elif (u.seats or 0) < p.min_per_unit:
            out.findings.append(
                ctx.finding(
                    rule,
                    "dl.alloc.minimum",  # 至少分配N名: the rule's own severity
                    subjects=(u.name,),
                    measured=str(u.seats or 0),
                    required=f">= {p.min_per_unit}",
                    needed=p.min_per_unit - (u.seats or 0),
                    unit=u.name,
                    seats=u.seats or 0,
                    minimum=p.min_per_unit,
                )
            )
    return out


register(
    Kind(
        name="allocation",
        rule=AllocationRule,
        scopes=lambda rule: DELEGATE_LIST | {Scope.PLAN},
        check=_allocation,
        messages=("dl.alloc.sum", "dl.alloc.quota", "dl.alloc.minimum"),
        reasons=("nc.profile",),
        doc=KindDoc(
            what="Unit seats (profile `units`) must add up to the approved total (the rule's "
            "severity) and each lie within one seat of its exact quota (`quota_severity`). The "
            "quota is proportional to members (`basis: members`), to Party organisations "
            "(`organizations`), or to a weighted mix (`mixed` with `weights`); with "
            "`min_per_unit` every unit gets that many first and a share of the rest. With `exclude_leader_seats`, seats the profile "
            "assigns to 党委/纪委 leaders (`leader_seats`, 带名额) stay out of the quota test.",
            why='"代表名额的分配根据所辖党组织数量、党员人数和代表具有广泛性的原则确定" (2020 条例 '
            "art. 8); no formula is prescribed, so the proportional test is a reading.",
            example="- code: DL-ALLOC\n  kind: allocation\n  severity: error\n  params: {basis: mixed, weights: {members: 7/10, organizations: 3/10}, min_per_unit: 2}",
        ),
    )
)


# --- DL-EXTRA ------------------------------------------------------------------------------


class UnitExtraParams(Params):
    ratio: Share = Field(
        default=Fraction(1, 5),
        description="the 差额 as a share of the seats (rounded up)",
        json_schema_extra=stricter(Stricter.HIGHER),
    )
    strict: bool = Field(
        default=False,
        description='more than the ratio ("多于") instead of at least',
        json_schema_extra=stricter(Stricter.TRUE),
    )


class UnitExtraRule(RuleBase):
    """Delegate candidates per unit ≥ seats + ceil(ratio·seats) (strict: more than ratio)."""

    kind: Literal["unit_extra"]
    params: UnitExtraParams = UnitExtraParams()

    def least(self, seats: int) -> int:
        """The fewest candidates for ``seats`` seats."""
        extra = self.params.ratio * seats
        need = math.floor(extra) + 1 if self.params.strict else math.ceil(extra)
        return seats + need


def _unit_extra(rule: UnitExtraRule, subject: Subject, ctx: CheckContext) -> Outcome:
    out = Outcome()
    only = subject.unit
    by_unit: dict[str, list[Person]] = defaultdict(list)
    for p in subject.people:
        by_unit[only or p.unit or ""].append(p)
    seats_of = {u.name: u.seats for u in ctx.profile.units}
    if only is not None and subject.stated_seats is not None:
        seats_of[only] = subject.stated_seats
    for name, group in by_unit.items():
        if not name:
            out.not_checked.append(ctx.not_checked(rule, "nc.unit_column"))
            continue
        seats = seats_of.get(name)
        if seats is None:
            out.findings.append(
                ctx.finding(
                    rule,
                    "dl.extra.unknown_unit",
                    subjects=(name,),
                    rows=tuple(p.row for p in group),
                    field_name="unit",
                    value=name,
                    unit=name,
                )
            )
            continue
        least = rule.least(seats)
        ok = len(group) >= least
        out.composition.append(
            CompositionRow(
                rule=rule.code,
                label=Text(zh=name, en=name),
                count=len(group),
                total=seats,
                least=least,
                ok=ok,
                severity=rule.severity,
            )
        )
        if not ok:
            out.findings.append(
                ctx.finding(
                    rule,
                    "dl.extra.few",
                    subjects=(name,),
                    measured=str(len(group)),
                    required=f">= {least}",
                    needed=least - len(group),
                    unit=name,
                    count=len(group),
                    seats=seats,
                    least=least,
                )
            )
    return out


def _unit_extra_weaker(
    rule: UnitExtraRule, base: UnitExtraRule, vocabulary: Vocabulary
) -> Iterator[Weakening]:
    for seats in range(1, 31):
        if rule.least(seats) < base.least(seats):
            yield Weakening(
                "lint.weakens.ratio",
                {},
                format_ratio(rule.params.ratio) + (" (strict)" if rule.params.strict else ""),
                format_ratio(base.params.ratio) + (" (strict)" if base.params.strict else ""),
            )
            return


register(
    Kind(
        name="unit_extra",
        rule=UnitExtraRule,
        scopes=lambda rule: frozenset({Scope.UNIT_CANDIDATES, Scope.PLAN}),
        check=_unit_extra,
        columns=lambda rule: ("unit",),
        weaker=_unit_extra_weaker,
        messages=("dl.extra.unknown_unit", "dl.extra.few"),
        reasons=("nc.unit_column",),
        doc=KindDoc(
            what="For each election unit with s seats: candidates ≥ s + ceil(ratio·s), or more "
            'than ratio·s with `strict: true` ("多于"). Checked on each unit\'s candidate list; a '
            "delegate list itself has no candidates to count.",
            why='"代表候选人的差额不少于应选人数的20%" (2020 条例 art. 9).',
            example="- code: DL-EXTRA\n  kind: unit_extra\n  severity: error\n  params: {ratio: 1/5, strict: false}",
        ),
    )
)
