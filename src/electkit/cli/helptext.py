"""Help pages in the language the command line asks for: click's own words ("Usage:", "Show
this message and exit.") said in Chinese under zh. The commands' help is already bilingual.

Imports only the standard library and ``electkit.lang``: ``--help`` stays fast (test_startup).
The Chinese words live here, not in the catalogues, because loading those loads pydantic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from electkit.lang import LANGS, detect_lang


def lang_of(args: Sequence[str]) -> str:
    """The language a command line asks for: its --lang, else ELECTKIT_LANG or the locale."""
    value = None
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
    if value is not None and value.lower()[:2] not in LANGS:
        value = None  # itself the mistake: the environment decides
    return detect_lang(value)


# click's help chrome, in Chinese (the commands' and options' own help is already bilingual)
_HELP_ZH = (
    (re.compile(r"^Usage: ", re.M), "用法："),
    (re.compile(r"^Arguments:$", re.M), "参数："),
    (re.compile(r"^Options:$", re.M), "选项："),
    (re.compile(r"^Commands:$", re.M), "命令："),
    (re.compile(r"Show this message and exit\."), "显示本帮助并退出。"),
    (re.compile(r"\[required\]"), "[必填]"),
    (re.compile(r"\[default: "), "[默认："),
)


def help_in_lang(text: str, args: Sequence[str]) -> str:
    """A help page with click's own words in the language the command line asks for."""
    if lang_of(args) != "zh":
        return text
    for pattern, chinese in _HELP_ZH:
        text = pattern.sub(chinese, text)
    return text
