"""Message catalogues (zh, en) and the choice of language.

Messages are templates keyed by id; core findings carry the id and its parameters, so the
two languages are two catalogues, not two code paths.
"""

from __future__ import annotations

import importlib
import string
from typing import Any

from electkit.core.findings import LIST_SEPARATOR, Text
from electkit.lang import LANGS as LANGS
from electkit.lang import detect_lang as detect_lang

# Each area keeps its zh and en templates side by side in one module (ZH, EN).
AREAS = ("common", "check", "slate", "report", "tally", "order", "book", "county")
_CACHE: dict[str, dict[str, str]] = {}


def catalogue(lang: str) -> dict[str, str]:
    """The templates of one language, from every area."""
    if lang not in _CACHE:
        merged: dict[str, str] = {}
        for area in AREAS:
            module = importlib.import_module(f"electkit.messages.{area}")
            merged.update(module.ZH if lang == "zh" else module.EN)
        _CACHE[lang] = merged
    return _CACHE[lang]


class _Lenient(string.Formatter):
    """Leave an unknown placeholder visible instead of failing (a catalogue slip is not a crash).

    ``{n:plural:error|errors}`` writes the number with the noun that agrees with it (1 error,
    2 errors), for the languages that inflect.
    """

    def get_value(self, key: Any, args: Any, kwargs: Any) -> Any:
        if isinstance(key, str) and key not in kwargs:
            return "{" + key + "}"
        return super().get_value(key, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> Any:
        if format_spec.startswith("plural:"):
            one, _, other = format_spec.removeprefix("plural:").partition("|")
            return f"{value} {one if str(value) == '1' else other}"
        return super().format_field(value, format_spec)


_FORMATTER = _Lenient()


def resolve(value: Any, lang: str) -> Any:
    """A parameter in the chosen language (bilingual texts pick their side; None prints as —)."""
    if isinstance(value, Text):
        return value.get(lang)
    if isinstance(value, dict) and set(value) == {"zh", "en"}:
        return value[lang]
    if value is None:
        return "—"
    return value


def join(items: Any, lang: str) -> str:
    """Items joined as a list reads in ``lang``: 甲、乙 or 甲, 乙."""
    return LIST_SEPARATOR.get(lang, ", ").join(str(item) for item in items)


def t(key: str, lang: str, /, **params: Any) -> str:
    """The message ``key`` in ``lang`` with its parameters filled in."""
    template = catalogue(lang).get(key) or catalogue("en").get(key) or key
    values = {k: resolve(v, lang) for k, v in params.items()}
    return _FORMATTER.format(template, **values)
