"""Tamper evidence: any change made outside electkit, in any table, makes ``book verify`` exit 1.

Each case copies a finished book (three contests, two clerks, a correction, an official count)
and changes it with the sqlite3 shell, as someone with the file and a terminal could: first
dropping the append-only triggers where they are in the way.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from electkit.cli.main import app
from electkit.core.book import chain_hash
from tests.book_helpers import TALLY, book, open_book, rows, runner, with_mark_changed

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


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A book as it stands after the count: 3 contests, 甲 and 乙, one correction, one count."""
    run = runner()
    folder = tmp_path_factory.mktemp("finished")
    path = open_book(run, folder / "会议.book")
    committee = TALLY / "committee.csv"
    planted = with_mark_changed(committee, folder / "乙.csv", "017", 1, "×")
    book(run, "import", str(path), str(committee), "-c", "委员", "--clerk", "甲")
    book(run, "import", str(path), str(planted), "-c", "委员", "--clerk", "乙")
    book(run, "import", str(path), str(committee), "-c", "委员", "--clerk", "乙")  # the fix
    assert book(run, "count", str(path), "-c", "委员")[0] == 0
    assert book(run, "verify", str(path))[0] == 0
    return path


def shell(path: Path, sql: str) -> None:
    """Run SQL with the sqlite3 shell when installed (else Python's sqlite3, the same library)."""
    if shutil.which("sqlite3"):
        done = subprocess.run(["sqlite3", str(path)], input=sql, capture_output=True, text=True)
        assert done.returncode == 0 and not done.stderr, done.stderr
    else:
        conn = sqlite3.connect(path)
        conn.executescript(sql)
        conn.close()


def verify(path: Path, *extra: str) -> tuple[int, dict[str, object]]:
    code, out, err = book(runner(), "verify", str(path), "-f", "json", "--lang", "en", *extra)
    return code, json.loads(out) if out else {"error": err}


def tampered(finished: Path, tmp_path: Path, sql: str) -> Path:
    copy = tmp_path / "copy.book"
    shutil.copy(finished, copy)
    shell(copy, sql)
    return copy


def last_seq(path: Path) -> int:
    return int(rows(path, "SELECT max(seq) FROM entries")[0][0])  # type: ignore[call-overload]


CASES = {
    # entries: one value altered, a row deleted, rows swapped or inserted
    "entry payload": (
        UNLOCK + 'UPDATE entries SET payload = replace(payload, \'"via":"import"\','
        ' \'"via":"enter"\') WHERE seq = 10;',
        "entries",
        10,
    ),
    "entry mark": (
        UNLOCK + 'UPDATE entries SET payload = replace(payload, \'"marks":"1\','
        ' \'"marks":"2\') WHERE seq = 20;',
        "entries",
        20,
    ),
    "entry clerk column": (
        UNLOCK + "UPDATE entries SET clerk = '乙' WHERE seq = 30;",
        "entries",
        30,
    ),
    "entry time column": (
        UNLOCK + "UPDATE entries SET at = '2026-01-01' WHERE seq = 5;",
        "entries",
        5,
    ),
    "entry hash": (UNLOCK + "UPDATE entries SET hash = upper(hash) WHERE seq = 40;", "entries", 40),
    "entry deleted": (UNLOCK + "DELETE FROM entries WHERE seq = 50;", "entries", 50),
    "entry numbers swapped": (
        UNLOCK + "UPDATE entries SET seq = -10 WHERE seq = 10; UPDATE entries SET seq = 10"
        " WHERE seq = 11; UPDATE entries SET seq = 11 WHERE seq = -10;",
        "entries",
        10,
    ),
    "entry contents swapped": (UNLOCK + SWAP_ENTRIES, "entries", 10),
    "entry inserted": (
        UNLOCK + "INSERT INTO entries SELECT seq + 1000, kind, at, contest, clerk, ballot,"
        " payload, hash FROM entries WHERE seq = 6;",
        "entries",
        None,
    ),
    "header entry": (
        UNLOCK + "UPDATE entries SET payload = replace(payload, '\"schema\":1',"
        " '\"schema\":1.0') WHERE seq = 1;",
        "entries",
        1,
    ),
    "contest entry": (
        UNLOCK + "UPDATE entries SET payload = replace(payload, '\"seats\":9',"
        " '\"seats\":8') WHERE seq = 2;",
        "entries",
        2,
    ),
    "count entry": (
        UNLOCK + 'UPDATE entries SET payload = replace(payload, \'"status":"complete"\','
        " '\"status\":\"tie\"') WHERE kind = 'count';",
        "entries",
        None,
    ),
    # contests
    "contest title": (
        UNLOCK + "UPDATE contests SET title = '委员会' WHERE id = '委员';",
        "contests",
        None,
    ),
    "contest candidates": (
        UNLOCK + "UPDATE contests SET candidates = '[]' WHERE seq = 3;",
        "contests",
        None,
    ),
    "contest deleted": (UNLOCK + "DELETE FROM contests WHERE id = '纪委委员';", "contests", None),
    "contests swapped": (
        UNLOCK + "CREATE TEMP TABLE t AS SELECT * FROM contests;"
        " UPDATE contests SET (title, candidates) = (SELECT title, candidates FROM t"
        " WHERE t.seq = 5 - contests.seq) WHERE seq IN (2, 3);",
        "contests",
        None,
    ),
    "contest inserted": (
        "INSERT INTO contests VALUES ('常委', 99, '常委', '[]');",
        "contests",
        None,
    ),
    # meta
    "meta version": ("UPDATE meta SET value = '9.9.9' WHERE key = 'electkit';", "meta", None),
    "meta created": ("UPDATE meta SET value = '2020-01-01' WHERE key = 'created';", "meta", None),
    "meta schema": ("UPDATE meta SET value = '2' WHERE key = 'schema';", "meta", None),
    "meta head": ("UPDATE meta SET value = upper(value) WHERE key = 'head_hash';", "meta", None),
    "meta deleted": ("DELETE FROM meta WHERE key = 'created';", "meta", None),
    "meta inserted": ("INSERT INTO meta VALUES ('note', 'x');", "meta", None),
    "meta swapped": (
        "UPDATE meta SET value = CASE key WHEN 'created' THEN (SELECT value FROM meta WHERE"
        " key = 'electkit') ELSE (SELECT value FROM meta WHERE key = 'created') END"
        " WHERE key IN ('created', 'electkit');",
        "meta",
        None,
    ),
    # the schema itself
    "trigger dropped": (UNLOCK, "schema", None),
    "contests dropped": (UNLOCK + "DROP TABLE contests;", "schema", None),
    "meta dropped": ("DROP TABLE meta;", "schema", None),
    "index added": ("CREATE INDEX by_clerk ON entries (clerk);", "schema", None),
}


