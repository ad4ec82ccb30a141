"""The county statistics' counting at the edges of each band: 35/36, 45/46, 40 and 45, and the
education levels; the county's totals add the townships up (never averaging their shares)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from electkit.core.county_stats import (
    DelegateStats,
    ElectionStats,
    MakeupStats,
    add_elections,
    add_up,
    delegate_stats,
    makeup_stats,
)
from electkit.core.models import Gender
from electkit.io.rules_loader import load_ruleset
from tests.helpers import person

ON = dt.date(2006, 3, 20)
VOCABULARY = load_ruleset("fuyuan-2006").vocabulary


def aged(years: int, row: int = 2, **values: object) -> object:
    """A person exactly ``years`` old on ON (their birthday that very day)."""
    return person(row, birth_date=dt.date(ON.year - years, ON.month, ON.day), **values)


def test_delegate_bands_include_their_limit() -> None:
    people = [aged(a, i) for i, a in enumerate((40, 41, 45, 46), start=2)]
    stats = delegate_stats(people, ON)  # type: ignore[arg-type]
    assert (stats.total, stats.age40, stats.age45) == (4, 1, 3)
    day_before = person(9, birth_date=dt.date(1965, 3, 21))  # turns 41 the next day: still 40
    assert delegate_stats([day_before], ON).age40 == 1


def test_delegate_categories_gender_minority_and_education() -> None:
    people = [
        person(2, categories=("领导干部",), education=2, gender=Gender.FEMALE),
        person(3, categories=("专业技术人员",), education=4, minority=True),
        person(4, categories=("先进模范人物",), education=1),
        person(5, categories=None, education=None),
    ]
    stats = delegate_stats(people, ON)
    assert stats == DelegateStats(4, 1, 1, 1, 1, 1, 4, 4, 2, 1)  # all born 1975: aged 30


def test_makeup_bands_average_officers_exchange_and_avoidance() -> None:
    people = [
        aged(35, 2, proposed_post="书记", education=6),
        aged(36, 3, proposed_post="乡镇长", education=5, gender=Gender.FEMALE),
        aged(45, 4, proposed_post="专职副书记", education=4, minority=True),
        aged(46, 5, proposed_post="委员", education=3),
        person(6, birth_date=None, education=None, proposed_post="委员"),
    ]
    stats = makeup_stats(
        people,
        ON,
        VOCABULARY,
        exchanged=[True, False, None, True, False],
        avoiding=[True, False, False, None, False],
    )  # type: ignore[arg-type]
    assert (stats.members, stats.aged, stats.upto35, stats.from36to45, stats.from46) == (
        5,
        4,
        1,
        2,
        1,
    )
    assert stats.average_age == Fraction(35 + 36 + 45 + 46, 4)
    assert (stats.graduate, stats.bachelor, stats.college, stats.below_college) == (1, 1, 1, 1)
    assert (stats.women, stats.minority, stats.exchanged, stats.avoiding) == (1, 1, 2, 1)
    assert (stats.secretary, stats.deputies) == (1, 2)


def test_totals_add_counts_and_keep_the_average_exact() -> None:
    one = makeup_stats([aged(30), aged(31)], ON, VOCABULARY, exchanged=[], avoiding=[])  # type: ignore[list-item]
    two = makeup_stats([aged(50)], ON, VOCABULARY, exchanged=[], avoiding=[])  # type: ignore[list-item]
    total = add_up([one, None, two], MakeupStats)
    assert total is not None and total.members == 3 and total.average_age == Fraction(111, 3)
    assert add_up([None, None], MakeupStats) is None
    counted = add_elections(
        [ElectionStats(9, 11, 9, True), None, ElectionStats(9, 11, None, False)]
    )
    assert counted is not None and counted.extra == 4
    assert (counted.seats, counted.candidates, counted.elected, counted.official) == (
        18,
        22,
        9,
        False,
    )
