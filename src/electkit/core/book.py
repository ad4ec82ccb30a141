"""The counting book's records (pure): entries, the hash chain, and each clerk's ballots.

A book is an append-only list of entries numbered 1, 2, 3 … with no gap. Each entry's payload
is the canonical JSON of everything it says (number, kind, time, contest, clerk, ballot, data);
its hash is ``sha256(previous hash + payload)``, with ``GENESIS`` before entry 1. A clerk's
ballots are their latest entry per ballot number: a correction is a new entry that names the
entry it replaces (``corrects``), never an edit.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from electkit.core.contest import PLAIN_VOID, name_key

SCHEMA = 1
GENESIS = "0" * 64
KINDS: tuple[str, ...] = ("book", "contest", "ballot", "withdraw", "returned", "count")
BALLOT_KINDS = frozenset({"ballot", "withdraw"})
MAX_CLERKS = 2


def canonical(value: object) -> str:
    """JSON with sorted keys, no spaces, UTF-8 text: one spelling for one value."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def chain_hash(previous: str, payload: str) -> str:
    """``sha256(previous hash + payload)`` as 64 hex digits."""
    return hashlib.sha256((previous + payload).encode("utf-8")).hexdigest()


HEAD_MIN_DIGITS = 16  # 8 hex digits were ground to a forged match in 70 s on 2 cores
_HEAD_SEPARATORS = " \t-_:·.,，、\u3000"


def group_head(head: str, size: int = 8) -> str:
    """A head hash as printed for people to copy and compare: groups of 8 hex digits."""
    return " ".join(head[i : i + size] for i in range(0, len(head), size))


def head_digits(text: str) -> str | None:
    """A head as someone wrote it down (in groups, any case, full-width) as bare hex digits.

    None when it holds anything but hex digits and separators, or fewer than 16 or more than 64
    digits: a short prefix can be forged to match, so it is refused rather than checked.
    """
    digits = unicodedata.normalize("NFKC", text).lower()
    for separator in _HEAD_SEPARATORS:
        digits = digits.replace(separator, "")
    if not digits or digits.strip("0123456789abcdef"):
        return None
    if not HEAD_MIN_DIGITS <= len(digits) <= len(GENESIS):
        return None
    return digits


def ballot_key(text: str) -> tuple[str, str]:
    """A ballot number as shown (NFKC, no spaces) and as compared: ``0017`` and ``17`` are one."""
    if text.isascii() and text.isdigit():  # the usual case, without normalising
        return text, text.lstrip("0") or "0"
    shown = name_key(text)
    if shown.isascii() and shown.isdigit():  # (no int(): a number may have 5,000 digits)
        return shown, shown.lstrip("0") or "0"
    return shown, shown


