"""Benchmark: `electkit check delegates` beside `frictionless validate`, in one run (issue 10).

    .venv/bin/pip install -e '.[bench]'      # frictionless
    .venv/bin/python benchmarks/check_delegates_bench.py [--rows 100000] [--xlsx-rows 300]
        [--runs 5] [--baseline DIR]

Three jobs on files generated here, each command run as a subprocess (start-up included), the
runs of all commands interleaved so that a change in the machine's load hits every one alike:

1. a 100,000-row UTF-8 roster (.csv): `electkit check delegates … -f json -o …` and
   `frictionless validate` with an equivalent table schema (types, enums, required, patterns);
2. a 300-row delegate list as .xlsx, written by openpyxl from the same generator: the same two
   commands (electkit prints its terminal report);
3. `electkit --help` (and `frictionless --help` for scale).

Issue 10's targets: (1) ≤ 2 s wall and at least 1.5× faster than frictionless; (2) ≤ 0.3 s wall,
start-up included; (3) ≤ 150 ms. Each figure is the median of ``--runs`` (min beside it), with
the CPU time (user + sys) and the peak RSS from GNU time. ``--baseline DIR`` also runs the
electkit commands with the source tree DIR/src first on PYTHONPATH (e.g. ``git worktree add DIR
<commit>``), so one run gives before and after. The load average before and after is printed:
on a shared machine compare the CPU times and the ratio, not only the wall times. Figures are
recorded in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import electkit as electkit_package
from electkit.core.idnumber import check_digit

BIN = Path(sys.executable).parent
HEADERS = [
    "序号",
    "姓名",
    "性别",
    "民族",
    "出生年月",
    "学历",
    "政治面貌",
    "入党时间",
    "代表类别",
    "工作单位及职务",
    "选举单位",
    "身份证号",
    "党纪处分",
    "立案审查",
    "违反计划生育",
    "备注",
]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏"
)
GIVEN = (
    "建国伟强军平华明志勇杰涛斌超刚辉鹏海文林春云飞德兴福贵荣昌顺芳丽娟敏静燕艳霞玲萍红梅英兰琴秀"
)


def generate(path: Path, rows: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for i in range(rows):
            female = rng.random() < 0.25
            birth = dt.date(rng.randint(1945, 1985), rng.randint(1, 12), rng.randint(1, 28))
            body = f"530325{birth:%Y%m%d}{rng.randrange(10)}{rng.randrange(50) * 2 + (0 if female else 1):02d}"
            writer.writerow(
                [
                    i + 1,
                    rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                    "女" if female else "男",
                    rng.choice(["汉族"] * 12 + ["彝族", "苗族"]),
                    rng.choice(
                        [f"{birth:%Y.%m}", f"{birth:%Y-%m-%d}", f"{birth.year}年{birth.month}月"]
                    ),
                    rng.choice(["小学", "初中", "高中", "中专", "大专", "本科"]),
                    rng.choice(["中共党员"] * 50 + ["中共预备党员"]),
                    f"{min(birth.year + 22, 2005)}.{rng.randint(1, 12):02d}",  # before the election
                    rng.choice(["领导干部"] * 14 + ["专业技术人员"] * 3 + ["先进模范人物"] * 3),
                    "某某村党支部书记",
                    f"第{i % 40 + 1}党支部",
                    body + check_digit(body),
                    rng.choice(["无"] * 200 + ["警告"]),
                    "否",
                    "否",
                    "",
                ]
            )


SCHEMA = {
    "fields": [
        {"name": "序号", "type": "integer"},
        {"name": "姓名", "type": "string", "constraints": {"required": True}},
        {"name": "性别", "type": "string", "constraints": {"required": True, "enum": ["男", "女"]}},
        {
            "name": "民族",
            "type": "string",
            "constraints": {"enum": ["汉族", "彝族", "苗族", "回族", "白族"]},
        },
        {
            "name": "出生年月",
            "type": "string",
            "constraints": {"required": True, "pattern": r"\d{4}[.\-年]\d{1,2}.*"},
        },
        {
            "name": "学历",
            "type": "string",
            "constraints": {"enum": ["小学", "初中", "高中", "中专", "大专", "本科", "研究生"]},
        },
        {
            "name": "政治面貌",
            "type": "string",
            "constraints": {"enum": ["中共党员", "中共预备党员"]},
        },
        {"name": "入党时间", "type": "string"},
        {
            "name": "代表类别",
            "type": "string",
            "constraints": {"enum": ["领导干部", "专业技术人员", "先进模范人物", "其他"]},
        },
        {"name": "工作单位及职务", "type": "string"},
        {"name": "选举单位", "type": "string"},
        {"name": "身份证号", "type": "string", "constraints": {"pattern": r"\d{17}[\dX]"}},
        {
            "name": "党纪处分",
            "type": "string",
            "constraints": {"enum": ["无", "警告", "严重警告", "撤销党内职务", "留党察看"]},
        },
        {"name": "立案审查", "type": "string", "constraints": {"enum": ["是", "否"]}},
        {"name": "违反计划生育", "type": "string", "constraints": {"enum": ["是", "否"]}},
        {"name": "备注", "type": "string"},
    ]
}


def roster_xlsx(folder: Path, rows: int) -> Path:
    """The generator's rows as a real .xlsx list written by openpyxl (every cell text)."""
    from openpyxl import Workbook

    text = folder / "roster-xlsx.csv"
    generate(text, rows)
    book = Workbook()
    with text.open(encoding="utf-8") as handle:
        for row in csv.reader(handle):
            book.active.append(row)
    path = folder / "roster.xlsx"
    book.save(path)
    text.unlink()
    return path


