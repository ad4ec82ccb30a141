"""The counting book's SQLite side: how a book file is connected, its schema, SQLite's errors.

- A book on writable storage is opened read-write; one on read-only storage (an archive USB
  stick, a CD, a folder without write permission) read-only, with ``mode=ro``, or with
  ``immutable=1`` when SQLite cannot even create its ``-shm`` file beside it, so that every
  reading command works on an archived book.
- The schema a book must have is every row of ``sqlite_master`` that electkit creates, SQLite's
  internal names included (a trigger hidden under an ``sqlite_`` name is found like any other).
  ``ANALYZE``'s statistics tables are the one harmless addition: they change how SQLite plans a
  query, never what it returns.
- SQLite's operational errors (a lock held too long, a full disk, an I/O error, read-only
  storage) are said as what they are, with what to do; only a damaged file is called damaged.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from electkit.core.errors import InputError, Problem

BUSY_SECONDS = 30.0
DDL = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE contests (id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE,"
    " title TEXT NOT NULL, candidates TEXT NOT NULL)",
    "CREATE TABLE entries (seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, at TEXT NOT NULL,"
    " contest TEXT, clerk TEXT, ballot TEXT, payload TEXT NOT NULL, hash TEXT NOT NULL)",
    "CREATE INDEX entries_by_ballot ON entries (contest, clerk, ballot)",
    # a guard against accidents (a database browser, a stray UPDATE): not against a determined
    # hand, which book verify catches instead
    "CREATE TRIGGER entries_append_only BEFORE UPDATE ON entries"
    " BEGIN SELECT RAISE(ABORT, 'the counting book is append-only'); END",
    "CREATE TRIGGER entries_keep BEFORE DELETE ON entries"
    " BEGIN SELECT RAISE(ABORT, 'the counting book is append-only'); END",
    "CREATE TRIGGER contests_append_only BEFORE UPDATE ON contests"
    " BEGIN SELECT RAISE(ABORT, 'the counting book is append-only'); END",
    "CREATE TRIGGER contests_keep BEFORE DELETE ON contests"
    " BEGIN SELECT RAISE(ABORT, 'the counting book is append-only'); END",
)
# what ANALYZE creates (sqlite_stat4 only in builds with SQLITE_ENABLE_STAT4): query-planner
# statistics, harmless housekeeping
HOUSEKEEPING = frozenset(
    {
        ("table", "sqlite_stat1", "sqlite_stat1", "CREATE TABLE sqlite_stat1(tbl,idx,stat)"),
        (
            "table",
            "sqlite_stat4",
            "sqlite_stat4",
            "CREATE TABLE sqlite_stat4(tbl,idx,neq,nlt,ndlt,sample)",
        ),
    }
)
SchemaRow = tuple[str, str, str, str | None]


@cache
def expected_schema() -> frozenset[SchemaRow]:
    """(type, name, table, sql) of every row of ``sqlite_master`` in a fresh book."""
    conn = sqlite3.connect(":memory:")
    try:
        for statement in DDL:
            conn.execute(statement)
        return frozenset(schema_rows(conn))
    finally:
        conn.close()


def schema_rows(conn: sqlite3.Connection) -> set[SchemaRow]:
    """Every row of ``sqlite_master``, internal names included (the page numbers left out)."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return {(str(k), str(n), str(t), None if s is None else str(s)) for k, n, t, s in rows}


def foreign_schema(conn: sqlite3.Connection) -> tuple[list[SchemaRow], list[SchemaRow]]:
    """(electkit's objects missing or changed, objects electkit did not make), housekeeping aside."""
    found, wanted = schema_rows(conn), expected_schema()
    return sorted(wanted - found, key=_order), sorted(found - wanted - HOUSEKEEPING, key=_order)


def _order(row: SchemaRow) -> tuple[bool, str, str, str]:
    """Tables first (what a person recognises), then the rest by kind and name."""
    return (row[0] != "table", row[0], row[1], row[3] or "")


def housekeeping(conn: sqlite3.Connection) -> list[str]:
    """The harmless SQLite housekeeping tables present (ANALYZE's statistics)."""
    return sorted(row[1] for row in schema_rows(conn) & HOUSEKEEPING)


