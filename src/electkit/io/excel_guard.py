"""What a spreadsheet file holds, measured before calamine reads it.

calamine loads a sheet as one dense grid from A1 to the last cell that holds data: one value
at XFD1048576 asks for 17 billion cells (512 GiB, and the process aborts), and an .xls or .ods
file is loaded whole when it is opened. So before calamine sees a file, electkit checks, in
bounded memory and without trusting what the file says about itself:

- its size on disk, and for a zip-based file (.xlsx, .xlsm, .ods) the unpacked size of every
  member, each member decompressed once as a stream with its CRC checked;
- the extent of the cells that hold data in every sheet calamine would load: the last row and
  the last column with a value. Empty rows and format-only cells do not count (LibreOffice
  writes an empty row 1048576 after a row is deleted; Excel keeps formats far down a column),
  and the ``<dimension>`` a file declares is ignored (it may be stale or a lie).

Each kind of input has its limits (``LISTS``, ``BALLOTS``; docs/formats.md); a file beyond
them is refused with the cell that lies farthest out, so staff can find it.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from xml.parsers import expat

from electkit.core.errors import InputError, Problem
from electkit.core.findings import Text

CHUNK = 1 << 20
MAX_MEMBERS = 10_000


@dataclass(frozen=True)
class Limits:
    """How much one kind of spreadsheet input may hold."""

    kind: Text
    rows: int  # the last row holding data
    columns: int  # the last column holding data
    cells: int  # rows × columns: the grid calamine allocates
    unpacked: int  # bytes: the file on disk, and the sum of a zip archive's unpacked members


# A township's delegate or candidate list has a few hundred rows, a whole county's a few thousand.
LISTS = Limits(
    Text(zh="名单", en="a list"), rows=20_000, columns=256, cells=2_000_000, unpacked=64 << 20
)
# A ballot file has a row per ballot: a county-level contest may have tens of thousands.
BALLOTS = Limits(
    Text(zh="选票文件", en="a ballot file"),
    rows=200_000,
    columns=1_024,
    cells=4_000_000,
    unpacked=256 << 20,
)


@dataclass
class Extent:
    """The last row and column holding data in one sheet (1-based; 0 when it holds none)."""

    rows: int = 0
    columns: int = 0
    row_cell: str = ""  # the cell that lies farthest down, as Excel names it
    column_cell: str = ""  # the cell that lies farthest right

    def add(self, row: int, column: int) -> None:
        """Note a cell holding data (or the far corner of a repeated block of them)."""
        if row > self.rows:
            self.rows, self.row_cell = row, cell_name(row, column)
        if column > self.columns:
            self.columns, self.column_cell = column, cell_name(row, column)


def column_name(number: int) -> str:
    """1 → A, 27 → AA (as Excel names columns)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_name(row: int, column: int) -> str:
    """(3, 2) → B3."""
    return f"{column_name(column)}{row}"


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def _size(count: int) -> str:
    return f"{count / (1 << 20):.1f} MiB" if count >= 1 << 20 else f"{count:,} B"


def damaged(path: str, detail: str) -> InputError:
    """The file cannot be read as a spreadsheet (broken archive, bad CRC, corrupt data)."""
    return InputError([Problem(message_id="table.bad_excel", file=path, params={"detail": detail})])


def too_big(path: str, size: int, limits: Limits) -> InputError:
    """The file or its unpacked content is larger than any input of its kind."""
    return InputError(
        [
            Problem(
                message_id="table.excel_unpacked",
                file=path,
                params={"size": _size(size), "limit": _size(limits.unpacked), "kind": limits.kind},
            )
        ]
    )


