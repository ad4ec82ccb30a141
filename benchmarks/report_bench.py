"""Benchmark: the audit report for 300 delegates rendered to PDF (target ≤ 5 s on 2 cores).

    .venv/bin/python benchmarks/report_bench.py [--delegates 300] [--runs 3] [--longest]

Runs the installed `electkit report audit … -o audit.pdf` end to end (reading, checking, HTML,
font coverage, WeasyPrint) and reports wall time, CPU time (user + system: steadier than the
wall time on a shared machine), pages and peak memory. The roster is the
check-delegates benchmark's (3-character names, short units); ``--longest`` uses the layout
tests' roster at its widest instead (tests/rosters.py: long workplaces and units, people with
several problems, so many more findings and pages).
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from check_delegates_bench import generate
from tests.rosters import write_roster

BIN = Path(sys.executable).parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--delegates", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--longest", action="store_true", help="the widest roster (tests/rosters.py)"
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="electkit-report-"))
    roster = work / "roster.csv"
    if args.longest:
        write_roster(roster, args.delegates)
    else:
        generate(roster, args.delegates)
    election = work / "election.yaml"
    election.write_text(
        "township: 青山乡\nelection_date: 2006-03-20\nrules: fuyuan-2006\n"
        f"delegate_seats: {args.delegates}\nparty_members: {{total: 4000, women: 1000, minority: 300}}\n",
        encoding="utf-8",
    )
    out = work / "audit.pdf"
    times, cpus, peaks = [], [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        result = subprocess.run(
            [
                "/usr/bin/time",
                "-f",
                "%U %S %M",
                str(BIN / "electkit"),
                "report",
                "audit",
                str(election),
                "-d",
                str(roster),
                "-o",
                str(out),
                "--lang",
                "zh",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        times.append(time.perf_counter() - start)
        user, system, peak = re.findall(r"^([\d.]+) ([\d.]+) (\d+)$", result.stderr, flags=re.M)[-1]
        cpus.append(float(user) + float(system))
        peaks.append(int(peak) // 1024)
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    pages = re.search(r"^Pages:\s+(\d+)", info, flags=re.M)
    print(
        f"report audit, {args.delegates} delegates{' (longest values)' if args.longest else ''}"
        f" → PDF: median {statistics.median(times):.2f} s "
        f"(min {min(times):.2f}), CPU {statistics.median(cpus):.2f} s, "
        f"{pages.group(1) if pages else '?'} pages, peak {max(peaks)} MB"
    )


if __name__ == "__main__":
    main()
