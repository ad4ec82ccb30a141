"""Crafted and odd spreadsheets are measured before calamine loads them (excel_guard)."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from electkit.cli.main import app
from electkit.core.errors import InputError
from electkit.io.excel_guard import BALLOTS, LISTS
from electkit.io.tables import read_table
from tests.helpers import EXAMPLES

runner = CliRunner()
DATA = Path(__file__).parent.parent / "data" / "excel"
HEAD = b'<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>'


def xlsx(path: Path, rows: bytes, dimension: str | None = "A1:A1") -> Path:
    """A minimal workbook whose one sheet holds ``rows`` (sheetData XML) as written."""
    dim = f'<dimension ref="{dimension}"/>'.encode() if dimension else b""
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + dim
        + b"<sheetData>"
        + rows
        + b"</sheetData></worksheet>"
    )
    parts = {
        "[Content_Types].xml": (
            b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            b'<Default Extension="xml" ContentType="application/xml"/>'
            b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            b"</Types>"
        ),
        "_rels/.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            b"</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            b"</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def refused(path: Path, message_id: str, **kwargs: object) -> InputError:
    with pytest.raises(InputError) as caught:
        read_table(path, **kwargs)  # type: ignore[arg-type]
    assert [p.message_id for p in caught.value.problems] == [message_id]
    assert caught.value.problems[0].file == str(path)
    return caught.value


@pytest.mark.parametrize("dimension", [None, "A1:A1", "A1:XFD1048576"])
def test_one_value_at_the_last_cell_is_refused_whatever_the_dimension_says(
    tmp_path: Path, dimension: str | None
) -> None:
    far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    path = xlsx(tmp_path / "far.xlsx", HEAD + far, dimension)
    error = refused(path, "table.excel_too_large_at")
    assert error.problems[0].params["row_cell"] == "XFD1048576"
    result = runner.invoke(
        app, ["check", "delegates", str(path), "-e", str(EXAMPLES / "election.yaml")]
    )
    assert result.exit_code == 2 and "XFD1048576" in result.stderr


def test_empty_rows_and_format_only_cells_do_not_count(tmp_path: Path) -> None:
    # LibreOffice writes an empty last row after a row is deleted; Excel keeps formats far down
    rows = (
        HEAD
        + b'<row r="500000"><c r="Z500000" s="1"/><c r="AA500000" s="1"></c></row>'
        + b'<row r="1048576" customFormat="false" ht="12.8"></row>'
    )
    table = read_table(xlsx(tmp_path / "lo.xlsx", rows, "A1:AA1048576"))
    assert table.rows == [(1, ["name"])]


def test_cells_without_positions_are_placed_as_calamine_places_them(tmp_path: Path) -> None:
    # no r= on the cells: they follow the row's r= (the regular expressions cannot vouch)
    far = b'<row r="30000"><c><v>1</v></c><c t="inlineStr"><is><t>x</t></is></c></row>'
    error = refused(xlsx(tmp_path / "implicit.xlsx", HEAD + far), "table.excel_too_large")
    assert error.problems[0].params["row_cell"] == "A30000"
    assert error.problems[0].params["column_cell"] == "B30000"
    wide = b"<row>" + b"<c><v>1</v></c>" * 300 + b"</row>"
    error = refused(xlsx(tmp_path / "wide.xlsx", HEAD + wide), "table.excel_too_large")
    assert error.problems[0].params["column_cell"] == "KN2"


def test_a_quoted_angle_bracket_does_not_hide_a_cell(tmp_path: Path) -> None:
    far = b'<row r="40000"><c x="/>" r="B40000"><v>1</v></c></row>'
    refused(xlsx(tmp_path / "quoted.xlsx", HEAD + far), "table.excel_too_large_at")


def test_limits_depend_on_the_kind_of_file(tmp_path: Path) -> None:
    far = b'<row r="30000"><c r="B30000"><v>1</v></c></row>'
    path = xlsx(tmp_path / "ballots.xlsx", HEAD + far)
    refused(path, "table.excel_too_large_at")
    assert len(read_table(path, limits=BALLOTS).rows) == 30000
    assert LISTS.rows < 30000 <= BALLOTS.rows


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "bomb.xlsx", HEAD)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (LISTS.unpacked + 1))
    assert path.stat().st_size < 1 << 20
    error = refused(path, "table.excel_unpacked")
    assert "MiB" in str(error.problems[0].params["size"])


def test_a_member_larger_than_it_declares_is_damaged(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "lying.xlsx", HEAD)
    data = bytearray(path.read_bytes())
    # shrink the declared size of the sheet in its central directory entry
    entry = data.rfind(b"PK\x01\x02")
    while entry >= 0 and b"sheet1.xml" not in data[entry + 46 : entry + 46 + 40]:
        entry = data.rfind(b"PK\x01\x02", 0, entry)
    data[entry + 24 : entry + 28] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    refused(path, "table.bad_excel")


def test_a_corrupt_deflate_stream_is_damaged(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "corrupt.xlsx", HEAD * 50)
    data = bytearray(path.read_bytes())
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 5, start + 25):
        data[i] ^= 0xA5
    path.write_bytes(bytes(data))
    refused(path, "table.bad_excel")
    result = runner.invoke(app, ["sort", str(path)])
    assert result.exit_code == 2 and "corrupt.xlsx" in result.stderr


def ods_file(path: Path, parts: dict[str, str]) -> Path:
    """An .ods archive of these parts (content.xml, styles.xml …), its mimetype and manifest."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        for name, text in parts.items():
            archive.writestr(name, text)
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
            'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            "</manifest:manifest>",
        )
    return path


