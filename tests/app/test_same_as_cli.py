"""Each job run on the example township through the CLI (``-f json``) and through its app
function rendered with the same JSON renderer gives the same JSON: the CLI adds nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from electkit.app.election import load_election
from electkit.cli.main import app
from tests.helpers import EXAMPLES

runner = CliRunner()
ELECTION = EXAMPLES / "election.yaml"


def cli_json(*args: str, code: int = 0) -> Any:
    """The JSON a command prints on stdout (its exit code checked)."""
    result = runner.invoke(app, [*args, "-f", "json", "--lang", "zh"])
    assert result.exit_code == code, result.stderr
    return json.loads(result.stdout)


def test_check_delegates() -> None:
    from electkit.app.check import check_delegate_list
    from electkit.render.check_report import to_json

    for roster in ("delegates.xlsx", "delegates.csv"):
        path = EXAMPLES / roster
        shown = cli_json("check", "delegates", str(path), "-e", str(ELECTION), code=1)
        checked = check_delegate_list(path, load_election(ELECTION))
        assert checked.report.errors == 3
        assert (
            json.loads(to_json(checked.report, checked.info, "zh", checked.rules_sha256)) == shown
        )


SLATES: list[tuple[str, str, dict[str, Any], list[str]]] = [
    ("committee.xlsx", "committee", {}, []),
    ("discipline.csv", "discipline", {"seats": 5}, ["--seats", "5"]),
    (
        "committee.xlsx",
        "committee",
        {"roster": EXAMPLES / "delegates.xlsx"},
        ["--roster", str(EXAMPLES / "delegates.xlsx")],
    ),
    (
        "delegates.csv",
        "delegates",
        {"unit": "乡机关党总支", "seats": 3},
        ["--unit", "乡机关党总支", "--seats", "3"],
    ),
]


@pytest.mark.parametrize(("slate", "contest", "options", "flags"), SLATES)
def test_check_slate(slate: str, contest: Any, options: dict[str, Any], flags: list[str]) -> None:
    from electkit.app.check import check_slate_file
    from electkit.render.check_report import to_json

    path = EXAMPLES / slate
    checked = check_slate_file(path, contest, load_election(ELECTION), **options)
    code = 1 if checked.report.errors else 0
    shown = cli_json(
        "check", "slate", str(path), "--contest", contest, "-e", str(ELECTION), *flags, code=code
    )
    assert json.loads(to_json(checked.report, checked.info, "zh", checked.rules_sha256)) == shown


@pytest.mark.parametrize("rules", [None, "zhaotong-2006"])
def test_plan(rules: str | None) -> None:
    from electkit.app.election import load_rules
    from electkit.app.plan import plan_election
    from electkit.render import plan_view

    shown = cli_json("plan", str(ELECTION), *(["--rules", rules] if rules else []))
    # the rule set named, or one already loaded (as a county passes it to each township)
    for given in (rules, load_rules(rules) if rules else None):
        planned = plan_election(load_election(ELECTION, given))
        assert json.loads(plan_view.to_json(plan_view.plan_dict(planned, "zh"))) == shown


@pytest.mark.parametrize("method", ["largest-remainder", "dhondt", "sainte-lague"])
def test_allocate(method: Any) -> None:
    from electkit.app.plan import allocate_seats
    from electkit.render import plan_view

    units = EXAMPLES / "units.csv"
    shown = cli_json("allocate", str(units), "--seats", "150", "--method", method)
    shared = allocate_seats(units, 150, method)
    assert json.loads(plan_view.to_json(plan_view.allocation_dict(shared, "zh"))) == shown
