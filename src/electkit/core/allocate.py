"""``allocate``: share delegate seats among election units in proportion to their members, their
Party organisations, or a weighted mix of both.

Largest remainder (Hamilton) by default; D'Hondt and Sainte-Laguë as highest-average methods.
Exact arithmetic throughout. Ties are broken by more members, then by file order, and every
tie-break is reported. ``min_per_unit`` first gives each unit that many seats.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from electkit.core.errors import InputError, Problem

if TYPE_CHECKING:
    from electkit.core.kinds.delegates import AllocationParams
    from electkit.core.models import Unit

Method = Literal["largest-remainder", "dhondt", "sainte-lague"]
Basis = Literal["members", "organizations", "mixed"]
# far above any congress (the regulations cap delegates at 300): a larger number is a typo, and
# the highest-average methods take one step per seat
MAX_SEATS = 10_000


class UnitMembers(BaseModel):
    """A unit as read from the units file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    members: int
    organizations: int | None = None
    row: int | None = None


class UnitSeats(BaseModel):
    """A unit's share: the exact quota N·m/M and the seats given."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    unit: str
    members: int
    organizations: int | None = None
    quota: Fraction
    seats: int
    within_quota: bool


class TieBreak(BaseModel):
    """Units equal on the method's measure for the last seat(s): who got them and why."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    seats: int = Field(description="seats decided by the tie-break")
    tied: list[str]
    won: list[str]
    by: Literal["members", "file_order"]


