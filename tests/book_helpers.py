"""Helpers for counting-book tests: open books on the example contests, run commands, read SQL."""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from pathlib import Path

from typer.testing import CliRunner

from electkit.cli.main import app

ROOT = Path(__file__).resolve().parent.parent
TALLY = ROOT / "examples" / "qingshan" / "tally"
CONTESTS = [TALLY / "committee.yaml", TALLY / "discipline.yaml", TALLY / "county_delegates.yaml"]
ELECTKIT = [sys.executable, "-m", "electkit"]


def runner() -> CliRunner:
    """A runner with a wide terminal, no colour, the language given per command."""
    return CliRunner(env={"COLUMNS": "160", "NO_COLOR": "1", "ELECTKIT_LANG": "en"})


def book(runner: CliRunner, *args: str, input: str | None = None) -> tuple[int, str, str]:
    """Run ``electkit book …``; (exit code, stdout, stderr)."""
    result = runner.invoke(app, ["book", *args], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def open_book(runner: CliRunner, path: Path, *contests: Path) -> Path:
    """A new book on the example contests (all three unless told)."""
    code, _, err = book(runner, "open", str(path), *map(str, contests or CONTESTS))
    assert code == 0, err
    return path


def digest(path: Path) -> str:
    """SHA-256 of a file's bytes (the book file must be unchanged after a refused command)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    """Rows of a query on a book, read with Python's sqlite3."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def with_mark_changed(source: Path, target: Path, ballot: str, column: int, mark: str) -> Path:
    """A copy of a ballot CSV in which one ballot's mark in one candidate column is replaced."""
    lines = source.read_bytes().decode("utf-8-sig").splitlines()
    out = []
    for line in lines:
        cells = line.split(",")
        if cells[0] == ballot:
            cells[column] = mark
        out.append(",".join(cells))
    target.write_text("\n".join(out) + "\n", encoding="utf-8")
    return target