def check_extent(path: str, sheet: str, extent: Extent, limits: Limits) -> None:
    """Refuse a sheet whose data reaches beyond the limits of its kind."""
    if (
        extent.rows <= limits.rows
        and extent.columns <= limits.columns
        and extent.rows * extent.columns <= limits.cells
    ):
        return
    one = extent.row_cell == extent.column_cell
    raise InputError(
        [
            Problem(
                message_id="table.excel_too_large_at" if one else "table.excel_too_large",
                file=path,
                params={
                    "sheet": sheet,
                    "rows": extent.rows,
                    "columns": extent.columns,
                    "row_cell": extent.row_cell,
                    "column_cell": extent.column_cell,
                    "max_rows": limits.rows,
                    "max_columns": limits.columns,
                    "kind": limits.kind,
                },
            )
        ]
    )


# --- number formats: what a cell shows ---------------------------------------------------

MONTH = -1  # a date shown to the month only (1969年8月, 1969.08, Aug-69)
# Excel's built-in formats without a day: mmm-yy, and the Chinese yyyy"年"m"月" variants
_BUILTIN_MONTH = frozenset({17, 27, 36, 50, 52, 55, 57})
_BUILTIN_DECIMALS = {2: 2, 4: 2}  # 0.00 and #,##0.00
_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


def shown_precision(code: str) -> int | None:
    """What a number format code says about precision: ``MONTH`` for a date without a day,
    the number of decimals of a fixed-point number (``0.00`` → 2), None otherwise."""
    bare = _LITERALS.sub("", code.split(";")[0]).lower()
    if any(ch in bare for ch in "ymde"):
        if "y" in bare and "m" in bare and "d" not in bare and "h" not in bare:
            return MONTH
        return None
    if "." in bare and re.fullmatch(r"[#0,]*\.0+%?", bare.strip()):
        return len(bare.strip().rstrip("%").split(".")[1])
    return None


def _xlsx_styles(archive: zipfile.ZipFile) -> dict[str, int]:
    """The cell styles (``s`` attribute values) whose format says MONTH or a decimal count."""
    try:
        data = archive.read("xl/styles.xml")
    except KeyError:
        return {}
    codes: dict[str, str] = {}
    xfs: list[str] = []
    in_xfs = False
    parser = expat.ParserCreate()

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal in_xfs
        local = name.rpartition(":")[2]
        if local == "numFmt" and "numFmtId" in attrs:
            codes[attrs["numFmtId"]] = attrs.get("formatCode", "")
        elif local == "cellXfs":
            in_xfs = True
        elif local == "xf" and in_xfs:
            xfs.append(attrs.get("numFmtId", "0"))

    def end(name: str) -> None:
        nonlocal in_xfs
        if name.rpartition(":")[2] == "cellXfs":
            in_xfs = False

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.Parse(data, True)
    out: dict[str, int] = {}
    for index, fmt in enumerate(xfs):
        if fmt in codes:
            precision = shown_precision(codes[fmt])
        elif fmt.isdigit() and int(fmt) in _BUILTIN_MONTH:
            precision = MONTH
        else:
            precision = _BUILTIN_DECIMALS.get(int(fmt)) if fmt.isdigit() else None
        if precision is not None:
            out[str(index)] = precision
    return out


# --- .xlsx / .xlsm --------------------------------------------------------------------------

# The fast path reads cell tags in the plain form Excel, WPS, LibreOffice and openpyxl write:
# ``r`` first, then double-quoted attributes without < or >, one space apart. When every cell
# start tag of a chunk is such a tag, one regular expression sees them all; otherwise (a tag
# without ``r``, a quoted ">", another spacing) the sheet is parsed exactly (``_XlsxParser``).
_ROOT_PREFIX = re.compile(rb"<([\w.-]+:)?worksheet[\s>]")
_STYLE = re.compile(rb' s="([0-9]+)"')


def _cell_pattern(prefix: bytes) -> re.Pattern[bytes]:
    """letters, digits, attributes, "/" if self-closing, "<" if an element follows (content)."""
    return re.compile(
        b"<"
        + re.escape(prefix)
        + rb'c r="([A-Z]{1,3})([1-9][0-9]{0,6})"((?: [\w:.-]+="[^"<>]*")*)\s*(/?)>(\s*<(?!/))?'
    )


