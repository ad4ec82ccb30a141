"""DL-*: the delegate list as a whole: its size, its units and its structure shares.

Shares are compared exactly: ``count/N ≥ r`` ⇔ ``count ≥ ceil(r·N)``; a band "r ± t" is
``ceil((r−t)·N) ≤ count ≤ floor((r+t)·N)``. ``needed`` is the smallest number of delegates
to replace (the total unchanged) for the rule to hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from electkit.core.checks.context import CheckContext
from electkit.core.findings import CompositionRow, Finding, NotChecked, Text
from electkit.core.models import Gender, Person, full_years
from electkit.core.ratio import ceil_mul, floor_mul, format_decimal, format_ratio, format_required
from electkit.core.rulekinds import (
    AllocationRule,
    CongressRule,
    DelegateCountRule,
    DelegateTotalRule,
    Group,
    MemberShareRule,
    ShareRule,
    UnitExtraRule,
)
from electkit.core.vocab import EDUCATION_LEVELS, field_label


@dataclass
class ListResult:
    """What the list-level checks found."""

    composition: list[CompositionRow] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    not_checked: list[NotChecked] = field(default_factory=list)


def _measured(count: int, total: int) -> str:
    return f"{count}/{total} ({format_ratio(Fraction(count, total) if total else Fraction(0))})"


def group_fields(group: Group) -> list[str]:
    """The columns a group needs."""
    needs = []
    if group.category is not None:
        needs.append("category")
    if group.age_max is not None or group.age_min is not None:
        needs.append("birth_date")
    if group.education_min is not None:
        needs.append("education")
    if group.gender is not None:
        needs.append("gender")
    if group.minority is not None:
        needs.append("ethnicity")
    return needs


def count_in_group(group: Group, people: Sequence[Person], ctx: CheckContext) -> int:
    """How many people certainly belong to the group (see ``count_group``)."""
    return count_group(group, people, ctx)[0]


def count_group(group: Group, people: Sequence[Person], ctx: CheckContext) -> tuple[int, int]:
    """(members, unknown): people every condition holds for, and people whose blank or
    unreadable cells decide it (no known condition excludes them).

    Column by column over the whole list, not person by person: a list may have 100,000 rows.
    Each person's state is True (in), False (out) or None (unknown).
    """
    state: list[bool | None] = [True] * len(people)

    def narrow(values: Iterable[bool | None]) -> None:
        column = list(values)
        if None not in column and None not in state:  # the usual case: nothing unknown
            state[:] = [k and c for k, c in zip(state, column, strict=True)]
            return
        state[:] = [
            False if k is False or c is False else (None if k is None or c is None else True)
            for k, c in zip(state, column, strict=True)
        ]

    if group.category is not None:
        narrow(None if p.category is None else p.category == group.category for p in people)
    if group.age_max is not None or group.age_min is not None:
        cutoff = ctx.cutoff
        low = group.age_min if group.age_min is not None else -1
        high = group.age_max if group.age_max is not None else 10**6
        narrow(
            None if p.birth_date is None else low <= full_years(p.birth_date, cutoff) <= high
            for p in people
        )
    if group.education_min is not None:
        level = EDUCATION_LEVELS[group.education_min]
        narrow(None if p.education is None else p.education >= level for p in people)
    if group.gender is not None:
        gender = Gender(group.gender)
        narrow(None if p.gender is None else p.gender is gender for p in people)
    if group.minority is not None:
        narrow(None if p.minority is None else p.minority is group.minority for p in people)
    return state.count(True), state.count(None)


def decide(count: int, unknown: int, low: int, high: int) -> bool | None:
    """Whether ``low ≤ members ≤ high`` holds however the unknown people turn out (None: it
    depends on them)."""
    if low <= count and count + unknown <= high:
        return True
    if count + unknown < low or count > high:
        return False
    return None


def check_list(people: Sequence[Person], ctx: CheckContext) -> ListResult:
    """Every DL-* rule of the rule set over a delegate list."""
    out = ListResult()
    rs = ctx.ruleset
    n = len(people)
    for congress in rs.of_kind(CongressRule):
        members = ctx.profile.party_members
        if members is None:
            out.not_checked.append(ctx.not_checked(congress, "nc.profile", key="party_members"))
        elif members.total < congress.params.min_members and not ctx.profile.dispersed:
            out.findings.append(
                ctx.finding(
                    congress,
                    "dl.congress",
                    members=members.total,
                    minimum=congress.params.min_members,
                )
            )
    approved = ctx.profile.delegate_seats
    for total_rule in rs.of_kind(DelegateTotalRule):
        out.findings += _delegate_total(total_rule, approved, n, ctx)
    for count_rule in rs.of_kind(DelegateCountRule):
        if approved is None:
            out.not_checked.append(ctx.not_checked(count_rule, "nc.profile", key="delegate_seats"))
        elif n > approved:
            out.findings.append(
                ctx.finding(
                    count_rule,
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
                    count_rule,
                    "dl.count.under",
                    severity=count_rule.params.under_severity,
                    measured=str(n),
                    required=f"= {approved}",
                    needed=approved - n,
                    count=n,
                    approved=approved,
                )
            )
    for alloc in rs.of_kind(AllocationRule):
        out.findings += _allocation(alloc, ctx, out)
    for extra in rs.of_kind(UnitExtraRule):
        out.not_checked.append(ctx.not_checked(extra, "nc.candidates"))
    for share in rs.of_kind(ShareRule):
        _share(share, people, ctx, out)
    for member_share in rs.of_kind(MemberShareRule):
        _member_share(member_share, people, ctx, out)
    return out


def _delegate_total(
    rule: DelegateTotalRule, approved: int | None, n: int, ctx: CheckContext
) -> list[Finding]:
    total = approved if approved is not None else n
    basis = "approved" if approved is not None else "listed"
    p = rule.params
    if total > p.max:
        return [
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
        ]
    if total < p.usual_min or total > p.usual_max:
        return [
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
        ]
    return []


def _allocation(rule: AllocationRule, ctx: CheckContext, out: ListResult) -> list[Finding]:
    units = ctx.profile.units
    approved = ctx.profile.delegate_seats
    missing = [
        key
        for key, absent in (
            ("units", not units),
            ("units[].seats", bool(units) and any(u.seats is None for u in units)),
            ("delegate_seats", approved is None),
        )
        if absent
    ]
    if missing or approved is None:
        out.not_checked.append(ctx.not_checked(rule, "nc.profile", key=", ".join(missing)))
        return []
    seats = {u.name: u.seats or 0 for u in units}
    found = []
    if sum(seats.values()) != approved:
        found.append(
            ctx.finding(
                rule,
                "dl.alloc.sum",
                measured=str(sum(seats.values())),
                required=f"= {approved}",
                total=sum(seats.values()),
                approved=approved,
            )
        )
    leader = sum(u.leader_seats for u in units) if rule.params.exclude_leader_seats else 0
    pool = approved - leader
    members = sum(u.members for u in units)
    for u in units:
        own = (u.seats or 0) - (u.leader_seats if rule.params.exclude_leader_seats else 0)
        quota = Fraction(pool * u.members, members)
        if abs(own - quota) >= 1:
            found.append(
                ctx.finding(
                    rule,
                    "dl.alloc.quota",
                    severity=rule.params.quota_severity,
                    subjects=(u.name,),
                    measured=str(own),
                    required=f"{floor_mul(quota, 1)}-{ceil_mul(quota, 1)}",
                    unit=u.name,
                    seats=own,
                    quota=format_decimal(quota),
                )
            )
    return found


def _share(rule: ShareRule, people: Sequence[Person], ctx: CheckContext, out: ListResult) -> None:
    p = rule.params
    missing = [f for f in group_fields(p.group) if not ctx.has(f)]
    if missing:
        out.not_checked.append(
            ctx.not_checked(rule, "nc.column", column="、".join(field_label(m) for m in missing))
        )
        return
    n = len(people)
    count, unknown = count_group(p.group, people, ctx)
    if p.at_least is not None:
        share_low, share_high = p.at_least, None
    else:
        assert p.around is not None
        share_low, share_high = max(p.around - p.tolerance, Fraction(0)), p.around + p.tolerance
    low = ceil_mul(share_low, n)
    high = floor_mul(share_high, n) if share_high is not None else n
    required = format_required(share_low, share_high, human=True)
    ok = decide(count, unknown, low, high) if n > 0 else False
    out.composition.append(
        CompositionRow(
            rule=rule.code,
            label=p.group.label,
            count=count,
            unknown=unknown,
            total=n,
            low=share_low,
            high=share_high,
            ok=ok,
            severity=rule.severity,
        )
    )
    _share_finding(rule, p.group.label, count, unknown, n, low, high, required, ctx, out)
    if ok is None:
        fields = "、".join(field_label(f) for f in group_fields(p.group))
        out.findings.append(_undecided(rule, fields, unknown, count, n, low, high, required, ctx))


def _share_finding(
    rule: ShareRule | MemberShareRule,
    label: Text,
    count: int,
    unknown: int,
    n: int,
    low: int,
    high: int,
    required: str,
    ctx: CheckContext,
    out: ListResult,
) -> None:
    """A finding when the rule fails whoever the ``unknown`` people turn out to be."""
    if n == 0:
        return
    if count + unknown < low:
        out.findings.append(
            ctx.finding(
                rule,
                "dl.share.low.unknown" if unknown else "dl.share.low",
                measured=_measured(count, n),
                required=f"{required} ({low}/{n})",
                needed=low - count - unknown,
                unknown=unknown,
                group=label,
                count=count,
                share=format_ratio(Fraction(count, n)),
                want=required,
                least=low,
            )
        )
    elif count > high:
        out.findings.append(
            ctx.finding(
                rule,
                "dl.share.high.unknown" if unknown else "dl.share.high",
                measured=_measured(count, n),
                required=f"{required} ({high}/{n})",
                needed=count - high,
                unknown=unknown,
                group=label,
                count=count,
                share=format_ratio(Fraction(count, n)),
                want=required,
                most=high,
            )
        )


_MEMBER_GROUPS = {
    "women": (Text(zh="妇女", en="women"), "gender"),
    "minority": (Text(zh="少数民族", en="minority"), "ethnicity"),
}


def _member_share(
    rule: MemberShareRule, people: Sequence[Person], ctx: CheckContext, out: ListResult
) -> None:
    label, column = _MEMBER_GROUPS[rule.params.group]
    members = ctx.profile.party_members
    part = getattr(members, rule.params.group) if members else None
    if members is None or part is None:
        out.not_checked.append(
            ctx.not_checked(rule, "nc.profile", key=f"party_members.{rule.params.group}")
        )
        return
    if not ctx.has(column):
        out.not_checked.append(ctx.not_checked(rule, "nc.column", column=field_label(column)))
        return
    n = len(people)
    if rule.params.group == "women":
        count = sum(1 for p in people if p.gender is Gender.FEMALE)
        unknown = sum(1 for p in people if p.gender is None)
    else:
        count = sum(1 for p in people if p.minority is True)
        unknown = sum(1 for p in people if p.minority is None)
    share = Fraction(part, members.total)
    low = ceil_mul(share, n)  # women·M ≥ N·W
    required = format_required(share, None, human=True)
    ok = decide(count, unknown, low, n)
    out.composition.append(
        CompositionRow(
            rule=rule.code,
            label=label,
            count=count,
            unknown=unknown,
            total=n,
            low=share,
            ok=ok,
            severity=rule.severity,
        )
    )
    _share_finding(rule, label, count, unknown, n, low, n, required, ctx, out)
    if ok is None:
        out.findings.append(
            _undecided(rule, field_label(column), unknown, count, n, low, n, required, ctx)
        )


def _undecided(
    rule: ShareRule | MemberShareRule,
    fields: str,
    unknown: int,
    count: int,
    n: int,
    low: int,
    high: int,
    required: str,
    ctx: CheckContext,
) -> Finding:
    """The rule holds or fails depending on people whose cells are blank or unreadable: a finding
    of the rule's own severity, so an error-level rule left open does not pass (exit 1)."""
    return ctx.finding(
        rule,
        "dl.share.undecided",
        measured=f"{_measured(count, n)} + {unknown}?",
        required=f"{required} ({low}-{high}/{n})",
        unknown=unknown,
        fields=fields,
        count=count,
        low=low,
        high=high,
    )
