"""The counting book's pure core: the chain, ballot numbers, each clerk's ballots, double entry."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from electkit.core.book import (
    GENESIS,
    BallotContent,
    Draft,
    Entry,
    Ledger,
    ballot_draft,
    ballot_entry,
    ballot_key,
    canonical,
    chain_hash,
    clean_name,
    compare,
    counted_ballots,
    next_number,
    seal,
    withdraw_draft,
)
from electkit.core.book_count import blockers, count_ledger, result_digest
from electkit.core.contest import TallyRules
from electkit.core.tally import Tally
from tests.tally_helpers import contest, marks

RULES = TallyRules(threshold_basis="entitled")
NAMES = tuple("甲乙丙")


class Book:
    """A ledger fed through sealed entries, as the store would feed it."""

    def __init__(self) -> None:
        self.ledger = Ledger("委员", NAMES)
        self.entries: list[Entry] = []

    def add(self, *drafts: Draft) -> list[Entry]:
        previous = self.entries[-1].hash if self.entries else GENESIS
        sealed = seal(drafts, len(self.entries) + 1, previous, "2026-01-01T09:00:00.000+08:00")
        for entry in sealed:
            assert self.ledger.apply(entry) is None
        self.entries += sealed
        return sealed

    def ballot(self, clerk: str, number: str, text: str, *extra: Any) -> Entry:
        write_ins = extra[0] if extra else ()
        void = extra[1] if len(extra) > 1 else None
        current = self.ledger.stored(clerk).get(ballot_key(number)[1])
        content = BallotContent.of(marks(text), write_ins or (), void)
        draft = ballot_draft(
            "委员", clerk, number, content, "import", current.seq if current else None
        )
        return self.add(draft)[0]


def test_the_hash_is_sha256_of_the_previous_hash_and_the_payload() -> None:
    entries = seal([Draft("book", None, None, None, {"schema": 1})], 1, GENESIS, "t")
    payload = entries[0].payload()
    assert payload == (
        '{"at":"t","ballot":null,"clerk":null,"contest":null,"data":{"schema":1},"kind":"book",'
        '"seq":1}'
    )
    assert entries[0].hash == hashlib.sha256((GENESIS + payload).encode()).hexdigest()
    assert chain_hash(GENESIS, payload) == entries[0].hash
    second = seal([Draft("returned", "委员", None, None, {"returned": 3})], 2, entries[0].hash, "t")
    assert second[0].hash == chain_hash(entries[0].hash, second[0].payload())
    assert Entry.from_payload(payload, entries[0].hash) == entries[0]


def test_canonical_json_has_one_spelling() -> None:
    assert canonical({"b": [1, "王"], "a": None}) == '{"a":null,"b":[1,"王"]}'


@pytest.mark.parametrize(
    "bad",
    [
        '{"seq": 1}',
        "[]",
        '{"seq":"1","kind":"x","at":"","contest":null,"clerk":null,"ballot":null,"data":{}}',
    ],
)
def test_a_malformed_payload_is_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        Entry.from_payload(bad)


@pytest.mark.parametrize(
    ("text", "shown", "key"),
    [("0017", "0017", "17"), ("17", "17", "17"), (" １７ ", "17", "17"), ("A-3", "A-3", "A-3")],
)
def test_ballot_numbers_compare_as_numbers(text: str, shown: str, key: str) -> None:
    assert ballot_key(text) == (shown, key)


def test_clerk_names_are_normalised() -> None:
    assert clean_name("  张　 三 ") == "张 三"
    assert clean_name("Ｚｈａｎｇ") == "Zhang"


def test_the_latest_entry_of_a_clerk_wins_and_corrections_name_what_they_replace() -> None:
    book = Book()
    first = book.ballot("甲", "1", "aoa")
    fixed = book.ballot("甲", "001", "ao-")
    assert fixed.data["corrects"] == first.seq
    assert book.ledger.stored("甲")["1"].content.marks == "120"
    assert book.ledger.entries["甲"] == 2
    assert list(book.ledger.stored("甲")) == ["1"]


def test_an_inconsistent_correction_is_reported() -> None:
    book = Book()
    book.ballot("甲", "1", "aoa")
    stray = ballot_draft("委员", "甲", "1", BallotContent.of(marks("---")), "import", None)
    entry = seal([stray], 2, book.entries[-1].hash, "t")[0]
    assert book.ledger.apply(entry) == "book.verify.corrects"


def test_a_withdrawn_number_is_gone() -> None:
    book = Book()
    book.ballot("甲", "1", "aoa")
    book.add(withdraw_draft("委员", "甲", book.ledger.stored("甲")["1"], "enter"))
    assert book.ledger.stored("甲") == {}


def test_a_ballot_is_new_the_same_or_a_correction_of_the_clerks_entry() -> None:
    book = Book()
    content = BallotContent.of(marks("aoa"))
    new = ballot_entry(book.ledger.stored("甲"), "委员", "甲", "1", content, "import")
    assert new is not None and new.data["corrects"] is None
    (stored,) = book.add(new)
    # the same number (written 001) with the same marks: nothing to store
    assert ballot_entry(book.ledger.stored("甲"), "委员", "甲", "001", content, "enter") is None
    changed = BallotContent.of(marks("ao-"))
    fix = ballot_entry(book.ledger.stored("甲"), "委员", "甲", "1", changed, "enter")
    assert fix is not None and fix.data["corrects"] == stored.seq and fix.data["via"] == "enter"
    # the other clerk's entry for that number is new: each clerk corrects only their own
    other = ballot_entry(book.ledger.stored("乙"), "委员", "乙", "1", content, "import")
    assert other is not None and other.data["corrects"] is None


def test_an_entry_taken_in_twice_counts_once() -> None:
    book = Book()
    entry = book.ballot("甲", "1", "aoa")
    assert book.ledger.apply(entry) is None
    assert book.ledger.entries["甲"] == 1


def test_compare_lists_every_field_and_the_ballots_only_one_entered() -> None:
    book = Book()
    book.ballot("甲", "1", "aoa")
    book.ballot("乙", "1", "aoa")
    book.ballot("甲", "2", "aoa", ["王五"])
    book.ballot("乙", "02", "o-a", ["王六"])
    book.ballot("甲", "3", "---", (), "字迹无法辨认")
    book.ballot("乙", "3", "aaa")
    book.ballot("甲", "4", "---")
    book.ballot("乙", "5", "---")
    double = compare(book.ledger)
    assert double.clerks == ("甲", "乙")
    assert double.agreed == 1
    assert double.as_json()["mismatches"] == [
        {"ballot": "2", "field": "甲", "values": {"甲": "agree", "乙": "oppose"}},
        {"ballot": "2", "field": "乙", "values": {"甲": "oppose", "乙": "abstain"}},
        {"ballot": "2", "field": "write_in", "values": {"甲": ["王五"], "乙": ["王六"]}},
        {"ballot": "3", "field": "void", "values": {"甲": "字迹无法辨认", "乙": None}},
    ]
    assert double.only == {"甲": ["4"], "乙": ["5"]}
    assert double.disagreements == 4


def test_plain_void_words_and_write_in_order_do_not_count_as_disagreements() -> None:
    book = Book()
    book.ballot("甲", "1", "---", (), "是")
    book.ballot("乙", "1", "aaa", (), "废票")
    book.ballot("甲", "2", "a--", ["王五", "李四"])
    book.ballot("乙", "2", "a--", ["李四", "王 五"])
    double = compare(book.ledger)
    assert (double.agreed, double.disagreements) == (2, 0)


def test_counted_ballots_are_the_agreed_ones_or_a_single_clerks() -> None:
    book = Book()
    book.ballot("甲", "1", "aoa")
    book.ballot("甲", "2", "aoa")
    assert [s.number for s in counted_ballots(book.ledger)] == ["1", "2"]
    book.ballot("乙", "2", "aoa")
    book.ballot("乙", "1", "ooo")
    assert [s.number for s in counted_ballots(book.ledger)] == ["2"]


def test_the_next_number_follows_the_clerks_last_and_skips_used_ones() -> None:
    book = Book()
    assert next_number(book.ledger, "甲", 3) == "001"
    book.ballot("甲", "007", "---")
    book.ballot("甲", "8", "---")
    book.ballot("甲", "0007", "a--")  # a correction of 7: the last entry is ballot 7 again
    assert next_number(book.ledger, "甲", 3) == "0009"
    assert next_number(book.ledger, "乙", 3) == "001"


def test_the_book_counts_exactly_as_the_tally_engine() -> None:
    c = contest(seats=2, entitled=10, present=10)
    book = Book()
    ballots = ["aa-", "a-o", "aaa", "oao", "---", "-aa"]
    for number, text in enumerate(ballots, start=1):
        book.ballot("甲", str(number), text)
        book.ballot("乙", str(number), text)
    book.ballot("甲", "7", "a--", ["丁"])
    book.ballot("乙", "7", "a--", ["丁"])
    book.ballot("甲", "8", "aa-", (), "有记号")
    book.ballot("乙", "8", "aa-", (), "有记号")
    tally = Tally(c, RULES)
    for number, text in enumerate(ballots, start=1):
        tally.add_marks(str(number), marks(text))
    tally.add_marks("7", marks("a--"), ("丁",))
    tally.add_marks("8", marks("aa-"), (), "有记号")
    expected = tally.result()
    assert count_ledger(book.ledger, c, RULES) == expected
    assert result_digest(count_ledger(book.ledger, c, RULES)) == result_digest(expected)


def test_what_blocks_an_official_count() -> None:
    c = contest(seats=2, entitled=10, present=10)
    book = Book()

    def reasons(single: bool = False) -> list[str]:
        result = count_ledger(book.ledger, c, RULES)
        found = blockers(book.ledger, compare(book.ledger), result, single_entry=single, book="b")
        return [p.message_id for p in found]

    assert reasons() == ["book.count.nothing"]
    book.ballot("甲", "1", "aa-")
    assert reasons() == ["book.count.single"]
    assert reasons(single=True) == []
    book.ballot("乙", "1", "a--")
    assert reasons() == ["book.count.disagree"]
    book.ballot("乙", "1", "aa-")
    assert reasons() == []
    book.add(Draft("returned", "委员", None, None, {"returned": 2}))
    assert reasons() == ["book.count.returned"]


entry_marks = st.text(alphabet="ao-", min_size=3, max_size=3)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(entry_marks, entry_marks, st.booleans()), min_size=1, max_size=25))
def test_compare_is_symmetric_and_accounts_for_every_ballot(
    ballots: list[tuple[str, str, bool]],
) -> None:
    book = Book()
    for number, (mine, theirs, both) in enumerate(ballots, start=1):
        book.ballot("甲", str(number), mine)
        if both:
            book.ballot("乙", str(number), theirs)
    double = compare(book.ledger)
    entered = len(ballots)
    agreed = sum(1 for m, t, both in ballots if both and m == t)
    assert double.agreed == agreed
    assert double.agreed + double.disagreements == entered
    two = any(both for _m, _t, both in ballots)
    assert len(list(counted_ballots(book.ledger))) == (agreed if two else entered)
    fields = {(m["ballot"], m["field"]) for m in double.mismatches}
    assert len(fields) == sum(
        sum(x != y for x, y in zip(m, t, strict=True)) for m, t, both in ballots if both
    )
