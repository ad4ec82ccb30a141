"""``book verify``: recompute the hash chain and check every table against the entries.

What is checked, in order (docs/book.md):

1. the schema: the tables, index and append-only triggers are exactly electkit's;
2. the entries: numbered 1, 2, 3 … with no gap; each payload well-formed and matching its
   columns; each hash equal to ``sha256(previous hash + payload)``; entry 1 is the book's header;
   every ballot entry belongs to a contest, fits its candidates, and a correction names the entry
   it replaces; at most two clerks per contest;
3. the stored counts: each official count recorded in the book is recounted from the entries
   before it and must give the same result;
4. ``meta``: the header's schema, version and creation time, and the head (the last entry's
   number and hash), so entries cut off at the end are found too;
5. ``contests``: one row per contest entry, saying what the entry says.

The chain is checked up to its first broken entry; the tables are checked in any case.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from electkit.core.book import GENESIS, KINDS, MAX_CLERKS, SCHEMA, Entry, Ledger, chain_hash
from electkit.core.book_count import count_ledger, result_digest
from electkit.io.book import DDL, META_KEYS, Book, BookContest, _book_contest

T = TypeVar("T")


@dataclass(frozen=True)
class Break:
    """One thing found wrong: in which table, at which entry (if any), and what."""

    table: str
    entry: int | None
    message_id: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Verification:
    """The outcome of ``book verify``."""

    entries: int = 0
    head: str = GENESIS
    counts: int = 0
    breaks: list[Break] = field(default_factory=list)
    hashes: set[str] = field(default_factory=set)

    @property
    def intact(self) -> bool:
        """Whether nothing was found wrong."""
        return not self.breaks

    @property
    def first(self) -> Break | None:
        """The first broken entry, else the first other problem."""
        with_entry = [b for b in self.breaks if b.entry is not None]
        if with_entry:
            return min(with_entry, key=lambda b: b.entry or 0)
        return self.breaks[0] if self.breaks else None


def expected_schema() -> set[tuple[str, str, str | None]]:
    """(type, name, sql) of every schema object a fresh book has."""
    conn = sqlite3.connect(":memory:")
    try:
        for statement in DDL:
            conn.execute(statement)
        return _schema(conn)
    finally:
        conn.close()


def _schema(conn: sqlite3.Connection) -> set[tuple[str, str, str | None]]:
    rows = conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    # the automatic indexes of PRIMARY KEY and UNIQUE come and go with their tables' definitions
    return {(str(t), str(n), s) for t, n, s in rows if not str(n).startswith("sqlite_autoindex")}


def verify(book: Book) -> Verification:
    """Check the whole book; see the module's docstring."""
    out = Verification()
    conn = book.conn
    found, wanted = _schema(conn), expected_schema()
    names = {name for _kind, name, _sql in wanted}
    for _kind, name, _sql in sorted(wanted - found):
        out.breaks.append(Break("schema", None, "book.verify.schema.changed", {"name": name}))
    for _kind, name, _sql in sorted(found - wanted):
        if name not in names:
            out.breaks.append(Break("schema", None, "book.verify.schema.extra", {"name": name}))
    conn.execute("BEGIN")  # one snapshot for every table
    try:
        genesis = _checked(out, "entries", lambda: _entries(conn, out))
        _checked(out, "meta", lambda: _meta(conn, out, genesis))
        _checked(out, "contests", lambda: _contests(conn, out))
    finally:
        conn.execute("COMMIT")
    return out


def _checked(out: Verification, table: str, check: Callable[[], T]) -> T | None:
    """Run one table's check; a table that cannot be read at all is a break, not a crash."""
    try:
        return check()
    except sqlite3.DatabaseError as exc:
        out.breaks.append(Break(table, None, "book.verify.unreadable", {"detail": str(exc)}))
        return None


class _State:
    """What the entries have said so far: contests and each contest's ledger."""

    def __init__(self) -> None:
        self.contests: dict[str, BookContest] = {}
        self.ledgers: dict[str, Ledger] = {}


def _entries(conn: sqlite3.Connection, out: Verification) -> Entry | None:
    previous, expected = GENESIS, 1
    genesis: Entry | None = None
    state = _State()
    rows = conn.execute(
        "SELECT seq, kind, at, contest, clerk, ballot, payload, hash FROM entries ORDER BY seq"
    )
    for row in rows:
        seq = row[0]
        if seq != expected:
            out.breaks.append(
                Break("entries", expected, "book.verify.gap", {"expected": expected, "found": seq})
            )
            return genesis
        try:
            entry = Entry.from_payload(str(row[6]), str(row[7]))
        except (ValueError, TypeError):
            out.breaks.append(Break("entries", seq, "book.verify.payload"))
            return genesis
        columns = (row[0], row[1], row[2], row[3], row[4], row[5])
        if columns != (entry.seq, entry.kind, entry.at, entry.contest, entry.clerk, entry.ballot):
            out.breaks.append(Break("entries", seq, "book.verify.columns"))
            return genesis
        if chain_hash(previous, str(row[6])) != row[7]:
            out.breaks.append(Break("entries", seq, "book.verify.hash"))
            return genesis
        problem = _meaning(entry, state, genesis is None, out)
        if problem is not None:
            out.breaks.append(Break("entries", seq, problem[0], problem[1]))
            return genesis
        if seq == 1:
            genesis = entry
        previous = entry.hash
        out.entries, out.head = seq, previous
        out.hashes.add(previous)
        expected += 1
    if genesis is None and not out.breaks:
        out.breaks.append(Break("entries", 1, "book.verify.empty"))
    return genesis


