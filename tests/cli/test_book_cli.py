"""``electkit book …`` through typer's runner: open, import, diff, count, export, status, board."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from electkit.cli.main import app
from tests.book_helpers import (
    CONTESTS,
    TALLY,
    book,
    digest,
    open_book,
    rows,
    runner,
    with_mark_changed,
)
from tests.cli.test_tally_cli import JSON_FIELDS

COMMITTEE = TALLY / "committee.csv"


@pytest.fixture
def run() -> CliRunner:
    return runner()


@pytest.fixture
def two_clerks(run: CliRunner, tmp_path: Path) -> Path:
    """The committee contest entered by 甲 and by 乙, who mistyped 丁建平 on ballot 017."""
    path = open_book(run, tmp_path / "会议.book")
    planted = with_mark_changed(COMMITTEE, tmp_path / "乙.csv", "017", 1, "×")
    assert book(run, "import", str(path), str(COMMITTEE), "-c", "委员", "--clerk", "甲")[0] == 0
    assert book(run, "import", str(path), str(planted), "-c", "委员", "--clerk", "乙")[0] == 0
    return path


def entries(path: Path) -> int:
    return int(rows(path, "SELECT count(*) FROM entries")[0][0])  # type: ignore[call-overload]


def test_open_stores_the_contests_and_their_rule_sets(run: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "b.book"
    code, out, _ = book(run, "open", str(path), *map(str, CONTESTS), "--lang", "en")
    assert code == 0 and "3 contests (委员, 纪委委员, 出席县党代会代表)" in out
    stored = rows(path, "SELECT kind, contest, payload FROM entries ORDER BY seq")
    assert [r[:2] for r in stored] == [
        ("book", None),
        ("contest", "委员"),
        ("contest", "纪委委员"),
        ("contest", "出席县党代会代表"),
    ]
    data = json.loads(str(stored[1][2]))["data"]
    assert data["yaml"] == (TALLY / "committee.yaml").read_text(encoding="utf-8")
    assert data["ruleset"]["name"] == "fuyuan-2006" and len(data["ruleset"]["sha256"]) == 64
    assert data["rules"]["threshold_basis"] == "present"
    assert rows(path, "PRAGMA journal_mode") == [("wal",)]
    assert dict(rows(path, "SELECT key, value FROM meta"))["electkit"] == "0.1.0"


def test_open_refuses_to_overwrite_and_writes_nothing_on_bad_input(
    run: CliRunner, tmp_path: Path
) -> None:
    path = open_book(run, tmp_path / "b.book")
    before = digest(path)
    code, _, err = book(run, "open", str(path), str(CONTESTS[0]), "--lang", "en")
    assert code == 2 and "never overwrites" in err
    assert digest(path) == before
    other = tmp_path / "other.book"
    code, _, err = book(run, "open", str(other), str(CONTESTS[0]), str(CONTESTS[0]), "--lang", "en")
    assert code == 2 and "repeats" in err
    bad = tmp_path / "bad.yaml"
    bad.write_text("contest: x\nseats: 0\n", encoding="utf-8")
    assert book(run, "open", str(other), str(bad))[0] == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.book", "bad.yaml"]


def test_diff_lists_the_planted_disagreement_in_the_issue_json(
    run: CliRunner, two_clerks: Path
) -> None:
    code, out, _ = book(run, "diff", str(two_clerks), "-c", "委员", "-f", "json")
    assert code == 1
    assert json.loads(out) == {
        "contest": "委员",
        "clerks": ["甲", "乙"],
        "agreed": 144,
        "mismatches": [
            {"ballot": "017", "field": "丁建平", "values": {"甲": "agree", "乙": "oppose"}}
        ],
        "only": {"甲": [], "乙": []},
    }
    code, out, _ = book(run, "diff", str(two_clerks), "-c", "委员", "--lang", "zh", "-f", "plain")
    assert code == 1 and "017" in out and "○ 赞成" in out and "× 反对" in out


def test_count_is_blocked_until_the_clerks_agree_then_official(
    run: CliRunner, two_clerks: Path, tmp_path: Path
) -> None:
    code, out, err = book(run, "count", str(two_clerks), "-c", "委员", "--lang", "en")
    assert code == 3 and out == ""
    assert f"electkit book diff {two_clerks} --contest 委员" in err
    code, out, _ = book(run, "count", str(two_clerks), "-c", "委员", "--unofficial", "-f", "json")
    unofficial = json.loads(out)
    assert code == 0 and unofficial["official"] is False and unofficial["returned"] == 144
    # 乙 imports the corrected row: a correction, reported as one
    fix = tmp_path / "fix.csv"
    lines = COMMITTEE.read_text(encoding="utf-8").splitlines()
    fix.write_text("\n".join([lines[0], *[x for x in lines if x.startswith("017,")]]) + "\n")
    code, out, _ = book(
        run, "import", str(two_clerks), str(fix), "-c", "委员", "--clerk", "乙", "--lang", "en"
    )
    assert code == 0 and "correction: ballot 017" in out and "丁建平 ×→○" in out
    assert "0 new, 1 corrected, 0 already in the book" in out
    assert book(run, "diff", str(two_clerks), "-c", "委员")[0] == 0
    code, out, _ = book(run, "count", str(two_clerks), "-c", "委员", "-f", "json", "--lang", "zh")
    counted = json.loads(out)
    assert code == 0
    assert list(counted) == [*JSON_FIELDS, "official", "book_head"]
    assert counted["official"] is True
    tally = run.invoke(
        app,
        [
            "tally",
            "count",
            str(TALLY / "committee.yaml"),
            str(COMMITTEE),
            "-f",
            "json",
            "--lang",
            "zh",
        ],
    )
    expected = json.loads(tally.stdout)
    assert {k: v for k, v in counted.items() if k not in ("official", "book_head")} == expected
    # the official count is recorded once; counting again adds nothing
    recorded = entries(two_clerks)
    again = json.loads(book(run, "count", str(two_clerks), "-c", "委员", "-f", "json")[1])
    assert entries(two_clerks) == recorded and again["book_head"] == counted["book_head"]
    code, out, _ = book(run, "verify", str(two_clerks), "-f", "json")
    assert code == 0 and json.loads(out)["head"] == counted["book_head"]
    assert json.loads(out)["counts_checked"] == 1


def test_one_clerk_is_official_only_with_single_entry_stated(
    run: CliRunner, tmp_path: Path
) -> None:
    path = open_book(run, tmp_path / "b.book")
    book(run, "import", str(path), str(COMMITTEE), "-c", "委员", "--clerk", "甲")
    code, _, err = book(run, "count", str(path), "-c", "委员", "--lang", "en")
    assert code == 3 and "--single-entry" in err
    code, out, err = book(run, "count", str(path), "-c", "委员", "--single-entry", "-f", "json")
    assert code == 0 and json.loads(out)["official"] is True
    (data,) = rows(path, "SELECT payload FROM entries WHERE kind = 'count'")
    recorded = json.loads(str(data[0]))["data"]
    assert recorded["single_entry"] is True and recorded["clerks"] == ["甲"]
    status = json.loads(book(run, "status", str(path), "-f", "json")[1])
    assert status["contests"][0]["official_count"]["single_entry"] is True


def test_single_entry_is_refused_with_two_clerks(run: CliRunner, two_clerks: Path) -> None:
    before = entries(two_clerks)
    code, _, err = book(run, "count", str(two_clerks), "-c", "委员", "--single-entry")
    assert code == 2 and "book diff" in err
    assert entries(two_clerks) == before


def test_reimport_is_idempotent(run: CliRunner, two_clerks: Path) -> None:
    before = entries(two_clerks)
    code, out, err = book(
        run,
        "import",
        str(two_clerks),
        str(COMMITTEE),
        "-c",
        "委员",
        "--clerk",
        "甲",
        "--lang",
        "en",
    )
    assert code == 0 and "0 new, 0 corrected, 145 already in the book" in out
    assert "stored 145/145 rows (through ballot 145)" in err
    assert entries(two_clerks) == before


def test_import_reports_progress_after_each_batch(run: CliRunner, tmp_path: Path) -> None:
    path = open_book(run, tmp_path / "b.book")
    code, _, err = book(
        run,
        "import",
        str(path),
        str(COMMITTEE),
        "-c",
        "委员",
        "--clerk",
        "甲",
        "--batch",
        "50",
        "--lang",
        "en",
    )
    assert code == 0
    assert err.splitlines() == [
        "stored 50/145 rows (through ballot 050)",
        "stored 100/145 rows (through ballot 100)",
        "stored 145/145 rows (through ballot 145)",
    ]


def test_a_bad_ballot_file_stores_nothing(run: CliRunner, tmp_path: Path) -> None:
    path = open_book(run, tmp_path / "b.book")
    bad = tmp_path / "bad.csv"
    lines = COMMITTEE.read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join([*lines[:100], lines[100].replace("○", "0", 1), *lines[101:]]))
    before = digest(path)
    code, _, err = book(run, "import", str(path), str(bad), "-c", "委员", "--clerk", "甲")
    assert code == 2 and "101" in err
    assert digest(path) == before and entries(path) == 4


def test_import_export_import_gives_the_same_count(
    run: CliRunner, two_clerks: Path, tmp_path: Path
) -> None:
    exported = tmp_path / "甲.csv"
    code, _, err = book(
        run, "export", str(two_clerks), "-c", "委员", "--clerk", "甲", "-o", str(exported)
    )
    assert code == 0 and "145" in err
    again = open_book(run, tmp_path / "again.book", CONTESTS[0])
    assert book(run, "import", str(again), str(exported), "--clerk", "甲")[0] == 0
    first = open_book(run, tmp_path / "first.book", CONTESTS[0])
    assert book(run, "import", str(first), str(COMMITTEE), "--clerk", "甲")[0] == 0

    def counted(path: Path) -> dict[str, object]:
        out = book(run, "count", str(path), "--single-entry", "-f", "json")[1]
        data = json.loads(out)
        data.pop("book_head")
        return data

    assert counted(again) == counted(first)
    assert book(run, "import", str(again), str(exported), "--clerk", "甲")[1].count(" 0 new") == 1
    # without --clerk: the agreed ballots (ballot 017 is left out while they disagree)
    agreed = tmp_path / "agreed.csv"
    assert book(run, "export", str(two_clerks), "-c", "委员", "-o", str(agreed))[0] == 0
    numbers = [line.split(",")[0] for line in agreed.read_text(encoding="utf-8-sig").splitlines()]
    assert len(numbers) == 145 and "017" not in numbers


def test_export_writes_csv_only(run: CliRunner, two_clerks: Path, tmp_path: Path) -> None:
    code, _, err = book(
        run, "export", str(two_clerks), "-c", "委员", "-o", str(tmp_path / "x.xlsx")
    )
    assert code == 2 and not (tmp_path / "x.xlsx").exists()
    code, _, err = book(
        run, "export", str(two_clerks), "-c", "委员", "--clerk", "丙", "-o", str(tmp_path / "x.csv")
    )
    assert code == 2 and "clerks: 甲, 乙" in err  # English lists join with commas


def test_returned_ballots_must_all_be_agreed_for_an_official_count(
    run: CliRunner, tmp_path: Path
) -> None:
    path = open_book(run, tmp_path / "b.book")
    for clerk in ("甲", "乙"):
        book(run, "import", str(path), str(COMMITTEE), "-c", "委员", "--clerk", clerk)
    code, out, _ = book(run, "returned", str(path), "146", "-c", "委员", "--lang", "en")
    assert code == 0 and "146 ballots returned" in out
    code, _, err = book(run, "count", str(path), "-c", "委员", "--lang", "en")
    assert code == 3 and "146 ballots were returned but 145 are counted" in err
    book(run, "returned", str(path), "145", "-c", "委员")
    assert book(run, "count", str(path), "-c", "委员")[0] == 0
    status = json.loads(book(run, "status", str(path), "-f", "json")[1])
    assert status["contests"][0]["official_count"]["current"] is True
    book(run, "returned", str(path), "146", "-c", "委员")  # recorded after the count
    status = json.loads(book(run, "status", str(path), "-f", "json")[1])
    assert status["contests"][0]["official_count"]["current"] is False  # no longer stands


def test_status_shows_contests_clerks_disagreements_and_head(
    run: CliRunner, two_clerks: Path
) -> None:
    code, out, _ = book(run, "status", str(two_clerks), "-f", "json")
    data = json.loads(out)
    assert code == 0 and data["entries"] == 4 + 290 and len(data["head"]) == 64
    committee = data["contests"][0]
    assert committee["clerks"] == [
        {"clerk": "甲", "entries": 145, "ballots": 145},
        {"clerk": "乙", "entries": 145, "ballots": 145},
    ]
    assert committee["agreed"] == 144 and committee["disagreements"] == 1
    assert committee["official_count"] is None
    code, out, _ = book(run, "status", str(two_clerks), "--lang", "zh", "-f", "plain")
    assert code == 0 and "委员" in out and data["head"] in out


def test_board_shows_counts_but_no_single_ballot(run: CliRunner, two_clerks: Path) -> None:
    code, out, _ = book(run, "board", str(two_clerks), "--once", "--lang", "zh")
    assert code == 0
    assert "录入员 甲" in out and "145 / 发出 146" in out
    assert "两人一致的 144 张选票" in out and "当选至少须 74 票" in out
    assert "丁建平" in out and "137" in out  # 138 agreed minus the disputed ballot 017
    assert "另选他人(合计)" in out  # one write-in of 陈光明: not named on the board
    # the head hash changes from run to run and may contain "139": look past hex strings
    words = re.sub(r"\b[0-9a-f]{12,64}\b", "<hash>", out)
    for ballot_level in ("011", "139", "有记号", "017", "陈光明"):
        assert ballot_level not in words


def test_verify_checks_a_head_written_down_earlier(run: CliRunner, two_clerks: Path) -> None:
    code, out, _ = book(run, "verify", str(two_clerks), "--lang", "en")
    assert code == 0 and "the book is intact: 294 entries" in out
    head = json.loads(book(run, "verify", str(two_clerks), "-f", "json")[1])["head"]
    assert book(run, "verify", str(two_clerks), "--head", head[:16])[0] == 0
    printed = " ".join(head[i : i + 8] for i in range(0, 64, 8)).upper()  # as on the report
    code, out, _ = book(run, "verify", str(two_clerks), "--head", printed, "--lang", "en")
    assert code == 0 and "and the last: the book is exactly as it was" in out
    code, out, _ = book(
        run, "verify", str(two_clerks), "--head", "0123456789abcdef", "--lang", "en"
    )
    assert code == 1 and "is not on the hash chain" in out
    # a short head could be ground to match (8 digits took 70 s on 2 cores): refused, not checked
    for short in (head[:12], head[:15], "xyz" + head[3:]):
        code, _, err = book(run, "verify", str(two_clerks), "--head", short, "--lang", "en")
        assert code == 2 and "at least its first 16" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "{book}", str(COMMITTEE), "--clerk", "甲"], "several contests"),
        (["import", "{book}", str(COMMITTEE), "-c", "常委", "--clerk", "甲"], "no contest 常委"),
        (["import", "{book}", str(COMMITTEE), "-c", "委员"], "--clerk"),
        (["import", "{book}", str(COMMITTEE), "-c", "委员", "--clerk", "  "], "--clerk"),
        (["import", "{book}", str(COMMITTEE), "-c", "委员", "--clerk", "a\x01b"], "not usable"),
        (["import", "{book}", str(COMMITTEE), "-c", "委员", "--clerk", "丙"], "two clerks"),
        (["enter", "{book}", "-c", "委员"], "--clerk"),
        (["enter", "{book}", "-c", "常委", "--clerk", "甲"], "no contest"),
        (["enter", "{book}", "-c", "委员", "--clerk", "丙"], "two clerks"),
        (["count", "{book}", "-c", "常委"], "no contest"),
        (["returned", "{book}", "5", "-c", "常委"], "no contest"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(
    run: CliRunner, two_clerks: Path, args: list[str], message: str
) -> None:
    before = digest(two_clerks)
    code, _, err = book(run, *[a.replace("{book}", str(two_clerks)) for a in args], "--lang", "en")
    assert code == 2, err
    assert message in err
    assert digest(two_clerks) == before
    assert not Path(f"{two_clerks}-wal").exists()


def _sqlite_file(path: Path, *statements: str) -> Path:
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path


def _csv(path: Path) -> Path:
    path.write_text("选票编号,甲\n1,○\n", encoding="utf-8")
    return path


def _empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_csv, "not an electkit"),
        (_empty, "not an electkit"),
        (lambda p: _sqlite_file(p, "CREATE TABLE t (x)"), "not an electkit"),
        (lambda p: p.parent / "missing.book", "not found"),
        (lambda p: p.parent, "directory"),
    ],
)
def test_a_file_that_is_not_a_book_is_refused(
    run: CliRunner, tmp_path: Path, make: object, message: str
) -> None:
    target = make(tmp_path / "x.book")  # type: ignore[operator]
    before = digest(target) if target.is_file() else None
    for command in (
        ["status", str(target)],
        ["verify", str(target)],
        ["import", str(target), str(COMMITTEE), "--clerk", "甲"],
    ):
        code, _, err = book(run, *command, "--lang", "en")
        assert code == 2 and message in err.lower().replace("\n", " "), err
    if before is not None:
        assert digest(target) == before


@pytest.mark.parametrize(("version", "message"), [(2, "newer electkit"), (0, "does not convert")])
def test_a_book_of_another_schema_version_is_refused_not_called_tampered(
    run: CliRunner, tmp_path: Path, version: int, message: str
) -> None:
    path = open_book(run, tmp_path / "b.book")
    # what another electkit would have written: its schema in the header and in entry 1 alike
    _sqlite_file(
        path,
        "DROP TRIGGER entries_append_only",
        'UPDATE entries SET payload = replace(payload, \'"schema":1\', \'"schema":'
        + str(version)
        + "') WHERE seq = 1",
        f"PRAGMA user_version={version}",
    )
    before = digest(path)
    for command in ("status", "verify"):
        code, _, err = book(run, command, str(path), "--lang", "en")
        assert code == 2 and message in err.replace("\n", " ")
        assert "0.1.0" in err
    code, _, _ = book(run, "import", str(path), str(COMMITTEE), "-c", "委员", "--clerk", "甲")
    assert code == 2 and digest(path) == before


@pytest.mark.parametrize("pragma", ["user_version=2", "application_id=7"])
def test_a_header_changed_under_entry_1_is_tampering(
    run: CliRunner, tmp_path: Path, pragma: str
) -> None:
    path = open_book(run, tmp_path / "b.book")
    _sqlite_file(path, f"PRAGMA {pragma}")
    code, _, err = book(run, "status", str(path), "--lang", "en")
    assert code == 2 and "disagrees with its entry 1" in err and "book verify" in err
    code, out, _ = book(run, "verify", str(path), "-f", "json", "--lang", "en")
    data = json.loads(out)
    assert code == 1 and data["first_break"]["table"] == "file", data
    assert pragma in data["first_break"]["message"]


def test_a_book_copied_while_closed_is_still_a_book(run: CliRunner, two_clerks: Path) -> None:
    copy = two_clerks.with_name("copy.book")
    shutil.copy(two_clerks, copy)
    assert book(run, "verify", str(copy))[0] == 0


def test_a_damaged_book_is_bad_input_not_a_crash(run: CliRunner, two_clerks: Path) -> None:
    _sqlite_file(two_clerks, "DROP TABLE meta")
    code, _, err = book(run, "status", str(two_clerks), "--lang", "en")
    assert code == 2 and "structure was changed outside electkit (meta)" in err
    assert "book verify" in err
    code, out, _ = book(run, "verify", str(two_clerks), "--lang", "en")
    assert code == 1 and "table meta is missing or changed" in out
