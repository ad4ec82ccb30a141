"""Time the counting book (not part of the tests): one ballot stored and echoed, a 100,000 import.

    .venv/bin/python benchmarks/book_bench.py                  # 1,000 entries; 100,000 imported
    .venv/bin/python benchmarks/book_bench.py --entries 3000 --ballots 200000 --repeat 3

1. Entry: an entry session (the one ``book enter`` runs) stores ballots of the 11-candidate
   contest one at a time, each its own ``BEGIN IMMEDIATE`` … ``COMMIT`` with ``synchronous=FULL``
   on this disk, then renders its echo line; the time of each store+commit and each echo is
   taken, and their sum per ballot is what a teller waits for after pressing Enter.
2. Import: the installed ``electkit book import`` in a child process, wall time from start to
   exit (start-up, reading the file, chaining and committing every entry), on a new book; then
   ``book verify`` (the whole chain recomputed) and ``book count`` on the result.

Files go to benchmarks/data/ (generated once, deterministically, by tally_bench's generator).
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tally_bench import DATA, contest, electkit, generate


def entry(entries: int) -> None:
    """Store+commit and echo ``entries`` ballots through an entry session; print the figures."""
    from rich.console import Console

    from electkit.cli.book_entry import EntrySession, ScriptedKeys
    from electkit.core.book import BallotContent
    from electkit.io.book import Book
    from electkit.io.book_ops import open_book

    folder = DATA / "book-entry"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    contest(1000, folder / "contest.yaml")
    path = folder / "entry.book"
    open_book(path, [folder / "contest.yaml"])
    rng = random.Random(entries)
    screen = io.StringIO()
    out = Console(file=screen, width=160, force_terminal=True, color_system="truecolor")
    stores: list[float] = []
    echoes: list[float] = []
    with Book.open(path) as book:
        found = book.contest(None)
        session = EntrySession(
            book, found, book.ledger(found.id), "甲", ScriptedKeys(io.StringIO()), out, "zh"
        )
        echo = session.echo
        timed: dict[str, float] = {}

        def timed_echo(*args: object, **kwargs: object) -> None:
            started = time.perf_counter()
            echo(*args, **kwargs)  # type: ignore[arg-type]
            timed["echo"] = time.perf_counter() - started

        session.echo = timed_echo  # type: ignore[method-assign]
        for number in range(1, entries + 1):
            marks = [rng.choice((0, 1, 1, 1, 2)) for _ in found.contest.candidates]
            marks = [
                m if sum(x == 1 for x in marks[: i + 1]) <= 9 else 0 for i, m in enumerate(marks)
            ]
            started = time.perf_counter()
            session.store(f"{number:04d}", BallotContent.of(marks), None)
            total = time.perf_counter() - started
            echoes.append(timed["echo"])
            stores.append(total - timed["echo"])
    both = [s + e for s, e in zip(stores, echoes, strict=True)]

    def ms(values: list[float], q: float) -> str:
        return f"{statistics.quantiles(values, n=100)[int(q) - 1] * 1000:6.2f}"

    print(f"entry: {entries:,} ballots, one transaction each (synchronous=FULL, WAL)")
    print(f"{'':>16} {'median ms':>10} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for name, values in (("store+commit", stores), ("echo", echoes), ("store+echo", both)):
        median = statistics.median(values) * 1000
        print(
            f"{name:>16} {median:>10.2f} {ms(values, 95):>8} {ms(values, 99):>8} {max(values) * 1000:>8.2f}"
        )


def fsync_cost(times: int = 200) -> float:
    """Median seconds to write and fsync 4 KiB here: what synchronous=FULL waits for at COMMIT."""
    import os

    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / "fsync.probe"
    spent = []
    with path.open("wb") as handle:
        for _ in range(times):
            handle.write(b"x" * 4096)
            handle.flush()
            started = time.perf_counter()
            os.fsync(handle.fileno())
            spent.append(time.perf_counter() - started)
    path.unlink()
    return statistics.median(spent)


def child(*args: str) -> float:
    """Wall time of ``electkit …`` in a child process."""
    started = time.perf_counter()
    subprocess.run(
        [electkit(), *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def bulk(ballots: int, repeat: int) -> None:
    """``book import`` of ``ballots`` rows into a new book, then verify and count it."""
    csv_path, yaml_path = DATA / f"ballots-{ballots}.csv", DATA / f"contest-{ballots}.yaml"
    if not csv_path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        print(f"generating {ballots:,} ballots → {csv_path} …", file=sys.stderr)
        generate(ballots, csv_path)
        contest(ballots, yaml_path)
    path = DATA / f"import-{ballots}.book"
    imports, verifies, counts = [], [], []
    for _ in range(repeat):
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
        child("book", "open", str(path), str(yaml_path))
        imports.append(child("book", "import", str(path), str(csv_path), "--clerk", "甲"))
        verifies.append(child("book", "verify", str(path)))
        counts.append(child("book", "count", str(path), "--single-entry", "-f", "json"))
    size = path.stat().st_size / 2**20
    print(
        f"import: {ballots:,} ballots (CSV {csv_path.stat().st_size / 2**20:.1f} MiB → book {size:.1f} MiB), best of {repeat}"
    )
    print(f"  book import  {min(imports):6.2f} s  ({ballots / min(imports):,.0f} ballots/s)")
    print(f"  book verify  {min(verifies):6.2f} s")
    print(f"  book count   {min(counts):6.2f} s  (the first records the count)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--ballots", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"fsync of 4 KiB on this disk: median {fsync_cost() * 1000:.2f} ms")
    entry(args.entries)
    bulk(args.ballots, args.repeat)
    print(f"({time.strftime('%Y-%m-%d')}, python {sys.version.split()[0]})")


if __name__ == "__main__":
    main()
