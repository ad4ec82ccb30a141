"""Check a delegate list and check a slate: the jobs of ``check delegates`` and ``check slate``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from electkit.app.election import Election
    from electkit.core.checks.context import CheckContext
    from electkit.core.checks.delegates import CheckReport
    from electkit.core.checks.slate import Contest
    from electkit.core.models import Person
    from electkit.io.roster import Roster


@dataclass(frozen=True)
class InputInfo:
    """Where the checked data came from (printed and put in the JSON)."""

    path: str
    sha256: str
    encoding: str | None
    rows: int
    sheet: str | None = None


def input_info(data: Roster) -> InputInfo:
    """The InputInfo of a file read by ``io.roster``."""
    return InputInfo(data.path, data.sha256, data.encoding, data.rows, data.sheet)


@dataclass(frozen=True)
class CheckResult:
    """A checked list: the report, the file it came from, the rule set's hash, the people read."""

    report: CheckReport
    info: InputInfo
    rules_sha256: str
    people: list[Person]


def read_list(
    path: Path,
    election: Election,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    contest: Contest | None = None,
) -> tuple[Roster, CheckContext]:
    """Read a list of people as the election reads it (its township, its rule set's vocabulary;
    a committee or discipline slate's CQ-* and avoidance checks are keyed on 拟任职务, so an
    unknown one is an error there), and the context its checks run in."""
    from electkit.core.checks.context import CheckContext
    from electkit.io.roster import read_people

    data = read_people(
        path,
        sheet=sheet,
        encoding=encoding,
        posts_required=contest is not None and contest != "delegates",
        township=election.profile.township,
        vocabulary=election.ruleset.vocabulary,
        contest=contest,
    )
    ctx = CheckContext(
        profile=election.profile, ruleset=election.ruleset, file=data.path, columns=data.columns
    )
    return data, ctx


def check_delegate_list(
    roster: Path,
    election: Election,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
) -> CheckResult:
    """Read a delegate list and check it: eligibility (EL-*) and quotas and shares (DL-*)."""
    from electkit.core.checks.delegates import check_delegates
    from electkit.io.gc_pause import paused_gc

    with paused_gc():  # the checks walk 100,000 people that a collection would walk again
        roster_data, ctx = read_list(roster, election, sheet=sheet, encoding=encoding)
        report = check_delegates(
            roster_data.persons,
            ctx,
            input_findings=roster_data.findings,
            lint_items=election.lint_items,
        )
    return CheckResult(
        report, input_info(roster_data), election.ruleset.sha256(), roster_data.persons
    )


def check_slate_file(
    candidates: Path,
    contest: Contest,
    election: Election,
    *,
    roster: Path | None = None,
    roster_sheet: str | None = None,
    unit: str | None = None,
    seats: int | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
) -> CheckResult:
    """Read a slate (and the roster its candidates must be on) and check it.

    ``unit`` names the election unit of a delegate-candidate list; another unit's rows are not
    this list's, so their reading problems are left out.
    """
    from electkit.core.checks.slate import check_slate, drop_rows, other_units_rows
    from electkit.core.errors import InputError, Problem
    from electkit.core.findings import listing

    ruleset = election.ruleset
    slate_data, ctx = read_list(
        candidates, election, sheet=sheet, encoding=encoding, contest=contest
    )
    roster_people = roster_ctx = None
    if roster is not None:
        roster_data, roster_ctx = read_list(roster, election, sheet=roster_sheet, encoding=encoding)
        roster_people = roster_data.persons
    report = check_slate(
        slate_data.persons,
        ctx,
        contest,
        seats=seats,
        unit=unit,
        roster=roster_people,
        roster_ctx=roster_ctx,
        lint_items=election.lint_items,
        read_findings=slate_data.findings,
    )
    elsewhere = other_units_rows(slate_data.persons, unit if contest == "delegates" else None)
    if elsewhere and len(elsewhere) == len(slate_data.persons):  # a unit typed wrong: not a pass
        units = sorted({p.unit for p in slate_data.persons if p.unit})
        raise InputError(
            [
                Problem(
                    message_id="slate.unit.unknown",
                    file=str(candidates),
                    value=unit,
                    params={"known": listing(units)},
                )
            ]
        )
    read_problems = [
        *drop_rows(slate_data.findings, elsewhere),
        *(roster_data.findings if roster is not None else []),
    ]
    report = report.model_copy(update={"findings": [*read_problems, *report.findings]})
    return CheckResult(report, input_info(slate_data), ruleset.sha256(), slate_data.persons)
