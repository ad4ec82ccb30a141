"""A date written only to the month (出生年月 1980.06, 参加工作时间 2021.06) may be any day of its
month: in that month on the cut-off date its years are one of two, and a rule that turns on it is
undecided — a finding to verify, never a pass and never a definite failure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from electkit.core.checks.slate import check_slate
from electkit.core.models import MonthDate, within_years, years_range
from electkit.core.ruleset import RuleSet
from tests.helpers import ALL_COLUMNS, context, person, profile

CUTOFF = dt.date(2026, 6, 18)


@pytest.mark.parametrize(
    ("born", "expected"),
    [
        (MonthDate(1980, 6, 1), (45, 46)),  # June 1980: 45 or 46 on 18 June 2026
        (MonthDate(1980, 5, 1), (46, 46)),
        (MonthDate(1980, 7, 1), (45, 45)),
        (dt.date(1980, 6, 18), (46, 46)),  # a full date is exact, even the 18th
        (dt.date(1980, 6, 19), (45, 45)),
    ],
)
def test_years_range(born: dt.date, expected: tuple[int, int]) -> None:
    assert years_range(born, CUTOFF) == expected


def test_within_years_is_open_only_where_the_month_straddles() -> None:
    assert within_years(MonthDate(1980, 6, 1), CUTOFF, 0, 45) is None
    assert within_years(MonthDate(1980, 6, 1), CUTOFF, 0, 46) is True
    assert within_years(MonthDate(1980, 6, 1), CUTOFF, 47, 60) is False


def test_a_month_only_birth_date_leaves_an_age_rule_undecided(
    rulesets: Callable[[str], RuleSet],
) -> None:
    """Before: 1976.06 was taken as the 1st, so on 2026-06-18 the candidate was 50 and "not to be
    renominated" (fuyuan CS-AGE50) — though born on the 20th they would be 49."""
    rs = rulesets("fuyuan-2006")
    ctx = context(rs, profile(villages=9, election_date=CUTOFF))
    people = [person(2, "甲", birth_date=MonthDate(1976, 6, 1), current_post="委员")]
    report = check_slate(people, ctx, "committee")
    old = [f for f in report.findings if f.rule == "CS-AGE50"]
    assert [f.message_id for f in old] == ["cs.age50.undecided"]
    people = [person(2, "甲", birth_date=MonthDate(1976, 5, 1), current_post="委员")]
    report = check_slate(people, ctx, "committee")
    assert [f.message_id for f in report.findings if f.rule == "CS-AGE50"] == ["cs.age50"]


def test_a_share_counts_a_month_only_age_as_unknown(rulesets: Callable[[str], RuleSet]) -> None:
    """A group "35周岁以下" cannot say whether someone born in June 1991 is in it on 18 June 2026:
    the row is undecided, not ✓ or ✗."""
    rs = rulesets("national-2020")
    from electkit.core.kinds import rule_adapter

    rule = rule_adapter().validate_python(
        {
            "code": "CS-Y35",
            "kind": "share",
            "severity": "error",
            "title": {"zh": "35岁以下", "en": "35 or under"},
            "params": {
                "of": "committee",
                "group": {"label": {"zh": "35岁以下", "en": "35 or under"}, "age": {"max": 34}},
                "count_at_least": 1,
            },
            "source": {"text": "例", "ref": "例", "doc": "N20", "quality": "local"},
        }
    )
    only = rs.model_copy(update={"rules": {"CS-Y35": rule}})
    ctx = context(only, profile(rules="national-2020", election_date=CUTOFF))
    people = [person(2, "甲", birth_date=MonthDate(1991, 6, 1)), person(3, "乙")]
    report = check_slate(people, ctx, "committee", seats=2)
    (row,) = [c for c in report.composition if c.rule == "CS-Y35"]
    assert (row.count, row.unknown, row.ok) == (0, 1, None)
    people = [person(2, "甲", birth_date=dt.date(1991, 6, 19)), person(3, "乙")]
    (row,) = [
        c for c in check_slate(people, ctx, "committee", seats=2).composition if c.rule == "CS-Y35"
    ]
    assert (row.count, row.ok) == (1, True)


def test_work_years_from_a_month_only_date(rulesets: Callable[[str], RuleSet]) -> None:
    """zhaotong: a 书记 needs 5 years of work; 参加工作时间 2021.06 on 2026-06-18 is 4 or 5."""
    rs = rulesets("zhaotong-2006")
    columns = {**ALL_COLUMNS, "proposed_post": "拟任职务", "work_start": "参加工作时间"}
    prof = profile(rules="zhaotong-2006", villages=9, election_date=CUTOFF)
    ctx = context(rs, prof, columns=columns)
    for start, message in [
        (MonthDate(2021, 6, 1), "cq.month_only"),
        (MonthDate(2021, 7, 1), "cq.workyears"),
        (MonthDate(2021, 5, 1), None),
    ]:
        people = [person(2, "甲", proposed_post="书记", proposed_posts=("书记",), work_start=start)]
        report = check_slate(people, ctx, "committee")
        found = [f.message_id for f in report.findings if f.rule == "CQ-WORKYEARS"]
        assert found == ([message] if message else []), start


def test_a_month_only_date_and_the_first_of_its_month_are_told_apart() -> None:
    """A group is decided once per distinct value of a column; 1991.06 and 1991-06-01 are equal as
    dates but not as answers."""
    from electkit.core import groups
    from electkit.io.rules_loader import default_vocabulary

    group = groups.Group.model_validate(
        {"label": {"zh": "35岁以下", "en": "35 or under"}, "age": {"max": 35}}
    )
    people = [
        person(2, "甲", birth_date=MonthDate(1991, 6, 1)),  # 34 or 35 on 18 June 2026
        person(3, "乙", birth_date=dt.date(1991, 6, 1)),  # 35
        person(4, "丙", birth_date=dt.date(1991, 6, 30)),  # 34
    ]
    assert groups.evaluate(group, people, CUTOFF, groups.scales(default_vocabulary())) == [
        True,
        True,
        True,
    ]
    group = groups.Group.model_validate(
        {"label": {"zh": "34岁以下", "en": "34 or under"}, "age": {"max": 34}}
    )
    assert groups.evaluate(group, people, CUTOFF, groups.scales(default_vocabulary())) == [
        None,
        False,
        True,
    ]
