from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from electkit.cli.main import app
from tests.helpers import EXAMPLES, write_csv

runner = CliRunner()
ELECTION = str(EXAMPLES / "election.yaml")


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={"ELECTKIT_LANG": "en"})
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("roster", ["delegates.csv", "delegates.xlsx"])
def test_example_township_json(roster: str) -> None:
    code, out, _ = run(
        "check", "delegates", str(EXAMPLES / roster), "-e", ELECTION, "-f", "json", "--lang", "zh"
    )
    assert code == 1  # the planted errors
    data = json.loads(out)
    assert set(data) >= {"rules", "input", "summary", "composition", "findings"}
    assert data["rules"] == "fuyuan-2006"
    assert data["input"]["rows"] == 150
    assert data["input"]["encoding"] == ("gb18030" if roster.endswith(".csv") else None)
    csv = roster.endswith(".csv")
    assert data["summary"] == {"people": 150, "errors": 3, "warnings": 6 if csv else 2}
    found = {(f["rule"], tuple(f["rows"])) for f in data["findings"] if f["severity"] != "info"}
    # 1978.1 in a CSV: January, or a number cell 1978.10 saved as CSV? In the workbook the
    # same cells are text, typed as 1978.1: nothing to warn about (issue 12)
    maybe_october = {("IN-VALUE", (row,)) for row in (3, 46, 89, 137)} if csv else set()
    assert (
        found
        == {
            ("EL-FULL", (20,)),
            ("EL-INVEST", (45,)),
            ("EL-IDNUM", (66,)),
            ("EL-IDMATCH", (91,)),
            ("DL-WOMEN", ()),
        }
        | maybe_october
    )
    women = next(f for f in data["findings"] if f["rule"] == "DL-WOMEN")
    assert women["needed"] == 5 and "需再增加妇女代表5名" in women["message"]
    assert set(women) == {
        "rule",
        "severity",
        "message",
        "subjects",
        "rows",
        "file",
        "column",
        "value",
        "measured",
        "required",
        "needed",
        "source",
    }
    age = next(c for c in data["composition"] if c["rule"] == "DL-AGE40")
    assert age["required"] == ">= 0.60" and age["share"] == 0.6333


def test_rules_option_overrides_profile_and_english() -> None:
    code, out, _ = run(
        "check",
        "delegates",
        str(EXAMPLES / "delegates.csv"),
        "-e",
        ELECTION,
        "--rules",
        "national-2020",
        "-f",
        "json",
        "--lang",
        "en",
    )
    data = json.loads(out)
    assert data["rules"] == "national-2020"
    assert "DL-WOMEN" not in {f["rule"] for f in data["findings"]}
    rs = next(f for f in data["findings"] if f["rule"] == "RS-INFORCE")
    assert "national-2020" in rs["message"] or "2020" in rs["message"]
    assert code == 1


def test_strict_turns_warnings_into_failure(tmp_path: Path) -> None:
    roster = write_csv(
        tmp_path / "r.csv", [["姓名", "性别", "政治面貌"], ["王芳", "女", "中共党员"]]
    )
    election = tmp_path / "e.yaml"
    election.write_text(
        "township: 某乡\nelection_date: 2006-03-20\nrules: national-1990\ndelegate_seats: 150\n",
        encoding="utf-8",
    )
    code, _, _ = run("check", "delegates", str(roster), "-e", str(election))
    assert code == 0  # warnings only (fewer delegates than approved)
    code, _, _ = run("check", "delegates", str(roster), "-e", str(election), "--strict")
    assert code == 1


def test_output_file_and_formats(tmp_path: Path) -> None:
    for fmt in ("markdown", "plain", "table", "json"):
        out = tmp_path / f"report.{fmt}"
        code, stdout, _ = run(
            "check",
            "delegates",
            str(EXAMPLES / "delegates.csv"),
            "-e",
            ELECTION,
            "-f",
            fmt,
            "-o",
            str(out),
            "--lang",
            "zh",
        )
        assert code == 1 and stdout == ""
        text = out.read_text(encoding="utf-8")
        assert "DL-WOMEN" in text
    assert "| DL-AGE40" in (tmp_path / "report.markdown").read_text(encoding="utf-8")


def test_bad_profile_is_exit_2_naming_field_and_line(tmp_path: Path) -> None:
    election = tmp_path / "election.yaml"
    election.write_text(
        "township: 某乡\nelection_date: 2006-13-40\nvillages: many\n", encoding="utf-8"
    )
    code, out, err = run(
        "check", "delegates", str(EXAMPLES / "delegates.csv"), "-e", str(election), "--lang", "en"
    )
    assert code == 2 and out == ""
    assert "election.yaml · row 2 · election_date" in err
    assert "election.yaml · row 3 · villages" in err
    assert "Traceback" not in err


