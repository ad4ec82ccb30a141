"""Time ``electkit tally count`` end to end on a large generated ballot file (not part of the tests).

    .venv/bin/python benchmarks/tally_bench.py                 # 1,000,000 ballots × 11 candidates
    .venv/bin/python benchmarks/tally_bench.py --ballots 200000 --repeat 3

Generates (once, deterministically) a contest file and a UTF-8 CSV under benchmarks/data/, then
runs the installed command as a subprocess and reports wall time, ballots per second and the
child's peak RSS (``resource.getrusage(RUSAGE_CHILDREN)``). Memory flatness is shown by running
three sizes: the peak RSS should not grow with the number of ballots.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
CANDIDATES = [
    "丁一",
    "于红",
    "王建国",
    "文华",
    "石磊",
    "叶芳",
    "刘明",
    "杨志",
    "李春",
    "张勇",
    "陈兰",
]
SEATS = 9
# how likely each voter is to agree with each candidate: a realistic, uneven popularity
POPULARITY = [0.96, 0.93, 0.92, 0.90, 0.88, 0.86, 0.84, 0.80, 0.74, 0.40, 0.30]


def generate(n: int, path: Path) -> None:
    """n ballots: mostly ○/×/empty, some other accepted marks, write-ins, void and over-votes."""
    rng = random.Random(n)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(["选票编号", *CANDIDATES, "另选他人1", "废票"])
        for number in range(1, n + 1):
            marks = []
            for p in POPULARITY:
                r = rng.random()
                marks.append("○" if r < p else ("×" if r < p + 0.04 else ""))
            agreed = [i for i, m in enumerate(marks) if m == "○"]
            if len(agreed) > SEATS and rng.random() < 0.99:  # most voters follow the instructions
                for i in rng.sample(agreed, len(agreed) - SEATS):
                    marks[i] = ""
            if rng.random() < 0.02:  # a teller who typed 1 / x instead of ○ / ×
                marks = [{"○": "1", "×": "x"}.get(m, m) for m in marks]
            write_in = ""
            if rng.random() < 0.003:
                write_in = rng.choice(["赵六", "孙七", "王建囯", "叶芳"])
                for i in rng.sample(range(len(marks)), 2):
                    if marks[i] == "○":
                        marks[i] = ""
            void = "有记号" if rng.random() < 0.001 else ""
            writer.writerow([f"{number:07d}", *marks, write_in, void])


def contest(n: int, path: Path) -> None:
    """A contest with enough voters for n ballots (issued = present = n)."""
    entitled = n + n // 20
    path.write_text(
        "contest: 委员\n"
        f"seats: {SEATS}\n"
        f"entitled: {entitled}\n"
        f"present: {n}\n"
        "rules: fuyuan-2006\n"
        f"candidates: [{', '.join(CANDIDATES)}]\n"
        "aliases: {王建囯: 王建国}\n",
        encoding="utf-8",
    )


def electkit() -> str:
    """The installed command beside this interpreter (the .venv's), else on PATH."""
    beside = Path(sys.executable).parent / "electkit"
    return str(beside) if beside.exists() else (shutil.which("electkit") or "electkit")


def run(n: int) -> tuple[float, int]:
    """Time one count in a fresh child process: (seconds, peak RSS in KiB)."""
    csv_path, yaml_path = DATA / f"ballots-{n}.csv", DATA / f"contest-{n}.yaml"
    if not csv_path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        print(f"generating {n:,} ballots → {csv_path} …", file=sys.stderr)
        generate(n, csv_path)
        contest(n, yaml_path)
    cmd = [electkit(), "tally", "count", str(yaml_path), str(csv_path), "--format", "json"]
    # a fresh interpreter per run so RUSAGE_CHILDREN's maximum is this child's alone
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
        "s = time.perf_counter() - t\n"
        "print(p.returncode, s, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *cmd], capture_output=True, text=True, check=True
    )
    code, seconds, rss = out.stdout.split()
    if code != "0":
        raise SystemExit(f"electkit exited {code}")
    return float(seconds), int(rss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=1_000_000)
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="*",
        help="ballot counts to run (default: a tenth, the full size and twice it: memory must stay flat)",
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    assert resource  # used in the probe; imported here so a missing module fails early
    sizes = args.sizes or [args.ballots // 10, args.ballots, 2 * args.ballots]
    print(f"{'ballots':>10} {'best s':>8} {'ballots/s':>10} {'peak RSS MiB':>13}")
    for n in sizes:
        runs = [run(n) for _ in range(args.repeat)]
        best = min(s for s, _ in runs)
        rss = max(r for _, r in runs)
        print(f"{n:>10,} {best:>8.2f} {n / best:>10,.0f} {rss / 1024:>13.1f}")
    started = time.strftime("%Y-%m-%d")
    print(f"({started}, python {sys.version.split()[0]}, best of {args.repeat})")


if __name__ == "__main__":
    main()
