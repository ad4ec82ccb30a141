"""The surname-stroke order (姓氏笔画) of names, from the stroke table shipped beside this module.

Names are compared character by character: first the stroke count, then the stroke sequence in
the order 横 竖 撇 点 折 (GB13000.1; 提 counts as 横, 捺 as 点), then the next character.

- ``blank_slot`` (digest §7.9, S30): a two-character name (single surname, single given name)
  is compared as surname, blank, given name, and the blank sorts before every character, so
  田富 comes before 田大利. Longer names (欧阳明, 田大利) have no blank.
- A character missing from the table sorts after every known character at that position, and
  unknown characters among themselves by code point; the functions return them so that callers
  warn. Nothing is guessed and nothing raises.
- Different characters with the same sequence (十 and 丁 are both 12; 于 and 干 both 112)
  compare equal at their position, so the next character decides. Only when the whole names
  compare equal stroke by stroke do the code points decide (``NameKey.codepoints``), so the
  tie-break never overrides an order the strokes give.
- Names are compared after NFKC and without spaces (including U+3000) or the middle dots of
  transliterated names (·); callers keep and print the name as written.

The table is read lazily, once, with ``importlib.resources``. ICU is not used: its stroke
collation breaks ties by radical, not by 横竖撇点折.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources
from typing import NamedTuple, TypeVar

T = TypeVar("T")

DATA_PACKAGE = "electkit.core"
DATA_FILE = ("strokes_data", "strokes.tsv")
BLANK = 0
"""The position key of the blank slot: before every character."""
UNKNOWN = 1 << 24
"""Position keys from here on are unknown characters (``UNKNOWN + code point``)."""

# spaces of every width, zero-width characters, and the middle dots written inside
# transliterated names (买买提·艾力): none of them is part of the order
_IGNORED = re.compile(
    r"[\s\u3000\u00a0\u200b-\u200d\u2060\ufeff\u00b7\u2027\u2219\u22c5\u30fb\u2022]+"
)
_SEQUENCE = re.compile(r"^[1-5]+$")


class NameKey(NamedTuple):
    """The sort key of a name: the stroke order first, the code points only to break ties."""

    strokes: tuple[int, ...]
    """One key per position: ``BLANK``, a character's rank (1…), or ``UNKNOWN + code point``."""
    codepoints: tuple[int, ...]
    """The code points of the normalised name (the last, deterministic tie-break)."""

    @property
    def unknown(self) -> tuple[str, ...]:
        """The characters of the name missing from the table, each once, in the order written."""
        if not self.strokes or max(self.strokes) < UNKNOWN:
            return ()
        return tuple(dict.fromkeys(chr(k - UNKNOWN) for k in self.strokes if k >= UNKNOWN))


@cache
def table() -> dict[str, str]:
    """Every character of the shipped table with its stroke sequence (digits 1–5)."""
    text = resources.files(DATA_PACKAGE).joinpath(*DATA_FILE).read_text(encoding="utf-8")
    found: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line or line.startswith("#"):
            continue
        char, _, sequence = line.partition("\t")
        if len(char) != 1 or not _SEQUENCE.match(sequence) or char in found:
            raise ValueError(f"strokes.tsv line {number}: malformed entry {line!r}")
        found[char] = sequence
    return found


@cache
def _ranks() -> dict[str, int]:
    """Each known character's rank: equal for equal sequences, ordered by (count, sequence)."""
    sequences = sorted(set(table().values()), key=lambda s: (len(s), s))
    rank = {sequence: index for index, sequence in enumerate(sequences, start=1)}
    assert len(rank) < UNKNOWN
    return {char: rank[sequence] for char, sequence in table().items()}


def normalize_name(name: str) -> str:
    """The name as compared: NFKC, without spaces of any width and without middle dots."""
    return _IGNORED.sub("", unicodedata.normalize("NFKC", name))


def strokes_of(char: str) -> str | None:
    """The stroke sequence of one character (e.g. 王 → ``"1121"``), or None if not in the table."""
    if len(char) != 1:
        raise ValueError(f"one character expected, not {char!r}")
    return table().get(unicodedata.normalize("NFKC", char))


def stroke_count(char: str) -> int | None:
    """The number of strokes of one character, or None if not in the table."""
    sequence = strokes_of(char)
    return None if sequence is None else len(sequence)


def stroke_key(name: str, blank_slot: bool = True) -> NameKey:
    """The sort key of a name as written (see the module docstring)."""
    text = normalize_name(name)
    ranks = _ranks()
    strokes = tuple([ranks.get(c) or UNKNOWN + ord(c) for c in text])
    if blank_slot and len(strokes) == 2:
        strokes = (strokes[0], BLANK, strokes[1])
    return NameKey(strokes, tuple(map(ord, text)))


def unknown_chars(name: str) -> tuple[str, ...]:
    """The characters of a name missing from the table, each once, in the order written."""
    return stroke_key(name, blank_slot=False).unknown


def sorted_by_strokes(
    items: Iterable[T], name: Callable[[T], str], *, blank_slot: bool = True
) -> tuple[list[T], tuple[str, ...]]:
    """``items`` in stroke order of ``name(item)``, and the characters missing from the table.

    The sort is stable: items whose names are equal after normalisation keep their order.
    """
    keyed = [(stroke_key(name(item), blank_slot), item) for item in items]
    missing = dict.fromkeys(char for key, _ in keyed for char in key.unknown)
    keyed.sort(key=lambda pair: pair[0])
    return [item for _, item in keyed], tuple(missing)


def sort_names(
    names: Iterable[str], *, blank_slot: bool = True
) -> tuple[list[str], tuple[str, ...]]:
    """Names (as written) in stroke order, and the characters missing from the table."""
    return sorted_by_strokes(names, lambda n: n, blank_slot=blank_slot)
