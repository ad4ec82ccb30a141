"""The count, digest §7: the worked examples and every status."""

from __future__ import annotations

import pytest

from electkit.core.contest import (
    Ballot,
    BallotError,
    Mark,
    TallyRules,
    quorum_boundary,
    quorum_met,
    quorum_needed,
)
from electkit.core.tally import Tally, count
from tests.tally_helpers import agree_of, contest, repeat, run

ENTITLED = TallyRules(threshold_basis="entitled")
PRESENT = TallyRules(threshold_basis="present")


# --- §7.1 quorum -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("present", "mode", "met"),
    [
        (41, "more_than", True),  # 205 > 200
        (40, "more_than", False),  # 200 > 200 fails
        (40, "at_least", True),  # 200 >= 200
        (39, "at_least", False),
    ],
)
def test_quorum_worked_example_entitled_50(present: int, mode: str, met: bool) -> None:
    from fractions import Fraction

    assert quorum_met(present, 50, mode, Fraction(4, 5)) is met  # type: ignore[arg-type]


def test_quorum_boundary_and_needed() -> None:
    from fractions import Fraction

    four_fifths = Fraction(4, 5)
    assert quorum_boundary(40, 50, four_fifths)
    assert not quorum_boundary(41, 50, four_fifths)
    assert quorum_needed(50, "more_than", four_fifths) == 41
    assert quorum_needed(50, "at_least", four_fifths) == 40
    assert quorum_needed(51, "at_least", four_fifths) == 41  # 40.8 rounds up
    assert quorum_needed(51, "more_than", four_fifths) == 41  # 5·41 = 205 > 204


def test_no_quorum_counts_nothing() -> None:
    result = run(contest(present=40), repeat("aa-", 40))
    assert result.status == "no_quorum"
    assert not result.quorum_met
    assert (result.valid, result.invalid, result.returned) == (0, 0, 40)
    assert result.results == () and result.elected == ()


def test_at_least_accepts_exactly_four_fifths() -> None:
    result = run(contest(present=40), repeat("aa-", 40), TallyRules(quorum="at_least"))
    assert result.quorum_met and result.status == "complete"


# --- §7.2 ballot account ---------------------------------------------------------------------


def test_more_returned_than_issued_is_void() -> None:
    result = run(contest(present=45, issued=30), repeat("aa-", 31))
    assert result.status == "void"
    assert result.elected == () and result.results == ()
    assert (result.issued, result.returned) == (30, 31)


def test_fewer_returned_than_issued_is_normal() -> None:
    result = run(contest(present=45), repeat("aa-", 30))
    assert result.status == "complete" and result.issued == 45 and result.returned == 30


def test_issued_defaults_to_present() -> None:
    assert contest(present=45).issued_count == 45
    assert contest(present=45, issued=44).issued_count == 44


# --- §7.5 threshold --------------------------------------------------------------------------


def test_threshold_worked_example_26_against_21() -> None:
    c = contest(present=41)
    by_entitled = run(c, repeat("a--", 25), ENTITLED)
    by_present = run(c, repeat("a--", 25), PRESENT)
    assert (by_entitled.threshold_basis, by_entitled.threshold) == ("entitled", 26)
    assert (by_present.threshold_basis, by_present.threshold) == ("present", 21)
    assert by_entitled.elected == () and by_entitled.status == "shortfall"
    assert by_present.elected == ("甲",)


def test_exactly_half_fails_entitled() -> None:
    result = run(contest(), repeat("aa-", 25) + repeat("-a-", 1), ENTITLED)
    assert agree_of(result)["甲"] == 25 and agree_of(result)["乙"] == 26
    assert result.elected == ("乙",)
    assert not result.passes(25) and result.passes(26)


def test_exactly_half_fails_present() -> None:
    c = contest(entitled=50, present=42)
    result = run(c, repeat("aa-", 21) + repeat("-a-", 1), PRESENT)
    assert result.threshold == 22
    assert result.elected == ("乙",)


