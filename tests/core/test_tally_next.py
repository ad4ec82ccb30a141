"""Notes, next steps and the follow-up round (§7.0, §7.1, §7.6–7.8)."""

from __future__ import annotations

from electkit.core.contest import TallyRules
from electkit.core.findings import Text
from electkit.core.tally_next import next_round, next_steps, notes, revote_flagged
from tests.tally_helpers import contest, repeat, run

RULES = TallyRules()


def ids(items: tuple[object, ...]) -> list[str]:
    return [getattr(i, "message_id") for i in items]  # noqa: B009


def test_issued_over_present_is_accepted_with_a_warning() -> None:
    c = contest(present=45, issued=46)
    result = run(c, repeat("aa-", 30))
    assert result.status == "complete"
    assert "tally.note.issued_over_present" in ids(notes(result, c, RULES))


def test_boundary_states_the_other_reading() -> None:
    c = contest(present=40)
    strict = run(c, [], TallyRules(quorum="more_than"))
    lenient = run(c, [], TallyRules(quorum="at_least"))
    assert ids(notes(strict, c, TallyRules(quorum="more_than")))[0] == (
        "tally.note.boundary.at_least.met"
    )
    assert ids(notes(lenient, c, TallyRules(quorum="at_least")))[0] == (
        "tally.note.boundary.more_than.not_met"
    )
    assert not [
        n
        for n in notes(run(contest(present=41), []), contest(present=41), RULES)
        if "boundary" in n.message_id
    ]


def test_no_quorum_says_how_many_were_needed() -> None:
    c = contest(present=40)
    (step,) = next_steps(run(c, []), c, RULES)
    assert step.message_id == "tally.next.no_quorum.more_than"
    assert step.params["needed"] == 41


def test_void_next_step() -> None:
    c = contest(present=45, issued=10)
    (step,) = next_steps(run(c, repeat("a--", 11)), c, RULES)
    assert step.message_id == "tally.next.void"
    assert (step.params["returned"], step.params["issued"]) == (11, 10)


def test_tie_next_step_and_round() -> None:
    c = contest(entitled=30, present=30, aliases={"乙乙": "乙"})
    result = run(c, repeat("aa-", 14) + repeat("a-a", 14) + repeat("-aa", 2))
    (step,) = next_steps(result, c, RULES)
    assert step.message_id == "tally.next.tie"
    assert step.params["remaining"] == 1 and step.params["votes"] == 16
    following = next_round(result, c)
    assert following is not None
    assert (following.round, following.follows, following.seats) == (2, "tie", 1)
    assert following.candidates == ("乙", "丙")
    assert following.aliases == {"乙乙": "乙"}
    assert following.issued is None


def test_shortfall_offers_both_options_with_consent_under_2020() -> None:
    c = contest("甲乙丙丁", seats=3, entitled=20, present=20)
    result = run(c, repeat("aa--", 11) + repeat("--a-", 5) + repeat("---a", 1))
    with_consent = ids(next_steps(result, c, TallyRules(reduce_needs_consent=True)))
    without = ids(next_steps(result, c, TallyRules(reduce_needs_consent=False)))
    assert with_consent == [
        "tally.next.shortfall",
        "tally.next.again",
        "tally.next.reduce.consent",
        "tally.next.record",
    ]
    assert without[2] == "tally.next.reduce"
    following = next_round(result, c)
    assert following is not None
    assert (following.seats, following.follows, following.round) == (1, "shortfall", 2)
    assert following.candidates == ("丙", "丁")  # the not elected, by votes


def test_still_short_after_another_election_refers_up_and_stops() -> None:
    c = contest("丙丁", seats=1, entitled=20, present=20, round=2, follows="shortfall")
    result = run(c, repeat("a-", 5))
    assert result.status == "shortfall"
    assert ids(next_steps(result, c, RULES)) == ["tally.next.refer_up"]
    assert next_round(result, c) is None


def test_no_candidate_left_for_another_election() -> None:
    c = contest("甲", seats=2, entitled=20, present=20)
    result = run(c, repeat("a", 15))
    assert result.status == "shortfall" and result.elected == ("甲",)
    assert ids(next_steps(result, c, RULES))[1] == "tally.next.again.nobody"
    assert next_round(result, c) is None


def test_complete_void_and_no_quorum_have_no_next_round() -> None:
    c = contest()
    assert next_round(run(c, repeat("aa-", 30)), c) is None
    assert next_round(run(contest(present=40), []), contest(present=40)) is None
    void = contest(present=45, issued=5)
    assert next_round(run(void, repeat("a--", 6)), void) is None


def test_revote_flags_the_top_ranked_below_the_threshold() -> None:
    c = contest("乙丙", seats=1, entitled=30, present=30, round=2, follows="tie")
    result = run(c, repeat("a-", 12) + repeat("-a", 10))
    assert result.status == "shortfall" and result.elected == ()
    assert revote_flagged(result, c) == ("乙",)
    (note,) = notes(result, c, RULES)
    assert note.message_id == "tally.note.revote_below_threshold"
    assert note.params["names"] == Text(zh="乙", en="乙")


def test_revote_with_a_majority_elects_without_a_flag() -> None:
    c = contest("乙丙", seats=1, entitled=30, present=30, round=2, follows="tie")
    result = run(c, repeat("a-", 16) + repeat("-a", 10))
    assert result.elected == ("乙",)
    assert revote_flagged(result, c) == ()


def test_a_first_round_never_flags() -> None:
    c = contest("乙丙", seats=1, entitled=30, present=30)
    assert revote_flagged(run(c, repeat("a-", 12)), c) == ()


def test_no_ballots_is_noted() -> None:
    c = contest()
    assert "tally.note.no_ballots" in ids(notes(run(c, []), c, RULES))


def test_scrutineer_who_is_a_candidate_is_an_error_note() -> None:
    from electkit.core.contest import Contest, tally_rules
    from electkit.core.tally import count
    from electkit.core.tally_next import notes

    contest = Contest(
        contest="委员",
        seats=1,
        entitled=3,
        present=3,
        candidates=("丁一", "于二"),
        scrutineers=("于 二", "王三"),
    )
    rules = tally_rules(contest)
    found = [n for n in notes(count(contest, [], rules), contest, rules) if n.rule == "TL-SCRUT"]
    assert [(n.severity.value, n.params["names"]) for n in found] == [
        ("error", Text(zh="于 二", en="于 二"))
    ]
    clean = contest.model_copy(update={"scrutineers": ("王三",)})
    assert not [n for n in notes(count(clean, [], rules), clean, rules) if n.rule == "TL-SCRUT"]


def test_boundary_note_names_the_ratio() -> None:
    from electkit.core.contest import Contest, tally_rules
    from electkit.core.tally import count
    from electkit.core.tally_next import notes
    from electkit.messages import t

    contest = Contest(contest="委员", seats=1, entitled=50, present=40, candidates=("丁一",))
    rules = tally_rules(contest)
    note = next(
        n for n in notes(count(contest, [], rules), contest, rules) if n.rule == "TL-QUORUM"
    )
    for lang in ("zh", "en"):
        text = t(note.message_id, lang, **note.params)
        assert "4/5" in text and "{" not in text
