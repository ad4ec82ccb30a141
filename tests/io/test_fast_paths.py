"""The roster reader's fast paths give what the plain form they replace gives, for any cell.

The reader takes shortcuts for a 100,000-row list (benchmarks/README.md): a column cleaned in one
pass, text trimmed once per distinct value, the usual ID cell taken as written, a total row
ruled out by a cheap test. Each is compared here with the plain per-cell code, on random cells.
"""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given
from hypothesis import strategies as st

from electkit.io import cells
from electkit.io.headers import normalize
from electkit.io.roster import TOTAL_WORDS, _clean_all, _texts, is_total_row

# characters that NFKC, the space removal and the total-row test treat specially
TRICKY = st.sampled_from(
    list(
        "合计总小共Tt Ss\u3000\u00a0\u200b\ufeff\x00\x1f\u0301\u0323\u1100\u1161\uac00ﬁ㈱Ⅱ１Ｘｘ王"
    )
)
text = st.text(st.one_of(st.characters(), TRICKY), max_size=8)
cell = st.one_of(
    text,
    st.none(),
    st.booleans(),
    st.integers(-(10**18), 10**18),
    st.floats(allow_nan=False),
    st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 1, 1)),
)


@given(st.lists(text, max_size=8))
def test_a_name_column_is_cleaned_as_each_name(names: list[str]) -> None:
    assert _clean_all(names) == [cells.clean(name) for name in names]


@given(st.lists(st.one_of(text, st.none()), max_size=8) | st.lists(cell, max_size=8))
def test_text_columns_are_trimmed_as_each_cell(raw: list[cells.Cell]) -> None:
    assert _texts(raw) == [cells.text_of(c) or None for c in raw]


@given(st.one_of(text, st.sampled_from(["11010519491231002x", " 110105 19491231002X", "５３"])))
def test_the_usual_id_cell_is_read_as_any_other(raw: str) -> None:
    assert cells.parse_id_cell(raw) == (cells.clean(cells.text_of(raw)).upper() or None)


_TOTALISH = re.compile(r"计|(?:^|\x1f)\s*[TtSs]")


def _total_row_as_written(row: list[cells.Cell], first: str) -> bool:
    """is_total_row before its cheap first test."""
    head = [c if isinstance(c, str) else cells.text_of(c) for c in row[:4]]
    if not _TOTALISH.search("\x1f".join(head)) and "计" not in first:
        return False
    candidates = [t.strip() for t in head if t.strip()]
    return any(normalize(t) in TOTAL_WORDS for t in candidates) or normalize(first).startswith(
        ("合计", "总计")
    )


@given(
    st.lists(st.one_of(text, st.sampled_from(["合计", " Total", "sum", "小计："])), max_size=6)
    | st.lists(cell, max_size=6),
    text,
)
def test_a_total_row_is_found_as_before(row: list[cells.Cell], first: str) -> None:
    assert is_total_row(row, first) == _total_row_as_written(row, first)
