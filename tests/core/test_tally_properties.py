"""Invariants of the count, checked by hypothesis on random contests and ballots."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from electkit.core.contest import Contest, TallyRules, name_key
from electkit.core.tally import Tally, TallyResult

NAMES = "甲乙丙丁戊"
WRITTEN = ("张三", "李四", "乙乙", "甲", "丙 ")  # new names, an alias of 乙, listed names


@dataclass(frozen=True)
class Case:
    contest: Contest
    rules: TallyRules
    ballots: list[tuple[str, tuple[int, ...], tuple[str, ...], str | None]]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    n = draw(st.integers(1, 5))
    seats = draw(st.integers(1, n))
    ballot = st.tuples(
        st.tuples(*[st.sampled_from((0, 0, 1, 1, 1, 2))] * n),
        st.lists(st.sampled_from(WRITTEN), max_size=2).map(tuple),
        st.sampled_from((None,) * 12 + ("有记号",)),
    )
    drawn = draw(st.lists(ballot, max_size=30))
    entitled = draw(st.integers(1, len(drawn) + 3))
    present = draw(st.integers(entitled * 4 // 5 + 1, entitled))  # the quorum is met
    contest = Contest(
        contest="委员",
        seats=seats,
        entitled=entitled,
        present=present,
        issued=len(drawn) + 4,  # room to add ballots without voiding the election
        candidates=tuple(NAMES[:n]),
        aliases={"乙乙": "乙"} if n >= 2 else {},
    )
    rules = TallyRules(
        threshold_basis=draw(st.sampled_from(("entitled", "present"))),
        write_in_needs_mark=draw(st.booleans()),
    )
    ballots = [(str(i + 1), m, w, v) for i, (m, w, v) in enumerate(drawn)]
    return Case(contest, rules, ballots)


def count(
    case: Case,
    extra: list[tuple[str, tuple[int, ...], tuple[str, ...], str | None]] | None = None,
    **kw: int,
) -> TallyResult:
    tally = Tally(case.contest, case.rules, **kw)
    for ballot in [*case.ballots, *(extra or [])]:
        tally.add_marks(*ballot)
    return tally.result()


@settings(max_examples=300, deadline=None)
@given(cases())
def test_the_account_balances(case: Case) -> None:
    result = count(case)
    assert result.status in ("complete", "tie", "shortfall")
    assert result.valid + result.invalid == result.returned == len(case.ballots)
    assert result.invalid == len(result.invalid_ballots)
    for row in result.results:
        if row.listed:
            assert row.agree + row.oppose + row.abstain == result.valid
            assert min(row.agree, row.oppose, row.abstain) >= 0
        else:
            assert (row.oppose, row.abstain) == (0, 0)


@settings(max_examples=300, deadline=None)
@given(cases())
def test_the_elected_fit_the_seats_and_pass(case: Case) -> None:
    result = count(case)
    basis = (
        case.contest.entitled if case.rules.threshold_basis == "entitled" else case.contest.present
    )
    assert len(result.elected) <= case.contest.seats
    assert not set(result.elected) & set(result.tied)
    agree = {r.name: r.agree for r in result.results}
    for name in result.elected + result.tied:
        assert 2 * agree[name] > basis
    for row in result.results:
        if not (row.elected or row.tied):
            # nobody left out beats someone elected
            assert all(agree[e] >= row.agree for e in result.elected)
    if result.status == "complete":
        assert len(result.elected) == case.contest.seats
    elif result.status == "shortfall":
        assert len(result.elected) + result.unfilled_seats == case.contest.seats
        assert result.unfilled_seats > 0 and result.tied == ()
    else:
        assert len(result.elected) < case.contest.seats < len(result.elected) + len(result.tied)
        assert len({agree[t] for t in result.tied}) == 1
        assert result.unfilled_seats == 0


@settings(max_examples=200, deadline=None)
@given(cases(), st.randoms(use_true_random=False))
def test_shuffling_the_ballots_changes_nothing(case: Case, rng: object) -> None:
    shuffled = list(case.ballots)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    assert count(Case(case.contest, case.rules, shuffled)) == count(case)


@settings(max_examples=200, deadline=None)
@given(cases(), st.integers(1, 4))
def test_folding_pattern_counters_changes_nothing(case: Case, cap: int) -> None:
    assert count(case, pattern_cap=cap) == count(case)


@settings(max_examples=200, deadline=None)
@given(cases())
def test_an_over_voted_ballot_only_adds_an_invalid_one(case: Case) -> None:
    n, seats = len(case.contest.candidates), case.contest.seats
    new_names = tuple(f"新{i}○" for i in range(max(0, seats + 1 - n)))  # marked: always counted
    over = ("over", (1,) * n, new_names, None)
    before, after = count(case), count(case, [over])
    assert after.returned == before.returned + 1
    assert after.invalid == before.invalid + 1
    assert [b.ballot for b in after.invalid_ballots if b.ballot != "over"] == [
        b.ballot for b in before.invalid_ballots
    ]
    same = after.model_copy(
        update={
            "returned": before.returned,
            "invalid": before.invalid,
            "invalid_ballots": before.invalid_ballots,
        }
    )
    assert same == before


@settings(max_examples=200, deadline=None)
@given(cases(), st.data())
def test_another_agree_never_unelects(case: Case, data: st.DataObject) -> None:
    before = count(case)
    listed = [r.name for r in before.results if r.elected and r.listed]
    if not listed:
        return
    name = data.draw(st.sampled_from(listed))
    marks = tuple(1 if c == name else 0 for c in case.contest.candidates)
    after = count(case, [("more", marks, (), None)])
    assert name in after.elected


@settings(max_examples=300, deadline=None)
@given(cases())
def test_counts_match_a_plain_reading_of_the_rules(case: Case) -> None:
    """A deliberately naive count of §7.3–7.4, ballot by ballot, without any of the speed-ups."""
    names = list(case.contest.candidates)
    aliases = {name_key(k): name_key(v) for k, v in case.contest.aliases.items()}
    agree = {n: 0 for n in names}
    oppose = {n: 0 for n in names}
    written: dict[str, int] = {}
    valid = invalid = 0
    for _number, marks, write_ins, void in case.ballots:
        if void is not None:
            invalid += 1
            continue
        chosen = {n for n, m in zip(names, marks, strict=True) if m == 1}
        opposed = {n for n, m in zip(names, marks, strict=True) if m == 2}
        for text in write_ins:
            marked = text.endswith("○")
            if case.rules.write_in_needs_mark and not marked:
                continue
            key = name_key(text.removesuffix("○"))
            key = aliases.get(key, key)
            chosen.add(key)
            opposed.discard(key)
        if len(chosen) > case.contest.seats:
            invalid += 1
            continue
        valid += 1
        for person in chosen:
            if person in agree:
                agree[person] += 1
            else:
                written[person] = written.get(person, 0) + 1
        for person in opposed:
            oppose[person] += 1
    result = count(case)
    assert (result.valid, result.invalid) == (valid, invalid)
    got = {r.name: (r.agree, r.oppose) for r in result.results}
    assert got == {
        **{n: (agree[n], oppose[n]) for n in names},
        **{w: (c, 0) for w, c in written.items()},
    }
