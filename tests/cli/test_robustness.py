"""Inputs staff really produce, and mistakes they really make: a clear message, never a crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from electkit.cli.main import app
from electkit.io.roster import read_roster
from tests.helpers import EXAMPLES, write_csv

runner = CliRunner()
ELECTION = str(EXAMPLES / "election.yaml")


def test_a_stray_cell_far_away_is_refused_before_loading(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "性别", "出生年月", "政治面貌"])
    sheet.append(["张三", "男", "1980.01", "中共党员"])
    sheet.cell(row=300000, column=2000).value = " "  # one space typed far away
    path = tmp_path / "far.xlsx"
    book.save(path)
    result = runner.invoke(app, ["check", "delegates", str(path), "-e", ELECTION, "--lang", "en"])
    assert result.exit_code == 2
    assert "BXX300000" in result.stderr and "Ctrl+End" in result.stderr


def test_the_first_visible_sheet_is_read(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    hidden = book.active
    hidden.title = "旧名单"
    hidden.append(["姓名", "性别"])
    hidden.append(["李四", "男"])
    hidden.sheet_state = "hidden"
    shown = book.create_sheet("名单")
    shown.append(["姓名", "性别"])
    shown.append(["王五", "女"])
    path = tmp_path / "hidden.xlsx"
    book.save(path)
    roster = read_roster(path)
    assert roster.sheet == "名单" and [p.name for p in roster.persons] == ["王五"]
    assert [p.name for p in read_roster(path, sheet="旧名单").persons] == ["李四"]


@pytest.mark.parametrize(
    "args",
    [
        ["report", "audit", ELECTION, "-d", str(EXAMPLES / "delegates.csv"), "-o", "{dir}/a.html"],
        [
            "report",
            "result",
            str(EXAMPLES / "tally" / "committee.yaml"),
            str(EXAMPLES / "tally" / "committee.csv"),
            "-o",
            "{dir}/r.pdf",
        ],
        ["ballot", str(EXAMPLES / "tally" / "committee.yaml"), "-o", "{dir}/b.pdf"],
        ["template", "delegates", "-o", "{dir}/t.xlsx"],
        ["plan", ELECTION, "-o", "{dir}/p.txt"],
    ],
)
def test_output_into_a_missing_directory_creates_it(args: list[str], tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such"
    given = [a.replace("{dir}", str(missing)) for a in args]
    result = runner.invoke(app, [*given, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in missing.iterdir()] == [Path(given[-1]).name]


def test_output_keeps_an_existing_files_permissions(tmp_path: Path) -> None:
    out = tmp_path / "plan.txt"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o644)
    assert runner.invoke(app, ["plan", ELECTION, "-o", str(out), "-f", "plain"]).exit_code == 0
    assert out.stat().st_mode & 0o777 == 0o644 and out.read_text(encoding="utf-8") != "old"


def test_a_list_without_people_is_not_a_pass(tmp_path: Path) -> None:
    roster = write_csv(tmp_path / "header_only.csv", [["姓名", "性别", "出生年月"]])
    result = runner.invoke(app, ["check", "delegates", str(roster), "-e", ELECTION, "--lang", "en"])
    assert result.exit_code == 2 and "no people below the header" in result.stderr


def test_audit_masks_id_numbers_in_findings_too(tmp_path: Path) -> None:
    out = tmp_path / "audit.json"
    result = runner.invoke(
        app, ["report", "audit", ELECTION, "-d", str(EXAMPLES / "delegates.xlsx"), "-o", str(out)]
    )
    assert result.exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "530325194801138971" not in text and "530325********8971" in text
    shown = tmp_path / "shown.json"
    runner.invoke(
        app,
        [
            "report",
            "audit",
            ELECTION,
            "-d",
            str(EXAMPLES / "delegates.xlsx"),
            "-o",
            str(shown),
            "--show-id",
        ],
    )
    assert "530325194801138971" in shown.read_text(encoding="utf-8")


def test_expelled_member_and_written_probation_terms(tmp_path: Path) -> None:
    roster = write_csv(
        tmp_path / "disc.csv",
        [
            ["姓名", "性别", "政治面貌", "党纪处分", "处分时间"],
            ["张三", "男", "中共党员", "开除党籍", "2005.01"],
            [
                "李四",
                "男",
                "中共党员",
                "留党察看二年",
                "2004.06",
            ],  # ends 2006.06: running on 2006-03-20
            ["王五", "男", "中共党员", "留党察看一年", "2004.06"],  # ended 2005.06
        ],
    )
    result = runner.invoke(app, ["check", "delegates", str(roster), "-e", ELECTION, "-f", "json"])
    found = {
        (f["rule"], f["subjects"][0], f["severity"])
        for f in json.loads(result.stdout)["findings"]
        if f["subjects"]
    }
    assert ("EL-FULL", "张三", "error") in found
    assert ("EL-PROBATION", "李四", "error") in found
    assert not [f for f in found if f[1] == "王五"]


def test_slate_roster_sheet_and_unit(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    slate = book.active
    slate.title = "候选人"
    slate.append(["姓名", "性别", "政治面貌", "选举单位"])
    for name in ("丁一", "于二", "王三"):
        slate.append([name, "男", "中共党员", "一支部"])
    slate.append(["毛四", "男", "中共党员", "二支部"])
    roster = book.create_sheet("代表名单")
    roster.append(["姓名", "性别", "政治面貌"])
    roster.append(["丁一", "男", "中共党员"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    args = [
        "check",
        "slate",
        str(path),
        "--sheet",
        "候选人",
        "-c",
        "delegates",
        "-e",
        ELECTION,
        "--roster",
        str(path),
        "--roster-sheet",
        "代表名单",
        "--unit",
        "一支部",
        "--seats",
        "2",
        "-f",
        "json",
    ]
    data = json.loads(runner.invoke(app, args).stdout)
    missing = sorted(f["subjects"][0] for f in data["findings"] if f["rule"] == "EL-ROSTER")
    assert missing == ["于二", "王三"]  # 毛四 belongs to another unit: not on this list
    extra = next(c for c in data["composition"] if c["rule"] == "DL-EXTRA")
    assert (extra["count"], extra["total"], extra["required"]) == (3, 2, ">= 3")
    assert runner.invoke(app, [*args[:-2], "--seats", "0"]).exit_code == 2


def test_write_in_cell_with_two_names(tmp_path: Path) -> None:
    contest = tmp_path / "c.yaml"
    contest.write_text(
        "contest: 委员\nseats: 2\nentitled: 3\npresent: 3\ncandidates: [甲, 乙, 丙]\n",
        encoding="utf-8",
    )
    ballots = tmp_path / "b.csv"
    ballots.write_text("选票编号,甲,乙,丙,另选1\n1,○,,,王五、李四\n", encoding="utf-8")
    result = runner.invoke(app, ["tally", "count", str(contest), str(ballots), "--lang", "en"])
    assert result.exit_code == 2 and "more than one name" in result.stderr
