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
from typing import Any

from electkit.core.checks.context import CheckContext
from electkit.core.findings import Finding, Severity
from electkit.core.models import MonthDate, Person, full_years

# the date fields of a person, in the order their findings are listed
DATE_FIELDS = ("birth_date", "joined_party", "work_start", "current_post_since", "discipline_date")
# fields that cannot come before the person was born
AFTER_BIRTH = ("joined_party", "work_start", "current_post_since")
PARTY_AGE = 18  # 党章第一条：年满十八岁的中国工人、农民……可以申请加入中国共产党


def shown(day: dt.date) -> str:
    """A date as staff wrote it: year and month only when the cell gave no day."""
    return day.month_text() if isinstance(day, MonthDate) else day.isoformat()


def check_dates(people: Sequence[Person], ctx: CheckContext) -> tuple[list[Person], list[Finding]]:
    """The people with impossible dates removed (set to unknown), and a finding for each."""
    election = ctx.profile.election_date
    fields = [f for f in DATE_FIELDS if ctx.has(f)]
    if not fields:
        return list(people), []
    findings: list[Finding] = []
    kept: list[Person] = []
    for p in people:
        late = [f for f in fields if (d := getattr(p, f)) is not None and d > election]
        for f in late:
            findings.append(
                _finding(ctx, p, f, Severity.ERROR, "cell.date_after_election", date=election)
            )
        if late:
            unknown: dict[str, Any] = dict.fromkeys(late)
            p = dataclasses.replace(p, **unknown)
        birth = p.birth_date
        if birth is not None:
            for f in AFTER_BIRTH:
                d = getattr(p, f)
                if d is not None and d < birth:
                    findings.append(
                        _finding(ctx, p, f, Severity.WARNING, "cell.date_before_birth", birth=birth)
                    )
            joined = p.joined_party
            if joined is not None and joined >= birth and full_years(birth, joined) < PARTY_AGE:
                findings.append(
                    _finding(
                        ctx,
                        p,
                        "joined_party",
                        Severity.WARNING,
                        "cell.joined_under_18",
                        age=full_years(birth, joined),
                    )
                )
        kept.append(p)
    return kept, findings


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
        params={k: shown(v) if isinstance(v, dt.date) else v for k, v in params.items()},
        subjects=(p.name,),
        rows=(p.row,),
        file=ctx.file,
        column=ctx.columns.get(fieldname),
        value=shown(day),
    )