def test_ods_repeated_values_count_and_repeated_empty_rows_do_not(tmp_path: Path) -> None:
    def ods(name: str, rows: str) -> Path:
        content = (
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
            '<office:body><office:spreadsheet><table:table table:name="名单">'
            '<table:table-row><table:table-cell office:value-type="string"><text:p>姓名</text:p>'
            "</table:table-cell></table:table-row>" + rows + "</table:table>"
            "</office:spreadsheet></office:body></office:document-content>"
        )
        return ods_file(tmp_path / name, {"content.xml": content})

    empty = (
        '<table:table-row table:number-rows-repeated="1048574">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    )
    assert read_table(ods("lo.ods", empty)).rows == [(1, ["姓名"])]
    bomb = (
        '<table:table-row table:number-rows-repeated="1048575">'
        '<table:table-cell table:number-columns-repeated="16384" office:value-type="float" '
        'office:value="1"/></table:table-row>'
    )
    error = refused(ods("bomb.ods", bomb), "table.excel_too_large_at")
    assert error.problems[0].params["row_cell"] == "XFD1048576"


def test_an_xls_cell_far_away_is_refused() -> None:
    # saved by LibreOffice with one value typed at IV65536 (calamine loads 16.7 million cells)
    error = refused(DATA / "far_cell.xls", "table.excel_too_large_at")
    assert error.problems[0].params["row_cell"] == "IV65536"


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_not_read(tmp_path: Path, device: str) -> None:
    for suffix in (".csv", ".xlsx"):
        link = tmp_path / f"input{suffix}"
        link.unlink(missing_ok=True)
        link.symlink_to(device)
        refused(link, "file.not_regular")
        result = runner.invoke(app, ["sort", str(link)])
        assert result.exit_code == 2 and "input" in result.stderr


def test_a_pipe_is_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "ballots.csv"
    os.mkfifo(fifo)
    refused(fifo, "file.not_regular")


@pytest.mark.parametrize("encoding", ["undefined", "base64", "no-such-codec"])
def test_an_encoding_that_cannot_decode_text_is_refused(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "list.csv"
    path.write_text("姓名\n张三\n", encoding="utf-8")
    refused(path, "encoding.unknown", encoding=encoding)
    result = runner.invoke(app, ["sort", str(path), "--encoding", encoding])
    assert result.exit_code == 2 and re.search(r"list\.csv", result.stderr)


@pytest.mark.parametrize(
    "rows",
    [
        # Excel / LibreOffice / openpyxl spellings, pretty-printed XML, a namespace prefix
        b'<row r="2"><c r="A2" s="1" t="s"><v>0</v></c><c r="C2" t="inlineStr" /></row>',
        b'<row r="2">\n  <c r="B2" t="n">\n    <v>1</v>\n  </c>\n</row>',
        b'<row r="2"><c r="D2"></c><c r="B2"><f>1+1</f><v>2</v></c></row>',
        b'<row r="2"><c r="B2" t="str"><f>IF(1,"","x")</f><v></v></c></row>',
        b'<row r="2"><c r="B2"><f>1+1</f><v /></c></row>',
    ],
)
def test_the_fast_path_and_the_parse_agree(rows: bytes) -> None:
    from electkit.io.sheet_xml import XlsxParser, XlsxSheet

    sheet = b'<worksheet xmlns="urn:x"><sheetData>' + HEAD + rows + b"</sheetData></worksheet>"
    fast, exact = XlsxSheet({}), XlsxParser({})
    vouched = fast.feed(sheet) and fast.feed(b"", True)
    exact.feed(sheet, True)
    if b"<v />" in rows:  # an unsaved formula (openpyxl's bare <v/>): the exact parse names it
        assert not vouched and exact.formulas == {(2, 2): "1+1"} and exact.unsaved == 1
        return
    if b"<v></v>" in rows:  # "" saved by a spreadsheet (t="str"): the exact parse reads it so
        assert not vouched and exact.formulas == {} and exact.extent.rows == 2
        return
    assert vouched
    assert (fast.extent.rows, fast.extent.columns) == (exact.extent.rows, exact.extent.columns)
    assert fast.extent.rows == 2


def test_a_prefixed_sheet_is_measured(tmp_path: Path) -> None:
    # the OpenXML SDK writes <x:worksheet>, <x:c> …
    path = xlsx(tmp_path / "prefixed.xlsx", b"")
    data = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    prefixed = re.sub(rb"<(/?)(worksheet|sheetData|row|c|v|dimension)\b", rb"<\1x:\2", data)
    prefixed = prefixed.replace(b"xmlns=", b"xmlns:x=").replace(
        b"<x:sheetData></x:sheetData>",
        b'<x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>'
        b'<x:row r="30000"><x:c r="Q30000"><x:v>1</x:v></x:c></x:row></x:sheetData>',
    )
    with zipfile.ZipFile(path) as source:
        parts = {n: source.read(n) for n in source.namelist()}
    parts["xl/worksheets/sheet1.xml"] = prefixed
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    error = refused(path, "table.excel_too_large_at")
    assert error.problems[0].params["row_cell"] == "Q30000"


def test_a_device_as_a_yaml_input_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "contest.yaml"
    link.symlink_to("/dev/zero")
    result = runner.invoke(
        app, ["tally", "count", str(link), str(EXAMPLES / "tally" / "committee.csv")]
    )
    assert result.exit_code == 2 and "contest.yaml" in result.stderr


ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"'
)


@pytest.mark.parametrize("where", ["styles.xml", "content.xml"])
def test_an_ods_date_style_inherited_from_a_parent_style_keeps_its_month(
    tmp_path: Path, where: str
) -> None:
    """A cell whose automatic style names no number format but a parent style that shows
    year and month only (a named cell style, kept in styles.xml or beside the cell) is read
    as that month, not as its 1st."""
    month = (
        '<number:date-style style:name="N1"><number:year number:style="long"/>'
        '<number:text>.</number:text><number:month number:style="long"/></number:date-style>'
        '<style:style style:name="出生年月" style:family="table-cell" '
        'style:data-style-name="N1"/>'
    )
    common = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {ODS_NS}>'
        f"<office:styles>{month if where == 'styles.xml' else ''}</office:styles>"
        "</office:document-styles>"
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS}>'
        f"<office:automatic-styles>{month if where == 'content.xml' else ''}"
        '<style:style style:name="ce1" style:family="table-cell" '
        'style:parent-style-name="出生年月"/></office:automatic-styles>'
        '<office:body><office:spreadsheet><table:table table:name="名单">'
        '<table:table-row><table:table-cell office:value-type="string"><text:p>出生年月</text:p>'
        "</table:table-cell></table:table-row>"
        '<table:table-row><table:table-cell table:style-name="ce1" office:value-type="date" '
        'office:date-value="1969-08-01"><text:p>1969.08</text:p></table:table-cell>'
        "</table:table-row></table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    path = ods_file(tmp_path / "parent.ods", {"styles.xml": common, "content.xml": content})
    from electkit.core.models import MonthDate

    (_, (cell,)) = read_table(path).rows[1]
    assert isinstance(cell, MonthDate) and (cell.year, cell.month) == (1969, 8)


