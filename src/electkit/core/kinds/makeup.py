"""CS-* on who is on a committee slate and its team: women, young cadres, ages, minority members.

Kinds: ``woman_member`` (CS-WOMAN), ``young_member`` (CS-YOUNG), ``age_renomination`` (CS-AGE50),
``age_band_majority`` (CS-AGE35), ``minority_member`` (CS-MINORITY). The general form of each is a
``share`` of a group on the slate or the team; these are kept for the rule sets written for 0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from electkit.core.checks.context import CheckContext, Outcome, Subject
from electkit.core.checks.team import age
from electkit.core.findings import Text
from electkit.core.kinds import Kind, KindDoc, Weakening, register
from electkit.core.models import Gender
from electkit.core.rulebase import Params, RuleBase, Scope, Stricter, stricter
from electkit.core.vocab import field_label
from electkit.core.vocabulary import Vocabulary

COMMITTEE = frozenset({Scope.COMMITTEE})


# --- CS-WOMAN ------------------------------------------------------------------------------


class WomanMemberRule(RuleBase):
    """At least one woman on the slate."""

    kind: Literal["woman_member"]


def _woman(rule: WomanMemberRule, subject: Subject, ctx: CheckContext) -> Outcome:
    if not ctx.has("gender"):
        return ctx.skipped(rule, "nc.column", column=field_label("gender"))
    out = Outcome()
    people = subject.people
    if not any(p.gender is Gender.FEMALE for p in people):
        unknown = sum(1 for p in people if p.gender is None)
        if unknown:  # a blank 性别 may be a woman: not "none"
            out.findings.append(ctx.finding(rule, "cs.woman.undecided", unknown=unknown))
        else:
            out.findings.append(ctx.finding(rule, "cs.woman.none", needed=1))
    return out


register(
    Kind(
        name="woman_member",
        blanks=True,
        rule=WomanMemberRule,
        scopes=lambda rule: COMMITTEE,
        check=_woman,
        columns=lambda rule: ("gender",),
        messages=("cs.woman.none", "cs.woman.undecided"),
        reasons=("nc.column",),
        doc=KindDoc(
            what="At least one woman on the committee slate (undecided while a blank 性别 could be "
            "her). The general form: a `share` with `of: committee`, `group: {gender: 女}`, "
            "`count_at_least: 1`.",
            why='"至少配备…1名女干部" (昭通 2006).',
            example="- code: CS-WOMAN\n  kind: woman_member\n  severity: error",
        ),
    )
)


# --- CS-YOUNG ------------------------------------------------------------------------------


class YoungMemberParams(Params):
    max_age: int = Field(
        default=30,
        ge=0,
        le=150,
        description="以下 (included)",
        json_schema_extra=stricter(Stricter.LOWER),
    )
    scope: Literal["team", "slate"] = Field(
        default="team",
        description="team: the slate and the government team; slate: the slate only",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )


class YoungMemberRule(RuleBase):
    """At least one young cadre (aged ≤ max_age)."""

    kind: Literal["young_member"]
    params: YoungMemberParams = YoungMemberParams()


def _young(rule: YoungMemberRule, subject: Subject, ctx: CheckContext) -> Outcome:
    if not ctx.has("birth_date"):
        return ctx.skipped(rule, "nc.column", column=field_label("birth_date"))
    out = Outcome()
    members = subject.members
    pool = members if rule.params.scope == "team" else members[: len(subject.people)]
    ages = [age(m.birth_date, ctx.cutoff) for m in pool]
    if not any(a is not None and a <= rule.params.max_age for a in ages):
        unknown = ages.count(None)
        if unknown:  # someone of unknown age may be the young cadre
            out.findings.append(
                ctx.finding(
                    rule, "cs.young.undecided", unknown=unknown, max_age=rule.params.max_age
                )
            )
        else:
            message = "cs.young.none_team" if rule.params.scope == "team" else "cs.young.none"
            out.findings.append(ctx.finding(rule, message, needed=1, max_age=rule.params.max_age))
    return out


def _young_weaker(
    rule: YoungMemberRule, base: YoungMemberRule, vocabulary: Vocabulary
) -> Iterator[Weakening]:
    if rule.params.scope == "team" and base.params.scope == "slate":
        yield Weakening(
            "lint.weakens.param",
            {"param": Text(zh="计算范围", en="the scope")},
            rule.params.scope,
            base.params.scope,
        )


register(
    Kind(
        name="young_member",
        blanks=True,
        rule=YoungMemberRule,
        scopes=lambda rule: COMMITTEE,
        check=_young,
        columns=lambda rule: ("birth_date",),
        weaker=_young_weaker,
        messages=("cs.young.undecided", "cs.young.none_team", "cs.young.none"),
        reasons=("nc.column",),
        doc=KindDoc(
            what="At least one cadre aged `max_age` or under: in the whole Party and government "
            "team (`scope: team`, the government members of the profile count) or on the slate "
            "only (`scope: slate`). Undecided while an unknown age could be the young cadre.",
            why='"30岁以下的干部至少有1名" (富源县 2006); "至少配备1名30岁左右的年轻干部" (昭通 2006).',
            example="- code: CS-YOUNG\n  kind: young_member\n  severity: error\n  params: {max_age: 30, scope: team}",
        ),
    )
)


# --- CS-AGE50 ------------------------------------------------------------------------------


class AgeRenominationParams(Params):
    min_age: int = Field(
        default=50,
        ge=0,
        le=150,
        description="以上 (included)",
        json_schema_extra=stricter(Stricter.LOWER),
    )


class AgeRenominationRule(RuleBase):
    """Candidates aged min_age or over are not renominated."""

    kind: Literal["age_renomination"]
    params: AgeRenominationParams = AgeRenominationParams()


def _old(rule: AgeRenominationRule, subject: Subject, ctx: CheckContext) -> Outcome:
    if not ctx.has("birth_date"):
        return ctx.skipped(rule, "nc.column", column=field_label("birth_date"))
    out = Outcome()
    for p in subject.people:
        years = age(p.birth_date, ctx.cutoff)
        if years is not None and years >= rule.params.min_age:
            out.findings.append(
                ctx.finding(
                    rule,
                    "cs.age50",
                    subjects=(p.name,),
                    rows=(p.row,),
                    field_name="birth_date",
                    value=str(p.birth_date),
                    age=years,
                    min_age=rule.params.min_age,
                )
            )
    return out


register(
    Kind(
        name="age_renomination",
        blanks=True,
        rule=AgeRenominationRule,
        scopes=lambda rule: COMMITTEE,
        check=_old,
        columns=lambda rule: ("birth_date",),
        messages=("cs.age50",),
        reasons=("nc.column",),
        doc=KindDoc(
            what="Each candidate aged `min_age` or over is named.",
            why='"50岁以上(含50岁)的干部原则上不再继续提名" (富源县 2006).',
            example="- code: CS-AGE50\n  kind: age_renomination\n  severity: warning\n  params: {min_age: 50}",
        ),
    )
)


# --- CS-AGE35 ------------------------------------------------------------------------------


class AgeBandParams(Params):
    min_age: int = Field(default=30, ge=0, le=150, json_schema_extra=stricter(Stricter.HIGHER))
    max_age: int = Field(default=40, ge=0, le=150, json_schema_extra=stricter(Stricter.LOWER))


class AgeBandMajorityRule(RuleBase):
    """More than half of the team in an age band ("以35岁左右的干部为主体")."""

    kind: Literal["age_band_majority"]
    params: AgeBandParams = AgeBandParams()


def _band(rule: AgeBandMajorityRule, subject: Subject, ctx: CheckContext) -> Outcome:
    if not ctx.has("birth_date"):
        return ctx.skipped(rule, "nc.column", column=field_label("birth_date"))
    out = Outcome()
    members = subject.members
    p = rule.params
    aged = [(m, age(m.birth_date, ctx.cutoff)) for m in members]
    inside = [m for m, a in aged if a is not None and p.min_age <= a <= p.max_age]
    unknown = sum(1 for _, a in aged if a is None)
    total = len(members)
    if 2 * len(inside) <= total < 2 * (len(inside) + unknown):
        out.findings.append(
            ctx.finding(
                rule,
                "cs.age35.undecided",
                measured=f"{len(inside)}/{total} + {unknown}?",
                required=f"> {total}/2",
                count=len(inside),
                total=total,
                unknown=unknown,
                low=p.min_age,
                high=p.max_age,
            )
        )
    elif 2 * len(inside) <= total:
        outside = [m.name for m, _ in aged if m not in inside]
        # even if everyone of unknown age were in the band, this many more are needed
        need = total // 2 + 1 - len(inside) - unknown
        out.findings.append(
            ctx.finding(
                rule,
                "cs.age35.unknown" if unknown else "cs.age35",
                subjects=tuple(outside),
                unknown=unknown,
                needed=need,
                measured=f"{len(inside)}/{total}",
                required=f"> {total}/2",
                count=len(inside),
                total=total,
                low=p.min_age,
                high=p.max_age,
            )
        )
    return out


register(
    Kind(
        name="age_band_majority",
        blanks=True,
        rule=AgeBandMajorityRule,
        scopes=lambda rule: COMMITTEE,
        check=_band,
        columns=lambda rule: ("birth_date",),
        messages=("cs.age35.undecided", "cs.age35.unknown", "cs.age35"),
        reasons=("nc.column",),
        doc=KindDoc(
            what="More than half of the team aged `min_age`–`max_age`: `2·count > n`; the finding "
            "names those outside the band.",
            why='"以35岁左右干部为主体" (富源县, 昭通 2006); 30–40 is a project reading of "左右".',
            example="- code: CS-AGE35\n  kind: age_band_majority\n  severity: warning\n  params: {min_age: 30, max_age: 40}",
        ),
    )
)


# --- CS-MINORITY ---------------------------------------------------------------------------


class MinorityMemberRule(RuleBase):
    """In a minority area, at least one minority member in the team."""

    kind: Literal["minority_member"]


def _minority(rule: MinorityMemberRule, subject: Subject, ctx: CheckContext) -> Outcome:
    out = Outcome()
    if not ctx.profile.minority_area:
        return out
    if not ctx.has("ethnicity"):
        return ctx.skipped(rule, "nc.column", column=field_label("ethnicity"))
    members = subject.members
    if not any(m.minority for m in members):
        unknown = sum(1 for m in members if m.minority is None)
        if unknown:
            out.findings.append(ctx.finding(rule, "cs.minority.undecided", unknown=unknown))
        else:
            out.findings.append(ctx.finding(rule, "cs.minority.none", needed=1))
    return out


register(
    Kind(
        name="minority_member",
        blanks=True,
        rule=MinorityMemberRule,
        scopes=lambda rule: COMMITTEE,
        check=_minority,
        columns=lambda rule: ("ethnicity",),
        messages=("cs.minority.undecided", "cs.minority.none"),
        reasons=("nc.column",),
        doc=KindDoc(
            what="In a township the profile marks `minority_area: true`: at least one minority "
            "member in the team (no number is given).",
            why='"少数民族聚居的乡镇,少数民族干部在党政班子中应占一定的比例" (富源县 2006).',
            example="- code: CS-MINORITY\n  kind: minority_member\n  severity: warning",
        ),
    )
)
