"""``check slate``: a candidate list for the committee, the discipline committee, the delegates of an
election unit, or the delegates to the higher congress.

Seats come from the rule set (CS-SEATS / CS-DSEATS), the profile (a unit's seats, the number of
delegates to the higher congress) or what the user states; every rule of the set that applies to
this kind of list is then evaluated through the registry of rule kinds, and every other rule is
listed as not checked with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from electkit.core.checks.blanks import blank_cells, unreadable_cells
from electkit.core.checks.context import CheckContext, Outcome, Subject
from electkit.core.checks.dates import check_dates
from electkit.core.checks.delegates import CheckReport, deviation_findings, in_force_findings
from electkit.core.checks.run import evaluate
from electkit.core.checks.team import team
from electkit.core.findings import CompositionRow, Finding, Severity, Text, sort_findings
from electkit.core.kinds import kind_of
from electkit.core.kinds.eligibility import match_roster
from electkit.core.kinds.seats import LABELS, extra_rule, planned_seats
from electkit.core.lint import LintItem
from electkit.core.models import Person
from electkit.core.rulebase import Scope

Contest = Literal["committee", "discipline", "delegates", "higher"]
SCOPES: dict[str, Scope] = {
    "committee": Scope.COMMITTEE,
    "discipline": Scope.DISCIPLINE,
    "delegates": Scope.UNIT_CANDIDATES,
    "higher": Scope.HIGHER,
}
# the kinds that judge one person's own eligibility: what a candidate's roster record is held to
PERSON_KINDS = frozenset(
    {"party_status", "sanction", "flag", "id_number", "id_match", "disqualification"}
)


def check_slate(
    people: Sequence[Person],
    ctx: CheckContext,
    contest: Contest,
    *,
    seats: int | None = None,
    unit: str | None = None,
    roster: Sequence[Person] | None = None,
    roster_ctx: CheckContext | None = None,
    lint_items: Sequence[LintItem] = (),
    read_findings: Sequence[Finding] = (),
) -> CheckReport:
    """Check a slate: candidates against seats and 差额, then every rule that applies.

    ``read_findings`` are the reader's cell problems (not repeated here: they tell a blank cell
    from an unreadable one).
    """
    scope = SCOPES[contest]
    if contest == "delegates" and unit is not None:
        # one unit's list: rows of other units are not its candidates, nor its problems
        people = [p for p in people if p.unit in (None, unit)]
    people, findings = check_dates(people, ctx)
    ctx.cache["unreadable"] = unreadable_cells([*read_findings, *findings])
    findings += blank_cells(people, ctx, scope, [*read_findings, *findings])
    used = seats
    if contest != "delegates" and used is None:
        used = planned_seats(ctx.ruleset, ctx.profile, contest).seats
    subject = Subject(
        scope,
        people,
        members=team(people, ctx.profile) if contest == "committee" else (),
        seats=used,
        stated_seats=seats,
        unit=unit,
        roster=roster,
        roster_ctx=roster_ctx,
    )
    outcome = evaluate(subject, ctx)
    findings += outcome.findings
    if contest != "delegates" and used is not None and extra_rule(ctx.ruleset, contest) is None:
        outcome.composition.insert(0, _no_extra_rule(contest, len(people), used))
    if roster is not None and roster_ctx is not None:
        findings += _roster_records(people, roster, roster_ctx)
    findings += deviation_findings(lint_items, ctx, ("EL-", "CQ-"))
    findings += in_force_findings(ctx)
    return CheckReport(
        ruleset=ctx.ruleset.name,
        people=len(people),
        composition=outcome.composition,
        findings=sort_findings(findings),
        not_checked=outcome.not_checked,
    )


def _no_extra_rule(contest: str, n: int, seats: int) -> CompositionRow:
    """The candidates against the seats when the rule set has no 差额 rule for the contest: shown
    without a requirement, so the count is still on the report."""
    return CompositionRow(
        rule="CS-EXTRA",
        label=Text(
            zh=f"{LABELS[contest].zh}(应选{seats}名)", en=f"{LABELS[contest].en} ({seats} seats)"
        ),
        count=n,
        total=seats,
        ok=True,
        severity=Severity.INFO,
    )


def _roster_records(
    people: Sequence[Person], roster: Sequence[Person], roster_ctx: CheckContext
) -> list[Finding]:
    """The roster's own record of each candidate found on it, held to the eligibility rules."""
    matched = [r for r in match_roster(people, roster) if r is not None]
    if not matched:
        return []
    codes = {
        rule.code
        for rule in roster_ctx.ruleset.rules.values()
        if kind_of(rule).name in PERSON_KINDS and rule.code != "EL-DUP"
    }
    outcome: Outcome = evaluate(Subject(Scope.UNIT_CANDIDATES, matched), roster_ctx)
    return [f for f in outcome.findings if f.rule in codes]


def other_units_rows(people: Sequence[Person], unit: str | None) -> frozenset[int]:
    """Rows of people in another unit than ``unit`` (none when no unit is chosen)."""
    if unit is None:
        return frozenset()
    return frozenset(p.row for p in people if p.unit not in (None, unit))


def drop_rows(findings: Sequence[Finding], rows: frozenset[int]) -> list[Finding]:
    """The findings that concern at least one row outside ``rows`` (or no row at all)."""
    return [f for f in findings if not f.rows or not set(f.rows) <= rows]
