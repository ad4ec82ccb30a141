"""Generated rosters and contests at their widest: what the printed forms must hold.

The longest values each column of a delegate list takes in practice: names of 2 to 4 characters
(compound surnames), the longest ethnic group names, education as written with its school and
mode (省委党校在职研究生), long workplaces and election units, masked ID numbers, and people with
several problems at once, so that a conclusion names every reason. Used by the layout tests
(tests/render/test_layout.py) and by benchmarks/report_bench.py ``--longest``.

    .venv/bin/python -m tests.rosters OUT_DIR [--delegates 300]   # roster.csv and election.yaml
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from pathlib import Path

from electkit.core.idnumber import check_digit
from electkit.core.vocab import ETHNIC_GROUPS

HEADERS = (
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
    "留置逮捕",
    "立案审查",
    "违反计划生育",
)
COMPOUND = ("欧阳", "司马", "诸葛", "上官", "慕容", "皇甫")
SURNAMES = "王李张黄龚覃"
GIVEN = "建国丽娟德兴桂兰海燕志刚春华明辉"
# the longest names the 56 groups have, and education as staff write it in full
ETHNICITIES = sorted(ETHNIC_GROUPS, key=len, reverse=True)[:6] + ["汉族"] * 6
EDUCATION = ("省委党校在职研究生", "中央党校函授大学本科", "县委党校在职大专", "初中")
CATEGORIES = (
    "先进模范人物",
    "专业技术人员",
    "领导干部、生产和工作一线",
)  # one cell, two categories
UNITS = (
    "县农村信用合作联社青山信用社党支部",
    "青山乡非公有制经济组织和社会组织联合党总支",
    "青山乡中心学校暨第一完全小学党支部",
    "青山乡卫生院和计划生育服务站联合党支部",
)
POSTS = (
    "青山乡人民政府党政综合办公室主任兼统计站站长",
    "县农村信用合作联社青山信用社主任、党支部书记",
    "青山村民委员会第十二村民小组组长、种植专业合作社理事长",
    "青山乡中心学校教师",
)
TOWNSHIP = "青山乡"
ELECTION = dt.date(2006, 3, 20)


def name(i: int) -> str:
    """A name of 4, 3 or 2 characters in turn (a compound surname in the 4-character ones)."""
    first, second = GIVEN[i % len(GIVEN)], GIVEN[(i * 7 + 3) % len(GIVEN)]
    if i % 3 == 0:
        return COMPOUND[i % len(COMPOUND)] + first + second
    single = SURNAMES[i % len(SURNAMES)]
    return single + first + (second if i % 3 == 1 else "")


def _id(birth: dt.date, female: bool, i: int) -> str:
    body = f"530325{birth:%Y%m%d}{i % 10}{(i % 50) * 2 + (0 if female else 1):02d}"
    return body + check_digit(body)


def rows(count: int) -> list[list[str]]:
    """``count`` people; every seventh has several problems, every eleventh a doubtful cell."""
    out = []
    for i in range(count):
        female = i % 4 == 0
        birth = dt.date(1950 + i % 35, 1 + i % 12, 1 + i % 28)
        bad = i % 7 == 3
        record = [
            str(i + 1),
            f"{name(i)}{i}" if i % 50 == 49 else name(i),  # a few names kept apart by a number
            "女" if female else "男",
            ETHNICITIES[i % len(ETHNICITIES)],
            f"{birth:%Y-%m-%d}",
            EDUCATION[i % len(EDUCATION)],
            "中共预备党员" if bad else "中共党员",
            f"{min(birth.year + 24, 2005)}.{1 + i % 12:02d}",
            CATEGORIES[i % len(CATEGORIES)],
            POSTS[i % len(POSTS)],
            UNITS[i % len(UNITS)],
            _id(birth, female, i),
            "无",
            "否",
            "是" if bad else "否",
            "是" if bad else "否",
        ]
        if bad:  # a mistyped check digit too
            record[11] = record[11][:17] + ("0" if record[11][17] != "0" else "1")
        if i % 11 == 5:  # a date read as January: a warning, so a conclusion asks to verify
            record[4] = f"{birth.year}.1"
        out.append(record)
    return out


def write_roster(path: Path, count: int) -> Path:
    """The roster as a UTF-8 CSV file."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(rows(count))
    return path


def write_election(path: Path, count: int) -> Path:
    """An election profile for the roster (fuyuan-2006, ``count`` approved seats)."""
    path.write_text(
        f"township: {TOWNSHIP}\nelection_date: {ELECTION}\nrules: fuyuan-2006\n"
        f"delegate_seats: {count}\n"
        "party_members: {total: 4000, women: 1000, minority: 300}\n",
        encoding="utf-8",
    )
    return path


# a contest at its widest: 4-character names, a long title, long write-ins and void notes
LONG_CONTEST = {
    "title": "中国共产党青山乡第十次代表大会选举出席中国共产党富源县第十次代表大会代表",
    "candidates": (
        "欧阳建国",
        "司马丽娟",
        "诸葛德兴",
        "上官桂兰",
        "慕容海燕",
        "皇甫志刚",
        "王春华",
    ),
    "write_ins": ("阿依古丽·买买提", "欧阳建华"),
    "void_note": "监票人认定：选票上写有与选举无关的文字和符号，且有涂改痕迹，无法辨认选举人的意思",
}


def write_contest(
    folder: Path, *, seats: int = 5, present: int = 146, returned: int | None = None
) -> tuple[Path, Path]:
    """The long contest's file and a ballot CSV (all agree with the first ``seats`` names)."""
    from electkit.core.strokes import sort_names

    c = LONG_CONTEST
    names, _ = sort_names(c["candidates"], blank_slot=True)  # as a ballot lists them
    contest = folder / "long.yaml"
    contest.write_text(
        "contest: 出席县党代会代表\n"
        f"title: {c['title']}\n"
        f"seats: {seats}\nentitled: 150\npresent: {present}\nissued: {present}\n"
        "rules: fuyuan-2006\n"
        f"candidates: [{', '.join(names)}]\n",
        encoding="utf-8",
    )
    ballots = folder / "long.csv"
    with ballots.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["选票编号", *names, "另选他人", "废票"])
        for b in range(present if returned is None else returned):
            marks = ["○" if k < seats else "×" for k in range(len(names))]
            write_in = ""
            if b % 9 == 4:  # one vote moves to a written-in name
                marks[seats - 1] = "×"
                write_in = c["write_ins"][b % 2]
            void = c["void_note"] if b % 40 == 39 else ""
            writer.writerow([f"{b + 1:03d}", *marks, write_in, void])
    return contest, ballots


def main() -> None:
    """Write a roster and its election profile into a folder."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--delegates", type=int, default=300)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    write_roster(args.out / "roster.csv", args.delegates)
    write_election(args.out / "election.yaml", args.delegates)


if __name__ == "__main__":
    main()
