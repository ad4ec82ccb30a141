"""``plan``: the numbers an election needs, each derived from the profile and the clause it rests on.

Committee and discipline seats, officers, leadership posts (领导职数), delegate seats, and for
each contest the minimum number of candidates under the rule set and under the national floor
(``seats + ceil(seats/5)``). Where the two differ, both are shown and the rule set's is used.
"""

from __future__ import annotations

import math
import unicodedata
from fractions import Fraction

from pydantic import BaseModel, ConfigDict, Field

from electkit.core.findings import Finding, ParamValue, Severity
from electkit.core.models import ElectionProfile
from electkit.core.ratio import format_ratio
from electkit.core.rulekinds import (
    CommitteeSeatsRule,
    DelegateTotalRule,
    ExtraCandidatesRule,
    LeadershipPostsRule,
    OfficersRule,
    UnitExtraRule,
)
from electkit.core.ruleset import RuleSet

NATIONAL_RATIO = Fraction(1, 5)


class Seats(BaseModel):
    """A number of seats with the rule that fixes it (or why it cannot be fixed)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    seats: int | None = None
    low: int | None = None
    high: int | None = None
    rule: str | None = None
    source: str | None = None
    reason: str | None = Field(default=None, description="why the number is open")


class ContestPlan(BaseModel):
    """One contest: its seats and the minimum number of candidates."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    contest: str
    seats: int
    min_candidates: int
    max_candidates: int | None = None
    national_min: int
    rule: str | None = None
    source: str | None = None


class Deviation(BaseModel):
    """A local number below the national floor: shown, never silently resolved."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str
    message_id: str
    params: dict[str, ParamValue] = Field(default_factory=dict)
    local_source: str | None = None
    national_source: str | None = None


class Plan(BaseModel):
    """What ``electkit plan`` prints."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ruleset: str
    township: str
    committee_seats: Seats
    discipline_seats: Seats
    officers: dict[str, int] = Field(default_factory=dict)
    officers_source: str | None = None
    discipline_officers: dict[str, int] = Field(default_factory=dict)
    discipline_officers_source: str | None = None
    delegate_seats: dict[str, int | None] = Field(default_factory=dict)
    delegate_source: str | None = None
    leadership_posts: dict[str, ParamValue] = Field(default_factory=dict)
    contests: list[ContestPlan] = Field(default_factory=list)
    deviations: list[Deviation] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)


def same_place(a: str, b: str) -> bool:
    """Township names compared after NFKC and without spaces."""

    def norm(text: str) -> str:
        return "".join(unicodedata.normalize("NFKC", text).split())

    return norm(a) == norm(b)


def contest_seats(rule: CommitteeSeatsRule | None, profile: ElectionProfile, rs: RuleSet) -> Seats:
    """The seats a committee-size rule gives this township."""
    if rule is None:
        return Seats(reason="plan.no_rule")
    p = rule.params
    cite = rs.cite(rule)
    for place, seats in p.exceptions.items():
        if same_place(place, profile.township):
            return Seats(seats=seats, rule=rule.code, source=cite)
    if p.villages_at_least is not None:
        if profile.villages is None:
            return Seats(rule=rule.code, source=cite, reason="plan.no_villages")
        chosen = p.seats if profile.villages >= p.villages_at_least else p.seats_few
        return Seats(seats=chosen, rule=rule.code, source=cite)
    if p.seats is not None:
        return Seats(seats=p.seats, rule=rule.code, source=cite)
    assert p.range is not None
    return Seats(low=p.range[0], high=p.range[1], rule=rule.code, source=cite)


def seats_rule(rs: RuleSet, contest: str) -> CommitteeSeatsRule | None:
    """The committee-size rule for ``committee`` or ``discipline``."""
    return next((r for r in rs.of_kind(CommitteeSeatsRule) if r.params.contest == contest), None)


def extra_rule(rs: RuleSet, contest: str) -> ExtraCandidatesRule | None:
    """The 差额 rule for ``committee`` or ``discipline``."""
    return next((r for r in rs.of_kind(ExtraCandidatesRule) if r.params.contest == contest), None)


def national_min(seats: int) -> int:
    """The national floor: seats + ceil(seats/5)."""
    return seats + math.ceil(NATIONAL_RATIO * seats)


def unit_min(rule: UnitExtraRule, seats: int) -> int:
    """Delegate candidates a unit needs: ``≥ s + ceil(r·s)``, or more than r·s when ``strict``."""
    extra = rule.params.ratio * seats
    need = math.floor(extra) + 1 if rule.params.strict else math.ceil(extra)
    return seats + need


def contest_plan(
    name: str, seats: int, rule: ExtraCandidatesRule | None, rs: RuleSet
) -> tuple[ContestPlan, Deviation | None]:
    """The candidates a contest needs, and a deviation when the local rule is below the floor."""
    floor = national_min(seats)
    if rule is None:
        return ContestPlan(
            contest=name, seats=seats, min_candidates=floor, national_min=floor
        ), None
    least = seats + rule.min_extra(seats)
    most = least if rule.params.above == "warning" else None
    plan = ContestPlan(
        contest=name,
        seats=seats,
        min_candidates=least,
        max_candidates=most,
        national_min=floor,
        rule=rule.code,
        source=rs.cite(rule),
    )
    if least >= floor:
        return plan, None
    deviation = Deviation(
        rule=rule.code,
        message_id="plan.deviation.extra",
        params={
            "contest": name,
            "seats": seats,
            "local": least - seats,
            "share": format_ratio(Fraction(least - seats, seats)),
            "national": floor - seats,
        },
        local_source=rs.cite(rule),
    )
    return plan, deviation


