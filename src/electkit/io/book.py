"""The counting book on disk: one SQLite file (WAL, ``synchronous=FULL``), entries appended only.

Three tables. ``entries`` is the chained log and the only authority; ``contests`` (an index of the
contest entries) and ``meta`` (schema, electkit version, creation time, head) repeat what the
entries say, and ``book verify`` checks that they do. The database header carries electkit's
application id and the schema version, so a file that is not a book, or a book from a newer
electkit, is refused before anything is read or written.

Every write is one ``BEGIN IMMEDIATE`` … ``COMMIT`` transaction: the head is read under the write
lock, so two tellers' processes append one after the other (each waits up to ``BUSY_SECONDS``).
A ballot is acknowledged only after its COMMIT returned, and with ``synchronous=FULL`` a
committed transaction survives a crash or a power cut.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from electkit import __version__
from electkit.core.book import GENESIS, SCHEMA, Draft, Entry, Ledger, seal
from electkit.core.contest import Contest, TallyRules, name_key
from electkit.core.errors import InputError, Problem
from electkit.core.findings import listing
from electkit.io.book_sqlite import BUSY_SECONDS as BUSY_SECONDS
from electkit.io.book_sqlite import DDL as DDL
from electkit.io.book_sqlite import (
    WriteStopped,
    connect,
    foreign_schema,
    read_only_storage,
    sqlite_problem,
    write_stopped,
)
from electkit.io.inputs import note_read, os_error_text

APPLICATION_ID = 0x456B4250  # "EkBP" in the database header: an electkit counting book
MAGIC = b"SQLite format 3\x00"
META_KEYS = ("schema", "electkit", "created", "head_seq", "head_hash")
_COLUMNS = "seq, kind, at, contest, clerk, ballot, payload, hash"


def now() -> str:
    """Local time with its offset, to the millisecond."""
    return dt.datetime.now().astimezone().isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class BookContest:
    """A contest as the book holds it: the file's text, the parsed contest, the rules in force."""

    id: str
    seq: int
    contest: Contest
    rules: TallyRules
    ruleset: dict[str, str] | None
    file: str
    sha256: str

    @property
    def title(self) -> str:
        """The heading: the contest's title, else its id."""
        return self.contest.title or self.contest.contest


def contest_draft(
    contest: Contest,
    rules: TallyRules,
    ruleset: tuple[str, str] | None,
    *,
    text: str,
    file: str,
    sha256: str,
) -> Draft:
    """The entry that puts a contest into a book (its file's text kept verbatim)."""
    data = {
        "file": file,
        "sha256": sha256,
        "yaml": text,
        "contest": contest.model_dump(mode="json"),
        "rules": rules.model_dump(mode="json"),
        "ruleset": {"name": ruleset[0], "sha256": ruleset[1]} if ruleset else None,
    }
    return Draft("contest", contest.contest, None, None, data)


def _book_contest(entry: Entry) -> BookContest:
    data = entry.data
    return BookContest(
        id=str(entry.contest),
        seq=entry.seq,
        contest=Contest.model_validate(data["contest"]),
        rules=TallyRules.model_validate(data["rules"]),
        ruleset=data.get("ruleset"),
        file=str(data.get("file", "")),
        sha256=str(data.get("sha256", "")),
    )


def _problem(message_id: str, path: Path, **params: Any) -> InputError:
    return InputError([Problem(message_id=message_id, file=str(path), params=params)])


def create_book(path: Path, drafts: list[Draft]) -> list[Entry]:
    """Create a book holding the contests of ``drafts``; never overwrites an existing file.

    The book is built under a temporary name beside ``path`` and linked into place, so ``path``
    is either a complete book or absent.
    """
    if path.exists() or path.is_symlink():
        raise _problem("book.exists", path)
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise _problem("book.no_directory", path)
    if read_only_storage(directory):
        raise _problem("book.error.read_only", path, detail=str(directory))
    tmp = directory / f".{path.name}.{os.getpid()}.tmp"
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    try:
        conn = connect(tmp)
        try:
            conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version={SCHEMA}")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("BEGIN IMMEDIATE")
            for statement in DDL:
                conn.execute(statement)
            at = now()
            genesis = Draft(
                "book", None, None, None, {"schema": SCHEMA, "electkit": __version__, "created": at}
            )
            entries = seal([genesis, *drafts], 1, GENESIS, at)
            _insert(conn, entries)
            meta = {"schema": str(SCHEMA), "electkit": __version__, "created": at}
            meta |= {"head_seq": str(entries[-1].seq), "head_hash": entries[-1].hash}
            conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", meta.items())
            confirm_stored(conn, entries, path)
            conn.execute("COMMIT")
        finally:
            conn.close()
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise _problem("book.exists", path) from None
        except OSError:  # a file system without hard links (FAT): rename, after a last look
            if path.exists():
                raise _problem("book.exists", path) from None
            os.replace(tmp, path)
        _sync_directory(directory)
    except sqlite3.Error as exc:  # a full disk, an I/O error: the book is not there at all
        raise InputError([sqlite_problem(exc, path)]) from None
    except OSError as exc:
        raise _problem("book.error.unwritable", path, detail=os_error_text(exc)) from None
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            leftover.unlink(missing_ok=True)
    return entries


