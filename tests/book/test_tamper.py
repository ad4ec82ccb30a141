"""Tamper evidence: every kind of edit in tests/book/tamper_cases.py is caught where it must be.

Each case copies a finished book (three contests, two clerks, a correction, an official count)
and changes it as someone with the file could (the sqlite3 shell, ``writable_schema``, bytes in
the file, electkit's own code to reseal the chain). What ``book verify`` must find alone, and
what only against the head written down at the count, is the table in docs/book.md.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from electkit.cli.main import app
from tests.book.tamper_cases import CASES, HOUSEKEEPING, RELOCK, UNLOCK
from tests.book_helpers import ROOT, TALLY, book, open_book, rows, runner, with_mark_changed


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


def recorded_head(finished: Path) -> str:
    """The head written down at the official count: the count entry's hash, the last one."""
    return str(rows(finished, "SELECT hash FROM entries ORDER BY seq DESC LIMIT 1")[0][0])


def edited(finished: Path, tmp_path: Path, edit: Callable[[Path], None]) -> Path:
    copy = tmp_path / "copy.book"
    shutil.copy(finished, copy)
    edit(copy)
    return copy


def test_at_least_forty_kinds_of_edit_are_tried() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", list(CASES))
def test_each_edit_is_caught_where_the_table_says(
    finished: Path, tmp_path: Path, case: str
) -> None:
    expected = CASES[case]
    copy = edited(finished, tmp_path, expected.edit)
    code, data = verify(copy)
    if expected.alone:
        assert code == 1 and data["intact"] is False, data
        first = data["first_break"]
        assert isinstance(first, dict), data
        if expected.table is not None:
            assert first["table"] == expected.table, data
        if expected.entry is not None:
            assert first["entry"] == expected.entry, data
    else:
        assert code == 0 and data["intact"] is True, data
    head = recorded_head(finished)
    code, data = verify(copy, "--head", head)
    assert (code == 1) is expected.head, data
    if not expected.alone:
        assert data["expected_head_found"] is not expected.head, data


def test_an_entry_appended_after_the_recorded_head_is_shown_as_following_it(
    finished: Path, tmp_path: Path
) -> None:
    copy = edited(finished, tmp_path, CASES["entry-appended"].edit)
    code, out, _ = book(
        runner(), "verify", str(copy), "--head", recorded_head(finished), "--lang", "en"
    )
    assert code == 0 and "1 entries follow it (1 ballot)" in out


def test_a_rewrite_electing_another_passes_alone_and_fails_against_the_head(
    finished: Path, tmp_path: Path
) -> None:
    copy = edited(finished, tmp_path, CASES["another-elected"].edit)
    run = runner()
    _, before, _ = book(run, "status", str(finished), "-f", "json")
    _, after, _ = book(run, "status", str(copy), "-f", "json")
    elected = [json.loads(x)["contests"][0]["official_count"]["elected"] for x in (before, after)]
    assert "徐明辉" in elected[0] and "黄桂兰" not in elected[0]
    assert "黄桂兰" in elected[1] and "徐明辉" not in elected[1]
    # nothing inside one file can tell: the chain, the count, the official count all agree ...
    assert verify(copy)[0] == 0
    code, out, _ = book(run, "count", str(copy), "-c", "委员", "-f", "json")
    assert code == 0 and json.loads(out)["book_head"] != recorded_head(finished)
    # ... but the head in the minutes (printed on the report and the board) is not on the chain
    code, data = verify(copy, "--head", recorded_head(finished))
    assert code == 1 and data["expected_head_found"] is False


@pytest.mark.parametrize("case", list(HOUSEKEEPING))
def test_sqlite_housekeeping_is_not_tampering(finished: Path, tmp_path: Path, case: str) -> None:
    copy = edited(finished, tmp_path, HOUSEKEEPING[case][1])
    code, data = verify(copy, "--head", recorded_head(finished))
    assert code == 0 and data["intact"] is True, data
    if case == "analyze":
        assert data["housekeeping"] == ["sqlite_stat1"]
        code, out, _ = book(runner(), "verify", str(copy), "--lang", "en")
        assert code == 0 and "made by ANALYZE" in out and "harmless" in out
    code, _, err = book(runner(), "count", str(copy), "-c", "委员", "--lang", "en")
    assert code == 0, err


def doc_table() -> dict[str, tuple[str, str, str]]:
    """docs/book.md's table of edits: id → (what, verify alone, with --head)."""
    section = (ROOT / "docs" / "book.md").read_text(encoding="utf-8")
    section = section.split("### Every kind of edit, and what finds it", 1)[1].split("\n## ", 1)[0]
    found = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`") and cells[0] != "`id`":
            found[cells[0].strip("`")] = (cells[1], cells[2], cells[3])
    return found


def test_docs_book_md_holds_the_same_table() -> None:
    documented = doc_table()
    said = {True: "found", False: "not found"}
    wanted = {k: (c.what, said[c.alone], said[c.head]) for k, c in CASES.items()}
    wanted |= {k: (what, "passes", "passes") for k, (what, _) in HOUSEKEEPING.items()}
    assert documented == wanted


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
    head = recorded_head(finished)
    grouped = " ".join(head[i : i + 8] for i in range(0, 64, 8))
    assert code == 0 and f"账本头 {grouped}" in out and "--head" in out


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
