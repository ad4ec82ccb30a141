"""``county init`` from the township sheet staff keep (``template county``) or a county.yaml, the
election.yaml each row derives, and every kind of bad input named by row, column and value."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from electkit.core.errors import InputError
from electkit.io.county_file import read_county, read_county_sheet
from electkit.io.profile import load_profile
from tests.county.helpers import COUNTY, RULES, run


def filled_template(tmp_path: Path, rows: list[list[object]]) -> Path:
    """The template ``electkit template county`` writes, with rows typed in below the example."""
    target = tmp_path / "乡镇基本情况.xlsx"
    run("template", "county", "-o", str(target))
    book = load_workbook(target)
    sheet = book.active
    for offset, row in enumerate(rows):
        for col, value in enumerate(row, start=1):
            sheet.cell(3 + offset, col, value)
    book.save(target)
    return target


GOOD = [
    [1, "青山乡", dt.datetime(2006, 3, 20), 17, 38000, 1200, 300, 96, 150, None, "否"],
    [2, "石桥镇", "2006-03-21", "12", "45,000", "９００", 200, None, 120, 9, "是", "否", "是"],
]


def test_a_workspace_from_the_township_sheet(tmp_path: Path) -> None:
    sheet = filled_template(tmp_path, GOOD)
    root = tmp_path / "富源县"
    out = run(
        "county",
        "init",
        str(root),
        "--rules",
        "fuyuan-2006",
        "--county",
        "富源县",
        "--round",
        "2006年乡镇党委换届",
        "--from",
        str(sheet),
        "--lang",
        "zh",
    ).stdout
    assert "2个乡镇" in out and out.count("新建") == 2
    assert (root / "county.yaml").read_text(encoding="utf-8").splitlines()[-2:] == [
        "  - {name: 青山乡, election_date: 2006-03-20, villages: 17, population: 38000, party_members: {total: 1200, women: 300, minority: 96}, delegate_seats: 150}",
        "  - {name: 石桥镇, election_date: 2006-03-21, villages: 12, population: 45000, party_members: {total: 900, women: 200}, delegate_seats: 120, leadership_posts: 9, minority_area: true, very_large: true}",
    ]
    profile = load_profile(root / "石桥镇" / "election.yaml")
    assert (profile.township, profile.rules, profile.population, profile.minority_area) == (
        "石桥镇",
        "fuyuan-2006",
        45000,
        True,
    )
    assert profile.party_members is not None and profile.party_members.women == 200
    again = run("county", "init", str(root), "--lang", "en").stdout
    assert "unchanged" in again.splitlines()[0] and again.count("unchanged") == 3


def test_every_problem_of_the_sheet_in_one_pass(tmp_path: Path) -> None:
    sheet = filled_template(
        tmp_path,
        [
            [1, "青山乡", "2006.03", 17, "很多", 1200, 300, 96, 150, None, "可能"],
            [2, None, None, 12],
            [3, "合计", None, 29],
            [4, "河口镇", "2006-03-22", 9, 26000, None, 150],
        ],
    )
    with pytest.raises(InputError) as caught:
        read_county_sheet(sheet, county="富源县", rules="fuyuan-2006", round_="2006")
    found = {(p.message_id, p.row, p.column, p.value) for p in caught.value.problems}
    assert found == {
        ("county.sheet.date", 3, "选举日期", "2006.03"),
        ("county.sheet.number", 3, "人口", "很多"),
        ("county.sheet.yes_no", 3, "少数民族聚居", "可能"),
        ("county.sheet.no_name", 4, "乡镇", None),
        ("county.sheet.total_row", 5, None, "合计"),
        ("county.sheet.parts_without_total", 6, "党员数", None),
    }


def test_a_township_twice_and_no_date_are_named(tmp_path: Path) -> None:
    sheet = filled_template(
        tmp_path, [[1, "青山乡", "2006-03-20", 17], [2, "青山乡", "2006-03-21", 12]]
    )
    with pytest.raises(InputError) as caught:
        read_county_sheet(sheet, county="富源县", rules="fuyuan-2006", round_="2006")
    assert [(p.message_id, p.params) for p in caught.value.problems] == [
        ("county.val.duplicate", {"name": "青山乡"})
    ]
    undated = filled_template(tmp_path, [[1, "青山乡", None, 17]])
    with pytest.raises(InputError) as caught:
        read_county_sheet(undated, county="富源县", rules="fuyuan-2006", round_="2006")
    assert [p.message_id for p in caught.value.problems] == ["county.val.no_date"]
    dated = read_county_sheet(
        undated,
        county="富源县",
        rules="fuyuan-2006",
        round_="2006",
        election_date=dt.date(2006, 3, 20),
    )
    assert dated.townships[0].election_date is None and dated.election_date == dt.date(2006, 3, 20)


def test_a_gbk_csv_sheet(tmp_path: Path) -> None:
    path = tmp_path / "乡镇.csv"
    path.write_bytes(
        "乡镇,党员数,女党员数,选举日期\r\n青山乡,1200,300,2006-03-20\r\n".encode("gb18030")
    )
    county = read_county_sheet(path, county="富源县", rules="fuyuan-2006", round_="2006")
    (row,) = county.townships
    assert (row.name, row.party_members.total if row.party_members else None) == ("青山乡", 1200)


@pytest.mark.parametrize(
    ("row", "message", "line"),
    [
        ("  - {name: 青山乡}\n  - {name: 青山乡}", "county.val.duplicate", None),
        ("  - {name: ../青山乡}", "county.val.folder", 7),
        ("  - {name: 青山乡, folder: .hidden}", "county.val.folder", 7),
        ("  - {name: 青山乡, villages: many}", "yaml.invalid", 7),
    ],
)
def test_county_yaml_problems_name_the_line(
    tmp_path: Path, row: str, message: str, line: int | None
) -> None:
    path = tmp_path / "county.yaml"
    path.write_text(
        f"county: 富源县\nrules: fuyuan-2006\nround: '2006'\nelection_date: 2006-03-20\n\ntownships:\n{row}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_county(path)
    (problem,) = caught.value.problems
    assert problem.message_id == message
    if line is not None:
        assert problem.row == line
    result = run("county", "init", str(tmp_path), "--lang", "en", code=2)
    assert "county.yaml" in result.stderr


def test_reinit_updates_what_init_wrote_and_keeps_what_a_township_edited(tmp_path: Path) -> None:
    root = tmp_path / "county"
    root.mkdir()
    text = (COUNTY / "county.yaml").read_text(encoding="utf-8")
    (root / "county.yaml").write_text(text, encoding="utf-8")
    for folder in (root, tmp_path):  # the rule set, beside county.yaml and the new source
        shutil.copy(COUNTY / RULES, folder / RULES)
    run("county", "init", str(root))
    edited = root / "石桥镇" / "election.yaml"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("villages: 12", "villages: 13"), encoding="utf-8"
    )
    changed = text.replace("villages: 17", "villages: 18").replace("villages: 12", "villages: 14")
    changed = "\n".join(line for line in changed.splitlines() if "河口镇" not in line) + "\n"
    source = tmp_path / "new-county.yaml"
    source.write_text(changed, encoding="utf-8")
    out = run("county", "init", str(root), "--from", str(source), "--lang", "en").stdout
    assert "updated" in next(line for line in out.splitlines() if "青山乡" in line)
    kept = next(line for line in out.splitlines() if "石桥镇" in line)
    assert kept.startswith("  kept") and "villages(14→13)" in kept
    assert "'河口镇' is no longer in county.yaml" in out
    assert load_profile(root / "青山乡" / "election.yaml").villages == 18
    assert load_profile(edited).villages == 13
    assert (root / "河口镇").is_dir()


def test_init_says_what_it_needs(tmp_path: Path) -> None:
    assert "--from" in run("county", "init", str(tmp_path / "a"), "--lang", "en", code=2).stderr
    sheet = filled_template(tmp_path, GOOD)
    result = run(
        "county",
        "init",
        str(tmp_path / "b"),
        "--rules",
        "fuyuan-2006",
        "--from",
        str(sheet),
        "--lang",
        "en",
        code=2,
    )
    assert "--county --round" in result.stderr
    result = run(
        "county",
        "init",
        str(tmp_path / "c"),
        "--rules",
        "nosuch",
        "--county",
        "x",
        "--round",
        "y",
        "--from",
        str(sheet),
        "--lang",
        "en",
        code=2,
    )
    assert "nosuch" in result.stderr and not (tmp_path / "c").exists()
    assert "county init" in run("county", "status", str(tmp_path), "--lang", "en", code=2).stderr


def test_a_county_rule_set_file_is_named_relative_to_each_township(tmp_path: Path) -> None:
    root = tmp_path / "county"
    root.mkdir()
    (root / "富源县规则.yaml").write_text(
        "name: fuyuan-local\ntitle: {zh: 本县, en: local}\nextends: fuyuan-2006\nrules: []\n",
        encoding="utf-8",
    )
    sheet = filled_template(tmp_path, GOOD)
    run(
        "county",
        "init",
        str(root),
        "--rules",
        str(root / "富源县规则.yaml"),
        "--county",
        "富源县",
        "--round",
        "2006",
        "--from",
        str(sheet),
    )
    assert read_county(root / "county.yaml").rules == "富源县规则.yaml"
    assert load_profile(root / "青山乡" / "election.yaml").rules == "../富源县规则.yaml"
    status = run("county", "status", str(root), "-f", "json").stdout
    assert '"rules": "fuyuan-local"' in status


def gbk_sheet(tmp_path: Path) -> Path:
    """The sheet as Excel on Chinese Windows saves it as CSV: a date without its day, a 合计 row."""
    path = tmp_path / "乡镇.csv"
    path.write_bytes(
        "乡镇,选举日期,村数,人口,党员总数,女党员数,代表名额\r\n"
        '白露塘镇,2026-06-18,１４,"52,000",1000,260,120\r\n'
        "栖凤渡镇,2026.06,9,28000,600,150,100\r\n"
        "合计,,23,80000,1600,410,220\r\n".encode("gb18030")
    )
    return path


def test_init_reports_the_options_the_sheet_and_the_rule_set_in_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from electkit.app.county import init_county

    monkeypatch.chdir(tmp_path)
    sheet = gbk_sheet(tmp_path)
    root = tmp_path / "ws"
    with pytest.raises(InputError) as caught:
        init_county(
            root, rules="suxian-2026", source=sheet, county="苏仙区", election_date="2026-13-01"
        )
    found = [(p.message_id, p.row, p.column, p.value) for p in caught.value.problems]
    assert sorted(found, key=str) == sorted(
        [
            ("county.sheet.date", None, "--date", "2026-13-01"),
            ("rules.unknown", None, None, "suxian-2026"),
            ("county.init.needs", None, None, None),
            ("county.sheet.date", 3, "选举日期", "2026.06"),
            ("county.sheet.total_row", 4, None, "合计"),
        ],
        key=str,
    )
    assert not root.exists()
    result = run(
        "county",
        "init",
        "ws",
        "--rules",
        "suxian-2026",
        "--county",
        "苏仙区",
        "--round",
        "2026年乡镇党委换届",
        "--from",
        str(sheet),
        "--lang",
        "zh",
        code=2,
    )
    assert "没有名为“suxian-2026”的规则集" in result.stderr
    assert "第3行 · 选举日期" in result.stderr and "第4行" in result.stderr
    assert not root.exists()


def test_a_rule_set_path_typed_on_the_command_line_is_named_as_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    sheet = filled_template(tmp_path, GOOD)
    options = ["--county", "富源县", "--round", "2006", "--from", str(sheet)]
    result = run("county", "init", "ws", "--rules", "suxian-2026.yaml", *options, code=2)
    assert "找不到规则集文件“suxian-2026.yaml”" in result.stderr
    assert f"命令行中的相对路径从当前文件夹 {tmp_path} 算起" in result.stderr
    assert "本文件" not in result.stderr and not (tmp_path / "ws").exists()
    english = run(
        "county", "init", "ws", "--rules", "./rules/x.yaml", *options, "--lang", "en", code=2
    ).stderr
    assert (
        f"'./rules/x.yaml' not found (a relative path on the command line starts from the current folder, {tmp_path})"
        in english
    )
    election = str(COUNTY / "青山乡" / "election.yaml")
    other = run(
        "check",
        "delegates",
        str(sheet),
        "-e",
        election,
        "--rules",
        "nope.yaml",
        "--lang",
        "zh",
        code=2,
    )
    assert f"“nope.yaml”(命令行中的相对路径从当前文件夹 {tmp_path} 算起)" in other.stderr


def test_a_missing_rule_set_named_in_a_county_yaml_names_its_file_and_line(
    tmp_path: Path,
) -> None:
    source = tmp_path / "from" / "county.yaml"
    source.parent.mkdir()
    source.write_text(
        "county: 富源县\nrules: 规则.yaml\nround: '2006'\n"
        "townships:\n  - {name: 青山乡, election_date: 2006-03-20}\n",
        encoding="utf-8",
    )
    root = tmp_path / "ws"
    result = run("county", "init", str(root), "--from", str(source), "--lang", "zh", code=2)
    assert f"{source} · 第2行 · rules" in result.stderr and "“规则.yaml”" in result.stderr
    assert not root.exists()
    (source.parent / "规则.yaml").write_text(
        "name: local\ntitle: {zh: 本县, en: local}\nextends: fuyuan-2006\nrules: []\n",
        encoding="utf-8",
    )
    run("county", "init", str(root), "--from", str(source))
    (source.parent / "规则.yaml").unlink()
    own = root / "county.yaml"
    for args in (("county", "init", str(root)), ("county", "status", str(root))):
        result = run(*args, "--lang", "zh", code=2)
        assert f"{own} · 第3行 · rules" in result.stderr, args
        assert "“../from/规则.yaml”" in result.stderr


def test_a_township_naming_a_missing_rule_set_is_named_with_its_file(tmp_path: Path) -> None:
    from tests.county.helpers import one_township, run_json

    root = one_township(tmp_path / "county")
    profile = root / "青山乡" / "election.yaml"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace("../县级规则.yaml", "../没有.yaml"),
        encoding="utf-8",
    )
    (township,) = run_json("county", "check", str(root), code=2)["townships"]
    (problem,) = township["problems"]
    assert (problem["file"], problem["row"], problem["column"]) == (str(profile), 5, "rules")


def test_the_township_class_column_reaches_the_profile(tmp_path: Path) -> None:
    """乡镇类别 (the last column of the template before 文件夹): read as typed, written to the
    township's election.yaml, where `by_class` seats read it."""
    sheet = filled_template(
        tmp_path,
        [[1, "青山乡", "2006-03-20", 17, *[None] * 10, " 三类 "], [2, "石桥镇", "2006-03-20", 12]],
    )
    header = [c.value for c in load_workbook(sheet).active[1]]
    assert header[14] == "乡镇类别"
    county = read_county_sheet(sheet, county="某县", rules="fuyuan-2006", round_="2006")
    assert [r.township_class for r in county.townships] == ["三类", None]
    root = tmp_path / "ws"
    run(
        "county",
        "init",
        str(root),
        "--rules",
        "fuyuan-2006",
        "--county",
        "某县",
        "--round",
        "2006",
        "--from",
        str(sheet),
    )
    assert load_profile(root / "青山乡" / "election.yaml").township_class == "三类"
    assert load_profile(root / "石桥镇" / "election.yaml").township_class is None


