"""Excel templates staff start from: the headers the readers accept, drop-down lists, one grey
example row (序号 = 示例) that the readers skip — by its 序号, or by its content when the 序号
column was deleted (``example_cells``)."""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from electkit.core.vocab import ETHNIC_GROUPS
from electkit.io.cells import text_of
from electkit.io.headers import PERSON_LOOKUP, header_key
from electkit.io.rules_loader import default_vocabulary
from electkit.io.table_writer import formula_like

EXAMPLE_MARK = "示例"
EXAMPLE_FIRST_MARK = "○"  # the ballot template's example row: agree with the first candidate
YES_NO = ("是", "否")
GENDERS = ("男", "女")
EDUCATION = ("小学", "初中", "高中", "中专", "大专", "本科", "研究生", "博士")
PARTY = ("中共党员", "中共预备党员")
# the national default categories (a cell may name several: 领导干部、生产和工作一线)
CATEGORIES = tuple(t.name for t in default_vocabulary().categories)
SANCTIONS = ("无", "警告", "严重警告", "撤销党内职务", "留党察看")
POSTS = (
    "书记",
    "副书记(乡镇长)",
    "专职副书记",
    "纪委书记",
    "纪委副书记",
    "专职委员",
    "兼职委员",
    "人大主席",
    "副乡镇长",
    "武装部长",
    "组织委员",
    "宣传委员",
    "委员",
)


@dataclass(frozen=True)
class Column:
    """A template column: header, width, drop-down choices and the example value."""

    header: str
    width: int
    example: object = ""
    choices: Sequence[str] = ()
    text: bool = False  # stored as text (ID numbers, dates typed as 1985.03)
    # an entry off the list is refused (a closed list: 性别, 民族, 是/否); otherwise Excel and
    # WPS warn and let staff keep what they typed (学历 "大学本科", 拟任职务 "党委副书记、乡长")
    closed: bool = False


PERSON = [
    Column("序号", 6, EXAMPLE_MARK),
    Column("姓名", 10, "张三"),
    Column("性别", 6, "男", GENDERS, closed=True),
    Column("民族", 9, "汉族", ETHNIC_GROUPS, closed=True),
    Column("出生年月", 11, "1975.03", text=True),
    Column("学历", 9, "大专", EDUCATION),
    Column("政治面貌", 13, "中共党员", PARTY),
    Column("入党时间", 11, "1998.07", text=True),
]
# a valid number that agrees with the example's 性别 (男: odd 17th digit) and 出生年月 (1975.03)
ID = Column("身份证号", 21, "110105197503151236", text=True)
DELEGATES = [
    *PERSON,
    Column("代表类别", 13, "领导干部", CATEGORIES),
    Column("工作单位及职务", 26, "某某村党支部书记"),
    Column("选举单位", 16, "某某村党支部"),
    ID,
    Column("党纪处分", 12, "无", SANCTIONS),
    Column("处分时间", 11, "", text=True),
    Column("留置逮捕", 9, "否", YES_NO, closed=True),
    Column("立案审查", 9, "否", YES_NO, closed=True),
    Column("违反计划生育", 12, "否", YES_NO, closed=True),
    Column("备注", 16),
]
CANDIDATES = [
    *PERSON,
    Column("参加工作时间", 12, "1995.07", text=True),
    Column("现任职务", 12, "副乡镇长", POSTS),
    Column("任现职时间", 11, "2003.04", text=True),
    Column("拟任职务", 14, "委员", POSTS),
    Column("籍贯", 16, "某某县某某镇"),
    Column("工作单位及职务", 26, "某某乡人民政府副乡长"),
    Column("亲属", 12),
    Column("连任届数", 9, 0),
    Column("新提拔", 8, "否", YES_NO, closed=True),
    ID,
    Column("党纪处分", 12, "无", SANCTIONS),
    Column("处分时间", 11, "", text=True),
    Column("选举单位", 16, ""),
    Column("备注", 16),
]
UNITS = [
    Column("选举单位", 20, EXAMPLE_MARK + "：某某村党支部"),
    Column("党员数", 10, 56),
    Column("党组织数", 10, 1),
]