def _meaning(
    entry: Entry, state: _State, first: bool, out: Verification
) -> tuple[str, dict[str, Any]] | None:
    """Whether an entry whose hash is right also makes sense where it stands."""
    if first != (entry.kind == "book"):
        return ("book.verify.header", {})
    if entry.kind not in KINDS:
        return ("book.verify.kind", {"kind": entry.kind})
    if entry.kind == "book":
        return None
    if entry.kind == "contest":
        try:
            contest = _book_contest(entry)
        except (ValueError, KeyError, TypeError):
            return ("book.verify.payload", {})
        if contest.id in state.contests:
            return ("book.verify.contest_twice", {"contest": contest.id})
        state.contests[contest.id] = contest
        state.ledgers[contest.id] = Ledger(contest.id, contest.contest.candidates)
        return None
    ledger = state.ledgers.get(entry.contest or "")
    if ledger is None:
        return ("book.verify.no_contest", {"contest": entry.contest})
    if entry.kind == "count":
        return _recount(entry, ledger, state.contests[ledger.contest], out)
    try:
        problem = ledger.apply(entry)
    except (KeyError, ValueError, TypeError):
        return ("book.verify.payload", {})
    if problem is not None:
        return (problem, {})
    if len(ledger.clerks) > MAX_CLERKS:
        return ("book.verify.clerks", {"contest": ledger.contest})
    return None


def _recount(
    entry: Entry, ledger: Ledger, contest: BookContest, out: Verification
) -> tuple[str, dict[str, Any]] | None:
    data = entry.data
    if data.get("upto") != entry.seq - 1:
        return ("book.verify.count", {"version": data.get("electkit", "?")})
    result = count_ledger(ledger, contest.contest, contest.rules)
    if result_digest(result) != data.get("result") or result.returned != data.get("ballots"):
        return ("book.verify.count", {"version": data.get("electkit", "?")})
    ledger.apply(entry)
    out.counts += 1
    return None


def _meta(conn: sqlite3.Connection, out: Verification, genesis: Entry | None) -> None:
    rows = conn.execute("SELECT key, value FROM meta").fetchall()
    meta = {str(k): str(v) for k, v in rows}
    if sorted(meta) != sorted(META_KEYS):
        out.breaks.append(Break("meta", None, "book.verify.meta.keys"))
    (schema,) = conn.execute("PRAGMA user_version").fetchone()
    if genesis is not None:
        expected = {
            "schema": str(genesis.data.get("schema")),
            "electkit": str(genesis.data.get("electkit")),
            "created": str(genesis.data.get("created")),
        }
        for key, value in expected.items():
            if key in meta and meta[key] != value:
                out.breaks.append(Break("meta", None, "book.verify.meta.value", {"key": key}))
        if genesis.data.get("schema") != schema or schema != SCHEMA:
            out.breaks.append(Break("meta", None, "book.verify.meta.value", {"key": "schema"}))
    complete = not any(b.table == "entries" for b in out.breaks)
    if complete and meta.get("head_seq") != str(out.entries):
        recorded = meta.get("head_seq", "?")
        entry = out.entries + 1 if recorded.isdigit() and int(recorded) > out.entries else None
        out.breaks.append(
            Break(
                "meta",
                entry,
                "book.verify.meta.head",
                {"recorded": recorded, "found": out.entries},
            )
        )
    elif complete and meta.get("head_hash") != out.head:
        out.breaks.append(Break("meta", None, "book.verify.meta.value", {"key": "head_hash"}))


def _contests(conn: sqlite3.Connection, out: Verification) -> None:
    rows = conn.execute("SELECT id, seq, title, candidates FROM contests ORDER BY seq").fetchall()
    derived = []
    for (payload,) in conn.execute(
        "SELECT payload FROM entries WHERE kind = 'contest' ORDER BY seq"
    ):
        try:
            entry = Entry.from_payload(str(payload))
            data = entry.data["contest"]
            derived.append(
                (
                    entry.contest,
                    entry.seq,
                    data.get("title") or entry.contest,
                    json.dumps(data["candidates"], ensure_ascii=False),
                )
            )
        except (ValueError, KeyError, TypeError):
            continue  # the entries' check reports it
    if [tuple(r) for r in rows] != derived:
        first = next(
            (i for i, (a, b) in enumerate(zip(rows, derived, strict=False)) if tuple(a) != b),
            min(len(rows), len(derived)),
        )
        out.breaks.append(Break("contests", None, "book.verify.contests", {"row": first + 1}))
