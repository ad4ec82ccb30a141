"""Column widths for printed tables, sized from what the columns hold.

Long tables use ``table-layout: fixed`` (laid out in linear time), so the widths are worked out
here, the way a browser's automatic layout would: every column gets at least what it cannot
wrap (a masked ID number, a date, the longest word of its heading), and the rest of the line is
shared out by how much more each column would like. Text is measured with the advance widths of
the one font the reports use (Noto Serif CJK SC, the wider of its regular and bold); a character
it does not list is taken as a full em, so an estimate errs on the wide side.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

MM_PER_PT = 25.4 / 72
# A4 with the reports' side margins (16 mm each): the width a table may use, portrait and landscape
PORTRAIT_MM = 210 - 32
LANDSCAPE_MM = 297 - 32
# advance widths of " " … "~" in hundredths of an em (Noto Serif CJK SC, regular and bold)
_ASCII = (
    26, 36, 45, 62, 59, 97, 81, 24, 40, 40, 49, 61, 34, 37, 34, 40, 60, 48, 60, 60, 60, 60, 60, 59,
    60, 60, 34, 34, 61, 61, 61, 48, 97, 75, 71, 71, 79, 67, 65, 76, 87, 43, 43, 77, 65, 101, 82, 79,
    68, 79, 76, 60, 70, 82, 74, 110, 73, 71, 63, 38, 40, 38, 61, 60, 45, 59, 68, 57, 66, 58, 41, 60,
    69, 35, 34, 66, 36, 101, 69, 63, 68, 64, 50, 50, 40, 68, 58, 88, 60, 59, 52, 38, 34, 38, 61,
)  # fmt: skip
_NARROW = {"·": 0.34, "–": 0.6, "—": 0.93, "\u00a0": 0.26}
# where a line may break inside Latin text: after spaces, hyphens and slashes
_TOKENS = re.compile(r"[^\s\-/]+[\-/]?")


def text_em(text: str) -> float:
    """The width of a text set on one line, in ems."""
    width = 0.0
    for ch in text:
        code = ord(ch)
        if 32 <= code < 127:
            width += _ASCII[code - 32] / 100
        elif ch in _NARROW:
            width += _NARROW[ch]
        elif unicodedata.combining(ch):
            continue
        else:
            width += 1.0  # CJK, full-width forms, anything unlisted: a full em at most
    return width


def _unbreakable_em(text: str) -> float:
    """The widest piece of a text that a line cannot break inside (CJK breaks anywhere)."""
    widest = 0.0
    for token in _TOKENS.findall(text):
        run = 0.0
        for ch in token:
            if unicodedata.east_asian_width(ch) in ("W", "F"):
                widest, run = max(widest, run), 0.0
                widest = max(widest, 1.0)
            else:
                run += text_em(ch)
        widest = max(widest, run)
    return widest


@dataclass(frozen=True)
class Column:
    """One column: its heading, its cells, and how its text may wrap.

    ``wrap`` False keeps every cell on one line (a date, an ID number); a wrapping column is
    never made narrower than ``min_em`` ems of its text (so a unit's name wraps into lines of a
    few characters, not one).
    """

    head: str
    cells: Sequence[str]
    wrap: bool = True
    min_em: float = 2.0


@dataclass(frozen=True)
class Sizes:
    """Font sizes (pt) and cell padding (mm) of a table, as its stylesheet sets them."""

    cell_pt: float = 8.5
    head_pt: float = 8.5
    padding_mm: float = 3.0  # left + right
    slack_mm: float = 1.0  # per column, for what the estimate cannot know (kerning, rounding)


def _bounds(column: Column, sizes: Sizes) -> tuple[float, float]:
    """The narrowest and the preferred width of a column, in mm, padding included."""
    cell_mm = sizes.cell_pt * MM_PER_PT
    head_mm = sizes.head_pt * MM_PER_PT
    # a heading never breaks inside a word: Latin at spaces, CJK not at all
    head_min = max((text_em(w) for w in column.head.split()), default=0.0) * head_mm
    head_full = text_em(column.head) * head_mm
    full = max((text_em(c) for c in column.cells), default=0.0) * cell_mm
    if column.wrap:
        least = max((_unbreakable_em(c) for c in column.cells), default=0.0) * cell_mm
        least = max(least, min(full, column.min_em * cell_mm))
    else:
        least = full
    extra = sizes.padding_mm + sizes.slack_mm
    return max(head_min, least) + extra, max(head_full, full) + extra


def column_widths(columns: Sequence[Column], width_mm: float, sizes: Sizes) -> list[float] | None:
    """Widths in mm that fill ``width_mm``, or None when the columns cannot fit in it.

    Each column gets its narrowest width. When the rest of the line cannot give every column
    all it would like, the widths are capped at one level, as high as the line allows: short
    columns stay on one line and only the longest texts (a workplace, a conclusion) wrap.
    """
    bounds = [_bounds(c, sizes) for c in columns]
    if sum(low for low, _ in bounds) > width_mm:
        return None
    if sum(high for _, high in bounds) > width_mm:
        below, above = 0.0, max(high for _, high in bounds)
        for _ in range(40):  # bisect for the cap that fills the line
            level = (below + above) / 2
            used = sum(max(low, min(high, level)) for low, high in bounds)
            below, above = (level, above) if used <= width_mm else (below, level)
        widths = [max(low, min(high, below)) for low, high in bounds]
        spare = width_mm - sum(widths)
        capped = [i for i, w in enumerate(widths) if w < bounds[i][1]] or [len(widths) - 1]
        return [w + (spare / len(capped) if i in capped else 0.0) for i, w in enumerate(widths)]
    # everything fits on one line: the spare width goes to the wrapping columns
    spare = width_mm - sum(high for _, high in bounds)
    growing = [i for i, c in enumerate(columns) if c.wrap] or list(range(len(columns)))
    share = sum(bounds[i][1] for i in growing)
    return [
        high + (spare * high / share if i in growing else 0.0) for i, (_, high) in enumerate(bounds)
    ]


def percentages(widths: Sequence[float]) -> list[str]:
    """Widths as CSS percentages of the table (the same in WeasyPrint and a browser)."""
    total = sum(widths)
    return [f"{100 * w / total:.2f}%" for w in widths]
