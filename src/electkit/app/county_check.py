"""``county check``: every township's checks, then the county as data for the county rules.

Each township is read and checked by ``app.township.read_township`` — the same
``load_election``, ``plan_election``, ``check_delegate_list`` and ``check_slate_file`` the
single-township commands call, so its findings are exactly theirs. Townships are handed to the
caller one at a time (to render them as they come) and only the small people lists the county
rules read are kept: memory stays flat in the number of townships.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from electkit.app.county import Workspace
    from electkit.app.township import TownshipState
    from electkit.core.checks.context import Outcome
    from electkit.core.county import County, TownshipData


R = TypeVar("R")


@dataclass
class CheckTotals:
    """What ``county check`` found, added up over the townships."""

    townships: int = 0
    errors: int = 0
    warnings: int = 0
    unreadable: int = 0  # files that exist but cannot be read (exit 2)
    missing: int = 0  # lists or folders not provided yet


@dataclass(frozen=True)
class CountyCheck:
    """The county after its townships were checked: the totals, the county as data and what
    its county-level rules found."""

    totals: CheckTotals
    county: County
    rules: Outcome


@dataclass(frozen=True)
class Checked(Generic[R]):
    """One township checked: what the caller made of it (``shown``), its counts, and the
    township as the county rules see it."""

    shown: R
    name: str
    errors: int
    warnings: int
    unreadable: int
    missing: int
    data: TownshipData


def unreadable(state: TownshipState) -> int:
    """How many of a township's files exist but cannot be read (or are ambiguous)."""
    count = sum(1 for p in state.problems if p.message_id != "county.township.no_folder")
    count += sum(1 for c in state.lists.values() if c.result is None)
    count += sum(1 for c in state.contests for r in c.rounds if r.state == "unreadable")
    return count


def checked(show: Callable[[TownshipState], R], state: TownshipState) -> Checked[R]:
    """A township's checks added up (and shown by ``show``, where it was read)."""
    from electkit.app.county import township_data

    lists = [c.result.report for c in state.lists.values() if c.result is not None]
    errors = sum(r.errors for r in lists)
    warnings = sum(r.warnings for r in lists)
    if state.plan is not None:
        errors += state.plan.errors
        warnings += state.plan.warnings
    missing = (state.files is None) + sum(
        1 for role in ("delegates", "committee", "discipline") if role not in state.lists
    )
    return Checked(
        show(state), state.name, errors, warnings, unreadable(state), missing, township_data(state)
    )


def check_county(
    workspace: Workspace,
    show: Callable[[TownshipState], R],
    on_township: Callable[[R], None],
    *,
    jobs: int = 1,
) -> CountyCheck:
    """Check every township — ``show`` renders each where it is read (in a worker process when
    ``jobs`` > 1), ``on_township`` receives the renderings in county.yaml's order — then build
    the county's data."""
    from electkit.app.county import county_data, each_township

    totals = CheckTotals()
    kept = []
    for done in each_township(workspace, partial(checked, show), jobs):
        on_township(done.shown)
        totals.townships += 1
        totals.errors += done.errors
        totals.warnings += done.warnings
        totals.unreadable += done.unreadable
        totals.missing += done.missing
        kept.append(done.data)
    county = county_data(workspace, kept)
    rules = county_rules(workspace, county)
    totals.errors += sum(1 for f in rules.findings if f.severity.value == "error")
    totals.warnings += sum(1 for f in rules.findings if f.severity.value == "warning")
    return CountyCheck(totals, county, rules)


def county_rules(workspace: Workspace, county: County) -> Outcome:
    """The county-level rules of the county's rule set, on the county as data."""
    from electkit.core.county import CountyContext, evaluate_county

    return evaluate_county(county, CountyContext(workspace.rules.ruleset))
