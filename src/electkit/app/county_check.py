"""``county check``: every township's checks, then the county as data for the county rules.

Each township is read and checked by ``app.township.read_township`` — the same
``load_election``, ``plan_election``, ``check_delegate_list`` and ``check_slate_file`` the
single-township commands call, so its findings are exactly theirs. Townships are handed to the
caller one at a time (to render them as they come) and only the small people lists the county
rules read are kept: memory stays flat in the number of townships.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from electkit.app.county import Workspace
    from electkit.app.township import TownshipState
    from electkit.core.county import County


@dataclass
class CheckTotals:
    """What ``county check`` found, added up over the townships."""

    townships: int = 0
    errors: int = 0
    warnings: int = 0
    unreadable: int = 0  # files that exist but cannot be read (exit 2)
    missing: int = 0  # lists or folders not provided yet
    by_township: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class CountyCheck:
    """The county after its townships were checked: the totals and the county as data."""

    totals: CheckTotals
    county: County


def unreadable(state: TownshipState) -> int:
    """How many of a township's files exist but cannot be read (or are ambiguous)."""
    count = sum(1 for p in state.problems if p.message_id != "county.township.no_folder")
    count += sum(1 for c in state.lists.values() if c.result is None)
    count += sum(1 for c in state.contests for r in c.rounds if r.state == "unreadable")
    return count


def check_county(
    workspace: Workspace, on_township: Callable[[TownshipState], None] | None = None
) -> CountyCheck:
    """Check every township (``on_township`` sees each in turn) and build the county's data."""
    from electkit.app.county import county_data, township_data, townships

    totals = CheckTotals()
    kept = []
    for state in townships(workspace):
        if on_township is not None:
            on_township(state)
        errors = sum(c.result.report.errors for c in state.lists.values() if c.result)
        warnings = sum(c.result.report.warnings for c in state.lists.values() if c.result)
        if state.plan is not None:
            errors += sum(1 for f in state.plan.findings if f.severity.value == "error")
            warnings += sum(1 for f in state.plan.findings if f.severity.value == "warning")
        totals.townships += 1
        totals.errors += errors
        totals.warnings += warnings
        totals.unreadable += unreadable(state)
        totals.missing += (state.files is None) + sum(
            1 for role in ("delegates", "committee", "discipline") if role not in state.lists
        )
        totals.by_township[state.name] = (errors, warnings)
        kept.append(township_data(state))
    return CountyCheck(totals, county_data(workspace, kept))
