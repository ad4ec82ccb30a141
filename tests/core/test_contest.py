"""Contest model, marks and written-in cells, and the counting rules taken from a rule set."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import pytest
from pydantic import ValidationError

from electkit.core.contest import (
    BallotError,
    Mark,
    name_key,
    parse_mark,
    parse_write_in,
    tally_rules,
)
from electkit.core.ruleset import RuleSet
from tests.tally_helpers import contest

AGREE = ["○", "〇", "O", "o", "✓", "√", "Y", "y", "1", "赞成", "Ｏ", "１", " ○ "]
OPPOSE = ["×", "X", "x", "N", "n", "反对", "Ｘ"]
ABSTAIN = ["", "-", "弃权", "  ", "－"]


@pytest.mark.parametrize("text", AGREE)
def test_agree_marks(text: str) -> None:
    assert parse_mark(text) is Mark.AGREE


@pytest.mark.parametrize("text", OPPOSE)
def test_oppose_marks(text: str) -> None:
    assert parse_mark(text) is Mark.OPPOSE


@pytest.mark.parametrize("text", ABSTAIN)
def test_abstain_marks(text: str) -> None:
    assert parse_mark(text) is Mark.ABSTAIN


@pytest.mark.parametrize("text", ["0", "０", " 0"])
def test_zero_is_ambiguous(text: str) -> None:
    with pytest.raises(BallotError, match=r"tally\.mark\.zero"):
        parse_mark(text)


@pytest.mark.parametrize("text", ["✗", "?", "2", "同意", "OK", "○×", "yes"])
def test_other_marks_are_refused(text: str) -> None:
    with pytest.raises(BallotError, match=r"tally\.mark\.unknown"):
        parse_mark(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("张三", ("张三", False)),
        (" 张 三 ", ("张三", False)),
        ("张三○", ("张三", True)),
        ("○ 张三", ("张三", True)),
        ("张三√", ("张三", True)),
        ("", None),
        ("-", None),
    ],
)
def test_write_in_cells(text: str, expected: tuple[str, bool] | None) -> None:
    assert parse_write_in(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("○", "no_name"),
        ("×", "no_name"),
        ("0", "no_name"),
        ("张三×", "oppose"),
        ("反对张三", "oppose"),
    ],
)
def test_bad_write_in_cells(text: str, message: str) -> None:
    with pytest.raises(BallotError, match=rf"tally\.write_in\.{message}"):
        parse_write_in(text)


def test_name_key() -> None:
    assert name_key(" 王\u3000建国 ") == name_key("王建国") == "王建国"
    assert name_key("ＡＢ") == "AB"


def test_present_may_not_exceed_entitled() -> None:
    with pytest.raises(ValidationError, match=r"present \(51\) exceeds entitled \(50\)"):
        contest(present=51)


def test_candidates_are_distinct_after_normalising() -> None:
    with pytest.raises(ValidationError, match="listed twice"):
        contest(("王建国", "王 建国"))


def test_alias_may_not_be_a_listed_candidate_or_chain() -> None:
    with pytest.raises(ValidationError, match="itself a listed candidate"):
        contest("甲乙", aliases={"甲": "乙"})
    with pytest.raises(ValidationError, match="another alias"):
        contest("甲乙", aliases={"乙乙": "乙二", "乙二": "乙"})


def test_follows_needs_a_later_round() -> None:
    with pytest.raises(ValidationError, match="round: 2"):
        contest(follows="tie")
    assert contest(follows="tie", round=2).follows == "tie"


def test_contest_rejects_unknown_keys_and_bad_values() -> None:
    with pytest.raises(ValidationError):
        contest(colour="red")
    with pytest.raises(ValidationError):
        contest(seats=0)
    with pytest.raises(ValidationError):
        contest(threshold_basis="valid")


def test_rules_default_without_rule_set() -> None:
    rules = tally_rules(contest())
    assert rules.quorum == "more_than" and rules.quorum_ratio == Fraction(4, 5)
    assert rules.threshold_basis == "entitled"
    assert rules.write_in_needs_mark is False and rules.reduce_needs_consent is True


@pytest.mark.parametrize(
    ("name", "basis", "consent"),
    [
        ("national-2020", "entitled", True),
        ("national-1990", "present", False),
        ("fuyuan-2006", "present", False),
        ("zhaotong-2006", "present", False),
    ],
)
def test_rules_from_each_rule_set(
    rulesets: Callable[[str], RuleSet], name: str, basis: str, consent: bool
) -> None:
    rules = tally_rules(contest(), rulesets(name))
    assert rules.ruleset == name
    assert rules.threshold_basis == basis
    assert rules.quorum == "more_than"
    assert rules.reduce_needs_consent is consent


def test_contest_overrides_the_rule_set(rulesets: Callable[[str], RuleSet]) -> None:
    c = contest(threshold_basis="present", quorum="at_least", write_in_needs_mark=True)
    rules = tally_rules(c, rulesets("national-2020"))
    assert (rules.threshold_basis, rules.quorum, rules.write_in_needs_mark) == (
        "present",
        "at_least",
        True,
    )


def test_a_write_in_cell_holds_one_name() -> None:
    import pytest as _pytest

    from electkit.core.contest import BallotError, parse_write_in

    for text in ("王五、李四", "王五,李四", "王五，李四", "王五/李四", "王五；李四"):
        with _pytest.raises(BallotError) as caught:
            parse_write_in(text)
        assert caught.value.message_id == "tally.write_in.several"
    assert parse_write_in("王五○") == ("王五", True)
