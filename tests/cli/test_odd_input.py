"""Odd input that used to end in an internal error (exit 70) or a silent exit 0."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from electkit.cli.main import app
from tests.book_helpers import book, runner
from tests.helpers import EXAMPLES

HUGE = "1" * 5000  # int() refuses more than 4,300 digits with a ValueError
CONTEST = "contest: 委员\nseats: 2\nentitled: 3\npresent: 3\ncandidates: [甲, 乙, 丙]\n"


def test_a_ballot_number_of_5000_digits_is_a_ballot_number(tmp_path: Path) -> None:
    contest = tmp_path / "c.yaml"
    contest.write_text(CONTEST, encoding="utf-8")
    ballots = tmp_path / "b.csv"
    ballots.write_text(f"选票编号,甲,乙,丙\n{HUGE},○,,\n0{HUGE},,○,\n2,○,,\n", encoding="utf-8")
    result = runner().invoke(app, ["tally", "count", str(contest), str(ballots), "--lang", "en"])
    assert result.exit_code == 2 and "is used twice" in result.stderr  # 0111… is 111…
    ballots.write_text(f"选票编号,甲,乙,丙\n{HUGE},○,,\n2,○,,\n", encoding="utf-8")
    assert runner().invoke(app, ["tally", "count", str(contest), str(ballots)]).exit_code == 0
    run = runner()
    path = tmp_path / "b.book"
    assert book(run, "open", str(path), str(contest))[0] == 0
    assert book(run, "import", str(path), str(ballots), "--clerk", "甲")[0] == 0
    for command in (
        ["verify"],
        ["status"],
        ["export", "--clerk", "甲", "-o", str(tmp_path / "x.csv")],
    ):
        assert book(run, command[0], str(path), *command[1:])[0] == 0
    code, _, err = book(run, "returned", str(path), HUGE, "--lang", "en")
    assert code == 2 and "Traceback" not in err


def test_a_member_count_of_5000_digits_is_refused_by_name(tmp_path: Path) -> None:
    units = tmp_path / "units.csv"
    units.write_text(f"选举单位,党员数\n一支部,{HUGE}\n二支部,30\n", encoding="utf-8")
    result = runner().invoke(app, ["allocate", str(units), "--seats", "10", "--lang", "en"])
    assert (
        result.exit_code == 2 and "units.csv" in result.stderr and "whole number" in result.stderr
    )


@pytest.mark.parametrize("rows", ["100000", "-3", "101"])
def test_template_write_in_rows_out_of_range_is_a_usage_error(tmp_path: Path, rows: str) -> None:
    contest = tmp_path / "c.yaml"
    contest.write_text(CONTEST, encoding="utf-8")
    out = tmp_path / "t.xlsx"
    args = [
        "template",
        "ballots",
        "--contest",
        str(contest),
        "-o",
        str(out),
        "--write-in-rows",
        rows,
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2 and "--write-in-rows" in result.output and not out.exists()


def test_check_slate_with_a_unit_no_candidate_belongs_to_is_exit_2(tmp_path: Path) -> None:
    slate = tmp_path / "s.csv"
    slate.write_text(
        "姓名,性别,出生年月,选举单位\n张三,男,1980.01,一支部\n李四,女,1982.02,二支部\n",
        encoding="utf-8",
    )
    args = ["check", "slate", str(slate), "-c", "delegates", "-e", str(EXAMPLES / "election.yaml")]
    result = runner().invoke(app, [*args, "--unit", "三支部", "--seats", "1", "--lang", "en"])
    assert (
        result.exit_code == 2 and "'三支部'" in result.stderr and "一支部, 二支部" in result.stderr
    )


def test_ballot_into_a_yaml_file_names_the_formats_it_has(tmp_path: Path) -> None:
    out = tmp_path / "c.yaml"
    result = runner().invoke(
        app, ["ballot", str(EXAMPLES / "tally" / "committee.yaml"), "-o", str(out), "--lang", "en"]
    )
    assert result.exit_code == 2 and ".html or .pdf" in result.stderr
    assert "--format" not in result.stderr and not out.exists()