def test_basis_is_never_the_valid_or_returned_ballots() -> None:
    # 26 ballots all agreeing: a majority of the ballots, not of the 50 entitled
    result = run(contest(entitled=50, present=45), repeat("a--", 24), ENTITLED)
    assert result.elected == () and result.valid == 24


# --- §7.3 ballots ----------------------------------------------------------------------------


def test_over_vote_is_invalid_and_not_counted() -> None:
    result = run(contest(), ["aaa", "aa-"])
    assert (result.valid, result.invalid) == (1, 1)
    assert result.invalid_ballots[0].kind == "over_vote"
    assert result.invalid_ballots[0].agreed == 3
    assert agree_of(result) == {"甲": 1, "乙": 1, "丙": 0}


def test_blank_ballot_is_valid_and_abstains_on_everyone() -> None:
    result = run(contest(), ["---"])
    assert result.valid == 1
    assert all(r.abstain == 1 for r in result.results)


def test_scrutineers_void_keeps_their_reason() -> None:
    result = run(contest(), [("aa-", (), "有记号")])
    assert result.invalid == 1
    assert result.invalid_ballots[0].kind == "void"
    assert result.invalid_ballots[0].note == "有记号"


def test_write_in_counts_as_agree_and_towards_the_seats() -> None:
    result = run(contest(), [("a--", ("张三",)), ("aa-", ("张三",))])
    assert (result.valid, result.invalid) == (1, 1)  # the second agrees with 3 people
    assert agree_of(result)["张三"] == 1
    row = next(r for r in result.results if r.name == "张三")
    assert (row.listed, row.oppose, row.abstain) == (False, 0, 0)


def test_write_in_of_a_listed_name_counts_once_and_overrides_oppose() -> None:
    result = run(
        contest(),
        [
            ("ao-", ("乙",)),  # 乙 opposed in the box, written in: agree
            ("aa-", ("乙", "乙")),  # already agreed: still two people, once each
        ],
    )
    assert result.valid == 2
    assert agree_of(result)["乙"] == 2
    assert next(r for r in result.results if r.name == "乙").oppose == 0
    assert [(w.written, w.counted_as, w.ballots) for w in result.write_ins] == [("乙", "乙", 2)]


def test_aliases_map_written_variants() -> None:
    c = contest("甲乙丙", aliases={"乙乙": "乙", "张 三": "张三"})
    result = run(c, [("a--", ("乙乙",)), ("---", ("张三",)), ("---", ("张 三",))])
    assert agree_of(result)["乙"] == 1
    assert agree_of(result)["张三"] == 2
    assert {(w.written, w.counted_as) for w in result.write_ins} == {
        ("乙乙", "乙"),
        ("张三", "张三"),
    }


def test_written_names_are_compared_after_nfkc_and_spaces() -> None:
    result = run(contest(), [("---", ("乙\u3000",)), ("---", ("　乙",))])
    assert agree_of(result)["乙"] == 2


def test_write_in_needs_mark_parameter() -> None:
    ballots: list[str | tuple[object, ...]] = [("---", ("张三",)), ("---", ("张三○",))]
    counted = run(contest(), ballots, TallyRules(write_in_needs_mark=False))
    needs = run(contest(), ballots, TallyRules(write_in_needs_mark=True))
    assert agree_of(counted)["张三"] == 2
    assert agree_of(needs)["张三"] == 1
    assert needs.valid == 2  # the unmarked name is not counted; the ballot stays valid


def test_written_in_name_can_be_elected() -> None:
    result = run(contest(), repeat(("a--", ("张三",)), 30))
    assert result.elected == ("甲", "张三") and result.status == "complete"


# --- §7.6 ranking and ties -------------------------------------------------------------------


def test_more_pass_than_seats_fill_by_votes() -> None:
    c = contest("甲乙丙丁", seats=2, entitled=40, present=40)
    result = run(c, repeat("aa--", 12) + repeat("a-a-", 11) + repeat("-aa-", 11))
    assert agree_of(result) == {"甲": 23, "乙": 23, "丙": 22, "丁": 0}
    assert all(result.passes(n) for n in (23, 22))
    assert result.elected == ("甲", "乙")
    assert result.status == "complete"
    assert [r.name for r in result.results] == ["甲", "乙", "丙", "丁"]


