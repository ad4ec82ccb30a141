"""Rules from real notices nobody here wrote (tests/data/rules/real: a township notice of the
2011 round and a county opinion of the 2006 round, quoted from their public copies), run on lists
that sit exactly on and one past each number they set."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from electkit.cli.main import app
from tests.helpers import ROOT, write_csv

runner = CliRunner()
REAL = ROOT / "tests" / "data" / "rules" / "real"
HEAD = [
    "姓名",
    "性别",
    "出生年月",
    "政治面貌",
    "代表类别",
    "立案审查",
    "党纪处分",
    "处分时间",
    "刑事处罚",
    "刑事处罚时间",
    "民主评议",
    "民主评议时间",
]


def _xietang(tmp_path: Path) -> Path:
    election = tmp_path / "election.yaml"
    election.write_text(
        f"township: 谢塘镇\nelection_date: 2011-06-15\nrules: {REAL / 'xietang-2011.yaml'}\n"
        "party_members: {total: 1250, women: 220, minority: 0}\ndelegate_seats: 66\n",
        encoding="utf-8",
    )
    return election


def _roster(tmp_path: Path, cadres: int, young: int, women: int, **events: Any) -> Path:
    rows: list[list[str]] = [HEAD]
    for i in range(66):
        rows.append(
            [
                f"代表{i:02d}",
                "女" if i < women else "男",
                "1970.01" if i < young else "1955.01",  # 41 or 56 on 2011-06-15
                "中共党员",
                "党员干部" if i < cadres else "生产和工作一线",
                "否",
                "无",
                "",
                "无",
                "",
                "合格",
                "",
            ]
        )
    for column, (row, value, date) in events.items():
        index = HEAD.index(column)
        rows[row][index], rows[row][index + 1] = value, date
    return write_csv(tmp_path / "代表.csv", rows)


def _check(tmp_path: Path, roster: Path) -> dict[str, Any]:
    args = ["check", "delegates", str(roster), "-e", str(_xietang(tmp_path)), "-f", "json"]
    result = runner.invoke(app, [*args, "--lang", "zh"])
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def _rows(data: dict[str, Any]) -> dict[str, tuple[int, bool]]:
    return {r["rule"]: (r["count"], r["ok"]) for r in data["composition"]}


def test_xietang_shares_on_each_number(tmp_path: Path) -> None:
    """66 delegates: 党员干部 at most 60% = 39; aged 45 or under at least 50% = 33; women at least
    17.6% = 12 (22/125 of 66 is 11.6), and at least the women members' share (220 of 1250)."""
    data = _check(tmp_path, _roster(tmp_path, cadres=39, young=33, women=12))
    rows = _rows(data)
    assert rows["XT-CADRES"] == (39, True)
    assert rows["XT-AGE45"] == (33, True)
    assert rows["XT-WOMEN176"] == (12, True) and rows["XT-WOMEN"] == (12, True)
    assert not [f for f in data["findings"] if f["rule"].startswith("XT-")]


def test_xietang_shares_one_past_each_number(tmp_path: Path) -> None:
    data = _check(tmp_path, _roster(tmp_path, cadres=40, young=32, women=11))
    rows = _rows(data)
    assert rows["XT-CADRES"] == (40, False)
    assert rows["XT-AGE45"] == (32, False)
    assert rows["XT-WOMEN176"] == (11, False) and rows["XT-WOMEN"] == (11, False)
    failed = {f["rule"] for f in data["findings"] if f["severity"] == "error"}
    assert {"XT-CADRES", "XT-AGE45", "XT-WOMEN176", "XT-WOMEN"} <= failed


@pytest.mark.parametrize(
    ("column", "value", "date", "rule", "found"),
    [
        ("党纪处分", "警告", "2006.06.15", "XT-SANCTION5", True),  # five years to the day: inside
        ("党纪处分", "警告", "2006.06.14", "XT-SANCTION5", False),
        ("党纪处分", "警告", "2006.06", "XT-SANCTION5", True),  # straddles: cannot be confirmed
        ("刑事处罚", "有期徒刑一年", "2006.06.15", "XT-CRIME5", True),
        ("刑事处罚", "有期徒刑一年", "2006.06.14", "XT-CRIME5", False),
        ("民主评议", "不合格", "2006.06.15", "XT-APPRAISAL5", True),
        ("民主评议", "不合格", "2006.06.14", "XT-APPRAISAL5", False),
        ("民主评议", "基本合格", "2010.12.01", "XT-APPRAISAL5", False),
        ("立案审查", "是", "", "XT-INVEST", True),
    ],
)
def test_xietang_bars_at_their_edges(
    tmp_path: Path, column: str, value: str, date: str, rule: str, found: bool
) -> None:
    roster = _roster(tmp_path, cadres=39, young=33, women=12, **{column: (5, value, date)})
    if column == "立案审查":  # a yes/no column: no date column beside it
        rows = list(csv_rows(roster))
        rows[5][HEAD.index("立案审查")] = "是"
        rows[5][HEAD.index("党纪处分")] = "无"
        roster = write_csv(roster, rows)
    data = _check(tmp_path, roster)
    hits = [f for f in data["findings"] if f["rule"] == rule]
    assert bool(hits) is found, data["findings"]
    if found:
        assert hits[0]["subjects"] == ["代表04"] and hits[0]["severity"] == "error"


