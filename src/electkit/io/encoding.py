"""The one encoding policy: BOM → strict UTF-8 → GB18030, or what ``--encoding`` says.

No guessing library: they misread short GBK files. GB18030 is a superset of GBK and GB2312,
which is what Excel and WPS on Chinese Windows write for "CSV".
"""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

from electkit.core.errors import InputError, Problem
from electkit.io.inputs import check_input, read_failed

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)
# the codec that writes the text after each byte-order mark, in that mark's byte order
_AFTER_BOM = {
    codecs.BOM_UTF8: "utf-8",
    codecs.BOM_UTF32_LE: "utf-32-le",
    codecs.BOM_UTF32_BE: "utf-32-be",
    codecs.BOM_UTF16_LE: "utf-16-le",
    codecs.BOM_UTF16_BE: "utf-16-be",
}


def text_codec(encoding: str, path: str) -> str:
    """The name of a codec given with ``--encoding``; InputError if it cannot decode text.

    Python knows codecs that are no text encoding (base64, rot13, zlib) and one that fails on
    every input (``undefined``): each is refused here, naming the file.
    """
    try:
        codec = codecs.lookup(encoding)
        if not getattr(codec, "_is_text_encoding", True):
            raise LookupError(encoding)
        codec.decode(b"ok")
    except (LookupError, UnicodeError):
        raise InputError(
            [Problem(message_id="encoding.unknown", file=path, value=encoding)]
        ) from None
    return encoding


def decode(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode a text file; return the text and the name of the encoding used.

    Raises InputError naming the file, the byte offset and the fix (``--encoding``).
    """
    if encoding:
        text_codec(encoding, path)
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            raise _failed(path, exc, encoding) from None
        except UnicodeError:  # a codec that fails without saying where (UTF-16 without a BOM)
            raise _failed_at(path, 0, data[:4], encoding) from None
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


def encode_as_read(text: str, head: bytes, used: str) -> bytes:
    """``text`` in the encoding ``decode`` read a file with (``used``, the file's first bytes
    ``head``): a file rewritten on purpose keeps its encoding and its byte-order mark."""
    for bom, _codec, name in _BOMS:
        if used == name and head.startswith(bom):
            return bom + text.encode(_AFTER_BOM[bom])
    return text.encode(used)


def _failed(path: str, exc: UnicodeDecodeError, tried: str) -> InputError:
    return _failed_at(path, exc.start, exc.object[exc.start : exc.start + 4], tried)


def _failed_at(path: str, offset: int, data: bytes, tried: str) -> InputError:
    return InputError(
        [
            Problem(
                message_id="encoding.failed",
                file=path,
                params={"tried": tried, "offset": offset, "bytes": data.hex(" ")},
            )
        ]
    )


CHUNK = 1 << 20


def file_encoding(path: Path, encoding: str | None = None) -> tuple[str, str]:
    """The codec to open a text file with, and the file's SHA-256, reading 1 MiB at a time.

    The same policy as ``decode`` (BOM → strict UTF-8 → GB18030, or ``--encoding``) without
    holding the file in memory: each candidate codec is tried over the whole file before any
    row is read, so a file that is UTF-8 for a million rows and then not is still GB18030.
    """
    if encoding:
        text_codec(encoding, str(path))
    head = _read_head(path)
    if encoding:
        candidates = [encoding]
    else:
        bom = next((codec for mark, codec, _name in _BOMS if head.startswith(mark)), None)
        candidates = [bom] if bom else ["utf-8", "gb18030"]
    failure: tuple[int, bytes] | None = None
    for codec in candidates:
        sha, failure = _try_codec(path, codec)
        if failure is None:
            return codec, sha
    assert failure is not None
    raise _failed_at(str(path), *failure, encoding or ", ".join(candidates))


def _read_head(path: Path) -> bytes:
    check_input(path)
    try:
        with path.open("rb") as handle:
            return handle.read(4)
    except OSError as exc:
        raise read_failed(path, exc) from None


def _try_codec(path: Path, codec: str) -> tuple[str, tuple[int, bytes] | None]:
    """Decode the whole file incrementally; return its SHA-256 and (offset, bytes) of a failure."""
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    digest = hashlib.sha256()
    fed = 0
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(CHUNK)
            final = not chunk
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(chunk, final=final)
            except UnicodeDecodeError as exc:
                return digest.hexdigest(), (
                    fed - pending + exc.start,
                    exc.object[exc.start : exc.start + 4],
                )
            except UnicodeError:  # e.g. UTF-16 without a byte-order mark
                return digest.hexdigest(), (fed, chunk[:4])
            digest.update(chunk)
            fed += len(chunk)
            if final:
                return digest.hexdigest(), None
