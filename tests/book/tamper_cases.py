"""The changes the tamper suite makes to a finished book, and what must catch each one.

Each case is one kind of edit someone holding the file could make: with the sqlite3 shell
(dropping the append-only triggers first where they are in the way), through SQLite's
``writable_schema``, by writing bytes into the file, or as a forger who runs electkit's own code
to recount and reseal the whole chain. ``alone`` says whether ``book verify`` must find it by
itself, ``head`` whether ``book verify --head`` with the head written down at the official count
must. docs/book.md holds the same table (tests/book/test_tamper.py compares them).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from electkit.core.book import GENESIS, Entry, Ledger, canonical, chain_hash
from electkit.core.book_count import count_data, count_ledger
from electkit.io.book import _book_contest

UNLOCK = (
    "DROP TRIGGER entries_append_only; DROP TRIGGER entries_keep;"
    " DROP TRIGGER contests_append_only; DROP TRIGGER contests_keep;"
)
RELOCK = (
    "CREATE TRIGGER entries_append_only BEFORE UPDATE ON entries"
    " BEGIN SELECT RAISE(ABORT, 'the counting book is append-only'); END;"
    "CREATE TRIGGER entries_keep BEFORE DELETE ON entries"
    " BEGIN SELECT RAISE(ABORT, 'the counting book is append-only'); END;"
    "CREATE TRIGGER contests_append_only BEFORE UPDATE ON contests"
    " BEGIN SELECT RAISE(ABORT, 'the counting book is append-only'); END;"
    "CREATE TRIGGER contests_keep BEFORE DELETE ON contests"
    " BEGIN SELECT RAISE(ABORT, 'the counting book is append-only'); END;"
)
SWAP_ENTRIES = (
    "CREATE TEMP TABLE t AS SELECT * FROM entries WHERE seq IN (10, 11);"
    " UPDATE entries SET (kind, at, contest, clerk, ballot, payload, hash) ="
    " (SELECT kind, at, contest, clerk, ballot, payload, hash FROM t WHERE t.seq = 21 - entries.seq)"
    " WHERE seq IN (10, 11);"
)
Edit = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    """One kind of edit: how it is made, and what must find it."""

    what: str  # the row of docs/book.md's table
    edit: Edit
    alone: bool  # book verify finds it by itself
    head: bool  # book verify --head RECORDED finds it
    table: str | None = None  # where verify's first break must be (when it finds it alone)
    entry: int | None = None  # and at which entry


def connected(run: Callable[[sqlite3.Connection], object]) -> Edit:
    """An edit made through a connection to the file, committed."""

    def edit(path: Path) -> None:
        conn = sqlite3.connect(path)
        run(conn)
        conn.commit()
        conn.close()

    return edit


def sql(statements: str, *, unlock: bool = False) -> Edit:
    """An edit made with SQL, as from the sqlite3 shell (the triggers put back afterwards)."""
    script = (UNLOCK if unlock else "") + statements + (RELOCK if unlock else "")
    return connected(lambda conn: conn.executescript(script))


def writable_schema(statement: str) -> Edit:
    """An edit of sqlite_master itself (``PRAGMA writable_schema``): what no DDL allows."""
    script = f"PRAGMA writable_schema=ON; {statement}; PRAGMA writable_schema=OFF;"
    return connected(lambda conn: conn.executescript(script))


def zero_page(name: str) -> Edit:
    """Zero the root page of a table or index: what a failing disk or a hex editor does."""

    def edit(path: Path) -> None:
        conn = sqlite3.connect(path)
        (page,) = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)
        ).fetchone()
        (size,) = conn.execute("PRAGMA page_size").fetchone()
        conn.close()
        with path.open("r+b") as handle:
            handle.seek((page - 1) * size)
            handle.write(b"\0" * size)

    return edit


Records = list[dict[str, Any]]


def forge(change: Callable[[Records], Records], *, recount: bool = True) -> Edit:
    """A forger with electkit's own code: change the entries, recount every recorded count over
    the changed ballots (unless ``recount`` is False), reseal the chain, and rewrite ``entries``
    and the head in ``meta``."""

    def edit(path: Path) -> None:
        conn = sqlite3.connect(path)
        payloads = [p for (p,) in conn.execute("SELECT payload FROM entries ORDER BY seq")]
        records = change([Entry.from_payload(p).record() for p in payloads])
        contests: dict[str, Any] = {}
        ledgers: dict[str, Ledger] = {}
        rows, previous = [], GENESIS
        for seq, record in enumerate(records, start=1):
            record = {**record, "seq": seq}
            if record["kind"] == "count" and recount:
                ledger, contest = ledgers[record["contest"]], contests[record["contest"]]
                result = count_ledger(ledger, contest.contest, contest.rules)
                old = record["data"]
                record["data"] = count_data(
                    ledger,
                    result,
                    single_entry=old["single_entry"],
                    upto=seq - 1,
                    version=old["electkit"],
                )
            entry = Entry(**record)
            if entry.kind == "contest":
                contests[str(entry.contest)] = _book_contest(entry)
                ledgers[str(entry.contest)] = Ledger(
                    str(entry.contest), contests[str(entry.contest)].contest.candidates
                )
            elif entry.contest in ledgers:
                ledgers[str(entry.contest)].apply(entry)
            payload = canonical(record)
            previous = chain_hash(previous, payload)
            rows.append(
                (
                    seq,
                    entry.kind,
                    entry.at,
                    entry.contest,
                    entry.clerk,
                    entry.ballot,
                    payload,
                    previous,
                )
            )
        conn.executescript(UNLOCK + "DELETE FROM entries;")
        conn.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.execute("UPDATE meta SET value = ? WHERE key = 'head_seq'", (str(len(rows)),))
        conn.execute("UPDATE meta SET value = ? WHERE key = 'head_hash'", (previous,))
        conn.executescript(RELOCK)
        conn.commit()
        conn.close()

    return edit


def each(
    kind: str,
    change: Callable[[dict[str, Any]], None],
    where: Callable[[dict[str, Any]], bool] = lambda r: True,
) -> Callable[[Records], Records]:
    """Apply ``change`` to the data of every entry of a kind (that ``where`` picks)."""

    def run(records: Records) -> Records:
        for record in records:
            if record["kind"] == kind and where(record):
                change(record["data"])
        return records

    return run


def swap_marks(i: int, j: int) -> Callable[[dict[str, Any]], None]:
    """Swap two candidates' marks on a ballot: every agree of one goes to the other."""

    def change(data: dict[str, Any]) -> None:
        marks = list(data["marks"])
        marks[i], marks[j] = marks[j], marks[i]
        data["marks"] = "".join(marks)

    return change