def clean_name(text: str) -> str:
    """A clerk's name as stored: NFKC, trimmed, runs of spaces (of any width) as one."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


@dataclass(frozen=True, slots=True)
class Draft:
    """An entry before it is stored: the book gives it its number, time and hash."""

    kind: str
    contest: str | None
    clerk: str | None
    ballot: str | None
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Entry:
    """One stored entry of the book."""

    seq: int
    kind: str
    at: str
    contest: str | None
    clerk: str | None
    ballot: str | None
    data: dict[str, Any]
    hash: str = ""
    text: str = field(default="", compare=False, repr=False)  # the payload, once known

    def record(self) -> dict[str, Any]:
        """What the payload holds."""
        return {
            "seq": self.seq,
            "kind": self.kind,
            "at": self.at,
            "contest": self.contest,
            "clerk": self.clerk,
            "ballot": self.ballot,
            "data": self.data,
        }

    def payload(self) -> str:
        """The canonical JSON the hash is computed over."""
        return self.text or canonical(self.record())

    @classmethod
    def from_payload(cls, payload: str, hash_: str = "") -> Entry:
        """An entry read back from its stored payload (raises ValueError when malformed)."""
        record = json.loads(payload)
        if not isinstance(record, dict) or set(record) != set(_FIELDS):
            raise ValueError("the payload does not hold the fields of an entry")
        if not isinstance(record["seq"], int) or not isinstance(record["data"], dict):
            raise ValueError("the payload's number or data has the wrong type")
        return cls(hash=hash_, text=payload, **record)


_FIELDS = ("seq", "kind", "at", "contest", "clerk", "ballot", "data")


def seal(drafts: Iterable[Draft], first_seq: int, previous: str, at: str) -> list[Entry]:
    """Number, time and chain drafts after the entry whose hash is ``previous``."""
    entries = []
    for seq, draft in enumerate(drafts, start=first_seq):
        data = draft.data
        payload = canonical(
            {
                "seq": seq,
                "kind": draft.kind,
                "at": at,
                "contest": draft.contest,
                "clerk": draft.clerk,
                "ballot": draft.ballot,
                "data": data,
            }
        )
        previous = chain_hash(previous, payload)
        entries.append(
            Entry(
                seq,
                draft.kind,
                at,
                draft.contest,
                draft.clerk,
                draft.ballot,
                data,
                previous,
                payload,
            )
        )
    return entries


@dataclass(frozen=True, slots=True)
class BallotContent:
    """What a clerk entered for one ballot: a mark digit per listed candidate, write-ins, void.

    ``marks`` holds ``0`` abstain, ``1`` agree, ``2`` oppose (``Mark`` values) in ballot order.
    """

    marks: str
    write_ins: tuple[str, ...] = ()
    void: str | None = None

    @classmethod
    def of(
        cls, marks: Iterable[int], write_ins: Iterable[str] = (), void: str | None = None
    ) -> BallotContent:
        """From mark values, written-in cells and the scrutineers' reason (None: not void)."""
        written = tuple(w.strip() for w in write_ins) if write_ins else ()
        return cls("".join(map(str, marks)), written, void)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> BallotContent:
        """From a ballot entry's data."""
        return cls(str(data["marks"]), tuple(data.get("write_ins") or ()), data.get("void"))

    def data(self) -> dict[str, Any]:
        """The entry data (without ``number`` and ``corrects``)."""
        return {"marks": self.marks, "write_ins": list(self.write_ins), "void": self.void}

    @property
    def mark_values(self) -> tuple[int, ...]:
        """The marks as ``Mark`` values."""
        return tuple(int(c) for c in self.marks)

    def key(self) -> tuple[object, ...]:
        """What two entries must share to agree: void and its reason, or marks and write-ins."""
        if self.void is not None:
            return ("void", void_key(self.void))
        return ("marks", self.marks, tuple(sorted(name_key(w) for w in self.write_ins)))


def void_key(reason: str) -> str:
    """A void reason as compared: a bare yes-word (是, 废票, √ …) is the same as no reason."""
    key = name_key(reason).lower()
    return "" if key in PLAIN_VOID else key


@dataclass(slots=True)
class Stored:
    """A clerk's current entry for one ballot."""

    seq: int
    number: str
    content: BallotContent


