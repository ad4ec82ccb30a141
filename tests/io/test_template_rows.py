"""The templates' example rows and drop-downs as staff meet them (issue 15)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from electkit.cli.main import app
from electkit.core.errors import InputError
from electkit.core.idnumber import IdInfo, parse_id
from electkit.io import xlsx_templates as xt
from electkit.io.ballots import read_ballots
from electkit.io.contest import load_contest
from electkit.io.roster import read_roster
from tests.helpers import EXAMPLES

runner = CliRunner()


def template(tmp_path: Path, kind: str, *extra: str) -> Path:
    out = tmp_path / f"{kind}.xlsx"
    result = runner.invoke(app, ["template", kind, "-o", str(out), *extra])
    assert result.exit_code == 0, result.stderr
    return out


def test_the_example_id_agrees_with_the_example_gender_and_birth() -> None:
    info = parse_id(xt.ID.example, dt.date(2026, 1, 1))  # type: ignore[arg-type]
    assert isinstance(info, IdInfo)
    example = {c.header: c.example for c in xt.DELEGATES}
    assert not info.female and example["性别"] == "男"
    assert f"{info.birth_date:%Y.%m}" == example["出生年月"]


@pytest.mark.parametrize("kind", ["delegates", "candidates"])
def test_the_example_row_is_known_by_its_content_without_its_serial(
    tmp_path: Path, kind: str
) -> None:
    from openpyxl import load_workbook

    path = template(tmp_path, kind)
    book = load_workbook(path)
    book.active.delete_cols(1)  # staff delete the 序号 column
    book.active.cell(row=3, column=1, value="王芳")
    book.active.cell(row=3, column=2, value="女")
    book.save(path)
    roster = read_roster(path)
    assert [p.name for p in roster.persons] == ["王芳"]
    assert [(f.message_id, f.rows) for f in roster.findings if f.rule == "IN-SKIPPED"] == [
        ("in.example_row", (2,))
    ]


def test_a_real_zhang_san_is_a_person(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = template(tmp_path, "delegates")
    book = load_workbook(path)
    sheet = book.active
    sheet.delete_cols(1)
    for col, cell in enumerate(sheet[2], start=1):  # the example row, with a real birth date
        sheet.cell(row=3, column=col, value=cell.value)
    sheet.cell(row=3, column=4, value="1980.05")
    book.save(path)
    assert [p.row for p in read_roster(path).persons] == [3]


def ballots(tmp_path: Path, example_marks: list[str]) -> Path:
    from openpyxl import load_workbook

    path = template(tmp_path, "ballots", "--contest", str(EXAMPLES / "tally" / "discipline.yaml"))
    book = load_workbook(path)
    sheet = book.active
    for col, value in enumerate(example_marks, start=2):
        sheet.cell(row=2, column=col, value=value or None)
    for col, value in enumerate(["1", "○", "×", "", "○", "○", "○"], start=1):
        sheet.cell(row=3, column=col, value=value)
    book.save(path)
    return path


def test_the_untouched_example_ballot_row_is_named_not_counted(tmp_path: Path) -> None:
    contest, _ = load_contest(EXAMPLES / "tally" / "discipline.yaml")
    path = ballots(tmp_path, ["○"])
    seen: list[object] = []
    source = read_ballots(path, contest, lambda *b: seen.append(b))
    assert (source.ballots, source.example_row, len(seen)) == (1, 2, 1)
    result = runner.invoke(
        app,
        ["tally", "count", str(EXAMPLES / "tally" / "discipline.yaml"), str(path), "--lang", "en"],
    )
    assert "row 2 is the template's example row" in result.stdout + result.stderr


def test_book_import_names_the_untouched_example_row(tmp_path: Path) -> None:
    """The counting book says it passed over the example row, as ``tally count`` does."""
    path = ballots(tmp_path, ["○"])
    book = tmp_path / "计票.book"
    contest = str(EXAMPLES / "tally" / "discipline.yaml")
    assert runner.invoke(app, ["book", "open", str(book), contest]).exit_code == 0
    result = runner.invoke(
        app, ["book", "import", str(book), str(path), "--clerk", "甲", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert "row 2 is the template's example row" in result.stderr
    assert "imported 1 rows: 1 new" in result.stdout, result.stdout


def test_a_ballot_typed_over_the_example_row_stops_the_count(tmp_path: Path) -> None:
    contest, _ = load_contest(EXAMPLES / "tally" / "discipline.yaml")
    path = ballots(tmp_path, ["○", "×", "○", "", "○"])
    with pytest.raises(InputError) as caught:
        read_ballots(path, contest, lambda *b: None)
    assert [(p.message_id, p.row) for p in caught.value.problems] == [
        ("tally.ballot.example_row", 2)
    ]
    result = runner.invoke(
        app, ["tally", "count", str(EXAMPLES / "tally" / "discipline.yaml"), str(path)]
    )
    assert result.exit_code == 2


def test_drop_downs_show_their_alert(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(template(tmp_path, "delegates")).active
    headers = {c.column_letter: c.value for c in sheet[1]}
    styles = {
        headers[str(dv.sqref).split(":")[0].rstrip("0123456789")]: dv.errorStyle
        for dv in sheet.data_validations.dataValidation
    }
    assert all(dv.showErrorMessage for dv in sheet.data_validations.dataValidation)
    assert styles["性别"] == styles["民族"] == styles["留置逮捕"] == "stop"
    assert styles["学历"] == styles["政治面貌"] == styles["代表类别"] == "warning"


def test_sort_keeps_the_example_row_first_and_numbers_the_rest(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = template(tmp_path, "delegates")
    book = load_workbook(path)
    for row, name in enumerate(["王芳", "丁一", "孔明"], start=3):
        book.active.cell(row=row, column=2, value=name)  # 序号 left blank
    book.save(path)
    result = runner.invoke(app, ["sort", str(path), "--lang", "en"])
    assert result.exit_code == 0
    lines = [line.split(",")[:2] for line in result.stdout.splitlines()]
    assert lines[:5] == [
        ["序号", "姓名"],
        ["示例", "张三"],
        ["1", "丁一"],
        ["2", "王芳"],
        ["3", "孔明"],
    ]
    assert "row 2 is the template's example row" in result.stderr
