"""The composition table and the findings agree (issue 10): a row marked ✗ has a finding of its
rule, and a list-level finding of a rule with rows has a row marked ✗ (or
undecided) beside it — never a ✓ row next to a finding that says the list is wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from electkit.cli.main import app
from tests.helpers import ROOT

runner = CliRunner()
Q = ROOT / "examples" / "qingshan"
L = ROOT / "examples" / "linxi"

CASES = [
    ["check", "delegates", str(Q / "delegates.csv"), "-e", str(Q / "election.yaml")],
    [
        "check",
        "slate",
        str(Q / "committee.xlsx"),
        "-c",
        "committee",
        "-e",
        str(Q / "election.yaml"),
    ],
    [
        "check",
        "slate",
        str(Q / "discipline.csv"),
        "-c",
        "discipline",
        "-e",
        str(Q / "election.yaml"),
    ],
    ["check", "delegates", str(L / "delegates-on.csv"), "-e", str(L / "election.yaml")],
    ["check", "delegates", str(L / "delegates-past.csv"), "-e", str(L / "election.yaml")],
    [
        "check",
        "slate",
        str(L / "committee-on.csv"),
        "-c",
        "committee",
        "-e",
        str(L / "election.yaml"),
    ],
    [
        "check",
        "slate",
        str(L / "committee-past.csv"),
        "-c",
        "committee",
        "-e",
        str(L / "election.yaml"),
    ],
]


@pytest.mark.parametrize("args", CASES, ids=lambda a: Path(a[2]).name + ":" + a[1])
def test_rows_and_findings_agree(args: list[str]) -> None:
    result = runner.invoke(app, [*args, "-f", "json", "--lang", "zh"])
    assert result.exit_code in (0, 1), result.stderr
    data = json.loads(result.stdout)
    rows = data["composition"]
    findings = data["findings"]
    for row in rows:
        if row["ok"] is False:
            assert any(f["rule"] == row["rule"] for f in findings), row
    for finding in findings:
        mine = [r for r in rows if r["rule"] == finding["rule"]]
        if mine and finding["measured"] and not finding["subjects"] and not finding["rows"]:
            assert any(r["ok"] is not True for r in mine), (finding, mine)