class _XlsxSheet:
    """The data extent of a worksheet XML fed in chunks, by regular expressions (plain XML),
    and the cells whose style says how precise they are (``styles``)."""

    def __init__(self, styles: dict[str, int]) -> None:
        self.extent = Extent()
        self.pending = b""
        self.styles = styles
        self.shown: dict[tuple[int, int], int] = {}
        self.prefix: bytes | None = None
        self.cell = _cell_pattern(b"")
        self.opens = re.compile(rb"<c[\s/>]")

    def feed(self, chunk: bytes, final: bool = False) -> bool:
        """Take the next bytes; False when this path cannot vouch for the sheet."""
        buf = self.pending + chunk
        if self.prefix is None:
            root = _ROOT_PREFIX.search(buf)
            if root is None:
                self.pending = buf
                return len(buf) <= CHUNK or (final and not buf.strip())
            self.prefix = root.group(1) or b""
            self.cell = _cell_pattern(self.prefix)
            self.opens = re.compile(b"<" + re.escape(self.prefix) + rb"c[\s/>]")
        cut = len(buf)
        if not final:
            # Up to the end of the last closing tag: every start tag before it is complete, and
            # so is the tag that follows it (whether a cell has content).
            last = buf.rfind(b"</")
            cut = buf.find(b">", last) + 1 if last >= 0 else 0
            if cut <= 0:
                self.pending = buf
                return len(buf) <= 8 * CHUNK  # megabytes without a closing tag: not a sheet
        part, self.pending = buf[:cut], buf[cut:]
        found = self.cell.findall(part)
        if len(found) != len(self.opens.findall(part)):
            return False
        data = [(int(d), c, a) for c, d, a, slash, child in found if child and not slash]
        if not data:
            return True
        down = max(data)
        right = max(data, key=lambda x: (len(x[1]), x[1]))
        for row, letters, _ in (down, right):
            self.extent.add(row, _column_number(letters.decode()))
        if self.styles:
            for row, letters, attrs in data:
                style = _STYLE.search(attrs) if b" s=" in attrs else None
                if style is not None and style.group(1).decode() in self.styles:
                    cell = (row, _column_number(letters.decode()))
                    self.shown[cell] = self.styles[style.group(1).decode()]
        return True


class _XlsxParser:
    """The exact path: an XML parse that places cells as calamine does (and never nearer).

    A cell's ``r`` sets its position; without one it follows the previous cell of its row,
    and a row without ``r`` follows the previous row. A cell holds data when it has a child
    element. Self-closing cells and rows are counted as positions too, which can only move
    later cells farther out than calamine places them.
    """

    def __init__(self, styles: dict[str, int]) -> None:
        self.extent = Extent()
        self.styles = styles
        self.shown: dict[tuple[int, int], int] = {}
        self.row = 1
        self.column = 1
        self.cell: tuple[int, int] | None = None
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end

    def feed(self, chunk: bytes, final: bool = False) -> None:
        """Parse the next bytes (expat raises ExpatError on XML that is not well-formed)."""
        self.parser.Parse(chunk, final)

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local == "row":
            if "r" in attrs:
                self.row = _number(attrs["r"])
            self.column = 1
        elif local == "c":
            if "r" in attrs:
                found = re.fullmatch(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})", attrs["r"])
                if found is None:
                    raise ValueError(f"cell reference {attrs['r'][:20]!r}")
                self.column = _column_number(found.group(1).upper())
                self.row = max(self.row, int(found.group(2)))
            self.cell = (self.row, self.column)
            if attrs.get("s") in self.styles:
                self.shown[self.cell] = self.styles[attrs["s"]]
        elif self.cell is not None:  # <v>, <is>, <f> …: the cell holds something
            self.extent.add(*self.cell)
            self.cell = None

    def _end(self, name: str) -> None:
        local = name.rpartition(":")[2]
        if local == "row":
            self.row += 1
            self.column = 1
        elif local == "c":
            self.cell = None
            self.column += 1


