"""A few hundred mutated example files through the commands that read them (seeded).

Rosters (CSV and .xlsx), slates, ballot files, contest files, election files and unit lists
from examples/qingshan are mutated (tests/fuzz/mutate.py) and run through ``check delegates``,
``check slate``, ``tally count``, ``book import``, ``plan`` and ``allocate`` in a worker process
(tests/fuzz/worker.py). The suite fails on any exit other than the documented ones (0, 1, 2,
3), on any exception escaping a command, on a run over 30 s and on a process over 1 GiB. The
counting-book bundles do not exist yet and are not fuzzed.

``ELECTKIT_FUZZ_RUNS`` (default 300) and ``ELECTKIT_FUZZ_SEED`` make a longer or different run;
a failure names its case and keeps its input file under the test's temporary folder.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

from tests.book_helpers import ROOT, book, runner
from tests.fuzz.mutate import TEXT, XLSX, YAML, mutate

RUNS = int(os.environ.get("ELECTKIT_FUZZ_RUNS", "300"))
SEED = int(os.environ.get("ELECTKIT_FUZZ_SEED", "20261205"))
EX = ROOT / "examples" / "qingshan"
ELECTION = str(EX / "election.yaml")
CONTEST = str(EX / "tally" / "committee.yaml")
BALLOTS = str(EX / "tally" / "committee.csv")

# (source file, mutations, how the mutated file is run: {file} and {book} filled in)
TARGETS = [
    (EX / "delegates.csv", TEXT, ["check", "delegates", "{file}", "-e", ELECTION, "-f", "json"]),
    (EX / "delegates.xlsx", XLSX, ["check", "delegates", "{file}", "-e", ELECTION, "-f", "json"]),
    (EX / "committee.xlsx", XLSX, ["check", "slate", "{file}", "-c", "committee", "-e", ELECTION]),
    (
        EX / "discipline.csv",
        TEXT,
        ["check", "slate", "{file}", "-c", "discipline", "--seats", "5", "-e", ELECTION],
    ),
    (EX / "tally" / "committee.csv", TEXT, ["tally", "count", CONTEST, "{file}", "-f", "json"]),
    (EX / "tally" / "committee.csv", TEXT, ["book", "import", "{book}", "{file}", "--clerk", "甲"]),
    (EX / "tally" / "committee.yaml", YAML, ["tally", "count", "{file}", BALLOTS]),
    (EX / "election.yaml", YAML, ["plan", "{file}", "-f", "json"]),
    (EX / "election.yaml", YAML, ["check", "delegates", str(EX / "delegates.csv"), "-e", "{file}"]),
    (EX / "units.csv", TEXT, ["allocate", "{file}", "--seats", "150"]),
]


def test_mutated_example_files_never_crash_electkit(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    empty = tmp_path / "empty.book"
    assert book(runner(), "open", str(empty), CONTEST)[0] == 0
    cases = []
    for index in range(RUNS):
        source, kinds, template = TARGETS[index % len(TARGETS)]
        data, done = mutate(source.read_bytes(), kinds, rng)
        name = f"{index:04d}-{source.stem}-{'+'.join(done) or 'none'}{source.suffix}"
        path = tmp_path / name
        path.write_bytes(data)
        copy = tmp_path / f"{index:04d}.book"
        if "{book}" in template:
            shutil.copy(empty, copy)
        args = [a.replace("{file}", str(path)).replace("{book}", str(copy)) for a in template]
        cases.append({"name": name, "args": args})
    listing = tmp_path / "cases.json"
    listing.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    progress = tmp_path / "progress.txt"
    done = subprocess.run(
        [sys.executable, "-m", "tests.fuzz.worker", str(listing), str(progress)],
        capture_output=True,
        cwd=ROOT,
        timeout=30 * 60,
    )
    if done.returncode != 0:  # the worker died: the case it was on did it
        last = progress.read_text(encoding="utf-8") if progress.exists() else "?"
        raise AssertionError(
            f"the fuzz worker died (exit {done.returncode}) on {last}:\n"
            + done.stderr.decode("utf-8", "replace")[-2000:]
        )
    failures = json.loads(done.stdout)
    assert failures == [], json.dumps(failures, ensure_ascii=False, indent=1)
    print(f"fuzz: {len(cases)} mutated inputs, seed {SEED}, no failure")