def test_unreadable_roster_is_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\x81\xff\x81\xff")
    code, _, err = run("check", "delegates", str(bad), "-e", ELECTION, "--lang", "zh")
    assert code == 2
    assert "bad.csv" in err and "--encoding" in err


def test_missing_roster_is_exit_2() -> None:
    code, _, err = run("check", "delegates", "nowhere.csv", "-e", ELECTION, "--lang", "en")
    assert code == 2 and "nowhere.csv" in err and "file not found" in err


def test_rules_commands() -> None:
    code, out, _ = run("rules", "list", "-f", "json")
    assert code == 0 and [r["name"] for r in json.loads(out)] == [
        "fuyuan-2006",
        "national-1990",
        "national-2020",
        "zhaotong-2006",
    ]
    code, out, _ = run("rules", "show", "zhaotong-2006", "-f", "json")
    data = json.loads(out)
    assert data["chain"] == ["zhaotong-2006", "national-1990"]
    cs_extra = next(r for r in data["rules"] if r["code"] == "CS-EXTRA")
    assert cs_extra["origin"] == "zhaotong-2006" and "差额为1名" in cs_extra["source"]["text"]
    code, out, _ = run("rules", "schema")
    schema = json.loads(out)
    assert schema["title"] == "electkit rule set" and "rules" in schema["properties"]
    code, out, _ = run("rules", "lint", "zhaotong-2006", "-f", "json", "--lang", "zh")
    weak = [i for i in json.loads(out)["items"] if i["type"] == "weakens"]
    assert len(weak) == 1 and "14.29%" in weak[0]["message"]
    code, _, _ = run("rules", "lint", "zhaotong-2006", "--strict")
    assert code == 1
    code, _, _ = run("rules", "lint", "fuyuan-2006", "--strict")


