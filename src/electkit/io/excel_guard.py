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
import zipfile
import zlib
from collections.abc import Callable
from xml.parsers import expat

from electkit.core.errors import InputError
from electkit.io.extent import (
    BALLOTS,
    CHUNK,
    LISTS,
    MONTH,
    Extent,
    Inspected,
    Limits,
    check_extent,
    damaged,
    too_big,
)
from electkit.io.sheet_xls import inspect_xls
from electkit.io.sheet_xml import OdsContent, XlsxParser, XlsxSheet, xlsx_sheets, xlsx_styles

__all__ = [
    "BALLOTS",
    "LISTS",
    "MONTH",
    "Extent",
    "Inspected",
    "Limits",
    "check_extent",
    "damaged",
    "inspect_xls",
    "inspect_zip",
]

MAX_MEMBERS = 10_000


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
) -> tuple[Extent, dict[tuple[int, int], int], tuple[dict[tuple[int, int], str], int]]:
    fast = XlsxSheet(styles)
    ok = True

    def feed(chunk: bytes) -> None:
        nonlocal ok
        if ok:
            ok = fast.feed(chunk)

    _stream(archive, info, feed)
    if ok and fast.feed(b"", final=True):
        return fast.extent, fast.shown, ({}, 0)
    exact = XlsxParser(styles)
    _stream(archive, info, exact.feed)
    exact.feed(b"", True)
    return exact.extent, exact.shown, (exact.formulas, exact.unsaved)


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
                out.sheets = xlsx_sheets(archive)
                styles = xlsx_styles(archive)
            worksheets = set(out.sheets)
            for info in members:
                if info.filename in worksheets:
                    extent, shown, formulas = _scan_sheet(archive, info, styles)
                    out.by_member[info.filename] = extent
                    out.shown[info.filename] = shown
                    if formulas[1]:
                        out.formulas[info.filename] = formulas
                elif ods and info.filename == "content.xml":
                    content = OdsContent()
                    if "styles.xml" in archive.namelist():  # common number and cell styles
                        common = OdsContent()
                        _stream(archive, archive.getinfo("styles.xml"), common.feed)
                        common.feed(b"", True)
                        content.data_styles, content.cell_styles, content.parents = (
                            common.data_styles,
                            common.cell_styles,
                            common.parents,
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
