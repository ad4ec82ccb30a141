"""The county's statistics as an Excel workbook: a sheet per table, as organization departments
lay them out — a merged title, two header lines (a group merged over its columns, a single
heading merged over both lines), frozen panes below the header and right of the township,
number formats (counts, 0.0% shares, 0.0 average age), and a county row of formulas: each count
a ``SUM`` of the townships above it, each share and the average age computed from those sums.
A township's shares are formulas of its own counts, so a corrected count corrects its share.
Text cells are always text: a township named ``=…`` is never a formula.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from electkit.messages import t

if TYPE_CHECKING:
    from electkit.app.county_report import CountyReport
    from electkit.render.county_tables import Column, Table

FIRST_HEADER = 3  # rows 1–2: title and subtitle; rows 3–4: the two header lines
FIRST_DATA = 5
FORMATS = {"count": "0", "share": "0.0%", "average": "0.0"}


def _width(text: str) -> int:
    """Display width: a CJK character takes two columns."""
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def workbook(report: CountyReport, tables: list[Table], lang: str, generated: str) -> bytes:
    """The .xlsx bytes of the report."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for table in tables:
        _sheet(book, table, report, lang, generated)
    book.properties.creator = "electkit"
    book.properties.title = t("county.report.title", lang, county=report.county, round=report.round)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(cell: Any, value: str) -> None:
    cell.value = value
    cell.data_type = "s"  # never a formula, whatever the text starts with


def _sheet(book: Any, table: Table, report: CountyReport, lang: str, generated: str) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(table.title[:31].replace("/", "、"))
    columns = table.columns
    last = len(columns)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    stamp = (
        t("county.report.official", lang)
        if report.official
        else t("county.report.test_stamp", lang)
    )
    _text(
        sheet.cell(1, 1),
        t(
            "county.report.sheet_title",
            lang,
            county=report.county,
            round=report.round,
            table=table.title,
        ),
    )
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    sheet.cell(1, 1).alignment = Alignment(horizontal="center")
    _text(
        sheet.cell(2, 1),
        t(
            "county.report.subtitle",
            lang,
            stamp=stamp,
            rules=report.rules,
            sha=report.rules_sha256[:12],
            generated=generated,
        ),
    )
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last)
    fill = PatternFill("solid", fgColor="F2F2F2")
    index = 1
    for group in table.groups:
        span = len(group.columns)
        if span == 1:
            _text(sheet.cell(FIRST_HEADER, index), group.columns[0].label)
            sheet.merge_cells(
                start_row=FIRST_HEADER,
                start_column=index,
                end_row=FIRST_HEADER + 1,
                end_column=index,
            )
        else:
            _text(sheet.cell(FIRST_HEADER, index), group.label)
            sheet.merge_cells(
                start_row=FIRST_HEADER,
                start_column=index,
                end_row=FIRST_HEADER,
                end_column=index + span - 1,
            )
            for offset, column in enumerate(group.columns):
                _text(sheet.cell(FIRST_HEADER + 1, index + offset), column.label)
        index += span
    for row in (FIRST_HEADER, FIRST_HEADER + 1):
        for col in range(1, last + 1):
            cell = sheet.cell(row, col)
            cell.font = Font(bold=True)
            cell.alignment = centre
            cell.fill = fill
            cell.border = border
    letters = {c.key: get_column_letter(i) for i, c in enumerate(columns, start=1)}
    rows = table.rows
    total_row = FIRST_DATA + len(rows)
    for offset, values in enumerate(rows):
        number = FIRST_DATA + offset
        for col, column in enumerate(columns, start=1):
            _cell(sheet.cell(number, col), column, values.get(column.key), number, letters)
    for col, column in enumerate(columns, start=1):
        cell = sheet.cell(total_row, col)
        _total(cell, column, table.total.get(column.key), total_row, letters, len(rows))
        cell.font = Font(bold=True)
    for number in range(FIRST_DATA, total_row + 1):
        for col, column in enumerate(columns, start=1):
            cell = sheet.cell(number, col)
            cell.border = border
            if column.kind in FORMATS:
                cell.number_format = FORMATS[column.kind]
                cell.alignment = Alignment(horizontal="right")
            else:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    if table.note:
        _text(sheet.cell(total_row + 2, 1), table.note)
    for col, column in enumerate(columns, start=1):
        texts = [column.label] + [
            str(r.get(column.key) or "") for r in rows if column.kind in ("text", "mark")
        ]
        widest = max(_width(x) for x in texts)
        sheet.column_dimensions[get_column_letter(col)].width = min(max(6, widest + 2), 40)
    sheet.freeze_panes = f"B{FIRST_DATA}"
    sheet.print_title_rows = f"{FIRST_HEADER}:{FIRST_HEADER + 1}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddHeader.center.text = stamp
    sheet.oddFooter.center.text = "&P / &N"


def _share_formula(column: Column, row: int, letters: dict[str, str]) -> str:
    part = letters[column.key.removesuffix("_share")]
    whole = letters[column.of or ""]
    return f'=IF(N({whole}{row})=0,"",{part}{row}/{whole}{row})'


def _cell(cell: Any, column: Column, value: Any, row: int, letters: dict[str, str]) -> None:
    """A township's cell: a count or an average as a number, a share as a formula."""
    if column.kind == "share":
        cell.value = _share_formula(column, row, letters)
    elif column.kind == "average":
        cell.value = None if value is None else float(value)
    elif column.kind == "count":
        cell.value = value
    elif value is not None:
        _text(cell, str(value))


def _total(
    cell: Any, column: Column, value: Any, row: int, letters: dict[str, str], count: int
) -> None:
    """The county's cell: counts are SUMs of the townships, shares and averages of those sums."""
    first, last = FIRST_DATA, FIRST_DATA + count - 1
    letter = letters[column.key]
    if column.kind == "count":
        cell.value = f"=SUM({letter}{first}:{letter}{last})" if count else 0
    elif column.kind == "share":
        cell.value = _share_formula(column, row, letters)
    elif column.kind == "average" and count:
        weights = [letters[w] for w in column.weights]
        span = ",".join(f"{w}{row}" for w in weights)
        products = "+".join(f"{w}{first}:{w}{last}" for w in weights)
        cell.value = (
            f'=IF(N(SUM({span}))=0,"",SUMPRODUCT({letter}{first}:{letter}{last},{products})'
            f"/SUM({span}))"
        )
    elif value is not None and column.kind in ("text", "mark"):
        _text(cell, str(value))
