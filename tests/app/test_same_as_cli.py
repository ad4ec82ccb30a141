"""Each job run on the example township through the CLI (``-f json``) and through its app
function rendered with the same JSON renderer gives the same JSON: the CLI adds nothing."""

from __future__ import annotations

import json
from pathlib import Path
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


TALLY = EXAMPLES / "tally"
CONTESTS = ("committee", "discipline", "county_delegates")


@pytest.mark.parametrize("contest", CONTESTS)
@pytest.mark.parametrize("explain", [False, True])
def test_tally_count(contest: str, explain: bool) -> None:
    from electkit.app.tally import count_files
    from electkit.render.tally_view import to_json

    files = (TALLY / f"{contest}.yaml", TALLY / f"{contest}.csv")
    shown = cli_json("tally", "count", *map(str, files), *(["--explain"] if explain else []))
    counted = count_files(*files, explain=explain)
    assert ("ballots" in shown) is explain
    assert json.loads(to_json(counted, "zh")) == shown


def book_with_both_clerks(path: Path) -> Path:
    """A counting book on the three example contests, each entered by two agreeing clerks."""
    opened = runner.invoke(
        app, ["book", "open", str(path), *(str(TALLY / f"{c}.yaml") for c in CONTESTS)]
    )
    assert opened.exit_code == 0, opened.stderr
    for contest in CONTESTS:
        for clerk in ("张丽", "李强"):
            args = ["book", "import", str(path), str(TALLY / f"{contest}.csv"), "--clerk", clerk]
            done = runner.invoke(app, [*args, "--contest", contest_id(contest)])
            assert done.exit_code == 0, done.stderr
    return path


def contest_id(contest: str) -> str:
    """The id a contest file gives its contest (what ``--contest`` takes)."""
    from electkit.io.contest import load_contest

    return load_contest(TALLY / f"{contest}.yaml")[0].contest


@pytest.mark.parametrize("unofficial", [False, True])
def test_book_count(tmp_path: Path, unofficial: bool) -> None:
    from electkit.app.tally import count_from_book
    from electkit.render.book_view import count_json

    book = book_with_both_clerks(tmp_path / "q.book")
    for contest in map(contest_id, CONTESTS):
        flags = ["--unofficial"] if unofficial else []
        shown = cli_json("book", "count", str(book), "--contest", contest, *flags)
        # an official count of the same state is recorded once: the app finds the CLI's entry
        counted = count_from_book(book, contest, unofficial=unofficial)
        assert counted.official is not unofficial
        assert counted.view.ruleset is not None  # the packaged set the book names, unchanged
        data = count_json(counted.view, counted.official, counted.head, "zh")
        assert json.loads(data) == shown


def report_json(tmp_path: Path, *args: str, code: int = 0) -> Any:
    """The JSON a report command writes to its ``-o`` file."""
    out = tmp_path / "report.json"
    result = runner.invoke(app, [*args, "-o", str(out), "--lang", "zh"])
    assert result.exit_code == code, result.stderr
    assert result.stdout == f"{out}\n"
    return json.loads(out.read_text(encoding="utf-8"))


AUDIT_SLATES: list[tuple[str, str, Any]] = [
    ("committee.xlsx", "committee", {}),
    ("discipline.csv", "discipline:5", {"seats": 5}),
    ("delegates.csv", "delegates:乡机关党总支", {"unit": "乡机关党总支"}),
]


@pytest.mark.parametrize("count", [0, 2, 3])
def test_report_audit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int) -> None:
    from electkit.app.check import check_delegate_list, check_slate_file
    from electkit.app.report import SlateSpec, audit_township
    from electkit.render.audit import audit_json, township_context

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1142812800")  # the report's time, on both paths
    chosen = AUDIT_SLATES[:count]
    flags = [f for s, c, _ in chosen for f in ("--slate", str(EXAMPLES / s), "--contest", c)]
    delegates = EXAMPLES / "delegates.xlsx"
    shown = report_json(tmp_path, "report", "audit", str(ELECTION), "-d", str(delegates), *flags)
    election = load_election(ELECTION)
    specs = [SlateSpec(EXAMPLES / s, c.partition(":")[0], **o) for s, c, o in chosen]
    audited = audit_township(election, delegates, specs)
    assert json.loads(audit_json(township_context(audited, "zh", False))) == shown
    # the audit's checks are check delegates' and check slate's, finding for finding
    alone = check_delegate_list(delegates, election).report
    assert audited.delegates.report.findings == alone.findings
    for spec, section in zip(specs, audited.slates, strict=True):
        slate = check_slate_file(
            spec.path, spec.contest, election, seats=spec.seats, unit=spec.unit
        )
        assert section.report == slate.report


@pytest.mark.parametrize("contest", CONTESTS)
@pytest.mark.parametrize("official", [False, True])
def test_report_result_from_files(tmp_path: Path, contest: str, official: bool) -> None:
    from electkit.app.report import result_from_files
    from electkit.render.result_report import result_context, result_json

    files = (TALLY / f"{contest}.yaml", TALLY / f"{contest}.csv")
    flags = ["--official"] if official else []
    shown = report_json(tmp_path, "report", "result", *map(str, files), *flags)
    counted = result_from_files(*files, official=official)
    context = result_context(counted.view, "zh", official=counted.official, book_head=None)
    assert json.loads(result_json(counted.view, context, "zh")) == shown
    assert counted.inputs[0][0] == str(files[0])


def test_report_result_from_book(tmp_path: Path) -> None:
    from electkit.app.report import result_from_book
    from electkit.render.result_report import result_context, result_json

    book = book_with_both_clerks(tmp_path / "q.book")
    for contest in map(contest_id, CONTESTS):
        shown = report_json(tmp_path, "report", "result", "--book", str(book), "-c", contest)
        counted = result_from_book(book, contest)
        assert counted.official and counted.head == shown["book_head"]
        context = result_context(counted.view, "zh", official=True, book_head=counted.head)
        assert json.loads(result_json(counted.view, context, "zh")) == shown
