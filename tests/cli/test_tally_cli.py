"""``electkit tally count`` through typer's runner, and once as the installed command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from electkit.cli.main import app

DATA = Path(__file__).resolve().parent.parent / "data" / "tally"
EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples" / "qingshan"
JSON_FIELDS = [
    "contest",
    "round",
    "seats",
    "entitled",
    "present",
    "issued",
    "returned",
    "quorum_met",
    "status",
    "valid",
    "invalid",
    "threshold_basis",
    "threshold",
    "results",
    "elected",
    "tied",
    "unfilled_seats",
    "invalid_ballots",
    "write_ins",
]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"COLUMNS": "160", "NO_COLOR": "1", "ELECTKIT_LANG": "en"})


def count(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["tally", "count", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def test_json_has_exactly_the_issue_fields(runner: CliRunner) -> None:
    code, out, _ = count(runner, str(DATA / "contest.yaml"), str(DATA / "good.csv"), "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == JSON_FIELDS
    assert data["status"] == "shortfall" and data["elected"] == ["丁一"]
    assert data["results"][0] == {
        "name": "丁一",
        "listed": True,
        "agree": 5,
        "oppose": 0,
        "abstain": 1,
        "elected": True,
        "tied": False,
    }
    assert set(data["invalid_ballots"][0]) == {"ballot", "reason"}
    assert data["write_ins"][0] == {"written": "张三", "counted_as": "张三", "ballots": 1}


def test_json_reasons_follow_the_language(runner: CliRunner) -> None:
    args = [str(DATA / "contest.yaml"), str(DATA / "good.csv"), "-f", "json"]
    zh = json.loads(count(runner, *args, "--lang", "zh")[1])
    en = json.loads(count(runner, *args, "--lang", "en")[1])
    assert zh["invalid_ballots"][0]["reason"] == "赞成3人，多于应选2名"
    assert en["invalid_ballots"][0]["reason"] == "agrees with 3, more than the 2 seats"


def test_explain_adds_every_ballot(runner: CliRunner) -> None:
    args = [str(DATA / "contest.yaml"), str(DATA / "good.csv"), "--explain", "--lang", "zh"]
    data = json.loads(count(runner, *args, "-f", "json")[1])
    assert [b["ballot"] for b in data["ballots"]] == [f"000{i}" for i in range(1, 9)]
    assert data["ballots"][2]["note"] == "另选他人中写了王建国，按赞成计"
    plain = count(runner, *args, "-f", "plain")[1]
    assert "逐张选票" in plain and "监票人认定为废票：有记号" in plain


@pytest.mark.parametrize("fmt", ["table", "plain", "markdown"])
@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "zh",
            [
                "应到会",
                "实到会",
                "发出",
                "收回",
                "有效",
                "无效",
                "当选",
                "另行选举",
                "经半数以上选举人同意",
            ],
        ),
        (
            "en",
            [
                "Entitled",
                "Present",
                "Issued",
                "Returned",
                "Valid",
                "Invalid",
                "elected",
                "another election",
                "presidium",
            ],
        ),
    ],
)
def test_views_show_the_account_and_the_next_step(
    runner: CliRunner, fmt: str, lang: str, words: list[str]
) -> None:
    code, out, _ = count(
        runner, str(DATA / "contest.yaml"), str(DATA / "good.csv"), "-f", fmt, "--lang", lang
    )
    assert code == 0
    for word in words:
        assert word in out, word
    assert "Traceback" not in out


def test_markdown_is_markdown(runner: CliRunner) -> None:
    out = count(runner, str(DATA / "contest.yaml"), str(DATA / "good.csv"), "-f", "markdown")[1]
    assert out.startswith("# ") and "| " in out and "## " in out


def test_bad_input_exits_2_with_file_row_and_column(runner: CliRunner) -> None:
    code, out, err = count(
        runner, str(DATA / "contest.yaml"), str(DATA / "ambiguous_zero_mark.csv"), "--lang", "zh"
    )
    assert code == 2 and out == ""
    assert "ambiguous_zero_mark.csv · 第2行 · C (王建国)" in err
    assert "有歧义" in err
    code, _, err = count(
        runner, str(DATA / "contest.yaml"), str(DATA / "ambiguous_zero_mark.csv"), "--lang", "en"
    )
    assert code == 2 and "row 2" in err and "ambiguous" in err


def test_bad_contest_exits_2(runner: CliRunner) -> None:
    code, _, err = count(
        runner, str(DATA / "present_over_entitled.yaml"), str(DATA / "good.csv"), "--lang", "zh"
    )
    assert code == 2 and "实到会人数12多于应到会人数10" in err


def test_unknown_encoding_and_sheet_on_csv(runner: CliRunner) -> None:
    args = [str(DATA / "contest.yaml"), str(DATA / "good.csv")]
    assert count(runner, *args, "--encoding", "klingon")[0] == 2
    assert count(runner, *args, "--sheet", "x")[0] == 2


def test_every_status_exits_0(runner: CliRunner, tmp_path: Path) -> None:
    ballots = tmp_path / "b.csv"
    ballots.write_text("选票编号,甲,乙\n1,○,\n2,○,\n3,,○\n", encoding="utf-8")
    for extra, status in [
        ("entitled: 3\npresent: 3\n", "complete"),
        ("entitled: 5\npresent: 5\n", "shortfall"),
        ("entitled: 5\npresent: 5\nissued: 2\n", "void"),
        ("entitled: 5\npresent: 3\n", "no_quorum"),
    ]:
        contest = tmp_path / "c.yaml"
        contest.write_text(
            f"contest: 委员\nseats: 1\n{extra}candidates: [甲, 乙]\n", encoding="utf-8"
        )
        code, out, _ = count(runner, str(contest), str(ballots), "-f", "json")
        assert code == 0 and json.loads(out)["status"] == status


def test_notes_go_to_stderr_beside_json(runner: CliRunner, tmp_path: Path) -> None:
    contest = tmp_path / "c.yaml"
    contest.write_text(
        "contest: 委员\nseats: 1\nentitled: 5\npresent: 4\nissued: 5\nquorum: at_least\n"
        "candidates: [甲, 乙]\n",
        encoding="utf-8",
    )
    ballots = tmp_path / "b.csv"
    ballots.write_text("选票编号,甲,乙\n1,○,\n2,○,\n3,○,\n", encoding="utf-8")
    code, out, err = count(runner, str(contest), str(ballots), "-f", "json", "--lang", "en")
    assert code == 0 and list(json.loads(out)) == JSON_FIELDS
    assert "TL-RETURNED: 5 ballots issued, more than the 4 voters present" in err
    assert "TL-QUORUM" in err and "'more than' reading" in err


def test_next_round_after_a_tie(runner: CliRunner, tmp_path: Path) -> None:
    contest = tmp_path / "c.yaml"
    contest.write_text(
        "contest: 委员\nseats: 2\nentitled: 5\npresent: 5\ncandidates: [甲, 乙, 丙]\n",
        encoding="utf-8",
    )
    ballots = tmp_path / "b.csv"
    ballots.write_text(
        "ballot,甲,乙,丙\n1,○,○,\n2,○,,○\n3,○,○,\n4,○,,○\n5,,○,○\n", encoding="utf-8"
    )
    target = tmp_path / "round2.yaml"
    code, out, err = count(
        runner,
        str(contest),
        str(ballots),
        "--next-round",
        str(target),
        "--lang",
        "zh",
        "-f",
        "plain",
    )
    assert code == 0
    assert "票数相等，须再次投票" in out and "不得抽签" in out
    assert "已写入下一轮的选举文件" in err
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["round"] == 2 and data["follows"] == "tie"
    assert data["seats"] == 1 and data["candidates"] == ["乙", "丙"]
    # the written file counts as it stands
    ballots2 = tmp_path / "b2.csv"
    ballots2.write_text("ballot,乙,丙\n1,○,\n2,○,\n3,○,\n4,,○\n5,,\n", encoding="utf-8")
    code, out, _ = count(runner, str(target), str(ballots2), "-f", "json")
    assert code == 0 and json.loads(out)["elected"] == ["乙"]


def test_next_round_when_there_is_none(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "none.yaml"
    code, _, err = count(
        runner,
        str(DATA / "contest.yaml"),
        str(DATA / "over_vote.csv"),
        "--next-round",
        str(target),
        "--lang",
        "en",
    )
    assert code == 0
    assert target.exists()  # over_vote.csv is a shortfall: 另行选举 is written
    target.unlink()
    contest = tmp_path / "c.yaml"
    contest.write_text(
        "contest: 委员\nseats: 1\nentitled: 3\npresent: 3\ncandidates: [甲, 乙]\n", encoding="utf-8"
    )
    ballots = tmp_path / "b.csv"
    ballots.write_text("ballot,甲,乙\n1,○,\n2,○,\n", encoding="utf-8")
    code, _, err = count(runner, str(contest), str(ballots), "--next-round", str(target))
    assert code == 0 and not target.exists() and "no next round" in err


def test_installed_command_counts_the_example() -> None:
    exe = Path(sys.executable).parent / "electkit"
    assert exe.exists() or shutil.which("electkit"), (
        "the electkit console script is installed by make test"
    )
    command = str(exe) if exe.exists() else "electkit"
    env = {**os.environ, "ELECTKIT_LANG": "zh"}
    done = subprocess.run(
        [
            command,
            "tally",
            "count",
            str(DATA / "contest.yaml"),
            str(DATA / "gbk_ballots.csv"),
            "-f",
            "json",
        ],
        capture_output=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr.decode()
    data = json.loads(done.stdout.decode("utf-8"))
    assert data["returned"] == 3 and data["invalid_ballots"][0]["reason"] == "监票人认定为废票"
    bad = subprocess.run(
        [command, "tally", "count", str(DATA / "contest.yaml"), str(DATA / "duplicate_ballot.csv")],
        capture_output=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr.decode()
    assert "选票编号“0017”重复(第2行已用过)" in bad.stderr.decode()


@pytest.mark.parametrize(
    ("key", "status", "elected", "tied", "unfilled"),
    [
        ("committee", "complete", 9, 0, 0),
        ("discipline", "tie", 4, 2, 0),
        ("county_delegates", "shortfall", 8, 0, 2),
    ],
)
def test_example_township_contests(
    runner: CliRunner, key: str, status: str, elected: int, tied: int, unfilled: int
) -> None:
    folder = EXAMPLES / "tally"
    code, out, _ = count(
        runner, str(folder / f"{key}.yaml"), str(folder / f"{key}.csv"), "-f", "json"
    )
    assert code == 0
    data = json.loads(out)
    assert (data["status"], len(data["elected"]), len(data["tied"]), data["unfilled_seats"]) == (
        status,
        elected,
        tied,
        unfilled,
    )
    assert (data["entitled"], data["present"], data["threshold_basis"], data["threshold"]) == (
        150,
        146,
        "present",
        74,
    )


def test_example_files_are_what_the_script_makes() -> None:
    import importlib.util

    script = EXAMPLES.parent.parent / "scripts" / "make_ballots.py"
    spec = importlib.util.spec_from_file_location("make_ballots", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_ballots"] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules["make_ballots"]
    for plan in module.PLANS:
        rows = module.ballots(plan)
        path = EXAMPLES / "tally" / f"{plan.key}.csv"
        text = path.read_bytes().decode(plan.encoding)
        assert text.splitlines()[1:] == [",".join(r) for r in rows]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_markdown_snapshot_of_the_shortfall_example(
    runner: CliRunner, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(EXAMPLES.parent.parent)
    folder = Path("examples/qingshan/tally")
    code, out, _ = count(
        runner,
        str(folder / "county_delegates.yaml"),
        str(folder / "county_delegates.csv"),
        "-f",
        "markdown",
        "--lang",
        lang,
    )
    assert code == 0
    golden = DATA / "snapshots" / f"county_delegates.{lang}.md"
    assert out == golden.read_text(encoding="utf-8")


def test_table_snapshot_of_the_tie_example(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES.parent.parent)
    runner = CliRunner(env={"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb"})
    folder = Path("examples/qingshan/tally")
    code, out, _ = count(
        runner, str(folder / "discipline.yaml"), str(folder / "discipline.csv"), "--lang", "zh"
    )
    assert code == 0
    golden = DATA / "snapshots" / "discipline.zh.table.txt"
    assert out == golden.read_text(encoding="utf-8")


def test_pre_election_wording(runner: CliRunner, tmp_path: Path) -> None:
    contest = tmp_path / "pre.yaml"
    contest.write_text(
        "contest: 委员预选\nkind: preelection\nseats: 1\nentitled: 3\npresent: 3\n"
        "candidates: [甲, 乙]\n",
        encoding="utf-8",
    )
    ballots = tmp_path / "b.csv"
    ballots.write_text("选票编号,甲,乙\n1,○,\n2,○,\n3,,○\n", encoding="utf-8")
    code, out, _ = count(runner, str(contest), str(ballots), "-f", "plain", "--lang", "zh")
    assert code == 0
    assert "预选计票结果" in out and "列为正式候选人" in out and "预选完成" in out
    data = json.loads(count(runner, str(contest), str(ballots), "-f", "json")[1])
    assert data["elected"] == ["甲"]  # the same field: listed as a formal candidate


def test_excel_ballots_name_the_sheet_read(runner: CliRunner, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "第一计票组"
    sheet.append(["青山乡委员选举计票"])
    for line in (DATA / "good.csv").read_text(encoding="utf-8").splitlines():
        sheet.append(line.split(","))
    path = tmp_path / "ballots.xlsx"
    book.save(path)
    args = [str(DATA / "contest.yaml"), str(path), "-f", "plain"]
    assert "工作表“第一计票组”，表头在第2行，8张" in count(runner, *args, "--lang", "zh")[1]
    assert (
        "sheet '第一计票组', header in row 2, 8 ballots" in count(runner, *args, "--lang", "en")[1]
    )
