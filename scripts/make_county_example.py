"""Generate the example county in examples/county/ (deterministic: the same files every run).

富源县's fictional round of five township elections, as a county workspace: county.yaml and a
folder per township with its election.yaml (exactly what ``electkit county init`` derives from
county.yaml), delegate list, committee and discipline slates, contest files and a counting book
in which two tellers entered the ballots and the count was made official. Called by
scripts/make_examples.py; listed in examples/README.md.

- 青山乡, 龙潭彝族乡: complete, counted officially.
- 石桥镇: counted officially; its delegate list has a probationary member (EL-FULL), and its
  new committee has no woman (the county-wide share of women among new members falls short).
- 河口镇: a contest not yet counted — the book is open, no ballot entered.
- 马鞍乡: the committee counted officially; the discipline committee only from its ballot
  file (a TEST count), so the county report is TEST.

The county's rule set (县级规则.yaml) extends fuyuan-2006 with two county-level rules, and both
fall short (planted): no township's team has a 书记 or 乡镇长 aged 30 or under (CT-YOUNGHEAD), and
only 青山乡's team has a 副科级 cadre aged 27 or under, where a third of the five townships (2)
need one (CT-YOUNG27).
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import io
import random
import shutil
import sys
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "examples" / "county"
COUNTY = "富源县"
ROUND = "2006年乡镇党委换届"
RULES = "县级规则.yaml"  # the county's own rule set: fuyuan-2006 and two county-level rules
COUNTY_RULES = """\
# 县级规则 / the county's own rule set (electkit): fuyuan-2006 for each township, and two
# county-level rules over all the townships (kinds county_share and townships_with). Their text is
# quoted from a 2006 county implementing opinion whose title is not visible in the copy found
# (a county of 13 townships; the page writes "1 3个"); this example county adopts them.
name: fuyuan-county-example
title: {zh: 示例县2006年乡镇党委换届规则(富源县通知及县级年龄结构要求), en: Example county 2006 rules (Fuyuan notice and county-level age structure)}
extends: fuyuan-2006
documents:
  D3: {title: 某县乡镇党委换届工作实施意见(2006)(标题不可见), where: "https://m.77cn.com.cn/cehua/gongzuo/47886_2.html"}
rules:
  - code: CT-YOUNGHEAD
    kind: county_share
    severity: error
    title: {zh: 全县至少有1名30岁以下的党政正职, en: At least one Party or government head aged 30 or under in the county}
    params:
      group: {label: {zh: 30岁以下的党政正职, en: heads aged 30 or under}, age: {max: 30}, posts: [书记, 乡镇长]}
      of: team
      count_at_least: 1
    source: {text: "1 3个乡镇中至少有1名30岁以下的党政正职", ref: "(四)2", doc: D3, quality: local}
  - code: CT-YOUNG27
    kind: townships_with
    severity: error
    title: {zh: 三分之一以上的乡镇党政班子中至少有1名27岁以下的副科级以上领导干部, en: "In a third of the townships or more, a section-level cadre aged 27 or under"}
    params:
      group: {label: {zh: 27岁以下的副科级以上领导干部, en: section-level cadres aged 27 or under}, age: {max: 27}, rank: {at_least: 副科级}}
      of: team
      townships_share: 1/3
    source: {text: "三分之一以上的乡镇党政班子中,至少要有1名27岁以下的副科级以上领导干部", ref: "(四)2", doc: D3, quality: local}
