"""Sanctions that bar a person: a running 留党察看 (EL-PROBATION, kind ``sanction``) and a recent
警告/严重警告 on a committee candidate (CQ-SANCTION, kind ``recent_sanction``).

Both read the 党纪处分 and 处分时间 columns. A county's wider bars ("近五年受过党纪、政务处分的",
刑事处罚, 涉黑涉恶 …) are the ``disqualification`` kind, over any dated event the rule set declares.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from electkit.core.checks.context import CheckContext, Outcome, Subject
from electkit.core.findings import ParamValue, Severity
from electkit.core.kinds import Kind, KindDoc, NameRef, register
from electkit.core.models import MonthDate
from electkit.core.rulebase import CANDIDATE_LISTS, Params, RuleBase, Scope, Stricter, stricter
from electkit.core.vocab import field_label
from electkit.core.vocabulary import Vocabulary


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (or the month's last day)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- EL-PROBATION --------------------------------------------------------------------------


class SanctionParams(Params):
    sanctions: tuple[str, ...] = Field(
        default=("留党察看",),
        description="the sanctions (党纪处分) that remove the rights while they run",
        json_schema_extra=stricter(Stricter.MORE),
    )


class SanctionRule(RuleBase):
    """A running sanction that removes the rights (留党察看)."""

    kind: Literal["sanction"]
    params: SanctionParams = SanctionParams()


def _sanction(rule: SanctionRule, subject: Subject, ctx: CheckContext) -> Outcome:
    if not ctx.has("discipline"):
        return ctx.skipped(rule, "nc.column", column=field_label("discipline"))
    out = Outcome()
    terms = ctx.ruleset.vocabulary.sanction_terms()
    for p in subject.people:
        sanction = p.discipline
        if sanction is None or sanction not in rule.params.sanctions:
            continue
        term = (
            (p.discipline_years, p.discipline_years)  # written in the cell (留党察看一年)
            if p.discipline_years is not None
            else terms.get(sanction)
        )
        if term is None:  # a sanction with no term: whether it still runs cannot be told
            message, severity = "el.probation.no_term", Severity.WARNING
            since, longest = str(p.discipline_date or "—"), 0
        elif p.discipline_date is None:
            message, severity, since, longest = "el.probation.undated", rule.severity, "—", 0
        else:
            since = str(p.discipline_date)
            shortest, longest = term
            if ctx.cutoff < add_years(p.discipline_date, shortest):
                message, severity = "el.probation.running", rule.severity
            elif ctx.cutoff < add_years(p.discipline_date, longest):
                message, severity = "el.probation.maybe", Severity.WARNING
            else:
                continue
        out.findings.append(
            ctx.finding(
                rule,
                message,
                severity=severity,
                subjects=(p.name,),
                rows=(p.row,),
                field_name="discipline",
                value=sanction,
                since=since,
                sanction=sanction,
                years=longest,
            )
        )
    return out


def _sanction_advice(
    rule: SanctionRule, vocabulary: Vocabulary
) -> Iterator[tuple[str, dict[str, ParamValue]]]:
    """A listed sanction with no term in the vocabulary never runs out: the rule cannot say
    whether it is still running (a clause "近五年受过党纪处分的" is a ``disqualification``)."""
    terms = vocabulary.sanction_terms()
    for name in rule.params.sanctions:
        if name not in terms:
            yield "lint.sanction.no_term", {"sanction": name}


def _sanction_names(rule: SanctionRule) -> Iterator[NameRef]:
    for name in rule.params.sanctions:
        yield NameRef("sanctions", name)


register(
    Kind(
        name="sanction",
        rule=SanctionRule,
        scopes=lambda rule: CANDIDATE_LISTS,
        check=_sanction,
        columns=lambda rule: ("discipline",),
        names=_sanction_names,
        advice=_sanction_advice,
        messages=(
            "el.probation.undated",
            "el.probation.running",
            "el.probation.maybe",
            "el.probation.no_term",
        ),
        reasons=("nc.column",),
        doc=KindDoc(
            what="A listed sanction (党纪处分) still running on the cut-off date. Its term comes from "
            "the cell (留党察看一年) or from the rule set's vocabulary (留党察看: one or two years): "
            "within the shortest term it is running (the rule's severity); between the shortest and "
            "the longest, a warning to verify; after the longest, ended. A sanction without "
            "处分时间 is taken as running. A listed sanction with no term (严重警告) cannot be "
            "running or ended: a warning to verify, and a `rules lint` warning pointing to "
            "`disqualification` for a window such as 近五年.",
            why="Members under 留党察看 have no vote and may not stand while it runs (2020 条例 "
            "art. 5).",
            example="- code: EL-PROBATION\n  kind: sanction\n  severity: error\n  params: {sanctions: [留党察看]}",
        ),
    )
)


# --- CQ-SANCTION ---------------------------------------------------------------------------


class RecentSanctionParams(Params):
    months: int = Field(
        default=12,
        gt=0,
        description="how many months before the cut-off count as recent",
        json_schema_extra=stricter(Stricter.HIGHER),
    )
    sanctions: tuple[str, ...] = Field(
        default=("警告", "严重警告"),
        description="the sanctions that count",
        json_schema_extra=stricter(Stricter.MORE),
    )


class RecentSanctionRule(RuleBase):
    """A committee candidate with a recent 警告/严重警告."""

    kind: Literal["recent_sanction"]
    params: RecentSanctionParams = RecentSanctionParams()


def date_span(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day a date may mean (a month-only date: the whole month)."""
    if isinstance(day, MonthDate):
        last = calendar.monthrange(day.year, day.month)[1]
        return dt.date(day.year, day.month, 1), dt.date(day.year, day.month, last)
    return day, day


