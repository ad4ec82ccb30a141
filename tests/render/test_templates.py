from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from electkit.cli.main import app
from electkit.io.roster import read_roster
from electkit.io.units import read_units

runner = CliRunner()


def make(tmp_path: Path, kind: str) -> Path:
    out = tmp_path / f"{kind}.xlsx"
    result = runner.invoke(app, ["template", kind, "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    return out


def test_delegate_template_round_trip(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = make(tmp_path, "delegates")
    book = load_workbook(path)
    sheet = book["代表名单"]
    assert sheet.freeze_panes == "A2"
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["序号", "姓名", "性别"]
    lists = {str(dv.sqref).split(":")[0][:-1] for dv in sheet.data_validations.dataValidation}
    letters = {h: chr(65 + i) for i, h in enumerate(headers)}
    assert {
        letters[h]
        for h in (
            *("性别", "民族", "学历", "政治面貌", "代表类别"),
            *(
                "留置逮捕",
                "立案审查",
                "违反计划生育",
            ),  # the inputs of EL-SUSPEND, EL-INVEST, EL-FAMPLAN
        )
    } <= lists
    assert book["选项"].sheet_state == "hidden"
    assert sum(1 for row in book["选项"].iter_rows(min_col=4, max_col=4) if row[0].value) == 56
    # fill two people the way staff do, then read the file back
    values = {
        "序号": 1,
        "姓名": "王芳",
        "性别": "女",
        "民族": "彝族",
        "出生年月": "1985.03",
        "学历": "大专",
        "政治面貌": "中共党员",
        "入党时间": "2008.07",
        "代表类别": "领导干部",
        "工作单位及职务": "某村书记",
        "选举单位": "一支部",
        "身份证号": "11010519491231002X",
        "党纪处分": "无",
        "留置逮捕": "否",
        "立案审查": "否",
        "违反计划生育": "否",
    }
    for col, header in enumerate(headers, start=1):  # typed into the rows below the example
        sheet.cell(row=3, column=col, value=values.get(header))
    for col, value in enumerate([2, "李四", "男", "汉族", "1970.11", "初中", "中共党员"], start=1):
        sheet.cell(row=4, column=col, value=value)
    book.save(path)
    roster = read_roster(path)
    assert [(p.row, p.name) for p in roster.persons] == [(3, "王芳"), (4, "李四")]
    assert [(f.rule, f.rows) for f in roster.findings] == [("IN-SKIPPED", (2,))]
    assert (
        roster.persons[0].minority is True and roster.persons[0].id_number == "11010519491231002X"
    )
    assert roster.persons[0].suspended is False and "suspended" in roster.columns


def test_candidate_and_unit_templates_read_back(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    roster = read_roster(make(tmp_path, "candidates"))
    assert roster.persons == [] and {
        *("proposed_post", "native_place", "work_start"),
        "newly_promoted",  # the input of CS-NEWHEAD
    } <= set(roster.columns)
    path = make(tmp_path, "units")
    book = load_workbook(path)
    for col, value in enumerate(["一支部", 30, 1], start=1):
        book.active.cell(row=3, column=col, value=value)
    book.save(path)
    assert [(u.name, u.members) for u in read_units(path)] == [("一支部", 30)]


def test_ballot_template_round_trip(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from electkit.io.ballots import read_ballots
    from electkit.io.contest import load_contest
    from tests.helpers import EXAMPLES

    contest_file = EXAMPLES / "tally" / "discipline.yaml"
    out = tmp_path / "ballots.xlsx"
    result = runner.invoke(
        app, ["template", "ballots", "--contest", str(contest_file), "-o", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    contest, _ = load_contest(contest_file)
    book = load_workbook(out)
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    assert headers[1 : 1 + len(contest.candidates)] == list(contest.candidates)
    assert headers[-1] == "废票" and "另选1" in headers
    for col, value in enumerate(["1", "○", "×", "", "○", "○", "○"], start=1):
        sheet.cell(row=3, column=col, value=value)
    book.save(out)
    seen = []
    read_ballots(out, contest, lambda *ballot: seen.append(ballot))
    assert [b[0] for b in seen] == ["1"]
