"""Hostile cells never act on the terminal or the spreadsheet, and odd consoles never crash.

- Terminal escapes (ESC[2J clears the projector and paints a fake red 当选), carriage returns and
  right-to-left overrides in a written-in name are shown as ``\\u001b`` … in every output: the
  tables, plain, Markdown, JSON, the board, the diff, the count, and the zh error messages that
  echo a cell. A name written as rich markup prints as written.
- Formula injection: every spreadsheet file electkit writes keeps a cell that starts with
  ``=`` ``+`` ``-`` ``@`` as text (CSV: a leading ``'``; .xlsx: a quoted string, never a formula).
- Markdown: names and titles cannot smuggle HTML into ``-f markdown``.
- GBK consoles (``PYTHONIOENCODING=gbk``, a redirect on Chinese Windows): exit 0, never 70.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from electkit.cli.main import app
from tests.book_helpers import ROOT, book, runner

ESC = "\x1b[2J\x1b[31m当选"
RLO = "\u202e王五"
CONTEST = (
    'contest: 委员\ntitle: "<script>alert(1)</script>"\nseats: 2\nentitled: 3\npresent: 3\n'
    "candidates: [甲, 乙, 丙]\n"
)


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, Path]:
    contest = tmp_path / "c.yaml"
    contest.write_text(CONTEST, encoding="utf-8")
    ballots = tmp_path / "b.csv"
    ballots.write_text(
        f"选票编号,甲,乙,丙,另选他人\n1,○,,,{ESC}\n2,○,,,{ESC}\n3,○,,,{RLO}\n", encoding="utf-8"
    )
    return contest, ballots


def clean(text: str) -> None:
    """Nothing a terminal would act on; the escapes are there, visibly."""
    assert "\x1b" not in text and "\u202e" not in text and "\r" not in text
    assert "\\u001b[2J" in text


@pytest.mark.parametrize("fmt", ["table", "plain", "markdown", "json"])
def test_tally_count_shows_control_characters_visibly(hostile: tuple[Path, Path], fmt: str) -> None:
    contest, ballots = hostile
    result = runner().invoke(app, ["tally", "count", str(contest), str(ballots), "-f", fmt])
    assert result.exit_code == 0, result.output
    clean(result.stdout)
    if fmt == "json":  # the same data: JSON's own escapes
        data = json.loads(result.stdout)
        assert [w["written"] for w in data["write_ins"]] == [ESC, RLO]
    if fmt == "markdown":
        assert "<script>" not in result.stdout and "&lt;script&gt;" in result.stdout


def test_the_book_commands_show_them_visibly(hostile: tuple[Path, Path], tmp_path: Path) -> None:
    contest, ballots = hostile
    run = runner()
    path = tmp_path / "b.book"
    assert book(run, "open", str(path), str(contest))[0] == 0
    for clerk in ("甲", "乙"):
        assert book(run, "import", str(path), str(ballots), "--clerk", clerk)[0] == 0
    changed = tmp_path / "c.csv"
    changed.write_text(
        f"选票编号,甲,乙,丙,另选他人\n1,○,,,{ESC}x\n2,○,,,{ESC}\n3,○,,,{RLO}\n", encoding="utf-8"
    )
    assert book(run, "import", str(path), str(changed), "--clerk", "乙")[0] == 0
    code, out, err = book(run, "diff", str(path))
    assert code == 1
    clean(out)
    assert book(run, "import", str(path), str(ballots), "--clerk", "乙")[0] == 0
    for args in (["count"], ["count", "-f", "plain"], ["board", "--once"], ["status"]):
        code, out, err = book(run, args[0], str(path), *args[1:])
        assert code == 0, err
        assert "\x1b" not in out + err and "\u202e" not in out + err
    code, out, _ = book(run, "count", str(path), "-f", "markdown")
    clean(out)
    assert "<script>" not in out


def test_zh_error_messages_echo_a_cell_visibly(hostile: tuple[Path, Path], tmp_path: Path) -> None:
    contest, _ = hostile
    bad = tmp_path / "bad.csv"
    bad.write_text(f"选票编号,甲,乙,丙\n1,{ESC},,\n", encoding="utf-8")
    result = runner().invoke(app, ["tally", "count", str(contest), str(bad), "--lang", "zh"])
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "“\\u001b[2J" in result.stderr


def test_a_name_written_as_markup_prints_as_written(tmp_path: Path) -> None:
    contest = tmp_path / "c.yaml"
    contest.write_text(CONTEST.replace("丙]", "'[bold red]当选[/]']"), encoding="utf-8")
    ballots = tmp_path / "b.csv"
    ballots.write_text("选票编号,甲,乙,[bold red]当选[/]\n1,○,,\n", encoding="utf-8")
    result = CliRunner(env={"COLUMNS": "160"}).invoke(
        app, ["tally", "count", str(contest), str(ballots)], color=True
    )
    assert result.exit_code == 0, result.output
    assert "[bold red]当选[/]" in result.stdout


# -- formula injection: each writer --------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://x","点我")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3"]


def test_template_ballots_keeps_a_formula_named_candidate_as_text(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    contest = tmp_path / "c.yaml"
    names = ", ".join(f"'{f}'" for f in FORMULAS[:1]) + ", 甲"
    contest.write_text(
        f"contest: 委员\nseats: 1\nentitled: 3\npresent: 3\ncandidates: [{names}]\n",
        encoding="utf-8",
    )
    out = tmp_path / "t.xlsx"
    result = runner().invoke(
        app, ["template", "ballots", "--contest", str(contest), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    cell = load_workbook(out).active.cell(row=1, column=2)
    assert cell.value == FORMULAS[0] and cell.data_type == "s" and cell.quotePrefix


def test_book_export_neutralises_formula_cells(tmp_path: Path) -> None:
    contest = tmp_path / "c.yaml"
    contest.write_text(CONTEST, encoding="utf-8")
    ballots = tmp_path / "b.csv"
    rows = [["选票编号", "甲", "乙", "丙", "另选他人"]]
    written = ["=1+1", "+A1", "@A1"]  # write-ins: one name each, no separators
    rows += [[str(i), "○", "", "", f] for i, f in enumerate(written, start=1)]
    with ballots.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    run = runner()
    path = tmp_path / "b.book"
    book(run, "open", str(path), str(contest))
    assert book(run, "import", str(path), str(ballots), "--clerk", "甲")[0] == 0
    out = tmp_path / "x.csv"
    assert book(run, "export", str(path), "--clerk", "甲", "-o", str(out))[0] == 0
    cells = [r[-2] for r in csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")))][1:]
    assert cells == ["'" + f for f in written]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_sort_output_neutralises_formula_cells(tmp_path: Path, suffix: str) -> None:
    from openpyxl import load_workbook

    source = tmp_path / "in.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["姓名", "备注"])
        writer.writerows([["王五", f] for f in FORMULAS] + [["李四", "-5"]])
    out = tmp_path / f"out{suffix}"
    result = runner().invoke(app, ["sort", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    if suffix == ".csv":
        cells = [r[1] for r in csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig")))][1:]
        assert sorted(cells) == sorted(["'" + f for f in FORMULAS] + ["-5"])
    else:
        sheet = load_workbook(out).active
        written = [sheet.cell(row=r, column=2) for r in range(2, 7)]
        assert sorted(str(c.value) for c in written) == sorted([*FORMULAS, "-5"])
        assert all(c.data_type == "s" for c in written)
        assert all(c.quotePrefix for c in written if c.value != "-5")


# -- GBK consoles ----------------------------------------------------------------------------

EX = ROOT / "examples" / "qingshan"


@pytest.mark.parametrize(
    "args",
    [
        [
            "tally",
            "count",
            str(EX / "tally" / "committee.yaml"),
            str(EX / "tally" / "committee.csv"),
        ],
        ["check", "delegates", str(EX / "delegates.xlsx"), "-e", str(EX / "election.yaml")],
        ["plan", str(EX / "election.yaml")],
    ],
    ids=["tally", "check", "plan"],
)
def test_a_gbk_console_gets_what_it_can_print(args: list[str]) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "gbk", "COLUMNS": "120", "ELECTKIT_LANG": "zh"}
    done = subprocess.run(
        [sys.executable, "-m", "electkit", *args], capture_output=True, env=env, cwd=ROOT
    )
    assert done.returncode in (0, 1), done.stderr.decode("gbk", "replace")
    text = done.stdout.decode("gbk")  # every byte is GBK
    assert "√" in text or "×" in text or "名额" in text
    assert "\\u" not in text  # chosen symbols, not the safety net's escapes
