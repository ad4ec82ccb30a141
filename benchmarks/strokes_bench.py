"""Benchmark: the surname-stroke key and `electkit sort` on generated names.

    .venv/bin/python benchmarks/strokes_bench.py [--names 10000] [--runs 5]

Target (issue 4): the key for 10,000 names well under a second. Prints the table load time
(once per process), the time to key and sort the names in memory, and the wall time of the
installed `electkit sort` on a CSV of that many rows (start-up, reading, writing included).
Figures are recorded in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from electkit.core import strokes

BIN = Path(sys.executable).parent
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏"
)
COMPOUND = ("欧阳", "司马", "诸葛", "上官")
GIVEN = (
    "建国伟强军平华明志勇杰涛斌超刚辉鹏海文林春云飞德兴福贵荣昌顺芳丽娟敏静燕艳霞玲萍红梅英兰琴秀"
)


def names(count: int, seed: int = 1) -> list[str]:
    """Realistic names: one- and two-character given names, a few compound surnames."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        surname = rng.choice(COMPOUND) if rng.random() < 0.02 else rng.choice(SURNAMES)
        given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        out.append(surname + given)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sample = names(args.names)

    start = time.perf_counter()
    strokes.table()
    strokes.stroke_key("王")
    load = time.perf_counter() - start
    print(f"table load (once per process): {load * 1000:.1f} ms")

    keys, sorts = [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        for name in sample:
            strokes.stroke_key(name)
        keys.append(time.perf_counter() - start)
        start = time.perf_counter()
        strokes.sort_names(sample)
        sorts.append(time.perf_counter() - start)
    print(f"stroke_key x {args.names:,}: median {statistics.median(keys) * 1000:.1f} ms")
    print(f"sort_names of {args.names:,}: median {statistics.median(sorts) * 1000:.1f} ms")

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "names.csv"
        with source.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["序号", "姓名", "性别", "工作单位及职务"])
            for i, name in enumerate(sample, start=1):
                writer.writerow([i, name, "男" if i % 3 else "女", "青山乡某村党支部"])
        walls = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run(
                [str(BIN / "electkit"), "sort", str(source), "-o", str(Path(tmp) / "out.csv")],
                check=True,
                capture_output=True,
            )
            walls.append(time.perf_counter() - start)
        print(f"electkit sort, {args.names:,} rows: median wall {statistics.median(walls):.2f} s")


if __name__ == "__main__":
    main()