"""
BOOK = "计票簿.book"
CLERKS = ("张丽", "李强")


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)  # dataclasses look their module up there
    spec.loader.exec_module(sys.modules[name])
    return sys.modules[name]


@dataclass(frozen=True)
class Township:
    """One township of the example county."""

    name: str
    date: dt.date
    villages: int
    population: int
    members: int
    women: int
    minority: int
    delegates: int
    seed: int
    minority_area: bool = False
    counted: tuple[str, ...] = ("committee", "discipline")  # contests counted in the book
    test_counted: tuple[str, ...] = ()  # contests counted from their ballot file only
    probationary: bool = False  # plant a probationary member on the delegate list (EL-FULL)
    no_woman_elected: bool = False
    young_deputy: bool = False  # a 副科级 member of the team aged 27 or under
    absent: int = 2  # delegates not present at the congress
    higher: bool = False  # also elect 10 delegates to the county congress (12 candidates)


TOWNSHIPS = (
    Township("青山乡", dt.date(2006, 3, 20), 17, 38000, 1200, 300, 96, 150, 1, young_deputy=True),
    Township(
        "石桥镇",
        dt.date(2006, 3, 21),
        12,
        45000,
        900,
        200,
        45,
        120,
        2,
        probationary=True,
        no_woman_elected=True,
    ),
    Township("河口镇", dt.date(2006, 3, 22), 9, 26000, 640, 150, 30, 100, 3, counted=()),
    Township(
        "马鞍乡",
        dt.date(2006, 3, 23),
        11,
        31000,
        760,
        170,
        60,
        110,
        4,
        counted=("committee",),
        test_counted=("discipline",),
    ),
    Township(
        "龙潭彝族乡", dt.date(2006, 3, 24), 8, 22000, 520, 120, 260, 100, 5, minority_area=True
    ),
)
# the proposed posts of every committee slate (fuyuan-2006: 书记, 2 副书记, the six members)
POSTS = (
    "书记",
    "乡镇长",
    "专职副书记",
    "纪委书记",
    "人大主席",
    "副乡镇长",
    "武装部长",
    "组织委员",
    "宣传委员",
    "委员",
    "委员",
)


def county_yaml() -> str:
    """county.yaml (the rows ``electkit county init`` turns into each election.yaml)."""
    lines = [
        "# 全县换届工作区 / county workspace (electkit county init)",
        f"county: {COUNTY}",
        f"rules: {RULES}",
        f"round: {ROUND}",
        "townships:",
    ]
    for t in TOWNSHIPS:
        row = (
            f"  - {{name: {t.name}, election_date: {t.date.isoformat()}, villages: {t.villages}, "
            f"population: {t.population}, party_members: {{total: {t.members}, women: {t.women}, "
            f"minority: {t.minority}}}, delegate_seats: {t.delegates}"
        )
        lines.append(row + (", minority_area: true}" if t.minority_area else "}"))
    return "\n".join(lines) + "\n"


class Names:
    """Fictional names, none twice in a township."""

    def __init__(self, base: ModuleType, rng: random.Random) -> None:
        self.base, self.rng, self.used = base, rng, set[str]()

    def __call__(self, female: bool) -> str:
        base = self.base
        while True:
            given = base.GIVEN_F if female else base.GIVEN_M
            name = self.rng.choice(base.SURNAMES) + "".join(
                self.rng.choice(given) for _ in range(self.rng.choice((1, 2, 2)))
            )
            if name not in self.used:
                self.used.add(name)
                return name


def born(rng: random.Random, age: int, on: dt.date) -> dt.date:
    """A birth date giving exactly ``age`` full years on ``on``."""
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    later = (month, day) > (on.month, on.day)
    return dt.date(on.year - age - (1 if later else 0), month, day)


def delegates(base: ModuleType, t: Township, rng: random.Random, names: Names) -> list[list[Any]]:
    """The delegate list: shares that meet fuyuan-2006 (70% leaders, 15% technical, 15% models,
    ≥ 60% aged 40 or under, ≥ 80% junior middle school, women and minority at least their
    share of the members)."""
    n = t.delegates
    leaders, technical = round(n * Fraction(7, 10)), round(n * Fraction(15, 100))
    categories = ["领导干部"] * leaders + ["专业技术人员"] * technical
    categories += ["先进模范人物"] * (n - len(categories))
    rng.shuffle(categories)
    women = set(rng.sample(range(n), -(-n * t.women // t.members) + 2))
    minority = set(rng.sample(range(n), -(-n * t.minority // t.members) + 1))
    young = set(rng.sample(range(n), -(-n * 3 // 5) + 4))
    low = set(rng.sample(range(n), n // 10))
    rows = []
    for i in range(n):
        female = i in women
        birth = born(rng, rng.randint(24, 39) if i in young else rng.randint(42, 58), t.date)
        joined = dt.date(birth.year + rng.randint(20, 26), rng.randint(1, 12), 1)
        rows.append(
            [
                i + 1,
                names(female),
                "女" if female else "男",
                rng.choice(base.MINORITIES) if i in minority else "汉族",
                f"{birth.year}.{birth.month:02d}",
                rng.choice(base.EDU_LOW) if i in low else rng.choice(base.EDU),
                "中共党员",
                f"{min(joined, dt.date(2005, 6, 1)):%Y.%m}",
                categories[i],
                f"{t.name}{rng.choice(['某村党支部书记', '中心学校教师', '卫生院医生', '农技站站长', '种植大户'])}",
                base.make_id(rng, birth, female),
                "无",
                "否",
                "否",
            ]
        )
    if t.probationary:
        rows[11][6] = "中共预备党员"
    return rows


DELEGATE_HEADER = [
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
    "身份证号",
    "党纪处分",
    "立案审查",
    "违反计划生育",
]


def committee(
    base: ModuleType, t: Township, rng: random.Random, names: Names
) -> list[dict[str, Any]]:
    """The committee slate: the example township's slate as a pattern, with this township's
    names, places, ranks (职级) and ages (none of the 正职 aged 30 or under; one 副科级 member
    aged 26, or 28–29)."""
    others = [x.name for x in TOWNSHIPS if x.name != t.name]
    out = []
    for index, (template, post) in enumerate(zip(base.COMMITTEE, POSTS, strict=True)):
        female = template[1] == "女" and not (t.no_woman_elected and post == "乡镇长")
        young = index == 9  # the team's young member: 26, or 28–29 (27岁以下 in one township only)
        age = (26 if t.young_deputy else 28 + rng.randint(0, 1)) if young else rng.randint(31, 44)
        birth = born(rng, age, t.date)
        current = template[6] if post != "书记" else "乡镇长"
        here = post not in ("书记",) and index != 6  # the 书记 and the 武装部长 come by exchange
        place = t.name if here else rng.choice(others)
        out.append(
            {
                "姓名": names(female),
                "性别": "女" if female else "男",
                "民族": ("彝族" if t.minority_area and index in (1, 5) else template[2]),
                "出生年月": f"{birth.year}.{birth.month:02d}",
                "学历": template[4],
                "政治面貌": "中共党员",
                "参加工作时间": f"{birth.year + 21}.{rng.randint(7, 9):02d}",
                "现任职务": current,
                "职级": "正科级"
                if post in ("书记", "乡镇长")
                else "科员"
                if index == 10
                else "副科级",
                "任现职时间": f"{t.date.year - rng.randint(2, 4)}.04",
                "拟任职务": post,
                "籍贯": f"{COUNTY}{rng.choice(others)}",
                "工作单位及职务": workplace(place, current),
                "连任届数": 1 if index < 9 else 0,
                "身份证号": base.make_id(rng, birth, female),
            }
        )
    return out


def workplace(place: str, post: str) -> str:
    """Where a cadre works now, as written on a slate: 石桥镇人民政府镇长, 青山乡党委组织委员."""
    if post == "乡镇长":
        return f"{place}人民政府{place[-1]}长"
    if post == "副乡镇长":
        return f"{place}人民政府副{place[-1]}长"
    return f"{place}党委{post}"


def discipline(
    base: ModuleType, t: Township, rng: random.Random, names: Names, secretary: dict[str, Any]
) -> list[dict[str, Any]]:
    """The discipline slate: 6 candidates for 5 seats, the 纪委书记 also on the committee slate."""
    out = [
        {
            k: secretary[k]
            for k in ("姓名", "性别", "民族", "出生年月", "学历", "政治面貌", "身份证号")
        }
        | {"拟任职务": "纪委书记"}
    ]
    for index, post in enumerate(("纪委副书记", "纪委委员", "纪委委员", "纪委委员", "纪委委员")):
        female = index in (0, 3)
        birth = born(rng, rng.randint(28, 50), t.date)
        out.append(
            {
                "姓名": names(female),
                "性别": "女" if female else "男",
                "民族": "汉族",
                "出生年月": f"{birth.year}.{birth.month:02d}",
                "学历": rng.choice(["大专", "本科", "中专"]),
                "政治面貌": "中共党员",
                "身份证号": base.make_id(rng, birth, female),
                "拟任职务": post,
            }
        )
    return out


def write_people(
    base: ModuleType, path: Path, title: str, header: list[str], rows: list[list[Any]]
) -> None:
    """An .xlsx list as staff keep it: a title row, the header, the rows."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.properties.creator = "electkit examples"
    book.properties.created = dt.datetime(2006, 3, 1)
    book.properties.modified = dt.datetime(2006, 3, 1)
    base.save_xlsx(book, path)


