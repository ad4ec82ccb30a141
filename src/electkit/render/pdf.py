"""PDF from report HTML with WeasyPrint (the optional extra ``electkit[pdf]``) and a real Chinese font.

Before rendering, every character of the document must be in the fonts the stylesheet names:
a missing glyph must never print as a box or vanish, so the error names the characters instead.
"""

from __future__ import annotations

import html
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from electkit.core.errors import InputError, Problem

FONT_FAMILIES = ("Noto Serif CJK SC",)  # the templates' only family (regular and bold)
INSTALL_HINT = "pip install 'electkit[pdf]'  (WeasyPrint) · apt-get install fonts-noto-cjk"
# characters that are layout, not glyphs
_IGNORED = {"\n", "\r", "\t", "\u00a0", "\u200b", "\ufeff"}


def font_file(family: str) -> Path | None:
    """The file fontconfig uses for a family, if it really is that family."""
    if shutil.which("fc-match") is None:
        return None
    result = subprocess.run(
        ["fc-match", "-f", "%{family}\t%{file}", family],
        capture_output=True,
        text=True,
        check=False,
    )
    names, _, path = result.stdout.partition("\t")
    if result.returncode != 0 or family not in names.split(","):
        return None
    return Path(path)


@lru_cache(maxsize=4)
def _cmap(family: str) -> frozenset[int]:
    from fontTools.ttLib import TTCollection, TTFont

    path = font_file(family)
    if path is None:
        return frozenset()
    if path.suffix.lower() in (".ttc", ".otc"):
        collection = TTCollection(str(path), lazy=True)
        try:
            for font in collection.fonts:
                if family in str(font["name"].getDebugName(1)):
                    return frozenset(font.getBestCmap())
            return frozenset()
        finally:
            collection.close()
    single = TTFont(str(path), lazy=True)
    try:
        return frozenset(single.getBestCmap())
    finally:
        single.close()


def missing_glyphs(document: str) -> dict[str, list[str]]:
    """Characters of the (unescaped) document each font lacks; a family not installed lacks all."""
    chars = sorted({c for c in html.unescape(document) if c not in _IGNORED})
    out: dict[str, list[str]] = {}
    for family in FONT_FAMILIES:
        cmap = _cmap(family)
        lacking = [c for c in chars if ord(c) not in cmap] if cmap else ["*"]
        if lacking:
            out[family] = lacking
    return out


def write_pdf(document: str, target: Path, *, base_url: str | None = None, repeat: int = 1) -> int:
    """Render HTML to a PDF file (written atomically); returns the number of pages.

    ``repeat`` prints the rendered pages that many times (identical ballots: laid out once).
    """
    try:
        import weasyprint
    except ImportError:
        raise InputError(
            [Problem(message_id="pdf.no_weasyprint", params={"hint": INSTALL_HINT})]
        ) from None
    missing = missing_glyphs(document)
    problems = []
    for family, chars in missing.items():
        if chars == ["*"]:
            problems.append(
                Problem(message_id="pdf.no_font", value=family, params={"hint": INSTALL_HINT})
            )
        else:
            shown = " ".join(f"{c}(U+{ord(c):04X})" for c in chars[:40])
            problems.append(
                Problem(
                    message_id="pdf.missing_glyphs",
                    value=family,
                    params={"chars": shown, "count": len(chars)},
                )
            )
    if problems:
        raise InputError(problems)
    rendered = weasyprint.HTML(string=document, base_url=base_url).render()
    if repeat > 1:
        rendered = rendered.copy(list(rendered.pages) * repeat)
    from electkit.render.common import write_atomic

    write_atomic(target, rendered.write_pdf())
    return len(rendered.pages)
