"""The shipped stroke table: well formed, unedited, licensed, and covering the 通用规范汉字表."""

from __future__ import annotations

import hashlib
import itertools
import re
from importlib import resources

import pytest

from electkit.core.strokes import stroke_key, strokes_of, table
from tests.helpers import ROOT

DATA = resources.files("electkit.core").joinpath("strokes_data")
LIST = ROOT / "tests" / "data" / "strokes" / "tygf8105.txt"
LEVELS = {1: (0, 3500), 2: (3500, 6500), 3: (6500, 8105)}
# measured for cnchar-order 3.2.6 (PROVENANCE.md); coverage must never silently drop
COVERED_AT_LEAST = {1: 3500, 2: 2866, 3: 404}


@pytest.fixture(scope="module")
def tygf() -> list[str]:
    """The 8,105 characters of the 通用规范汉字表, in table order (Unihan kTGH)."""
    lines = LIST.read_text(encoding="utf-8").splitlines()
    chars = [line for line in lines if line and not line.startswith("#")]
    assert len(chars) == len(set(chars)) == 8105
    return chars


def test_table_is_well_formed() -> None:
    lines = DATA.joinpath("strokes.tsv").read_text(encoding="utf-8").splitlines()
    entries = [line.split("\t") for line in lines if not line.startswith("#")]
    assert len(entries) == len(table()) == 6939
    assert all(len(c) == 1 and re.fullmatch(r"[1-5]+", s) for c, s in entries)
    assert [c for c, _ in entries] == sorted((c for c, _ in entries), key=ord)


def test_table_is_the_generated_one() -> None:
    provenance = DATA.joinpath("PROVENANCE.md").read_text(encoding="utf-8")
    recorded = re.search(r"Table sha256 `([0-9a-f]{64})`", provenance)
    assert recorded, "PROVENANCE.md records the table's hash"
    actual = hashlib.sha256(DATA.joinpath("strokes.tsv").read_bytes()).hexdigest()
    assert actual == recorded.group(1), "strokes.tsv was edited: regenerate with gen_strokes.py"


def test_licence_travels_with_the_data() -> None:
    notice = DATA.joinpath("NOTICE").read_text(encoding="utf-8")
    assert "cnchar-order 3.2.6" in notice and "The MIT License" in notice
    assert "Copyright (c) 2017 - present theajack" in notice
    assert "Unicode" in (ROOT / "tests" / "data" / "strokes" / "NOTICE").read_text("utf-8")


def test_corrections_are_applied() -> None:
    assert strokes_of("皙") == "1234331232511"  # 13 strokes, as Unihan kTotalStrokes
    assert strokes_of("德") == "332122522114544"


def test_coverage_of_the_tongyong_guifan_table(tygf: list[str]) -> None:
    for level, (start, end) in LEVELS.items():
        chars = tygf[start:end]
        covered = sum(strokes_of(c) is not None for c in chars)
        assert covered >= COVERED_AT_LEAST[level], (level, covered)
    assert all(strokes_of(c) is not None for c in tygf[:3500]), "level 1 is complete"


def test_key_agrees_with_the_tables_own_order(tygf: list[str]) -> None:
    # the 通用规范汉字表 is ordered by stroke count and then stroke order within each level:
    # the key must never put two of its neighbours the other way round
    for start, end in LEVELS.values():
        known = [c for c in tygf[start:end] if strokes_of(c) is not None]
        wrong = [
            (a, b)
            for a, b in itertools.pairwise(known)
            if stroke_key(a, blank_slot=False) > stroke_key(b, blank_slot=False)
            and stroke_key(a).strokes != stroke_key(b).strokes
        ]
        assert wrong == []