def csv_rows(path: Path) -> list[list[str]]:
    import csv

    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def _d3(tmp_path: Path) -> Path:
    election = tmp_path / "election.yaml"
    election.write_text(
        f"township: 某乡\nelection_date: 2006-06-15\nrules: {REAL / 'county-d3-2006.yaml'}\n"
        "units:\n  - {name: 一村党支部, members: 60, seats: 10}\n",
        encoding="utf-8",
    )
    return election


@pytest.mark.parametrize(("candidates", "ok"), [(13, True), (12, False)])
def test_d3_delegate_extra_is_strictly_above_20_percent(
    tmp_path: Path, candidates: int, ok: bool
) -> None:
    """ "差额率要高于20%": 10 seats need more than 2 extra — 13 candidates, and 12 (exactly 20%) is
    one short. Before `strict`, 12 passed."""
    rows = [["姓名", "性别", "出生年月", "政治面貌", "选举单位"]]
    rows += [[f"候选{i:02d}", "男", "1970.01", "中共党员", "一村党支部"] for i in range(candidates)]
    path = write_csv(tmp_path / "候选人.csv", rows)
    args = ["check", "slate", str(path), "-c", "delegates", "-e", str(_d3(tmp_path))]
    data = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    (row,) = [r for r in data["composition"] if r["rule"] == "DL-EXTRA"]
    assert row["ok"] is ok
    plan = json.loads(runner.invoke(app, ["plan", str(_d3(tmp_path)), "-f", "json"]).stdout)
    unit = next(c for c in plan["contests"] if c["contest"] == "delegates:一村党支部")
    assert unit["min_candidates"] == 13


@pytest.mark.parametrize(("candidates", "finding"), [(11, None), (10, "error"), (12, "warning")])
def test_d3_committee_extra_is_20_percent(
    tmp_path: Path, candidates: int, finding: str | None
) -> None:
    """ "差额率为20%" for 9 seats: 2 extra (20% rounded up to whole people), neither fewer nor more."""
    rows = [["姓名", "性别", "出生年月", "政治面貌", "拟任职务"]]
    rows += [[f"候选{i:02d}", "男", "1970.01", "中共党员", "委员"] for i in range(candidates)]
    path = write_csv(tmp_path / "委员.csv", rows)
    args = [
        "check",
        "slate",
        str(path),
        "-c",
        "committee",
        "--seats",
        "9",
        "-e",
        str(_d3(tmp_path)),
    ]
    data = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    severities = [f["severity"] for f in data["findings"] if f["rule"] == "CS-EXTRA"]
    assert severities == ([finding] if finding else [])


@pytest.mark.parametrize(
    ("population", "committee", "discipline"),
    [(30000, 9, 5), (29999, 7, 3), (None, None, None)],
)
def test_wanan_committee_sizes_by_population(
    tmp_path: Path, population: int | None, committee: int | None, discipline: int | None
) -> None:
    """ "常驻人口在3万人以上符合设9名党委委员和5名纪委委员的条件": 30,000 is 以上, 29,999 is not; a
    profile without population leaves the seats open (said, never guessed)."""
    election = tmp_path / "election.yaml"
    text = f"township: 万安镇\nelection_date: 2011-06-15\nrules: {REAL / 'wanan-2011.yaml'}\n"
    if population is not None:
        text += f"population: {population}\n"
    election.write_text(text, encoding="utf-8")
    plan = json.loads(runner.invoke(app, ["plan", str(election), "-f", "json"]).stdout)
    assert plan["committee_seats"]["seats"] == committee
    assert plan["discipline_seats"]["seats"] == discipline
    if population is None:
        reasons = {n["rule"]: n["reason"] for n in plan["not_checked"]}
        assert "population" in reasons["CS-SEATS"]


def _suxian(tmp_path: Path, township: str, township_class: str | None) -> Path:
    election = tmp_path / "election.yaml"
    text = f"township: {township}\nelection_date: 2006-04-20\nrules: {REAL / 'suxian-2006.yaml'}\n"
    if township_class is not None:
        text += f"township_class: {township_class}\n"
    election.write_text(text, encoding="utf-8")
    return election


