"""docs/book.md is tested against the code: the schema, the stand-alone chain check, the JSON."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from electkit.io.book import DDL
from tests.book_helpers import ROOT, book, open_book, runner

DOC = (ROOT / "docs" / "book.md").read_text(encoding="utf-8")


def fenced(language: str, after: str) -> str:
    """The first fenced block of a language after a heading."""
    section = DOC.split(after, 1)[1]
    return re.findall(rf"```{language}\n(.*?)```", section, flags=re.S)[0]


def test_the_documented_schema_is_the_schema() -> None:
    documented = [line.rstrip(";") for line in fenced("sql", "## The file").splitlines()]
    assert documented == list(DDL)


def test_the_documented_chain_check_gives_the_head_verify_prints(tmp_path: Path) -> None:
    run = runner()
    path = open_book(run, tmp_path / "b.book")
    committee = ROOT / "examples" / "qingshan" / "tally" / "committee.csv"
    book(run, "import", str(path), str(committee), "-c", "委员", "--clerk", "甲")
    script = tmp_path / "check.py"
    script.write_text(fenced("python", "## The hash chain"), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), str(path)], capture_output=True, text=True, check=True
    )
    head = json.loads(book(run, "verify", str(path), "-f", "json")[1])["head"]
    assert done.stdout.strip() == head


def test_the_documented_verify_json_fields_are_the_fields(tmp_path: Path) -> None:
    run = runner()
    path = open_book(run, tmp_path / "b.book")
    data = json.loads(book(run, "verify", str(path), "-f", "json")[1])
    documented = re.findall(r'"(\w+)"', DOC.split("`book verify --format json` gives", 1)[1])[:11]
    assert documented == list(data)
