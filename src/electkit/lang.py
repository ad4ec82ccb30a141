"""The choice of language, kept apart from the catalogues: ``--help`` and usage errors need it
without loading pydantic (start-up time)."""

from __future__ import annotations

import os
from collections.abc import Mapping

LANGS = ("zh", "en")


def detect_lang(option: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """``--lang``, else ``ELECTKIT_LANG``, else the locale: zh_* → zh, another language → en.

    A locale that names no language (C, POSIX, C.UTF-8, or none set, as on a fresh server or in
    a container) gives Chinese: electkit's users are county staff who read Chinese (README,
    "Language").
    """
    env = os.environ if environ is None else environ
    for value in (option, env.get("ELECTKIT_LANG")):
        if value:
            value = value.lower()[:2]
            if value in LANGS:
                return value
    for key in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(key)
        if value:
            if value.split(".")[0].split("@")[0].upper() in _NO_LANGUAGE:
                return "zh"
            return "zh" if value.lower().startswith("zh") else "en"
    return "zh"


_NO_LANGUAGE = ("C", "POSIX")