@pytest.mark.parametrize(
    ("township", "township_class", "seats", "candidates"),
    [("白露塘镇", "一类", 8, 10), ("良田镇", "二类", 8, 10), ("栖凤渡镇", "三类", 6, 8)],
)
def test_suxian_committee_sizes_by_township_class(
    tmp_path: Path, township: str, township_class: str, seats: int, candidates: int
) -> None:
    """ "一类乡镇…为8人;二类乡镇…为8人;…三类乡镇…为6人": the class in election.yaml gives the
    number (not the range 5—8), and the 1990 regulation's 20% gives the candidates."""
    election = _suxian(tmp_path, township, township_class)
    plan = json.loads(runner.invoke(app, ["plan", str(election), "-f", "json"]).stdout)
    assert plan["committee_seats"]["seats"] == seats
    committee = [c for c in plan["contests"] if c["contest"] == "committee"]
    assert [(c["seats"], c["min_candidates"]) for c in committee] == [(seats, candidates)]
    slate = write_csv(
        tmp_path / "slate.csv",
        [["姓名", "性别"], *[[f"候选{i:02d}", "男"] for i in range(candidates)]],
    )
    args = ["check", "slate", str(slate), "-c", "committee", "-e", str(election), "-f", "json"]
    for stated, ok in ((seats, True), (seats - 1, False), (seats + 1, False)):
        data = json.loads(runner.invoke(app, [*args, "--seats", str(stated)]).stdout)
        found = [f for f in data["findings"] if f["rule"] == "CS-SEATS"]
        assert (not found) == ok, (stated, found)
        if found:
            assert found[0]["required"] == str(seats) and "三类乡镇" in found[0]["source"]


@pytest.mark.parametrize(
    ("township_class", "reason"),
    [("四类", "“四类”不是"), (None, "township_class(乡镇类别：一类、二类、三类)")],
)
def test_suxian_a_class_the_copy_does_not_give_is_not_checked(
    tmp_path: Path, township_class: str | None, reason: str
) -> None:
    """The copy breaks off at "四类乡镇:": a 四类 township, or one whose class is not in its
    profile, has no number — said as not checked, never the range 5—8 passed or failed."""
    election = _suxian(tmp_path, "马头岭乡", township_class)
    plan = json.loads(
        runner.invoke(app, ["plan", str(election), "-f", "json", "--lang", "zh"]).stdout
    )
    assert plan["committee_seats"]["seats"] is None
    note = plan["committee_seats"]["note"]  # before: "{township_class}" and "{classes}" unfilled
    assert "{" not in note and "一类、二类、三类" in note, note
    reasons = {n["rule"]: n["reason"] for n in plan["not_checked"]}
    assert reason in reasons["CS-SEATS"], reasons
    slate = write_csv(
        tmp_path / "slate.csv", [["姓名", "性别"], *[[f"候选{i}", "男"] for i in range(9)]]
    )
    args = ["check", "slate", str(slate), "-c", "committee", "-e", str(election), "-f", "json"]
    data = json.loads(runner.invoke(app, [*args, "--seats", "9", "--lang", "zh"]).stdout)
    assert not [f for f in data["findings"] if f["rule"] == "CS-SEATS"]
    assert "CS-SEATS" in {n["rule"] for n in data["not_checked"]}


def test_wanan_age_limits_for_promotion_on_and_past_each_number(tmp_path: Path) -> None:
    """ "新提任副科级领导干部的,其年龄一般不得超过40周岁,特别优秀的年龄可以放宽到男性45周岁、女性43
    周岁;提任正科级领导干部的,其年龄一般不得超过男性45周岁、女性43周岁" on 2011-06-15."""
    election = tmp_path / "election.yaml"
    election.write_text(
        f"township: 万安镇\nelection_date: 2011-06-15\nrules: {REAL / 'wanan-2011.yaml'}\n"
        "population: 30000\n",
        encoding="utf-8",
    )
    rows = [
        ["姓名", "性别", "出生年月", "新提任副科级", "提任正科级", "特别优秀"],
        ["甲一", "男", "1971-06-15", "是", "否", "否"],  # 40: on the limit
        ["乙二", "男", "1970-06-15", "是", "否", "否"],  # 41: past it
        ["丙三", "男", "1966-06-15", "是", "否", "是"],  # 45, outstanding man: relaxed
        ["丁四", "女", "1967-06-15", "是", "否", "是"],  # 44, outstanding woman: past 43
        ["戊五", "男", "1966-06-15", "否", "是", "否"],  # 45 to the head level: on it
        ["己六", "女", "1967-06-15", "否", "是", "否"],  # 44, a woman: past 43
        ["庚七", "女", "1968-06-15", "否", "是", "否"],  # 43, a woman: on it
    ]
    slate = write_csv(tmp_path / "slate.csv", rows)
    args = ["check", "slate", str(slate), "-c", "committee", "-e", str(election), "-f", "json"]
    data = json.loads(runner.invoke(app, [*args, "--seats", "9"]).stdout)
    found = {
        (f["rule"], f["subjects"][0], f["severity"])
        for f in data["findings"]
        if f["rule"] in ("CQ-NEWAGE", "CQ-HEADAGE")
    }
    assert found == {
        ("CQ-NEWAGE", "乙二", "error"),
        ("CQ-NEWAGE", "丙三", "warning"),
        ("CQ-NEWAGE", "丁四", "error"),
        ("CQ-HEADAGE", "己六", "error"),
    }
