"""The book head as a QR code: SVG for the printed reports, text for the terminal (segno).

The head is encoded in upper case, which QR's alphanumeric mode holds in a smaller symbol
(version 4 instead of 5); ``book verify --head`` accepts either case.
"""

from __future__ import annotations

from typing import Any

HALF_BLOCKS = "▀▄█"  # not all in GBK (▀ is missing): full blocks there instead


def _code(head: str) -> Any:
    import segno

    return segno.make(head.upper(), error="m", micro=False)


def qr_svg(head: str, scale: int = 3) -> str:
    """An inline ``<svg>`` of the head's QR code (with its quiet zone), for HTML and PDF."""
    return str(_code(head).svg_inline(scale=scale, border=4, dark="#000", light="#fff"))


def qr_lines(head: str, encoding: str | None) -> list[str]:
    """The head's QR code as lines of text: half blocks (two module rows a line) when the
    console can print them, else two full blocks per module and one line per module row.

    A dark module is a block character, so it is meant to be printed dark on light.
    """
    matrix = [list(row) for row in _code(head).matrix]
    border = 2
    width = len(matrix[0]) + 2 * border
    rows = [[0] * width for _ in range(border)]
    rows += [[0] * border + row + [0] * border for row in matrix]
    rows += [[0] * width for _ in range(border)]
    if _can_print(HALF_BLOCKS, encoding):
        if len(rows) % 2:
            rows.append([0] * width)
        glyph = {(1, 1): "█", (1, 0): "▀", (0, 1): "▄", (0, 0): " "}
        return [
            "".join(glyph[(top, bottom)] for top, bottom in zip(upper, lower, strict=True))
            for upper, lower in zip(rows[::2], rows[1::2], strict=True)
        ]
    return ["".join("██" if dark else "  " for dark in row) for row in rows]


def _can_print(text: str, encoding: str | None) -> bool:
    try:
        text.encode(encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True