def compiled(src: Path) -> None:
    """Byte-compile a source tree first, so that no timed run compiles it (a tree unpacked for
    ``--baseline`` has no .pyc, and PYTHONDONTWRITEBYTECODE may keep every run from saving one)."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(src)], check=True, stdout=subprocess.DEVNULL
    )


def election_yaml(path: Path, total: int, women: int, minority: int) -> Path:
    """An election profile for fuyuan-2006 with these Party members."""
    path.write_text(
        "township: 青山乡\nelection_date: 2006-03-20\nrules: fuyuan-2006\n"
        f"party_members: {{total: {total}, women: {women}, minority: {minority}}}\n",
        encoding="utf-8",
    )
    return path


@dataclass
class Command:
    """One command line to time, and what it measured over the runs."""

    label: str
    argv: list[str]
    cwd: Path | None = None
    env: dict[str, str] | None = None
    runs: list[tuple[float, float, int, int]] = field(default_factory=list)

    def run(self) -> tuple[float, float, int, int]:
        """Wall seconds, CPU seconds (user + sys), peak RSS in MB and exit code of one run."""
        start = time.perf_counter()
        result = subprocess.run(
            ["/usr/bin/time", "-f", "%U %S %M", *self.argv],
            capture_output=True,
            text=True,
            check=False,
            cwd=self.cwd,
            env=self.env,
        )
        wall = time.perf_counter() - start
        user, system, peak_kb = re.findall(r"^([\d.]+) ([\d.]+) (\d+)$", result.stderr, re.M)[-1]
        return wall, float(user) + float(system), int(peak_kb) // 1024, result.returncode

    @property
    def wall(self) -> float:
        return statistics.median(r[0] for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r[1] for r in self.runs)

    def row(self) -> str:
        walls = [r[0] for r in self.runs]
        return (
            f"| {self.label} | {statistics.median(walls):.3f} s (min {min(walls):.3f}) | "
            f"{statistics.median(r[1] for r in self.runs):.2f} s | "
            f"{max(r[2] for r in self.runs)} MB | {self.runs[0][3]} |"
        )


def machine() -> str:
    """CPU model, cores and Python version."""
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.M)
        model = found[1] if found else model
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


def frictionless_rows(frictionless: str, work: Path, schema: str, name: str) -> str:
    """How many rows frictionless read (it refuses an absolute path as "not safe" and exits at
    once: it runs beside the files, and its JSON report shows it read every row)."""
    report = subprocess.run(
        [frictionless, "validate", "--schema", schema, name, "--json"],
        capture_output=True,
        text=True,
        cwd=work,
        check=False,
    )
    task = json.loads(report.stdout)["tasks"][0]
    return f"{task['stats']['rows']} rows, valid: {task['valid']}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--xlsx-rows", type=int, default=300)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline", type=Path, help="a source tree to compare with")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="electkit-bench-"))
    roster = work / "roster.csv"
    generate(roster, args.rows)
    sheet = roster_xlsx(work, args.xlsx_rows)
    big = election_yaml(work / "election.yaml", 400_000, 100_000, 30_000)
    small = election_yaml(work / "election-xlsx.yaml", 1200, 300, 96)
    (work / "schema.json").write_text(json.dumps(SCHEMA, ensure_ascii=False), encoding="utf-8")

    electkit = str(BIN / "electkit")
    trees: list[tuple[str, dict[str, str] | None]] = [("", None)]
    compiled(Path(electkit_package.__file__).parent)
    if args.baseline is not None:
        compiled(args.baseline.resolve() / "src")
        env = dict(os.environ, PYTHONPATH=str(args.baseline.resolve() / "src"))
        trees.insert(0, (" (baseline)", env))
    jobs: dict[str, list[Command]] = {"csv": [], "xlsx": [], "help": []}
    as_json = ["-f", "json", "-o", str(work / "out.json")]
    for suffix, env in trees:
        jobs["csv"].append(
            Command(
                f"electkit check delegates{suffix}",
                [electkit, "check", "delegates", str(roster), "-e", str(big), *as_json],
                env=env,
            )
        )
        jobs["xlsx"].append(
            Command(
                f"electkit check delegates{suffix}",
                [electkit, "check", "delegates", str(sheet), "-e", str(small)],
                env=env,
            )
        )
        jobs["help"].append(Command(f"electkit --help{suffix}", [electkit, "--help"], env=env))
    frictionless = shutil.which("frictionless", path=str(BIN))
    if frictionless is None:
        print("frictionless not installed (pip install -e '.[bench]'): electkit alone")
    else:
        validate = [frictionless, "validate", "--schema", "schema.json"]
        jobs["csv"].append(Command("frictionless validate", [*validate, roster.name], cwd=work))
        jobs["xlsx"].append(Command("frictionless validate", [*validate, sheet.name], cwd=work))
        jobs["help"].append(Command("frictionless --help", [frictionless, "--help"]))
        print(
            f"frictionless read the roster: {frictionless_rows(frictionless, work, 'schema.json', roster.name)}"
        )
        print(
            f"frictionless read the .xlsx: {frictionless_rows(frictionless, work, 'schema.json', sheet.name)}"
        )

    commands = [c for group in jobs.values() for c in group]
    load = os.getloadavg()
    for command in commands:
        command.run()  # warm the page cache and the .pyc files
    for _ in range(args.runs):
        for command in commands:
            command.runs.append(command.run())
    after = os.getloadavg()

    found = json.loads((work / "out.json").read_text(encoding="utf-8"))["summary"]
    print(f"\n{machine()}; load average {load[0]:.2f} before, {after[0]:.2f} after")
    print(
        f"median of {args.runs} runs; electkit found {found['errors']} errors and {found['warnings']} warnings in the roster\n"
    )
    titles = {
        "csv": f"{args.rows:,}-row roster (.csv, {roster.stat().st_size / 1e6:.1f} MB)",
        "xlsx": f"{args.xlsx_rows}-row list (.xlsx, {sheet.stat().st_size / 1e3:.0f} KB)",
        "help": "--help",
    }
    for key, group in jobs.items():
        print(
            f"{titles[key]}\n\n| command | wall | CPU | peak RSS | exit |\n|---|---:|---:|---:|---:|"
        )
        for command in group:
            print(command.row())
        print()
    mine = len(trees) - 1  # this tree's commands come after the baseline's
    ours, sheet_run, help_run = (jobs[key][mine] for key in ("csv", "xlsx", "help"))
    verdicts = [
        (
            f"{args.rows:,} rows ≤ 2 s",
            ours.wall <= 2.0,
            f"{ours.wall:.2f} s (CPU {ours.cpu:.2f} s)",
        ),
        (
            f"{args.xlsx_rows}-row .xlsx ≤ 0.3 s",
            sheet_run.wall <= 0.3,
            f"{sheet_run.wall:.3f} s (CPU {sheet_run.cpu:.3f} s)",
        ),
        ("--help ≤ 150 ms", help_run.wall <= 0.15, f"{help_run.wall * 1000:.0f} ms"),
    ]
    if frictionless is not None:
        theirs = jobs["csv"][-1]
        ratio = theirs.wall / ours.wall
        verdicts.insert(
            1,
            (
                "≥ 1.5× faster than frictionless",
                ratio >= 1.5,
                f"{ratio:.2f}× by wall time ({theirs.cpu / ours.cpu:.2f}× by CPU time)",
            ),
        )
    for label, met, value in verdicts:
        print(f"{label}: {value} — {'met' if met else 'NOT met'}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
