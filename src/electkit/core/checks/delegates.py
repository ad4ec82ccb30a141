"""``check delegates``: eligibility of every delegate and the quotas of the list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict, Field

from electkit.core.checks.blanks import blank_cells, unreadable_cells
from electkit.core.checks.context import CheckContext, Subject
from electkit.core.checks.dates import check_dates
from electkit.core.checks.run import evaluate
from electkit.core.findings import (
    CompositionRow,
    Finding,
    FindingCounts,
    NotChecked,
    Severity,
    sort_findings,
)
from electkit.core.lint import LintItem
from electkit.core.models import Person
from electkit.core.rulebase import Scope
from electkit.core.ruleset import RuleSet


class CheckReport(FindingCounts, BaseModel):
    """The result of a check: findings, the measured shares, and rules that could not be checked."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ruleset: str
    people: int
    composition: list[CompositionRow] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    not_checked: list[NotChecked] = Field(default_factory=list)


def deviation_findings(
    items: Iterable[LintItem], ctx: CheckContext, prefixes: tuple[str, ...]
) -> list[Finding]:
    """Lint weakenings of the rules a check uses, repeated on its result as warnings."""
    out = []
    for item in items:
        if item.type not in ("weakens", "conflicts", "removed") or not item.rule.startswith(
            prefixes
        ):
            continue
        out.append(
            Finding(
                rule=item.rule,
                severity=Severity.WARNING,
                message_id=dev_message(item.message_id),
                params={
                    "base": ctx.ruleset.national_base,
                    **item.params,
                    "local": item.local,
                    "national": item.national,
                },
                source=item.local_source or item.national_source,
            )
        )
    return out


def dev_message(message_id: str) -> str:
    """The deviation form of a lint message ("this rule set …, below … in {base}")."""
    from electkit.core.lint import DEVIATION

    return DEVIATION.get(message_id, message_id)


def in_force_findings(ctx: CheckContext) -> list[Finding]:
    """RS-INFORCE for a check (see ``in_force_finding``)."""
    found = in_force_finding(ctx.ruleset, ctx.profile.election_date)
    return [found] if found else []


def in_force_finding(rs: RuleSet, date: dt.date) -> Finding | None:
    """RS-INFORCE: the rule set does not apply on the election date (ended, or not yet in force)."""
    if rs.in_force is None or rs.is_in_force(date):
        return None
    ended = rs.in_force.until is not None and date >= rs.in_force.until
    bound = rs.in_force.until if ended else rs.in_force.since
    message = "rs.in_force.ended" if ended else "rs.in_force.not_yet"
    if ended and rs.in_force.successor:
        message += ".successor"
    return Finding(
        rule="RS-INFORCE",
        severity=Severity.WARNING,
        message_id=message,
        params={
            "ruleset": rs.name,
            "date": date.isoformat(),
            "bound": bound.isoformat() if bound else None,
            "successor": rs.in_force.successor,
        },
    )


def check_delegates(
    people: Sequence[Person],
    ctx: CheckContext,
    *,
    input_findings: Sequence[Finding] = (),
    lint_items: Sequence[LintItem] = (),
) -> CheckReport:
    """Check a delegate list: every rule of the set that applies to a delegate list (EL-* for each
    person, DL-* for the list), plus rule-set deviations; every other rule is listed as not
    checked, with the reason."""
    findings = list(input_findings)
    people, date_findings = check_dates(people, ctx)
    findings += date_findings
    ctx.cache["unreadable"] = unreadable_cells([*input_findings, *date_findings])
    findings += blank_cells(people, ctx, Scope.DELEGATES, [*input_findings, *date_findings])
    outcome = evaluate(Subject(Scope.DELEGATES, people), ctx)
    findings += outcome.findings
    findings += deviation_findings(lint_items, ctx, ("EL-", "DL-"))
    findings += in_force_findings(ctx)
    return CheckReport(
        ruleset=ctx.ruleset.name,
        people=len(people),
        composition=outcome.composition,
        findings=sort_findings(findings),
        not_checked=outcome.not_checked,
    )
