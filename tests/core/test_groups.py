"""Groups as predicates: each condition, all/any/not in Kleene's three values, and containment
(which lint uses to tell a larger group from a smaller one)."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from electkit.core import groups
from electkit.core.groups import Condition, Group, contains
from electkit.core.models import Gender
from electkit.io.rules_loader import default_vocabulary
from tests.helpers import person

CUTOFF = dt.date(2021, 6, 15)
SCALES = groups.scales(default_vocabulary())


def states(cond: dict[str, object], *people: object) -> list[bool | None]:
    return groups.evaluate(Condition.model_validate(cond), list(people), CUTOFF, SCALES)  # type: ignore[arg-type]


def test_age_in_full_years_both_ends_included() -> None:
    on_day = person(2, birth_date=dt.date(1986, 6, 15))  # 35 on the cut-off day
    day_after = person(3, birth_date=dt.date(1986, 6, 16))  # 34
    older = person(4, birth_date=dt.date(1986, 6, 14))  # 35
    very = person(5, birth_date=dt.date(1985, 6, 14))  # 36
    unknown = person(6, birth_date=None)
    assert states({"age": {"max": 35}}, on_day, day_after, older, very, unknown) == [
        True,
        True,
        True,
        False,
        None,
    ]
    assert states({"age_max": 35}, on_day, very) == [True, False]  # the 0.1 form


def test_born_on_or_after_and_before() -> None:
    eighties = {"born": {"from": "1980-01-01", "before": "1990-01-01"}}
    people = [
        person(2, birth_date=dt.date(1980, 1, 1)),
        person(3, birth_date=dt.date(1979, 12, 31)),
    ]
    people.append(person(4, birth_date=dt.date(1990, 1, 1)))
    assert states(eighties, *people) == [True, False, False]


def test_rank_and_education_levels() -> None:
    clerk = person(2, rank=0)
    deputy = person(3, rank=1)  # 副科级
    unknown = person(4, rank=None)
    assert states({"rank": {"at_least": "副科级"}}, clerk, deputy, unknown) == [False, True, None]
    assert states({"rank": {"at_least": "四级主任科员"}}, deputy) == [True]  # an alias: 副科级
    assert states({"education": {"at_least": "大专"}}, person(2, education=4), person(3)) == [
        True,
        False,
    ]


def test_all_any_not_in_three_values() -> None:
    woman = person(2, gender=Gender.FEMALE, minority=False)
    man = person(3, gender=Gender.MALE, minority=True)
    blank = person(4, gender=None, minority=False)
    either = {"any": [{"gender": "女"}, {"minority": True}]}
    assert states(either, woman, man, blank) == [True, True, None]
    assert states({"not": {"gender": "女"}}, woman, man, blank) == [False, True, None]
    both = {"all": [{"gender": "女"}, {"minority": False}]}
    assert states(both, woman, man, blank) == [True, False, None]


def test_a_declared_column_and_several_categories() -> None:
    front = person(2, categories=("领导干部", "生产和工作一线"), extra=(("是否一线", "是"),))
    other = person(3, categories=("其他",), extra=(("是否一线", "否"),))
    blank = person(4, categories=None)
    assert states({"category": ["生产和工作一线"]}, front, other, blank) == [True, False, None]
    cond = {"column": {"name": "是否一线", "in": ["是"]}}
    assert states(cond, front, other, blank) == [True, False, None]


def test_a_condition_needs_a_test() -> None:
    with pytest.raises(ValidationError):
        Group.model_validate({"label": {"zh": "空", "en": "empty"}})
    with pytest.raises(ValidationError):
        Condition.model_validate({"age": {"max": 30}, "age_max": 30})


@pytest.mark.parametrize(
    ("wide", "narrow", "expected"),
    [
        ({"age": {"max": 40}}, {"age": {"max": 35}}, True),
        ({"age": {"max": 35}}, {"age": {"max": 40}}, False),
        ({"category": ["领导干部", "其他"]}, {"category": ["领导干部"]}, True),
        ({"rank": {"at_least": "副科级"}}, {"rank": {"at_least": "正科级"}}, True),
        ({"education": {"at_least": "初中"}}, {"education_min": "高中"}, True),
        ({"gender": "女"}, {"gender": "女", "age": {"max": 35}}, True),
        ({"any": [{"gender": "女"}]}, {"gender": "女"}, None),
    ],
)
def test_containment(
    wide: dict[str, object], narrow: dict[str, object], expected: bool | None
) -> None:
    assert (
        contains(Condition.model_validate(wide), Condition.model_validate(narrow), SCALES)
        is expected
    )
