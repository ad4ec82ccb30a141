"""What reaches a terminal: control characters shown visibly, never acted upon.

A name typed into a spreadsheet can hold ``ESC[2J`` (clear the screen), a carriage return or a
right-to-left override, and so print a fake "当选" in red over the real result on the projector.
Every text electkit prints to a terminal goes through :func:`visible` (the rich consoles through
:func:`safe_console`), which writes each such character as its ``\\uXXXX`` escape: readable,
harmless, and valid inside JSON strings, so JSON output keeps meaning the same data.
"""

from __future__ import annotations

import re
import sys
from typing import Any

# C0 controls but tab and newline, DEL and the C1 controls, and the bidirectional overrides
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """The text with every control character written as its ``\\uXXXX`` escape."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def out(text: str, *, err: bool = False) -> None:
    """Write text to stdout (or stderr) with control characters made visible, then flush."""
    stream = sys.stderr if err else sys.stdout
    stream.write(visible(text))
    stream.flush()


def safe_console(**options: Any) -> Any:
    """A rich Console whose rendered text never carries a control character from the data.

    rich's own control sequences (colours, cursor moves of Live) are segments marked as
    control, and pass; text segments are made visible. Markup is off by default, so a name
    written as ``[red]当选`` prints as written.
    """
    from rich.console import Console
    from rich.segment import Segment

    class SafeConsole(Console):
        def render(self, renderable: Any, options: Any = None) -> Any:
            for segment in super().render(renderable, options):
                if segment.control or not _CONTROL.search(segment.text):
                    yield segment
                else:
                    yield Segment(visible(segment.text), segment.style, segment.control)

    options.setdefault("markup", False)
    return SafeConsole(**options)


def out_err(text: str) -> None:
    """Write text to stderr with control characters made visible, then flush."""
    out(text, err=True)