def test_tie_across_the_last_seat_goes_to_a_revote() -> None:
    # 甲 28, 乙 16, 丙 16 of 30 entitled: one seat left for two with equal votes
    c = contest(entitled=30, present=30)
    result = run(c, repeat("aa-", 14) + repeat("a-a", 14) + repeat("-aa", 2))
    assert agree_of(result) == {"甲": 28, "乙": 16, "丙": 16}
    assert result.status == "tie"
    assert result.elected == ("甲",)
    assert result.tied == ("乙", "丙")
    assert result.unfilled_seats == 0
    assert [(r.name, r.elected, r.tied) for r in result.results] == [
        ("甲", True, False),
        ("乙", False, True),
        ("丙", False, True),
    ]


def test_tie_for_all_remaining_seats() -> None:
    c = contest("甲乙丙丁", seats=2, entitled=20, present=20)
    result = run(c, repeat("aa--", 6) + repeat("a-a-", 6) + repeat("-aa-", 6))
    assert result.status == "tie"
    assert result.elected == () and result.tied == ("甲", "乙", "丙")


def test_tie_away_from_the_last_seat_is_no_tie() -> None:
    c = contest("甲乙丙丁", seats=3, entitled=20, present=20)
    result = run(c, repeat("aaa-", 12) + repeat("aa-a", 3))
    assert agree_of(result) == {"甲": 15, "乙": 15, "丙": 12, "丁": 3}
    assert result.status == "complete" and result.elected == ("甲", "乙", "丙")


def test_tie_that_exactly_fills_the_seats_is_complete() -> None:
    c = contest("甲乙丙", seats=2, entitled=20, present=20)
    result = run(c, repeat("aa-", 15) + repeat("--a", 5))
    assert result.status == "complete" and result.elected == ("甲", "乙") and result.tied == ()


def test_tie_below_the_threshold_is_a_shortfall_not_a_tie() -> None:
    c = contest("甲乙丙", seats=2, entitled=20, present=20)
    result = run(c, repeat("a--", 5) + repeat("aa-", 5) + repeat("a-a", 5))
    assert result.status == "shortfall" and result.elected == ("甲",)
    assert result.unfilled_seats == 1 and result.tied == ()


def test_tie_is_never_broken_by_ballot_order() -> None:
    c = contest("丙乙甲", seats=2, entitled=20, present=20)
    result = run(c, repeat("aa-", 6) + repeat("a-a", 6) + repeat("-aa", 6))
    assert result.status == "tie" and result.tied == ("丙", "乙", "甲")
    shuffled = run(c, repeat("-aa", 6) + repeat("a-a", 6) + repeat("aa-", 6))
    assert shuffled == result


def test_results_by_votes_then_ballot_order_write_ins_last() -> None:
    c = contest("甲乙丙", seats=3, entitled=4, present=4)
    result = run(c, [("--a", ("张三",)), ("-a-", ()), ("a--", ())])
    assert [r.name for r in result.results] == ["甲", "乙", "丙", "张三"]


# --- §7.7 shortfall --------------------------------------------------------------------------


def test_shortfall_elects_those_passing_and_counts_unfilled() -> None:
    c = contest("甲乙丙丁", seats=3, entitled=20, present=20)
    result = run(c, repeat("aa--", 11) + repeat("--a-", 5))
    assert result.status == "shortfall"
    assert result.elected == ("甲", "乙")
    assert result.unfilled_seats == 1


def test_nobody_at_all_passes() -> None:
    result = run(contest(), [])
    assert result.status == "shortfall" and result.unfilled_seats == 2 and result.returned == 0


# --- the engine itself -------------------------------------------------------------------------


def test_invalid_ballots_are_listed_by_number() -> None:
    tally = Tally(contest())
    for number in ("10", "9", "A-2", "0100"):
        tally.add_marks(number, (1, 1, 1))
    assert [b.ballot for b in tally.result().invalid_ballots] == ["9", "10", "0100", "A-2"]