def _sync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _insert(conn: sqlite3.Connection, entries: list[Entry]) -> None:
    conn.executemany(
        f"INSERT INTO entries ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(e.seq, e.kind, e.at, e.contest, e.clerk, e.ballot, e.payload(), e.hash) for e in entries],
    )
    contests = [
        (
            e.contest,
            e.seq,
            e.data["contest"].get("title") or e.contest,
            json.dumps(e.data["contest"]["candidates"], ensure_ascii=False),
        )
        for e in entries
        if e.kind == "contest"
    ]
    if contests:
        conn.executemany(
            "INSERT INTO contests (id, seq, title, candidates) VALUES (?, ?, ?, ?)", contests
        )


def confirm_stored(conn: sqlite3.Connection, entries: list[Entry], path: Path) -> None:
    """Read back, inside the write transaction, the rows just inserted: exactly these entries.

    An INSERT that SQLite reports done may not have stored the row (a trigger planted outside
    electkit can drop it with ``RAISE(IGNORE)`` or change it): nothing is acknowledged unless
    the very rows are there, and the head in ``meta`` says so.
    """
    if not entries:
        return
    rows = conn.execute(
        "SELECT seq, hash, payload FROM entries WHERE seq >= ? ORDER BY seq", (entries[0].seq,)
    ).fetchall()
    # the payload and its hash: the columns beside them are checked by book verify, and no
    # trigger can rewrite a row here without the schema check having refused the book first
    wanted = [(e.seq, e.hash, e.payload()) for e in entries]
    head = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('head_seq', 'head_hash')"))
    last = entries[-1]
    if [tuple(r) for r in rows] != wanted or head != {
        "head_seq": str(last.seq),
        "head_hash": last.hash,
    }:
        raise BookDamaged(
            [
                Problem(
                    message_id="book.write.not_stored",
                    file=str(path),
                    params={"entry": str(entries[0].seq)},
                )
            ]
        )


class BookDamaged(InputError):
    """An entry that electkit cannot use: the book was changed outside electkit (exit 2)."""


def _failure(exc: sqlite3.Error, path: Path) -> InputError:
    """SQLite's error on opening: BookDamaged for a malformed file, else what it is."""
    problem = sqlite_problem(exc, path)
    if problem.message_id == "book.damaged":
        return BookDamaged([problem])
    return InputError([problem])


def _damaged(message_id: str, path: Path, **params: Any) -> BookDamaged:
    return BookDamaged(
        [Problem(message_id=message_id, file=str(path), params={"book": str(path), **params})]
    )


def damaged(path: Path, seq: object) -> BookDamaged:
    """The refusal for a book whose entry ``seq`` cannot be used; ``book verify`` says more."""
    return BookDamaged(
        [Problem(message_id="book.damaged.entry", file=str(path), params={"entry": str(seq)})]
    )


def _row_entry(row: tuple[Any, ...], path: Path) -> Entry:
    try:
        return Entry.from_payload(row[6], row[7])
    except (ValueError, TypeError):
        raise damaged(path, row[0]) from None


def take(ledger: Ledger, entry: Entry, path: Path) -> None:
    """Apply one entry to a ledger being read for use; a damaged entry is refused, not used."""
    try:
        problem = ledger.apply(entry)
    except (KeyError, ValueError, TypeError):
        problem = "book.verify.payload"
    if problem is not None:
        raise damaged(path, entry.seq)


@contextmanager
def stored_so_far(path: Path, message_id: str, **params: Any) -> Iterator[None]:
    """A write the system stopped (or a read-back that failed) says what is in the book.

    The transaction that failed was rolled back whole; ``message_id`` with ``params`` states what
    was committed before it (``book.stored.nothing`` when nothing was).
    """
    try:
        yield
    except (WriteStopped, BookDamaged) as exc:
        stored = Problem(message_id=message_id, file=str(path), params=params)
        raise type(exc)([*exc.problems, stored]) from None


