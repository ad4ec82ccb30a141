"""The surname-stroke sort key: the issue's required orders, blank slot, unknown characters, ties."""

from __future__ import annotations

import inspect
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from electkit.core import strokes
from electkit.core.strokes import (
    BLANK,
    UNKNOWN,
    normalize_name,
    sort_names,
    sorted_by_strokes,
    stroke_count,
    stroke_key,
    strokes_of,
    unknown_chars,
)

# from the research report's samples (cnchar-order 3.2.6, mapped to 横1 竖2 撇3 点4 折5)
SAMPLES = {
    "丁": "12",
    "于": "112",
    "王": "1121",
    "毛": "3115",
    "孔": "5215",
    "石": "13251",
    "田": "25121",
    "白": "32511",
    "欧": "13453534",
    "阳": "522511",
    "司": "51251",
    "马": "551",
    "十": "12",
}
EXT_B = "\U0002000b"  # 𠀋, CJK Extension B: not in the table


@pytest.mark.parametrize(("char", "sequence"), SAMPLES.items())
def test_sample_sequences(char: str, sequence: str) -> None:
    assert strokes_of(char) == sequence
    assert stroke_count(char) == len(sequence)


@pytest.mark.parametrize("chain", ["丁于王毛孔", "石田白"])
def test_required_orders(chain: str) -> None:
    names = list(chain)
    assert sort_names(reversed(names)) == (names, ())
    keys = [stroke_key(c) for c in chain]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)


def test_count_before_sequence() -> None:
    # 毛 (4 strokes, starts with 撇) before 石 (5 strokes, starts with 横)
    assert stroke_key("毛") < stroke_key("石")


def test_two_character_surnames_compare_character_by_character() -> None:
    # 上 (3) < 王 (4) < 司 (5) < 欧 (8), whatever the total of the whole name
    names = ["欧阳修", "王五", "司马光", "上官云"]
    assert sort_names(names)[0] == ["上官云", "王五", "司马光", "欧阳修"]
    # same first character: the second decides (马 3 < 徒 10); 欧阳 (阳 6) after 欧 + 一 (1)
    assert sort_names(["司徒雷", "司马光"])[0] == ["司马光", "司徒雷"]
    assert sort_names(["欧阳明", "欧一明"])[0] == ["欧一明", "欧阳明"]
    # 欧阳 as a whole comes after 司马: 欧 has more strokes than 司
    assert stroke_key("司马", blank_slot=False) < stroke_key("欧阳", blank_slot=False)


def test_blank_slot() -> None:
    assert sort_names(["田大利", "田富"])[0] == ["田富", "田大利"]
    assert sort_names(["田大利", "田富"], blank_slot=False)[0] == ["田大利", "田富"]
    assert sort_names(["田大利", "田富", "田一"])[0] == ["田一", "田富", "田大利"]
    assert stroke_key("田富").strokes[1] == BLANK
    # only two-character names have the blank: 欧阳明 is compared as written
    assert BLANK not in stroke_key("欧阳明").strokes
    assert BLANK not in stroke_key("田").strokes


def test_unknown_characters_sort_after_known_ones_and_are_reported() -> None:
    names = ["王" + EXT_B, "王一", "王A", "Zhang", "齉齉"]
    ordered, unknown = sort_names(names)
    assert ordered == ["王一", "王A", "王" + EXT_B, "齉齉", "Zhang"]
    assert unknown == (EXT_B, "A", "Z", "h", "a", "n", "g")
    assert strokes_of(EXT_B) is None and stroke_count("A") is None
    assert stroke_key("王" + EXT_B).strokes[-1] == UNKNOWN + 0x2000B
    assert unknown_chars("王" + EXT_B + "王" + EXT_B) == (EXT_B,)
    # an unknown character goes after the most complex known one at its position
    assert stroke_key("王齉", blank_slot=False) < stroke_key("王" + EXT_B, blank_slot=False)


def test_names_are_normalised_but_kept_as_written() -> None:
    assert normalize_name(" 田\u3000富 ") == "田富"
    assert normalize_name("买买提·艾力") == "买买提艾力"
    assert normalize_name("ＡＢ") == "AB"
    assert stroke_key("田\u3000富") == stroke_key("田富")
    assert sort_names(["田大利", "田\u3000富"])[0] == ["田\u3000富", "田大利"]
    assert unknown_chars("买买提·艾力") == ()
    # a CJK compatibility ideograph is read as its unified character (NFKC)
    assert strokes_of("\uf9a8") == strokes_of("令") is not None


def test_ties_break_by_code_point_only_when_all_strokes_are_equal() -> None:
    assert strokes_of("十") == strokes_of("丁")
    assert stroke_key("十").strokes == stroke_key("丁").strokes
    assert sort_names(["十", "丁"])[0] == sort_names(["丁", "十"])[0] == ["丁", "十"]
    # 于 and 干 are both 112: the given name decides, not the code point (于 < 干)
    assert sort_names(["于二", "干一"])[0] == ["干一", "于二"]
    # identical names keep their order (stable)
    items = [("田富", 1), ("田 富", 2), ("田富", 3)]
    assert sorted_by_strokes(items, lambda item: item[0])[0] == items


def test_one_character_expected() -> None:
    with pytest.raises(ValueError, match="one character"):
        strokes_of("王五")


def test_icu_is_not_used() -> None:
    sort_names(["王五", "丁一"])
    source = inspect.getsource(strokes)
    assert "icu" not in source.lower().replace("icu is not used", "").replace("icu's", "")
    assert not [m for m in sys.modules if m.lower() in ("icu", "pyicu")]


@given(st.lists(st.text(max_size=6), max_size=30), st.booleans())
def test_sorting_any_text_is_a_stable_ordered_permutation(names: list[str], blank: bool) -> None:
    ordered, unknown = sort_names(names, blank_slot=blank)
    assert sorted(ordered) == sorted(names)
    keys = [stroke_key(n, blank) for n in ordered]
    assert keys == sorted(keys)
    assert sort_names(ordered, blank_slot=blank)[0] == ordered
    assert set(unknown) == {c for n in names for c in unknown_chars(n)}
