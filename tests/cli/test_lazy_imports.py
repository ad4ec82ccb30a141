"""Start-up stays fast: help imports none of the heavy modules nor the counting code."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("openpyxl", "python_calamine", "tabulate", "jinja2", "weasyprint", "sqlite3")
COUNTING = (
    "electkit.core.tally",
    "electkit.io.ballots",
    "electkit.render.tally_view",
    "electkit.core.book",
    "electkit.io.book",
    "electkit.cli.book_entry",
)

PROBE = """
import json, sys
from electkit.cli.main import app
sys.argv = ["electkit", *sys.argv[1:]]
try:
    app()
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""


@pytest.mark.parametrize(
    "args",
    [["--help"], ["tally", "count", "--help"], ["book", "--help"], ["book", "enter", "--help"]],
)
def test_help_imports_nothing_heavy(args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    assert not loaded & {*HEAVY, *COUNTING}
