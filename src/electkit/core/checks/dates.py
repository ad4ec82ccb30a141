"""IN-VALUE for dates that cannot be true: after the election, or before the person was born.

The readers only see one cell at a time; whether a date is possible depends on the election date
and on the person's other dates, so it is checked here, before any rule measures an age or a
number of years with it. A date after the election is an error and is not used by any rule (a
negative 工龄 or age must never reach a message); a date before the birth date, or joining the
Party before 18, is a warning to check the row.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from operator import attrgetter
from typing import Any

from electkit.core.checks.context import CheckContext
from electkit.core.findings import Finding, Severity
from electkit.core.idnumber import IdInfo, parse_id
from electkit.core.models import MonthDate, Person, full_years

# the date fields of a person, in the order their findings are listed
DATE_FIELDS = ("birth_date", "joined_party", "work_start", "current_post_since", "discipline_date")
# fields that cannot come before the person was born
AFTER_BIRTH = ("joined_party", "work_start", "current_post_since")
PARTY_AGE = 18  # 党章第一条：年满十八岁的中国工人、农民……可以申请加入中国共产党


def check_dates(people: Sequence[Person], ctx: CheckContext) -> tuple[list[Person], list[Finding]]:
    """The people with impossible dates removed (set to unknown), and a finding for each.

    Column by column (a list may have 100,000 rows and almost never has such a date): only
    the people with a finding are looked at one by one.
    """
    election = ctx.profile.election_date
    fields = [f for f in DATE_FIELDS if ctx.has(f)]
    if not fields:
        return list(people), []
    people, findings = births_from_ids(people, ctx)
    late: dict[int, list[str]] = {}
    for f in fields:
        column = list(map(attrgetter(f), people))
        if max(filter(None, column), default=election) <= election:
            continue  # the usual column: no date after the election (found in C)
        for i, d in enumerate(column):
            if d is not None and d > election:
                late.setdefault(i, []).append(f)
    kept = list(people)
    for i, names in sorted(late.items()):
        p = kept[i]
        findings += [
            _finding(ctx, p, f, Severity.ERROR, "cell.date_after_election", date=election)
            for f in names
        ]
        unknown: dict[str, Any] = dict.fromkeys(names)
        kept[i] = dataclasses.replace(p, **unknown)
    if "birth_date" in fields:
        births = [p.birth_date for p in kept]
        for f in (f for f in AFTER_BIRTH if f in fields):
            column = [getattr(p, f) for p in kept]
            for i, (d, birth) in enumerate(zip(column, births, strict=True)):
                if d is None or birth is None or d.year > birth.year + PARTY_AGE:
                    continue  # the usual case: long after the birth and the 18th birthday
                if _month_only(d, birth):  # the day is unknown: compare months, not the 1st
                    d, birth = d.replace(day=1), birth.replace(day=1)
                if d < birth:
                    findings.append(
                        _finding(
                            ctx, kept[i], f, Severity.WARNING, "cell.date_before_birth", birth=birth
                        )
                    )
                elif f == "joined_party" and d.year - birth.year <= PARTY_AGE:
                    # the same month as the 18th birthday may be on or after it: not a finding
                    age = full_years(birth, d)
                    if age < PARTY_AGE:
                        findings.append(
                            _finding(
                                ctx, kept[i], f, Severity.WARNING, "cell.joined_under_18", age=age
                            )
                        )
    findings.sort(key=lambda f: f.rows)
    return kept, findings


def _month_only(a: dt.date, b: dt.date) -> bool:
    """Whether either date was written to the month only (1998.06)."""
    return isinstance(a, MonthDate) or isinstance(b, MonthDate)


def births_from_ids(
    people: Sequence[Person], ctx: CheckContext
) -> tuple[list[Person], list[Finding]]:
    """A blank or unreadable 出生年月 is taken from a valid ID number (GB 11643 encodes it),
    with an info finding saying so; the ages then count instead of staying unknown."""
    kept = list(people)
    if not (ctx.has("birth_date") and ctx.has("id_number")):
        return kept, []
    found: list[Finding] = []
    for i, p in enumerate(kept):
        if p.birth_date is not None or not p.id_number:
            continue
        info = parse_id(p.id_number, ctx.today)
        if not isinstance(info, IdInfo) or info.birth_date > ctx.profile.election_date:
            continue  # EL-IDNUM says what is wrong with the number
        kept[i] = dataclasses.replace(p, birth_date=info.birth_date)
        found.append(
            Finding(
                rule="IN-VALUE",
                severity=Severity.INFO,
                message_id="cell.birth_from_id",
                params={"date": info.birth_date.isoformat()},
                subjects=(p.name,),
                rows=(p.row,),
                file=ctx.file,
                column=ctx.columns.get("birth_date"),
            )
        )
    return kept, found


def _finding(
    ctx: CheckContext,
    p: Person,
    fieldname: str,
    severity: Severity,
    message_id: str,
    **params: dt.date | int,
) -> Finding:
    day = getattr(p, fieldname)
    return Finding(
        rule="IN-VALUE",
        severity=severity,
        message_id=message_id,
        params={k: str(v) if isinstance(v, dt.date) else v for k, v in params.items()},
        subjects=(p.name,),
        rows=(p.row,),
        file=ctx.file,
        column=ctx.columns.get(fieldname),
        value=str(day),  # a MonthDate prints as written: 1985-03
    )
