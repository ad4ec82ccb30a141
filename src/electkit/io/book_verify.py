"""``book verify``: recompute the hash chain and check every table against the entries.

What is checked, in order (docs/book.md, "What `book verify` detects"):

1. the file: SQLite's ``PRAGMA integrity_check`` (every page, every index entry), and the
   header (application id, schema version) against entry 1;
2. the schema: every row of ``sqlite_master``, SQLite's internal names included, exactly as
   electkit creates it (ANALYZE's statistics tables are reported as harmless housekeeping);
3. the entries: numbered 1, 2, 3 … with no gap; each payload well-formed and matching its
   columns; each hash equal to ``sha256(previous hash + payload)``; entry 1 is the book's header;
   every entry has the fields of its kind (core/book_shape.py); every ballot entry belongs to a
   contest, fits its candidates, and a correction names the entry it replaces; at most two
   clerks per contest;
4. the stored counts: each official count recorded in the book is recounted from the entries
   before it, every field of it (result, ballots, status, elected, clerks, single entry, the
   entry counted up to), and must have been allowed (nothing blocked it);
5. ``meta``: the header's schema, version and creation time, and the head (the last entry's
   number and hash);
6. ``contests``: one row per contest entry, saying what the entry says.

The chain is checked up to its first broken entry; the tables are checked in any case. A
consistent rewrite of the whole file passes all of this (there is no secret in a hash chain):
only a head written down outside the book finds it (``--head``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from electkit.core.book import (
    GENESIS,
    KINDS,
    MAX_CLERKS,
    SCHEMA,
    Entry,
    Ledger,
    chain_hash,
    compare,
)
from electkit.core.book_count import blockers, count_data, count_ledger
from electkit.core.book_shape import shape_problem
from electkit.io.book import META_KEYS, Book, BookContest, _book_contest
from electkit.io.book_sqlite import foreign_schema, housekeeping

T = TypeVar("T")
INTEGRITY_LIMIT = 20  # SQLite's findings listed at most (one damaged page can make thousands)


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
    hashes: dict[str, int] = field(default_factory=dict)  # each hash on the chain: its entry
    kinds: list[str] = field(default_factory=list)  # each entry's kind, in order
    housekeeping: list[str] = field(default_factory=list)

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

    def after(self, seq: int) -> dict[str, int]:
        """The entries on the chain after entry ``seq``, counted by kind."""
        found: dict[str, int] = {}
        for kind in self.kinds[seq:]:
            found[kind] = found.get(kind, 0) + 1
        return found


def verify(book: Book) -> Verification:
    """Check the whole book; see the module's docstring."""
    out = Verification()
    conn = book.conn
    conn.execute("BEGIN")  # one snapshot for every check
    try:
        _checked(out, "file", lambda: _file(conn, out, book.header_problem))
        _checked(out, "schema", lambda: _schema(conn, out))
        genesis = _checked(out, "entries", lambda: _entries(conn, out))
        _checked(out, "meta", lambda: _meta(conn, out, genesis))
        _checked(out, "contests", lambda: _contests(conn, out))
    finally:
        try:
            conn.execute("COMMIT")
        except sqlite3.DatabaseError:  # a damaged file can fail even a read's end; already said
            conn.rollback()
    return out


def _checked(out: Verification, table: str, check: Callable[[], T]) -> T | None:
    """Run one check; a table that cannot be read at all is a break, not a crash."""
    try:
        return check()
    except sqlite3.DatabaseError as exc:
        out.breaks.append(Break(table, None, "book.verify.unreadable", {"detail": str(exc)}))
        return None


def _file(conn: sqlite3.Connection, out: Verification, header: str | None) -> None:
    if header is not None:
        out.breaks.append(Break("file", None, "book.verify.file_header", {"found": header}))
    try:
        rows = conn.execute(f"PRAGMA integrity_check({INTEGRITY_LIMIT})").fetchall()
        problems = [str(row[0]) for row in rows]
    except sqlite3.DatabaseError as exc:  # damaged beyond what the check itself can walk
        problems = [str(exc)]
    if problems != ["ok"]:
        detail = "; ".join(problems[:3]) + (" …" if len(problems) > 3 else "")
        out.breaks.append(Break("file", None, "book.verify.integrity", {"detail": detail}))


def _schema(conn: sqlite3.Connection, out: Verification) -> None:
    changed, foreign = foreign_schema(conn)
    said = set()
    for kind, name, _table, _sql in changed:
        said.add(name)
        out.breaks.append(
            Break("schema", None, "book.verify.schema.changed", {"name": name, "kind": kind})
        )
    for kind, name, _table, _sql in foreign:
        if name not in said:
            out.breaks.append(
                Break("schema", None, "book.verify.schema.extra", {"name": name, "kind": kind})
            )
    out.housekeeping = housekeeping(conn)


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
        out.hashes[previous] = seq
        out.kinds.append(entry.kind)
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
    shape = shape_problem(entry)
    if shape is not None:
        return (shape, {"kind": entry.kind})
    if entry.kind == "book":
        return None if entry.data["schema"] == SCHEMA else ("book.verify.header", {})
    if entry.kind == "contest":
        try:
            contest = _book_contest(entry)
        except (ValueError, KeyError, TypeError):
            return ("book.verify.payload", {})
        if contest.contest.contest != contest.id:
            return ("book.verify.fields", {"kind": entry.kind})
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
    """Count again from the entries before this one: every field must be what electkit wrote."""
    data = entry.data
    version = str(data.get("electkit", "?"))
    result = count_ledger(ledger, contest.contest, contest.rules)
    single = bool(data.get("single_entry"))
    expected = count_data(ledger, result, single_entry=single, upto=entry.seq - 1, version=version)
    differing = sorted(k for k in expected if expected[k] != data.get(k))
    if differing:
        params = {"version": version, "fields": ", ".join(differing)}
        return ("book.verify.count", params)
    two = (
        single and len(ledger.clerks) >= 2
    )  # refused when it was asked (book.count.single_with_two)
    if two or blockers(ledger, compare(ledger), result, single_entry=single, book=""):
        return ("book.verify.count_blocked", {"contest": contest.id})
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
