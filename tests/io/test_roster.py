import datetime as dt
from pathlib import Path

import pytest

from electkit.core.errors import InputError
from electkit.core.findings import Severity, Text
from electkit.core.models import Gender
from electkit.io.roster import Roster, read_roster
from tests.helpers import write_csv

DATA = Path(__file__).resolve().parent.parent / "data" / "roster"


def test_gbk_file_with_title_and_blank_rows() -> None:
    roster = read_roster(DATA / "gbk_title_row.csv")
    assert roster.encoding == "gb18030"
    assert roster.header_row == 3
    assert [(p.row, p.name) for p in roster.persons] == [(4, "王芳"), (5, "李建国")]
    assert roster.persons[1].minority is True
    assert roster.persons[1].birth_date == dt.date(1979, 11, 1)
    assert roster.findings == []


def test_english_headers() -> None:
    roster = read_roster(DATA / "english_headers.csv")
    person = roster.persons[0]
    assert person.gender is Gender.FEMALE and person.education == 5
    assert person.id_number == "11010519491231002X"
    assert roster.columns["birth_date"] == "birth_date"


def test_total_row_is_an_error_not_a_person() -> None:
    roster = read_roster(DATA / "total_row.csv")
    assert len(roster.persons) == 2
    assert [f.key() for f in roster.findings] == [("IN-TOTAL", (4,), None)]
    assert roster.findings[0].severity.value == "error"


def test_trailing_notes_are_skipped_and_reported() -> None:
    roster = read_roster(DATA / "trailing_note.csv")
    assert [p.name for p in roster.persons] == ["王芳"]
    assert [(f.rule, f.rows) for f in roster.findings] == [
        ("IN-SKIPPED", (4,)),
        ("IN-SKIPPED", (5,)),
    ]


def test_no_header_stops_with_a_clear_error() -> None:
    with pytest.raises(InputError) as caught:
        read_roster(DATA / "no_header.csv")
    assert caught.value.problems[0].message_id == "roster.no_header"
    assert caught.value.problems[0].file.endswith("no_header.csv")


def test_duplicate_column() -> None:
    with pytest.raises(InputError) as caught:
        read_roster(DATA / "duplicate_column.csv")
    problem = caught.value.problems[0]
    assert (problem.message_id, problem.row, problem.column) == (
        "roster.duplicate_column",
        1,
        "C (出生日期)",
    )


def test_every_bad_cell_in_one_pass() -> None:
    roster = read_roster(DATA / "bad_cells.csv")
    keys = [(f.rule, f.rows[0], f.column, f.value) for f in roster.findings]
    assert keys == [
        ("IN-VALUE", 2, "性别", "F?"),
        ("IN-VALUE", 2, "出生年月", "1985.13"),
        ("IN-VALUE", 2, "学历", "幼儿园"),
        ("IN-VALUE", 3, "政治面貌", "党外人士"),
        ("IN-VALUE", 3, "民族", "火星族"),
        ("IN-EMPTY", 4, "姓名", None),
    ]
    assert [p.name for p in roster.persons] == ["王芳", "李四"]
    assert roster.persons[0].birth_date is None  # unreadable: unknown, and reported


def test_full_width_name_and_digits() -> None:
    person = read_roster(DATA / "fullwidth_name.csv").persons[0]
    assert person.name == "王　芳" and person.name_key == "王芳"
    assert person.birth_date == dt.date(1985, 3, 1)


def test_utf16_tab_separated() -> None:
    roster = read_roster(DATA / "utf16_bom.csv")
    assert roster.encoding == "utf-16"
    assert roster.persons[0].gender is Gender.FEMALE


def _xlsx(
    path: Path, rows: list[list[object]], merges: tuple[str, ...] = (), sheets: int = 1
) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "代表名单"
    for row in rows:
        sheet.append(row)
    for merge in merges:
        sheet.merge_cells(merge)
    for i in range(1, sheets):
        book.create_sheet(f"表{i + 1}").append(["姓名", "性别"])
    book.save(path)
    return path


