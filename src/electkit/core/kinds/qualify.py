"""CQ-*: each candidate's qualifications for the post proposed (拟任职务).

Kinds: ``work_years`` (CQ-WORKYEARS), ``post_below`` (CQ-BELOW), ``education_min`` (CQ-EDU). A
candidate proposed for several posts is held to the strictest requirement among them; women and
minority cadres may have the requirements relaxed (an error becomes a warning, and says why).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Literal

from pydantic import Field

from electkit.core.checks.context import CheckContext, Outcome, Subject
from electkit.core.checks.team import proposed_posts, slot
from electkit.core.findings import Finding, Severity, Text, listing
from electkit.core.kinds import Kind, KindDoc, NameRef, Weakening, register
from electkit.core.models import Gender, Person, full_years
from electkit.core.rulebase import Params, Relaxed, RuleBase, Scope, Stricter, stricter
from electkit.core.vocab import EDUCATION_LEVELS, EDUCATION_NAMES, field_label
from electkit.core.vocabulary import Vocabulary

COMMITTEE = frozenset({Scope.COMMITTEE})


def _key(post: str, table: dict[str, int] | Sequence[str], vocabulary: Vocabulary) -> str | None:
    """The key of the table that applies to a proposed post (乡镇长 is a 副书记 slot)."""
    if post in table:
        return post
    filled = slot(post, vocabulary)
    return filled if filled in table else None


def _wanted(
    p: Person, table: dict[str, int] | Sequence[str], vocabulary: Vocabulary
) -> tuple[str, str] | None:
    """The candidate's post a requirement applies to, and its key in the table.

    A candidate proposed for several posts (党委书记、人大主席) is held to the strictest
    requirement among them: the most years; for a list of posts, the first that is in it.
    """
    applies = [
        (post, key)
        for post in proposed_posts(p)
        if (key := _key(post, table, vocabulary)) is not None
    ]
    if not applies:
        return None
    if isinstance(table, dict):
        return max(applies, key=lambda pair: table[pair[1]])
    return applies[0]


def _severity(p: Person, relaxed_for: Sequence[Relaxed], base: Severity) -> tuple[Severity, str]:
    """Women and minority cadres may have the requirements relaxed: an error becomes a warning.

    The second value is the message id of the note saying why (``cq.relaxed.women`` …), or ""
    when nothing was relaxed; messages show it as ``{relaxed}``.
    """
    woman = "women" in relaxed_for and p.gender is Gender.FEMALE
    minority = "minority" in relaxed_for and p.minority is True
    if (woman or minority) and base is Severity.ERROR:
        if woman and minority:
            return Severity.WARNING, "cq.relaxed.both"
        return Severity.WARNING, "cq.relaxed.women" if woman else "cq.relaxed.minority"
    unknown = ("women" in relaxed_for and p.gender is None) or (
        "minority" in relaxed_for and p.minority is None
    )
    if unknown and base is Severity.ERROR:  # blank 性别/民族: whether it may be relaxed is open
        return base, "cq.relaxed.unknown"
    return base, ""


def _unconfirmed(
    ctx: CheckContext, rule: RuleBase, p: Person, fieldname: str, post: str, severity: Severity
) -> Finding:
    """A qualification a blank or unusable cell leaves unconfirmed: not passed, so it keeps the
    rule's own (perhaps relaxed) severity."""
    return ctx.finding(
        rule,
        "cq.unknown",
        severity=severity,
        subjects=(p.name,),
        rows=(p.row,),
        field_name=fieldname,
        post=post,
    )


def _relaxed_field() -> Any:
    return Field(
        default=(),
        description="women, minority: the requirement is a warning for them",
        json_schema_extra=stricter(Stricter.FEWER),
    )


def _years_names(rule: WorkYearsRule | PostBelowRule) -> Iterator[NameRef]:
    for post in rule.params.years:
        yield NameRef("posts", post)


def _years_weaker(
    rule: WorkYearsRule | PostBelowRule, base: WorkYearsRule | PostBelowRule, vocabulary: Vocabulary
) -> Iterator[Weakening]:
    for post, years in base.params.years.items():
        held = rule.params.years.get(post)
        if held is None or held < years:
            yield Weakening(
                "lint.weakens.param",
                {"param": Text(zh=f"年限({post})", en=f"the years ({post})")},
                "—" if held is None else str(held),
                str(years),
            )


