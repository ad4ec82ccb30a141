"""Generate the 临溪县 example of docs/writing-rules.md (deterministic: the same files every run).

examples/linxi/ holds the county's rule set (linxi-2026.yaml, written by hand) and, from here, a
township of it (石门镇: election.yaml) with two delegate lists and two committee slates: ``-on``
lists sit exactly on every threshold of the rule set and pass; ``-past`` lists are the same lists
one person past each threshold, so each rule fails once. No real person's data.

    .venv/bin/python scripts/make_linxi.py
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from pathlib import Path

from electkit.core.allocate import UnitMembers, allocate
from electkit.core.idnumber import check_digit
from electkit.core.strokes import sorted_by_strokes

OUT = Path(__file__).resolve().parent.parent / "examples" / "linxi"
ELECTION = dt.date(2026, 6, 18)
REGION = "431122"
SEATS = 120
UNITS = [
    ("镇机关党委", 120, 6),
    ("镇直单位党总支", 90, 5),
    ("中心学校党总支", 70, 3),
    ("卫生院党支部", 40, 1),
    ("石门村党总支", 95, 3),
    ("溪口村党支部", 80, 2),
    ("龙塘村党支部", 75, 2),
    ("枫林村党支部", 70, 2),
    ("白岩村党支部", 65, 2),
    ("青山村党支部", 60, 2),
    ("新田村党支部", 55, 1),
    ("两新组织党支部", 180, 6),
]
SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜"
)
GIVEN_M = list("建国伟强军平华明志勇杰涛斌超刚辉鹏海文林春云飞德兴福贵荣昌顺")
GIVEN_F = list("芳丽娟敏静燕艳霞玲萍红梅英兰琴秀桂凤莲珍惠雪")
DELEGATE_HEADER = [
    "姓名", "性别", "民族", "出生年月", "学历", "政治面貌", "身份证号", "代表类别", "选举单位",
    "党纪处分", "处分时间", "政务处分", "政务处分时间", "刑事处罚", "刑事处罚时间",
    "涉黑涉恶处理", "涉黑涉恶处理时间", "民主评议", "民主评议时间", "立案审查", "留置逮捕",
]  # fmt: skip


def make_id(rng: random.Random, birth: dt.date, female: bool) -> str:
    """A made-up 18-digit ID number with a valid check digit, agreeing with birth and gender."""
    seq = rng.randrange(100, 999) // 2 * 2 + (0 if female else 1)
    body = f"{REGION}{birth:%Y%m%d}{seq:03d}"
    return body + check_digit(body)


def name(rng: random.Random, female: bool, used: set[str]) -> str:
    while True:
        given = GIVEN_F if female else GIVEN_M
        text = rng.choice(SURNAMES) + "".join(rng.sample(given, rng.choice((1, 2))))
        if text not in used:
            used.add(text)
            return text


def seats_by_unit() -> list[tuple[str, int, int, int]]:
    """Each unit's seats, as the county's rule shares them (70% members, 30% organisations, at
    least 2 each): the allocation DL-ALLOC checks the profile against."""
    units = [UnitMembers(name=n, members=m, organizations=o) for n, m, o in UNITS]
    from fractions import Fraction

    shared = allocate(
        units,
        SEATS,
        min_per_unit=2,
        basis="mixed",
        weights={"members": Fraction(7, 10), "organizations": Fraction(3, 10)},
    )
    return [(u.unit, u.members, u.organizations or 0, u.seats) for u in shared.units]


def delegates(past: bool) -> list[list[str]]:
    """120 delegates exactly on every threshold of linxi-2026, or one past each."""
    rng = random.Random(2026)
    used: set[str] = set()
    rows: list[list[str]] = []
    units = [u for u, _, _, seats in seats_by_unit() for _ in range(seats)]
    for i in range(SEATS):
        female = i < 32  # 26% of the members are women: ceil(0.26·120) = 32 women
        if past and i == 31:
            female = False  # one woman fewer: 31
        # 60 aged 45 or under (born on or after 1980-06-19): exactly 50%
        if i < 59:
            birth = dt.date(1982 + i % 12, 1 + i % 12, 1 + i % 27)
        elif i == 59:  # on the edge: 45 on the election day
            birth = dt.date(1980, 6, 18) if past else dt.date(1980, 6, 19)
        else:
            birth = dt.date(1962 + i % 18, 1 + i % 12, 1 + i % 27)
        # 72 leading cadres (60%: at most) and 48 front-line (40%: at least)
        category = "党员领导干部" if i >= 48 else "生产和工作一线"
        if past and i == 47:
            category = "党员领导干部"  # 73 and 47: one past both shares
        row = {
            "姓名": name(rng, female, used),
            "性别": "女" if female else "男",
            "民族": "汉族" if i % 15 else "土家族",
            # the edge person's full date: a month-only date is taken as the 1st (digest §0)
            "出生年月": f"{birth:%Y.%m.%d}" if i == 59 else f"{birth:%Y.%m}",
            "学历": ["高中", "大专", "本科"][i % 3],
            "政治面貌": "中共党员",
            "身份证号": make_id(rng, birth, female),
            "代表类别": category,
            "选举单位": units[i],
            "党纪处分": "无",
            "政务处分": "无",
            "刑事处罚": "无",
            "涉黑涉恶处理": "无",
            "民主评议": "合格",
            "立案审查": "否",
            "留置逮捕": "否",
        }
        # the window is the five years before 2026-06-18: from 2021-06-18 on
        if i == 100:  # 严重警告 the day before the window, or on its first day
            row |= {"党纪处分": "严重警告", "处分时间": "2021-06-18" if past else "2021-06-17"}
        if i == 101:  # 记过 in May 2021 (outside), or in June 2021 (the month straddles the start)
            row |= {"政务处分": "记过", "政务处分时间": "2021.06" if past else "2021.05"}
        if i == 102 and past:
            row |= {"刑事处罚": "判处拘役三个月", "刑事处罚时间": "2021-06-18"}
        if i == 103 and past:
            row |= {"涉黑涉恶处理": "受到处理", "涉黑涉恶处理时间": "2012.03"}
        if i == 104:  # 不合格 in May 2021 (outside), or July 2021 (inside)
            row |= {"民主评议": "不合格", "民主评议时间": "2021.07" if past else "2021.05"}
        if i == 105 and past:
            row["立案审查"] = "是"
        rows.append([row.get(h, "") for h in DELEGATE_HEADER])
    return rows


COMMITTEE_HEADER = [
    "姓名",
    "性别",
    "民族",
    "出生年月",
    "学历",
    "政治面貌",
    "职级",
    "现任职务",
    "拟任职务",
]
# (proposed post, current post, rank, birth, female); the first two are the 党政正职
COMMITTEE = [
    ("党委书记", "镇长", "正科级", dt.date(1978, 4, 12), False),
    ("党委副书记、镇长", "党委副书记", "副科级", dt.date(1983, 9, 3), False),
    ("党委副书记、纪委书记", "纪委书记", "副科级", dt.date(1981, 2, 20), False),
    ("人大主席", "人大主席", "副科级", dt.date(1972, 11, 8), False),
    ("组织委员", "组织委员", "副科级", dt.date(1986, 5, 16), True),
    ("宣传委员", "宣传委员", "副科级", dt.date(1984, 7, 9), False),
    ("武装部长", "武装部长", "副科级", dt.date(1979, 3, 1), False),
    ("副镇长", "副镇长", "副科级", dt.date(1985, 12, 30), False),
    ("党委委员", "镇政府办公室主任", "科员", dt.date(1990, 6, 19), False),  # 35 on the day
    ("党委委员", "镇财政所所长", "科员", dt.date(1988, 1, 25), False),
    ("党委委员", "溪口村党支部书记", "无", dt.date(1975, 8, 14), False),
]


def committee(past: bool) -> list[list[str]]:
    """11 candidates for 9 seats exactly on every threshold, or one past each."""
    rng = random.Random(9)
    used: set[str] = set()
    people = list(COMMITTEE)
    if past:
        people[1] = ("党委副书记、镇长", "党委副书记", "科员", dt.date(1983, 9, 3), False)
        people[2] = ("纪委书记", "纪委书记", "副科级", dt.date(1981, 2, 20), False)
        people[3] = ("专职副书记", "人大主席", "副科级", dt.date(1972, 11, 8), False)
        people[4] = ("组织委员", "组织委员", "副科级", dt.date(1986, 5, 16), False)  # no woman
        people[8] = ("党委委员", "镇政府办公室主任", "科员", dt.date(1990, 6, 18), False)  # 36
        people = people[:10]  # 10 candidates for 9 seats: one short of the 差额
    rows = []
    for proposed, current, rank, birth, female in people:
        rows.append(
            [
                name(rng, female, used),
                "女" if female else "男",
                "汉族",
                f"{birth:%Y.%m.%d}",
                "本科",
                "中共党员",
                rank,
                current,
                proposed,
            ]
        )
    ordered, _missing = sorted_by_strokes(rows, lambda r: r[0])
    return ordered  # in stroke order, as the ballot will print them


def election() -> str:
    units = "\n".join(
        f"  - {{name: {u}, members: {m}, organizations: {o}, seats: {s}}}"
        for u, m, o, s in seats_by_unit()
    )
    return f"""# 选举概况 / election profile: 临溪县石门镇 (docs/writing-rules.md)
township: 石门镇
election_date: {ELECTION.isoformat()}
rules: linxi-2026.yaml
villages: 12
population: 36000
party_members: {{total: 1000, women: 260, minority: 40}}
delegate_seats: {SEATS}
higher_delegate_seats: 8
government_team:
  - {{name: 覃志远, gender: 男, birth_date: 1980-10-02, post: 副镇长, workplace: 石门镇人民政府}}
units:
{units}
"""


def write_csv(path: Path, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))


def main(out: Path = OUT) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "election.yaml").write_text(election(), encoding="utf-8")
    for past in (False, True):
        suffix = "past" if past else "on"
        write_csv(out / f"delegates-{suffix}.csv", [DELEGATE_HEADER, *delegates(past)])
        write_csv(out / f"committee-{suffix}.csv", [COMMITTEE_HEADER, *committee(past)])


if __name__ == "__main__":
    main()
