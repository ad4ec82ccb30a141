"""``disqualification``: each kind of event inside, at the edge of and outside its window, still
running or ended; the message names what was found, never another kind's wording."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from electkit.core.checks.context import Subject
from electkit.core.checks.run import evaluate
from electkit.core.kinds import rule_adapter
from electkit.core.models import Event, MonthDate, Person
from electkit.core.rulebase import SLATES, Scope
from electkit.core.ruleset import RuleSet
from electkit.messages import t
from electkit.render.common import finding_message
from tests.helpers import context, person, profile, write_csv

ELECTION = dt.date(2021, 6, 15)


def rule(**params: Any) -> Any:
    return rule_adapter().validate_python(
        {
            "code": "EL-RECENT",
            "kind": "disqualification",
            "severity": "error",
            "title": {"zh": "近五年受过处分的不得推荐为代表候选人", "en": "No recent sanction"},
            "source": {"text": "例", "ref": "例", "doc": "S1", "quality": "local"},
            "params": params,
        }
    )


def check(rs: RuleSet, r: Any, people: list[Person], scope: Scope = Scope.DELEGATES) -> Any:
    only = rs.model_copy(update={"rules": {r.code: r}})
    columns = {"name": "姓名", "discipline": "党纪处分", "event:政务处分": "政务处分"}
    columns["event:民主评议"] = "民主评议"
    ctx = context(only, profile(election_date=ELECTION), columns=columns)
    return evaluate(Subject(scope, people), ctx)


def sanctioned(kind: str, value: str, date: dt.date | None, years: int | None = None) -> Person:
    return person(2, "张三", events=(Event(kind, value, date, years),))


FIVE_YEARS = {"events": [{"kind": "党纪处分"}, {"kind": "政务处分"}], "within": {"years": 5}}


@pytest.mark.parametrize(
    ("date", "found"),
    [
        (dt.date(2016, 6, 15), "el.disq.found"),  # exactly five years before: inside ("以内")
        (dt.date(2016, 6, 14), None),  # one day earlier: outside
        (dt.date(2019, 1, 1), "el.disq.found"),
        (MonthDate(2016, 6, 1), "el.disq.edge"),  # 2016.06: the month straddles the start
        (MonthDate(2016, 7, 1), "el.disq.found"),
        (MonthDate(2016, 5, 1), None),
        (None, "el.disq.undated"),
    ],
)
@pytest.mark.parametrize(("kind", "value"), [("党纪处分", "严重警告"), ("政务处分", "记过")])
def test_window_of_five_years(
    rulesets: Callable[[str], RuleSet],
    kind: str,
    value: str,
    date: dt.date | None,
    found: str | None,
) -> None:
    outcome = check(rulesets("national-2020"), rule(**FIVE_YEARS), [sanctioned(kind, value, date)])
    assert [f.message_id for f in outcome.findings] == ([found] if found else [])
    for f in outcome.findings:
        assert f.severity.value == "error"  # cannot be confirmed is not passed


def test_the_message_names_the_kind_value_date_and_window(
    rulesets: Callable[[str], RuleSet],
) -> None:
    """Never "留党察看" about a 严重警告: the value found, its date and the window."""
    (finding,) = check(
        rulesets("national-2020"),
        rule(**FIVE_YEARS),
        [sanctioned("党纪处分", "严重警告", dt.date(2019, 3, 1))],
    ).findings
    zh = finding_message(finding, "zh")
    assert zh == "张三于2019-03-01受党纪处分“严重警告”，在选举前5年之内"
    assert "留党察看" not in zh
    en = finding_message(finding, "en")
    assert (
        en
        == "张三: Party sanction (serious warning) on 2019-03-01, within 5 years before the election"
    )


def test_only_the_values_named_count(rulesets: Callable[[str], RuleSet]) -> None:
    r = rule(events=[{"kind": "民主评议", "values": ["不合格"]}], within={"years": 5})
    rs = rulesets("national-2020")
    ok = sanctioned("民主评议", "合格", dt.date(2020, 1, 1))
    bad = sanctioned("民主评议", "不合格", dt.date(2020, 1, 1))
    assert check(rs, r, [ok]).findings == []
    assert [f.rule for f in check(rs, r, [bad]).findings] == ["EL-RECENT"]


@pytest.mark.parametrize(
    ("date", "years", "expected"),
    [
        (dt.date(2020, 9, 1), None, "el.disq.running"),  # within the shortest term (1 year)
        (dt.date(2019, 9, 1), None, "el.disq.maybe"),  # between one and two years: verify
        (dt.date(2019, 6, 1), None, None),  # over two years: ended
        (dt.date(2019, 9, 1), 1, None),  # 留党察看一年, as written in the cell: ended
        (dt.date(2019, 9, 1), 2, "el.disq.running"),
    ],
)
def test_a_sanction_still_running(
    rulesets: Callable[[str], RuleSet], date: dt.date, years: int | None, expected: str | None
) -> None:
    r = rule(events=[{"kind": "党纪处分", "values": ["留党察看"]}], running=True)
    outcome = check(rulesets("national-2020"), r, [sanctioned("党纪处分", "留党察看", date, years)])
    assert [f.message_id for f in outcome.findings] == ([expected] if expected else [])


def test_who_it_applies_to(rulesets: Callable[[str], RuleSet]) -> None:
    """Delegate candidates by default: a committee slate lists it as applying elsewhere."""
    r = rule(**FIVE_YEARS)
    outcome = check(
        rulesets("national-2020"),
        r,
        [sanctioned("党纪处分", "警告", dt.date(2020, 1, 1))],
        Scope.COMMITTEE,
    )
    assert outcome.findings == [] and [n.reason_id for n in outcome.not_checked] == ["nc.scope"]
    r = rule(**FIVE_YEARS, who="all_candidates")
    outcome = check(
        rulesets("national-2020"),
        r,
        [sanctioned("党纪处分", "警告", dt.date(2020, 1, 1))],
        Scope.COMMITTEE,
    )
    assert [f.rule for f in outcome.findings] == ["EL-RECENT"]


@pytest.mark.parametrize(
    ("who", "scopes"),
    [
        ("delegate_candidates", {Scope.DELEGATES, Scope.UNIT_CANDIDATES}),
        ("committee_candidates", {Scope.COMMITTEE, Scope.DISCIPLINE}),
        ("all_candidates", {Scope.DELEGATES, Scope.UNIT_CANDIDATES, *SLATES}),
    ],
)
def test_each_who_covers_its_lists(
    rulesets: Callable[[str], RuleSet], who: str, scopes: set[Scope]
) -> None:
    r = rule(**FIVE_YEARS, who=who)
    people = [sanctioned("党纪处分", "警告", dt.date(2020, 1, 1))]
    for scope in {Scope.DELEGATES, Scope.UNIT_CANDIDATES, *SLATES}:
        outcome = check(rulesets("national-2020"), r, people, scope)
        assert bool(outcome.findings) is (scope in scopes), (who, scope)


def test_everyone_is_not_a_who() -> None:
    """``everyone`` covered what ``all_candidates`` covers; it was dropped before any release."""
    with pytest.raises(ValidationError, match="all_candidates"):
        rule(**FIVE_YEARS, who="everyone")


def test_a_missing_column_is_not_checked_for_that_event(rulesets: Callable[[str], RuleSet]) -> None:
    r = rule(events=[{"kind": "党纪处分"}, {"kind": "刑事处罚"}], within={"years": 5})
    outcome = check(
        rulesets("national-2020"), r, [sanctioned("党纪处分", "警告", dt.date(2020, 1, 1))]
    )
    assert [f.rule for f in outcome.findings] == ["EL-RECENT"]
    (nc,) = outcome.not_checked
    assert nc.reason_id == "nc.column" and nc.params["column"] == "刑事处罚"


COUNTY = """name: recent-county
title: {zh: 某县2021年换届规则, en: A county 2021}
extends: national-2020
documents:
  N: {title: 某县乡镇党委换届工作实施方案(2021)}
