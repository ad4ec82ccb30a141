"""Overprinting and overflow in a rendered PDF, found from the text and the rules on each page.

    .venv/bin/python -m tests.pdf_layout REPORT.pdf [--margin-mm 16]   # exit 1 if it finds any

Any PDF will do (WeasyPrint's or a browser's). On each page it reports:

- ``overlap``: two horizontal text spans whose boxes overlap (text printed over text);
- ``crosses``: a span running across a vertical rule: a cell's text into the next cell, or past
  the table's edge;
- ``outside``: a span outside the page, or outside the left and right margins when given.

Rotated text (a watermark such as 测试 / 非正式结果) is left out by its writing direction.
``unbroken`` says which words (table headings) the document never prints whole on one line.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pymupdf

PT_PER_MM = 72 / 25.4
TOLERANCE = 0.6  # pt: glyph boxes that merely touch are not an overlap
RULE_WIDTH = 1.5  # pt: a filled rectangle at most this wide (or tall) is a table rule
Rule = tuple[float, float, float]  # a rule's position and its extent along it


@dataclass(frozen=True)
class Span:
    """A run of text on one line, with the box of its glyphs (blanks left out)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Problem:
    """One place where the printed page is wrong."""

    page: int  # 1-based
    kind: str  # overlap | crosses | outside
    text: str
    other: str = ""

    def __str__(self) -> str:
        where = f"page {self.page}: {self.kind}: {self.text!r}"
        return where + (f" / {self.other!r}" if self.other else "")


def spans(page: Any) -> list[Span]:
    """Every horizontal text span of a page, boxed to its visible glyphs."""
    out = []
    for block in page.get_text("rawdict")["blocks"]:
        for line in block.get("lines", ()):
            cos, sin = line["dir"]
            if abs(sin) > 1e-3 or cos <= 0:  # rotated: a watermark
                continue
            for span in line["spans"]:
                boxes = [
                    _ink(c["c"], c["bbox"], span["size"])
                    for c in span["chars"]
                    if not c["c"].isspace()
                ]
                if not boxes:
                    continue
                out.append(
                    Span(
                        "".join(c["c"] for c in span["chars"]).strip(),
                        min(b[0] for b in boxes),
                        min(b[1] for b in boxes),
                        max(b[2] for b in boxes),
                        max(b[3] for b in boxes),
                    )
                )
    return out


def _ink(char: str, box: Sequence[float], size: float) -> tuple[float, float, float, float]:
    """Where a character's ink is: a full-width punctuation mark (。，、 （ “ …) inks only half
    its em box, the half next to the text it belongs to, and a browser may set two of them
    closer (CSS text-spacing-trim) without any ink touching."""
    x0, y0, x1, y1 = box
    full_width = unicodedata.east_asian_width(char) in ("W", "F") or x1 - x0 > 0.8 * size
    if full_width and unicodedata.category(char)[0] == "P":
        middle = (x0 + x1) / 2
        opening = unicodedata.category(char) in ("Ps", "Pi")
        return (middle, y0, x1, y1) if opening else (x0, y0, middle, y1)
    return x0, y0, x1, y1


def rules(page: Any) -> tuple[list[Rule], list[Rule]]:
    """The vertical rules (x, top, bottom) and the horizontal ones (y, left, right) drawn on a
    page: thin filled rectangles, stroked lines, and the sides of a frame filled between two
    nested rectangles (how WeasyPrint draws a cell's borders)."""
    vertical: list[Rule] = []
    horizontal: list[Rule] = []

    def add(x0: float, y0: float, x1: float, y1: float, *, filled: bool = True) -> None:
        if filled and min(x1 - x0, y1 - y0) < 0.05:
            return  # the side of a frame that has no border there
        if x1 - x0 <= RULE_WIDTH and y1 - y0 > 2 * RULE_WIDTH:
            vertical.append(((x0 + x1) / 2, y0, y1))
        elif y1 - y0 <= RULE_WIDTH and x1 - x0 > 2 * RULE_WIDTH:
            horizontal.append(((y0 + y1) / 2, x0, x1))

    for path in page.get_drawings():
        rects = [item[1] for item in path["items"] if item[0] == "re"]
        if len(rects) == 2 and path.get("even_odd"):
            outer, inner = sorted(rects, key=lambda r: -r.width * r.height)
            add(outer.x0, outer.y0, inner.x0, outer.y1)  # left side
            add(inner.x1, outer.y0, outer.x1, outer.y1)  # right side
            add(outer.x0, outer.y0, outer.x1, inner.y0)  # top
            add(outer.x0, inner.y1, outer.x1, outer.y1)  # bottom
            continue
        for rect in rects:
            add(rect.x0, rect.y0, rect.x1, rect.y1)
        for item in path["items"]:
            if item[0] == "l":
                a, b = item[1], item[2]
                add(min(a.x, b.x), min(a.y, b.y), max(a.x, b.x), max(a.y, b.y), filled=False)
    return vertical, horizontal