def example_cells() -> list[dict[str, str]]:
    """The example row of each person template: its value in each column, by header as written
    (columns whose example is blank included, as blank)."""
    return [
        {column.header: str(column.example) for column in columns if column.example != EXAMPLE_MARK}
        for columns in (DELEGATES, CANDIDATES)
    ]


@functools.cache
def _example_rows() -> tuple[dict[str, str], ...]:
    """The template example rows' values by field (姓名 张三, 出生年月 1975.03 …)."""
    return tuple(
        {
            PERSON_LOOKUP[header_key(written)]: value
            for written, value in example.items()
            if header_key(written) in PERSON_LOOKUP
        }
        for example in example_cells()
    )


def example_names() -> frozenset[str]:
    """The names of the templates' example persons (张三)."""
    return frozenset(example["name"] for example in _example_rows())


def is_example_row(row: Sequence[Any], columns: dict[str, int]) -> bool:
    """The example row of one of electkit's templates, recognised by its content (when its 序号
    cell is gone): the example's value in every column of the file that the template has, at
    least four of them, the name among them. A real 张三 differs in birth date, ID or unit."""
    texts = {f: text_of(row[i]) if i < len(row) else "" for f, i in columns.items()}
    for example in _example_rows():
        shared = [f for f in columns if f in example]
        if "name" in shared and len(shared) >= 4 and all(texts[f] == example[f] for f in shared):
            return True
    return False


def ballot_columns(candidates: Sequence[str], write_ins: int) -> list[Column]:
    """One column per listed candidate (○ agree, × oppose, blank abstain), write-ins, void."""
    marks = ("○", "×")
    cols = [Column("选票编号", 10, EXAMPLE_MARK)]
    cols += [
        Column(name, max(6, 2 * len(name) + 2), EXAMPLE_FIRST_MARK if i == 0 else "", marks)
        for i, name in enumerate(candidates)
    ]
    cols += [Column(f"另选{i + 1}", 10) for i in range(write_ins)]
    cols.append(Column("废票", 12))
    return cols


def build(kind: str, columns: Sequence[Column], title: str) -> bytes:
    """The .xlsx bytes of a template (openpyxl, imported here: start-up time)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    lists = book.create_sheet("选项")
    lists.sheet_state = "hidden"
    sheet.append([c.header for c in columns])
    sheet.append([c.example for c in columns])
    for row in sheet.iter_rows(min_row=1, max_row=2):
        for written in row:  # a candidate named =HYPERLINK(…) is a name, never a formula
            if isinstance(written.value, str) and formula_like(written.value):
                written.data_type = "s"
                written.quotePrefix = True
    header_font = Font(bold=True)
    grey = Font(color="808080", italic=True)
    fill = PatternFill("solid", fgColor="F2F2F2")
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index)
        cell.font = header_font
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        example = sheet.cell(row=2, column=index)
        example.font = grey
        sheet.column_dimensions[letter].width = column.width
        if column.text:  # the whole column, so rows typed or inserted anywhere stay text
            sheet.column_dimensions[letter].number_format = "@"
            for row in range(2, 1002):
                sheet.cell(row=row, column=index).number_format = "@"
        if column.choices:
            for i, choice in enumerate(column.choices, start=1):
                lists.cell(row=i, column=index, value=choice)
            ref = f"'选项'!${letter}$1:${letter}${len(column.choices)}"
            validation = DataValidation(
                type="list",
                formula1=f"={ref}",
                allow_blank=True,
                showDropDown=False,
                showErrorMessage=True,
                errorStyle="stop" if column.closed else "warning",
            )
            validation.error = (
                "请从下拉列表中选择 / choose from the list"
                if column.closed
                else "不在下拉列表中，请核对；确需填写请选“是” / not on the list: check it; "
                "choose Yes to keep it"
            )
            validation.errorTitle = column.header
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}1001")
    sheet.freeze_panes = "A2"
    book.properties.creator = "electkit"
    book.properties.created = dt.datetime(2000, 1, 1)
    book.properties.modified = dt.datetime(2000, 1, 1)
    book.properties.title = f"electkit {kind}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
