"""Helpers for the county tests: copies of the example county and a one-township workspace."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from electkit.cli.main import app
from tests.helpers import ROOT

COUNTY = ROOT / "examples" / "county"
RULES = "县级规则.yaml"  # the example county's own rule set (county.yaml's rules:)
runner = CliRunner()


def copy_county(target: Path) -> Path:
    """A copy of the example county (the tests change it, never the example)."""
    shutil.copytree(COUNTY, target)
    return target


def one_township(target: Path, name: str = "青山乡") -> Path:
    """A workspace holding one township of the example county (its county.yaml row only)."""
    target.mkdir(parents=True)
    lines = (COUNTY / "county.yaml").read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith("  - ") or f"name: {name}," in line]
    (target / "county.yaml").write_text("\n".join(kept) + "\n", encoding="utf-8")
    shutil.copy(COUNTY / RULES, target / RULES)
    shutil.copytree(COUNTY / name, target / name)
    return target


def run(*args: str, code: int | None = 0) -> Any:
    """Run a command in-process; its result (exit code checked unless ``code`` is None)."""
    result = runner.invoke(app, [*args])
    if code is not None:
        assert result.exit_code == code, (result.stdout, result.stderr)
    return result


def run_json(*args: str, code: int = 0) -> Any:
    """The JSON a command prints."""
    return json.loads(run(*args, "-f", "json", "--lang", "zh", code=code).stdout)