def test_installed_command_in_a_subprocess(tmp_path: Path) -> None:
    exe = shutil.which("electkit", path=str(Path(sys.executable).parent))
    assert exe, "the electkit console script is installed with the package"
    result = subprocess.run(
        [
            exe,
            "check",
            "delegates",
            str(EXAMPLES / "delegates.csv"),
            "-e",
            ELECTION,
            "-f",
            "json",
            "--lang",
            "en",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["summary"]["errors"] == 3
    version = subprocess.run([exe, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("electkit ")


def test_slate_for_one_unit_reports_only_that_units_rows() -> None:
    """`--unit` limits every finding, the reader's cell problems too, to that unit's rows."""
    _, out, _ = run(
        "check", "slate", str(EXAMPLES / "delegates.csv"), "--contest", "delegates",
        "-e", ELECTION, "--unit", "乡机关党总支", "-f", "json", "--lang", "zh",
    )  # fmt: skip
    data = json.loads(out)
    assert data["summary"]["people"] == 12
    unit_rows = set(range(3, 15))  # the unit's people are on rows 3-14
    person_rows = {r for f in data["findings"] if f["rule"] != "IN-SKIPPED" for r in f["rows"]}
    assert person_rows <= unit_rows
    assert ("IN-VALUE", [3]) in [(f["rule"], f["rows"]) for f in data["findings"]]
    assert not [f for f in data["findings"] if f["rule"].startswith("EL-")]


def test_options_without_effect_are_named_not_silently_ignored() -> None:
    result = runner.invoke(
        app,
        ["check", "slate", str(EXAMPLES / "committee.xlsx"), "--contest", "committee",
         "-e", ELECTION, "--unit", "乡机关党总支", "--encoding", "gbk", "--lang", "en", "-f", "json"],
    )  # fmt: skip
    assert "--unit has no effect here" in result.stderr
    assert "--encoding has no effect here" in result.stderr
    json.loads(result.stdout)  # the report itself is unchanged


SLATE_HEAD = ["姓名", "性别", "民族", "出生年月", "学历", "参加工作时间", "拟任职务"]


def _zhaotong(tmp_path: Path) -> str:
    election = tmp_path / "e.yaml"
    election.write_text(
        "township: 青山乡\nelection_date: 2006-03-20\nrules: zhaotong-2006\nvillages: 6\n",
        encoding="utf-8",
    )
    return str(election)


def test_relaxed_warnings_are_not_shown_under_an_error_heading(tmp_path: Path) -> None:
    slate = write_csv(
        tmp_path / "slate.csv",
        [
            SLATE_HEAD,
            ["丁一", "男", "汉族", "1970.01", "大专", "2002.01", "书记"],
            ["于二", "女", "汉族", "1972.02", "大专", "2004.01", "乡镇长"],
            ["王三", "男", "彝族", "1973.03", "大专", "2004.01", "专职副书记"],
        ],
    )
    args = ["check", "slate", str(slate), "-c", "committee", "-e", _zhaotong(tmp_path)]
    code, out, _ = run(*args, "-f", "plain", "--lang", "zh")
    assert code == 1
    blocks = {b.partition("\n")[0]: b for b in out.split("\n\n")}
    error, warning = blocks["CQ-WORKYEARS · 错误"], blocks["CQ-WORKYEARS · 提醒"]
    assert "丁一" in error and "于二" not in error and "王三" not in error
    assert "于二拟任乡镇长，工龄2年，应至少3年（放宽：女干部）" in warning
    assert "王三拟任专职副书记，工龄2年，应至少3年（放宽：少数民族干部）" in warning
    code, out, _ = run(*args, "-f", "markdown", "--lang", "en")
    warning = out[out.index("### CQ-WORKYEARS · warning") :]
    assert "(relaxed: woman cadre)" in warning.split("###")[1]
    assert "丁一" not in warning.split("###")[1]
    code, out, _ = run(*args, "--lang", "zh")  # the rich table view
    assert "CQ-WORKYEARS · 错误 (1)" in out and "CQ-WORKYEARS · 提醒 (2)" in out


def _leaf_commands(command: Any, path: list[str]) -> Iterator[list[str]]:
    subcommands = getattr(command, "commands", None)
    if subcommands is None:
        yield path
        return
    for name, sub in subcommands.items():
        yield from _leaf_commands(sub, [*path, name])


def test_usage_lines_name_arguments_by_metavar() -> None:
    commands = list(_leaf_commands(typer.main.get_command(app), []))
    assert len(commands) > 20
    usages = {}
    for path in commands:
        code, out, _ = run(*path, "--help")
        assert code == 0, path
        usage = next(line for line in out.splitlines() if line.startswith("Usage:"))
        assert "{" not in usage and "[[" not in usage, usage
        usages[" ".join(path)] = usage.split("[OPTIONS]", 1)[1].strip()
    assert usages["check delegates"] == "ROSTER"
    assert usages["check slate"] == "CANDIDATES"
    assert usages["allocate"] == "UNITS"
    assert usages["rules show"] == "NAME" and usages["rules lint"] == "NAME"
    assert usages["report result"] == "[CONTEST] [BALLOTS]"
    assert usages["book open"] == "BOOK CONTESTS..."
    assert usages["tally count"] == "CONTEST BALLOTS"
    code, _, err = run("check", "delegates", "--lang", "en")
    assert code == 2 and "'ROSTER'" in err


def test_rules_tables_speak_chinese() -> None:
    code, out, _ = run("rules", "show", "fuyuan-2006", "--lang", "zh", "-f", "plain")
    assert code == 0
    head, _, *body = out.splitlines()[2:]
    assert head.split()[:3] == ["代码", "程度", "标题"]
    rows = {line.split()[0]: line.split() for line in body if line.startswith(("EL-", "DL-"))}
    assert rows["EL-FULL"][1] == "错误" and rows["DL-WOMEN"][1] == "提醒"
    assert "地方文件原文" in " ".join(rows["DL-WOMEN"]) and "原文核实" in out
    for word in (" error ", " warning ", " verified ", " local "):
        assert word not in out, word
    code, out, _ = run("rules", "show", "fuyuan-2006", "--lang", "en", "-f", "plain")
    assert " error " in out and "local notice, verbatim" in out
    code, out, _ = run("rules", "list", "--lang", "zh", "-f", "plain")
    assert out.splitlines()[0].split() == ["名称", "标题", "继承", "规则数"]


def test_bad_excel_file_is_explained_in_chinese(tmp_path: Path) -> None:
    bad = tmp_path / "名单.xlsx"
    bad.write_bytes(b"not an Excel file at all")
    code, _, err = run("check", "delegates", str(bad), "-e", ELECTION, "--lang", "zh")
    assert code == 2
    assert "无法读取这个电子表格文件：文件已损坏，或不是它的扩展名所说的格式" in err
    code, _, err = run("check", "delegates", str(bad), "-e", ELECTION, "--lang", "en")
    assert code == 2 and "it is damaged, or not in the format its name says" in err


def test_usage_errors_follow_the_language() -> None:
    roster, election = str(EXAMPLES / "delegates.csv"), ELECTION
    cases = [
        (
            ["check", "delegates", roster, "-e", election, "-f", "xml"],
            "错误：--format/-f 的取值“xml”无效，应为以下之一：table、json、markdown、plain",
            "Invalid value for '--format/-f': 'xml' is not one of table, json, markdown, plain.",
        ),
        (["check", "delegates"], "错误：缺少参数 ROSTER", "Missing argument 'ROSTER'"),
        (["check", "delegates", roster, "--bogus"], "错误：没有选项 --bogus", "No such option"),
        (
            ["check", "slate", roster, "-e", election],
            "错误：缺少选项 --contest/-c，可选：committee、discipline、delegates",
            "Missing option",
        ),
        (
            ["allocate", str(EXAMPLES / "units.csv"), "--seats", "x"],
            "错误：--seats/-n 的取值无效：应为整数",
            "Invalid value for '--seats/-n'",
        ),
        (["check", "delegates", "a", "b", "-e", election], "错误：多余的参数：b", "extra argument"),
        (["chek"], "错误：没有命令“chek”，是否想用 check？", "No such command 'chek'"),
    ]
    for args, zh, en in cases:
        result = runner.invoke(app, [*args, "--lang", "zh"])
        assert result.exit_code == 2, args
        assert zh in result.stderr and "用法：electkit" in result.stderr, (args, result.stderr)
        assert "Error:" not in result.stderr and "Usage:" not in result.stderr
        result = runner.invoke(app, [*args, "--lang", "en"])
        assert result.exit_code == 2 and en in result.stderr and "Usage: electkit" in result.stderr
    # without --lang: ELECTKIT_LANG or the locale decides, as for every other message
    result = runner.invoke(app, ["check", "delegates"], env={"ELECTKIT_LANG": "zh"})
    assert result.exit_code == 2 and "缺少参数 ROSTER" in result.stderr
    locale = {"ELECTKIT_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_CN.UTF-8"}
    result = runner.invoke(app, ["check", "delegates", "--lang", "fr"], env=locale)
    assert result.exit_code == 2 and "--lang 的取值无效" in result.stderr


def test_year_month_dates_are_shown_without_an_invented_day(tmp_path: Path) -> None:
    slate = write_csv(
        tmp_path / "slate.csv",
        [
            SLATE_HEAD,
            ["丁一", "男", "汉族", "1970.01", "大专", "2002.01", "书记"],
            ["于二", "男", "汉族", "1972.02", "大专", "2004-01-15", "乡镇长"],
        ],
    )
    args = ["check", "slate", str(slate), "-c", "committee", "-e", _zhaotong(tmp_path)]
    code, out, _ = run(*args, "-f", "json", "--lang", "zh")
    assert code == 1
    work = {
        f["rows"][0]: f["value"] for f in json.loads(out)["findings"] if f["rule"] == "CQ-WORKYEARS"
    }
    assert work == {2: "2002-01", 3: "2004-01-15"}
    roster = write_csv(
        tmp_path / "roster.csv",
        [
            ["姓名", "性别", "出生年月", "政治面貌"],
            ["王芳", "女", "1975.03", "中共党员"],
            ["王　芳", "女", "1975.03", "中共党员"],
        ],
    )
    code, out, _ = run(
        "check", "delegates", str(roster), "-e", ELECTION, "-f", "plain", "--lang", "zh"
    )
    assert code == 0 and "出生1975-03" in out and "1975-03-01" not in out
    code, out, _ = run(
        "check", "delegates", str(roster), "-e", ELECTION, "-f", "plain", "--lang", "en"
    )
    assert code == 0 and "born 1975-03" in out and "1975-03-01" not in out
    assert out.rstrip().splitlines()[-1] == "2 people; 0 errors, 2 warnings"
    one = write_csv(
        tmp_path / "one.csv", [["姓名", "性别", "政治面貌"], ["王芳", "女", "中共党员"]]
    )
    code, out, _ = run(
        "check", "delegates", str(one), "-e", ELECTION, "-f", "plain", "--lang", "en"
    )
    assert code == 0 and out.rstrip().splitlines()[-1] == "1 person; 0 errors, 1 warning"


def test_an_unknown_electkit_lang_is_named_not_ignored() -> None:
    result = CliRunner(env={"ELECTKIT_LANG": "de"}).invoke(app, ["rules", "list"])
    assert result.exit_code == 0
    assert "ELECTKIT_LANG='de'" in result.stderr and "ignored" in result.stderr