# -- connecting -------------------------------------------------------------------------------


def read_only_storage(path: Path) -> bool:
    """Whether the book cannot be written here: a read-only file system, file or folder."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        if os.statvfs(path).f_flag & os.ST_RDONLY:
            return True
    except (OSError, AttributeError):  # no statvfs (Windows): the permissions decide
        pass
    return not (os.access(path, os.W_OK) and os.access(directory, os.W_OK))


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection with the busy timeout; ``synchronous=FULL`` when it may write.

    Read-only: ``mode=ro`` when SQLite can keep its shared-memory file beside the book (the
    ``-shm`` exists or the folder is writable), else ``immutable=1`` (nothing can change the
    file on read-only storage). A ``-wal`` holding entries that could only be read through a
    ``-shm`` cannot be read immutably: that is refused, with what to do.
    """
    if not read_only:
        conn = sqlite3.connect(str(path), timeout=BUSY_SECONDS, isolation_level=None)
        conn.execute("PRAGMA synchronous=FULL")
        return conn
    directory = path.parent if str(path.parent) else Path(".")
    shm, wal = Path(f"{path}-shm"), Path(f"{path}-wal")
    can_share = shm.exists() or (os.access(directory, os.W_OK) and not _read_only_fs(directory))
    if can_share:
        mode = "mode=ro"
    else:
        if wal.exists() and wal.stat().st_size > 0:
            raise InputError(
                [Problem(message_id="book.readonly.wal", file=str(path), params={"wal": str(wal)})]
            )
        mode = "immutable=1"
    uri = f"file:{quote(str(path.resolve()))}?{mode}"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_SECONDS, isolation_level=None)


def _read_only_fs(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


# -- SQLite's errors, said as what they are ------------------------------------------------------

_BUSY = {"SQLITE_BUSY", "SQLITE_LOCKED"}
_DAMAGED = {"SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_FORMAT"}


def error_kind(exc: sqlite3.Error) -> str:
    """busy, full, io, read_only, cannot_open, damaged or other, from SQLite's error code."""
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    text = str(exc).lower()
    base = name.split("_")[:2]
    short = "_".join(base)
    if short in _BUSY or "database is locked" in text:
        return "busy"
    if short == "SQLITE_FULL" or "disk is full" in text:
        return "full"
    if short == "SQLITE_IOERR" or "disk i/o error" in text:
        return "io"
    if short == "SQLITE_READONLY" or "readonly database" in text:
        return "read_only"
    if short in ("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH") or "unable to open" in text:
        return "cannot_open"
    if short in _DAMAGED or "malformed" in text or "not a database" in text:
        return "damaged"
    return "other"


MESSAGES = {
    "busy": "book.error.busy",
    "full": "book.error.full",
    "io": "book.error.io",
    "read_only": "book.error.read_only",
    "cannot_open": "book.error.cannot_open",
    "damaged": "book.damaged",
    "other": "book.error.other",
}


def sqlite_problem(exc: sqlite3.Error, path: Path | str | None, **params: Any) -> Problem:
    """One problem saying what SQLite's error means for the book, and what to do."""
    kind = error_kind(exc)
    detail = str(exc)
    return Problem(
        message_id=MESSAGES[kind],
        file=None if path is None else str(path),
        params={"detail": detail, "seconds": int(BUSY_SECONDS), **params},
    )


class WriteStopped(InputError):
    """A write the system cut short (a lock, a full disk, an I/O error, read-only storage).

    Nothing of the transaction that failed is in the book (SQLite rolls it back whole); what
    was committed before it stays. The command that caught it says exactly which.
    """


def write_stopped(exc: sqlite3.Error, path: Path) -> WriteStopped:
    """The error for a write SQLite refused or could not finish."""
    return WriteStopped([sqlite_problem(exc, path)])


@contextmanager
def sqlite_errors(path: Path | str | None) -> Iterator[None]:
    """SQLite's errors escaping a block, as electkit's InputError saying what they mean."""
    try:
        yield
    except sqlite3.Error as exc:
        raise InputError([sqlite_problem(exc, path)]) from None
