"""Benchmark: `electkit check delegates` on a generated 100,000-row roster, against frictionless.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python benchmarks/check_delegates_bench.py [--rows 100000] [--runs 3]

Targets (issue 2): ≤ 3 s wall and ≤ 500 MB peak memory on a 2-core machine, and ≥ 5× faster
than `frictionless validate` with an equivalent table schema (types, enums, required) while
checking more. Figures are recorded in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def timed(cmd: list[str], cwd: Path | None = None) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in MB (GNU time) and exit code of one run."""
    start = time.perf_counter()
    result = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *cmd], capture_output=True, text=True, check=False, cwd=cwd
    )
    wall = time.perf_counter() - start
    peak_kb = int(re.findall(r"^(\d+)$", result.stderr, flags=re.M)[-1])
    return wall, peak_kb // 1024, result.returncode


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="electkit-bench-"))
    roster = work / "roster.csv"
    generate(roster, args.rows)
    election = work / "election.yaml"
    election.write_text(
        "township: 青山乡\nelection_date: 2006-03-20\nrules: fuyuan-2006\n"
        "party_members: {total: 400000, women: 100000, minority: 30000}\n",
        encoding="utf-8",
    )
    (work / "schema.json").write_text(json.dumps(SCHEMA, ensure_ascii=False), encoding="utf-8")
    ours = [
        timed(
            [
                str(BIN / "electkit"),
                "check",
                "delegates",
                str(roster),
                "-e",
                str(election),
                "-f",
                "json",
                "-o",
                str(work / "out.json"),
            ]
        )
        for _ in range(args.runs)
    ]
    found = json.loads((work / "out.json").read_text(encoding="utf-8"))["summary"]
    wall = statistics.median(r[0] for r in ours)
    peak = max(r[1] for r in ours)
    print(
        f"electkit check delegates: {args.rows} rows, median {wall:.2f} s, peak {peak} MB, "
        f"{found['errors']} errors / {found['warnings']} warnings found"
    )
    frictionless = shutil.which("frictionless", path=str(BIN))
    if frictionless is None:
        print("frictionless not installed: pip install -e '.[bench]'")
        return
    # frictionless refuses an absolute path as "not safe" (and exits at once): run it beside the
    # files, and check from its JSON report that it really read every row
    command = [frictionless, "validate", "--schema", "schema.json", roster.name]
    check = subprocess.run(
        [*command, "--json"], capture_output=True, text=True, cwd=work, check=False
    )
    task = json.loads(check.stdout)["tasks"][0]
    print(f"frictionless read {task['stats']['rows']} rows (valid: {task['valid']})")
    theirs = [timed(command, cwd=work) for _ in range(max(1, args.runs - 1))]
    their_wall = statistics.median(r[0] for r in theirs)
    print(
        f"frictionless validate:    {args.rows} rows, median {their_wall:.2f} s, peak {max(r[1] for r in theirs)} MB"
    )
    print(f"ratio: electkit is {their_wall / wall:.1f}× faster")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
