"""Generate the example township in examples/ (deterministic: the same files every run).

No real person's data: names are drawn from common surnames and given-name characters, and ID
numbers are made up with a valid GB 11643 check digit. A few problems are planted so that
`make demo` has something real to find (listed in examples/README.md).

    python scripts/make_examples.py        # rewrites examples/qingshan/* and examples/county/

The example county (five townships as a county workspace, with counting books) is written by
``main_county``, from scripts/make_county_example.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import re
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

from electkit.core.idnumber import check_digit
from electkit.core.strokes import sorted_by_strokes

OUT = Path(__file__).resolve().parent.parent / "examples" / "qingshan"
TOWNSHIP = "青山乡"
REGION = "530325"
ELECTION = dt.date(2006, 3, 20)

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN_M = list("建国伟强军平华明志勇杰涛斌超刚辉鹏海文林春云飞德兴福贵荣昌顺")
GIVEN_F = list("芳丽娟敏静燕艳霞玲萍红梅英兰琴秀桂凤莲珍惠雪")
UNITS = [
    ("乡机关党总支", 96),
    ("乡直单位党支部", 70),
    ("中心学校党支部", 58),
    ("卫生院党支部", 34),
    ("青山村党总支", 82),
    ("石桥村党总支", 75),
    ("河口村党支部", 63),
    ("龙潭村党支部", 60),
    ("马鞍村党支部", 58),
    ("松林村党支部", 55),
    ("白沙村党支部", 54),
    ("水井村党支部", 52),
    ("大坪村党支部", 50),
    ("小河村党支部", 48),
    ("新街村党支部", 47),
    ("老厂村党支部", 45),
    ("黄泥村党支部", 44),
    ("红岩村党支部", 42),
    ("中寨村党支部", 40),
    ("上营村党支部", 39),
    ("下营村党支部", 38),
    ("非公企业党支部", 50),
]
MINORITIES = ["彝族", "彝族", "彝族", "苗族", "回族", "布依族", "水族"]
EDU_LOW = ["小学"]
EDU = ["初中", "初中", "高中", "中专", "大专", "大专", "本科", "省委党校大专", "函授本科"]
DATE_FORMS = [
    lambda d: f"{d.year}.{d.month:02d}",
    lambda d: f"{d.year}.{d.month}",
    lambda d: f"{d.year}年{d.month}月",
    lambda d: f"{d.year}-{d.month:02d}",
    lambda d: f"{d.year}-{d.month:02d}-{d.day:02d}",
    lambda d: f"{d.year}/{d.month}/{d.day}",
]


def largest_remainder(seats: int, members: list[int]) -> list[int]:
    """Hamilton: floor of the exact quota, then the largest remainders (ties: more members)."""
    total = sum(members)
    quotas = [Fraction(seats * m, total) for m in members]
    out = [q.numerator // q.denominator for q in quotas]
    order = sorted(range(len(members)), key=lambda i: (-(quotas[i] - out[i]), -members[i], i))
    for i in order[: seats - sum(out)]:
        out[i] += 1
    return out


def make_id(rng: random.Random, birth: dt.date, female: bool) -> str:
    seq = rng.randrange(0, 50) * 2 + (0 if female else 1)
    body = f"{REGION}{birth:%Y%m%d}{rng.randrange(0, 10)}{seq:02d}"[:17]
    return body + check_digit(body)


def birth_for_age(rng: random.Random, age_low: int, age_high: int) -> dt.date:
    """A birth date giving a full-years age in the range on the election date."""
    age = rng.randint(age_low, age_high)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    later = (month, day) > (ELECTION.month, ELECTION.day)
    return dt.date(ELECTION.year - age - (1 if later else 0), month, day)


def people(rng: random.Random) -> list[dict[str, str]]:
    seats = largest_remainder(150, [m for _, m in UNITS])
    units = [u for (u, _), s in zip(UNITS, seats, strict=True) for _ in range(s)]
    categories = ["领导干部"] * 100 + ["专业技术人员"] * 25 + ["先进模范人物"] * 25
    rng.shuffle(categories)
    women = set(
        rng.sample(range(150), 33)
    )  # planted: below the 25% share of women members (needs 38)
    young = set(rng.sample(range(150), 95))
    minority = set(rng.sample(range(150), 14))
    low_edu = set(rng.sample(range(150), 20))
    used: set[str] = set()
    rows = []
    for i in range(150):
        female = i in women
        while True:
            name = rng.choice(SURNAMES) + "".join(
                rng.choice(GIVEN_F if female else GIVEN_M) for _ in range(rng.choice((1, 2, 2)))
            )
            if name not in used:
                used.add(name)
                break
        birth = birth_for_age(rng, 24, 39) if i in young else birth_for_age(rng, 42, 58)
        joined = dt.date(birth.year + rng.randint(20, 26), rng.randint(1, 12), 1)
        rows.append(
            {
                "序号": str(i + 1),
                "姓名": name,
                "性别": "女" if female else "男",
                "民族": rng.choice(MINORITIES) if i in minority else "汉族",
                "出生年月": rng.choice(DATE_FORMS)(birth),
                "学历": rng.choice(EDU_LOW) if i in low_edu else rng.choice(EDU),
                "政治面貌": "中共党员",
                "入党时间": f"{min(joined, dt.date(2005, 6, 1)):%Y.%m}",
                "代表类别": categories[i],
                "工作单位及职务": f"{units[i].removesuffix('党总支').removesuffix('党支部')}{rng.choice(['党支部书记', '主任', '会计', '教师', '医生', '村民小组长', '种植大户', '工人'])}",
                "选举单位": units[i],
                "身份证号": make_id(rng, birth, female),
                "党纪处分": "无",
                "立案审查": "否",
                "违反计划生育": "否",
                "备注": "",
            }
        )
    # planted problems (see examples/README.md)
    rows[17]["政治面貌"] = "中共预备党员"
    rows[42]["立案审查"] = "是"
    bad = rows[63]["身份证号"]
    rows[63]["身份证号"] = bad[:17] + ("0" if bad[17] != "0" else "1")
    rows[88]["出生年月"] = "1968.07"  # the ID number says otherwise
    rows[101]["姓名"] = rows[101]["姓名"][0] + "\u3000" + rows[101]["姓名"][1:]
    return rows


def save_xlsx(book: Any, path: Path) -> None:
    """Save a workbook with fixed zip timestamps, so the same script writes the same bytes."""
    import zipfile

    raw = io.BytesIO()
    book.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2006, 3, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2006-03-01T00:00:00Z", data
                )
            dst.writestr(fixed, data)
    path.write_bytes(out.getvalue())


def write_csv(rows: list[dict[str, str]], path: Path) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    header = list(rows[0])
    writer.writerow([f"中共{TOWNSHIP}第十次代表大会代表名单"] + [""] * (len(header) - 1))
    writer.writerow(header)
    for row in rows:
        writer.writerow(list(row.values()))
    writer.writerow(
        ["填表人：组织办　　审核人：党委副书记　　2006年3月1日"] + [""] * (len(header) - 1)
    )
    path.write_bytes(buf.getvalue().encode("gb18030"))


def write_xlsx(rows: list[dict[str, str]], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "代表名单"
    header = list(rows[0])
    sheet.append([f"中共{TOWNSHIP}第十次代表大会代表名单"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(header)
    for row in rows:
        values: list[object] = list(row.values())
        values[0] = int(row["序号"])
        sheet.append(values)
    sheet.append([])
    sheet.append(["注：本表由各选举单位填报，乡党委组织办汇总。"])
    sheet.freeze_panes = "A3"
    for col, width in zip(
        "ABCDEFGHIJKLMNOP",
        (6, 10, 6, 8, 12, 10, 12, 12, 14, 28, 16, 22, 10, 10, 12, 10),
        strict=False,
    ):
        sheet.column_dimensions[col].width = width
    book.properties.creator = "electkit examples"
    book.properties.created = dt.datetime(2006, 3, 1)
    book.properties.modified = dt.datetime(2006, 3, 1)
    save_xlsx(book, path)


def write_election(path: Path) -> None:
    seats = largest_remainder(150, [m for _, m in UNITS])
    lines = [
        "# 选举概况 / election profile (electkit): the example township",
        f"township: {TOWNSHIP}",
        f"election_date: {ELECTION.isoformat()}      # ages are full years completed on this date",
        "rules: fuyuan-2006",
        "villages: 17",
        "population: 38000",
        "party_members: {total: 1200, women: 300, minority: 96}",
        "delegate_seats: 150",
        "leadership_posts: 8",
        "government_team:   # 政府班子成员 not on the Party slate (they count in the team rules)",
        "  - {name: 钱立新, gender: 男, birth_date: 1981-05-06, post: 副乡镇长, workplace: 青山乡人民政府副乡长}",
        "units:",
    ]
    lines += [
        f"  - {{name: {u}, members: {m}, seats: {s}}}"
        for (u, m), s in zip(UNITS, seats, strict=True)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


SLATE_HEADER = [
    "序号",
    "姓名",
    "性别",
    "民族",
    "出生年月",
    "学历",
    "政治面貌",
    "参加工作时间",
    "现任职务",
    "任现职时间",
    "拟任职务",
    "籍贯",
    "工作单位及职务",
    "亲属",
    "连任届数",
    "身份证号",
]
# name, gender, ethnicity, birth, education, work start, current post, since, proposed, native place,
# workplace (where they work now), terms in the current post
COMMITTEE = [
    (
        "杨光明",
        "男",
        "汉族",
        "1966-08-12",
        "大学",
        "1986-07",
        "乡镇长",
        "2003-04",
        "书记",
        "富源县青山乡",
        "营上镇人民政府镇长",
        1,
    ),
    (
        "李春燕",
        "女",
        "彝族",
        "1972-02-03",
        "大专",
        "1993-08",
        "副书记",
        "2003-04",
        "乡镇长",
        "富源县后所镇",
        "青山乡党委副书记",
        1,
    ),
    (
        "王德兴",
        "男",
        "汉族",
        "1969-11-20",
        "本科",
        "1990-07",
        "组织委员",
        "2001-04",
        "专职副书记",
        "富源县竹园镇",
        "青山乡党委组织委员",
        1,
    ),
    (
        "张海涛",
        "男",
        "汉族",
        "1970-05-16",
        "大专",
        "1991-09",
        "纪委书记",
        "2003-04",
        "纪委书记",
        "富源县中安镇",
        "青山乡纪委书记",
        1,
    ),
    (
        "陈建华",
        "男",
        "汉族",
        "1965-03-02",
        "中专",
        "1984-10",
        "人大主席",
        "2003-04",
        "人大主席",
        "富源县青山乡",
        "青山乡人大主席",
        1,
    ),
    (
        "刘志勇",
        "男",
        "回族",
        "1974-09-09",
        "大专",
        "1995-08",
        "副乡镇长",
        "2003-04",
        "副乡镇长",
        "富源县大河镇",
        "青山乡人民政府副乡长",
        1,
    ),
    (
        "周鹏",
        "男",
        "汉族",
        "1974-12-01",
        "大专",
        "1996-12",
        "武装部长",
        "2004-06",
        "武装部长",
        "富源县墨红镇",
        "青山乡武装部长",
        1,
    ),
    (
        "赵丽",
        "女",
        "汉族",
        "1975-06-18",
        "本科",
        "1999-07",
        "宣传委员",
        "2003-04",
        "组织委员",
        "富源县富村镇",
        "青山乡党委宣传委员",
        1,
    ),
    (
        "孙文",
        "男",
        "汉族",
        "1973-01-25",
        "本科",
        "2000-07",
        "党政办主任",
        "2004-01",
        "宣传委员",
        "富源县黄泥河镇",
        "青山乡党政办主任",
        0,
    ),
    (
        "马飞",
        "男",
        "汉族",
        "1980-04-07",
        "大专",
        "2001-08",
        "团委书记",
        "2005-03",
        "委员",
        "富源县十八连山镇",
        "青山乡团委书记",
        0,
    ),
    (
        "吴敏",
        "女",
        "汉族",
        "1973-10-30",
        "中专",
        "1997-09",
        "计生办主任",
        "2002-05",
        "委员",
        "富源县老厂镇",
        "青山乡计生办主任",
        0,
    ),
]
DISCIPLINE = [
    ("张海涛", "男", "汉族", "1970-05-16", "大专", "纪委书记"),
    ("何红梅", "女", "汉族", "1975-07-21", "大专", "纪委副书记"),
    ("罗建国", "男", "彝族", "1968-02-14", "高中", "纪委委员"),
    ("郭兴", "男", "汉族", "1979-09-03", "本科", "纪委委员"),
    ("林昌顺", "男", "汉族", "1963-12-28", "中专", "纪委委员"),
]


def write_slates(rng: random.Random) -> None:
    """The committee slate (a 书记 candidate native to the township: CS-NATIVE) as .xlsx, and
    the discipline slate (5 candidates for 5 seats: no 差额, CS-DEXTRA) as a GB18030 CSV."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "委员候选人"
    sheet.append([f"中共{TOWNSHIP}第十届委员会委员候选人预备人选名单"])
    sheet.append(SLATE_HEADER)
    for i, (
        name,
        gender,
        group,
        birth,
        edu,
        work,
        post,
        since,
        proposed,
        native,
        place,
        terms,
    ) in enumerate(sorted_by_strokes(COMMITTEE, lambda c: c[0])[0]):  # printed in stroke order
        born = dt.date.fromisoformat(birth)
        sheet.append(
            [
                i + 1,
                name,
                gender,
                group,
                birth,
                edu,
                "中共党员",
                work,
                post,
                since,
                proposed,
                native,
                place,
                "",
                terms,
                make_id(rng, born, gender == "女"),
            ]
        )
    book.properties.creator = "electkit examples"
    book.properties.created = dt.datetime(2006, 3, 1)
    book.properties.modified = dt.datetime(2006, 3, 1)
    save_xlsx(book, OUT / "committee.xlsx")
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(
        ["序号", "姓名", "性别", "民族", "出生年月", "学历", "政治面貌", "拟任职务", "身份证号"]
    )
    discipline, _ = sorted_by_strokes(DISCIPLINE, lambda c: c[0])
    for i, (name, gender, group, birth, edu, proposed) in enumerate(discipline):
        born = dt.date.fromisoformat(birth)
        writer.writerow(
            [
                i + 1,
                name,
                gender,
                group,
                birth.replace("-", ".")[:7],
                edu,
                "中共党员",
                proposed,
                make_id(rng, born, gender == "女"),
            ]
        )
    (OUT / "discipline.csv").write_bytes(buf.getvalue().encode("gb18030"))


def write_units() -> None:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["选举单位", "党员数", "党组织数"])
    for name, members in UNITS:
        writer.writerow([name, members, 1 if "支部" in name else 3])
    (OUT / "units.csv").write_bytes(buf.getvalue().encode("utf-8-sig"))


def main(out: Path | None = None) -> None:
    """Write the example township into ``out`` (default: examples/qingshan)."""
    global OUT
    OUT = out or OUT
    OUT.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20060320)
    rows = people(rng)
    write_csv(rows, OUT / "delegates.csv")
    write_xlsx(rows, OUT / "delegates.xlsx")
    write_election(OUT / "election.yaml")
    write_units()
    write_slates(rng)


def main_county(out: Path | None = None) -> None:
    """Write the example county into ``out`` (default: examples/county)."""
    import importlib.util

    path = Path(__file__).resolve().parent / "make_county_example.py"
    spec = importlib.util.spec_from_file_location("make_county_example", path)
    assert spec and spec.loader
    module = sys.modules.setdefault(spec.name, importlib.util.module_from_spec(spec))
    spec.loader.exec_module(module)  # a dataclass module must be in sys.modules
    module.main(out)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    main_county(Path(sys.argv[2]) if len(sys.argv) > 2 else None)
