"""A passing and a failing list for every EL-* and DL-* rule code the packaged rule sets hold."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import pytest

from electkit.core.checks.delegates import check_delegates
from electkit.core.models import Gender, MonthDate, PartyStatus, Person
from electkit.core.ruleset import RuleSet
from electkit.io.rules_loader import load_ruleset, packaged_names
from tests.helpers import context, make_id, person, profile

YOUNG = dt.date(1980, 1, 1)  # 26 on 2006-03-20
OLD = dt.date(1950, 1, 1)


def people(n: int, **values: Any) -> list[Person]:
    return [person(row=i + 2, name=f"甲{i}", **values) for i in range(n)]


def mixed(
    n: int, k: int, special: dict[str, Any], usual: dict[str, Any] | None = None
) -> list[Person]:
    """n people, the first k with ``special`` values, the rest with ``usual`` ones."""
    return [
        person(row=i + 2, name=f"乙{i}", **(special if i < k else (usual or {}))) for i in range(n)
    ]


def with_ids(group: list[Person]) -> list[Person]:
    return [replace(p, id_number=make_id(p.birth_date or OLD, seq=p.row)) for p in group]


@dataclass
class Case:
    ruleset: str
    passing: list[Person]
    failing: list[Person]
    profile: dict[str, Any] = field(default_factory=dict)
    failing_profile: dict[str, Any] | None = None


FIFTEEN = dict(delegate_seats=15)
CASES: dict[str, Case] = {
    "EL-FULL": Case(
        "fuyuan-2006", people(3), [*people(2), person(9, party_status=PartyStatus.PROBATIONARY)]
    ),
    "EL-PROBATION": Case(
        "national-1990",
        [*people(2), person(9, discipline="留党察看", discipline_date=dt.date(2003, 1, 1))],
        [*people(2), person(9, discipline="留党察看", discipline_date=dt.date(2005, 9, 1))],
    ),
    "EL-SUSPEND": Case(
        "national-2020", people(3, suspended=False), [*people(2), person(9, suspended=True)]
    ),
    "EL-INVEST": Case(
        "fuyuan-2006",
        people(3, under_investigation=False),
        [*people(2), person(9, under_investigation=True)],
    ),
    "EL-FAMPLAN": Case(
        "fuyuan-2006", people(3), [*people(2), person(9, family_planning_violation=True)]
    ),
    "EL-IDNUM": Case(
        "national-2020",
        with_ids(people(3)),
        [*with_ids(people(2)), person(9, id_number="530325197506010019")],
    ),
    "EL-IDMATCH": Case(
        "national-2020",
        with_ids(people(3)),
        [*with_ids(people(2)), person(9, id_number=make_id(dt.date(1971, 12, 28)))],
    ),
    "EL-DUP": Case(
        "national-2020",
        with_ids(people(3)),
        [*with_ids(people(2)), person(9, id_number=make_id(dt.date(1975, 6, 1), seq=2))],
    ),
    "DL-CONGRESS": Case(
        "national-2020", people(3), people(3), failing_profile={"party_members": {"total": 320}}
    ),
    "DL-TOTAL": Case(
        "national-2020", people(3), people(3), failing_profile={"delegate_seats": 320}
    ),
    "DL-COUNT": Case("national-1990", people(15), people(16), FIFTEEN),
    "DL-ALLOC": Case(
        "fuyuan-2006",
        people(3),
        people(3),
        {
            "delegate_seats": 10,
            "units": [
                {"name": "一支部", "members": 60, "seats": 6},
                {"name": "二支部", "members": 40, "seats": 4},
            ],
        },
        {
            "delegate_seats": 10,
            "units": [
                {"name": "一支部", "members": 60, "seats": 8},
                {"name": "二支部", "members": 40, "seats": 2},
            ],
        },
    ),
    "DL-LEADERS": Case(
        "fuyuan-2006",
        mixed(20, 14, {"category": "领导干部"}, {"category": "其他"}),
        mixed(20, 12, {"category": "领导干部"}, {"category": "其他"}),
    ),
    "DL-TECH": Case(
        "fuyuan-2006",
        mixed(20, 3, {"category": "专业技术人员"}),
        mixed(20, 5, {"category": "专业技术人员"}),
    ),
    "DL-MODEL": Case(
        "fuyuan-2006",
        mixed(20, 2, {"category": "先进模范人物"}),
        mixed(20, 1, {"category": "先进模范人物"}),
    ),
    "DL-AGE40": Case(
        "fuyuan-2006",
        mixed(10, 6, {"birth_date": YOUNG}, {"birth_date": OLD}),
        mixed(10, 5, {"birth_date": YOUNG}, {"birth_date": OLD}),
    ),
    "DL-WOMEN": Case(
        "fuyuan-2006",
        mixed(8, 2, {"gender": Gender.FEMALE}),
        mixed(8, 1, {"gender": Gender.FEMALE}),
    ),
    "DL-MINORITY": Case(
        "fuyuan-2006",
        mixed(20, 2, {"ethnicity": "彝族", "minority": True}),
        mixed(20, 1, {"ethnicity": "彝族", "minority": True}),
    ),
    "DL-EDU": Case("fuyuan-2006", mixed(10, 2, {"education": 1}), mixed(10, 3, {"education": 1})),
}
# checked on slates (check slate; tests/core/checks/test_slate_cases.py, tests/core/kinds/test_slates.py)
ELSEWHERE = {"DL-EXTRA", "EL-ROSTER", "DL-HIGHER"}


def _run(case: Case, group: list[Person], prof: dict[str, Any]) -> set[str]:
    rs = load_ruleset(case.ruleset)
    report = check_delegates(group, context(rs, profile(**prof)))
    return {f.rule for f in report.findings}


@pytest.mark.parametrize("code", sorted(CASES))
def test_rule_passes_and_fails(code: str) -> None:
    case = CASES[code]
    assert code not in _run(case, case.passing, case.profile)
    fail_profile = case.profile if case.failing_profile is None else case.failing_profile
    assert code in _run(case, case.failing, fail_profile)


def test_every_list_and_person_code_has_a_case() -> None:
    codes = {
        code
        for name in packaged_names()
        for code in load_ruleset(name).rules
        if code.startswith(("EL-", "DL-"))
    }
    assert codes - ELSEWHERE == set(CASES)


def test_unit_extra_is_reported_not_checked(rulesets: Callable[[str], RuleSet]) -> None:
    report = check_delegates(people(3), context(rulesets("fuyuan-2006")))
    assert "DL-EXTRA" in {n.rule for n in report.not_checked}


@pytest.mark.parametrize(
    ("young", "ok", "needed"), [(90, True, None), (89, False, 1), (85, False, 5)]
)
def test_age40_exact_boundary_and_needed(
    young: int, ok: bool, needed: int | None, rulesets: Callable[[str], RuleSet]
) -> None:
    group = mixed(150, young, {"birth_date": YOUNG}, {"birth_date": OLD})
    report = check_delegates(group, context(rulesets("fuyuan-2006")))
    row = next(r for r in report.composition if r.rule == "DL-AGE40")
    assert (row.count, row.total, row.ok) == (young, 150, ok)
    finding = next((f for f in report.findings if f.rule == "DL-AGE40"), None)
    assert (finding.needed if finding else None) == needed


def test_women_needed_matches_the_share_of_members(rulesets: Callable[[str], RuleSet]) -> None:
    group = mixed(150, 33, {"gender": Gender.FEMALE})
    report = check_delegates(group, context(rulesets("fuyuan-2006")))
    finding = next(f for f in report.findings if f.rule == "DL-WOMEN")
    assert finding.needed == 5  # 300/1200 of 150 = 37.5 → 38 women
    assert finding.measured == "33/150 (22%)"
    assert finding.severity.value == "warning"


def test_band_too_many(rulesets: Callable[[str], RuleSet]) -> None:
    group = mixed(20, 18, {"category": "领导干部"}, {"category": "其他"})
    report = check_delegates(group, context(rulesets("fuyuan-2006")))
    finding = next(f for f in report.findings if f.rule == "DL-LEADERS")
    assert finding.message_id == "dl.share.high" and finding.needed == 3  # at most 15 of 20


def test_missing_column_means_not_checked(rulesets: Callable[[str], RuleSet]) -> None:
    columns = {"name": "姓名", "party_status": "政治面貌"}
    report = check_delegates(people(5), context(rulesets("fuyuan-2006"), columns=columns))
    skipped = {n.rule for n in report.not_checked}
    assert {"DL-AGE40", "DL-EDU", "DL-WOMEN", "EL-INVEST", "EL-IDNUM"} <= skipped
    assert not report.composition


def test_probation_within_two_years_is_a_warning(rulesets: Callable[[str], RuleSet]) -> None:
    group = [person(2, discipline="留党察看", discipline_date=dt.date(2004, 12, 1))]
    report = check_delegates(group, context(rulesets("national-1990")))
    finding = next(f for f in report.findings if f.rule == "EL-PROBATION")
    assert finding.severity.value == "warning"


def test_findings_point_at_rows_and_columns(rulesets: Callable[[str], RuleSet]) -> None:
    group = [
        *people(2),
        person(
            7, name="张三", party_status=PartyStatus.PROBATIONARY, party_status_label="中共预备党员"
        ),
    ]
    report = check_delegates(group, context(rulesets("fuyuan-2006")))
    finding = next(f for f in report.findings if f.rule == "EL-FULL")
    assert finding.key() == ("EL-FULL", (7,), "政治面貌")
    assert finding.subjects == ("张三",) and finding.value == "中共预备党员"
    assert "正式党员" in (finding.source or "")


def test_zhaotong_deviation_is_not_repeated_on_delegate_checks(
    rulesets: Callable[[str], RuleSet],
) -> None:
    from electkit.core.lint import lint

    rs = rulesets("zhaotong-2006")
    report = check_delegates(people(3), context(rs), lint_items=lint(rs, rulesets("national-1990")))
    assert "CS-EXTRA" not in {
        f.rule for f in report.findings
    }  # a slate matter, not a delegate-list one


def test_rule_set_not_in_force(rulesets: Callable[[str], RuleSet]) -> None:
    report = check_delegates(
        people(3), context(rulesets("fuyuan-2006"), profile(election_date=dt.date(2021, 3, 1)))
    )
    finding = next(f for f in report.findings if f.rule == "RS-INFORCE")
    assert finding.params["successor"] == "national-2020"


def test_id_birth_day_is_compared_only_when_the_day_was_given(
    rulesets: Callable[[str], RuleSet],
) -> None:
    encoded = make_id(dt.date(1975, 6, 18), seq=3)
    group = [
        person(2, name="只写年月", birth_date=MonthDate(1975, 6, 1), id_number=encoded),
        person(
            3,
            name="写了1日",
            birth_date=dt.date(1975, 6, 1),
            id_number=make_id(dt.date(1975, 6, 1), seq=4),
        ),
        person(
            4,
            name="写错1日",
            birth_date=dt.date(1975, 6, 1),
            id_number=make_id(dt.date(1975, 6, 18), seq=5),
        ),
        person(
            5,
            name="年月不符",
            birth_date=MonthDate(1975, 7, 1),
            id_number=make_id(dt.date(1975, 6, 18), seq=6),
        ),
    ]
    report = check_delegates(group, context(rulesets("national-2020")))
    found = {f.subjects[0]: f.value for f in report.findings if f.rule == "EL-IDMATCH"}
    assert found == {"写错1日": "1975-06-01", "年月不符": "1975-07"}
