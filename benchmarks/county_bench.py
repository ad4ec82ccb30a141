"""Time ``electkit county check`` and ``county report`` on generated counties (not part of the tests).

    .venv/bin/python benchmarks/county_bench.py                      # 10, 30 and 100 townships
    .venv/bin/python benchmarks/county_bench.py --townships 30 --runs 5

Each township has 300 delegates (.xlsx), a committee slate (11 for 9) and a discipline slate (6
for 5) (.xlsx), and a counting book in which two tellers entered three contests of 300 ballots
(委员, 纪委委员, 出席县党代会代表) and the counts were made official. One township is generated
(once, by scripts/make_county_example.py) and copied under other names; each copy's
election.yaml names its own township. The installed command runs as a subprocess (start-up
included); a helper process reports its wall time and its peak RSS
(``resource.getrusage(RUSAGE_CHILDREN)``), so each measurement has its own peak.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "county"
ELECTKIT = str(Path(sys.executable).parent / "electkit")


def template() -> Path:
    """One township of 300 delegates with three officially counted contests (made once)."""
    folder = DATA / "template" / "样板乡"
    if (folder / "计票簿.book").exists():
        return folder
    shutil.rmtree(DATA / "template", ignore_errors=True)
    spec = importlib.util.spec_from_file_location(
        "make_county_example", ROOT / "scripts" / "make_county_example.py"
    )
    assert spec and spec.loader
    module = sys.modules.setdefault(spec.name, importlib.util.module_from_spec(spec))
    spec.loader.exec_module(module)
    from electkit.core.strokes import sorted_by_strokes

    township = module.Township(
        "样板乡",
        module.dt.date(2006, 3, 20),
        15,
        40000,
        2000,
        500,
        100,
        300,
        7,
        counted=("committee", "discipline", "county_delegates"),
        absent=0,
        higher=True,
    )
    base, ballots = module._script("make_examples"), module._script("make_ballots")
    module.write_township(base, ballots, sorted_by_strokes, township, DATA / "template")
    return folder


def county(n: int) -> Path:
    """A county workspace of ``n`` copies of the template township."""
    root = DATA / f"county-{n}"
    if (root / "county.yaml").exists():
        return root
    source = template()
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    rows = []
    for i in range(1, n + 1):
        name = f"第{i:03d}乡"
        shutil.copytree(source, root / name)
        (root / name / "election.yaml").write_text(
            f"township: {name}\nelection_date: 2006-03-20\nrules: fuyuan-2006\nvillages: 15\n"
            "population: 40000\nparty_members: {total: 2000, women: 500, minority: 100}\n"
            "delegate_seats: 300\n",
            encoding="utf-8",
        )
        rows.append(
            f"  - {{name: {name}, villages: 15, population: 40000, party_members: "
            "{total: 2000, women: 500, minority: 100}, delegate_seats: 300}"
        )
    (root / "county.yaml").write_text(
        "county: 基准县\nrules: fuyuan-2006\nround: 基准\nelection_date: 2006-03-20\ntownships:\n"
        + "\n".join(rows)
        + "\n",
        encoding="utf-8",
    )
    return root


MEASURE = """
import resource, subprocess, sys, time, json
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True)
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall": wall, "rss_mb": peak / 1024, "code": done.returncode, "err": done.stderr.decode()[-500:]}))
"""


def measure(args: list[str]) -> dict[str, float]:
    """Wall time and peak RSS of one run of a command (in a fresh helper process)."""
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, *args], capture_output=True, text=True, check=True
    )
    found: dict[str, float] = json.loads(out.stdout)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--townships", type=int, nargs="+", default=[10, 30, 100])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--jobs", type=int, default=None, help="electkit's --jobs (default: its own)"
    )
    options = parser.parse_args()
    extra = [] if options.jobs is None else ["--jobs", str(options.jobs)]
    for n in options.townships:
        root = county(n)
        check = [ELECTKIT, "county", "check", str(root), "-f", "json", "-o", str(DATA / "c.json")]
        report = [ELECTKIT, "county", "report", str(root), "-o", str(DATA / "report.xlsx")]
        jobs = {"county check": check + extra, "county report xlsx": report + extra}
        for job, args in jobs.items():
            runs = [measure(args) for _ in range(options.runs)]
            codes = {int(r["code"]) for r in runs}
            assert codes <= {0, 1}, runs[0]["err"]
            walls = [r["wall"] for r in runs]
            print(
                f"{n:4d} townships  {job:20s}  median {statistics.median(walls):6.2f} s"
                f"  (min {min(walls):.2f}, max {max(walls):.2f})"
                f"  peak RSS {max(r['rss_mb'] for r in runs):6.1f} MB  exit {sorted(codes)}"
            )


if __name__ == "__main__":
    main()