@dataclass
class Ledger:
    """One contest's ballots as each clerk entered them (latest entry per ballot wins)."""

    contest: str
    candidates: tuple[str, ...]
    ballots: dict[str, dict[str, Stored]] = field(default_factory=dict)
    entries: dict[str, int] = field(default_factory=dict)
    last: dict[str, str] = field(default_factory=dict)
    returned: int | None = None
    counts: list[Entry] = field(default_factory=list)
    last_seq: int = 0
    last_ballot_seq: int = 0  # the last entry that can change a count: a ballot or the returned

    @property
    def clerks(self) -> list[str]:
        """The clerks in the order of their first entry."""
        return list(self.ballots)

    def apply(self, entry: Entry, content: BallotContent | None = None) -> str | None:
        """Take in one entry of this contest; returns a message id when it is inconsistent.

        An entry already taken in (by its number) is passed over, so overlapping reads are safe.
        """
        if entry.seq <= self.last_seq:
            return None
        self.last_seq = entry.seq
        if entry.kind == "returned":
            self.returned = int(entry.data["returned"])
            self.last_ballot_seq = entry.seq
            return None
        if entry.kind == "count":
            self.counts.append(entry)
            return None
        if entry.kind not in BALLOT_KINDS or entry.clerk is None or entry.ballot is None:
            return None
        self.last_ballot_seq = entry.seq
        mine = self.ballots.setdefault(entry.clerk, {})
        self.entries[entry.clerk] = self.entries.get(entry.clerk, 0) + 1
        current = mine.get(entry.ballot)
        corrects = entry.data.get("corrects")
        problem = None
        if (current.seq if current else None) != corrects:
            problem = "book.verify.corrects"
        if entry.kind == "withdraw":
            mine.pop(entry.ballot, None)
            if self.last.get(entry.clerk) == entry.ballot:
                latest = max(mine.values(), key=lambda s: s.seq, default=None)
                if latest is None:
                    self.last.pop(entry.clerk, None)
                else:
                    self.last[entry.clerk] = ballot_key(latest.number)[1]
            return problem
        if content is None:
            content = BallotContent.from_data(entry.data)
        if len(content.marks) != len(self.candidates) or content.marks.strip("012"):
            problem = problem or "book.verify.marks"
        mine[entry.ballot] = Stored(entry.seq, str(entry.data["number"]), content)
        self.last[entry.clerk] = entry.ballot
        return problem

    def stored(self, clerk: str) -> dict[str, Stored]:
        """One clerk's current ballots by key."""
        return self.ballots.get(clerk, {})

    def previous(self, clerk: str) -> Stored | None:
        """The clerk's most recently entered ballot that is still current (``u`` corrects it)."""
        last = self.last.get(clerk)
        return None if last is None else self.stored(clerk).get(last)


# One disagreement: {"ballot": number, "field": candidate | "write_in" | "void", "values": {clerk: …}}
Mismatch = dict[str, Any]


@dataclass(frozen=True)
class DoubleEntry:
    """The two clerks' entries compared ballot by ballot (``book diff``)."""

    contest: str
    clerks: tuple[str, ...]
    agreed: int
    mismatches: tuple[Mismatch, ...]
    only: dict[str, list[str]]
    ballots_differing: int

    @property
    def disagreements(self) -> int:
        """Ballots on which the clerks differ, or that only one of them entered."""
        return self.ballots_differing + sum(len(v) for v in self.only.values())

    def as_json(self) -> dict[str, Any]:
        """The JSON of ``book diff`` (docs/book.md)."""
        return {
            "contest": self.contest,
            "clerks": list(self.clerks),
            "agreed": self.agreed,
            "mismatches": list(self.mismatches),
            "only": self.only,
        }


MARK_WORDS = ("abstain", "agree", "oppose")


def compare(ledger: Ledger) -> DoubleEntry:
    """Every disagreement between the (first) two clerks, in ballot-number order."""
    clerks = tuple(ledger.clerks[:MAX_CLERKS])
    if len(clerks) < 2:
        only = {c: [s.number for s in sorted_ballots(ledger.stored(c))] for c in clerks}
        return DoubleEntry(ledger.contest, clerks, 0, (), only, 0)
    a, b = clerks
    mine, theirs = ledger.stored(a), ledger.stored(b)
    agreed = differing = 0
    mismatches: list[Mismatch] = []
    for key in sorted(mine.keys() & theirs.keys(), key=key_order):
        left, right = mine[key], theirs[key]
        if left.content.key() == right.content.key():
            agreed += 1
            continue
        differing += 1
        mismatches += _fields(left, right, a, b, ledger.candidates)
    only = {
        a: [mine[k].number for k in sorted(mine.keys() - theirs.keys(), key=key_order)],
        b: [theirs[k].number for k in sorted(theirs.keys() - mine.keys(), key=key_order)],
    }
    return DoubleEntry(ledger.contest, clerks, agreed, tuple(mismatches), only, differing)


