"""Generate the example township's contests and ballots in examples/qingshan/tally/ (deterministic).

青山乡's party congress (150 delegates entitled, 146 present, rule set fuyuan-2006: the threshold
is on those present, so 74 votes are needed) elects three things. Each contest's agree counts are
fixed below and the ballots are built to give exactly those counts, so every run writes the same
files and the outcomes are the ones the demo shows:

- 委员 (committee, 9 of 11): complete; two over-voted ballots, one void, written-in names
  (one is a variant mapped by ``aliases``).
- 纪委委员 (discipline committee, 5 of 6): a tie across the last seat → re-vote. GB18030, as
  Excel on Chinese Windows writes it.
- 出席县党代会代表 (county congress delegates, 10 of 12): a shortfall; 龚 has exactly half
  (73 of 146) and is not elected.

Names are fictional, listed in surname-stroke order (stroke counts differ, so the order is plain).

    python scripts/make_ballots.py        # rewrites examples/qingshan/tally/*
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass, field
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "examples" / "qingshan" / "tally"
ENTITLED, PRESENT = 150, 146


@dataclass
class Plan:
    """One contest: its file names, seats, candidates with target agree counts, and oddities."""

    key: str
    contest: str
    title: str
    seats: int
    agree: dict[str, int]
    returned: int
    encoding: str = "utf-8"
    over_votes: int = 1
    void: tuple[str, ...] = ("有记号",)
    write_ins: dict[str, int] = field(default_factory=dict)  # written name → ballots (new names)
    variants: dict[str, tuple[str, int]] = field(default_factory=dict)  # variant → (name, ballots)
    seed: int = 0


PLANS = [
    Plan(
        key="committee",
        contest="委员",
        title="中共青山乡第十届委员会委员",
        seats=9,
        agree={
            "丁建平": 138,
            "于红梅": 131,
            "王志刚": 129,
            "石丽娟": 126,
            "刘德兴": 120,
            "李春华": 117,
            "周海燕": 112,
            "赵文林": 104,
            "徐明辉": 98,
            "黄桂兰": 61,
            "董国强": 55,
        },
        returned=145,
        over_votes=2,
        void=("有记号",),
        write_ins={"陈光明": 1},
        variants={"王志钢": ("王志刚", 2)},
        seed=1,
    ),
    Plan(
        key="discipline",
        contest="纪委委员",
        title="中共青山乡纪律检查委员会委员",
        seats=5,
        agree={
            "马晓东": 131,
            "方玉兰": 127,
            "叶建军": 122,
            "许秀英": 118,
            "杨光荣": 88,
            "罗永福": 88,
        },
        returned=146,
        encoding="gb18030",
        void=("字迹无法辨认",),
        seed=2,
    ),
    Plan(
        key="county_delegates",
        contest="出席县党代会代表",
        title="青山乡出席中共富源县第十次代表大会代表",
        seats=10,
        agree={
            "卫国华": 130,
            "尹丽萍": 126,
            "白文斌": 120,
            "江海涛": 115,
            "吴秀珍": 110,
            "孟建设": 101,
            "胡德才": 92,
            "高玉林": 80,
            "龚小燕": 73,
            "韩志强": 70,
            "雷春梅": 66,
            "谭光辉": 60,
        },
        returned=146,
        seed=3,
    ),
]


def ballots(plan: Plan) -> list[list[str]]:
    """Rows (number, a mark per candidate, write-in, void) giving exactly the planned counts."""
    rng = random.Random(plan.seed)
    names = list(plan.agree)
    special = plan.over_votes + len(plan.void)
    valid = plan.returned - special
    load = [0] * valid
    marks = [[""] * len(names) for _ in range(valid)]
    written = [""] * valid
    # the new names first, on ballots that then have room for one agree less
    extra = [w for w, n in plan.write_ins.items() for _ in range(n)]
    for name, ballot in zip(extra, rng.sample(range(valid), len(extra)), strict=True):
        written[ballot], load[ballot] = name, 1
    for index, name in enumerate(names):
        order = sorted(range(valid), key=lambda b: (load[b], rng.random()))
        chosen = [b for b in order if load[b] < plan.seats][: plan.agree[name]]
        assert len(chosen) == plan.agree[name], (plan.key, name)
        for b in chosen:
            marks[b][index] = rng.choice(["○"] * 12 + ["√", "〇"])
            load[b] += 1
        for b in set(range(valid)) - set(chosen):
            marks[b][index] = "×" if rng.random() < 0.45 else ""
    for variant, (name, count) in plan.variants.items():
        index = names.index(name)
        holders = [b for b in range(valid) if marks[b][index] and not written[b]]
        for b in rng.sample(holders, count):  # agreed by writing the name, box left empty
            marks[b][index], written[b] = "", variant
    rows = [[*m, w, ""] for m, w in zip(marks, written, strict=True)]
    for _ in range(plan.over_votes):
        agreed = rng.sample(range(len(names)), plan.seats + 1)
        rows.append([("○" if i in agreed else "") for i in range(len(names))] + ["", ""])
    rows += [[""] * len(names) + ["", reason] for reason in plan.void]
    rng.shuffle(rows)
    return [[f"{n:03d}", *row] for n, row in enumerate(rows, start=1)]


def write_csv(plan: Plan, path: Path) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["选票编号", *plan.agree, "另选他人", "废票"])
    writer.writerows(ballots(plan))
    path.write_bytes(buf.getvalue().encode(plan.encoding))


def write_contest(plan: Plan, path: Path) -> None:
    aliases = {v: name for v, (name, _n) in plan.variants.items()}
    lines = [
        f"# {plan.title}：选举文件 / contest file (electkit tally count)",
        f"contest: {plan.contest}",
        f"title: {plan.title}",
        f"seats: {plan.seats}",
        f"entitled: {ENTITLED}       # 应到会代表",
        f"present: {PRESENT}        # 实到会代表",
        f"issued: {PRESENT}         # 发出选票",
        "rules: fuyuan-2006",
        f"candidates: [{', '.join(plan.agree)}]   # 按姓氏笔画为序",
    ]
    if aliases:
        lines.append("aliases: {" + ", ".join(f"{k}: {v}" for k, v in aliases.items()) + "}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for plan in PLANS:
        write_contest(plan, OUT / f"{plan.key}.yaml")
        write_csv(plan, OUT / f"{plan.key}.csv")


if __name__ == "__main__":
    main()
