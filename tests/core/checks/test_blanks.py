"""Blank cells are unknown, never "not in the group" or "否"; shares they could flip are undecided."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from electkit.cli.main import app
from electkit.core.checks.delegates import check_delegates
from electkit.core.findings import Finding, Severity
from electkit.core.kinds.shares import decide
from electkit.io.rules_loader import load_ruleset
from tests.helpers import ALL_COLUMNS, context, person, profile, write_csv


def test_decide_is_true_only_when_every_filling_passes() -> None:
    assert decide(112, 0, 98, 112) is True
    assert decide(112, 3, 98, 112) is None  # 112..115 against at most 112
    assert decide(113, 3, 98, 112) is False  # already above
    assert decide(90, 5, 98, 112) is False  # even all five would not reach 98
    assert decide(95, 5, 98, 112) is None


def test_blank_category_makes_the_leaders_share_undecided() -> None:
    rs = load_ruleset("fuyuan-2006")
    ctx = context(rs, profile(delegate_seats=20))
    people = [person(i + 2, f"甲{i}") for i in range(15)]  # 15 leaders of 20: 75%, at the limit
    people += [person(i + 17, f"乙{i}", category="其他") for i in range(3)]
    people += [person(20, "丙", category=None), person(21, "丁", category=None)]
    report = check_delegates(people, ctx)
    leaders = next(r for r in report.composition if r.rule == "DL-LEADERS")
    assert (leaders.count, leaders.unknown, leaders.ok) == (15, 2, None)
    undecided = [f for f in report.findings if f.rule == "DL-LEADERS"]
    assert [(f.message_id, f.severity) for f in undecided] == [
        ("dl.share.undecided", Severity.WARNING)  # DL-LEADERS is a warning rule in fuyuan-2006
    ]
    blanks = [f.key() for f in report.findings if f.message_id == "cell.blank"]
    assert blanks == [("IN-VALUE", (20,), "代表类别"), ("IN-VALUE", (21,), "代表类别")]


def test_blank_flag_is_an_error_under_the_flag_rule_and_unreadable_cells_not_twice() -> None:
    rs = load_ruleset("fuyuan-2006")
    ctx = context(rs, profile(delegate_seats=3))
    people = [
        person(2, "甲", under_investigation=False, family_planning_violation=False),
        person(3, "乙", under_investigation=None, family_planning_violation=False),
        person(4, "丙", under_investigation=False, family_planning_violation=None),
    ]
    unreadable = Finding(
        rule="IN-VALUE",
        severity=Severity.ERROR,
        message_id="cell.yes_no",
        rows=(4,),
        column="违反计划生育",
    )
    report = check_delegates(people, ctx, input_findings=[unreadable])
    blank = [
        (f.rule, f.rows, f.severity) for f in report.findings if f.message_id == "el.flag.blank"
    ]
    assert blank == [("EL-INVEST", (3,), Severity.ERROR)]


def test_an_empty_column_is_one_finding() -> None:
    rs = load_ruleset("fuyuan-2006")
    ctx = context(rs, profile(delegate_seats=3), columns={**ALL_COLUMNS})
    report = check_delegates([person(i, id_number=None) for i in (2, 3, 4)], ctx)
    ids = [f for f in report.findings if f.column == "身份证号"]
    assert [(f.message_id, f.rows) for f in ids] == [("cell.column_blank", ())]


def test_cli_shows_the_unknown_and_a_question_mark(tmp_path: Path) -> None:
    header = [
        "姓名",
        "性别",
        "出生年月",
        "学历",
        "政治面貌",
        "代表类别",
        "立案审查",
        "违反计划生育",
    ]
    rows = [[f"甲{i}", "女" if i < 5 else "男", "1980.01", "高中", "中共党员", "领导干部", "否", "否"]
            for i in range(15)]  # fmt: skip
    rows.append(["乙", "", "1980.01", "高中", "中共党员", "其他", "否", "否"])
    election = tmp_path / "e.yaml"
    election.write_text(
        "township: 青山乡\nelection_date: 2006-03-20\nrules: fuyuan-2006\n"
        "party_members: {total: 100, women: 33}\n",
        encoding="utf-8",
    )
    roster = write_csv(tmp_path / "r.csv", [header, *rows])
    result = CliRunner().invoke(
        app, ["check", "delegates", str(roster), "-e", str(election), "-f", "json"]
    )
    data = json.loads(result.stdout)
    women = next(r for r in data["composition"] if r["rule"] == "DL-WOMEN")
    assert (women["count"], women["unknown"], women["ok"]) == (5, 1, None)  # 5 or 6 of 16 vs 33%
    plain = CliRunner().invoke(
        app,
        ["check", "delegates", str(roster), "-e", str(election), "-f", "plain", "--lang", "zh"],
    )
    assert "5 (+1?)" in plain.stdout and "无法判定" in plain.stdout


def test_unreadable_party_status_is_not_called_empty(tmp_path: Path) -> None:
    header = ["姓名", "性别", "出生年月", "政治面貌"]
    roster = write_csv(
        tmp_path / "r.csv",
        [header, ["甲", "男", "1970.01", "中共党员"], ["乙", "男", "1970.01", "预备"]],
    )
    election = tmp_path / "e.yaml"
    election.write_text(
        "township: 青山乡\nelection_date: 2006-03-20\nrules: fuyuan-2006\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        app, ["check", "delegates", str(roster), "-e", str(election), "-f", "json", "--lang", "zh"]
    )
    full = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "EL-FULL"]
    assert [(f["rows"], f["value"]) for f in full] == [([3], "预备")]
    assert "无法识别" in full[0]["message"] and "未填写" not in full[0]["message"]


def test_an_error_rule_left_undecided_fails_and_a_blank_flag_column_keeps_its_rule() -> None:
    rs = load_ruleset("fuyuan-2006")
    ctx = context(rs, profile(delegate_seats=3))
    people = [person(i, birth_date=None, under_investigation=None) for i in (2, 3, 4)]
    report = check_delegates(people, ctx)
    age = [f for f in report.findings if f.rule == "DL-AGE40"]
    assert [(f.message_id, f.severity) for f in age] == [("dl.share.undecided", Severity.ERROR)]
    invest = [f for f in report.findings if f.rule == "EL-INVEST"]
    assert [(f.message_id, f.rows, f.column) for f in invest] == [
        ("cell.column_blank", (), "立案审查")
    ]
    assert report.errors >= 2
