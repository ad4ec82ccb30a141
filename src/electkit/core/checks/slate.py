"""``check slate``: a candidate list for the committee, the discipline committee or delegates.

Seats come from the rule set (CS-SEATS / CS-DSEATS, or a unit's seats for delegates); the number
of candidates is checked against the 差额 rule and, where the local rule is below it, against the
national floor too (a deviation warning, never silently resolved).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Literal

from electkit.core.checks.blanks import blank_cells
from electkit.core.checks.context import CheckContext
from electkit.core.checks.dates import check_dates
from electkit.core.checks.delegates import CheckReport, deviation_findings, in_force_findings
from electkit.core.checks.eligibility import check_eligibility
from electkit.core.checks.exchange import check_exchange
from electkit.core.checks.makeup import check_makeup
from electkit.core.checks.order import check_order
from electkit.core.checks.qualifications import check_qualifications
from electkit.core.checks.team import team
from electkit.core.findings import (
    CompositionRow,
    Finding,
    NotChecked,
    Severity,
    Text,
    sort_findings,
)
from electkit.core.lint import LintItem
from electkit.core.models import Person
from electkit.core.plan import contest_seats, extra_rule, national_min, seats_rule, unit_min
from electkit.core.rulekinds import OnRosterRule, StrokeOrderRule, UnitExtraRule

Contest = Literal["committee", "discipline", "delegates"]
LABELS = {
    "committee": Text(zh="委员候选人", en="committee candidates"),
    "discipline": Text(zh="纪委委员候选人", en="discipline-committee candidates"),
}


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
    """Check a slate: candidates against seats and 差额, then every CS/CQ/EL rule that applies.

    ``read_findings`` are the reader's cell problems (not repeated here: they tell a blank cell
    from an unreadable one).
    """
    findings: list[Finding] = []
    skipped: list[NotChecked] = []
    composition: list[CompositionRow] = []
    if contest == "delegates" and unit is not None:
        # one unit's list: rows of other units are not its candidates, nor its problems
        people = [p for p in people if p.unit in (None, unit)]
    people, findings = check_dates(people, ctx)
    findings += blank_cells(
        people,
        ctx,
        [*read_findings, *findings],
        candidates=contest == "delegates",
        columns=SLATE_COLUMNS[contest],
    )
    # EL-INVEST/EL-FAMPLAN restrict the nomination of delegate candidates only
    person, person_skipped = check_eligibility(people, ctx, candidates=contest == "delegates")
    findings += person
    skipped += person_skipped
    if contest == "delegates":
        _delegates(people, ctx, unit, seats, findings, skipped, composition)
    else:
        used = _committee_size(people, ctx, contest, seats, findings, skipped, composition)
        members = team(people, ctx.profile)
        found, nc = check_makeup(people, members, ctx, contest, used)
        findings += found
        skipped += nc
        if contest == "committee":
            for found, nc in (
                check_exchange(people, members, ctx),
                check_qualifications(people, ctx),
            ):
                findings += found
                skipped += nc
    findings += _order(people, ctx, contest, unit)
    if roster is not None:
        findings += _on_roster(people, roster, ctx, roster_ctx)
    findings += deviation_findings(lint_items, ctx, ("EL-", "CQ-"))
    findings += in_force_findings(ctx)
    return CheckReport(
        ruleset=ctx.ruleset.name,
        people=len(people),
        composition=composition,
        findings=sort_findings(findings),
        not_checked=skipped,
    )


# the person columns the slate rules read (team make-up by age, gender, ethnicity)
SLATE_COLUMNS: dict[str, tuple[str, ...]] = {
    "committee": ("gender", "birth_date", "ethnicity"),
    "discipline": ("gender", "birth_date"),
    "delegates": (),
}


def other_units_rows(people: Sequence[Person], unit: str | None) -> frozenset[int]:
    """Rows of people in another unit than ``unit`` (none when no unit is chosen)."""
    if unit is None:
        return frozenset()
    return frozenset(p.row for p in people if p.unit not in (None, unit))


def drop_rows(findings: Sequence[Finding], rows: frozenset[int]) -> list[Finding]:
    """The findings that concern at least one row outside ``rows`` (or no row at all)."""
    return [f for f in findings if not f.rows or not set(f.rows) <= rows]


def _committee_size(
    people: Sequence[Person],
    ctx: CheckContext,
    contest: Contest,
    stated: int | None,
    findings: list[Finding],
    skipped: list[NotChecked],
    composition: list[CompositionRow],
) -> int | None:
    """The seats of the contest (rule set, or ``--seats`` checked against it) and the 差额 check."""
    rs = ctx.ruleset
    size_rule = seats_rule(rs, contest)
    planned = contest_seats(size_rule, ctx.profile, rs)
    seats = stated if stated is not None else planned.seats
    if size_rule is not None and stated is not None:
        fixed_wrong = planned.seats is not None and stated != planned.seats
        out_of_range = (
            planned.low is not None
            and planned.high is not None
            and not (planned.low <= stated <= planned.high)
        )
        if fixed_wrong or out_of_range:
            want = (
                str(planned.seats) if planned.seats is not None else f"{planned.low}-{planned.high}"
            )
            findings.append(
                ctx.finding(
                    size_rule,
                    "cs.seats",
                    measured=str(stated),
                    required=want,
                    seats=stated,
                    want=want,
                )
            )
    rule = extra_rule(rs, contest)
    if seats is None:
        if rule is not None:
            reason = {
                "plan.no_villages": "nc.seats.villages",
                "plan.no_rule": "nc.seats.no_rule",
            }.get(planned.reason or "", "nc.seats")
            skipped.append(ctx.not_checked(rule, reason))
        return None
    n = len(people)
    floor = national_min(seats)
    least = seats + rule.min_extra(seats) if rule is not None else floor
    composition.append(
        CompositionRow(
            rule=rule.code if rule else "CS-EXTRA",
            label=Text(
                zh=f"{LABELS[contest].zh}(应选{seats}名)",
                en=f"{LABELS[contest].en} ({seats} seats)",
            ),
            count=n,
            total=seats,
            least=least,
            most=least if rule is not None and rule.params.above == "warning" else None,
            ok=n >= least,
            severity=rule.severity if rule else Severity.ERROR,
        )
    )
    if rule is None:
        return seats
    if n < least:
        findings.append(
            ctx.finding(
                rule,
                "cs.extra.few",
                measured=str(n),
                required=f">= {least}",
                needed=least - n,
                count=n,
                seats=seats,
                least=least,
            )
        )
    elif rule.params.above == "warning" and n > least:
        findings.append(
            ctx.finding(
                rule,
                "cs.extra.many",
                severity=Severity.WARNING,
                measured=str(n),
                required=f"= {least}",
                count=n,
                seats=seats,
                least=least,
            )
        )
    if least <= n < floor:
        findings.append(
            ctx.finding(
                rule,
                "cs.extra.deviation",
                severity=Severity.WARNING,
                measured=str(n),
                required=f">= {floor}",
                local=least - seats,
                national=floor - seats,
                seats=seats,
                base=ctx.ruleset.national_base or "national",
            )
        )
    return seats


def _delegates(
    people: Sequence[Person],
    ctx: CheckContext,
    only: str | None,
    stated: int | None,
    findings: list[Finding],
    skipped: list[NotChecked],
    composition: list[CompositionRow],
) -> None:
    """DL-EXTRA: candidates per election unit ≥ the unit's seats + 20% (rounded up).

    ``stated`` (``--seats`` with ``--unit``) gives the unit's seats when the profile has none.
    """
    rule = next(ctx.ruleset.of_kind(UnitExtraRule), None)
    if rule is None:
        return
    by_unit: dict[str, list[Person]] = defaultdict(list)
    for p in people:
        by_unit[only or p.unit or ""].append(p)
    seats_of = {u.name: u.seats for u in ctx.profile.units}
    if only is not None and stated is not None:
        seats_of[only] = stated
    for name, group in by_unit.items():
        if not name:
            skipped.append(ctx.not_checked(rule, "nc.unit_column"))
            continue
        seats = seats_of.get(name)
        if seats is None:
            findings.append(
                ctx.finding(
                    rule,
                    "dl.extra.unknown_unit",
                    subjects=(name,),
                    rows=tuple(p.row for p in group),
                    field_name="unit",
                    value=name,
                    unit=name,
                )
            )
            continue
        least = unit_min(rule, seats)
        composition.append(
            CompositionRow(
                rule=rule.code,
                label=Text(zh=name, en=name),
                count=len(group),
                total=seats,
                least=least,
                ok=len(group) >= least,
                severity=rule.severity,
            )
        )
        if len(group) < least:
            findings.append(
                ctx.finding(
                    rule,
                    "dl.extra.few",
                    subjects=(name,),
                    measured=str(len(group)),
                    required=f">= {least}",
                    needed=least - len(group),
                    unit=name,
                    count=len(group),
                    seats=seats,
                    least=least,
                )
            )


def _order(
    people: Sequence[Person], ctx: CheckContext, contest: Contest, unit: str | None
) -> list[Finding]:
    """CS-ORDER: the slate as printed follows surname-stroke order (each unit's list on its own)."""
    rule = next(ctx.ruleset.of_kind(StrokeOrderRule), None)
    if rule is None:
        return []
    lists: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for p in people:
        lists[(unit or p.unit or "") if contest == "delegates" else ""].append((p.row, p.name))
    return [f for names in lists.values() for f in check_order(rule, names, ctx)]


def _on_roster(
    people: Sequence[Person],
    roster: Sequence[Person],
    ctx: CheckContext,
    roster_ctx: CheckContext | None,
) -> list[Finding]:
    """EL-ROSTER: each candidate is on the roster (by ID number, else name and birth date, else
    name); the roster's own record is then checked for eligibility too."""
    rule = next(ctx.ruleset.of_kind(OnRosterRule), None)
    by_id = {p.id_number: p for p in roster if p.id_number}
    by_name_birth = {(p.name_key, p.birth_date): p for p in roster if p.birth_date}
    by_name: dict[str, list[Person]] = defaultdict(list)
    for p in roster:
        by_name[p.name_key].append(p)
    found: list[Finding] = []
    matched: list[Person] = []
    for p in people:
        record = (by_id.get(p.id_number) if p.id_number else None) or (
            by_name_birth.get((p.name_key, p.birth_date)) if p.birth_date else None
        )
        if record is None and len(by_name.get(p.name_key, [])) == 1 and not (p.id_number and by_id):
            record = by_name[p.name_key][0]
        if record is None:
            if rule is not None:
                found.append(
                    ctx.finding(
                        rule,
                        "el.roster.missing",
                        subjects=(p.name,),
                        rows=(p.row,),
                        field_name="name",
                        value=p.name,
                    )
                )
        else:
            matched.append(record)
    if roster_ctx is not None and matched:
        eligibility, _ = check_eligibility(matched, roster_ctx, candidates=True)
        found += [f for f in eligibility if f.rule != "EL-DUP"]
    return found
