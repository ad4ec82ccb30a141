"""An age limit on the candidates of a list, for the people a group names, with a relaxed limit
for another group ("新提任副科级领导干部的,其年龄一般不得超过40周岁,特别优秀的年龄可以放宽到男性
45周岁、女性43周岁").

"不得超过N周岁" holds when the full years on the cut-off date are at most N. A month-only birth
date (1980.06) that leaves the age one of two around the limit, a blank cell that decides who the
rule applies to or whom it is relaxed for, or a blank 性别 where men and women have different
relaxed limits: each is a finding that says what cannot be decided, never a pass. A person over
the limit who is within the relaxed one is a warning, so that the review group confirms the
reason for relaxing it (the relaxation is the notice's own exception, not a pass).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from pydantic import Field, model_validator

from electkit.core import groups
from electkit.core.checks.context import CheckContext, Outcome, Subject
from electkit.core.errors import ValueProblem
from electkit.core.findings import ParamValue, Severity, Text
from electkit.core.kinds import Kind, KindDoc, NameRef, Weakening, register
from electkit.core.kinds.shares import column_label
from electkit.core.models import Gender, Person, years_range
from electkit.core.rulebase import Params, RuleBase, Scope, Stricter, stricter
from electkit.core.vocabulary import Vocabulary

Of = Literal["committee", "discipline", "higher", "delegates"]
_SCOPE: dict[str, Scope] = {
    "committee": Scope.COMMITTEE,
    "discipline": Scope.DISCIPLINE,
    "higher": Scope.HIGHER,
    "delegates": Scope.DELEGATES,
}


class AgeLimitParams(Params):
    of: Of = Field(
        default="committee",
        description="the list: committee, discipline or higher (a slate), delegates (a list)",
        json_schema_extra=stricter(Stricter.EXACT),
    )
    who: groups.Group | None = Field(
        default=None,
        description="the people it applies to (新提任副科级 …); default: everyone on the list",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )
    max_age: int = Field(
        ge=0,
        le=150,
        description="不得超过N周岁: full years on the cut-off date at most N",
        json_schema_extra=stricter(Stricter.LOWER),
    )
    max_age_women: int | None = Field(
        default=None,
        ge=0,
        le=150,
        description="the limit for women, where it differs (不得超过男性45周岁、女性43周岁)",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )
    relaxed_for: groups.Group | None = Field(
        default=None,
        description="those whose limit is relaxed (特别优秀 …: a column of the rule set's own)",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )
    relaxed_max_age: int | None = Field(
        default=None,
        ge=0,
        le=150,
        description="the relaxed limit (for men, when `relaxed_max_age_women` differs)",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )
    relaxed_max_age_women: int | None = Field(
        default=None,
        ge=0,
        le=150,
        description="the relaxed limit for women, where it differs (女性43周岁)",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )

    @model_validator(mode="after")
    def _relaxation_whole(self) -> AgeLimitParams:
        caps = (self.relaxed_max_age, self.relaxed_max_age_women)
        if (self.relaxed_for is None) != (self.relaxed_max_age is None):
            raise ValueProblem("val.age_limit.relaxed")
        if self.relaxed_max_age_women is not None and self.relaxed_max_age is None:
            raise ValueProblem("val.age_limit.relaxed")
        limits = (self.max_age, self.max_age_women or self.max_age)
        for cap, limit in zip((caps[0], caps[1] or caps[0]), limits, strict=True):
            if cap is not None and cap < limit:
                raise ValueProblem("val.age_limit.below", cap=cap, limit=limit)
        return self


class AgeLimitRule(RuleBase):
    """An age limit for the people of a group on a list, relaxed for another group."""

    kind: Literal["age_limit"]
    params: AgeLimitParams


def _caps(men: int, women: int | None, person: Person) -> tuple[int, ...]:
    """The limits that may be this person's: one, or both when they differ by 性别 and it is
    not given."""
    if women is None or women == men:
        return (men,)
    if person.gender is None:
        return (men, women)
    return (women,) if person.gender is Gender.FEMALE else (men,)


def _over_caps(person: Person, caps: tuple[int, ...], ctx: CheckContext) -> tuple[bool | None, str]:
    """Whether the person is over the limit (None: undecided) and, when undecided, why."""
    states = {_over(person, cap, ctx) for cap in caps}
    if len(states) == 1:
        state = states.pop()
        return state, "month" if state is None else ""
    return None, "gender" if None not in states else "month"


def _age_text(person: Person, ctx: CheckContext) -> Text:
    assert person.birth_date is not None
    fewest, most = years_range(person.birth_date, ctx.cutoff)
    if fewest == most:
        return Text(zh=f"{fewest}周岁", en=f"aged {fewest}")
    return Text(zh=f"{fewest}或{most}周岁", en=f"aged {fewest} or {most}")


def _over(person: Person, cap: int, ctx: CheckContext) -> bool | None:
    """Whether the person is older than ``cap`` full years (None: the month leaves it open)."""
    assert person.birth_date is not None
    fewest, most = years_range(person.birth_date, ctx.cutoff)
    if fewest > cap:
        return True
    if most <= cap:
        return False
    return None


def _age_limit(rule: AgeLimitRule, subject: Subject, ctx: CheckContext) -> Outcome:
    p = rule.params
    missing = [f for f in _columns(rule) if not ctx.has(f)]
    if missing:
        return ctx.skipped(
            rule, "nc.column", column="、".join(column_label(m, ctx) for m in missing)
        )
    people = subject.people
    scale = groups.scales(ctx.ruleset.vocabulary)
    applies = groups.evaluate(p.who, people, ctx.cutoff, scale) if p.who else [True] * len(people)
    relaxed = (
        groups.evaluate(p.relaxed_for, people, ctx.cutoff, scale)
        if p.relaxed_for is not None
        else [False] * len(people)
    )
    everyone = (
        Text(zh="代表", en="delegates")
        if p.of == "delegates"
        else Text(zh="候选人", en="candidates")
    )
    who = groups.named(p.who) if p.who else everyone
    relaxed_label = groups.named(p.relaxed_for) if p.relaxed_for else Text(zh="", en="")
    who_field = next(iter(groups.columns(p.who)), "birth_date") if p.who else "birth_date"
    relaxed_field = (
        next(iter(groups.columns(p.relaxed_for)), "birth_date") if p.relaxed_for else "birth_date"
    )
    out = Outcome()

    def finding(
        person: Person,
        message: str,
        severity: Severity | None,
        field: str = "birth_date",
        **params: Any,
    ) -> None:
        """One person's finding, on the cell that decides it (the birth date unless said)."""
        born = str(person.birth_date) if person.birth_date is not None else ""
        out.findings.append(
            ctx.finding(
                rule,
                message,
                severity=severity,
                subjects=(person.name,),
                rows=(person.row,) if person.row else (),
                field_name=field,
                value=born if field == "birth_date" else None,
                name=person.name,
                who=who,
                relaxed=relaxed_label,
                **params,
            )
        )

    for person, applying, relaxing in zip(people, applies, relaxed, strict=True):
        if applying is False:
            continue
        limits = _caps(p.max_age, p.max_age_women, person)
        limit = max(limits)
        if person.birth_date is None:  # whether or not it applies: never a pass
            finding(person, "cq.age_limit.undecided", None, why=_WHY["birth"], max_age=limit)
            continue
        age = _age_text(person, ctx)
        over, why = _over_caps(person, limits, ctx)
        if over is False:
            continue
        if over is None:
            field = "gender" if why == "gender" else "birth_date"
            finding(
                person, "cq.age_limit.undecided", None, field, why=_WHY[why], age=age, max_age=limit
            )
            continue
        if applying is None:  # over the limit, and whether it applies is not known
            finding(
                person,
                "cq.age_limit.undecided",
                None,
                who_field,
                why=_WHY["who"],
                age=age,
                max_age=limit,
            )
            continue
        if p.relaxed_for is None or relaxing is False:
            finding(person, "cq.age_limit.over", None, age=age, max_age=limit)
            continue
        assert p.relaxed_max_age is not None
        caps = _caps(p.relaxed_max_age, p.relaxed_max_age_women, person)
        beyond, why = _over_caps(person, caps, ctx)
        if beyond is True:  # over the relaxed limit too: fails whether or not it may be relaxed
            finding(
                person, "cq.age_limit.over_relaxed", None, age=age, cap=max(caps), max_age=limit
            )
        elif relaxing is None:
            finding(
                person,
                "cq.age_limit.undecided_relaxed",
                None,
                relaxed_field,
                why=_WHY["relaxed"],
                age=age,
                cap=max(caps),
                max_age=limit,
            )
        elif beyond is None:
            field = "gender" if why == "gender" else "birth_date"
            finding(
                person,
                "cq.age_limit.undecided_relaxed",
                None,
                field,
                why=_WHY[why],
                age=age,
                cap=max(caps),
                max_age=limit,
            )
        else:
            finding(
                person,
                "cq.age_limit.relaxed",
                Severity.WARNING,
                age=age,
                cap=max(caps),
                max_age=limit,
            )
    return out