def vertical_rules(page: Any) -> list[Rule]:
    """The vertical rules drawn on a page (table borders), as (x, top, bottom)."""
    return rules(page)[0]


def _overlaps(found: list[Span]) -> Iterator[tuple[Span, Span]]:
    ordered = sorted(found, key=lambda s: s.y0)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b.y0 >= a.y1 - TOLERANCE:
                break
            width = min(a.x1, b.x1) - max(a.x0, b.x0)
            height = min(a.y1, b.y1) - max(a.y0, b.y0)
            if width > TOLERANCE and height > TOLERANCE:
                yield a, b


def page_problems(page: Any, number: int, margin_pt: float | None = None) -> list[Problem]:
    """What is wrong on one page (see the module's docstring)."""
    found = spans(page)
    problems = [Problem(number, "overlap", a.text, b.text) for a, b in _overlaps(found)]
    for x, top, bottom in vertical_rules(page):
        for s in found:
            across = s.x0 < x - TOLERANCE and s.x1 > x + TOLERANCE
            if across and min(s.y1, bottom) - max(s.y0, top) > TOLERANCE:
                problems.append(Problem(number, "crosses", s.text, f"rule at x={x:.1f}"))
    width, height = page.rect.width, page.rect.height
    left, right = (margin_pt, width - margin_pt) if margin_pt is not None else (0.0, width)
    for s in found:
        if (
            s.x0 < left - TOLERANCE
            or s.x1 > right + TOLERANCE
            or s.y0 < -TOLERANCE
            or s.y1 > height + TOLERANCE
        ):
            problems.append(Problem(number, "outside", s.text))
    return problems


def layout_problems(pdf: Path | str, *, margin_mm: float | None = None) -> list[Problem]:
    """Every overprint and overflow in a PDF (``margin_mm``: its left and right page margins)."""
    margin = margin_mm * PT_PER_MM if margin_mm is not None else None
    # glyph boxes one em high: lines set closer than the font's ascent and descent (line-height
    # 1.3) do not overlap on paper, and are not reported
    pymupdf.TOOLS.set_small_glyph_heights(True)
    try:
        with pymupdf.open(str(pdf)) as document:
            return [
                problem
                for number, page in enumerate(document, start=1)
                for problem in page_problems(page, number, margin)
            ]
    finally:
        pymupdf.TOOLS.set_small_glyph_heights(False)


def _lines(page: Any) -> list[tuple[str, float, float, float, float, float]]:
    """Every horizontal line of text on a page: (text, x0, y0, x1, y1, font size), top first."""
    out = []
    for block in page.get_text("dict")["blocks"]:
        for line in block.get("lines", ()):
            cos, sin = line["dir"]
            if abs(sin) > 1e-3 or cos <= 0 or not line["spans"]:
                continue
            text = " ".join("".join(span["text"] for span in line["spans"]).split())
            if text:
                x0, y0, x1, y1 = line["bbox"]
                out.append((text, x0, y0, x1, y1, max(s["size"] for s in line["spans"])))
    return sorted(out, key=lambda line: line[2])


def unbroken(pdf: Path | str, words: Iterable[str]) -> list[str]:
    """The words (table headings, ID numbers) the PDF breaks across lines somewhere, or never
    prints whole: "Conclusio" over "n", 审查结 over 论."""
    wanted = set(words)
    prefixes = {w[:i] for w in wanted for i in range(1, len(w))}
    broken: set[str] = set()
    seen: set[str] = set()
    pymupdf.TOOLS.set_small_glyph_heights(True)
    try:
        with pymupdf.open(str(pdf)) as document:
            for page in document:
                lines = _lines(page)
                across = rules(page)[1]
                for text in (line[0] for line in lines):
                    seen.update(w for w in wanted if w in text)
                for i, (text, x0, _, x1, y1, size) in enumerate(lines):
                    piece = text.split()[-1]
                    for later, lx0, ly0, lx1, ly1, _ in lines[i + 1 :]:
                        if piece not in prefixes or ly0 - y1 > 0.7 * size:
                            break
                        if ly0 < y1 - 0.2 * size or min(x1, lx1) <= max(x0, lx0):
                            continue  # the same line, or another column
                        if any(
                            y1 <= y <= ly0 and left < min(x1, lx1) and right > max(x0, lx0)
                            for y, left, right in across
                        ):
                            break  # the next row of a table, not the same cell
                        piece += later.split()[0]
                        if piece in wanted:
                            broken.add(piece)
                            break
                        if len(later.split()) > 1:
                            break
                        x0, x1, y1 = lx0, lx1, ly1
    finally:
        pymupdf.TOOLS.set_small_glyph_heights(False)
    return sorted(broken | (wanted - seen))


def main(argv: Sequence[str] | None = None) -> int:
    """List the problems of each PDF given; exit status 1 when there are any."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pdf", nargs="+", type=Path)
    parser.add_argument("--margin-mm", type=float, default=None)
    args = parser.parse_args(argv)
    bad = 0
    for pdf in args.pdf:
        for problem in layout_problems(pdf, margin_mm=args.margin_mm):
            print(f"{pdf}: {problem}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
