"""``electkit sort``: rows in surname-stroke order, header, titles and notes kept; bad input exits 2."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from electkit.cli.main import app
from tests.helpers import ROOT

runner = CliRunner()
DATA = ROOT / "tests" / "data" / "sort"
EXT_B = "\U0002000b"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--lang", "zh"])
    return result.exit_code, result.stdout, result.stderr


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_title_rows_header_blank_rows_and_notes() -> None:
    code, out, err = run("sort", str(DATA / "title_and_notes.csv"), "--column", "姓名")
    assert code == 0
    rows = rows_of(out)
    assert rows[0] == ["中共青山乡第十次代表大会代表候选人名单"]
    assert rows[1] == ["序号", "姓名", "性别", "工作单位及职务"]
    assert [r[1] for r in rows[2:8]] == ["丁一", "王芳", "毛\u3000毛", "孔明", "田富", "田大利"]
    # the running numbers stay where they were; the rest of each row moves with its name
    assert [r[0] for r in rows[2:8]] == ["1", "2", "3", "4", "5", "6"]
    assert rows[2] == ["1", "丁一", "男", "石门村主任"]
    assert rows[8:] == [[], ["注：按姓氏笔画排序。"], ["填表人：李四"]]
    assert "第6行" in err and "空行" in err  # the blank row inside the list was dropped
    assert "“序号”列是连续编号" in err
    assert "表尾3行" in err


def test_groups_are_sorted_separately() -> None:
    code, out, err = run("sort", str(DATA / "grouped.csv"))
    assert code == 0
    rows = rows_of(out)
    assert rows == [
        ["序号", "姓名", "单位"],
        ["1", "丁一", "甲村"],
        ["2", "王芳", "甲村"],
        ["一、机关支部", "", ""],
        ["3", "丁二", "乡政府"],
        ["4", "孔明", "乡政府"],
        ["5", "田富", "乡政府"],
        ["合计", "5人", ""],
    ]
    assert "第4行不是人员" in err


def test_a_repeated_header_is_kept_in_place(tmp_path: Path) -> None:
    path = tmp_path / "pages.csv"
    path.write_text("姓名,性别\n王芳,女\n丁一,男\n姓名,性别\n孔明,男\n丁二,男\n", "utf-8")
    code, out, err = run("sort", str(path))
    assert code == 0
    assert [r[0] for r in rows_of(out)] == ["姓名", "丁一", "王芳", "姓名", "丁二", "孔明"]
    assert "第4行不是人员" in err


def test_a_note_in_the_name_column_under_the_header_stays_in_place(tmp_path: Path) -> None:
    """Review N7: the note was sorted among the people (its brackets 'not in the stroke table')."""
    path = tmp_path / "note.csv"
    path.write_text("序号,姓名\n,（注：按文本录入）\n1,王芳\n2,丁一\n", "utf-8")
    code, out, err = run("sort", str(path))
    assert code == 0
    assert rows_of(out) == [
        ["序号", "姓名"],
        ["", "（注：按文本录入）"],
        ["1", "丁一"],
        ["2", "王芳"],
    ]
    assert "不在笔画表中" not in err


def test_the_list_is_never_sorted_over_itself(tmp_path: Path) -> None:
    path = tmp_path / "名单.csv"
    path.write_text("姓名,性别\n王芳,女\n丁一,男\n", "utf-8")
    code, _, err = run("sort", str(path), "-o", str(path))
    assert code == 2 and "输入文件" in err
    assert path.read_text("utf-8") == "姓名,性别\n王芳,女\n丁一,男\n"
    assert run("sort", str(path), "-o", str(tmp_path / "排序.csv"))[0] == 0


def test_english_header_and_unknown_characters() -> None:
    code, out, err = run("sort", str(DATA / "english_header.csv"), "--column", "name")
    assert code == 0
    assert [r[1] for r in rows_of(out)] == ["Name", "丁一", "王芳", "Wang Fang"]
    assert "“W”不在笔画表中" in err and "Wang Fang(第2行)" in err


def test_unknown_characters_warn_and_exit_0() -> None:
    code, out, err = run("sort", str(DATA / "unknown_char.csv"))
    assert code == 0
    assert [r[1] for r in rows_of(out)[1:]] == ["丁一", f"王{EXT_B}明", "Li Lei"]
    assert f"“{EXT_B}”不在笔画表中" in err and f"王{EXT_B}明(第2行)" in err
    # 编号 counted up, so it is kept in place
    assert [r[0] for r in rows_of(out)[1:]] == ["1", "2", "3"]


def test_numbers_that_do_not_count_up_move_with_their_rows() -> None:
    code, out, err = run("sort", str(DATA / "serial_not_running.csv"))
    assert code == 0
    assert rows_of(out)[1:] == [["9", "丁一"], ["7", "王芳"], ["8", "孔明"]]
    assert "重新编号" not in err


def test_gbk_file_and_blank_slot_option() -> None:
    code, out, _ = run("sort", str(DATA / "gbk.csv"))
    assert code == 0
    assert [r[1] for r in rows_of(out)[1:]] == ["丁一", "王芳", "孔明"]


def test_blank_slot_switch(tmp_path: Path) -> None:
    path = tmp_path / "names.csv"
    path.write_text("姓名\n田大利\n田富\n", encoding="utf-8")
    assert rows_of(run("sort", str(path))[1])[1:] == [["田富"], ["田大利"]]
    assert rows_of(run("sort", str(path), "--no-blank-slot")[1])[1:] == [["田大利"], ["田富"]]


def test_csv_output_has_a_bom_and_crlf(tmp_path: Path) -> None:
    out = tmp_path / "sorted.csv"
    code, stdout, err = run("sort", str(DATA / "gbk.csv"), "-o", str(out))
    assert code == 0 and stdout == ""
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    assert data.decode("utf-8-sig").splitlines() == [
        "序号,姓名,性别",
        "1,丁一,男",
        "2,王芳,女",
        "3,孔明,男",
    ]
    assert f"写入 {out}" in err
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp file left


def test_xlsx_in_and_out(tmp_path: Path) -> None:
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "候选人"
    ws.append(["青山乡党委委员候选人名单"])
    ws.append(["序号", "姓名", "出生年月", "身份证号"])
    ws.append([None, None, None, None])  # second header line: 姓名 merged over two rows
    ws.merge_cells("B2:B3")
    ws.append([1, "田大利", "1975.03", "530325197503010011"])
    ws.append([2, "丁一", "1980.10", "53032519801001002X"])
    source = tmp_path / "slate.xlsx"
    book.save(source)
    out = tmp_path / "sorted.xlsx"
    code, _, err = run("sort", str(source), "-o", str(out))
    assert code == 0, err
    result = CalamineWorkbook.from_path(str(out))
    assert result.sheet_names == ["候选人"]
    rows = result.get_sheet_by_index(0).to_python()
    assert [r[1] for r in rows] == ["", "姓名", "姓名", "丁一", "田大利"]
    assert rows[3] == [1.0, "丁一", "1980.10", "53032519801001002X"]
    assert rows[4][3] == "530325197503010011"  # text stays text


def test_csv_to_xlsx_keeps_text(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    source = tmp_path / "names.csv"
    source.write_text("序号,姓名,身份证号,备注\n1,王芳,530325198506011234,=1+1\n", "utf-8")
    out = tmp_path / "sorted.xlsx"
    code, _, _ = run("sort", str(source), "-o", str(out))
    assert code == 0
    ws = load_workbook(out).active
    assert ws is not None
    cells = [(c.value, c.data_type) for c in ws[2]]
    assert cells == [("1", "s"), ("王芳", "s"), ("530325198506011234", "s"), ("=1+1", "s")]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["no_name_column.csv"], "no_name_column.csv · 姓名: 前30行中找不到“姓名”列"),
        (["duplicate_name_column.csv"], "第1行 · 姓名: “姓名”列出现了不止一次(第A、C列)"),
        (["missing.csv"], "missing.csv: 找不到文件"),
        (["gbk.csv", "--encoding", "utf-8"], "无法按 utf-8 解码"),
        (["gbk.csv", "-o", "out.txt"], "out.txt: 输出文件须为 .csv 或 .xlsx"),
        (["gbk.csv", "--sheet", "Sheet1"], "CSV 文件没有工作表"),
    ],
)
def test_bad_input_exits_2(args: list[str], expected: str, tmp_path: Path) -> None:
    first = args[0] if args[0] == "missing.csv" else str(DATA / args[0])
    rest = [str(tmp_path / a) if a.endswith(".txt") else a for a in args[1:]]
    code, out, err = run("sort", first, *rest)
    assert code == 2
    assert out == ""
    assert expected in err


def test_output_directory_missing_is_made_and_a_file_in_the_way_is_named(tmp_path: Path) -> None:
    code, _, err = run("sort", str(DATA / "gbk.csv"), "-o", str(tmp_path / "no" / "x.csv"))
    assert code == 0 and (tmp_path / "no" / "x.csv").is_file()
    code, _, err = run(
        "sort", str(DATA / "gbk.csv"), "-o", str(tmp_path / "no" / "x.csv" / "y.csv")
    )
    assert code == 2 and "无法写入输出文件：路径中有一部分是文件而不是文件夹" in err


def test_english_messages() -> None:
    result = runner.invoke(app, ["sort", str(DATA / "unknown_char.csv"), "--lang", "en"])
    assert result.exit_code == 0
    assert "is not in the stroke table" in result.stderr and "(row 2)" in result.stderr


def test_installed_command_in_a_subprocess(tmp_path: Path) -> None:
    exe = shutil.which("electkit", path=str(Path(sys.executable).parent))
    assert exe, "the electkit console script is installed with the package"
    out = tmp_path / "sorted.csv"
    result = subprocess.run(
        [exe, "sort", str(DATA / "title_and_notes.csv"), "-o", str(out), "--lang", "en"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "6 rows sorted" in result.stderr
    names = [r[1] for r in rows_of(out.read_text(encoding="utf-8-sig"))[2:8]]
    assert names == ["丁一", "王芳", "毛\u3000毛", "孔明", "田富", "田大利"]
    piped = subprocess.run([exe, "sort", str(DATA / "gbk.csv")], capture_output=True, check=True)
    assert piped.stdout.decode("utf-8").splitlines()[1] == "1,丁一,男"
