"""CQ-*: each candidate's qualifications for the post proposed (拟任职务)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence

from electkit.core.checks.context import CheckContext
from electkit.core.checks.team import proposed_posts, slot
from electkit.core.findings import Finding, NotChecked, Severity, listing
from electkit.core.models import Gender, Person, full_years
from electkit.core.rulekinds import (
    EducationMinRule,
    PostBelowRule,
    RecentSanctionRule,
    Relaxed,
    Rule,
    WorkYearsRule,
)
from electkit.core.vocab import EDUCATION_LEVELS, EDUCATION_NAMES


def _key(post: str, table: dict[str, int] | Sequence[str]) -> str | None:
    """The key of the table that applies to a proposed post (乡镇长 is a 副书记 slot)."""
    if post in table:
        return post
    filled = slot(post)
    return filled if filled in table else None


def _wanted(p: Person, table: dict[str, int] | Sequence[str]) -> tuple[str, str] | None:
    """The candidate's post a requirement applies to, and its key in the table.

    A candidate proposed for several posts (党委书记、人大主席) is held to the strictest
    requirement among them: the most years; for a list of posts, the first that is in it.
    """
    applies = [(post, key) for post in proposed_posts(p) if (key := _key(post, table)) is not None]
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
        reason = "both" if woman and minority else ("women" if woman else "minority")
        return Severity.WARNING, f"cq.relaxed.{reason}"
    unknown = ("women" in relaxed_for and p.gender is None) or (
        "minority" in relaxed_for and p.minority is None
    )
    if unknown and base is Severity.ERROR:  # blank 性别/民族: whether it may be relaxed is open
        return base, "cq.relaxed.unknown"
    return base, ""


def _unconfirmed(
    ctx: CheckContext, rule: Rule, p: Person, fieldname: str, post: str, severity: Severity
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


def check_qualifications(
    people: Sequence[Person], ctx: CheckContext
) -> tuple[list[Finding], list[NotChecked]]:
    """Every CQ-* rule of the rule set over the candidates of a committee slate."""
    found: list[Finding] = []
    skipped: list[NotChecked] = []
    rs = ctx.ruleset
    cutoff = ctx.cutoff
    if not ctx.has("proposed_post"):
        post_rules: list[WorkYearsRule | PostBelowRule | EducationMinRule] = [
            *rs.of_kind(WorkYearsRule),
            *rs.of_kind(PostBelowRule),
            *rs.of_kind(EducationMinRule),
        ]
        skipped += [ctx.not_checked(r, "nc.column", column="拟任职务") for r in post_rules]
    else:
        for work in rs.of_kind(WorkYearsRule):
            for p in people:
                wanted = _wanted(p, work.params.years)
                if wanted is None:
                    continue
                post, key = wanted
                need = work.params.years[key]
                severity, relaxed = _severity(p, work.params.relaxed_for, work.severity)
                if p.work_start is None:
                    found.append(_unconfirmed(ctx, work, p, "work_start", post, severity))
                elif (years := full_years(p.work_start, cutoff)) < need:
                    found.append(
                        ctx.finding(
                            work,
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
        for below in rs.of_kind(PostBelowRule):
            if not (ctx.has("current_post") and ctx.has("current_post_since")):
                skipped.append(ctx.not_checked(below, "nc.column", column="现任职务, 任现职时间"))
                continue
            for p in people:
                wanted = _wanted(p, below.params.years)
                if wanted is None:
                    continue
                post, key = wanted
                need = below.params.years[key]
                severity, relaxed = _severity(p, below.params.relaxed_for, below.severity)
                since = p.current_post_since
                if p.current_post is None or since is None:
                    field = "current_post" if p.current_post is None else "current_post_since"
                    found.append(_unconfirmed(ctx, below, p, field, post, severity))
                    continue
                held = full_years(since, cutoff)
                qualifies = p.current_post in below.params.qualifying_posts
                if not qualifies or held < need:
                    found.append(
                        ctx.finding(
                            below,
                            "cq.below",
                            severity=severity,
                            subjects=(p.name,),
                            rows=(p.row,),
                            field_name="current_post",
                            value=p.current_post,
                            post=post,
                            years=held,
                            want=need,
                            qualifying=listing(below.params.qualifying_posts),
                            relaxed=relaxed,
                        )
                    )
        for edu in rs.of_kind(EducationMinRule):
            level = EDUCATION_LEVELS[edu.params.level]
            for p in people:
                wanted = _wanted(p, edu.params.posts)
                if wanted is None:
                    continue
                post = wanted[0]
                severity, relaxed = _severity(p, edu.params.relaxed_for, edu.severity)
                if p.education is None:
                    found.append(_unconfirmed(ctx, edu, p, "education", post, severity))
                elif p.education < level:
                    found.append(
                        ctx.finding(
                            edu,
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
    for sanction in rs.of_kind(RecentSanctionRule):
        if not ctx.has("discipline"):
            skipped.append(ctx.not_checked(sanction, "nc.column", column="党纪处分"))
            continue
        for p in people:
            if p.discipline not in sanction.params.sanctions:
                continue
            if p.discipline_date is None or _within(
                p.discipline_date, cutoff, sanction.params.months
            ):
                found.append(
                    ctx.finding(
                        sanction,
                        "cq.sanction",
                        subjects=(p.name,),
                        rows=(p.row,),
                        field_name="discipline",
                        value=p.discipline,
                        since=str(p.discipline_date or "—"),
                        months=sanction.params.months,
                    )
                )
    return found, skipped


def _within(day: dt.date, cutoff: dt.date, months: int) -> bool:
    """Whether ``day`` lies within ``months`` before the cut-off."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    end = dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    return cutoff < end
