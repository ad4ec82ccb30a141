"""Start-up stays fast: importing the CLI loads no heavy module (style.md habit 5)."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("openpyxl", "python_calamine", "tabulate", "jinja2", "weasyprint", "sqlite3", "hypothesis")


def test_help_imports_no_heavy_module() -> None:
    code = (
        "import sys, json\n"
        "from electkit.cli.main import app\n"
        "import typer.main\n"
        "try:\n"
        "    app(['--help'], standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    modules = json.loads(result.stdout.strip().splitlines()[-1])
    loaded = [m for m in modules if m.split(".")[0] in HEAVY]
    assert loaded == []
    # the core is not needed to print help either
    assert not [m for m in modules if m.startswith(("electkit.core", "electkit.io", "yaml"))]


def test_version_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "electkit", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("electkit ")