def committee(record: dict[str, Any]) -> bool:
    return bool(record["contest"] == "委员")


def set_field(key: str, value: object) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data[key] = value

    return change


def forged_count(key: str, value: object) -> Edit:
    """A count entry's field forged, and the chain resealed after it (the recount not redone)."""

    def change(records: Records) -> Records:
        for record in records:
            if record["kind"] == "count":
                record["data"][key] = value
        return records

    return reseal(change)


def reseal(change: Callable[[Records], Records]) -> Edit:
    """Change entries, then recompute every hash and the head (but no count)."""
    return forge(change, recount=False)


def cut_tail(keep_from_end: int) -> Callable[[Records], Records]:
    def run(records: Records) -> Records:
        return records[:-keep_from_end]

    return run


def append(record: Callable[[Records], dict[str, Any]]) -> Callable[[Records], Records]:
    def run(records: Records) -> Records:
        return [*records, {**record(records), "seq": len(records) + 1}]

    return run


def correction_of_ballot_5(records: Records) -> dict[str, Any]:
    """甲's ballot 005 entered again with its first mark flipped, as a proper correction."""
    last = max(
        (r for r in records if r["kind"] == "ballot" and r["clerk"] == "甲" and r["ballot"] == "5"),
        key=lambda r: r["seq"],
    )
    data = dict(last["data"])
    data["marks"] = ("2" if data["marks"][0] == "1" else "1") + data["marks"][1:]
    data["corrects"] = last["seq"]
    return {**last, "data": data, "at": records[-1]["at"]}


def rewrite_time(records: Records) -> Records:
    records[6]["at"] = "2026-01-01T00:00:00.000+08:00"
    return records


