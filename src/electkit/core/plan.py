"""``plan``: the numbers an election needs, each derived from the profile and the clause it rests on.

Committee and discipline seats, officers, leadership posts (领导职数), delegate seats, and for
each contest the minimum number of candidates under the rule set and under the national floor
(``seats + ceil(seats/5)``). Where the two differ, both are shown and the rule set's is used.
"""

from __future__ import annotations

from fractions import Fraction

from pydantic import BaseModel, ConfigDict, Field

from electkit.core.findings import (
    Finding,
    FindingCounts,
    NotChecked,
    ParamValue,
    Severity,
    Text,
)
from electkit.core.kinds.delegates import AllocationRule, DelegateTotalRule, UnitExtraRule
from electkit.core.kinds.posts import OfficersRule
from electkit.core.kinds.seats import (
    ExtraCandidatesRule,
    LeadershipPostsRule,
    Seats,
    allowed_posts,
    contest_seats,
    extra_basis,
    extra_rule,
    fixed_seats,
    national_floor,
    planned_seats,
    seats_rule,
)
from electkit.core.models import ElectionProfile
from electkit.core.ratio import format_ratio
from electkit.core.ruleset import RuleSet
from electkit.core.vocabulary import Vocabulary

__all__ = ["Seats", "contest_seats", "extra_rule", "seats_rule"]


class ContestPlan(BaseModel):
    """One contest: its seats and the minimum number of candidates."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    contest: str
    seats: int
    min_candidates: int
    max_candidates: int | None = None
    national_min: int | None = Field(
        default=None, description="the national set's own floor (none if it has no such rule)"
    )
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


class Plan(FindingCounts, BaseModel):
    """What ``electkit plan`` prints (``errors``, ``warnings``: its findings counted)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ruleset: str
    township: str
    committee_seats: Seats
    discipline_seats: Seats
    officers: dict[str, int] = Field(default_factory=dict)
    officers_text: Text | None = Field(
        default=None,
        description="the officers as read: 书记1名、副书记2名(其中乡镇长1名、专职副书记1名)",
    )
    officers_source: str | None = None
    discipline_officers: dict[str, int] = Field(default_factory=dict)
    discipline_officers_text: Text | None = None
    discipline_officers_source: str | None = None
    delegate_seats: dict[str, int | None] = Field(default_factory=dict)
    delegate_source: str | None = None
    leadership_posts: dict[str, ParamValue] = Field(default_factory=dict)
    contests: list[ContestPlan] = Field(default_factory=list)
    deviations: list[Deviation] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    not_checked: list[NotChecked] = Field(
        default_factory=list, description="the set's planning rules the plan could not apply"
    )


def national_least(rs: RuleSet, contest: str, seats: int) -> int | None:
    """The fewest candidates the national set's own 差额 rule asks for (a national set: its own)."""
    floor_rule, _national = national_floor(rs, contest)
    if floor_rule is None and rs.national:
        floor_rule = extra_rule(rs, contest)
    return None if floor_rule is None else seats + floor_rule.min_extra(seats)


