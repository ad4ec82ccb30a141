"""The cells that hold data in an .xls workbook (BIFF8 records in an OLE2 compound file)."""

from __future__ import annotations

import io
import struct
from collections.abc import Iterator

from electkit.core.errors import InputError
from electkit.io.extent import (
    BUILTIN_DECIMALS,
    BUILTIN_MONTH,
    MONTH,
    Extent,
    Inspected,
    Limits,
    check_extent,
    damaged,
    shown_precision,
    too_big,
)
from electkit.io.sheet_xml import MAX_SHOWN

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
    if fmt in BUILTIN_MONTH:
        return MONTH
    return BUILTIN_DECIMALS.get(fmt)


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