def contest_yaml(
    title: str, contest: str, seats: int, entitled: int, present: int, names: list[str]
) -> str:
    """A contest file for ``tally count`` and the counting book."""
    return (
        "\n".join(
            [
                f"# {title}：选举文件 / contest file",
                f"contest: {contest}",
                f"title: {title}",
                f"seats: {seats}",
                f"entitled: {entitled}",
                f"present: {present}",
                "rules: fuyuan-2006",  # the counting rules (the county set adds none)
                f"candidates: [{', '.join(names)}]   # 按姓氏笔画为序",
            ]
        )
        + "\n"
    )


def ballots_csv(ballots: ModuleType, plan: Any) -> bytes:
    """The ballot file a teller's entries export to (the ``tally count`` format)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["选票编号", *plan.agree, "另选他人", "废票"])
    writer.writerows(ballots.ballots(plan))
    return buf.getvalue().encode("utf-8")


def agree_counts(
    names: list[str], losers: set[str], present: int, rng: random.Random
) -> dict[str, int]:
    """Agree votes: the winners well over half of those present, the losers well under."""
    return {
        n: rng.randint(present * 3 // 10, present * 4 // 10)
        if n in losers
        else rng.randint(present * 7 // 10, present * 9 // 10)
        for n in names
    }


def write_township(
    base: ModuleType, ballots: ModuleType, sorted_by_strokes: Any, t: Township, root: Path
) -> None:
    rng = random.Random(20060320 + t.seed)
    names = Names(base, rng)
    folder = root / t.name
    (folder / "tally").mkdir(parents=True, exist_ok=True)
    roster = delegates(base, t, rng, names)
    title = f"中共{t.name}第十次代表大会代表名单"
    write_people(base, folder / "delegates.xlsx", title, DELEGATE_HEADER, roster)
    slate = committee(base, t, rng, names)
    ordered, _ = sorted_by_strokes(slate, lambda c: c["姓名"])
    header = ["序号", *slate[0]]
    write_people(
        base,
        folder / "committee.xlsx",
        f"中共{t.name}第十届委员会委员候选人预备人选名单",
        header,
        [[i + 1, *c.values()] for i, c in enumerate(ordered)],
    )
    disc = discipline(base, t, rng, names, slate[3])
    disc_ordered, _ = sorted_by_strokes(disc, lambda c: c["姓名"])
    write_people(
        base,
        folder / "discipline.xlsx",
        f"中共{t.name}纪律检查委员会委员候选人预备人选名单",
        ["序号", *disc[0]],
        [[i + 1, *c.values()] for i, c in enumerate(disc_ordered)],
    )
    entitled, present = t.delegates, t.delegates - t.absent
    women = [c["姓名"] for c in slate if c["性别"] == "女"]
    committee_losers = set(women) if t.no_woman_elected else {slate[8]["姓名"], slate[10]["姓名"]}
    contests = {
        "committee": (
            "委员",
            f"中共{t.name}第十届委员会委员",
            9,
            [c["姓名"] for c in ordered],
            committee_losers,
        ),
        "discipline": (
            "纪委委员",
            f"中共{t.name}纪律检查委员会委员",
            5,
            [c["姓名"] for c in disc_ordered],
            {disc[5]["姓名"]},
        ),
    }
    if t.higher:
        higher, _ = sorted_by_strokes([row[1] for row in roster[:12]], lambda n: n)
        title = f"{t.name}出席中共{COUNTY}第十次代表大会代表"
        contests["county_delegates"] = ("出席县党代会代表", title, 10, higher, set(higher[-2:]))
    files = []
    for key, (contest, title, seats, listed, losers) in contests.items():
        path = folder / "tally" / f"{key}.yaml"
        path.write_text(
            contest_yaml(title, contest, seats, entitled, present, listed), encoding="utf-8"
        )
        files.append(path)
        if key in t.counted or key in t.test_counted:
            plan = ballots.Plan(
                key=key,
                contest=contest,
                title=title,
                seats=seats,
                agree=agree_counts(listed, losers, present, rng),
                returned=present,
                seed=t.seed * 10 + len(files),
            )
            (folder / "tally" / f"{key}.csv").write_bytes(ballots_csv(ballots, plan))
    book(folder, [f for f in files if f.stem not in t.test_counted], t)
    for key in t.counted:  # entered into the book: the book's count is the one that stands
        (folder / "tally" / f"{key}.csv").unlink()


def book(folder: Path, files: list[Path], t: Township) -> None:
    """The counting book: both tellers entered the counted contests' ballots alike; the count
    is official. Entry times are fixed, so the book's head hash is the same every run."""
    import electkit.io.book as stored
    from electkit.io.book import Book
    from electkit.io.book_ops import count_book, import_rows, open_book, read_rows, record_returned

    stamp = f"{t.date.isoformat()}T15:00:00.000+08:00"
    original = stored.now
    stored.now = lambda: stamp  # type: ignore[assignment]
    try:
        open_book(folder / BOOK, files)
        with Book.open(folder / BOOK) as opened:
            for key in t.counted:
                ids = {
                    "committee": "委员",
                    "discipline": "纪委委员",
                    "county_delegates": "出席县党代会代表",
                }
                found = opened.contest(ids[key])
                rows, _ = read_rows(
                    folder / "tally" / f"{key}.csv", found.contest, sheet=None, encoding=None
                )
                record_returned(opened, found, len(rows))
                for clerk in CLERKS:
                    import_rows(opened, found, clerk, rows, batch=500, progress=lambda *_: None)
                count_book(opened, found, unofficial=False, single_entry=False)
    finally:
        stored.now = original


def main(out: Path | None = None) -> None:
    """Write the example county into ``out`` (default: examples/county)."""
    from electkit.core.strokes import sorted_by_strokes

    root = out or OUT
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    (root / "county.yaml").write_text(county_yaml(), encoding="utf-8")
    (root / RULES).write_text(COUNTY_RULES, encoding="utf-8")
    base, ballots = _script("make_examples"), _script("make_ballots")
    from electkit.app.county import election_text
    from electkit.io.county_file import read_county

    county = read_county(root / "county.yaml")
    for t, row in zip(TOWNSHIPS, county.townships, strict=True):
        write_township(base, ballots, sorted_by_strokes, t, root)
        (root / t.name / "election.yaml").write_text(
            election_text(county, row, root / t.name), encoding="utf-8"
        )


if __name__ == "__main__":
    main()