# --- CQ-WORKYEARS --------------------------------------------------------------------------


class WorkYearsParams(Params):
    years: dict[str, int] = Field(
        description="proposed post → 工龄 in full years",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )
    relaxed_for: tuple[Relaxed, ...] = _relaxed_field()


class WorkYearsRule(RuleBase):
    """工龄 by proposed post."""

    kind: Literal["work_years"]
    params: WorkYearsParams


def _missing(rule: RuleBase, ctx: CheckContext, *fields: str) -> Outcome | None:
    """Not checked, naming the first column the list lacks (before: a list without 参加工作时间
    failed every 书记 candidate as a blank cell)."""
    for fieldname in fields:
        if not ctx.has(fieldname):
            return ctx.skipped(rule, "nc.column", column=field_label(fieldname))
    return None


def _work_years(rule: WorkYearsRule, subject: Subject, ctx: CheckContext) -> Outcome:
    if (missing := _missing(rule, ctx, "proposed_post", "work_start")) is not None:
        return missing
    out = Outcome()
    vocabulary = ctx.ruleset.vocabulary
    for p in subject.people:
        wanted = _wanted(p, rule.params.years, vocabulary)
        if wanted is None:
            continue
        post, key = wanted
        need = rule.params.years[key]
        severity, relaxed = _severity(p, rule.params.relaxed_for, rule.severity)
        if p.work_start is None:
            out.findings.append(_unconfirmed(ctx, rule, p, "work_start", post, severity))
        elif (years := full_years(p.work_start, ctx.cutoff)) < need:
            out.findings.append(
                ctx.finding(
                    rule,
                    "cq.workyears",
                    severity=severity,
                    subjects=(p.name,),
                    rows=(p.row,),
                    field_name="work_start",
                    value=str(p.work_start),
                    post=post,
                    years=years,
                    want=need,
                    relaxed=relaxed,
                )
            )
    return out


register(
    Kind(
        name="work_years",
        rule=WorkYearsRule,
        scopes=lambda rule: COMMITTEE,
        check=_work_years,
        columns=lambda rule: ("proposed_post", "work_start"),
        names=_years_names,
        weaker=_years_weaker,
        messages=("cq.unknown", "cq.workyears"),
        reasons=("nc.column",),
        doc=KindDoc(
            what="Years of work (工龄, from 参加工作时间) by proposed post: at least `years[post]` "
            "full years at the cut-off (a 乡镇长 counts as a 副书记). `relaxed_for` makes it a "
            "warning for women or minority cadres.",
            why='"担任党委书记的,一般应具有5年以上工龄" (昭通 2006).',
            example="- code: CQ-WORKYEARS\n  kind: work_years\n  severity: error\n  params: {years: {书记: 5, 副书记: 3}, relaxed_for: [women, minority]}",
        ),
    )
)


# --- CQ-BELOW ------------------------------------------------------------------------------


class PostBelowParams(Params):
    years: dict[str, int] = Field(
        description="proposed post → years in the post below",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )
    qualifying_posts: tuple[str, ...] = Field(
        default=(),
        description="current posts that count as the post below",
        json_schema_extra=stricter(Stricter.FEWER),
    )
    relaxed_for: tuple[Relaxed, ...] = _relaxed_field()


class PostBelowRule(RuleBase):
    """Years in the post below (下一职位) by proposed post."""

    kind: Literal["post_below"]
    params: PostBelowParams


def _post_below(rule: PostBelowRule, subject: Subject, ctx: CheckContext) -> Outcome:
    missing = _missing(rule, ctx, "proposed_post", "current_post", "current_post_since")
    if missing is not None:
        return missing
    out = Outcome()
    vocabulary = ctx.ruleset.vocabulary
    for p in subject.people:
        wanted = _wanted(p, rule.params.years, vocabulary)
        if wanted is None:
            continue
        post, key = wanted
        need = rule.params.years[key]
        severity, relaxed = _severity(p, rule.params.relaxed_for, rule.severity)
        since = p.current_post_since
        if p.current_post is None or since is None:
            field = "current_post" if p.current_post is None else "current_post_since"
            out.findings.append(_unconfirmed(ctx, rule, p, field, post, severity))
            continue
        held = full_years(since, ctx.cutoff)
        if p.current_post not in rule.params.qualifying_posts or held < need:
            out.findings.append(
                ctx.finding(
                    rule,
                    "cq.below",
                    severity=severity,
                    subjects=(p.name,),
                    rows=(p.row,),
                    field_name="current_post",
                    value=p.current_post,
                    post=post,
                    years=held,
                    want=need,
                    qualifying=listing(rule.params.qualifying_posts),
                    relaxed=relaxed,
                )
            )
    return out