def test_xlsx_with_title_merged_two_line_header_and_date_cells(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "merged_header.xlsx",
        [
            ["中共某某乡第十次代表大会代表名单"],
            ["序号", "姓名", "性别", "出生年月", "工作单位及职务", None],
            [None, None, None, None, "单位", "职务"],
            [1, "王芳", "女", dt.datetime(1985, 3, 12), "某某村", "支书"],
            [2, "李四", "男", 1985.03, "某某村", "主任"],
        ],
        merges=("A1:F1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:F2"),
    )
    roster = read_roster(path)
    assert roster.header_row == 2
    assert [(p.row, p.name, p.birth_date) for p in roster.persons] == [
        (4, "王芳", dt.date(1985, 3, 12)),
        (5, "李四", dt.date(1985, 3, 1)),
    ]
    assert roster.sheet == "代表名单"


def test_xlsx_id_number_typed_as_number(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "id.xlsx", [["姓名", "身份证号"], ["王芳", 110105194912310021]])
    roster = read_roster(path)
    finding = roster.findings[0]
    assert (finding.rule, finding.rows, finding.column) == ("IN-VALUE", (2,), "身份证号")
    assert (finding.message_id, finding.severity) == ("cell.id_cut", Severity.ERROR)
    assert finding.value == "110105194912310000"  # as the spreadsheet shows it
    assert roster.persons[0].id_number is None


def test_xlsx_sheet_choice(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "two.xlsx", [["姓名", "性别"], ["王芳", "女"]], sheets=2)
    assert read_roster(path, sheet="表2").persons == []
    with pytest.raises(InputError) as caught:
        read_roster(path, sheet="没有")
    assert caught.value.problems[0].params["sheets"] == Text(zh="代表名单、表2", en="代表名单, 表2")