def _fields(
    left: Stored, right: Stored, a: str, b: str, candidates: tuple[str, ...]
) -> list[Mismatch]:
    one, two = left.content, right.content
    number = left.number
    if one.void is not None or two.void is not None:
        return [{"ballot": number, "field": "void", "values": {a: one.void, b: two.void}}]
    found: list[Mismatch] = [
        {"ballot": number, "field": name, "values": {a: MARK_WORDS[int(x)], b: MARK_WORDS[int(y)]}}
        for name, x, y in zip(candidates, one.marks, two.marks, strict=True)
        if x != y
    ]
    if sorted(map(name_key, one.write_ins)) != sorted(map(name_key, two.write_ins)):
        values = {a: list(one.write_ins), b: list(two.write_ins)}
        found.append({"ballot": number, "field": "write_in", "values": values})
    return found


def key_order(key: str) -> tuple[int, int, str]:
    """Ballot keys in numeric order when they are digits (9 before 10), others after."""
    if key.isascii() and key.isdigit():  # a key has no leading zeros: longer is larger
        return (0, len(key), key)
    return (1, 0, key)


def sorted_ballots(ballots: dict[str, Stored]) -> list[Stored]:
    """Ballots in ballot-number order."""
    return [ballots[k] for k in sorted(ballots, key=key_order)]


def counted_ballots(ledger: Ledger) -> Iterator[Stored]:
    """The ballots a count takes: with two clerks those both entered alike, else the one clerk's."""
    clerks = ledger.clerks[:MAX_CLERKS]
    if len(clerks) == 1:
        yield from sorted_ballots(ledger.stored(clerks[0]))
        return
    if not clerks:
        return
    mine, theirs = ledger.stored(clerks[0]), ledger.stored(clerks[1])
    for key in sorted(mine.keys() & theirs.keys(), key=key_order):
        if mine[key].content.key() == theirs[key].content.key():
            yield mine[key]


def next_number(ledger: Ledger, clerk: str, width: int) -> str:
    """The number proposed for a clerk's next ballot: one after their last, not yet used by them."""
    mine = ledger.stored(clerk)
    last = ledger.last.get(clerk)
    shown = mine[last].number if last in mine else None
    start = int(last) + 1 if last is not None and last.isdigit() and len(last) < 19 else 1
    if shown is not None and shown.isdigit():
        width = len(shown)
    number = start
    while str(number) in mine:
        number += 1
    return str(number).zfill(width)


def ballot_draft(
    contest: str,
    clerk: str,
    number: str,
    content: BallotContent,
    via: str,
    corrects: int | None = None,
) -> Draft:
    """A ballot entry (a correction when ``corrects`` names the entry it replaces)."""
    shown, key = ballot_key(number)
    data = {"number": shown, **content.data(), "corrects": corrects, "via": via}
    return Draft("ballot", contest, clerk, key, data)


def ballot_entry(
    mine: dict[str, Stored], contest: str, clerk: str, number: str, content: BallotContent, via: str
) -> Draft | None:
    """The entry a ballot needs in a clerk's entries ``mine``: new (``corrects`` None), a correction
    of the clerk's entry for its number, or None when that entry already says the same.

    The one place that decides new / same / correction, for ``book import`` and ``book enter``.
    """
    current = mine.get(ballot_key(number)[1])
    if current is not None and current.content.key() == content.key():
        return None
    corrects = None if current is None else current.seq
    return ballot_draft(contest, clerk, number, content, via, corrects)


def withdraw_draft(contest: str, clerk: str, stored: Stored, via: str) -> Draft:
    """An entry that takes a ballot number out of a clerk's entries (entered in error)."""
    _, key = ballot_key(stored.number)
    data = {"number": stored.number, "corrects": stored.seq, "via": via}
    return Draft("withdraw", contest, clerk, key, data)
