"""Help everywhere: `-h` as `--help`, click's words in the chosen language, choice errors that
name the valid choices and the closest one."""

from __future__ import annotations

from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from electkit.cli.main import app
from tests.cli.test_check_cli import _leaf_commands
from tests.helpers import EXAMPLES

runner = CliRunner()
GROUPS = [[], ["check"], ["rules"], ["report"], ["tally"], ["book"]]
COMMANDS = list(_leaf_commands(typer.main.get_command(app), []))


@pytest.mark.parametrize("path", GROUPS + COMMANDS, ids=lambda p: " ".join(p) or "electkit")
def test_dash_h_is_help_everywhere_in_both_languages(path: list[str]) -> None:
    english = runner.invoke(app, [*path, "-h"], env={"ELECTKIT_LANG": "en"})
    assert english.exit_code == 0, english.stderr
    assert (
        english.stdout == runner.invoke(app, [*path, "--help"], env={"ELECTKIT_LANG": "en"}).stdout
    )
    assert (
        english.stdout.startswith("Usage: electkit")
        and "Show this message and exit." in english.stdout
    )
    chinese = runner.invoke(app, [*path, "-h"], env={"ELECTKIT_LANG": "zh"})
    assert chinese.exit_code == 0 and chinese.stdout.startswith("用法：electkit")
    assert "显示本帮助并退出。" in chinese.stdout
    for english_word in (
        "Usage:",
        "Options:",
        "Arguments:",
        "Commands:",
        "Show this message",
        "[required]",
        "[default:",
    ):
        assert english_word not in chinese.stdout, (path, english_word)


def test_lang_on_the_command_line_decides_the_help() -> None:
    args = ["tally", "count", "-h"]
    zh = runner.invoke(app, [*args, "--lang", "zh"], env={"ELECTKIT_LANG": "en"}).stdout
    en = runner.invoke(app, [*args, "--lang", "en"], env={"ELECTKIT_LANG": "zh"}).stdout
    assert "参数：" in zh and "[必填]" in zh and "[默认：table]" in zh
    assert "Arguments:" in en and "[required]" in en and "[default: table]" in en


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (
            ["template", "delegate"],
            "错误：KIND 的取值“delegate”无效，应为以下之一：delegates、candidates、units、ballots、county。是否想用 delegates？",
            "Error: Invalid value for 'KIND': 'delegate' is not one of delegates, candidates, units, ballots, county. Did you mean 'delegates'?",
        ),
        (
            ["check", "delegates", str(EXAMPLES / "delegates.csv"), "-e", "x.yaml", "-f", "tabel"],
            "。是否想用 table？",
            "is not one of table, json, markdown, plain. Did you mean 'table'?",
        ),
        (
            ["report", "audit", "x.yaml", "-d", "x.csv", "-o", "x.pdf", "-f", "PDF"],
            "应为以下之一：html、pdf、markdown、csv、json。是否想用 pdf？",
            "is not one of html, pdf, markdown, csv, json. Did you mean 'pdf'?",
        ),
    ],
)
def test_choice_errors_name_the_choices_and_the_closest(args: list[str], zh: str, en: str) -> None:
    chinese = runner.invoke(app, [*args, "--lang", "zh"])
    english = runner.invoke(app, [*args, "--lang", "en"])
    assert chinese.exit_code == english.exit_code == 2
    assert zh in chinese.stderr and en in english.stderr, english.stderr
    assert "Value error" not in english.stderr
    far = runner.invoke(app, [*args[:-1], "xml", "--lang", "en"]).stderr
    assert "is not one of" in far and "Did you mean" not in far


def test_report_audit_contest_help_names_every_contest_it_accepts() -> None:
    from electkit.cli.report import SLATE_CONTESTS

    report: Any = typer.main.get_command(app).commands["report"]  # type: ignore[attr-defined]
    audit = report.commands["audit"]
    (option,) = [p for p in audit.params if p.name == "contest"]
    zh, en = option.help.split(" / ")
    for name in SLATE_CONTESTS:
        assert name in zh and name in en, name
    assert "higher[:名额]" in zh and "higher[:seats]" in en