def extra_field(records: Records) -> Records:
    for record in records:
        if record["kind"] == "ballot":
            record["data"]["note"] = "x"
            break
    return records


def negative_returned(records: Records) -> Records:
    count = next(i for i, r in enumerate(records) if r["kind"] == "count")
    returned = {**records[count], "kind": "returned", "data": {"returned": -1}}
    records.insert(count, returned)
    for seq, record in enumerate(records, start=1):
        record["seq"] = seq
    records[-1]["data"]["upto"] = len(records) - 1
    return records


HIDDEN_TRIGGER = (
    "INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) VALUES ('trigger',"
    " 'sqlite_autoindex_entries_9', 'entries', 0, 'CREATE TRIGGER sqlite_autoindex_entries_9"
    " BEFORE INSERT ON entries WHEN NEW.ballot = ''3'' BEGIN SELECT RAISE(IGNORE); END')"
)
CASES: dict[str, Case] = {
    # entries: one value altered, a row deleted, rows swapped or inserted
    "entry-payload": Case(
        "a ballot entry's payload edited (`via`)",
        sql(
            'UPDATE entries SET payload = replace(payload, \'"via":"import"\', \'"via":"enter"\') WHERE seq = 10;',
            unlock=True,
        ),
        True,
        True,
        "entries",
        10,
    ),
    "entry-mark": Case(
        "a mark changed in a ballot entry",
        sql(
            'UPDATE entries SET payload = replace(payload, \'"marks":"1\', \'"marks":"2\') WHERE seq = 20;',
            unlock=True,
        ),
        True,
        True,
        "entries",
        20,
    ),
    "entry-clerk-column": Case(
        "the `clerk` column of an entry changed",
        sql("UPDATE entries SET clerk = '乙' WHERE seq = 30;", unlock=True),
        True,
        True,
        "entries",
        30,
    ),
    "entry-time-column": Case(
        "the `at` column of an entry changed",
        sql("UPDATE entries SET at = '2026-01-01' WHERE seq = 5;", unlock=True),
        True,
        True,
        "entries",
        5,
    ),
    "entry-hash": Case(
        "an entry's hash changed",
        sql("UPDATE entries SET hash = upper(hash) WHERE seq = 40;", unlock=True),
        True,
        True,
        "entries",
        40,
    ),
    "entry-deleted": Case(
        "an entry deleted from the middle",
        sql("DELETE FROM entries WHERE seq = 50;", unlock=True),
        True,
        True,
        "entries",
        50,
    ),
    "entry-numbers-swapped": Case(
        "two entries' numbers swapped",
        sql(
            "UPDATE entries SET seq = -10 WHERE seq = 10; UPDATE entries SET seq = 10 WHERE seq = 11; UPDATE entries SET seq = 11 WHERE seq = -10;",
            unlock=True,
        ),
        True,
        True,
        "entries",
        10,
    ),
    "entry-contents-swapped": Case(
        "two entries' contents swapped", sql(SWAP_ENTRIES, unlock=True), True, True, "entries", 10
    ),
    "entry-inserted": Case(
        "a copy of an entry inserted after the end, without the head",
        sql(
            "INSERT INTO entries SELECT seq + 1000, kind, at, contest, clerk, ballot, payload, hash FROM entries WHERE seq = 6;",
            unlock=True,
        ),
        True,
        True,
        "entries",
    ),
    "header-entry": Case(
        "entry 1 (the book's header) edited",
        sql(
            "UPDATE entries SET payload = replace(payload, '\"schema\":1', '\"schema\":1.0') WHERE seq = 1;",
            unlock=True,
        ),
        True,
        True,
        "entries",
        1,
    ),
    "contest-entry": Case(
        "a contest entry edited (its seats)",
        sql(
            "UPDATE entries SET payload = replace(payload, '\"seats\":9', '\"seats\":8') WHERE seq = 2;",
            unlock=True,
        ),
        True,
        True,
        "entries",
        2,
    ),
    "count-entry": Case(
        "a count entry edited in place (its status)",
        sql(
            'UPDATE entries SET payload = replace(payload, \'"status":"complete"\', \'"status":"tie"\') WHERE kind = \'count\';',
            unlock=True,
        ),
        True,
        True,
        "entries",
    ),
    "last-entry-deleted": Case(
        "the last entry deleted, `meta` left alone",
        sql("DELETE FROM entries WHERE seq = (SELECT max(seq) FROM entries);", unlock=True),
        True,
        True,
        "meta",
    ),
    # contests
    "contest-title": Case(
        "a contest's title changed in `contests`",
        sql("UPDATE contests SET title = '委员会' WHERE id = '委员';", unlock=True),
        True,
        True,
        "contests",
    ),
    "contest-candidates": Case(
        "a contest's candidates changed in `contests`",
        sql("UPDATE contests SET candidates = '[]' WHERE seq = 3;", unlock=True),
        True,
        True,
        "contests",
    ),
    "contest-deleted": Case(
        "a row of `contests` deleted",
        sql("DELETE FROM contests WHERE id = '纪委委员';", unlock=True),
        True,
        True,
        "contests",
    ),
    "contests-swapped": Case(
        "two rows of `contests` swapped",
        sql(
            "CREATE TEMP TABLE t AS SELECT * FROM contests; UPDATE contests SET (title, candidates) = (SELECT title, candidates FROM t WHERE t.seq = 5 - contests.seq) WHERE seq IN (2, 3);",
            unlock=True,
        ),
        True,
        True,
        "contests",
    ),
    "contest-inserted": Case(
        "a row added to `contests`",
        sql("INSERT INTO contests VALUES ('常委', 99, '常委', '[]');"),
        True,
        True,
        "contests",
    ),
    # meta
    "meta-version": Case(
        "`meta` electkit version changed",
        sql("UPDATE meta SET value = '9.9.9' WHERE key = 'electkit';"),
        True,
        True,
        "meta",
    ),
    "meta-created": Case(
        "`meta` creation time changed",
        sql("UPDATE meta SET value = '2020-01-01' WHERE key = 'created';"),
        True,
        True,
        "meta",
    ),
    "meta-schema": Case(
        "`meta` schema changed",
        sql("UPDATE meta SET value = '2' WHERE key = 'schema';"),
        True,
        True,
        "meta",
    ),
    "meta-head": Case(
        "`meta` head hash changed",
        sql("UPDATE meta SET value = upper(value) WHERE key = 'head_hash';"),
        True,
        True,
        "meta",
    ),
    "meta-deleted": Case(
        "a `meta` key deleted", sql("DELETE FROM meta WHERE key = 'created';"), True, True, "meta"
    ),
    "meta-inserted": Case(
        "a `meta` key added", sql("INSERT INTO meta VALUES ('note', 'x');"), True, True, "meta"
    ),
    "meta-swapped": Case(
        "two `meta` values swapped",
        sql(
            "UPDATE meta SET value = CASE key WHEN 'created' THEN (SELECT value FROM meta WHERE key = 'electkit') ELSE (SELECT value FROM meta WHERE key = 'created') END WHERE key IN ('created', 'electkit');"
        ),
        True,
        True,
        "meta",
    ),
    # the schema and the file
    "trigger-dropped": Case("the append-only triggers dropped", sql(UNLOCK), True, True, "schema"),
    "contests-dropped": Case(
        "the `contests` table dropped",
        sql(UNLOCK + "DROP TABLE contests;"),
        True,
        True,
        "schema",
    ),
    "meta-dropped": Case("the `meta` table dropped", sql("DROP TABLE meta;"), True, True, "schema"),
    "index-added": Case(
        "an index added", sql("CREATE INDEX by_clerk ON entries (clerk);"), True, True, "schema"
    ),
    "view-added": Case(
        "a view added", sql("CREATE VIEW v AS SELECT * FROM entries;"), True, True, "schema"
    ),
    "trigger-added": Case(
        "a trigger added that drops some inserts (`RAISE(IGNORE)`)",
        sql(
            "CREATE TRIGGER drop_3 BEFORE INSERT ON entries WHEN NEW.ballot = '3' BEGIN SELECT RAISE(IGNORE); END;"
        ),
        True,
        True,
        "schema",
    ),
    "hidden-trigger": Case(
        "that trigger hidden under an SQLite-internal name (`sqlite_autoindex_…`, via `writable_schema`)",
        writable_schema(HIDDEN_TRIGGER),
        True,
        True,
        "schema",
    ),
    "trigger-rewritten": Case(
        "an append-only trigger's body rewritten to do nothing (via `writable_schema`)",
        writable_schema(
            "UPDATE sqlite_master SET sql = replace(sql, 'RAISE(ABORT, ''the counting book is append-only'')', 'NULL') WHERE name = 'entries_keep'"
        ),
        True,
        True,
        "schema",
    ),
    "table-redefined": Case(
        "the `entries` table's definition rewritten (via `writable_schema`)",
        writable_schema(
            "UPDATE sqlite_master SET sql = replace(sql, 'payload TEXT NOT NULL', 'payload TEXT') WHERE name = 'entries'"
        ),
        True,
        True,
        "schema",
    ),
    "index-page-zeroed": Case(
        "an index page zeroed (a failing disk, a hex editor)",
        zero_page("entries_by_ballot"),
        True,
        True,
        "file",
    ),
    "user-version": Case(
        "the header's schema version (`user_version`) changed",
        sql("PRAGMA user_version = 2;"),
        True,
        True,
        "file",
    ),
    "application-id": Case(
        "the header's application id changed", sql("PRAGMA application_id = 7;"), True, True, "file"
    ),
    # a forger who reseals the chain: what the entries themselves must still say
    "ballots-resealed": Case(
        "both clerks' ballot 005 changed alike, the chain and head resealed, the count left",
        reseal(each("ballot", swap_marks(0, 10), lambda r: r["ballot"] == "5" and committee(r))),
        True,
        True,
        "entries",
    ),
    "count-elected": Case(
        "a count's `elected` forged, the chain resealed",
        forged_count("elected", ["丁建平"]),
        True,
        True,
        "entries",
    ),
    "count-status": Case(
        "a count's `status` forged, the chain resealed",
        forged_count("status", "tie"),
        True,
        True,
        "entries",
    ),
    "count-single-entry": Case(
        "a count's `single_entry` forged, the chain resealed",
        forged_count("single_entry", True),
        True,
        True,
        "entries",
    ),
    "count-clerks": Case(
        "a count's `clerks` forged, the chain resealed",
        forged_count("clerks", ["甲", "丙"]),
        True,
        True,
        "entries",
    ),
    "count-ballots": Case(
        "a count's number of ballots forged, the chain resealed",
        forged_count("ballots", 146),
        True,
        True,
        "entries",
    ),
    "entry-extra-field": Case(
        "a field added to a ballot entry, the chain resealed",
        reseal(extra_field),
        True,
        True,
        "entries",
    ),
    "returned-negative": Case(
        "a negative returned number inserted, the chain resealed",
        reseal(negative_returned),
        True,
        True,
        "entries",
    ),
    # a consistent rewrite: only a head written down outside the book finds it
    "time-rewritten": Case(
        "an entry's time changed, every later hash and the head recomputed",
        reseal(rewrite_time),
        False,
        True,
    ),
    "tail-cut": Case(
        "the last entries (the count and ballots) cut off, the head in `meta` set back",
        reseal(cut_tail(5)),
        False,
        True,
    ),
    "another-elected": Case(
        "the whole book rewritten so that another candidate is elected: both clerks' ballots and the count recomputed",
        forge(each("ballot", swap_marks(8, 9), committee)),
        False,
        True,
    ),
    # after the recorded head: not a change of what was recorded, shown as following it
    "entry-appended": Case(
        "a proper-looking correction appended after the count, chain and head continued",
        reseal(append(correction_of_ballot_5)),
        False,
        False,
    ),
}

# harmless SQLite housekeeping: verify passes and says what it saw
HOUSEKEEPING: dict[str, tuple[str, Edit]] = {
    "analyze": ("`ANALYZE` (creates `sqlite_stat1`)", sql("ANALYZE;")),
    "vacuum": ("`VACUUM` (rewrites the file, pages renumbered)", sql("VACUUM;")),
    "journal-mode": (
        "the journal mode set to `DELETE` (no WAL)",
        sql("PRAGMA journal_mode = DELETE;"),
    ),
}
