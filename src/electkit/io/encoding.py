"""The one encoding policy: BOM → strict UTF-8 → GB18030, or what ``--encoding`` says.

No guessing library: they misread short GBK files. GB18030 is a superset of GBK and GB2312,
which is what Excel and WPS on Chinese Windows write for "CSV".
"""

from __future__ import annotations

import codecs

from electkit.core.errors import InputError, Problem

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)


def decode(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode a text file; return the text and the name of the encoding used.

    Raises InputError naming the file, the byte offset and the fix (``--encoding``).
    """
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(
                [Problem(message_id="encoding.unknown", file=path, value=encoding)]
            ) from None
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            raise _failed(path, exc, encoding) from None
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), name
            except UnicodeDecodeError as exc:
                raise _failed(path, exc, name) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise _failed(path, exc, "utf-8, gb18030") from None


def _failed(path: str, exc: UnicodeDecodeError, tried: str) -> InputError:
    return InputError(
        [
            Problem(
                message_id="encoding.failed",
                file=path,
                params={
                    "tried": tried,
                    "offset": exc.start,
                    "bytes": exc.object[exc.start : exc.start + 4].hex(" "),
                },
            )
        ]
    )
