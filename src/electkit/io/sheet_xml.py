"""The cells that hold data in a sheet's XML (.xlsx worksheets, an .ods content.xml), read as a
stream: where they lie, and what their number format says about their precision."""

from __future__ import annotations

import re
import zipfile
from xml.parsers import expat

from electkit.io.extent import (
    BUILTIN_DECIMALS,
    BUILTIN_MONTH,
    CHUNK,
    MONTH,
    Extent,
    column_number,
    shown_precision,
)


def xlsx_styles(archive: zipfile.ZipFile) -> dict[str, int]:
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
        elif fmt.isdigit() and int(fmt) in BUILTIN_MONTH:
            precision = MONTH
        else:
            precision = BUILTIN_DECIMALS.get(int(fmt)) if fmt.isdigit() else None
        if precision is not None:
            out[str(index)] = precision
    return out


# --- .xlsx / .xlsm --------------------------------------------------------------------------

# The fast path reads cell tags in the plain form Excel, WPS, LibreOffice and openpyxl write:
# ``r`` first, then double-quoted attributes without < or >, one space apart. When every cell
# start tag of a chunk is such a tag, one regular expression sees them all; otherwise (a tag
# without ``r``, a quoted ">", another spacing) the sheet is parsed exactly (``XlsxParser``).
_ROOT_PREFIX = re.compile(rb"<([\w.-]+:)?worksheet[\s>]")
_STYLE = re.compile(rb' s="([0-9]+)"')


def _unsaved_pattern(prefix: bytes) -> re.Pattern[bytes]:
    """A formula followed by the cell's end or by an empty value: </f></c>, <f .../></c>,
    </f><v/>, </f><v></v> (the text of a formula cannot hold "<": XML escapes it)."""
    p = re.escape(prefix)
    end_of_f = rb"(?:</" + p + rb"f>|<" + p + rb"f\b[^<>]*/>)"
    empty_v = rb"(?:</" + p + rb"c>|<" + p + rb"v\s*/>|<" + p + rb"v>\s*</" + p + rb"v>)"
    return re.compile(end_of_f + rb"\s*" + empty_v)


def _cell_pattern(prefix: bytes) -> re.Pattern[bytes]:
    """letters, digits, attributes, "/" if self-closing, "<" if an element follows (content)."""
    return re.compile(
        b"<"
        + re.escape(prefix)
        + rb'c r="([A-Z]{1,3})([1-9][0-9]{0,6})"((?: [\w:.-]+="[^"<>]*")*)\s*(/?)>(\s*<(?!/))?'
    )


class XlsxSheet:
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
        self.formula = re.compile(rb"<f[\s/>]")
        self.unsaved = _unsaved_pattern(b"")

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
            self.formula = re.compile(b"<" + re.escape(self.prefix) + rb"f[\s/>]")
            self.unsaved = _unsaved_pattern(self.prefix)
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
        # a formula whose result may not be saved (no <v>, or an empty one): the exact path
        # decides; formulas with their results, as spreadsheets save them, stay on this path
        if self.formula.search(part) and self.unsaved.search(part):
            return False
        found = self.cell.findall(part)
        if len(found) != len(self.opens.findall(part)):
            return False
        data = [(int(d), c, a) for c, d, a, slash, child in found if child and not slash]
        if not data:
            return True
        down = max(data)
        right = max(data, key=lambda x: (len(x[1]), x[1]))
        for row, letters, _ in (down, right):
            self.extent.add(row, column_number(letters.decode()))
        if self.styles:
            for row, letters, attrs in data:
                style = _STYLE.search(attrs) if b" s=" in attrs else None
                if style is not None and style.group(1).decode() in self.styles:
                    cell = (row, column_number(letters.decode()))
                    self.shown[cell] = self.styles[style.group(1).decode()]
        return True


FORMULAS_KEPT = 20  # unsaved formula cells named (the rest only counted: a crafted sheet)


class XlsxParser:
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
        # formula cells without a saved result: the first FORMULAS_KEPT, and how many in all
        self.formulas: dict[tuple[int, int], str] = {}
        self.unsaved = 0
        self.typed = False  # the open cell says its type (t="str" …): an empty <v> is its value
        self.has_value = False  # the open cell has a <v> element
        self.row = 1
        self.column = 1
        self.cell: tuple[int, int] | None = None
        self.here: tuple[int, int] = (1, 1)  # the cell open now (its children are read)
        self.formula: list[str] | None = None  # the text of the open cell's <f>
        self.valued = False  # the open cell has a saved value (<v> with text, or <is>)
        self.reading: list[str] | None = None  # the text of an open <f> or <v>
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text

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
                self.column = column_number(found.group(1).upper())
                self.row = max(self.row, int(found.group(2)))
            self.cell = self.here = (self.row, self.column)
            self.formula, self.valued, self.has_value = None, False, False
            self.typed = "t" in attrs
            if attrs.get("s") in self.styles:
                self.shown[self.cell] = self.styles[attrs["s"]]
        else:
            if self.cell is not None:  # <v>, <is>, <f> …: the cell holds something
                self.extent.add(*self.cell)
                self.cell = None
            if local == "f":
                self.formula = self.reading = []
            elif local == "v":
                self.reading = []
                self.has_value = True
            elif local == "is":
                self.valued = True

    def _text(self, data: str) -> None:
        if self.reading is not None and sum(map(len, self.reading)) < 200:
            self.reading.append(data)

    def _end(self, name: str) -> None:
        local = name.rpartition(":")[2]
        if local == "row":
            self.row += 1
            self.column = 1
        elif local == "v":
            self.valued = self.valued or bool("".join(self.reading or ()).strip())
            self.reading = None
        elif local == "f":
            self.reading = None
        elif local == "c":
            # saved: a value, or an empty one on a typed cell (a formula that gives "": Excel
            # and LibreOffice write t="str" and <v></v>; openpyxl's unsaved cell is a bare <v/>)
            saved = self.valued or (self.has_value and self.typed)
            if self.formula is not None and not saved:
                self.unsaved += 1
                if len(self.formulas) < FORMULAS_KEPT:
                    self.formulas[self.here] = "".join(self.formula).strip()
            self.formula, self.valued = None, False
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


def xlsx_sheets(archive: zipfile.ZipFile) -> list[str]:
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
MAX_PARENTS = 16  # parent styles followed from a cell's style to its number format


class OdsContent:
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
        self.parents: dict[str, str] = {}  # cell style → the style it inherits from
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
        elif local == "style":
            data, parent = _attr(attrs, "data-style-name"), _attr(attrs, "parent-style-name")
            if data:
                self.cell_styles[_attr(attrs, "name") or ""] = data
            elif parent:  # a style with no number format of its own takes its parent's
                self.parents[_attr(attrs, "name") or ""] = parent
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
        name = style or ""
        for _ in range(MAX_PARENTS):  # a named cell style may itself inherit (a cycle ends here)
            if name in self.cell_styles or name not in self.parents:
                break
            name = self.parents[name]
        precision = self.data_styles.get(self.cell_styles.get(name, ""))
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