def county_yaml_problems(tmp_path: Path, text: str) -> list[tuple[str, int | None]]:
    """(message, line) of every problem read_county finds in this county.yaml, in one pass."""
    path = tmp_path / "county.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_county(path)
    return [(p.message_id, p.row) for p in caught.value.problems]


def test_every_row_problem_in_one_pass_each_at_its_own_row(tmp_path: Path) -> None:
    """Before: a row's bad cells hid its negative count, and the county-wide checks (a name
    twice, a shared folder, no date) came one per run, all said to be on line 1."""
    sheet = filled_template(
        tmp_path,
        [
            [1, "青山乡", "2006-03-20", 17, "很多", 1200, -5],
            [2, "石桥镇", None, 12],
            [3, "青山乡", "2006-03-21", 9],
        ],
    )
    with pytest.raises(InputError) as caught:
        read_county_sheet(sheet, county="某县", rules="fuyuan-2006", round_="2006")
    found = {(p.message_id, p.row, p.column) for p in caught.value.problems}
    assert found == {
        ("county.sheet.number", 3, "人口"),
        ("county.sheet.invalid", 3, "女党员数"),
        ("county.val.no_date", 4, "乡镇"),
        ("county.val.duplicate", 5, "乡镇"),
    }
    (negative,) = [p for p in caught.value.problems if p.column == "女党员数"]
    assert str(negative.params["detail"].zh) == "应不小于 0"  # type: ignore[union-attr]
    assert county_yaml_problems(
        tmp_path,
        "county: 某县\nrules: fuyuan-2006\nround: '2006'\ntownships:\n"
        "  - {name: 青山乡, election_date: 2006-03-20}\n"
        "  - {name: 石桥镇}\n"
        "  - {name: 青山乡, election_date: 2006-03-20}\n"
        "  - {name: 河口镇, folder: 青山乡, election_date: 2006-03-20}\n",
    ) == [
        ("county.val.no_date", 6),
        ("county.val.duplicate", 7),
        ("county.val.duplicate_folder", 8),
    ]