class Allocation(BaseModel):
    """The result of ``allocate``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    seats: int
    method: Method
    min_per_unit: int
    basis: Basis = "members"
    units: list[UnitSeats]
    tie_breaks: list[TieBreak] = Field(default_factory=list)

    @property
    def quota_rule_holds(self) -> bool:
        """Every unit within one seat of its exact quota."""
        return all(u.within_quota for u in self.units)


def allocate(
    units: Sequence[UnitMembers],
    seats: int,
    method: Method = "largest-remainder",
    min_per_unit: int = 0,
    basis: Basis = "members",
    weights: Mapping[str, Fraction] | None = None,
) -> Allocation:
    """Share ``seats`` among ``units``; raises InputError for impossible requests.

    ``basis``: what each unit's share is proportional to; ``mixed`` weighs the unit's share of
    members and its share of Party organisations by ``weights`` (summing to 1).
    """
    problems = []
    if not units:
        problems.append(Problem(message_id="alloc.no_units"))
    if seats <= 0:
        problems.append(Problem(message_id="alloc.bad_seats", value=str(seats)))
    elif seats > MAX_SEATS:
        problems.append(
            Problem(message_id="alloc.too_many_seats", value=str(seats), params={"most": MAX_SEATS})
        )
    if min_per_unit < 0:
        problems.append(Problem(message_id="alloc.bad_minimum", value=str(min_per_unit)))
    elif 0 < seats < len(units) * min_per_unit:
        problems.append(
            Problem(
                message_id="alloc.too_few_seats",
                params={"seats": seats, "units": len(units), "minimum": min_per_unit},
            )
        )
    for unit in units:
        if unit.members <= 0:
            problems.append(Problem(message_id="alloc.no_members", row=unit.row, value=unit.name))
        if basis != "members" and unit.organizations is None:
            problems.append(
                Problem(message_id="alloc.no_organizations", row=unit.row, value=unit.name)
            )
    if basis != "members" and not problems and not sum(u.organizations or 0 for u in units):
        problems.append(Problem(message_id="alloc.zero_organizations"))
    if problems:
        raise InputError(problems)
    shares = unit_shares(
        [u.members for u in units], [u.organizations or 0 for u in units], basis, weights
    )
    given = [min_per_unit] * len(units)
    rest = seats - min_per_unit * len(units)
    ties: list[TieBreak] = []
    if method == "largest-remainder":
        _hamilton(units, shares, rest, given, ties)
    else:
        _highest_average(units, shares, rest, given, ties, 1 if method == "dhondt" else 2)
    out = []
    for unit, share, won in zip(units, shares, given, strict=True):
        quota = seats * share  # the unit's exact proportional share of all the seats
        within = quota - 1 < won < quota + 1
        out.append(
            UnitSeats(
                unit=unit.name,
                members=unit.members,
                organizations=unit.organizations,
                quota=quota,
                seats=won,
                within_quota=within,
            )
        )
    return Allocation(
        seats=seats,
        method=method,
        min_per_unit=min_per_unit,
        basis=basis,
        units=out,
        tie_breaks=ties,
    )


def unit_shares(
    members: Sequence[int],
    organizations: Sequence[int],
    basis: Basis = "members",
    weights: Mapping[str, Fraction] | None = None,
) -> list[Fraction]:
    """Each unit's exact share of the seats (summing to 1): its share of the members, of the
    Party organisations, or ``weights["members"]``·the one + ``weights["organizations"]``·the other."""
    by_members = [Fraction(m, sum(members)) for m in members]
    if basis == "members":
        return by_members
    by_orgs = [Fraction(o, sum(organizations)) for o in organizations]
    if basis == "organizations":
        return by_orgs
    w = weights or {}
    wm, wo = w.get("members", Fraction(1, 2)), w.get("organizations", Fraction(1, 2))
    return [wm * m + wo * o for m, o in zip(by_members, by_orgs, strict=True)]


def exact_quotas(
    units: Sequence[Unit], approved: int, params: AllocationParams
) -> dict[str, Fraction]:
    """DL-ALLOC: each unit's exact quota of the seats the rule shares out (the approved total,
    less the 带名额 leader seats when the rule leaves them out): ``min_per_unit`` seats first, then
    its share of the rest."""
    leader = sum(u.leader_seats for u in units) if params.exclude_leader_seats else 0
    shares = unit_shares(
        [u.members for u in units],
        [u.organizations or 0 for u in units],
        params.basis,
        {str(k): v for k, v in params.weights.items()},
    )
    rest = approved - leader - params.min_per_unit * len(units)
    return {u.name: params.min_per_unit + rest * s for u, s in zip(units, shares, strict=True)}


def _order_key(units: Sequence[UnitMembers], i: int) -> tuple[int, int]:
    return (-units[i].members, i)


def _hamilton(
    units: Sequence[UnitMembers],
    shares: Sequence[Fraction],
    rest: int,
    given: list[int],
    ties: list[TieBreak],
) -> None:
    quotas = [rest * share for share in shares]
    floors = [q.numerator // q.denominator for q in quotas]
    for i, f in enumerate(floors):
        given[i] += f
    left = rest - sum(floors)
    remainders = [q - f for q, f in zip(quotas, floors, strict=True)]
    order = sorted(range(len(units)), key=lambda i: (-remainders[i], *_order_key(units, i)))
    winners = order[:left]
    for i in winners:
        given[i] += 1
    if 0 < left < len(order):
        _record_tie(units, order, left, [remainders[i] for i in order], ties)


def _highest_average(
    units: Sequence[UnitMembers],
    shares: Sequence[Fraction],
    rest: int,
    given: list[int],
    ties: list[TieBreak],
    step: int,
) -> None:
    # divisor for a unit's next seat: D'Hondt s+1; Sainte-Laguë 2s+1 (s seats already held)
    def divisor(s: int) -> int:
        return s + 1 if step == 1 else 2 * s + 1

    for seat in range(rest):
        averages = [share / divisor(given[i]) for i, share in enumerate(shares)]
        order = sorted(range(len(units)), key=lambda i: (-averages[i], *_order_key(units, i)))
        given[order[0]] += 1
        if seat == rest - 1:  # only a tie for the last seat decides who gets it; earlier ones
            _record_tie(units, order, 1, [averages[i] for i in order], ties)  # merely go first


def _record_tie(
    units: Sequence[UnitMembers],
    order: list[int],
    taken: int,
    measure: list[Fraction],
    ties: list[TieBreak],
) -> None:
    """Report when units equal on the measure straddle the cut after ``taken`` places."""
    if taken >= len(order):
        return
    cut = measure[taken - 1]
    if measure[taken] != cut:
        return
    tied = [i for i, m in zip(order, measure, strict=True) if m == cut]
    won = [i for i in order[:taken] if i in tied]
    won_members = {units[i].members for i in won}
    lost_members = {units[i].members for i in tied if i not in won}
    by: Literal["members", "file_order"] = (
        "members" if min(won_members) > max(lost_members) else "file_order"
    )
    ties.append(
        TieBreak(
            seats=len(won),
            tied=[units[i].name for i in tied],
            won=[units[i].name for i in won],
            by=by,
        )
    )