def leadership(rs: RuleSet, profile: ElectionProfile) -> dict[str, ParamValue]:
    """领导职数 allowed by CS-POSTS for this township, with the planned number if given."""
    rule = next(rs.of_kind(LeadershipPostsRule), None)
    if rule is None:
        return {}
    p = rule.params
    out: dict[str, ParamValue] = {
        "rule": rule.code,
        "planned": profile.leadership_posts,
        "source": rs.cite(rule),
    }
    allowed = p.base
    if p.large_population is not None and p.large is not None:
        if profile.population is None:
            out["reason"] = "plan.no_population"
            out["allowed"] = None
            return out
        if profile.population > p.large_population:
            allowed = p.large
    if p.very_large_extra and profile.very_large:
        allowed += p.very_large_extra
    relaxed = (
        p.relax_population is not None
        and profile.population is not None
        and profile.population >= p.relax_population
    ) or (p.relax_if_offices and profile.offices_approved)
    out["allowed"] = allowed
    out["relaxed"] = "yes" if relaxed else "no"
    return out


def posts_findings(
    rs: RuleSet, profile: ElectionProfile, posts: dict[str, ParamValue]
) -> list[Finding]:
    """CS-POSTS: planned leadership posts above the allowed number (a warning where the
    rule allows "适当增加" without a number)."""
    rule = next(rs.of_kind(LeadershipPostsRule), None)
    allowed = posts.get("allowed")
    planned = profile.leadership_posts
    if rule is None or planned is None or not isinstance(allowed, int) or planned <= allowed:
        return []
    severity = Severity.WARNING if posts.get("relaxed") == "yes" else rule.severity
    return [
        Finding(
            rule=rule.code,
            severity=severity,
            message_id="plan.posts.over",
            params={"planned": planned, "allowed": allowed},
            measured=str(planned),
            required=f"<= {allowed}",
            needed=planned - allowed,
            source=rs.cite(rule),
        )
    ]


def _in_force(rs: RuleSet, profile: ElectionProfile) -> list[Finding]:
    from electkit.core.checks.delegates import in_force_finding

    found = in_force_finding(rs, profile.election_date)
    return [found] if found else []


def make_plan(profile: ElectionProfile, rs: RuleSet) -> Plan:
    """Every number the election needs, from the profile and the rule set."""
    committee = contest_seats(seats_rule(rs, "committee"), profile, rs)
    discipline = contest_seats(seats_rule(rs, "discipline"), profile, rs)
    contests: list[ContestPlan] = []
    deviations: list[Deviation] = []
    for name, seats in (("committee", committee), ("discipline", discipline)):
        for n in _seat_options(seats):
            plan, deviation = contest_plan(name, n, extra_rule(rs, name), rs)
            contests.append(plan)
            if deviation:
                deviations.append(deviation)
    unit_rule = next(rs.of_kind(UnitExtraRule), None)
    for unit in profile.units:
        if unit.seats is not None and unit_rule is not None:
            least = unit_min(unit_rule, unit.seats)
            contests.append(
                ContestPlan(
                    contest=f"delegates:{unit.name}",
                    seats=unit.seats,
                    min_candidates=least,
                    national_min=national_min(unit.seats),
                    rule=unit_rule.code,
                    source=rs.cite(unit_rule),
                )
            )
    posts = leadership(rs, profile)
    total = next(rs.of_kind(DelegateTotalRule), None)
    delegates: dict[str, int | None] = {"planned": profile.delegate_seats}
    if total is not None:
        delegates |= {
            "min": total.params.usual_min,
            "usual_max": total.params.usual_max,
            "max": total.params.max,
        }
    return Plan(
        ruleset=rs.name,
        township=profile.township,
        committee_seats=committee,
        discipline_seats=discipline,
        officers=_officers(rs, "committee", committee.seats),
        officers_source=_officers_source(rs, "committee"),
        discipline_officers=_officers(rs, "discipline", discipline.seats),
        discipline_officers_source=_officers_source(rs, "discipline"),
        delegate_seats=delegates,
        delegate_source=rs.cite(total) if total else None,
        leadership_posts=posts,
        contests=contests,
        deviations=deviations,
        findings=posts_findings(rs, profile, posts) + _in_force(rs, profile),
    )


def _seat_options(seats: Seats) -> list[int]:
    if seats.seats is not None:
        return [seats.seats]
    if seats.low is not None and seats.high is not None:
        return list(range(seats.low, seats.high + 1))  # every size the range allows
    return []


def _officers_source(rs: RuleSet, contest: str) -> str | None:
    rule = next((r for r in rs.of_kind(OfficersRule) if r.params.contest == contest), None)
    return rs.cite(rule) if rule else None


def _officers(rs: RuleSet, contest: str, seats: int | None) -> dict[str, int]:
    rule = next((r for r in rs.of_kind(OfficersRule) if r.params.contest == contest), None)
    if rule is None:
        return {}
    if rule.params.by_seats and seats in rule.params.by_seats:
        return dict(rule.params.by_seats[seats])
    posts = dict(rule.params.require)
    posts.update({f"副书记:{k}": v for k, v in rule.params.deputy_slots.items()})
    return posts