def in_window(day: dt.date, start: dt.date) -> bool | None:
    """Whether a date lies on or after a window's first day (以内 includes its own number: one
    year before the cut-off date to the day is inside); None when a month-only date straddles
    the first day and cannot be judged."""
    first, last = date_span(day)
    if first >= start:
        return True
    return None if last >= start else False


def _recent(rule: RecentSanctionRule, subject: Subject, ctx: CheckContext) -> Outcome:
    if not ctx.has("discipline"):
        return ctx.skipped(rule, "nc.column", column=field_label("discipline"))
    out = Outcome()
    start = add_months(ctx.cutoff, -rule.params.months)
    for p in subject.people:
        if p.discipline not in rule.params.sanctions:
            continue
        inside = True if p.discipline_date is None else in_window(p.discipline_date, start)
        if inside is False:
            continue
        out.findings.append(
            ctx.finding(
                rule,
                "cq.sanction" if inside else "cq.sanction.edge",
                subjects=(p.name,),
                rows=(p.row,),
                field_name="discipline",
                value=p.discipline,
                since=str(p.discipline_date or "—"),
                months=rule.params.months,
            )
        )
    return out


def _recent_names(rule: RecentSanctionRule) -> Iterator[NameRef]:
    for name in rule.params.sanctions:
        yield NameRef("sanctions", name)


register(
    Kind(
        name="recent_sanction",
        rule=RecentSanctionRule,
        scopes=lambda rule: frozenset({Scope.COMMITTEE}),
        check=_recent,
        columns=lambda rule: ("discipline",),
        names=_recent_names,
        messages=("cq.sanction", "cq.sanction.edge"),
        reasons=("nc.column",),
        doc=KindDoc(
            what="A committee candidate with one of the listed sanctions dated within `months` "
            "before the cut-off, that day included (以内 includes its own number); an undated one "
            "counts, a month-only date straddling the window's first day is a finding to verify. Only committee slates: for delegate "
            "candidates and other lists use `disqualification`.",
            why='"党员受到警告或者严重警告处分，一年内不得在党内提升职务" (纪律处分条例); applying it '
            "to a slate is a reading, hence a warning in the national sets.",
            example="- code: CQ-SANCTION\n  kind: recent_sanction\n  severity: warning\n  params: {months: 12, sanctions: [警告, 严重警告]}",
        ),
    )
)
