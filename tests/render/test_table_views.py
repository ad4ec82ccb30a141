"""No terminal table may hide a finding's substance: cells wrap, they are never cut with "…"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from electkit.cli.main import app
from tests.book_helpers import open_book
from tests.helpers import EXAMPLES

CHECK = [
    "check",
    "delegates",
    str(EXAMPLES / "delegates.xlsx"),
    "-e",
    str(EXAMPLES / "election.yaml"),
]


def cells(output: str) -> list[list[str]]:
    """The rows of a rich box table, each cell's wrapped lines joined (a row's lines follow
    one another until the next line whose first cell is filled)."""
    rows: list[list[str]] = []
    for line in output.splitlines():
        if not line or line[0] not in "│┃":
            continue
        parts = [p.strip() for p in line.replace("┃", "│").split("│")[1:-1]]
        if parts[0] or not rows:
            rows.append(parts)
        else:
            rows[-1] = [a + b for a, b in zip(rows[-1], parts, strict=True)]
    return rows


def run(columns: int, *args: str) -> list[list[str]]:
    runner = CliRunner(env={"COLUMNS": str(columns), "NO_COLOR": "1", "ELECTKIT_LANG": "zh"})
    result = runner.invoke(app, list(args))
    assert result.exit_code in (0, 1), result.stderr
    return cells(result.stdout)


@pytest.mark.parametrize("columns", [80, 120])
def test_rules_lint_shows_the_whole_finding(columns: int) -> None:
    rows = run(columns, "rules", "lint", "zhaotong-2006")
    extra = next(row for row in rows if row[0] == "CS-EXTRA")
    assert extra[3] == "应选7名时差额1名(14.29%)，低于全国下限：应至少差额2名"
    assert extra[5].startswith("“委员候选人的差额为应选人数的百分之二十。”") and extra[5].endswith(
        "）"
    )
    assert not [cell for row in rows for cell in row if cell.endswith("…")]


def test_book_status_shows_whole_contest_names(tmp_path: Path) -> None:
    path = open_book(CliRunner(), tmp_path / "q.book")
    rows = run(80, "book", "status", str(path))
    assert [row[0] for row in rows[1:] if row[0]] == ["委员", "纪委委员", "出席县党代会代表"]


def test_a_narrow_check_delegates_table_keeps_every_message() -> None:
    result = CliRunner().invoke(app, [*CHECK, "-f", "json", "--lang", "zh"])
    messages = [f["message"] for f in json.loads(result.stdout)["findings"]]
    shown = "".join(row[-1] for row in run(60, *CHECK)).replace(" ", "")
    for message in messages:  # wrapped at a space, the space is the line's end
        assert message.replace(" ", "") in shown, message
