"""Values as Excel, WPS and LibreOffice save them: never misread silently (issue 15)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from electkit.cli.main import app
from electkit.core.findings import Severity
from electkit.core.idnumber import check_digit
from electkit.core.models import MonthDate
from electkit.io.roster import read_roster
from tests.helpers import EXAMPLES, make_id, write_csv

runner = CliRunner()
HEADER = ["姓名", "性别", "出生年月", "身份证号"]


def cut(number: str) -> str:
    """What a spreadsheet keeps of an ID typed into a number cell, saved as text."""
    return number[:15] + "000"


def people(count: int) -> list[tuple[str, str, str, str]]:
    """Women and men born on the 8th of a month, with valid IDs."""
    out = []
    for i in range(count):
        female = i % 2 == 0
        birth = dt.date(1960 + i, 1 + i % 12, 8)
        out.append(
            (f"人员{i}", "女" if female else "男", f"{birth:%Y.%m}", make_id(birth, female, i))
        )
    return out


def checked(path: Path) -> list[tuple[str, str, tuple[int, ...], str | None]]:
    """(rule, severity, rows, column) of every finding of ``check delegates``."""
    result = runner.invoke(
        app,
        ["check", "delegates", str(path), "-e", str(EXAMPLES / "election.yaml"), "-f", "json"],
    )
    return [
        (f["rule"], f["severity"], tuple(f["rows"]), f["column"])
        for f in json.loads(result.stdout)["findings"]
    ]


def findings(path: Path) -> list[tuple[str, str, int, str | None]]:
    roster = read_roster(path)
    return [(f.message_id, f.severity.value, f.rows[0], f.column) for f in roster.findings]


def test_a_column_of_cut_ids_is_one_error_per_cell_naming_the_cause(tmp_path: Path) -> None:
    rows = [(n, g, b, cut(i)) for n, g, b, i in people(6)]
    roster = read_roster(write_csv(tmp_path / "cut.csv", [HEADER, *rows]))
    assert {(f.message_id, f.severity) for f in roster.findings} == {
        ("cell.id_cut", Severity.ERROR)
    }
    assert [f.rows[0] for f in roster.findings] == [2, 3, 4, 5, 6, 7]
    assert all(p.id_number is None for p in roster.persons)  # never checked as a real ID


@pytest.mark.parametrize("female", [True, False])
def test_a_lone_cut_id_is_never_passed(tmp_path: Path, female: bool) -> None:
    # a cut ID whose check digit still holds (about 1 in 11) passed without a word for women
    number = next(
        cut(n)
        for s in range(200)
        if check_digit(cut(n := make_id(dt.date(1951, 11, 23), female, s))[:17]) == "0"
    )
    rows = [*people(3), ("王芳" if female else "王强", "女" if female else "男", "1951.11", number)]
    path = write_csv(tmp_path / "one.csv", [HEADER, *rows])
    assert findings(path) == [("cell.id_maybe_cut", "warning", 5, "身份证号")]
    assert ("IN-VALUE", "warning", (5,), "身份证号") in checked(path)


def test_a_cut_id_that_fails_its_check_digit_blames_the_spreadsheet(tmp_path: Path) -> None:
    number = next(
        cut(n)
        for s in range(200)
        if check_digit(cut(n := make_id(dt.date(1975, 3, 8), True, s))[:17]) != "0"
    )
    path = write_csv(tmp_path / "fail.csv", [HEADER, *people(3), ("李娜", "女", "1975.03", number)])
    assert findings(path) == [("cell.id_cut", "error", 5, "身份证号")]
    on_row = [f for f in checked(path) if f[2] == (5,)]
    assert on_row == [("IN-VALUE", "error", (5,), "身份证号")]  # not EL-IDNUM's "typo"


def test_xlsx_and_csv_say_the_same_about_the_same_id(tmp_path: Path) -> None:
    from openpyxl import Workbook

    # digits only, and the 16th below 5 (Excel cuts the last digits, LibreOffice rounds them)
    number = next(
        n
        for s in range(200)
        if (n := make_id(dt.date(1951, 11, 23), True, s)).isdigit() and n[15] < "5"
    )
    book = Workbook()
    book.active.append(HEADER)
    book.active.append(["王芳", "女", "1951.11", int(number)])  # typed into a number cell
    book.active.append(["李四", "男", "1951.11", 110105511123101])  # an old 15-digit number
    book.save(tmp_path / "id.xlsx")
    csv = write_csv(
        tmp_path / "id.csv",
        [
            HEADER,
            ["王芳", "女", "1951.11", cut(number)],
            ["李四", "男", "1951.11", "110105511123101"],
        ],
    )
    xlsx_roster, csv_roster = read_roster(tmp_path / "id.xlsx"), read_roster(csv)
    assert [(f.message_id, f.value) for f in xlsx_roster.findings] == [
        (f.message_id, f.value) for f in csv_roster.findings
    ]
    assert [p.id_number for p in xlsx_roster.persons] == [None, "110105511123101"]
    assert [p.id_number for p in csv_roster.persons] == [None, "110105511123101"]


def test_month_only_date_formats_and_decimal_formats_keep_their_precision(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "出生年月", "入党时间"])
    sheet.append(["王芳", dt.datetime(1969, 8, 1), 1969.1])  # shown 1969年8月 and 1969.10
    sheet["B2"].number_format = 'yyyy"年"m"月"'
    sheet["C2"].number_format = "0.00"
    sheet.append(["李四", dt.datetime(1970, 5, 1), 1990.3])  # shown 1970.05; 1990.3 is March
    sheet["B3"].number_format = "yyyy.mm"
    sheet.append(["张三", dt.datetime(1971, 6, 9), 1990.1])  # a full date; a bare x.1 number
    sheet["B4"].number_format = "yyyy-mm-dd"
    path = tmp_path / "dates.xlsx"
    book.save(path)
    roster = read_roster(path)
    births = [p.birth_date for p in roster.persons]
    assert births == [MonthDate(1969, 8, 1), MonthDate(1970, 5, 1), dt.date(1971, 6, 9)]
    assert [type(b) for b in births] == [MonthDate, MonthDate, dt.date]
    assert [p.joined_party for p in roster.persons] == [
        MonthDate(1969, 10, 1),
        MonthDate(1990, 3, 1),
        None,
    ]
    # only the bare number 1990.1 is ambiguous; the message says what the cell held
    assert [(f.message_id, f.rows[0], f.value) for f in roster.findings] == [
        ("cell.date_ambiguous", 4, "1990.1")
    ]


def test_the_october_warning_is_for_csv_only(tmp_path: Path) -> None:
    from openpyxl import Workbook

    csv = write_csv(tmp_path / "d.csv", [["姓名", "出生年月"], ["王芳", "1978.1"]])
    assert [f.message_id for f in read_roster(csv).findings] == ["cell.date_maybe_october"]
    book = Workbook()
    book.active.append(["姓名", "出生年月"])
    book.active.append(["王芳", "1978.1"])  # typed into a text cell: what was typed
    book.save(tmp_path / "d.xlsx")
    roster = read_roster(tmp_path / "d.xlsx")
    assert roster.findings == [] and roster.persons[0].birth_date == MonthDate(1978, 1, 1)