@pytest.mark.parametrize("case", list(CASES))
def test_any_change_outside_electkit_is_found(finished: Path, tmp_path: Path, case: str) -> None:
    sql, table, entry = CASES[case]
    relock = "" if "dropped" in case or not sql.startswith(UNLOCK) else RELOCK
    copy = tampered(finished, tmp_path, sql + relock)
    code, data = verify(copy)
    assert code == 1, data
    first = data["first_break"]
    assert isinstance(first, dict)
    assert first["table"] == table, data
    if entry is not None:
        assert first["entry"] == entry, data
    assert data["intact"] is False


def test_the_last_entry_deleted_is_found_through_the_recorded_head(
    finished: Path, tmp_path: Path
) -> None:
    last = last_seq(finished)
    copy = tampered(
        finished, tmp_path, UNLOCK + f"DELETE FROM entries WHERE seq = {last};" + RELOCK
    )
    code, data = verify(copy)
    assert code == 1
    assert data["first_break"] == {
        "table": "meta",
        "entry": last,
        "message": f"meta table · entry {last}: the last entry recorded is {last} but the entries"
        f" end at {last - 1}: entries were removed at the end, or added outside electkit",
    }


def rewrite_chain(path: Path, sql: str) -> None:
    """A forger who knows the algorithm: change something, then recompute every hash after it."""
    conn = sqlite3.connect(path)
    conn.executescript(UNLOCK + sql)
    previous = "0" * 64
    for seq, payload in conn.execute("SELECT seq, payload FROM entries ORDER BY seq").fetchall():
        previous = chain_hash(previous, payload)
        conn.execute("UPDATE entries SET hash = ? WHERE seq = ?", (previous, seq))
    conn.execute("UPDATE meta SET value = ? WHERE key = 'head_hash'", (previous,))
    conn.executescript(RELOCK)
    conn.commit()
    conn.close()


def test_a_rewritten_chain_still_fails_the_recorded_count(finished: Path, tmp_path: Path) -> None:
    copy = tmp_path / "forged.book"
    shutil.copy(finished, copy)
    # 甲 and 乙 both "agreed" that ballot 005 opposed 丁建平: the chain is made whole again
    rewrite_chain(
        copy,
        'UPDATE entries SET payload = replace(payload, \'"marks":"1\', \'"marks":"2\')'
        " WHERE ballot = '5' AND kind = 'ballot';",
    )
    code, data = verify(copy)
    assert code == 1
    first = data["first_break"]
    assert isinstance(first, dict) and first["table"] == "entries"
    assert "recorded official count differs from a recount" in str(first["message"])


