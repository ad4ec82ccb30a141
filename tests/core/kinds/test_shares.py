"""``share``: every bound exactly at, one under and one over its threshold; the composition row
always agrees with the findings; unknown people keep a rule undecided, never passed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from electkit.core.checks.context import Subject
from electkit.core.checks.run import evaluate
from electkit.core.kinds import rule_adapter
from electkit.core.kinds.shares import ShareParams, bounds, decide
from electkit.core.models import Gender, Person
from electkit.core.rulebase import Scope
from electkit.core.ruleset import RuleSet
from tests.helpers import context, person, profile

FRONT = {"label": {"zh": "生产和工作一线", "en": "front line"}, "category": ["生产和工作一线"]}


def share_rule(code: str = "DL-X", severity: str = "error", **params: Any) -> Any:
    return rule_adapter().validate_python(
        {
            "code": code,
            "kind": "share",
            "severity": severity,
            "title": {"zh": "测试", "en": "test"},
            "source": {"text": "例", "ref": "例", "doc": "S1", "quality": "local"},
            "params": params,
        }
    )


def with_rule(rs: RuleSet, rule: Any) -> RuleSet:
    """``rs`` holding only ``rule`` (its vocabulary and documents kept)."""
    return rs.model_copy(update={"rules": {rule.code: rule}})


def front_line(n: int, k: int, **extra: Any) -> list[Person]:
    return [
        person(i + 2, f"甲{i}", category="生产和工作一线" if i < k else "领导干部", **extra)
        for i in range(n)
    ]


def run(rs: RuleSet, people: list[Person], scope: Scope = Scope.DELEGATES) -> Any:
    return evaluate(Subject(scope, people), context(rs))


@pytest.mark.parametrize(
    ("params", "n", "passing", "failing"),
    [
        ({"at_least": "2/5"}, 150, 60, 59),  # 不少于40%: ceil(0.4·150) = 60
        ({"more_than": "2/5"}, 150, 61, 60),  # 超过40%: 60 is exactly 40%, not more
        ({"at_most": "3/5"}, 150, 90, 91),  # 不超过60%
        ({"less_than": "3/5"}, 150, 89, 90),  # 低于60%
        ({"around": "7/10", "tolerance": "1/20"}, 20, 13, 12),  # 65%–75% of 20: 13–15
        ({"around": "7/10", "tolerance": "1/20"}, 20, 15, 16),
        ({"count_at_least": 1}, 9, 1, 0),
        ({"count_at_most": 2}, 9, 2, 3),
        ({"at_least": "2/5"}, 7, 3, 2),  # ceil(2.8) = 3
    ],
)
def test_each_bound_at_and_past_its_threshold(
    rulesets: Callable[[str], RuleSet],
    params: dict[str, Any],
    n: int,
    passing: int,
    failing: int,
) -> None:
    rs = with_rule(rulesets("national-2020"), share_rule(group=FRONT, **params))
    ok = run(rs, front_line(n, passing))
    assert ok.findings == [] and ok.composition[0].ok is True
    bad = run(rs, front_line(n, failing))
    (finding,) = bad.findings
    assert finding.rule == "DL-X" and bad.composition[0].ok is False
    assert finding.needed == 1  # one past the threshold: one person to replace


def test_at_least_members_compares_with_the_profile(rulesets: Callable[[str], RuleSet]) -> None:
    """ "不低于妇女党员所占比例": 300 of 1200 members are women → 25% of 20 delegates = 5."""
    group = {"label": {"zh": "妇女", "en": "women"}, "gender": "女"}
    rs = with_rule(rulesets("national-2020"), share_rule(group=group, at_least_members="women"))
    women = [person(i + 2, f"乙{i}", gender=Gender.FEMALE) for i in range(5)]
    men = [person(i + 10, f"丙{i}") for i in range(15)]
    assert run(rs, women + men).findings == []
    assert [f.needed for f in run(rs, women[1:] + men + [person(40, "丁")]).findings] == [1]
    groups = {"35岁以下": 240}
    ctx_profile = profile(party_members={"total": 1200, "women": 300, "groups": groups})
    young = {"label": {"zh": "35岁以下", "en": "35 or under"}, "age": {"max": 35}}
    rule = share_rule(group=young, at_least_members="35岁以下")  # 20% of 20 = 4
    rs = with_rule(rulesets("national-2020"), rule)
    ctx = context(rs, ctx_profile)
    born = dt.date(1980, 1, 1)  # 26 on 2006-03-20
    people = [
        person(i + 2, f"戊{i}", birth_date=born if i < 4 else dt.date(1950, 1, 1))
        for i in range(20)
    ]
    assert evaluate(Subject(Scope.DELEGATES, people), ctx).findings == []
    people[0] = person(2, "戊0", birth_date=dt.date(1950, 1, 1))
    assert len(evaluate(Subject(Scope.DELEGATES, people), ctx).findings) == 1


def test_unknown_people_keep_the_rule_undecided(rulesets: Callable[[str], RuleSet]) -> None:
    rs = with_rule(rulesets("national-2020"), share_rule(group=FRONT, at_least="2/5"))
    people = front_line(10, 3)
    people[5] = person(7, "甲5", category=None)  # a blank 代表类别 could make it 4 of 10
    outcome = run(rs, people)
    (finding,) = outcome.findings
    assert finding.message_id == "dl.share.undecided" and finding.severity.value == "error"
    assert outcome.composition[0].ok is None and outcome.composition[0].unknown == 1


def test_a_cell_with_two_categories_counts_in_both(rulesets: Callable[[str], RuleSet]) -> None:
    rs = with_rule(rulesets("national-2020"), share_rule(group=FRONT, count_at_least=2))
    people = [
        person(2, "甲", categories=("领导干部", "生产和工作一线")),
        person(3, "乙", categories=("生产和工作一线",)),
    ]
    assert run(rs, people).findings == []


@settings(max_examples=300, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=60),
    count=st.integers(min_value=0, max_value=60),
    unknown=st.integers(min_value=0, max_value=5),
    low=st.fractions(min_value=0, max_value=1, max_denominator=20),
    width=st.fractions(min_value=0, max_value=1, max_denominator=20),
)
def test_composition_always_agrees_with_the_findings(
    n: int, count: int, unknown: int, low: Fraction, width: Fraction
) -> None:
    """✓ exactly when there is no finding, ✗ exactly when there is a failure, ? when undecided."""
    from electkit.io.rules_loader import load_ruleset

    count = min(count, n)
    unknown = min(unknown, n - count)
    high = min(low + width, Fraction(1))
    rs = with_rule(
        load_ruleset("national-2020"),
        share_rule(group=FRONT, at_least=str(low), at_most=str(high)),
    )
    people = front_line(n, count)
    for i in range(count, count + unknown):
        people[i] = person(i + 2, f"甲{i}", category=None)
    outcome = run(rs, people)
    row = outcome.composition[0]
    lo, hi = bounds(
        ShareParams.model_validate({"group": FRONT, "at_least": low, "at_most": high}), n
    )
    assert row.ok == decide(count, unknown, lo, hi)
    if row.ok is True:
        assert outcome.findings == []
    else:
        (finding,) = outcome.findings
        undecided = finding.message_id == "dl.share.undecided"
        assert undecided == (row.ok is None)


def test_a_slate_quota_of_young_heads(rulesets: Callable[[str], RuleSet]) -> None:
    """ "至少有1名30岁以下的党政正职": a share of the committee slate, posts and age together."""
    group = {
        "label": {"zh": "30岁以下的党政正职", "en": "heads aged 30 or under"},
        "posts": ["书记", "乡镇长"],
        "age": {"max": 30},
    }
    rs = with_rule(
        rulesets("national-2020"), share_rule(group=group, of="committee", count_at_least=1)
    )
    old_head = person(
        2, "甲", birth_date=dt.date(1960, 1, 1), proposed_post="书记", proposed_posts=("书记",)
    )
    young_head = person(
        3, "乙", birth_date=dt.date(1976, 3, 20), proposed_post="乡镇长", proposed_posts=("乡镇长",)
    )
    young_member = person(
        4, "丙", birth_date=dt.date(1980, 1, 1), proposed_post="委员", proposed_posts=("委员",)
    )
    columns = {"name": "姓名", "birth_date": "出生年月", "proposed_post": "拟任职务"}
    ctx = context(rs, columns=columns)
    fail = evaluate(Subject(Scope.COMMITTEE, [old_head, young_member]), ctx)
    assert [f.message_id for f in fail.findings] == ["cs.count.low"]
    ok = evaluate(Subject(Scope.COMMITTEE, [old_head, young_head, young_member]), ctx)
    assert ok.findings == []  # 30 on the cut-off day: 30岁以下 includes 30