def _below_names(rule: PostBelowRule) -> Iterator[NameRef]:
    yield from _years_names(rule)
    for post in rule.params.qualifying_posts:
        yield NameRef("posts", post)


register(
    Kind(
        name="post_below",
        rule=PostBelowRule,
        scopes=lambda rule: COMMITTEE,
        check=_post_below,
        columns=lambda rule: ("proposed_post", "current_post", "current_post_since"),
        names=_below_names,
        weaker=_years_weaker,
        messages=("cq.unknown", "cq.below"),
        reasons=("nc.column",),
        doc=KindDoc(
            what="A candidate proposed for a post in `years` must have held one of "
            "`qualifying_posts` (the post below) for that many full years. Earlier posts are not "
            "in the data: the finding says to check the personnel file.",
            why='"担任党委书记的…在下一职位任职2年以上的经历" (昭通 2006).',
            example="- code: CQ-BELOW\n  kind: post_below\n  severity: error\n  params: {years: {书记: 2}, qualifying_posts: [书记, 乡镇长, 人大主席]}",
        ),
    )
)


# --- CQ-EDU --------------------------------------------------------------------------------


class EducationMinParams(Params):
    posts: tuple[str, ...] = Field(
        description="the proposed posts it applies to", json_schema_extra=stricter(Stricter.MORE)
    )
    level: str = Field(
        default="大专", description="以上 (included)", json_schema_extra=stricter(Stricter.CUSTOM)
    )
    relaxed_for: tuple[Relaxed, ...] = _relaxed_field()


class EducationMinRule(RuleBase):
    """Education by proposed post (大专以上)."""

    kind: Literal["education_min"]
    params: EducationMinParams


def _education(rule: EducationMinRule, subject: Subject, ctx: CheckContext) -> Outcome:
    if (missing := _missing(rule, ctx, "proposed_post", "education")) is not None:
        return missing
    out = Outcome()
    vocabulary = ctx.ruleset.vocabulary
    level = EDUCATION_LEVELS[rule.params.level]
    for p in subject.people:
        wanted = _wanted(p, rule.params.posts, vocabulary)
        if wanted is None:
            continue
        post = wanted[0]
        severity, relaxed = _severity(p, rule.params.relaxed_for, rule.severity)
        if p.education is None:
            out.findings.append(_unconfirmed(ctx, rule, p, "education", post, severity))
        elif p.education < level:
            out.findings.append(
                ctx.finding(
                    rule,
                    "cq.education",
                    severity=severity,
                    subjects=(p.name,),
                    rows=(p.row,),
                    field_name="education",
                    value=p.education_label,
                    post=post,
                    want=EDUCATION_NAMES[level],
                    relaxed=relaxed,
                )
            )
    return out


def _education_weaker(
    rule: EducationMinRule, base: EducationMinRule, vocabulary: Vocabulary
) -> Iterator[Weakening]:
    if EDUCATION_LEVELS.get(rule.params.level, 0) < EDUCATION_LEVELS.get(base.params.level, 0):
        yield Weakening(
            "lint.weakens.param",
            {"param": Text(zh="学历要求", en="the education required")},
            rule.params.level,
            base.params.level,
        )


def _education_names(rule: EducationMinRule) -> Iterator[NameRef]:
    for post in rule.params.posts:
        yield NameRef("posts", post)
    yield NameRef("education", rule.params.level)


register(
    Kind(
        name="education_min",
        rule=EducationMinRule,
        scopes=lambda rule: COMMITTEE,
        check=_education,
        columns=lambda rule: ("proposed_post", "education"),
        names=_education_names,
        weaker=_education_weaker,
        messages=("cq.unknown", "cq.education"),
        reasons=("nc.column",),
        doc=KindDoc(
            what="Education `level` or above for a candidate proposed for one of `posts`.",
            why='"担任党委副书记和纪委书记的,一般应具有…大专以上文化程度" (昭通 2006).',
            example="- code: CQ-EDU\n  kind: education_min\n  severity: error\n  params: {posts: [书记, 副书记, 纪委书记], level: 大专}",
        ),
    )
)