class Writer:
    """One write transaction: the entries others committed since we last looked, and ours."""

    def __init__(self, book: Book, seq: int, head: str, new: list[Entry]) -> None:
        self.book = book
        self.seq = seq
        self.head = head
        self.new = new
        self.stored: list[Entry] = []

    def add(self, drafts: list[Draft]) -> list[Entry]:
        """Number, chain and insert drafts (committed when the ``with`` block ends)."""
        if not drafts:
            return []
        entries = seal(drafts, self.seq + 1, self.head, now())
        _insert(self.book.conn, entries)
        self.seq, self.head = entries[-1].seq, entries[-1].hash
        self.stored += entries
        return entries


class Book:
    """An open counting book."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, read_only: bool = False) -> None:
        self.path = path
        self.conn = conn
        self.read_only = read_only
        self.header_problem: str | None = None  # the header disagrees with entry 1 (verify says)
        self.seen = 0
        self._schema_cookie: int | None = None  # the schema cookie when last found electkit's
        self._contests: list[BookContest] | None = None

    @classmethod
    def open(cls, path: Path, *, writing: bool = True, verifying: bool = False) -> Book:
        """Open an existing book; InputError (nothing written) when it is not one we can read.

        ``writing=False`` for the commands that only read: a book on read-only storage is then
        opened read-only. ``verifying`` lets a header that disagrees with entry 1 through, for
        ``book verify`` to report as a change made outside electkit.
        """
        if not path.exists():
            raise _problem("file.not_found", path)
        if path.is_dir():
            raise _problem("file.is_directory", path)
        try:
            with path.open("rb") as handle:
                header = handle.read(100)
            note_read(path)
        except OSError as exc:
            raise _problem("file.unreadable", path, detail=os_error_text(exc)) from None
        if not header.startswith(MAGIC) or len(header) < 100:
            raise _problem("book.not_book", path)
        read_only = read_only_storage(path)
        if read_only and writing:
            raise _problem("book.error.read_only", path, detail=str(path))
        try:
            conn = connect(path, read_only=read_only)
        except sqlite3.Error as exc:
            raise _failure(exc, path) from None
        try:
            book = cls(path, conn, read_only=read_only)
            book.header_problem = _check_header(conn, path)
            if not verifying:
                if book.header_problem is not None:
                    raise _damaged("book.damaged.header", path)
                book.check_schema()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise _failure(exc, path) from None
        except BaseException:
            conn.close()
            raise
        return book

    def check_schema(self) -> None:
        """BookDamaged when the schema is not electkit's (an object added, dropped or changed).

        Checked again only when SQLite's schema cookie moved: this connection uses the schema
        it read until the cookie changes, so an object slipped in without moving it (through
        ``writable_schema``) is never loaded here, and one that moves it is checked.
        """
        (cookie,) = self.conn.execute("PRAGMA schema_version").fetchone()
        if cookie == self._schema_cookie:
            return
        changed, foreign = foreign_schema(self.conn)
        if changed or foreign:
            raise _damaged("book.damaged.schema", self.path, name=(changed or foreign)[0][1])
        self._schema_cookie = cookie

    def close(self) -> None:
        """Close the connection (the last one out folds the WAL into the book file)."""
        self.conn.close()

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def meta(self) -> dict[str, str]:
        """The meta table as it stands."""
        return dict(self.conn.execute("SELECT key, value FROM meta").fetchall())

    def head(self) -> tuple[int, str]:
        """The last entry's number and hash."""
        row = self.conn.execute(
            "SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        return (0, GENESIS) if row is None else (int(row[0]), str(row[1]))

    def entries(self, since: int = 0, contest: str | None = None) -> Iterator[Entry]:
        """Entries after number ``since`` in order, all of them or one contest's."""
        if contest is None:
            rows = self.conn.execute(
                f"SELECT {_COLUMNS} FROM entries WHERE seq > ? ORDER BY seq", (since,)
            )
        else:
            rows = self.conn.execute(
                f"SELECT {_COLUMNS} FROM entries WHERE seq > ? AND contest = ? ORDER BY seq",
                (since, contest),
            )
        for row in rows:
            yield _row_entry(row, self.path)

    def new_entries(self) -> list[Entry]:
        """Entries committed (by anyone) since this connection last looked."""
        found = list(self.entries(self.seen))
        if found:
            self.seen = found[-1].seq
        return found

    def contests(self) -> list[BookContest]:
        """The contests in the book, in the order they were put in."""
        if self._contests is None:
            rows = self.conn.execute(
                f"SELECT {_COLUMNS} FROM entries WHERE kind = 'contest' ORDER BY seq"
            ).fetchall()
            self._contests = []
            for row in rows:
                try:
                    self._contests.append(_book_contest(_row_entry(row, self.path)))
                except (ValueError, KeyError, TypeError):  # pydantic's errors are ValueErrors
                    raise damaged(self.path, row[0]) from None
        return self._contests

    def contest(self, wanted: str | None) -> BookContest:
        """The contest with this id (the only one when None); InputError naming the ids known."""
        contests = self.contests()
        known = listing(c.id for c in contests)
        if wanted is None:
            if len(contests) == 1:
                return contests[0]
            raise _problem("book.contest.which", self.path, known=known)
        for contest in contests:
            if name_key(contest.id) == name_key(wanted):
                return contest
        raise InputError(
            [
                Problem(
                    message_id="book.contest.unknown",
                    file=str(self.path),
                    value=wanted,
                    params={"known": known},
                )
            ]
        )

    def ledger(self, contest: str) -> Ledger:
        """One contest's ballots as each clerk entered them, read from the entries."""
        found = self.contest(contest)
        ledger = Ledger(found.id, found.contest.candidates)
        self.conn.execute("BEGIN")  # one snapshot: the head and the entries agree
        try:
            seq, _ = self.head()
            for entry in self.entries(0, found.id):
                take(ledger, entry, self.path)
        finally:
            self.conn.execute("COMMIT")
        self.seen = max(self.seen, seq)
        return ledger

    @contextmanager
    def writing(self) -> Iterator[Writer]:
        """A write transaction under the write lock; committed when the block ends without error.

        Under the lock the schema is checked first (an object electkit did not make, such as a
        trigger, could change what is stored), and before COMMIT the rows written are read back.
        SQLite's operational errors (a lock held too long, a full disk, an I/O error) become
        WriteStopped: the transaction is rolled back whole, earlier ones stay.
        """
        if self.read_only:
            raise _problem("book.error.read_only", self.path, detail=str(self.path))
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise write_stopped(exc, self.path) from None
        try:
            self.check_schema()
            seq, head = self.head()
            writer = Writer(self, seq, head, list(self.entries(self.seen)))
            yield writer
            if writer.stored:
                self.conn.executemany(
                    "UPDATE meta SET value = ? WHERE key = ?",
                    [(str(writer.seq), "head_seq"), (writer.head, "head_hash")],
                )
                confirm_stored(self.conn, writer.stored, self.path)
            self.conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            self._rollback()
            raise write_stopped(exc, self.path) from None
        except BaseException:
            self._rollback()
            raise
        self.seen = writer.seq

    def _rollback(self) -> None:
        try:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # SQLite rolled it back itself (a full disk, an I/O error)


def _check_header(conn: sqlite3.Connection, path: Path) -> str | None:
    """None when the header is electkit's current one; raises for another file or version.

    A header that disagrees with the book's own entry 1 (the application id or schema version
    changed while entry 1 says this electkit made it) is a change made outside electkit: its
    description is returned for ``book verify``. A header that agrees with entry 1 on another
    schema version is a book of another electkit, refused without reading further.
    """
    (application,) = conn.execute("PRAGMA application_id").fetchone()
    (schema,) = conn.execute("PRAGMA user_version").fetchone()
    if application == APPLICATION_ID and schema == SCHEMA:
        return None
    first = _first_entry(conn)
    if first is not None and first.data.get("schema") == SCHEMA:  # entry 1: made by this schema
        if application != APPLICATION_ID:
            return f"application_id={application}"
        return f"user_version={schema}"
    if application != APPLICATION_ID:
        raise _problem("book.not_book", path)
    version = _meta_value(conn, "electkit")
    raise _problem(
        "book.schema.newer" if schema > SCHEMA else "book.schema.older",
        path,
        found=schema,
        expected=SCHEMA,
        version=version or "?",
        current=__version__,
    )


def _first_entry(conn: sqlite3.Connection) -> Entry | None:
    """Entry 1 when it reads as a book's header entry, else None."""
    try:
        row = conn.execute("SELECT payload FROM entries WHERE seq = 1").fetchone()
        entry = Entry.from_payload(str(row[0])) if row else None
    except (sqlite3.DatabaseError, ValueError, TypeError):
        return None
    return entry if entry is not None and entry.kind == "book" else None


def _meta_value(conn: sqlite3.Connection, key: str) -> str | None:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    except sqlite3.DatabaseError:
        return None
    return None if row is None else str(row[0])