def contest_plan(
    name: str, seats: int, rule: ExtraCandidatesRule | None, rs: RuleSet
) -> tuple[ContestPlan, Deviation | None]:
    """The candidates a contest needs, and a deviation when the local rule is below the floor."""
    floor = national_least(rs, name, seats)
    found = None if rule is None else extra_basis(rule, rs, seats)
    if rule is None or found is None:  # no rule, or its clause names other seats only
        least = floor if floor is not None else seats
        return ContestPlan(
            contest=name, seats=seats, min_candidates=least, national_min=floor
        ), None
    rule, owner = found
    least = seats + rule.min_extra(seats)
    most = least if rule.params.above == "warning" else None
    plan = ContestPlan(
        contest=name,
        seats=seats,
        min_candidates=least,
        max_candidates=most,
        national_min=floor,
        rule=rule.code,
        source=(owner or rs).cite(rule),
    )
    if floor is None or least >= floor:
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
        local_source=(owner or rs).cite(rule),
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
    posts = allowed_posts(p, profile.population, profile.very_large, profile.offices_approved)
    if posts is None:
        out["reason"] = "plan.no_population"
        out["allowed"] = None
        return out
    allowed, relaxed = posts
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
    higher = planned_seats(rs, profile, "higher")
    if higher.seats is not None:
        plan, deviation = contest_plan("higher", higher.seats, extra_rule(rs, "higher"), rs)
        contests.append(plan)
        if deviation:
            deviations.append(deviation)
    unit_rule = next(rs.of_kind(UnitExtraRule), None)
    national = next((a for a in rs.ancestors if a.national), None)
    national_unit = next(national.of_kind(UnitExtraRule), None) if national else unit_rule
    for unit in profile.units:
        if unit.seats is not None and unit_rule is not None:
            contests.append(
                ContestPlan(
                    contest=f"delegates:{unit.name}",
                    seats=unit.seats,
                    min_candidates=unit_rule.least(unit.seats),
                    national_min=national_unit.least(unit.seats) if national_unit else None,
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
        officers_text=officers_text(_officers(rs, "committee", committee.seats), rs.vocabulary),
        officers_source=_officers_source(rs, "committee"),
        discipline_officers=_officers(rs, "discipline", discipline.seats),
        discipline_officers_text=officers_text(
            _officers(rs, "discipline", discipline.seats), rs.vocabulary
        ),
        discipline_officers_source=_officers_source(rs, "discipline"),
        delegate_seats=delegates,
        delegate_source=rs.cite(total) if total else None,
        leadership_posts=posts,
        contests=contests,
        deviations=deviations,
        findings=posts_findings(rs, profile, posts) + _in_force(rs, profile),
        not_checked=_not_planned(rs, profile, committee, discipline, higher, posts, contests),
    )


def _not_planned(
    rs: RuleSet,
    profile: ElectionProfile,
    committee: Seats,
    discipline: Seats,
    higher: Seats,
    posts: dict[str, ParamValue],
    contests: list[ContestPlan],
) -> list[NotChecked]:
    """The planning rules the plan could not apply, each with why (never left out silently)."""
    out: list[NotChecked] = []
    for seats in (committee, discipline):
        if seats.rule is not None and seats.reason is not None:
            out.append(
                NotChecked(rule=seats.rule, reason_id=seats.reason, params=seats.reason_params)
            )
    higher_rule = extra_rule(rs, "higher")
    if higher_rule is not None and higher.reason is not None:
        out.append(NotChecked(rule=higher_rule.code, reason_id=higher.reason))
    if isinstance(posts.get("reason"), str):
        out.append(NotChecked(rule=str(posts["rule"]), reason_id=str(posts["reason"])))
    for contest in contests:
        extra = extra_rule(rs, contest.contest)
        if extra is not None and extra_basis(extra, rs, contest.seats) is None:
            out.append(
                NotChecked(
                    rule=extra.code,
                    reason_id="nc.extra.fixed",
                    params={"seats": contest.seats, "fixed": fixed_seats(extra)},
                )
            )
    for rule in rs.of_kind(AllocationRule):
        reason = "nc.plan.allocation" if profile.units else "nc.plan.units"
        out.append(NotChecked(rule=rule.code, reason_id=reason))
    if not any(unit.seats is not None for unit in profile.units):
        for unit_rule in rs.of_kind(UnitExtraRule):
            out.append(NotChecked(rule=unit_rule.code, reason_id="nc.plan.unit_seats"))
    return out


def officers_text(posts: dict[str, int], vocabulary: Vocabulary) -> Text | None:
    """The required posts as one reads them: the posts filling a slot are said inside it, so one
    deputy reads as one — 书记1名、副书记1名(由乡镇长担任) — and two as 副书记2名(其中乡镇长1名、
    专职副书记1名)."""
    if not posts:
        return None
    slots = {k.split(":", 1)[1]: v for k, v in posts.items() if k.startswith("副书记:")}
    zh: list[str] = []
    en: list[str] = []
    for post, count in posts.items():
        if post.startswith("副书记:"):
            continue
        label = _post_label(post, vocabulary)
        zh.append(f"{label.zh}{count}名")
        en.append(f"{label.en} {count}")
        if post == "副书记" and slots:
            held = [(_post_label(p, vocabulary), n) for p, n in slots.items()]
            if count == 1 and len(held) == 1:
                zh[-1] += f"(由{held[0][0].zh}担任)"
                en[-1] += f" (held by the {held[0][0].en})"
            else:
                zh[-1] += "(其中" + "、".join(f"{lb.zh}{n}名" for lb, n in held) + ")"
                en[-1] += " (of whom " + ", ".join(f"{lb.en} {n}" for lb, n in held) + ")"
    return Text(zh="、".join(zh), en=", ".join(en))


def _post_label(post: str, vocabulary: Vocabulary) -> Text:
    term = vocabulary.post(post)
    return term.label if term is not None else Text(zh=post, en=post)


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