def test_a_head_written_down_at_the_count_catches_a_full_rewrite(
    finished: Path, tmp_path: Path
) -> None:
    _, data = verify(finished)
    head = str(data["head"])
    copy = tmp_path / "forged.book"
    shutil.copy(finished, copy)
    # a forger who knows the algorithm changes what no count depends on (a time) and recomputes
    # every hash after it: the chain alone cannot tell (there is no secret in it) ...
    when = "2026-01-01T00:00:00.000+08:00"
    rewrite_chain(
        copy,
        f"UPDATE entries SET at = '{when}',"
        f' payload = replace(payload, \'"at":"\' || at || \'"\', \'"at":"{when}"\')'
        " WHERE seq = 7;",
    )
    assert rows(copy, "SELECT at FROM entries WHERE seq = 7") == [(when,)]
    assert verify(copy)[0] == 0
    # ... but the head taken down in the minutes at the count is no longer on the chain
    code, data = verify(copy, "--head", head)
    assert code == 1 and data["expected_head_found"] is False and data["intact"] is False
    assert verify(finished, "--head", head[:12])[0] == 0


def test_the_triggers_stop_an_accidental_edit(finished: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.book"
    shutil.copy(finished, copy)
    conn = sqlite3.connect(copy)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE entries SET clerk = 'x' WHERE seq = 5")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM contests")
    conn.close()
    assert verify(copy)[0] == 0


def test_verify_of_an_intact_book_exits_0_and_prints_the_head(finished: Path) -> None:
    code, out, _ = book(runner(), "verify", str(finished), "--lang", "zh", "-f", "plain")
    head = rows(finished, "SELECT hash FROM entries ORDER BY seq DESC LIMIT 1")[0][0]
    assert code == 0 and f"账本头 {head}" in out


def both_clerks_changed(finished: Path, tmp_path: Path) -> Path:
    """甲's and 乙's entries of ballot 005 changed alike: they still agree, the chain does not."""
    return tampered(
        finished,
        tmp_path,
        UNLOCK
        + 'UPDATE entries SET payload = replace(payload, \'"marks":"1\', \'"marks":"2\')'
        + " WHERE ballot = '5' AND kind = 'ballot';"
        + RELOCK,
    )


def test_a_tampered_book_is_never_counted_officially(finished: Path, tmp_path: Path) -> None:
    copy = both_clerks_changed(finished, tmp_path)
    run = runner()
    code, out, err = book(run, "count", str(copy), "-c", "委员", "--lang", "en")
    assert code == 3 and out == "" and "fails verification" in err and "book verify" in err
    code, _, err = book(run, "diff", str(copy), "-c", "委员", "--lang", "en")
    assert code == 1 and "fails verification" in err  # agreeing entries prove nothing here
    report = tmp_path / "r.html"
    result = run.invoke(
        app, ["report", "result", "--book", str(copy), "--contest", "委员", "-o", str(report)]
    )
    assert result.exit_code == 3 and not report.exists()
    code, out, err = book(run, "count", str(copy), "-c", "委员", "--unofficial", "--lang", "zh")
    assert code == 0 and "非正式" in out and "账本未通过核验" in out + err


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE entries SET payload = 'garbage' WHERE seq = 20;",
        'UPDATE entries SET payload = replace(payload, \'"marks":"\', \'"marks":"9\')'
        " WHERE seq = 20;",
        "UPDATE entries SET payload = replace(payload, '\"seats\":9', '\"seats\":0') WHERE seq = 2;",
    ],
    ids=["not json", "unknown mark", "contest of no seats"],
)
def test_a_damaged_entry_is_bad_input_for_every_command(
    finished: Path, tmp_path: Path, sql: str
) -> None:
    copy = tampered(finished, tmp_path, UNLOCK + sql + RELOCK)
    run = runner()
    for args in (
        ["count", "-c", "委员", "--unofficial"],
        ["diff", "-c", "委员"],
        ["export", "-c", "委员", "-o", str(tmp_path / "x.csv")],
        ["status"],
    ):
        code, _, err = book(run, args[0], str(copy), *args[1:], "--lang", "en")
        assert code == 2 and "changed outside electkit or is damaged" in err, (args, err)
    assert not (tmp_path / "x.csv").exists()
    assert book(run, "count", str(copy), "-c", "委员", "--lang", "en")[0] in (2, 3)
    assert verify(copy)[0] == 1