_WHY = {
    "birth": Text(zh="没有出生年月", en="no birth date"),
    "month": Text(
        zh="出生年月只到月，正在界限上", en="the birth date gives the month only, at the limit"
    ),
    "who": Text(zh="无法判定是否属于适用的人员", en="whether the limit applies cannot be told"),
    "relaxed": Text(
        zh="无法判定是否属于可放宽的人员", en="whether it may be relaxed cannot be told"
    ),
    "gender": Text(
        zh="男女的年龄上限不同，性别未填",
        en="men's and women's limits differ and the gender is blank",
    ),
}


def _columns(rule: AgeLimitRule) -> tuple[str, ...]:
    p = rule.params
    out = ["birth_date"]
    for group in (p.who, p.relaxed_for):
        if group is not None:
            out += groups.columns(group)
    if p.relaxed_max_age_women is not None or p.max_age_women is not None:
        out.append("gender")
    return tuple(dict.fromkeys(out))


def _names(rule: AgeLimitRule) -> Iterator[NameRef]:
    for group in (rule.params.who, rule.params.relaxed_for):
        if group is not None:
            for section, name in groups.names(group):
                yield NameRef(section, name)


def _group_weaker(
    mine: groups.Group | None,
    theirs: groups.Group | None,
    message: str,
    larger_is_weaker: bool,
    vocabulary: Vocabulary,
) -> Iterator[Weakening]:
    """A group compared with the ancestor's (None: everyone on the list)."""
    if mine == theirs:
        return
    labels: dict[str, ParamValue] = {
        "local_label": groups.named(mine) if mine else _ALL,
        "national_label": groups.named(theirs) if theirs else _ALL,
    }
    if mine is None or theirs is None:
        mine_larger = mine is None
    else:
        scale = groups.scales(vocabulary)
        holds_theirs = groups.contains(mine, theirs, scale)  # mine ⊇ theirs
        held_by_theirs = groups.contains(theirs, mine, scale)  # mine ⊆ theirs
        if holds_theirs is True and held_by_theirs is True:
            return
        if holds_theirs is True or held_by_theirs is True:
            mine_larger = holds_theirs is True
        else:
            yield Weakening("lint.group.changed", labels, "", "", conflict=True)
            return
    if mine_larger == larger_is_weaker:
        yield Weakening(message, labels, "", "")


