"""Operational errors are not tampering: each is said as what it is, with what was stored.

The real full disk and the real read-only mount are in test_reliability.py; here SQLite's error
codes, a lock held by another connection, and a trigger that drops rows (with the schema check
switched off, to reach the read-back behind it).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from electkit.io import book_sqlite
from electkit.io.book_sqlite import error_kind
from tests.book_helpers import TALLY, book, open_book, rows, runner

COMMITTEE = TALLY / "committee.csv"


@pytest.mark.parametrize(
    ("name", "text", "kind"),
    [
        ("SQLITE_BUSY", "database is locked", "busy"),
        ("SQLITE_FULL", "database or disk is full", "full"),
        ("SQLITE_IOERR_WRITE", "disk I/O error", "io"),
        ("SQLITE_READONLY", "attempt to write a readonly database", "read_only"),
        ("SQLITE_CANTOPEN", "unable to open database file", "cannot_open"),
        ("SQLITE_CORRUPT", "database disk image is malformed", "damaged"),
        ("SQLITE_NOTADB", "file is not a database", "damaged"),
        ("SQLITE_ERROR", "no such column: x", "other"),
    ],
)
def test_sqlites_errors_are_said_as_what_they_are(name: str, text: str, kind: str) -> None:
    exc = sqlite3.OperationalError(text)
    exc.sqlite_errorname = name  # type: ignore[attr-defined]
    assert error_kind(exc) == kind
    assert error_kind(sqlite3.OperationalError(text)) == kind  # from the text alone too


def test_a_lock_held_too_long_is_not_damage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = runner()
    path = open_book(run, tmp_path / "b.book")
    monkeypatch.setattr(book_sqlite, "BUSY_SECONDS", 0.2)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # a database browser with a write open
    try:
        code, _, err = book(
            run, "import", str(path), str(COMMITTEE), "-c", "委员", "--clerk", "甲", "--lang", "en"
        )
        assert code == 2 and "in use by another program" in err and "damaged" not in err
        assert "nothing was written by this command" in err
        code, _, err = book(run, "returned", str(path), "145", "-c", "委员", "--lang", "zh")
        assert code == 2 and "正被另一个程序占用" in err and "没有写入任何内容" in err
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert book(run, "verify", str(path))[0] == 0


def test_a_lock_mid_import_says_which_rows_are_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from electkit.io import book as book_module

    run = runner()
    path = open_book(run, tmp_path / "b.book")
    real = book_module.Book.writing
    calls = {"n": 0}

    def third_batch_fails(self: book_module.Book):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            exc = sqlite3.OperationalError("database or disk is full")
            raise book_sqlite.write_stopped(exc, self.path)
        return real(self)

    monkeypatch.setattr(book_module.Book, "writing", third_batch_fails)
    args = ["import", str(path), str(COMMITTEE), "-c", "委员", "--clerk", "甲", "--batch", "50"]
    code, _, err = book(run, *args, "--lang", "en")
    assert code == 2 and "the disk holding the book is full" in err
    assert "rows 1–100 of 145 (through ballot 100) are in the book" in err
    assert rows(path, "SELECT count(*) FROM entries WHERE kind = 'ballot'") == [(100,)]
    monkeypatch.setattr(book_module.Book, "writing", real)
    code, out, _ = book(run, *args, "--lang", "en")  # run again: it goes on from there
    assert code == 0 and "45 new" in out and "100 already in the book" in out


def test_rows_a_trigger_drops_are_never_acknowledged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from electkit.io import book as book_module

    run = runner()
    path = open_book(run, tmp_path / "b.book")
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE TRIGGER drop_3 BEFORE INSERT ON entries WHEN NEW.ballot = '3'"
        " BEGIN SELECT RAISE(IGNORE); END"
    )
    conn.commit()
    conn.close()
    # the schema check refuses the book at once ...
    args = ["import", str(path), str(COMMITTEE), "-c", "委员", "--clerk", "甲", "--lang", "en"]
    code, _, err = book(run, *args)
    assert code == 2 and "structure was changed outside electkit (drop_3)" in err
    # ... and behind it, the rows read back before COMMIT would not be the rows written
    monkeypatch.setattr(book_module.Book, "check_schema", lambda self: None)
    code, _, err = book(run, *args)
    assert code == 2 and "are not the ones written" in err
    assert "nothing was written by this command" in err
    assert rows(path, "SELECT count(*) FROM entries WHERE kind = 'ballot'") == [(0,)]


def test_verify_of_a_file_sqlite_cannot_read_says_what_to_do(tmp_path: Path) -> None:
    run = runner()
    path = open_book(run, tmp_path / "b.book")
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the schema page garbled, the header intact
    path.write_bytes(bytes(data))
    code, out, _ = book(run, "verify", str(path), "--lang", "zh")
    assert code == 1 and "请运行 book verify" not in out
    assert "文件" in out and "备份" in out
    code, _, err = book(run, "status", str(path), "--lang", "en")
    assert code == 2 and "damaged" in err and "copy" in err


def test_a_trigger_planted_while_a_teller_is_entering_is_refused_at_the_next_write(
    tmp_path: Path,
) -> None:
    from electkit.core.book import Draft
    from electkit.io.book import Book, BookDamaged

    run = runner()
    path = open_book(run, tmp_path / "b.book")
    with Book.open(path) as opened:
        found = opened.contest("委员")
        with opened.writing() as writer:  # a first write: the schema found electkit's
            writer.add([Draft("returned", found.id, None, None, {"returned": 145})])
        other = sqlite3.connect(path)
        other.execute(
            "CREATE TRIGGER drop_all BEFORE INSERT ON entries BEGIN SELECT RAISE(IGNORE); END"
        )
        other.commit()
        other.close()
        with pytest.raises(BookDamaged, match=r"book\.damaged\.schema"), opened.writing() as writer:
            writer.add([Draft("returned", found.id, None, None, {"returned": 146})])
    assert rows(path, "SELECT count(*) FROM entries WHERE kind = 'returned'") == [(1,)]
