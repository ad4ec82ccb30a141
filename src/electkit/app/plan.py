"""Plan an election's numbers and share delegate seats: the jobs of ``plan`` and ``allocate``."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from electkit.app.election import Election
    from electkit.core.allocate import Allocation, Basis, Method
    from electkit.core.plan import Plan


def plan_election(election: Election) -> Plan:
    """Seats, officers, posts and candidate numbers of the election, each with its clause."""
    from electkit.core.plan import make_plan

    return make_plan(election.profile, election.ruleset)


def allocate_seats(
    units: Path,
    seats: int,
    method: Method = "largest-remainder",
    min_per_unit: int = 0,
    *,
    basis: Basis = "members",
    members_weight: Fraction | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
) -> Allocation:
    """Read the election units and share ``seats`` among them in proportion to their members,
    their Party organisations, or a mix (``members_weight`` of members, the rest organisations).

    A unit's problem is reported against the units file (InputError naming it).
    """
    from electkit.core.allocate import allocate as share
    from electkit.core.errors import InputError
    from electkit.io.units import read_units

    listed = read_units(units, sheet=sheet, encoding=encoding)
    try:
        weight = members_weight if members_weight is not None else Fraction(1, 2)
        weights = {"members": weight, "organizations": 1 - weight}
        return share(listed, seats, method, min_per_unit, basis=basis, weights=weights)
    except InputError as exc:  # a unit's problem is in the file; say which
        raise InputError(
            [p.model_copy(update={"file": str(units)}) if p.row else p for p in exc.problems]
        ) from None