def _number(text: str) -> int:
    if not (text.isascii() and text.isdigit() and len(text) <= 7):
        raise ValueError(f"row number {text[:20]!r}")
    return int(text)


def _rels_target(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts = base.split("/")[:-1]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def _xlsx_sheets(archive: zipfile.ZipFile) -> list[str]:
    """The worksheet member of each sheet, in the workbook's order (calamine's order too)."""
    try:
        workbook = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return []
    targets = {}
    for attrs in _tags(rels, "Relationship"):
        if "Id" in attrs and "Target" in attrs:
            targets[attrs["Id"]] = _rels_target("xl/workbook.xml", attrs["Target"])
    members = []
    for attrs in _tags(workbook, "sheet"):
        rid = next((v for k, v in attrs.items() if k.rpartition(":")[2] == "id"), None)
        members.append(targets.get(rid or "", ""))
    return members


def _tags(data: bytes, local: str) -> list[dict[str, str]]:
    """The attributes of every element named ``local`` (any prefix), by an XML parse."""
    found: list[dict[str, str]] = []
    parser = expat.ParserCreate()

    def start(name: str, attrs: dict[str, str]) -> None:
        if name.rpartition(":")[2] == local:
            found.append(attrs)

    parser.StartElementHandler = start
    parser.Parse(data, True)
    return found


# --- .ods -----------------------------------------------------------------------------------


MAX_SHOWN = 1_000_000  # cells whose format is noted (a crafted file is refused by its extent)


class _OdsContent:
    """The data extent of every table in an ODS content.xml, repeated rows and cells included,
    and the precision of the date and number cells whose style says it (``shown``)."""

    def __init__(self) -> None:
        self.tables: dict[str, Extent] = {}
        self.shown: dict[str, dict[tuple[int, int], int]] = {}
        self.extent: Extent | None = None
        self.table_shown: dict[tuple[int, int], int] = {}
        self.depth = 0  # a table inside a cell stays part of the table around it
        self.row = 0
        self.row_repeat = 1
        self.column = 0
        self.cell: tuple[int, int] | None = None  # (first column, repeat) of an open cell
        self.noted = 0
        # number styles: name → MONTH or decimals; cell styles: name → number style name
        self.data_styles: dict[str, int] = {}
        self.cell_styles: dict[str, str] = {}
        self.column_styles: list[str | None] = []
        self.data_style: tuple[str, str, list[str]] | None = None  # (kind, name, parts)
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end

    def feed(self, chunk: bytes, final: bool = False) -> None:
        """Parse the next bytes (expat raises ExpatError on XML that is not well-formed)."""
        self.parser.Parse(chunk, final)

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition(":")[2]
        if local in ("date-style", "number-style") and self.extent is None:
            self.data_style = (local, _attr(attrs, "name") or "", [])
        elif self.data_style is not None:
            self.data_style[2].append(local)
            if local == "number":
                places = _attr(attrs, "min-decimal-places") or _attr(attrs, "decimal-places")
                self.data_style[2].append(f"decimals={places or 0}")
        elif local == "style" and _attr(attrs, "data-style-name"):
            self.cell_styles[_attr(attrs, "name") or ""] = _attr(attrs, "data-style-name") or ""
        elif local == "table":
            self.depth += 1
            if self.depth == 1:
                key = _attr(attrs, "name") or ""
                self.extent = self.tables.setdefault(key, Extent())
                self.table_shown = self.shown.setdefault(key, {})
                self.column_styles = []
                self.row = 0
        elif self.extent is None:
            return
        elif local == "table-column" and self.depth == 1:
            repeat = _repeat(_attr(attrs, "number-columns-repeated"))
            if len(self.column_styles) < 20_000:
                self.column_styles += [_attr(attrs, "default-cell-style-name")] * min(
                    repeat, 20_000
                )
        elif local == "table-row":
            self.row_repeat = _repeat(_attr(attrs, "number-rows-repeated"))
            self.row += 1
            self.column = 0
        elif local in ("table-cell", "covered-table-cell"):
            repeat = _repeat(_attr(attrs, "number-columns-repeated"))
            self.cell = (self.column + 1, repeat)
            if _attr(attrs, "value-type") in ("date", "float"):
                self._note(_attr(attrs, "style-name"), repeat)
            self.column += repeat
            if any("value" in k or k.endswith(":formula") for k in attrs):
                self._data()
        elif self.cell is not None:  # an element inside the cell (<text:p>): it holds data
            self._data()

    def _note(self, style: str | None, repeat: int) -> None:
        """Note the precision of a date or number cell from its style or its column's."""
        if style is None and self.column < len(self.column_styles):
            style = self.column_styles[self.column]
        precision = self.data_styles.get(self.cell_styles.get(style or "", ""))
        if precision is None or self.noted + repeat * self.row_repeat > MAX_SHOWN:
            return
        self.noted += repeat * self.row_repeat
        for row in range(self.row, self.row + self.row_repeat):
            for column in range(self.column + 1, self.column + 1 + repeat):
                self.table_shown[(row, column)] = precision

    def _data(self) -> None:
        assert self.extent is not None and self.cell is not None
        first, repeat = self.cell
        self.extent.add(self.row + self.row_repeat - 1, first + repeat - 1)
        self.cell = None

    def _end(self, name: str) -> None:
        local = name.rpartition(":")[2]
        if self.data_style is not None and local in ("date-style", "number-style"):
            kind, style, parts = self.data_style
            self.data_style = None
            if kind == "date-style" and {"year", "month"} <= set(parts) and "day" not in parts:
                self.data_styles[style] = MONTH
            elif kind == "number-style" and "number" in parts:
                places = next(int(p[9:]) for p in parts if p.startswith("decimals="))
                if places > 0:
                    self.data_styles[style] = places
        elif local == "table-row":
            self.row += self.row_repeat - 1
            self.row_repeat = 1
        elif local in ("table-cell", "covered-table-cell"):
            self.cell = None
        elif local == "table":
            self.depth -= 1
            if self.depth == 0:
                self.extent = None


def _attr(attrs: dict[str, str], local: str) -> str | None:
    return next((v for k, v in attrs.items() if k.rpartition(":")[2] == local), None)


def _repeat(text: str | None) -> int:
    if text is None:
        return 1
    if not (text.isascii() and text.isdigit() and len(text) <= 10):
        raise ValueError(f"repeat count {text[:20]!r}")
    return max(int(text), 1)


# --- zip archives ---------------------------------------------------------------------------


def _stream(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, sink: Callable[[bytes], object]
) -> int:
    """Decompress one member to the end (zipfile stops at its declared size and checks the
    CRC); return the bytes read."""
    total = 0
    with archive.open(info) as handle:
        while chunk := handle.read(CHUNK):
            total += len(chunk)
            sink(chunk)
    return total


def _scan_sheet(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, styles: dict[str, int]
) -> tuple[Extent, dict[tuple[int, int], int]]:
    fast = _XlsxSheet(styles)
    ok = True

    def feed(chunk: bytes) -> None:
        nonlocal ok
        if ok:
            ok = fast.feed(chunk)

    _stream(archive, info, feed)
    if ok and fast.feed(b"", final=True):
        return fast.extent, fast.shown
    exact = _XlsxParser(styles)
    _stream(archive, info, exact.feed)
    exact.feed(b"", True)
    return exact.extent, exact.shown


@dataclass
class Inspected:
    """What was measured in a file: the extent of each sheet it would load."""

    by_member: dict[str, Extent] = field(default_factory=dict)  # .xlsx worksheet members
    sheets: list[str] = field(default_factory=list)  # .xlsx: member of each sheet, in order
    by_name: dict[str, Extent] = field(default_factory=dict)  # .ods and .xls: every sheet
    # (row, column) → MONTH or decimals, of the cells whose format says how precise they are:
    # by worksheet member (.xlsx) or by sheet name (.ods, .xls)
    shown: dict[str, dict[tuple[int, int], int]] = field(default_factory=dict)

    def xlsx_extent(self, index: int) -> Extent | None:
        """The extent of the ``index``-th sheet of an .xlsx (None if it is not a worksheet)."""
        if index >= len(self.sheets):
            return None
        return self.by_member.get(self.sheets[index])

    def xlsx_shown(self, index: int) -> dict[tuple[int, int], int]:
        """The precision of the ``index``-th sheet's cells, where their format gives one."""
        return self.shown.get(self.sheets[index], {}) if index < len(self.sheets) else {}


def inspect_zip(data: bytes, path: str, limits: Limits, *, ods: bool) -> Inspected:
    """Check an .xlsx/.xlsm/.ods archive whole and measure its sheets; InputError if unsafe."""
    out = Inspected()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            declared = sum(m.file_size for m in members)
            if len(members) > MAX_MEMBERS or declared > limits.unpacked:
                raise too_big(path, declared, limits)
            styles: dict[str, int] = {}
            if not ods:
                out.sheets = _xlsx_sheets(archive)
                styles = _xlsx_styles(archive)
            worksheets = set(out.sheets)
            for info in members:
                if info.filename in worksheets:
                    extent, shown = _scan_sheet(archive, info, styles)
                    out.by_member[info.filename] = extent
                    out.shown[info.filename] = shown
                elif ods and info.filename == "content.xml":
                    content = _OdsContent()
                    if "styles.xml" in archive.namelist():  # common number and cell styles
                        common = _OdsContent()
                        _stream(archive, archive.getinfo("styles.xml"), common.feed)
                        common.feed(b"", True)
                        content.data_styles, content.cell_styles = (
                            common.data_styles,
                            common.cell_styles,
                        )
                    _stream(archive, info, content.feed)
                    content.feed(b"", True)
                    out.by_name = content.tables
                    out.shown = content.shown
                else:
                    _stream(archive, info, lambda _chunk: None)
    except InputError:
        raise
    except zipfile.BadZipFile as exc:
        raise damaged(path, str(exc) or "not a zip archive") from None
    except (zlib.error, EOFError, OSError, ValueError, RuntimeError, NotImplementedError) as exc:
        raise damaged(path, f"{type(exc).__name__}: {exc}") from None
    except expat.ExpatError as exc:
        raise damaged(path, f"XML: {exc}") from None
    if ods:
        for name, extent in out.by_name.items():
            check_extent(path, name, extent, limits)
    return out


# --- .xls (BIFF8 in an OLE2 compound file) --------------------------------------------------

# BIFF records that hold one cell's value: row and column are their first two 16-bit fields
_BIFF_CELLS = frozenset({0x0006, 0x0203, 0x027E, 0x00FD, 0x0204, 0x0205, 0x00D6, 0x0406})
_BIFF_MULRK = 0x00BD  # several RK numbers in one row: row, first column, …, last column
_BIFF_BOF = 0x0809
_BIFF_EOF = 0x000A
_BIFF_SHEET = 0x0085  # BOUNDSHEET: a sheet's name, in the workbook globals
_BIFF_FORMAT = 0x041E  # a number format: its index and its code
_BIFF_XF = 0x00E0  # a cell style: font, number format …
_BIFF_NUMBERS = frozenset({0x0006, 0x0203, 0x027E})  # FORMULA, NUMBER, RK: a number


def inspect_xls(data: bytes, path: str, limits: Limits) -> Inspected:
    """Measure every sheet of an .xls (calamine loads them all when the file is opened)."""
    import olefile

    out = Inspected()
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
        name = next((s for s in ("Workbook", "Book") if ole.exists(s)), None)
        if name is None:
            raise damaged(path, "no Workbook stream")
        stream = ole.openstream(name).read()
    except InputError:
        raise
    except Exception as exc:  # olefile raises OSError, struct.error, IndexError … on bad files
        raise damaged(path, f"{type(exc).__name__}: {exc}") from None
    if len(stream) > limits.unpacked:
        raise too_big(path, len(stream), limits)
    names: list[str] = []
    sheets: list[Extent] = []
    shown: list[dict[tuple[int, int], int]] = []
    formats: dict[int, str] = {}
    xfs: list[int] = []  # the number format of each cell style, in order
    precision: list[int | None] = []
    depth = 0
    substream = -1  # 0: the workbook globals; 1, 2 …: the sheets, in order
    for kind, body in _biff_records(stream):
        if kind == _BIFF_BOF:
            depth += 1
            if depth == 1:
                substream += 1
                if substream:
                    sheets.append(Extent())
                    shown.append({})
                if substream == 1:
                    precision = [_xls_precision(f, formats) for f in xfs]
        elif kind == _BIFF_EOF:
            depth = max(depth - 1, 0)
        elif depth != 1 or len(body) < 4:
            continue
        elif substream == 0:
            if kind == _BIFF_SHEET and len(body) >= 8:
                names.append(_biff_sheet_name(body))
            elif kind == _BIFF_FORMAT:
                formats[struct.unpack_from("<H", body)[0]] = _biff_string(body[2:])
            elif kind == _BIFF_XF:
                xfs.append(struct.unpack_from("<H", body, 2)[0])
        elif kind in _BIFF_CELLS:
            row, column = struct.unpack_from("<HH", body)
            sheets[-1].add(row + 1, column + 1)
            if kind in _BIFF_NUMBERS and len(body) >= 6:
                _xls_note(shown[-1], precision, row, column, struct.unpack_from("<H", body, 4)[0])
        elif kind == _BIFF_MULRK and len(body) >= 6:
            row, first = struct.unpack_from("<HH", body)
            (last,) = struct.unpack_from("<H", body, len(body) - 2)
            sheets[-1].add(row + 1, last + 1)
            for i in range(min(last - first + 1, (len(body) - 6) // 6)):
                xf = struct.unpack_from("<H", body, 4 + 6 * i)[0]
                _xls_note(shown[-1], precision, row, first + i, xf)
    for index, extent in enumerate(sheets):
        sheet = names[index] if index < len(names) else str(index + 1)
        out.by_name[sheet] = extent
        out.shown[sheet] = shown[index]
        check_extent(path, sheet, extent, limits)
    return out


def _xls_precision(fmt: int, formats: dict[int, str]) -> int | None:
    if fmt in formats:
        return shown_precision(formats[fmt])
    if fmt in _BUILTIN_MONTH:
        return MONTH
    return _BUILTIN_DECIMALS.get(fmt)


def _xls_note(
    shown: dict[tuple[int, int], int], precision: list[int | None], row: int, column: int, xf: int
) -> None:
    found = precision[xf] if xf < len(precision) else None
    if found is not None and len(shown) < MAX_SHOWN:
        shown[(row + 1, column + 1)] = found


def _biff_string(body: bytes) -> str:
    """A BIFF8 unicode string: its length, a flags byte, then Latin-1 or UTF-16 characters."""
    if len(body) < 3:
        return ""
    length, flags = struct.unpack_from("<HB", body)
    raw = body[3:]
    if flags & 1:
        return raw[: 2 * length].decode("utf-16-le", "replace")
    return raw[:length].decode("latin-1")


def _biff_records(stream: bytes) -> Iterator[tuple[int, bytes]]:
    offset = 0
    end = len(stream)
    while offset + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, offset)
        yield kind, stream[offset + 4 : offset + 4 + length]
        offset += 4 + length


def _biff_sheet_name(body: bytes) -> str:
    length, flags = body[6], body[7] if len(body) > 7 else 0
    raw = body[8:]
    if flags & 1:
        return raw[: 2 * length].decode("utf-16-le", "replace")
    return raw[:length].decode("latin-1")
