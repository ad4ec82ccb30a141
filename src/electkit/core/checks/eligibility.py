"""EL-*: who may be a delegate or candidate at all, and whether the ID data holds together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from electkit.core.checks.context import CheckContext
from electkit.core.findings import Finding, NotChecked, Severity
from electkit.core.idnumber import IdInfo, IdProblem, parse_id
from electkit.core.models import Gender, MonthDate, PartyStatus, Person
from electkit.core.rulekinds import (
    DuplicatesRule,
    FlagRule,
    IdMatchRule,
    IdNumberRule,
    PartyStatusRule,
    SanctionRule,
)
from electkit.core.vocab import field_label


def check_eligibility(
    people: Sequence[Person], ctx: CheckContext, *, candidates: bool = True
) -> tuple[list[Finding], list[NotChecked]]:
    """Every EL-* rule of the rule set over a list of people.

    ``candidates`` says the people were nominated (delegates, slate members), so the
    candidate-only rules (EL-INVEST, EL-FAMPLAN) apply; they never apply to voter rolls.
    """
    findings: list[Finding] = []
    skipped: list[NotChecked] = []
    rs = ctx.ruleset
    for rule in rs.of_kind(PartyStatusRule):
        if not ctx.has("party_status"):
            skipped.append(ctx.not_checked(rule, "nc.column", column="政治面貌"))
        else:
            findings += _party_status(rule, people, ctx)
    for sanction in rs.of_kind(SanctionRule):
        if not ctx.has("discipline"):
            skipped.append(ctx.not_checked(sanction, "nc.column", column="党纪处分"))
        else:
            findings += _sanction(sanction, people, ctx)
    for flag in rs.of_kind(FlagRule):
        if flag.params.scope == "candidates" and not candidates:
            continue
        if not ctx.has(flag.params.field):
            skipped.append(
                ctx.not_checked(flag, "nc.column", column=field_label(flag.params.field))
            )
            continue
        for p in people:
            if getattr(p, flag.params.field) is True:
                findings.append(
                    ctx.finding(
                        flag,
                        f"el.flag.{flag.params.field}",
                        subjects=(p.name,),
                        rows=(p.row,),
                        field_name=flag.params.field,
                        value="是",
                    )
                )
    id_rules = list(rs.of_kind(IdNumberRule))
    match_rules = list(rs.of_kind(IdMatchRule))
    if (id_rules or match_rules) and not ctx.has("id_number"):
        skipped += [
            ctx.not_checked(r, "nc.column", column="身份证号") for r in id_rules + match_rules
        ]
    elif id_rules or match_rules:
        parsed = {p.row: parse_id(p.id_number, ctx.today) for p in people if p.id_number}
        for id_rule in id_rules:
            findings += _id_numbers(id_rule, people, parsed, ctx)
        for match_rule in match_rules:
            findings += _id_match(match_rule, people, parsed, ctx)
    for dup_rule in rs.of_kind(DuplicatesRule):
        findings += _duplicates(dup_rule, people, ctx)
    return findings, skipped


def _party_status(
    rule: PartyStatusRule, people: Sequence[Person], ctx: CheckContext
) -> Iterator[Finding]:
    for p in people:
        if p.discipline == "开除党籍":  # expelled: not a member, whatever 政治面貌 says
            yield ctx.finding(
                rule,
                "el.full.expelled",
                subjects=(p.name,),
                rows=(p.row,),
                field_name="discipline",
                value=p.discipline,
            )
            continue
        if p.party_status is PartyStatus.FULL:
            continue
        if p.party_status is None:
            yield ctx.finding(
                rule,
                "el.full.missing" if p.party_status_label is None else "el.full.unreadable",
                subjects=(p.name,),
                rows=(p.row,),
                field_name="party_status",
                value=p.party_status_label,
            )
        else:
            message = (
                "el.full.probationary"
                if p.party_status is PartyStatus.PROBATIONARY
                else "el.full.non_member"
            )
            yield ctx.finding(
                rule,
                message,
                subjects=(p.name,),
                rows=(p.row,),
                field_name="party_status",
                value=p.party_status_label,
            )


def _sanction(rule: SanctionRule, people: Sequence[Person], ctx: CheckContext) -> Iterator[Finding]:
    for p in people:
        if p.discipline not in rule.params.sanctions:
            continue
        if p.discipline_date is None:
            yield ctx.finding(
                rule,
                "el.probation.undated",
                subjects=(p.name,),
                rows=(p.row,),
                field_name="discipline",
                value=p.discipline,
            )
            continue
        if p.discipline_years is not None:  # the term is written in the cell
            if ctx.cutoff < _add_years(p.discipline_date, p.discipline_years):
                yield ctx.finding(
                    rule,
                    "el.probation.running",
                    subjects=(p.name,),
                    rows=(p.row,),
                    field_name="discipline",
                    value=p.discipline,
                    since=str(p.discipline_date),
                )
            continue
        # 留党察看 lasts one or two years: running for sure within a year, ended after two.
        one_year = _add_years(p.discipline_date, 1)
        two_years = _add_years(p.discipline_date, 2)
        if ctx.cutoff < one_year:
            yield ctx.finding(
                rule,
                "el.probation.running",
                subjects=(p.name,),
                rows=(p.row,),
                field_name="discipline",
                value=p.discipline,
                since=str(p.discipline_date),
            )
        elif ctx.cutoff < two_years:
            yield ctx.finding(
                rule,
                "el.probation.maybe",
                severity=Severity.WARNING,
                subjects=(p.name,),
                rows=(p.row,),
                field_name="discipline",
                value=p.discipline,
                since=str(p.discipline_date),
            )


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _id_numbers(
    rule: IdNumberRule,
    people: Sequence[Person],
    parsed: dict[int, IdInfo | IdProblem],
    ctx: CheckContext,
) -> Iterator[Finding]:
    for p in people:
        if not p.id_number:
            continue
        result = parsed[p.row]
        if isinstance(result, IdInfo):
            if result.birth_date > ctx.profile.election_date:  # valid, but not yet born then
                yield ctx.finding(
                    rule,
                    "el.id.after_election",
                    subjects=(p.name,),
                    rows=(p.row,),
                    field_name="id_number",
                    value=p.id_number,
                    detail=result.birth_date.isoformat(),
                    date=ctx.profile.election_date.isoformat(),
                )
                continue
            if result.old_15:
                yield ctx.finding(
                    rule,
                    "el.id.old15",
                    severity=rule.params.old_15_severity,
                    subjects=(p.name,),
                    rows=(p.row,),
                    field_name="id_number",
                    value=p.id_number,
                )
            continue
        yield ctx.finding(
            rule,
            f"el.id.{result.kind}",
            subjects=(p.name,),
            rows=(p.row,),
            field_name="id_number",
            value=p.id_number,
            detail=result.detail,
        )


def _id_match(
    rule: IdMatchRule,
    people: Sequence[Person],
    parsed: dict[int, IdInfo | IdProblem],
    ctx: CheckContext,
) -> Iterator[Finding]:
    for p in people:
        info = parsed.get(p.row)
        if not isinstance(info, IdInfo):
            continue
        declared = p.birth_date
        if declared is not None:
            same = (declared.year, declared.month) == (info.birth_date.year, info.birth_date.month)
            # a year-month date (1985.03) has no day to compare; a full date (1985-03-01) has
            month = declared.month_text() if isinstance(declared, MonthDate) else None
            if same and month is None:
                same = declared.day == info.birth_date.day
            if not same:
                yield ctx.finding(
                    rule,
                    "el.idmatch.birth",
                    subjects=(p.name,),
                    rows=(p.row,),
                    field_name="birth_date",
                    value=month or declared.isoformat(),
                    encoded=info.birth_date.isoformat(),
                )
        if p.gender is not None and (p.gender is Gender.FEMALE) != info.female:
            encoded = Gender.FEMALE if info.female else Gender.MALE
            yield ctx.finding(
                rule,
                "el.idmatch.gender",
                subjects=(p.name,),
                rows=(p.row,),
                field_name="gender",
                value=p.gender.value,
                encoded=encoded.value,
            )


K = TypeVar("K")


def _groups(people: Sequence[Person], key: Callable[[Person], K | None]) -> dict[K, list[Person]]:
    """People sharing a key, only where more than one does (a first-seen map keeps it cheap)."""
    first: dict[K, Person] = {}
    groups: dict[K, list[Person]] = {}
    for p in people:
        k = key(p)
        if k is None or not k:
            continue
        seen = first.setdefault(k, p)
        if seen is not p:
            groups.setdefault(k, [seen]).append(p)
    return groups


def _duplicates(
    rule: DuplicatesRule, people: Sequence[Person], ctx: CheckContext
) -> Iterator[Finding]:
    by_id = _groups(people, lambda p: p.id_number)
    by_name_birth = _groups(
        people, lambda p: (p.name_key, p.birth_date) if p.birth_date is not None else None
    )
    reported: set[tuple[int, ...]] = set()
    for number, group in by_id.items():
        rows = tuple(p.row for p in group)
        reported.add(rows)
        yield ctx.finding(
            rule,
            "el.dup.id",
            subjects=tuple(p.name for p in group),
            rows=rows,
            field_name="id_number",
            value=number,
            count=len(group),
        )
    for (_name, birth), group in by_name_birth.items():
        rows = tuple(p.row for p in group)
        if rows not in reported:
            yield ctx.finding(
                rule,
                "el.dup.name_birth",
                severity=rule.params.name_birth_severity,
                subjects=tuple(p.name for p in group),
                rows=rows,
                field_name="name",
                value=group[0].name,
                birth=str(birth),
                count=len(group),
            )
