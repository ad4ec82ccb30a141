"""``sanction`` and ``recent_sanction``: a sanction with no term is never said to run, and the
12 months of CQ-SANCTION are read as ``disqualification`` reads a window (that day included, a
month-only date straddling the first day undecided, never passed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from electkit.core.checks.context import Subject
from electkit.core.checks.run import evaluate
from electkit.core.kinds import rule_adapter
from electkit.core.lint import own_items
from electkit.core.models import Event, MonthDate, Person
from electkit.core.rulebase import Scope
from electkit.core.ruleset import RuleSet
from electkit.io.rules_loader import load_ruleset
from tests.helpers import context, person, profile

ELECTION = dt.date(2026, 6, 18)


@pytest.fixture(scope="module")
def national_2020() -> RuleSet:
    return load_ruleset("national-2020")


def _rule(kind: str, code: str, **params: Any) -> Any:
    return rule_adapter().validate_python(
        {
            "code": code,
            "kind": kind,
            "severity": "error",
            "title": {"zh": "处分", "en": "sanction"},
            "source": {"text": "例", "ref": "例", "doc": "S1", "quality": "local"},
            "params": params,
        }
    )


def _check(rs: RuleSet, rule: Any, people: list[Person], scope: Scope) -> Any:
    only = rs.model_copy(update={"rules": {rule.code: rule}})
    ctx = context(only, profile(election_date=ELECTION))
    return evaluate(Subject(scope, people), ctx)


def _sanctioned(value: str, date: dt.date | None, years: int | None = None) -> Person:
    return person(
        2,
        "王一",
        discipline=value,
        discipline_date=date,
        discipline_years=years,
        events=(Event("党纪处分", value, date, years),),
    )


def test_a_sanction_without_a_term_is_never_said_to_run(national_2020: RuleSet) -> None:
    """Before: 严重警告 listed in a ``sanction`` rule got 留党察看's one-to-two-year term: "自2025-09
    起受严重警告处分，选举时仍在处分期内" — false, a 严重警告 has no term."""
    rule = _rule("sanction", "EL-OLD", sanctions=["严重警告", "留党察看"])
    result = _check(
        national_2020, rule, [_sanctioned("严重警告", MonthDate(2025, 9, 1))], Scope.DELEGATES
    )
    (finding,) = result.findings
    assert finding.message_id == "el.probation.no_term" and finding.severity.value == "warning"
    # 留党察看 keeps its term: dated within a year, running (the rule's severity)
    result = _check(
        national_2020, rule, [_sanctioned("留党察看", dt.date(2025, 9, 1))], Scope.DELEGATES
    )
    (finding,) = result.findings
    assert finding.message_id == "el.probation.running" and finding.severity.value == "error"
    # and lint says which listed sanction has no term, pointing to disqualification
    rs = national_2020.model_copy(update={"rules": {rule.code: rule}})
    (item,) = [i for i in own_items(rs) if i.type == "advice"]
    assert item.params == {"sanction": "严重警告"} and item.message_id == "lint.sanction.no_term"


@pytest.mark.parametrize(
    ("date", "message"),
    [
        (dt.date(2025, 6, 18), "cq.sanction"),  # twelve months to the day: inside (以内)
        (dt.date(2025, 6, 17), None),  # one day earlier: outside
        (MonthDate(2025, 6, 1), "cq.sanction.edge"),  # the month straddles the first day
        (MonthDate(2025, 7, 1), "cq.sanction"),
        (MonthDate(2025, 5, 1), None),
        (None, "cq.sanction"),  # undated: counts
    ],
)
def test_recent_sanction_reads_its_window_as_disqualification_does(
    national_2020: RuleSet, date: dt.date | None, message: str | None
) -> None:
    recent = _rule("recent_sanction", "CQ-SANCTION", months=12)
    result = _check(national_2020, recent, [_sanctioned("警告", date)], Scope.COMMITTEE)
    assert [f.message_id for f in result.findings] == ([message] if message else [])
    # the same window written as a disqualification gives the same verdict
    same = _rule(
        "disqualification",
        "CQ-YEAR",
        events=[{"kind": "党纪处分", "values": ["警告"]}],
        within={"months": 12},
        who="committee_candidates",
    )
    other = _check(national_2020, same, [_sanctioned("警告", date)], Scope.COMMITTEE)
    expected = {None: [], "cq.sanction": ["el.disq.found"], "cq.sanction.edge": ["el.disq.edge"]}
    if date is None:
        expected["cq.sanction"] = ["el.disq.undated"]
    assert [f.message_id for f in other.findings] == expected[message]
