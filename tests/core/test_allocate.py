from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from electkit.core.allocate import UnitMembers, allocate
from electkit.core.errors import InputError


def units(*members: int) -> list[UnitMembers]:
    return [UnitMembers(name=f"U{i}", members=m, row=i + 2) for i, m in enumerate(members)]


def test_largest_remainder_by_hand() -> None:
    # quotas for 10 seats over 50/30/20 of 100: 5, 3, 2 exactly
    assert [u.seats for u in allocate(units(50, 30, 20), 10).units] == [5, 3, 2]
    # 7 seats over 53/24/23 of 100: quotas 3.71, 1.68, 1.61 → floors 3,1,1; 2 left to .71 and .68
    result = allocate(units(53, 24, 23), 7)
    assert [u.seats for u in result.units] == [4, 2, 1]
    assert result.units[0].quota == Fraction(371, 100)
    assert result.tie_breaks == []


def test_dhondt_and_sainte_lague_by_hand() -> None:
    # classic example: 100 000 / 80 000 / 30 000 / 20 000 votes, 8 seats
    members = units(100, 80, 30, 20)
    assert [u.seats for u in allocate(members, 8, "dhondt").units] == [4, 3, 1, 0]
    assert [u.seats for u in allocate(members, 8, "sainte-lague").units] == [3, 3, 1, 1]


def test_tie_broken_by_members_then_file_order_and_reported() -> None:
    # 3 seats over 10/10/10: one seat each, no tie to report
    assert allocate(units(10, 10, 10), 3).tie_breaks == []
    # 2 seats over 10/10/10: equal remainders; file order decides and it is reported
    result = allocate(units(10, 10, 10), 2)
    assert [u.seats for u in result.units] == [1, 1, 0]
    assert [(t.tied, t.won, t.by) for t in result.tie_breaks] == [
        (["U0", "U1", "U2"], ["U0", "U1"], "file_order")
    ]
    # equal remainders, different members: 1 seat over 3/1 of 4 → quotas .75/.25; not a tie
    # 3 seats over 5/5/2 (12): quotas 1.25, 1.25, .5 → floors 1,1,0, one left: .5 wins
    assert [u.seats for u in allocate(units(5, 5, 2), 3).units] == [1, 1, 1]


def test_minimum_per_unit() -> None:
    result = allocate(units(100, 1, 1), 10, min_per_unit=2)
    assert [u.seats for u in result.units] == [6, 2, 2]
    assert not result.quota_rule_holds  # the minimum pushes small units above their quota


@pytest.mark.parametrize(
    ("members", "seats", "minimum", "message"),
    [
        ((10, 0), 5, 0, "alloc.no_members"),
        ((10, 10), 3, 2, "alloc.too_few_seats"),
        ((10,), 0, 0, "alloc.bad_seats"),
        ((10, 20), 15_000_000, 0, "alloc.too_many_seats"),  # a typo, not a congress
    ],
)
def test_impossible_requests(
    members: tuple[int, ...], seats: int, minimum: int, message: str
) -> None:
    with pytest.raises(InputError) as caught:
        allocate(units(*members), seats, min_per_unit=minimum)
    assert caught.value.problems[0].message_id == message


@given(
    members=st.lists(st.integers(min_value=1, max_value=2000), min_size=1, max_size=30),
    seats=st.integers(min_value=1, max_value=300),
    method=st.sampled_from(["largest-remainder", "dhondt", "sainte-lague"]),
)
def test_seats_sum_to_n_and_hamilton_meets_quota(
    members: list[int], seats: int, method: str
) -> None:
    result = allocate(units(*members), seats, method)  # type: ignore[arg-type]
    assert sum(u.seats for u in result.units) == seats
    assert sum(u.quota for u in result.units) == seats
    if method == "largest-remainder":
        assert result.quota_rule_holds
        for u in result.units:
            assert u.quota - 1 < u.seats < u.quota + 1