def test_rows_with_their_own_problems_do_not_hide_the_county_wide_ones(tmp_path: Path) -> None:
    assert county_yaml_problems(
        tmp_path,
        "county: 某县\nrules: fuyuan-2006\nround: '2006'\ntownships:\n"
        "  - {name: 青山乡, election_date: 2006-03-20, villages: -3}\n"
        "  - {name: 石桥镇}\n"
        "  - {name: 青山乡, election_date: 2006-03-20}\n",
    ) == [
        ("yaml.invalid", 5),
        ("county.val.no_date", 6),
        ("county.val.duplicate", 7),
    ]


def test_a_value_written_wrong_hides_nothing_else(tmp_path: Path) -> None:
    """A county date, a row's date or a row's folder written wrong: the names twice are still
    found, and the wrong date is not also called missing."""
    assert county_yaml_problems(
        tmp_path,
        "county: 某县\nrules: fuyuan-2006\nround: '2006'\nelection_date: 2006-13-01\ntownships:\n"
        "  - {name: 青山乡, election_date: 2006-02-30}\n"
        "  - {name: 青山乡}\n"
        "  - {name: 石桥镇, folder: 'x:y'}\n"
        "  - {name: 石桥镇}\n",
    ) == [
        ("yaml.invalid", 4),
        ("yaml.invalid", 6),
        ("county.val.duplicate", 7),
        ("county.val.folder", 8),
        ("county.val.duplicate", 9),
    ]


def test_init_says_which_townships_a_class_rule_leaves_open(tmp_path: Path) -> None:
    """A rule set that sizes committees by 乡镇类别: a township without a class, or with one the
    rule does not name, is said at init (its seats stay open), not first met as "not checked"."""
    from tests.helpers import ROOT

    rules = ROOT / "tests" / "data" / "rules" / "real" / "suxian-2006.yaml"
    source = tmp_path / "c.yaml"
    source.write_text(
        f"county: 苏仙区\nrules: {rules}\nround: '2006'\nelection_date: 2006-04-20\n"
        "townships:\n  - {name: 白露塘镇, township_class: 一类}\n"
        "  - {name: 马头岭乡, township_class: 四类}\n  - {name: 塘溪乡}\n",
        encoding="utf-8",
    )
    out = run("county", "init", str(tmp_path / "ws"), "--from", str(source), "--lang", "zh").stdout
    notes = [line.strip() for line in out.splitlines() if line.strip().startswith("注意")]
    assert len(notes) == 2
    assert "“马头岭乡”的乡镇类别“四类”不是" in notes[0] and "一类、二类、三类" in notes[0]
    assert "“塘溪乡”没有乡镇类别" in notes[1] and "township_class" in notes[1]
