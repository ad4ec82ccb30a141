"""``county report``: every number recomputed here from the township files themselves (read
with openpyxl, csv and sqlite3, not with electkit's readers), the Excel workbook opened back with
its formulas evaluated, the PDF rendered and read back."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import sqlite3
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook

from electkit.app.county import load_workspace
from electkit.app.county_report import county_report
from tests.county.formulas import Sheet
from tests.county.helpers import COUNTY, RULES, run

TOWNSHIPS = ["青山乡", "石桥镇", "河口镇", "马鞍乡", "龙潭彝族乡"]
EDUCATION = {
    "小学": 1,
    "初中": 2,
    "高中": 3,
    "中专": 3,
    "大专": 4,
    "大学": 5,
    "本科": 5,
    "函授本科": 5,
    "省委党校大专": 4,
    "研究生": 6,
}


def rows_of(path: Path) -> list[dict[str, Any]]:
    """A list as dicts by header (row 1: the title, row 2: the header)."""
    book = load_workbook(path, read_only=True)
    values = list(book.active.iter_rows(values_only=True))
    book.close()
    header = values[1]
    return [dict(zip(header, row, strict=False)) for row in values[2:] if row[1]]


def age(born: str, on: dt.date) -> int:
    year, month = (int(x) for x in born.split("."))
    return on.year - year - ((on.month, on.day) < (month, 1))


def profile(township: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        (COUNTY / township / "election.yaml").read_text(encoding="utf-8")
    )
    return data


def official_elected(township: str) -> dict[str, list[str]]:
    """The elected of each officially counted contest, from the count entries of the book."""
    conn = sqlite3.connect(f"file:{COUNTY / township / '计票簿.book'}?mode=ro", uri=True)
    found = {
        c: json.loads(p)["data"]["elected"]
        for c, p in conn.execute("SELECT contest, payload FROM entries WHERE kind = 'count'")
    }
    conn.close()
    return found


def file_elected(path: Path, contest: dict[str, Any]) -> list[str]:
    """A ballot file counted by hand: valid ballots, agree votes, more than half of those present."""
    names = contest["candidates"]
    agree: Counter[str] = Counter()
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            chosen = [n for n in names if row[n] in ("○", "〇", "√")]
            if row["废票"] or len(chosen) > contest["seats"]:
                continue
            agree.update(chosen)
    passing = sorted(
        (n for n in names if 2 * agree[n] > contest["present"]), key=lambda n: -agree[n]
    )
    return passing[: contest["seats"]]


def expected(township: str) -> dict[str, Any]:
    """Every figure of one township, from its own files."""
    folder = COUNTY / township
    on = dt.date.fromisoformat(str(profile(township)["election_date"]))
    people = rows_of(folder / "delegates.xlsx")
    ages = [age(p["出生年月"], on) for p in people]
    out: dict[str, Any] = {
        "total": len(people),
        "leaders": sum(p["代表类别"] == "领导干部" for p in people),
        "technical": sum(p["代表类别"] == "专业技术人员" for p in people),
        "models": sum(p["代表类别"] == "先进模范人物" for p in people),
        "women": sum(p["性别"] == "女" for p in people),
        "minority": sum(p["民族"] != "汉族" for p in people),
        "age40": sum(a <= 40 for a in ages),
        "age45": sum(a <= 45 for a in ages),
        "junior_middle": sum(EDUCATION[p["学历"]] >= 2 for p in people),
        "college": sum(EDUCATION[p["学历"]] >= 4 for p in people),
    }
    books = official_elected(township)
    elected: dict[str, list[str] | None] = {}
    for role, contest_id in (("committee", "委员"), ("discipline", "纪委委员")):
        contest = yaml.safe_load((folder / "tally" / f"{role}.yaml").read_text(encoding="utf-8"))
        ballots = folder / "tally" / f"{role}.csv"
        elected[role] = books.get(contest_id) or (
            file_elected(ballots, contest) if ballots.exists() else None
        )
        out[f"{role}_seats"] = contest["seats"]
        out[f"{role}_candidates"] = len(contest["candidates"])
        out[f"{role}_extra"] = len(contest["candidates"]) - contest["seats"]
        out[f"{role}_elected"] = None if elected[role] is None else len(elected[role])
    slate = {p["姓名"]: p for p in rows_of(folder / "committee.xlsx")}
    members = [slate[n] for n in elected["committee"] or []]
    if members:
        ages = [age(p["出生年月"], on) for p in members]
        out |= {
            "members": len(members),
            "average_age": sum(ages) / len(ages),
            "upto35": sum(a <= 35 for a in ages),
            "from36to45": sum(36 <= a <= 45 for a in ages),
            "from46": sum(a >= 46 for a in ages),
            "m_women": sum(p["性别"] == "女" for p in members),
            "m_minority": sum(p["民族"] != "汉族" for p in members),
            "graduate": sum(EDUCATION[p["学历"]] >= 6 for p in members),
            "bachelor": sum(EDUCATION[p["学历"]] == 5 for p in members),
            "m_college": sum(EDUCATION[p["学历"]] == 4 for p in members),
            "below_college": sum(EDUCATION[p["学历"]] < 4 for p in members),
            "exchanged": sum(not p["工作单位及职务"].startswith(township) for p in members),
            "avoiding": sum(
                p["拟任职务"] in ("书记", "乡镇长", "纪委书记") and township not in p["籍贯"]
                for p in members
            ),
            "secretary": sum(p["拟任职务"] == "书记" for p in members),
            "deputies": sum(p["拟任职务"] in ("乡镇长", "专职副书记") for p in members),
        }
    return out


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Any:
    target = tmp_path_factory.mktemp("report") / "统计表.xlsx"
    result = run("county", "report", str(COUNTY), "-o", str(target), "--lang", "zh")
    assert "测试/非正式" in result.stdout
    return load_workbook(target)


SHEET_COLUMNS = {
    0: [
        "total",
        "leaders",
        None,
        "technical",
        None,
        "models",
        None,
        "women",
        None,
        "minority",
        None,
        "age40",
        None,
        "age45",
        None,
        "junior_middle",
        None,
        "college",
        None,
    ],
    1: [
        "committee_seats",
        "committee_candidates",
        "committee_extra",
        "committee_elected",
        "discipline_seats",
        "discipline_candidates",
        "discipline_extra",
        "discipline_elected",
        None,
    ],
    2: [
        "members",
        "average_age",
        "upto35",
        "from36to45",
        "from46",
        "m_women",
        None,
        "m_minority",
        None,
        "graduate",
        "bachelor",
        "m_college",
        "below_college",
        "exchanged",
        "avoiding",
        "secretary",
        "deputies",
    ],
}


@pytest.mark.parametrize("index", [0, 1, 2])
def test_every_number_matches_the_township_files(workbook: Any, index: int) -> None:
    sheet = workbook.worksheets[index]
    cells = Sheet(sheet)
    totals: Counter[str] = Counter()
    for offset, township in enumerate(TOWNSHIPS):
        row = 5 + offset
        assert sheet.cell(row, 1).value.startswith(township)
        want = expected(township)
        for col, key in enumerate(SHEET_COLUMNS[index], start=2):
            if key is None:
                continue
            got = cells.value(f"{sheet.cell(row, col).column_letter}{row}")
            if key not in want:
                assert got is None, (township, key)
                continue
            if key == "average_age":
                assert got == pytest.approx(want[key], abs=1e-9), (township, key)
            else:
                assert got == want[key], (township, key)
                totals[key] += want[key] or 0
    total_row = 5 + len(TOWNSHIPS)
    assert sheet.cell(total_row, 1).value == "全县"
    for col, key in enumerate(SHEET_COLUMNS[index], start=2):
        if key is None or key == "average_age":
            continue
        letter = sheet.cell(total_row, col).column_letter
        assert sheet.cell(total_row, col).value == f"=SUM({letter}5:{letter}{total_row - 1})"
        assert cells.value(f"{letter}{total_row}") == totals[key], key


def test_shares_and_the_average_age_are_computed_from_the_totals(workbook: Any) -> None:
    delegates, _, makeup = workbook.worksheets[:3]
    cells = Sheet(delegates)
    want = [expected(t) for t in TOWNSHIPS]
    women, total = sum(w["women"] for w in want), sum(w["total"] for w in want)
    assert delegates["J10"].value == '=IF(N(B10)=0,"",I10/B10)'
    assert cells.value("J10") == pytest.approx(women / total)
    assert cells.value("J5") == pytest.approx(want[0]["women"] / want[0]["total"])
    ages = [(w["average_age"], w["members"]) for w in want if "members" in w]
    assert Sheet(makeup).value("C10") == pytest.approx(
        sum(a * n for a, n in ages) / sum(n for _, n in ages)
    )


def test_the_workbook_layout(workbook: Any) -> None:
    delegates = workbook.worksheets[0]
    assert [s.title for s in workbook.worksheets] == [
        "表一 党代表大会代表",
        "表二 党委委员、纪委委员选举",
        "表三 新一届党委班子结构",
        "表四 未达要求的规则",
    ]
    merged = {str(r) for r in delegates.merged_cells.ranges}
    assert {"A1:T1", "A2:T2", "A3:A4", "B3:B4", "C3:D3", "I3:J3"} <= merged  # two header lines
    assert (delegates["C3"].value, delegates["C4"].value, delegates["D4"].value) == (
        "领导干部",
        "人数",
        "比例",
    )
    assert delegates.freeze_panes == "B5"
    assert (delegates["C5"].number_format, delegates["D5"].number_format) == ("0", "0.0%")
    assert workbook.worksheets[2]["C5"].number_format == "0.0"
    assert delegates.page_setup.orientation == "landscape"
    assert "测试/非正式" in delegates["A2"].value
    not_met = workbook.worksheets[3]
    assert [(not_met.cell(r, 1).value, not_met.cell(r, 2).value) for r in range(5, 6)] == [
        ("石桥镇", "EL-FULL")
    ]
    elections = workbook.worksheets[1]
    marks = {elections.cell(r, 1).value: elections.cell(r, 10).value for r in range(5, 10)}
    assert marks == {
        "青山乡": "正式",
        "石桥镇": "正式",
        "河口镇": "未计票",
        "马鞍乡": "测试",
        "龙潭彝族乡": "正式",
    }


def test_an_all_official_county_is_official_and_a_formula_like_name_stays_text(
    tmp_path: Path,
) -> None:
    root = tmp_path / "county"
    root.mkdir()
    text = (COUNTY / "county.yaml").read_text(encoding="utf-8")
    keep = [
        line
        for line in text.splitlines()
        if not line.startswith("  - ") or "青山乡" in line or "龙潭" in line
    ]
    (root / "county.yaml").write_text(
        "\n".join(keep).replace("name: 龙潭彝族乡,", "name: 龙潭彝族乡, folder: '=1+1',") + "\n",
        encoding="utf-8",
    )
    shutil.copy(COUNTY / RULES, root / RULES)
    shutil.copytree(COUNTY / "青山乡", root / "青山乡")
    shutil.copytree(COUNTY / "龙潭彝族乡", root / "=1+1")
    target = tmp_path / "r.json"
    run("county", "report", str(root), "-o", str(target))
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["official"] is True
    assert (
        run("county", "report", str(root), "-o", str(tmp_path / "r.xlsx"), "--lang", "en")
        .stdout.strip()
        .endswith("(OFFICIAL)")
    )
    sheet = load_workbook(tmp_path / "r.xlsx").worksheets[0]
    assert sheet["A6"].value == "龙潭彝族乡" and sheet["A6"].data_type == "s"


def test_the_pdf_is_landscape_and_says_test_on_every_page(tmp_path: Path) -> None:
    target = tmp_path / "统计表.pdf"
    run("county", "report", str(COUNTY), "-o", str(target), "--lang", "zh")
    info = subprocess.run(
        ["pdfinfo", str(target)], capture_output=True, text=True, check=True
    ).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size:")).split()
    assert (round(float(size[2])), round(float(size[4]))) == (842, 595)  # A4 landscape, in points
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    for page in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(target), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "测试/非正式" in text, page
    everything = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "富源县" in everything and "龙潭彝族乡" in everything and "表三" in everything


def test_an_unknown_output_format_is_refused(tmp_path: Path) -> None:
    result = run(
        "county", "report", str(COUNTY), "-o", str(tmp_path / "r.docx"), "--lang", "en", code=2
    )
    assert ".xlsx" in result.stderr


def test_seats_come_from_the_plan_where_no_contest_file_says(tmp_path: Path) -> None:
    """A township with its slates but no contest yet: 应选 is what ``plan`` derives (fuyuan-2006:
    9 committee seats; the discipline committee 3–5, not one number, stays blank), and 差额 is
    the candidates beyond it."""
    from tests.county.helpers import one_township

    root = one_township(tmp_path / "county")
    shutil.rmtree(root / "青山乡" / "tally")
    (root / "青山乡" / "计票簿.book").unlink()
    target = tmp_path / "r.json"
    run("county", "report", str(root), "-o", str(target), "--lang", "zh")
    data = json.loads(target.read_text(encoding="utf-8"))
    (row,) = data["tables"]["elections"]["rows"]
    candidates = len(rows_of(COUNTY / "青山乡" / "committee.xlsx"))
    assert (row["committee_seats"], row["committee_candidates"], row["committee_extra"]) == (
        9,
        candidates,
        candidates - 9,
    )
    assert row["discipline_seats"] is None and row["discipline_extra"] is None
    assert row["discipline_candidates"] == len(rows_of(COUNTY / "青山乡" / "discipline.xlsx"))
    assert data["tables"]["elections"]["total"]["committee_extra"] == candidates - 9
    (figures,) = county_report(load_workspace(root)).townships
    assert figures.committee is not None and figures.committee.seats == 9
    assert figures.committee.extra == candidates - 9


def check_totals(root: Path) -> tuple[int, int]:
    """The errors and warnings ``county check`` reports."""
    result = run("county", "check", str(root), "-f", "json", code=None)
    summary = json.loads(result.stdout)["summary"]
    return summary["errors"], summary["warnings"]


def test_table_four_lists_every_error_and_warning_of_county_check(tmp_path: Path) -> None:
    """Table 4 holds every finding ``county check`` counts — the plan's (CS-POSTS), the lists'
    errors and warnings, the county rules' — with the same totals."""
    from tests.county.helpers import copy_county
    from tests.county.test_status import plan_error

    root = copy_county(tmp_path / "county")
    plan_error(root, "马鞍乡")
    slate = root / "青山乡" / "committee.xlsx"  # out of stroke order: a CS-ORDER warning
    book = load_workbook(slate)
    sheet = book.active
    first, second = ([c.value for c in sheet[r]] for r in (3, 4))
    for col, (a, b) in enumerate(zip(first, second, strict=True), start=1):
        sheet.cell(3, col, b)
        sheet.cell(4, col, a)
    book.save(slate)
    errors, warnings = check_totals(root)
    assert warnings > 0
    target = tmp_path / "r.json"
    run("county", "report", str(root), "-o", str(target), "--lang", "zh")
    table = json.loads(target.read_text(encoding="utf-8"))["tables"]["not_met"]
    assert table["columns"] == ["township", "rule", "errors", "warnings", "lists"]
    found = {
        (r["township"], r["rule"], r["errors"], r["warnings"], r["lists"]) for r in table["rows"]
    }
    assert ("马鞍乡", "CS-POSTS", 1, 0, "选举概况") in found
    assert ("石桥镇", "EL-FULL", 1, 0, "代表名单") in found
    assert ("青山乡", "CS-ORDER", 0, 1, "委员候选人") in found
    assert ("全县(县级规则)", "CT-YOUNG27", 1, 0, "") in found
    assert (table["total"]["errors"], table["total"]["warnings"]) == (errors, warnings)
    assert sum(r["errors"] for r in table["rows"]) == errors
    report = county_report(load_workspace(root))
    (posts,) = next(r for r in report.townships if r.name == "马鞍乡").not_met
    assert (posts.rule, posts.errors, posts.warnings, posts.lists) == ("CS-POSTS", 1, 0, ("plan",))
    workbook = tmp_path / "r.xlsx"
    run("county", "report", str(root), "-o", str(workbook), "--lang", "en")
    sheet = load_workbook(workbook).worksheets[3]
    cells = Sheet(sheet)
    last = sheet.max_row
    assert sheet.cell(last, 1).value == "County"
    assert (cells.value(f"C{last}"), cells.value(f"D{last}")) == (errors, warnings)
    assert (sheet.cell(3, 3).value, sheet.cell(3, 4).value) == ("Errors", "Warnings")


def test_table_four_of_the_example_county_agrees_with_county_check(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    run("county", "report", str(COUNTY), "-o", str(target))
    total = json.loads(target.read_text(encoding="utf-8"))["tables"]["not_met"]["total"]
    assert (total["errors"], total["warnings"]) == check_totals(COUNTY)


def test_the_county_row_adds_up_the_townships_extra_not_its_own_difference() -> None:
    """One township counted (9 seats, 11 candidates), one with a slate but no seats yet (10
    candidates): the county's 差额 is 2 — as the workbook's SUM says — not 21 − 9 = 12."""
    from electkit.core.county_stats import ElectionStats, add_elections

    total = add_elections(
        [ElectionStats(9, 11, 9, True), ElectionStats(None, 10, None, False), None]
    )
    assert total is not None
    assert (total.seats, total.candidates, total.extra, total.official) == (9, 21, 2, False)
    none_known = add_elections([ElectionStats(None, 10, None, False)])
    assert none_known is not None and none_known.extra is None
