from collections.abc import Callable
from pathlib import Path

import pytest

from electkit.core.kinds.delegates import UnitExtraRule
from electkit.core.plan import make_plan, national_least
from electkit.core.ruleset import RuleSet
from tests.helpers import profile


def test_national_floor(rulesets: Callable[[str], RuleSet]) -> None:
    """The floor is the national set's own rule (20%, rounded up), for a local set too."""
    for name in ("national-2020", "fuyuan-2006", "zhaotong-2006"):
        floors = [national_least(rulesets(name), "committee", s) for s in (3, 5, 7, 9)]
        assert floors == [4, 6, 9, 11]


@pytest.mark.parametrize(
    ("villages", "committee", "discipline"), [(5, 9, 5), (4, 7, 3), (17, 9, 5), (0, 7, 3)]
)
def test_zhaotong_sizes_by_villages(
    villages: int, committee: int, discipline: int, rulesets: Callable[[str], RuleSet]
) -> None:
    plan = make_plan(profile(villages=villages, rules="zhaotong-2006"), rulesets("zhaotong-2006"))
    assert plan.committee_seats.seats == committee
    assert plan.discipline_seats.seats == discipline
    contest = {c.contest: c for c in plan.contests}
    assert contest["committee"].min_candidates == committee + (2 if committee == 9 else 1)
    assert contest["discipline"].min_candidates == discipline + 1
    # 7 seats with 差额 1 (14%) is below the national floor: shown, never silently resolved
    assert [(d.rule, d.params["seats"]) for d in plan.deviations] == (
        [("CS-EXTRA", 7)] if committee == 7 else []
    )
    if committee == 7:
        assert contest["committee"].national_min == 9


def test_zhaotong_needs_villages(rulesets: Callable[[str], RuleSet]) -> None:
    plan = make_plan(profile(villages=None), rulesets("zhaotong-2006"))
    assert plan.committee_seats.seats is None and plan.committee_seats.reason == "plan.no_villages"


@pytest.mark.parametrize(
    ("township", "seats"), [("青山乡", 9), ("古敢水族乡", 7), ("古敢 水族乡", 7)]
)
def test_fuyuan_committee_exception(
    township: str, seats: int, rulesets: Callable[[str], RuleSet]
) -> None:
    plan = make_plan(profile(township=township), rulesets("fuyuan-2006"))
    assert plan.committee_seats.seats == seats
    assert plan.discipline_seats.low == 3 and plan.discipline_seats.high == 5


@pytest.mark.parametrize(
    ("population", "offices", "allowed", "relaxed"),
    [
        (40000, False, 8, "no"),
        (40001, False, 9, "no"),
        (99999, False, 9, "no"),
        (100000, False, 9, "yes"),
        (38000, True, 8, "yes"),
    ],
)
def test_fuyuan_leadership_posts_by_population(
    population: int, offices: bool, allowed: int, relaxed: str, rulesets: Callable[[str], RuleSet]
) -> None:
    plan = make_plan(
        profile(population=population, offices_approved=offices), rulesets("fuyuan-2006")
    )
    assert plan.leadership_posts["allowed"] == allowed
    assert plan.leadership_posts["relaxed"] == relaxed


@pytest.mark.parametrize(("very_large", "allowed"), [(False, 8), (True, 9)])
def test_zhaotong_leadership_posts(
    very_large: bool, allowed: int, rulesets: Callable[[str], RuleSet]
) -> None:
    plan = make_plan(profile(population=45000, very_large=very_large), rulesets("zhaotong-2006"))
    assert plan.leadership_posts["allowed"] == allowed


def test_officers_and_delegates(rulesets: Callable[[str], RuleSet]) -> None:
    plan = make_plan(
        profile(units=[{"name": "一支部", "members": 60, "seats": 5}]), rulesets("fuyuan-2006")
    )
    assert plan.officers == {"书记": 1, "副书记": 2, "副书记:乡镇长": 1, "副书记:专职副书记": 1}
    assert plan.delegate_seats == {"planned": 150, "min": 100, "usual_max": 200, "max": 300}
    unit = next(c for c in plan.contests if c.contest == "delegates:一支部")
    assert (unit.seats, unit.min_candidates) == (5, 6)
    zt = make_plan(profile(villages=3), rulesets("zhaotong-2006"))
    assert zt.discipline_officers == {"纪委书记": 1, "专职委员": 2}