@pytest.mark.parametrize("cap", [1, 2, 3, 1000])
def test_folding_patterns_changes_nothing(cap: int) -> None:
    ballots = ["aa-", "ao-", "a-o", "---", "oo-", "aa-", "-aa", ("a--", ("乙",)), "aaa"] * 7
    assert run(contest(), ballots, pattern_cap=cap) == run(contest(), ballots)


def test_result_may_be_read_while_counting() -> None:
    tally = Tally(contest(), ENTITLED)
    for _ in range(20):
        tally.add_marks("x", (1, 0, 0))
    assert tally.result().results[0].agree == 20
    for _ in range(10):
        tally.add_marks("y", (1, 0, 0))
    assert tally.result().results[0].agree == 30
    assert tally.result().elected == ("甲",)


def test_count_with_ballot_models() -> None:
    ballots = [
        Ballot(ballot=str(i), marks=(Mark.AGREE, Mark.OPPOSE, Mark.ABSTAIN)) for i in range(30)
    ]
    ballots.append(Ballot(ballot="v", marks=(Mark.AGREE,) * 3, void="撕毁"))
    result = count(contest(), ballots, ENTITLED)
    assert result.elected == ("甲",)
    assert result.valid == 30 and result.invalid == 1


def test_ballot_with_wrong_number_of_marks_is_refused() -> None:
    tally = Tally(contest())
    with pytest.raises(BallotError, match="marks_length"):
        tally.add(Ballot(ballot="1", marks=(Mark.AGREE,)))
    with pytest.raises(BallotError, match="marks_length"):
        tally.add_marks("1", (1, 1))
    with pytest.raises(BallotError, match=r"mark\.unknown"):
        tally.add_marks("1", (1, 7, 0))
    assert tally.result().returned == 0


def test_bad_write_in_changes_nothing() -> None:
    tally = Tally(contest())
    with pytest.raises(BallotError, match=r"write_in\.no_name"):
        tally.add_marks("1", (0, 0, 0), ("○",))
    assert tally.result().returned == 0


def test_explain_reports_each_ballot() -> None:
    tally = Tally(contest(aliases={"乙乙": "乙"}), explain=True)
    first = tally.add_marks("1", (1, 2, 0))
    second = tally.add_marks("2", (2, 0, 0), ("乙乙", "张三"))
    third = tally.add_marks("3", (1, 1, 1))
    assert first is not None and first.valid and first.agree == ("甲",) and first.oppose == ("乙",)
    assert second is not None and second.agree == ("乙", "张三") and second.overridden == ("乙",)
    assert third is not None and not third.valid and third.invalid is not None
    assert Tally(contest()).add_marks("1", (1, 0, 0)) is None


@pytest.mark.parametrize(("present", "met"), [(4, True), (3, False)])
def test_a_contest_may_state_its_own_quorum_ratio(present: int, met: bool) -> None:
    """A plenary's 选举办法: "到会委员人数达到应到会人数三分之二,选举有效" — 4 of 6 is enough,
    3 is not; the rule set's 4/5 is kept beside it for the count to show."""
    from fractions import Fraction

    from electkit.core.contest import Contest, tally_rules
    from electkit.io.rules_loader import load_ruleset

    spec = Contest(
        contest="书记",
        seats=1,
        entitled=6,
        present=present,
        quorum="at_least",
        quorum_ratio=Fraction(2, 3),
        candidates=("王建国",),
    )
    rules = tally_rules(spec, load_ruleset("national-2020"))
    assert (rules.quorum, rules.quorum_ratio) == ("at_least", Fraction(2, 3))
    assert rules.ruleset_quorum == ("more_than", Fraction(4, 5))
    assert quorum_met(present, 6, rules.quorum, rules.quorum_ratio) is met
    plain = tally_rules(spec.model_copy(update={"quorum": None, "quorum_ratio": None}))
    assert plain.ruleset_quorum is None
