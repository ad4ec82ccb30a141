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