def test_strict_unit_reading(rulesets: Callable[[str], RuleSet]) -> None:
    rule = next(rulesets("national-1990").of_kind(UnitExtraRule))
    assert rule.least(5) == 6
    strict = rule.model_copy(update={"params": rule.params.model_copy(update={"strict": True})})
    assert strict.least(5) == 7  # "more than 20%": 5 seats need 7
    assert strict.least(4) == 5


@pytest.mark.parametrize(
    ("name", "values", "severity"),
    [
        ("fuyuan-2006", {"population": 38000, "leadership_posts": 9}, "error"),
        ("fuyuan-2006", {"population": 41000, "leadership_posts": 9}, None),
        ("fuyuan-2006", {"population": 120000, "leadership_posts": 11}, "warning"),
        ("zhaotong-2006", {"leadership_posts": 9}, "error"),
        ("zhaotong-2006", {"leadership_posts": 9, "very_large": True}, None),
    ],
)
def test_planned_posts(
    name: str, values: dict[str, object], severity: str | None, rulesets: Callable[[str], RuleSet]
) -> None:
    plan = make_plan(profile(**values), rulesets(name))
    assert [f.severity.value for f in plan.findings if f.rule == "CS-POSTS"] == (
        [severity] if severity else []
    )
    # what county status and county check count for the profile step
    assert (plan.errors, plan.warnings) == (severity == "error", severity == "warning")


def test_every_size_of_a_range_gets_a_contest(rulesets: Callable[[str], RuleSet]) -> None:
    plan = make_plan(profile(rules="national-2020"), rulesets("national-2020"))
    committee = [(c.seats, c.min_candidates) for c in plan.contests if c.contest == "committee"]
    assert committee == [(7, 9), (8, 10), (9, 11)]


def test_one_deputy_reads_as_one(tmp_path: Path) -> None:
    """书记1名、副书记1名(由乡镇长担任): never "副书记1、副书记(乡镇长)1" as if two."""
    from electkit.io.rules_loader import load_ruleset

    path = tmp_path / "small.yaml"
    path.write_text(
        """name: small
title: {zh: 小乡, en: small}
extends: national-2020
rules:
  - code: CS-OFFICERS
    params: {require: {书记: 1, 副书记: 1}, deputy_slots: {乡镇长: 1}}
""",
        encoding="utf-8",
    )
    plan = make_plan(profile(rules="small"), load_ruleset(str(path)))
    assert plan.officers_text is not None
    assert plan.officers_text.zh == "书记1名、副书记1名(由乡镇长担任)"
    assert plan.officers_text.en == "secretary 1, deputy secretary 1 (held by the township head)"
    fuyuan = make_plan(profile(), load_ruleset("fuyuan-2006"))
    assert fuyuan.officers_text is not None
    assert fuyuan.officers_text.zh == "书记1名、副书记2名(其中乡镇长1名、专职副书记1名)"


def test_planning_rules_the_plan_cannot_apply_are_listed(
    rulesets: Callable[[str], RuleSet],
) -> None:
    """Before: without units, DL-ALLOC and DL-EXTRA were simply absent from ``plan``."""
    rs = rulesets("national-2020")
    plan = make_plan(profile(rules="national-2020", units=[], population=None), rs)
    reasons = {n.rule: n.reason_id for n in plan.not_checked}
    assert reasons["DL-ALLOC"] == "nc.plan.units"
    assert reasons["DL-EXTRA"] == "nc.plan.unit_seats"
    units = [{"name": "甲", "members": 100, "seats": 10}, {"name": "乙", "members": 50, "seats": 5}]
    plan = make_plan(profile(rules="national-2020", units=units), rs)
    reasons = {n.rule: n.reason_id for n in plan.not_checked}
    assert reasons["DL-ALLOC"] == "nc.plan.allocation" and "DL-EXTRA" not in reasons
    # a rule needing the population says so when it is missing
    zt = rulesets("zhaotong-2006")
    plan = make_plan(profile(rules="zhaotong-2006", villages=None, population=None), zt)
    reasons = {n.rule: n.reason_id for n in plan.not_checked}
    assert reasons.get("CS-SEATS") == "plan.no_villages"