def _weaker(rule: AgeLimitRule, base: AgeLimitRule, vocabulary: Vocabulary) -> Iterator[Weakening]:
    """Fewer people under the limit, a relaxation the ancestor does not allow, more people it is
    relaxed for, or a higher relaxed limit is weaker; groups that cannot be compared are named
    for a person to read."""
    mine, theirs = rule.params, base.params
    yield from _group_weaker(mine.who, theirs.who, "lint.weakens.age_limit.who", False, vocabulary)
    women, base_women = mine.max_age_women or mine.max_age, theirs.max_age_women or theirs.max_age
    if women > base_women and (mine.max_age_women, theirs.max_age_women) != (None, None):
        yield Weakening(
            "lint.weakens.param",
            {"param": Text(zh="女性的年龄上限", en="the age limit for women")},
            str(women),
            str(base_women),
        )
    if mine.relaxed_for is None:
        return
    if theirs.relaxed_for is None:
        yield Weakening(
            "lint.weakens.age_limit.relaxed",
            {"local_label": groups.named(mine.relaxed_for), "national_label": _NONE},
            "",
            "",
        )
        return
    yield from _group_weaker(
        mine.relaxed_for, theirs.relaxed_for, "lint.weakens.age_limit.relaxed", True, vocabulary
    )
    for gender, cap, base_cap in (
        (Text(zh="男性", en="men"), mine.relaxed_max_age, theirs.relaxed_max_age),
        (
            Text(zh="女性", en="women"),
            mine.relaxed_max_age_women or mine.relaxed_max_age,
            theirs.relaxed_max_age_women or theirs.relaxed_max_age,
        ),
    ):
        if cap is not None and base_cap is not None and cap > base_cap:
            yield Weakening(
                "lint.weakens.age_limit.cap",
                {"gender": gender, "local": str(cap), "national": str(base_cap)},
                str(cap),
                str(base_cap),
            )