@pytest.mark.parametrize(
    ("name", "content", "message_id"),
    [
        ("missing.csv", None, "file.not_found"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "table.bad_excel"),
        ("roster.pdf", b"%PDF-1.4", "table.unknown_type"),
    ],
)
def test_unreadable_files(
    tmp_path: Path, name: str, content: bytes | None, message_id: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_roster(path)
    assert caught.value.problems[0].message_id == message_id


# 基本情况 merged across 性别/民族/出生年月, which are on the second row; the other headers are
# merged down over both rows (issue: "IN-COLUMN unknown column '基本情况'" and three columns lost)
GROUPED_HEADER = [
    ["中共青山乡第十次代表大会代表名单"],
    ["序号", "姓名", "基本情况", None, None, "政治面貌", "代表类别"],
    [None, None, "性别", "民族", "出生年月", None, None],
    [1, "王芳", "女", "彝族", "1966.01", "中共党员", "领导干部"],
    [2, "李敏强", "男", "汉族", "1973.02", "中共党员", "专业技术人员"],
]


def _grouped(roster: Roster) -> None:
    assert roster.header_row == 2
    assert list(roster.columns) == [
        "name",
        "gender",
        "ethnicity",
        "birth_date",
        "party_status",
        "category",
    ]
    assert roster.columns["birth_date"] == "出生年月"
    assert [(p.row, p.name, p.gender, p.ethnicity, p.birth_date) for p in roster.persons] == [
        (4, "王芳", Gender.FEMALE, "彝族", dt.date(1966, 1, 1)),
        (5, "李敏强", Gender.MALE, "汉族", dt.date(1973, 2, 1)),
    ]
    assert roster.rows == 2
    assert roster.findings == []


def test_xlsx_group_title_merged_over_a_second_header_line(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "grouped.xlsx",
        GROUPED_HEADER,
        merges=("A1:G1", "A2:A3", "B2:B3", "C2:E2", "F2:F3", "G2:G3"),
    )
    _grouped(read_roster(path))


def test_csv_group_title_over_a_second_header_line(tmp_path: Path) -> None:
    """The same sheet saved as CSV: the merged cells are blank."""
    rows = [["" if c is None else c for c in row] for row in GROUPED_HEADER]
    _grouped(read_roster(write_csv(tmp_path / "grouped.csv", rows)))


def test_second_line_without_known_headers_is_only_skipped(tmp_path: Path) -> None:
    """Sub-labels under a known header (单位/职务 under 工作单位及职务) are not columns."""
    path = write_csv(
        tmp_path / "sub.csv",
        [
            ["姓名", "性别", "基本情况", "工作单位及职务", ""],
            ["", "", "", "单位", "职务"],
            ["王芳", "女", "", "某某村", "支书"],
        ],
    )
    roster = read_roster(path)
    assert [p.name for p in roster.persons] == ["王芳"]
    assert roster.persons[0].position == "某某村"
    assert roster.columns == {"name": "姓名", "gender": "性别", "position": "工作单位及职务"}
    assert [f.column for f in roster.findings if f.rule == "IN-COLUMN"] == ["基本情况"]


# 基本情况 merged across 姓名/性别/民族/出生年月 (on the second row), the other headers merged
# down over both rows: the header row found is the second, which holds 姓名 (review N6: in a
# CSV every column of the first row was lost, and ten rules were not checked, exit 0)
TITLE_OVER_NAME = [
    ["序号", "基本情况", None, None, None, "学历", "政治面貌", "身份证号", "立案审查"],
    [None, "姓名", "性别", "民族", "出生年月", None, None, None, None],
    [1, "王芳", "女", "彝族", "1966.01", "初中", "中共党员", "53032519660101100X", "否"],
    [2, "李敏强", "男", "汉族", "1973.02", "大专", "中共预备党员", "530325197302021018", "否"],
]


def _title_over_name(roster: Roster) -> None:
    assert list(roster.columns) == [
        "name",
        "gender",
        "ethnicity",
        "birth_date",
        "education",
        "party_status",
        "id_number",
        "under_investigation",
    ]
    assert [
        (p.row, p.name, p.gender, p.birth_date, p.education_label, p.id_number)
        for p in roster.persons
    ] == [
        (3, "王芳", Gender.FEMALE, dt.date(1966, 1, 1), "初中", "53032519660101100X"),
        (4, "李敏强", Gender.MALE, dt.date(1973, 2, 1), "大专", "530325197302021018"),
    ]
    assert [p.under_investigation for p in roster.persons] == [False, False]
    assert roster.rows == 2
    assert roster.findings == []


def test_csv_group_title_over_the_name_merges_the_first_header_line(tmp_path: Path) -> None:
    rows = [["" if c is None else c for c in row] for row in TITLE_OVER_NAME]
    roster = read_roster(write_csv(tmp_path / "over_name.csv", rows))
    assert roster.header_row == 1
    _title_over_name(roster)


def test_xlsx_group_title_over_the_name_still_reads_every_column(tmp_path: Path) -> None:
    merges = ("B1:E1", *(f"{c}1:{c}2" for c in "AFGHI"))
    _title_over_name(read_roster(_xlsx(tmp_path / "over_name.xlsx", TITLE_OVER_NAME, merges)))


def test_a_title_row_above_the_header_is_not_a_first_header_line(tmp_path: Path) -> None:
    """Only a row naming a known field over a blank header cell is merged; a title is not."""
    path = write_csv(
        tmp_path / "title.csv",
        [
            ["中共青山乡第十次代表大会代表名单", "", "", "", "备注栏"],
            ["", "姓名", "性别", "出生年月", ""],
            ["1", "王芳", "女", "1966.01", ""],
        ],
    )
    roster = read_roster(path)
    assert roster.header_row == 2
    assert list(roster.columns) == ["name", "gender", "birth_date"]
    assert [p.name for p in roster.persons] == ["王芳"]


# review N7: a notes or format-hint row right under a one-line header was read as a person
# (IN-EMPTY error, or a 151st delegate with every cell blank)
HINT_HEADER = ["序号", "姓名", "性别", "出生年月", "工作单位", "立案审查"]
HINT_PEOPLE = [
    ["1", "王芳", "女", "1966.01", "青山村", "否"],
    ["2", "李敏强", "男", "1973.02", "青山乡政府", "否"],
]


def _skipped_hint(roster: Roster, row: int, value: str) -> None:
    assert [p.name for p in roster.persons] == ["王芳", "李敏强"]
    assert roster.rows == 2
    assert [(f.rule, f.severity.value, f.message_id, f.rows, f.value) for f in roster.findings] == [
        ("IN-SKIPPED", "info", "in.skipped_hint", (row,), value)
    ]


def test_format_hint_row_under_the_header_is_skipped(tmp_path: Path) -> None:
    hints = ["", "", "", "(年.月)", "（填写全称）", "（是/否）"]
    path = write_csv(tmp_path / "hints.csv", [HINT_HEADER, hints, *HINT_PEOPLE])
    _skipped_hint(read_roster(path), 2, "(年.月)")


def test_note_in_the_name_column_under_the_header_is_skipped(tmp_path: Path) -> None:
    note = "（注：出生年月填写到月，身份证号按文本格式录入）"
    title = ["中共青山乡第十次代表大会代表名单"]
    path = write_csv(
        tmp_path / "note.csv", [title, HINT_HEADER, ["", note, "", "", "", ""], *HINT_PEOPLE]
    )
    _skipped_hint(read_roster(path), 3, note[:40])


@pytest.mark.parametrize(
    "note",
    ["注：出生年月填写到月", "说明", "填表说明：身份证号按文本录入"],
    ids=["注", "说明", "填表说明"],
)
def test_note_word_in_the_name_column_is_no_person(tmp_path: Path, note: str) -> None:
    path = write_csv(tmp_path / "note.csv", [HINT_HEADER, ["", note], *HINT_PEOPLE])
    _skipped_hint(read_roster(path), 2, note)


def test_xlsx_note_merged_across_under_the_header_is_skipped(tmp_path: Path) -> None:
    rows: list[list[object]] = [HINT_HEADER, ["填表说明：出生年月填写到月"], *HINT_PEOPLE]
    path = _xlsx(tmp_path / "note.xlsx", rows, merges=("A2:F2",))
    _skipped_hint(read_roster(path), 2, "填表说明：出生年月填写到月")


def test_a_person_under_the_header_is_never_taken_for_a_hint(tmp_path: Path) -> None:
    """A name of 2 to 4 Chinese characters is read, even beside hint-like cells; a row with
    data but no name is still IN-EMPTY; a hint row after the first person is not skipped."""
    path = write_csv(
        tmp_path / "people.csv",
        [
            HINT_HEADER,
            ["", "注明华", "", "(年.月)", "", "（是/否）"],
            ["", "", "女", "1966.01", "", ""],
            *HINT_PEOPLE,
            ["", "", "", "(年.月)", "", ""],
        ],
    )
    roster = read_roster(path)
    assert [p.name for p in roster.persons] == ["注明华", "王芳", "李敏强"]
    assert [(f.rule, f.rows) for f in roster.findings if f.rule in ("IN-EMPTY", "IN-SKIPPED")] == [
        ("IN-EMPTY", (3,)),
        ("IN-EMPTY", (6,)),
    ]


def test_a_fill_in_note_below_the_table_is_skipped(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "tail.csv", [HINT_HEADER, *HINT_PEOPLE, ["填表说明：出生年月填写到月"]]
    )
    roster = read_roster(path)
    assert [(f.rule, f.message_id, f.rows) for f in roster.findings] == [
        ("IN-SKIPPED", "in.skipped_note", (4,))
    ]
