"""How a committee slate's cells are read: 拟任职务 as staff write it, names in 亲属."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from electkit.cli.main import app
from tests.helpers import write_csv

runner = CliRunner()

# 11 candidates for zhaotong-2006's 9 seats that pass every error-level rule
SLATE = """\
序号,姓名,性别,民族,出生年月,学历,政治面貌,参加工作时间,现任职务,任现职时间,拟任职务,籍贯,工作单位及职务,亲属,连任届数,身份证号
1,丁一,男,汉族,1970.01,本科,中共党员,1990.07,乡镇长,2003.04,书记,富源县大河镇,青山乡人民政府乡长,,1,530325197001151011
2,于二,男,汉族,1972.02,大专,中共党员,1993.07,副书记,2003.04,乡镇长,富源县大河镇,青山乡党委副书记,,1,530325197202151018
3,王三,男,汉族,1973.03,大专,中共党员,1995.07,组织委员,2003.04,专职副书记,富源县大河镇,青山乡党委组织委员,,1,530325197303151033
4,毛四,男,汉族,1974.04,大专,中共党员,1996.07,纪委书记,2003.04,纪委书记,富源县大河镇,青山乡纪委书记,,1,530325197404151032
5,孔五,女,汉族,1976.05,大专,中共党员,1998.07,宣传委员,2003.04,组织委员,富源县大河镇,青山乡党委宣传委员,,1,530325197605151047
6,石六,男,汉族,1977.06,大专,中共党员,1999.07,党政办主任,2004.04,宣传委员,富源县大河镇,青山乡党政办主任,,0,530325197706151054
7,田七,男,汉族,1978.07,大专,中共党员,2000.07,人大主席,2003.04,人大主席,富源县大河镇,青山乡人大主席,,1,53032519780715107X
8,白八,男,汉族,1979.08,大专,中共党员,2001.07,副乡镇长,2003.04,副乡镇长,富源县大河镇,青山乡副乡长,,1,530325197908151079
9,冯九,男,汉族,1980.09,大专,中共党员,2002.07,武装部长,2004.04,武装部长,富源县大河镇,青山乡武装部长,,0,530325198009151096
10,江十,男,汉族,1975.10,大专,中共党员,1997.07,站长,2004.04,委员,富源县大河镇,青山乡农科站站长,,0,530325197510151095
11,汤十一,男,汉族,1981.11,大专,中共党员,2003.07,团委书记,2004.04,委员,富源县大河镇,青山乡团委书记,,0,530325198111151113
"""
HEADER, *ROWS = [line.split(",") for line in SLATE.splitlines()]
ELECTION = """\
township: 青山乡
election_date: 2006-03-20
rules: zhaotong-2006
villages: 6
population: 30000
party_members: {total: 1200, women: 300, minority: 96}
delegate_seats: 150
"""


def slate(tmp_path: Path, changes: dict[tuple[int, str], str]) -> Path:
    """The passing slate with some cells changed: (candidate number, header) → value."""
    rows = [list(r) for r in ROWS]
    for (number, column), value in changes.items():
        rows[number - 1][HEADER.index(column)] = value
    (tmp_path / "election.yaml").write_text(ELECTION, encoding="utf-8")
    return write_csv(tmp_path / "slate.csv", [HEADER, *rows])


def check(path: Path, contest: str = "committee") -> tuple[int, list[dict[str, Any]]]:
    result = runner.invoke(
        app,
        [
            *("check", "slate", str(path), "-c", contest),
            *("-e", str(path.parent / "election.yaml"), "-f", "json", "--lang", "zh"),
        ],
    )
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)["findings"]


def errors(findings: list[dict[str, Any]]) -> list[tuple[str, list[int]]]:
    return sorted((f["rule"], f["rows"]) for f in findings if f["severity"] == "error")


def test_passing_slate(tmp_path: Path) -> None:
    code, findings = check(slate(tmp_path, {}))
    assert code == 0 and errors(findings) == []


@pytest.mark.parametrize(
    ("secretary", "deputy"),
    [
        ("乡党委书记", "党委副书记、乡长"),
        ("镇党委书记", "党委副书记(乡长)"),
        ("党委书记人选", "党委副书记（乡长）"),
        ("中共青山乡委员会书记", "乡长候选人"),
        ("书记提名人选", "镇党委副书记，镇长"),
    ],
)
def test_posts_as_staff_write_them_are_checked(tmp_path: Path, secretary: str, deputy: str) -> None:
    """Before, an unrecognised spelling switched CQ-* off (exit 0, no finding)."""
    path = slate(
        tmp_path,
        {
            (1, "拟任职务"): secretary,
            (1, "学历"): "高中",
            (1, "参加工作时间"): "2005.01",
            (2, "拟任职务"): deputy,
            (2, "学历"): "高中",
        },
    )
    code, findings = check(path)
    assert code == 1
    assert errors(findings) == [("CQ-EDU", [2]), ("CQ-EDU", [3]), ("CQ-WORKYEARS", [2])]
    assert not [f for f in findings if f["rule"] == "IN-VALUE"]
    # 乡镇长 is a 正职: the new-head rule applies to the deputy written as 党委副书记、乡长
    assert [f["rows"] for f in findings if f["rule"] == "CS-NEWHEAD"] == [[3]]


def test_unknown_post_is_an_error_on_a_committee_slate(tmp_path: Path) -> None:
    path = slate(tmp_path, {(1, "拟任职务"): "乡党委书纪", (1, "学历"): "高中"})
    code, findings = check(path)
    assert code == 1
    unknown = [f for f in findings if f["rule"] == "IN-VALUE"]
    assert [(f["severity"], f["rows"], f["column"], f["value"]) for f in unknown] == [
        ("error", [2], "拟任职务", "乡党委书纪")
    ]
    assert "可用的职务：书记、乡镇长" in unknown[0]["message"]
    assert "CQ-" in unknown[0]["message"]
    # a delegate-candidate list is not checked by post: the same cell is a warning there
    _code, findings = check(path, "delegates")
    assert [f["severity"] for f in findings if f["rule"] == "IN-VALUE"] == ["warning"]


def test_post_named_with_an_unknown_part(tmp_path: Path) -> None:
    path = slate(tmp_path, {(10, "拟任职务"): "党委委员、派出所所长"})
    code, findings = check(path)
    assert code == 0
    [part] = [f for f in findings if f["rule"] == "IN-VALUE"]
    assert (part["severity"], part["rows"], part["value"]) == (
        "warning",
        [11],
        "党委委员、派出所所长",
    )
    assert "“派出所所长”" in part["message"] and "按“委员”检查" in part["message"]


def test_secretary_who_chairs_the_congress_fills_both_posts(tmp_path: Path) -> None:
    """党委书记、乡人大主席团主席: held to the 书记 requirements and counted as 人大主席."""
    path = slate(
        tmp_path,
        {
            (1, "拟任职务"): "党委书记、乡人大主席团主席",
            (1, "学历"): "高中",
            (7, "拟任职务"): "委员",
        },
    )
    code, findings = check(path)
    assert code == 1 and errors(findings) == [("CQ-EDU", [2])]
    assert not [f for f in findings if f["rule"] in ("CS-MEMBERS", "CS-OFFICERS", "IN-VALUE")]


@pytest.mark.parametrize(
    "current",
    ["青山村党委书记", "县教育局党委书记", "某煤矿党委书记", "县委党校党委书记", "某公司党委书记"],
)
def test_secretary_of_another_body_is_not_the_township_secretary(
    tmp_path: Path, current: str
) -> None:
    """Before, 青山村党委书记 was read as 书记: CQ-BELOW and CS-NEWHEAD were lost (exit 0)."""
    path = slate(tmp_path, {(1, "现任职务"): current})
    code, findings = check(path)
    assert code == 1 and errors(findings) == [("CQ-BELOW", [2])]
    [below] = [f for f in findings if f["rule"] == "CQ-BELOW"]
    assert below["value"] == current and f"现任“{current}”" in below["message"]
    # 于二 (row 3), 副书记 proposed as 乡镇长, is a new head on the passing slate too
    assert [f["rows"] for f in findings if f["rule"] == "CS-NEWHEAD"] == [[2], [3]]
    # the township's own committee, written in full: still the 书记 (a 正职, not new)
    code, findings = check(slate(tmp_path, {(1, "现任职务"): "中共青山乡委员会书记"}))
    assert code == 0 and not [f for f in findings if f["rule"] == "CQ-BELOW"]
    assert [f["rows"] for f in findings if f["rule"] == "CS-NEWHEAD"] == [[3]]


def test_village_secretary_is_not_held_to_the_township_tenure(tmp_path: Path) -> None:
    """Before, fuyuan-2006 gave a false CS-TENURE (书记 for 8 years) for a village secretary."""
    (tmp_path / "election.yaml").write_text(
        ELECTION.replace("zhaotong-2006", "fuyuan-2006"), encoding="utf-8"
    )
    rows = [list(r) for r in ROWS]
    rows[0][HEADER.index("任现职时间")] = "1998.01"
    for current, tenure in (("青山村党委书记", []), ("青山乡党委书记", [[2]])):
        rows[0][HEADER.index("现任职务")] = current
        path = write_csv(tmp_path / "slate.csv", [HEADER, *rows])
        _code, findings = check(path)
        assert [f["rows"] for f in findings if f["rule"] == "CS-TENURE"] == tenure, current


def test_full_time_deputy_written_with_a_bracket(tmp_path: Path) -> None:
    """Before, 党委副书记（专职） lost its 专职: a false CS-OFFICERS (专职副书记 0 of 1)."""
    for written in ("党委副书记（专职）", "副书记(专职)"):
        code, findings = check(slate(tmp_path, {(3, "拟任职务"): written}))
        assert code == 0, written
        assert not [f for f in findings if f["rule"] in ("CS-OFFICERS", "IN-VALUE")], written


def test_acting_head_is_the_head(tmp_path: Path) -> None:
    """Before, 党委副书记、代乡长 was a 副书记 (IN-VALUE warning): CS-NATIVE was not applied."""
    (tmp_path / "election.yaml").write_text(
        ELECTION.replace("zhaotong-2006", "fuyuan-2006"), encoding="utf-8"
    )
    rows = [list(r) for r in ROWS]
    rows[1][HEADER.index("拟任职务")] = "党委副书记、代乡长"
    rows[1][HEADER.index("籍贯")] = "云南省富源县青山乡"
    _code, findings = check(write_csv(tmp_path / "slate.csv", [HEADER, *rows]))
    assert [f["rows"] for f in findings if f["rule"] == "CS-NATIVE"] == [[3]]
    assert not [f for f in findings if f["rule"] in ("IN-VALUE", "CS-OFFICERS")]


@pytest.mark.parametrize(
    ("row", "written"),
    [
        (10, "人大副主席"),
        (5, "组织宣传委员"),
        (4, "纪检书记"),
        (10, "武装部副部长"),
        (1, "书记兼任人大主席"),
    ],
)
def test_more_posts_as_staff_write_them(tmp_path: Path, row: int, written: str) -> None:
    """Before, these were refused as unknown posts (IN-VALUE error, exit 1)."""
    code, findings = check(slate(tmp_path, {(row, "拟任职务"): written}))
    assert code == 0 and not [f for f in findings if f["rule"] == "IN-VALUE"]


DISCIPLINE = """\
序号,姓名,性别,民族,出生年月,学历,政治面貌,参加工作时间,拟任职务,身份证号
1,田七,男,汉族,1978.07,大专,中共党员,2000.07,委员（兼职）,53032519780715107X
2,何红梅,女,汉族,1975.07,大专,中共党员,1995.07,委员（专职）,530325197507210242
3,张海涛,男,汉族,1970.05,大专,中共党员,1990.07,书记,530325197005161778
4,林昌顺,男,汉族,1963.12,中专,中共党员,1985.07,委员(专职),530325196312286699
5,罗建国,男,彝族,1968.02,高中,中共党员,1988.07,委员（兼职）,530325196802140094
6,郭兴,男,汉族,1979.09,本科,中共党员,2003.07,委员,530325197909038350
"""


def test_plain_posts_on_a_discipline_slate(tmp_path: Path) -> None:
    """Before, 书记 and 委员 were the Party committee's: CS-DOFFICERS counted 0 纪委书记."""
    (tmp_path / "election.yaml").write_text(ELECTION, encoding="utf-8")
    path = tmp_path / "d.csv"
    path.write_text(DISCIPLINE, encoding="utf-8")
    result = runner.invoke(
        app,
        [
            *("check", "slate", str(path), "-c", "discipline", "--seats", "5"),
            *("-e", str(tmp_path / "election.yaml"), "-f", "json", "--lang", "zh"),
        ],
    )
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)["findings"]
    assert not [f for f in findings if f["rule"] in ("CS-DOFFICERS", "IN-VALUE")]


@pytest.mark.parametrize(
    "written", ["田七", "田　七", "田 七", "张三、田　七(弟)", "张三；田 七", "田七 兄弟"]
)
def test_relative_written_with_a_space(tmp_path: Path, written: str) -> None:
    """Before, 田　七 and 田 七 were split into 田 and 七, and the pair was never found."""
    code, findings = check(slate(tmp_path, {(5, "亲属"): written}))
    assert code == 1
    assert errors(findings) == [("CS-RELATIVES", [6, 8])]