rules:
  - code: EL-RECENT
    kind: disqualification
    severity: error
    title: {zh: 近五年受过党纪政务处分的不得推荐为代表候选人, en: No sanction in five years}
    params:
      events: [{kind: 党纪处分}, {kind: 政务处分}, {kind: 刑事处罚}]
      within: {years: 5}
    source: {text: "近五年受过党纪、政务处分的，近五年受到刑事处罚的，不得推荐为代表候选人", ref: "二(一)", doc: N, quality: local}
"""


def test_read_from_a_real_roster(tmp_path: Path) -> None:
    """The columns of each event kind are read by their headers; a cell naming no declared
    value is an error naming the values; the check reads dates as staff type them."""
    from electkit.app.check import check_delegate_list
    from electkit.app.election import load_election

    (tmp_path / "rules.yaml").write_text(COUNTY, encoding="utf-8")
    (tmp_path / "election.yaml").write_text(
        "township: 青山乡\nelection_date: 2021-06-15\nrules: rules.yaml\n", encoding="utf-8"
    )
    header = [
        "姓名",
        "性别",
        "出生年月",
        "政治面貌",
        "党纪处分",
        "处分时间",
        "政务处分",
        "政务处分时间",
        "刑事处罚",
        "刑事处罚时间",
    ]
    rows = [
        header,
        ["甲一", "男", "1980.01", "中共党员", "无", "", "无", "", "无", ""],
        ["乙二", "男", "1980.01", "中共党员", "严重警告", "2018.3", "", "", "", ""],
        ["丙三", "女", "1980.01", "中共党员", "", "", "记大过", "2015.01", "", ""],
        [
            "丁四",
            "女",
            "1980.01",
            "中共党员",
            "",
            "",
            "",
            "",
            "判处有期徒刑一年，缓刑一年",
            "2017-05-01",
        ],
        ["戊五", "男", "1980.01", "中共党员", "", "", "罚款", "2020.1", "", ""],
    ]
    roster = write_csv(tmp_path / "d.csv", rows)
    result = check_delegate_list(roster, load_election(tmp_path / "election.yaml"))
    found = {
        (f.rule, f.rows, f.message_id)
        for f in result.report.findings
        if f.rule != "IN-VALUE" or f.message_id == "cell.event"
    }
    assert ("EL-RECENT", (3,), "el.disq.found") in found
    assert ("EL-RECENT", (5,), "el.disq.found") in found
    assert not any(rows == (4,) and rule == "EL-RECENT" for rule, rows, _ in found)  # 2015: outside
    assert ("IN-VALUE", (6,), "cell.event") in found  # 罚款 is not a 政务处分
    bad = next(f for f in result.report.findings if f.message_id == "cell.event")
    assert "记大过" in t(bad.message_id, "zh", **bad.params, value=bad.value)
