"""Seats and 差额: committee and discipline-committee sizes (``committee_seats``), the extra
candidates of each contest (``extra_candidates``: committee, discipline committee, and delegates to
the higher congress), and leadership posts by population (``leadership_posts``).

The seats of a contest come from the rule set and the profile (``planned_seats``), or from what
the user states; the national floor of a 差额 is the national set's own rule, never a number in
code.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from fractions import Fraction
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from electkit.core.checks.context import CheckContext, Outcome, Subject
from electkit.core.errors import ValueProblem
from electkit.core.findings import CompositionRow, ParamValue, Severity, Text
from electkit.core.kinds import Kind, KindDoc, Weakening, register
from electkit.core.models import ElectionProfile
from electkit.core.ratio import Share, format_ratio
from electkit.core.rulebase import Contest, Params, RuleBase, Scope, Stricter, stricter
from electkit.core.ruleset import RuleSet
from electkit.core.vocabulary import Vocabulary

_SCOPE: dict[str, Scope] = {
    "committee": Scope.COMMITTEE,
    "discipline": Scope.DISCIPLINE,
    "higher": Scope.HIGHER,
}


# --- CS-SEATS, CS-DSEATS -------------------------------------------------------------------


class CommitteeSeatsParams(Params):
    contest: Literal["committee", "discipline"] = Field(
        default="committee", json_schema_extra=stricter(Stricter.NONE)
    )
    range: tuple[int, int] | None = Field(
        default=None, description="[least, most]", json_schema_extra=stricter(Stricter.CUSTOM)
    )
    seats: int | None = Field(
        default=None,
        gt=0,
        description="a prescribed number",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )
    exceptions: dict[str, Annotated[int, Field(gt=0)]] = Field(
        default_factory=dict,
        description="township → seats",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )
    villages_at_least: int | None = Field(
        default=None,
        description="with this many villages or more: seats; fewer: seats_few",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )
    population_at_least: int | None = Field(
        default=None,
        description="with this population (常住人口) or more: seats; fewer: seats_few",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )
    seats_few: int | None = Field(default=None, gt=0, json_schema_extra=stricter(Stricter.CUSTOM))
    by_class: dict[Annotated[str, Field(min_length=1)], Annotated[int, Field(gt=0)]] = Field(
        default_factory=dict,
        description="township class (乡镇类别: `township_class` in election.yaml) → seats; "
        "before villages, population, `seats` and `range`",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )

    @field_validator("by_class", mode="before")
    @classmethod
    def _classes_as_text(cls, value: object) -> object:
        """by_class: {1: 9, 2: 7} (YAML's numbers) are the classes 1 and 2, as typed."""
        if isinstance(value, dict):
            return {
                str(k) if isinstance(k, int) and not isinstance(k, bool) else k: v
                for k, v in value.items()
            }
        return value

    @model_validator(mode="after")
    def _some_size(self) -> CommitteeSeatsParams:
        if self.range is None and self.seats is None and not self.by_class:
            raise ValueProblem("val.range_or_seats")
        thresholds = (self.villages_at_least is not None) + (self.population_at_least is not None)
        if thresholds > 1 or (thresholds == 1) != (self.seats_few is not None):
            raise ValueProblem("val.villages_seats_few")
        return self


class CommitteeSeatsRule(RuleBase):
    """Committee / discipline committee size: a range, a number, or a number by villages."""

    kind: Literal["committee_seats"]
    params: CommitteeSeatsParams


class Seats(BaseModel):
    """A number of seats with the rule that fixes it (or why it cannot be fixed)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    seats: int | None = None
    low: int | None = None
    high: int | None = None
    rule: str | None = None
    source: str | None = None
    reason: str | None = Field(default=None, description="why the number is open")
    # what the reason says beside it: for seats by class, the profile's class and the rule's
    # classes (so 一类乡镇 against 一类 is seen, not guessed)
    reason_params: dict[str, ParamValue] = Field(default_factory=dict)


def same_place(a: str, b: str) -> bool:
    """Township names compared after NFKC and without spaces."""
    from electkit.core.vocabulary import fold

    return fold(a) == fold(b)


# why a contest's seats are open, as the reason a seats-dependent rule is not checked
NOT_CHECKED = {
    "plan.no_villages": "nc.seats.villages",
    "plan.no_population": "nc.seats.population",
    "plan.no_rule": "nc.seats.no_rule",
    "plan.no_higher_seats": "nc.seats.higher",
    "plan.no_class": "nc.seats.class",
    "plan.class_unknown": "nc.seats.class_unknown",
}


def class_seats(p: CommitteeSeatsParams, township_class: str | None) -> int | None:
    """The seats ``by_class`` gives a township class (compared after NFKC, without spaces)."""
    if township_class is None:
        return None
    return next((n for c, n in p.by_class.items() if same_place(c, township_class)), None)


def seats_rule(rs: RuleSet, contest: str) -> CommitteeSeatsRule | None:
    """The committee-size rule for ``committee`` or ``discipline``."""
    return next((r for r in rs.of_kind(CommitteeSeatsRule) if r.params.contest == contest), None)


def contest_seats(rule: CommitteeSeatsRule | None, profile: ElectionProfile, rs: RuleSet) -> Seats:
    """The seats a committee-size rule gives this township."""
    if rule is None:
        return Seats(reason="plan.no_rule")
    p = rule.params
    cite = rs.cite(rule)
    for place, seats in p.exceptions.items():
        if same_place(place, profile.township):
            return Seats(seats=seats, rule=rule.code, source=cite)
    if p.by_class:  # by the county's class of the township: no other basis stands in for it
        said: dict[str, ParamValue] = {
            "classes": Text(zh="、".join(p.by_class), en=", ".join(p.by_class)),
            "township_class": profile.township_class or "",
        }
        if profile.township_class is None:
            return Seats(rule=rule.code, source=cite, reason="plan.no_class", reason_params=said)
        chosen = class_seats(p, profile.township_class)
        if chosen is None:
            return Seats(
                rule=rule.code, source=cite, reason="plan.class_unknown", reason_params=said
            )
        return Seats(seats=chosen, rule=rule.code, source=cite)
    if p.villages_at_least is not None:
        if profile.villages is None:
            return Seats(rule=rule.code, source=cite, reason="plan.no_villages")
        chosen = p.seats if profile.villages >= p.villages_at_least else p.seats_few
        return Seats(seats=chosen, rule=rule.code, source=cite)
    if p.population_at_least is not None:
        if profile.population is None:
            return Seats(rule=rule.code, source=cite, reason="plan.no_population")
        chosen = p.seats if profile.population >= p.population_at_least else p.seats_few
        return Seats(seats=chosen, rule=rule.code, source=cite)
    if p.seats is not None:
        return Seats(seats=p.seats, rule=rule.code, source=cite)
    assert p.range is not None
    return Seats(low=p.range[0], high=p.range[1], rule=rule.code, source=cite)


def planned_seats(rs: RuleSet, profile: ElectionProfile, contest: str) -> Seats:
    """The seats of a contest: the committee-size rule's, or the profile's number of delegates to
    the higher congress."""
    if contest == "higher":
        if profile.higher_delegate_seats is None:
            return Seats(reason="plan.no_higher_seats")
        return Seats(seats=profile.higher_delegate_seats)
    return contest_seats(seats_rule(rs, contest), profile, rs)


def allowed_sizes(
    p: CommitteeSeatsParams,
    villages: int | None,
    township: str,
    population: int | None = None,
    township_class: str | None = None,
) -> frozenset[int]:
    """The sizes a committee-size rule allows a township (none: a class it gives no size)."""
    for place, seats in p.exceptions.items():
        if same_place(place, township):
            return frozenset({seats})
    if p.by_class:
        chosen = class_seats(p, township_class)
        return frozenset() if chosen is None else frozenset({chosen})
    if p.villages_at_least is not None and villages is not None and p.seats_few is not None:
        return frozenset({p.seats if villages >= p.villages_at_least else p.seats_few})  # type: ignore[arg-type]
    if p.population_at_least is not None and population is not None and p.seats_few is not None:
        return frozenset({p.seats if population >= p.population_at_least else p.seats_few})  # type: ignore[arg-type]
    if p.seats is not None:
        return frozenset({p.seats})
    assert p.range is not None
    return frozenset(range(p.range[0], p.range[1] + 1))


def _committee_seats(rule: CommitteeSeatsRule, subject: Subject, ctx: CheckContext) -> Outcome:
    """A stated number of seats against the rule's (the planned one is the rule's own)."""
    out = Outcome()
    stated = subject.stated_seats
    if stated is None:
        return out
    planned = contest_seats(rule, ctx.profile, ctx.ruleset)
    if planned.reason is not None:  # by villages or population the profile does not give
        return ctx.skipped(
            rule, NOT_CHECKED.get(planned.reason, "nc.seats"), **planned.reason_params
        )
    fixed_wrong = planned.seats is not None and stated != planned.seats
    out_of_range = (
        planned.low is not None
        and planned.high is not None
        and not planned.low <= stated <= planned.high
    )
    if fixed_wrong or out_of_range:
        want = str(planned.seats) if planned.seats is not None else f"{planned.low}-{planned.high}"
        out.findings.append(
            ctx.finding(
                rule, "cs.seats", measured=str(stated), required=want, seats=stated, want=want
            )
        )
    return out


def _seats_weaker(
    rule: CommitteeSeatsRule, base: CommitteeSeatsRule, vocabulary: Vocabulary
) -> Iterator[Weakening]:
    """A size the county allows that the ancestor does not, for any number of villages (each
    threshold of either rule, one either side, none and very many)."""
    towns = {"", *rule.params.exceptions, *base.params.exceptions}
    counts = {0, 10**4}  # every size either rule's village threshold gives, one either side
    for p in (rule.params, base.params):
        if p.villages_at_least is not None:
            counts |= {
                max(0, p.villages_at_least - 1),
                p.villages_at_least,
                p.villages_at_least + 1,
            }
    people = {0, 10**8}  # the same for a population threshold
    for p in (rule.params, base.params):
        if p.population_at_least is not None:
            people |= {max(0, p.population_at_least - 1), p.population_at_least}
    needs_villages = bool(rule.params.villages_at_least or base.params.villages_at_least)
    needs_people = bool(rule.params.population_at_least or base.params.population_at_least)
    # every class either rule names (a class one of them gives no size is compared too)
    named: list[str | None] = [*sorted({*rule.params.by_class, *base.params.by_class})]
    classes = named or [None]
    for town, township_class in itertools.product(sorted(towns), classes):
        for villages, population in itertools.product(
            (None, *sorted(counts)), (None, *sorted(people))
        ):
            if (villages is None and needs_villages) or (population is None and needs_people):
                continue
            mine = allowed_sizes(rule.params, villages, town, population, township_class)
            theirs = allowed_sizes(base.params, villages, town, population, township_class)
            if not theirs:  # a class the ancestor gives no number for: filling it in is no change
                continue
            extra = sorted(mine - theirs)
            if extra:
                yield Weakening(
                    "lint.seats.outside",
                    {"seats": "、".join(map(str, extra))},
                    _sizes(mine),
                    _sizes(theirs),
                    conflict=True,
                )
                return


def _sizes(sizes: frozenset[int]) -> str:
    ordered = sorted(sizes)
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{ordered[0]}-{ordered[-1]}"
    return "、".join(map(str, ordered))


register(
    Kind(
        name="committee_seats",
        rule=CommitteeSeatsRule,
        scopes=lambda rule: frozenset({_SCOPE[rule.params.contest], Scope.PLAN}),
        check=_committee_seats,
        weaker=_seats_weaker,
        messages=("cs.seats",),
        reasons=tuple(dict.fromkeys(("nc.seats", *NOT_CHECKED.values()))),
        doc=KindDoc(
            what="Committee (`contest: committee`) or discipline-committee seats: a `range`, a "
            "number `seats` with named `exceptions` (township → seats), or `seats` with "
            "`villages_at_least` villages (or `population_at_least` people, 常住人口) and "
            "`seats_few` below, or `by_class` (乡镇类别 → seats: 一类 8, 三类 6) for the class "
            "the profile's `township_class` gives; a township with no class, or a class the rule "
            "does not name, leaves the seats open (not checked), never the range. The first that "
            "applies counts: `exceptions`, `by_class`, villages or population, `seats`, `range`. "
            "A number given with a range "
            "(a county's `seats: 9` over the national 7–9) is the number; `rules lint` compares "
            "it with the range it inherits. `plan` prints the number; `check slate --seats` is "
            "checked against it.",
            why='"乡镇党委一般设委员7至9名" (2019 农村基层组织工作条例); counties prescribe the '
            'number ("辖5个村及以上的乡镇设党委委员9名").',
            example="- code: CS-SEATS\n  kind: committee_seats\n  severity: error\n  params: {contest: committee, seats: 9, villages_at_least: 5, seats_few: 7}",
        ),
    )
)


# --- CS-EXTRA, CS-DEXTRA, DL-HIGHER --------------------------------------------------------


class ExtraCandidatesParams(Params):
    contest: Contest = Field(default="committee", json_schema_extra=stricter(Stricter.NONE))
    ratio: Share = Field(
        default=Fraction(1, 5),
        description="the 差额 as a share of the seats (rounded up)",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )
    fixed: dict[int, int] = Field(
        default_factory=dict,
        description="seats → a prescribed number of extra candidates (other seats: the parent "
        "set's 差额 rule, or not checked)",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )
    above: Literal["allowed", "warning"] = Field(
        default="allowed",
        description='more extra candidates than required: allowed ("不少于") or a warning '
        '("为" fixes the number)',
        json_schema_extra=stricter(Stricter.CUSTOM),
    )
    strict: bool = Field(
        default=False,
        description='more than the ratio ("高于", "超过": 10 seats need 3 extra, not 2) instead '
        "of at least",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )


class ExtraCandidatesRule(RuleBase):
    """差额: candidates ≥ seats + ceil(ratio·seats) (strict: more than ratio·seats), or a fixed
    extra by seats."""

    kind: Literal["extra_candidates"]
    params: ExtraCandidatesParams = ExtraCandidatesParams()

    def min_extra(self, seats: int) -> int:
        """The smallest number of extra candidates for ``seats`` seats."""
        if seats in self.params.fixed:
            return self.params.fixed[seats]
        extra = self.params.ratio * seats
        return math.floor(extra) + 1 if self.params.strict else math.ceil(extra)


def extra_rule(rs: RuleSet, contest: str) -> ExtraCandidatesRule | None:
    """The 差额 rule of a contest (committee, discipline, higher)."""
    return next((r for r in rs.of_kind(ExtraCandidatesRule) if r.params.contest == contest), None)


def extra_basis(
    rule: ExtraCandidatesRule, rs: RuleSet, seats: int
) -> tuple[ExtraCandidatesRule, RuleSet | None] | None:
    """The rule whose own clause gives the 差额 for ``seats`` seats, with the ancestor set it
    comes from (None: ``rs`` itself); None when no clause does.

    A rule with ``fixed`` numbers gives them only for the seats its clause names. For other
    seats its ratio is the one it inherited (the same ratio as its nearest ancestor's 差额 rule):
    that ancestor's clause says it, so the check is that ancestor's rule — its numbers, its
    severity and its citation — never this clause, which says nothing about these seats. A rule
    that states a ratio of its own (different from its parent's, or a root set that writes one)
    keeps it.
    """
    if not rule.params.fixed or seats in rule.params.fixed:
        return rule, None
    ratio = (rule.params.ratio, rule.params.strict)
    inherited = False  # some ancestor has a 差额 rule for this contest
    for ancestor in rs.ancestors:  # nearest first
        theirs = extra_rule(ancestor, rule.params.contest)
        if theirs is None:
            continue
        inherited = True
        if (theirs.params.ratio, theirs.params.strict) != ratio:
            return rule, None  # this set (or one between) states its own ratio
        if not theirs.params.fixed or seats in theirs.params.fixed:
            return theirs, ancestor
    # no ancestor says it: the set's own ratio if its file writes one (never the default)
    return (rule, None) if "ratio" in rule.params.model_fields_set and not inherited else None


def fixed_seats(rule: ExtraCandidatesRule) -> Text:
    """The seats a rule's ``fixed`` numbers are for: 9、7 / 9, 7."""
    seats = [str(n) for n in rule.params.fixed]
    return Text(zh="、".join(seats), en=", ".join(seats))


def national_floor(rs: RuleSet, contest: str) -> tuple[ExtraCandidatesRule | None, RuleSet | None]:
    """The national set's 差额 rule for a contest, when ``rs`` is a local set extending one."""
    national = next((a for a in rs.ancestors if a.national), None)
    if rs.national or national is None:
        return None, None
    return extra_rule(national, contest), national


LABELS = {
    "committee": Text(zh="委员候选人", en="committee candidates"),
    "discipline": Text(zh="纪委委员候选人", en="discipline-committee candidates"),
    "higher": Text(zh="出席上级党代会代表候选人", en="candidates for the higher congress"),
}


def _extra(rule: ExtraCandidatesRule, subject: Subject, ctx: CheckContext) -> Outcome:
    contest = rule.params.contest
    seats = subject.seats
    if seats is None:
        planned = planned_seats(ctx.ruleset, ctx.profile, contest)
        return ctx.skipped(
            rule, NOT_CHECKED.get(planned.reason or "", "nc.seats"), **planned.reason_params
        )
    found = extra_basis(rule, ctx.ruleset, seats)
    if found is None:
        return ctx.skipped(rule, "nc.extra.fixed", seats=seats, fixed=fixed_seats(rule))
    basis, owner = found
    out = Outcome()
    n = len(subject.people)
    least = seats + basis.min_extra(seats)
    most = least if basis.params.above == "warning" else None
    ok = n >= least and (most is None or n <= most)
    label = Text(
        zh=f"{LABELS[contest].zh}(应选{seats}名)", en=f"{LABELS[contest].en} ({seats} seats)"
    )
    inherited: dict[str, Any] = {}  # the message params naming the parent set
    if owner is not None:
        # this set's clause names other seats only: the ancestor's rule is what applies
        label = Text(
            zh=f"{LABELS[contest].zh}(应选{seats}名，按{owner.name})",
            en=f"{LABELS[contest].en} ({seats} seats, by {owner.name})",
        )
        inherited = {"base": owner.name, "fixed": fixed_seats(rule), "basis": owner.name}
        rule = basis
    out.composition.append(
        CompositionRow(
            rule=rule.code,
            label=label,
            count=n,
            total=seats,
            least=least,
            most=most,
            ok=ok,
            severity=rule.severity if n < least else Severity.WARNING,
        )
    )
    if n < least:
        out.findings.append(
            ctx.finding(
                rule,
                "cs.extra.few.inherited" if inherited else "cs.extra.few",
                measured=str(n),
                required=f">= {least}",
                needed=least - n,
                count=n,
                seats=seats,
                least=least,
                **inherited,
            )
        )
    elif most is not None and n > most:
        out.findings.append(
            ctx.finding(
                rule,
                "cs.extra.many.inherited" if inherited else "cs.extra.many",
                severity=Severity.WARNING,
                measured=str(n),
                required=f"= {least}",
                needed=n - most,
                count=n,
                seats=seats,
                least=least,
                **inherited,
            )
        )
    floor_rule, national = national_floor(ctx.ruleset, contest)
    floor = seats + floor_rule.min_extra(seats) if floor_rule is not None else None
    if floor is not None and national is not None and least < floor:
        # the county's number and the national floor disagree: both rows shown, each with its ✓/✗
        out.composition.append(
            CompositionRow(
                rule=rule.code,
                label=Text(
                    zh=f"{LABELS[contest].zh}(应选{seats}名，{national.name}下限)",
                    en=f"{LABELS[contest].en} ({seats} seats, {national.name} floor)",
                ),
                count=n,
                total=seats,
                least=floor,
                ok=n >= floor,
                severity=Severity.WARNING,
            )
        )
    if floor is not None and national is not None and least <= n < floor:
        out.findings.append(
            ctx.finding(
                rule,
                "cs.extra.deviation",
                severity=Severity.WARNING,
                measured=str(n),
                required=f">= {floor}",
                local=least - seats,
                national=floor - seats,
                seats=seats,
                base=national.name,
            )
        )
    return out


def _extra_weaker(
    rule: ExtraCandidatesRule, base: ExtraCandidatesRule, vocabulary: Vocabulary
) -> Iterator[Weakening]:
    for seats in sorted(set(range(1, 31)) | set(rule.params.fixed)):
        mine, theirs = rule.min_extra(seats), base.min_extra(seats)
        if mine < theirs:
            yield Weakening(
                "lint.weakens.extra",
                {"seats": seats, "share": format_ratio(Fraction(mine, seats))},
                str(mine),
                str(theirs),
            )
    if rule.params.above == "allowed" and base.params.above == "warning":
        yield Weakening(
            "lint.weakens.param",
            {"param": Text(zh="多于规定差额", en="more extra candidates")},
            rule.params.above,
            base.params.above,
        )


register(
    Kind(
        name="extra_candidates",
        rule=ExtraCandidatesRule,
        scopes=lambda rule: frozenset({_SCOPE[rule.params.contest], Scope.PLAN}),
        check=_extra,
        weaker=_extra_weaker,
        messages=(
            "cs.extra.few",
            "cs.extra.many",
            "cs.extra.deviation",
            "cs.extra.few.inherited",
            "cs.extra.many.inherited",
        ),
        reasons=tuple(dict.fromkeys(("nc.seats", *NOT_CHECKED.values(), "nc.extra.fixed"))),
        doc=KindDoc(
            what="差额 in one contest: candidates ≥ s + ceil(ratio·s), or the rule set's `fixed` "
            'extra by seats. With `above: warning` (the text fixes the number: "为") more is a '
            'warning; with `strict: true` ("高于", "超过") the 差额 must exceed ratio·s (10 seats: '
            "3 extra, not 2). `contest`: committee, discipline, or higher (delegates to the higher "
            "congress, seats from the profile's `higher_delegate_seats`). A local rule below the "
            "national set's own rule is shown as a deviation, never silently accepted. `fixed` "
            "numbers hold for the seats they name only: for other seats the nearest parent set's "
            "差额 rule applies, with its own clause, severity and `above` (a county's clause "
            '"设9名的差额为2名" says nothing of 8 seats); a ratio the set writes beside `fixed` '
            "(different from its parent's) is its own; with no parent to follow, other seats are "
            "not checked.",
            why='"委员候选人的差额不少于应选人数的20%" (2020 条例 art. 13).',
            example="- code: CS-EXTRA\n  kind: extra_candidates\n  severity: error\n  params: {contest: committee, fixed: {9: 2, 7: 1}, above: warning}",
        ),
    )
)


# --- CS-POSTS ------------------------------------------------------------------------------


class LeadershipPostsParams(Params):
    base: int = Field(gt=0, json_schema_extra=stricter(Stricter.CUSTOM))
    large_population: int | None = Field(default=None, json_schema_extra=stricter(Stricter.CUSTOM))
    large: int | None = Field(default=None, json_schema_extra=stricter(Stricter.CUSTOM))
    relax_population: int | None = Field(default=None, json_schema_extra=stricter(Stricter.CUSTOM))
    relax_if_offices: bool = Field(default=False, json_schema_extra=stricter(Stricter.CUSTOM))
    very_large_extra: int = Field(default=0, json_schema_extra=stricter(Stricter.CUSTOM))


class PostsAllowed(NamedTuple):
    """The 领导职数 a township may plan, and whether more is only a warning (适当增加)."""

    allowed: int
    relaxed: bool


def allowed_posts(
    p: LeadershipPostsParams,
    population: int | None,
    very_large: bool = False,
    offices: bool = False,
) -> PostsAllowed | None:
    """领导职数 for a township (None: the rule needs the population and it is not given)."""
    allowed = p.base
    if p.large_population is not None and p.large is not None:
        if population is None:
            return None
        if population > p.large_population:
            allowed = p.large
    if p.very_large_extra and very_large:
        allowed += p.very_large_extra
    relaxed = (
        p.relax_population is not None
        and population is not None
        and population >= p.relax_population
    ) or (p.relax_if_offices and offices)
    return PostsAllowed(allowed, relaxed)


def _posts_weaker(
    rule: LeadershipPostsRule, base: LeadershipPostsRule, vocabulary: Vocabulary
) -> Iterator[Weakening]:
    """The posts allowed compared township by township: at every population either rule names
    (and one either side), very large or not, offices approved or not. More posts, or more
    only a warning where the ancestor's cap holds, is weaker."""
    mine, theirs = rule.params, base.params
    limits = {0, 10**8}
    for p in (mine, theirs):
        for n in (p.large_population, p.relax_population):
            if n is not None:
                limits |= {n - 1, n, n + 1}
    worst: tuple[int, int, Weakening] | None = None  # (posts more, relaxed, what to say)
    for population in sorted(x for x in limits if x >= 0):
        for very_large in (False, True):
            for offices in (False, True):
                a = allowed_posts(mine, population, very_large, offices)
                b = allowed_posts(theirs, population, very_large, offices)
                assert a is not None and b is not None  # a population is given
                more, relaxed = a.allowed - b.allowed, int(a.relaxed and not b.relaxed)
                if more < 0 or (more == 0 and not relaxed):
                    continue
                if worst is not None and (more, relaxed) <= worst[:2]:
                    continue
                case = Text(
                    zh=f"人口{population}人"
                    + ("、特大乡镇" if very_large else "")
                    + ("、经批准设立机构" if offices else ""),
                    en=f"population {population}"
                    + (", very large" if very_large else "")
                    + (", offices approved" if offices else ""),
                )
                message = "lint.posts.more" if more > 0 else "lint.posts.relaxed"
                worst = (
                    more,
                    relaxed,
                    Weakening(message, {"case": case}, str(a.allowed), str(b.allowed)),
                )
    if worst is not None:
        yield worst[2]


class LeadershipPostsRule(RuleBase):
    """领导职数 by population: ``base``; ``large`` above ``large_population``; relaxations."""

    kind: Literal["leadership_posts"]
    params: LeadershipPostsParams


register(
    Kind(
        name="leadership_posts",
        rule=LeadershipPostsRule,
        scopes=lambda rule: frozenset({Scope.PLAN}),
        weaker=_posts_weaker,
        messages=("plan.posts.over",),
        doc=KindDoc(
            what="Planned leadership posts (领导职数, profile `leadership_posts`): at most `base`; "
            "`large` when the population is above `large_population`; `very_large_extra` more "
            "when the profile marks `very_large`; above the number only a warning when the "
            "population reaches `relax_population` or (`relax_if_offices`) the county approved "
            "offices. Checked by `plan`.",
            why='"乡镇人口在4万人以下的,设领导职数8名,人口超过4万人的,设领导职数9名" (富源县 2006).',
            example="- code: CS-POSTS\n  kind: leadership_posts\n  severity: error\n  params: {base: 8, large_population: 40000, large: 9}",
        ),
    )
)
