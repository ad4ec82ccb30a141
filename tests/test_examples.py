"""The example files are exactly what scripts/make_examples.py writes (no hand edits drift in)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from tests.helpers import EXAMPLES, ROOT


def test_examples_match_their_generator(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "make_examples", ROOT / "scripts" / "make_examples.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == [
        "committee.xlsx",
        "delegates.csv",
        "delegates.xlsx",
        "discipline.csv",
        "election.yaml",
        "units.csv",
    ]
    for name in written:
        assert (tmp_path / name).read_bytes() == (EXAMPLES / name).read_bytes(), name


def test_the_example_county_matches_its_generator(tmp_path: Path) -> None:
    """Every file of examples/county, counting books included, is what the generator writes."""
    spec = importlib.util.spec_from_file_location(
        "make_examples", ROOT / "scripts" / "make_examples.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main_county(tmp_path / "county")
    county = ROOT / "examples" / "county"
    written = sorted(p.relative_to(tmp_path / "county") for p in (tmp_path / "county").rglob("*"))
    assert written == sorted(p.relative_to(county) for p in county.rglob("*"))
    from electkit.app.book_state import read_book

    for name in written:
        made, shipped = tmp_path / "county" / name, county / name
        if not shipped.is_file():
            continue
        if name.suffix == ".book":  # SQLite's pages may differ between its versions: the entries
            ours, theirs = read_book(made), read_book(shipped)  # and their chained hashes may not
            assert ours.intact and theirs.intact and ours.head == theirs.head, name
        else:
            assert made.read_bytes() == shipped.read_bytes(), name


def test_the_second_tellers_file_is_the_scripts_output(tmp_path: Path) -> None:
    """committee-teller2.csv (李强's file in the README) is committee.csv with 017 mistyped."""
    import subprocess
    import sys

    out = tmp_path / "teller2.csv"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "second_teller.py"),
            str(EXAMPLES / "tally" / "committee.csv"),
            str(out),
            "--ballot",
            "017",
        ],
        check=True,
        capture_output=True,
    )
    assert out.read_bytes() == (EXAMPLES / "tally" / "committee-teller2.csv").read_bytes()


def test_the_county_example_matches_its_generator(tmp_path: Path) -> None:
    """examples/linxi: the township and its lists on and one past each threshold."""
    spec = importlib.util.spec_from_file_location("make_linxi", ROOT / "scripts" / "make_linxi.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    linxi = ROOT / "examples" / "linxi"
    for path in tmp_path.iterdir():
        assert path.read_bytes() == (linxi / path.name).read_bytes(), path.name


def test_the_county_lists_sit_on_and_one_past_each_threshold() -> None:
    """Every rule of linxi-2026 that reads a list passes on the -on lists and fails on -past."""
    import json

    from typer.testing import CliRunner

    from electkit.cli.main import app

    linxi = ROOT / "examples" / "linxi"
    runner = CliRunner()

    def failed(kind: str, name: str, *extra: str) -> set[str]:
        result = runner.invoke(
            app,
            [
                "check",
                kind,
                str(linxi / name),
                "-e",
                str(linxi / "election.yaml"),
                *extra,
                "-f",
                "json",
            ],
        )
        data = json.loads(result.stdout)
        return {f["rule"] for f in data["findings"] if f["severity"] != "info"}

    assert failed("delegates", "delegates-on.csv") == set()
    assert failed("delegates", "delegates-past.csv") == {
        "DL-CADRES",
        "DL-FRONTLINE",
        "DL-WOMEN",
        "DL-AGE45",
        "EL-RECENT",
        "EL-CRIME",
        "EL-GANG",
        "EL-APPRAISAL",
        "EL-INVEST",
    }
    assert failed("slate", "committee-on.csv", "-c", "committee") == set()
    assert failed("slate", "committee-past.csv", "-c", "committee") == {
        "CS-EXTRA",
        "CS-DSECDEPUTY",
        "CS-YOUNG",
        "CS-WOMAN",
        "CS-HEADRANK",
    }