_ALL = Text(zh="所有人", en="everyone")
_NONE = Text(zh="不放宽", en="no relaxation")


register(
    Kind(
        name="age_limit",
        rule=AgeLimitRule,
        scopes=lambda rule: frozenset({_SCOPE[rule.params.of]}),
        check=_age_limit,
        columns=_columns,
        names=_names,
        weaker=_weaker,
        messages=(
            "cq.age_limit.over",
            "cq.age_limit.over_relaxed",
            "cq.age_limit.relaxed",
            "cq.age_limit.undecided",
            "cq.age_limit.undecided_relaxed",
        ),
        reasons=("nc.column",),
        doc=KindDoc(
            what="An age limit on a list (`of`: committee, discipline, higher, delegates): each "
            "person of the group `who` (default: everyone) must be at most `max_age` full years "
            "old on the cut-off date (不得超过N周岁). `relaxed_for` names those whose limit is "
            "`relaxed_max_age` instead (`relaxed_max_age_women` where women's differs); someone "
            "over the limit but within the relaxed one is a warning, for the review group to "
            "confirm the reason. A month-only birth date at the limit, or a blank cell that "
            "decides who it applies to, whom it is relaxed for or (with two relaxed limits) the "
            "gender, is undecided: a finding of the rule's severity, never a pass.",
            why='"新提任副科级领导干部的,其年龄一般不得超过40周岁,特别优秀的年龄可以放宽到男性45'
            '周岁、女性43周岁" (万安镇乡镇领导班子换届工作实施方案, 2011).',
            example="- code: CQ-NEWAGE\n  kind: age_limit\n  severity: error\n  params:\n"
            "    who: {label: {zh: 新提任副科级领导干部, en: newly promoted}, column: {name: 新提任, in: [是]}}\n"
            "    max_age: 40\n"
            "    relaxed_for: {label: {zh: 特别优秀, en: outstanding}, column: {name: 特别优秀, in: [是]}}\n"
            "    relaxed_max_age: 45\n    relaxed_max_age_women: 43",
        ),
    )
)
