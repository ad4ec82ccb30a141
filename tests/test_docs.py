"""docs/cli.md has a section for every command, and the tally JSON fields it documents are real."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from electkit.cli.main import app

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def commands(group: typer.Typer, prefix: str = "electkit") -> list[str]:
    found = [f"{prefix} {c.name}" for c in group.registered_commands]
    for sub in group.registered_groups:
        assert sub.typer_instance is not None
        found += commands(sub.typer_instance, f"{prefix} {sub.name}")
    return found


def test_every_command_has_a_section() -> None:
    headings = set(re.findall(r"^## `([^`]+)`", DOC.read_text(encoding="utf-8"), re.M))
    missing = [c for c in commands(app) if c not in headings]
    assert not missing
    assert "electkit tally count" in headings


def test_documented_json_fields_are_the_issue_fields() -> None:
    from tests.cli.test_tally_cli import JSON_FIELDS

    text = DOC.read_text(encoding="utf-8").split("### JSON", 1)[1].split("###", 1)[0]
    documented = re.findall(r"^\| ((?:`\w+`(?:, )?)+) \|", text, re.M)
    fields = [f for row in documented for f in re.findall(r"`(\w+)`", row)]
    assert fields == JSON_FIELDS
