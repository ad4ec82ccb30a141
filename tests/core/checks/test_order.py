"""CS-ORDER: a slate as printed against surname-stroke order."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from electkit.core.checks.context import CheckContext
from electkit.core.checks.order import check_order, in_order_positions
from electkit.core.findings import Severity, listing
from electkit.core.kinds.order import StrokeOrderParams, StrokeOrderRule
from electkit.core.ruleset import RuleSet
from electkit.messages import t
from electkit.render.common import finding_message
from tests.helpers import context

RuleAndContext = tuple[StrokeOrderRule, CheckContext]
SORTED = ["丁一", "于敏", "王富", "王大利", "毛泽", "孔明", "石磊", "田富", "田大利", "白云"]


def printed(names: list[str]) -> list[tuple[int, str]]:
    """Names with their spreadsheet rows (the header is row 1)."""
    return [(row, name) for row, name in enumerate(names, start=2)]


@pytest.fixture(params=["national-2020", "national-1990"])
def rule_and_ctx(
    request: pytest.FixtureRequest, rulesets: Callable[[str], RuleSet]
) -> RuleAndContext:
    rs = rulesets(request.param)
    rule = rs.rules["CS-ORDER"]
    assert isinstance(rule, StrokeOrderRule)
    return rule, context(rs)


def test_sorted_slate_passes(rule_and_ctx: RuleAndContext) -> None:
    rule, ctx = rule_and_ctx
    assert check_order(rule, printed(SORTED), ctx) == []
    assert check_order(rule, [], ctx) == []


def test_unsorted_slate_gives_the_correct_order(rule_and_ctx: RuleAndContext) -> None:
    rule, ctx = rule_and_ctx
    names = ["孔明", *[n for n in SORTED if n != "孔明"]]  # 孔明 printed first
    findings = check_order(rule, printed(names), ctx)
    assert [f.key() for f in findings] == [("CS-ORDER", (2,), "姓名")]
    finding = findings[0]
    assert finding.severity is Severity.ERROR
    assert finding.needed == 1 and finding.subjects == ("孔明",)
    assert finding.params["order"] == listing(SORTED) and finding.required == "、".join(SORTED)
    assert finding.measured == "、".join(names)
    message = finding_message(finding, "zh")
    assert "需移动1人(孔明)" in message and "、".join(SORTED) in message
    english = finding_message(finding, "en")
    assert ": 1 must move (孔明)" in english
    assert english.endswith("the correct order: " + ", ".join(SORTED)) and "、" not in english


def test_reversed_slate_needs_all_but_one_moved(rule_and_ctx: RuleAndContext) -> None:
    rule, ctx = rule_and_ctx
    (finding,) = check_order(rule, printed(SORTED[::-1]), ctx)
    assert finding.needed == len(SORTED) - 1
    assert finding.params["order"] == listing(SORTED)


def test_blank_slot_parameter(rule_and_ctx: RuleAndContext) -> None:
    rule, ctx = rule_and_ctx
    names = printed(["田大利", "田富"])
    assert rule.params.blank_slot is True
    (finding,) = check_order(rule, names, ctx)
    assert finding.required == "田富、田大利"
    without = rule.model_copy(update={"params": StrokeOrderParams(blank_slot=False)})
    assert check_order(without, names, ctx, blank_slot=without.params.blank_slot) == []


def test_names_with_equal_strokes_may_stand_in_either_order(rule_and_ctx: RuleAndContext) -> None:
    rule, ctx = rule_and_ctx
    # 丁/十 and 于/干 have the same sequences: neither order is wrong
    for names in (["十一", "丁一"], ["丁一", "十一"], ["于大利", "干大利"], ["干大利", "于大利"]):
        assert check_order(rule, printed(names), ctx) == []
    # and the correct order keeps their printed order
    (finding,) = check_order(rule, printed(["王五", "十一", "丁一"]), ctx)
    assert finding.required == "十一、丁一、王五"


def test_unknown_characters_are_a_warning(rule_and_ctx: RuleAndContext) -> None:
    rule, ctx = rule_and_ctx
    ext_b = "\U0002000b"
    findings = check_order(rule, printed(["丁一", "王" + ext_b + "明", "毛泽"]), ctx)
    assert [(f.rule, f.severity, f.rows) for f in findings] == [
        ("CS-ORDER", Severity.WARNING, (3,))
    ]
    assert findings[0].params["chars"] == ext_b
    assert ext_b in finding_message(findings[0], "zh")
    assert "not in the stroke table" in finding_message(findings[0], "en")
    # the unknown character is placed after the known ones: 王𠀋明 after 王五明
    (order, warning) = check_order(rule, printed(["王" + ext_b + "明", "王五明"]), ctx)
    assert order.required == "王五明、王" + ext_b + "明"
    assert warning.severity is Severity.WARNING


def _longest_by_brute_force(keys: list[int]) -> int:
    for size in range(len(keys), 0, -1):
        for chosen in itertools.combinations(keys, size):
            if list(chosen) == sorted(chosen):
                return size
    return 0


@given(st.lists(st.integers(0, 4), max_size=8))
def test_in_order_positions_is_a_longest_non_decreasing_run(values: list[int]) -> None:
    keys = [(v,) for v in values]
    kept = sorted(in_order_positions(keys))
    assert [keys[i] for i in kept] == sorted(keys[i] for i in kept)
    assert len(kept) == _longest_by_brute_force(values)


def test_messages_exist() -> None:
    assert t("cs.order.unsorted", "zh") != "cs.order.unsorted"