def _with_formula(tmp_path: Path, saved: str | None) -> Path:
    """The committee's ballots with ballot 2's first mark (B3) a formula, as openpyxl writes it
    (no result kept), or with its result saved as a spreadsheet would (``saved``)."""
    import csv

    from openpyxl import Workbook

    source = tmp_path / "ballots.xlsx"
    book = Workbook()
    with (EXAMPLES / "tally" / "committee.csv").open(encoding="utf-8-sig", newline="") as f:
        for row in csv.reader(f):
            book.active.append(row)
    book.active["B3"] = '=IF(1,"○","×")'
    book.save(source)
    if saved is None:
        return source
    target = tmp_path / "saved.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                text = data.decode("utf-8")
                text = re.sub(
                    r'<c r="B3"([^>]*)><f>(.*?)</f><v\s*/>|<c r="B3"([^>]*)><f>(.*?)</f>',
                    lambda m: f'<c r="B3" t="str"><f>{m[2] or m[4]}</f><v>{saved}</v>',
                    text,
                    count=1,
                )
                data = text.encode("utf-8")
            new.writestr(item, data)
    return target


def test_a_formula_without_a_saved_result_is_named_never_read_as_empty(tmp_path: Path) -> None:
    """Before: the formula cell was read as empty, so 丁文's mark became an abstention and the
    count exited 0."""
    contest = str(EXAMPLES / "tally" / "committee.yaml")
    path = _with_formula(tmp_path, None)
    result = runner.invoke(app, ["tally", "count", contest, str(path), "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "row 3 · B" in result.stderr and '=IF(1,"○","×")' in result.stderr
    assert "keeps no result" in result.stderr
    with pytest.raises(InputError) as caught:
        read_table(path)
    assert [(p.message_id, p.row, p.column) for p in caught.value.problems] == [
        ("table.formula_unsaved", 3, "B")
    ]


def test_a_formula_whose_result_is_saved_reads_as_its_result(tmp_path: Path) -> None:
    path = _with_formula(tmp_path, "○")
    rows = read_table(path).rows
    assert rows[2][1][1] == "○"
    folder = tmp_path / "empty"  # a formula that gives "", as a spreadsheet saves it
    folder.mkdir()
    assert read_table(_with_formula(folder, "")).rows[2][1][1] in ("", None)
    contest = str(EXAMPLES / "tally" / "committee.yaml")
    assert runner.invoke(app, ["tally", "count", contest, str(path)]).exit_code == 0


def test_a_formula_in_a_delegate_list_is_named_not_a_blank_cell(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "delegates.xlsx"
    book = load_workbook(EXAMPLES / "delegates.xlsx")
    sheet = book.active
    header = [c.value for c in sheet[2]]
    column = header.index("政治面貌") + 1
    for row in range(3, 32):
        sheet.cell(row, column, '=IF(1,"中共党员","")')
    book.save(path)
    result = runner.invoke(
        app, ["check", "delegates", str(path), "-e", str(EXAMPLES / "election.yaml")]
    )
    assert result.exit_code == 2, result.output
    assert (
        result.stderr.count("的这个单元格是公式") == 20
        and "另有9个这样的公式单元格" in result.stderr
    )
    assert "未填写" not in result.stdout + result.stderr
