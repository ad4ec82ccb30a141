"""HTML from the report templates (jinja2, autoescaped: everything staff typed is escaped)."""

from __future__ import annotations

import datetime as dt
import os
import re
from functools import lru_cache
from typing import Any

ID_VISIBLE = (6, 4)

# punctuation around the labels of a report, as each language writes it
PUNCTUATION = {
    "zh": {"colon": "：", "open": "（", "close": "）", "sep": "、", "stop": "。"},
    "en": {"colon": ": ", "open": " (", "close": ")", "sep": ", ", "stop": ". "},
}


@lru_cache(maxsize=1)
def environment() -> Any:
    """The jinja2 environment over the packaged templates."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("electkit", "render/templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(template: str, context: dict[str, Any]) -> str:
    """Render one template with its context (page numbers and footer go into the page CSS)."""
    from electkit.messages import t

    extra = {
        "page_css": css_content(t("report.page", context["lang"], page="\x00", pages="\x01")),
        "footer_css": css_string(context.get("footer", "")),
        "p": PUNCTUATION[context["lang"]],
    }
    return str(environment().get_template(template).render(**context, **extra))


def css_string(text: str) -> str:
    """A quoted CSS string that no text can break out of (quotes, backslashes, ``</style>``)."""
    out = []
    for ch in text:
        if ch in '"\\<>' or ord(ch) < 0x20:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def css_content(template: str) -> str:
    """A CSS ``content`` value from a text in which NUL and SOH stand for the page and pages counters."""
    pieces = []
    text = ""
    for ch in template:
        if ch in ("\x00", "\x01"):
            pieces += [css_string(text), "counter(page)" if ch == "\x00" else "counter(pages)"]
            text = ""
        else:
            text += ch
    pieces.append(css_string(text))
    return " ".join(pieces)


def now() -> dt.datetime:
    """The generation time: ``SOURCE_DATE_EPOCH`` when set (reproducible output), else the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now().astimezone()


def mask_id(number: str | None) -> str:
    """An ID number showing only its first 6 and last 4 characters."""
    if not number:
        return ""
    head, tail = ID_VISIBLE
    if len(number) <= head + tail:
        return "*" * len(number)
    return number[:head] + "*" * (len(number) - head - tail) + number[-tail:]


_ID_LIKE = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{5}|\d{8})(\d{3}[\dXx]|\d{4})(?![0-9A-Za-z])")


def mask_ids_in_text(text: str) -> str:
    """Every 15- or 18-character ID number inside a text, masked (findings quote the number)."""
    return _ID_LIKE.sub(lambda m: mask_id(m.group(0)), text)


def csv_safe(value: object) -> str:
    """A CSV cell a spreadsheet will not run as a formula (a leading = + - @ gets a ')."""
    from electkit.io.table_writer import formula_safe

    return formula_safe("" if value is None else str(value))
