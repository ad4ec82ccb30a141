"""Reliability of the counting book, tested rather than hoped for.

- Crash: ``book import`` and a scripted ``book enter`` are killed with SIGKILL at random moments
  (``KILLS`` times each, seeded); after every kill the book opens, ``verify`` passes, every
  acknowledged ballot is there exactly once, and finishing gives the count of an uninterrupted run.
- Two tellers entering at once into one book, with the board reading while they write.
- A full disk under ``book import`` and ``book enter``, and a finished book on read-only media:
  real tmpfs mounts in a private mount namespace (tests/book/media.py), no root needed.

``ELECTKIT_CRASH_KILLS`` and ``ELECTKIT_CRASH_SEED`` make a longer or different run.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from electkit.cli.book_entry import run_session
from electkit.core.book import compare
from electkit.core.book_count import count_ledger, result_digest
from electkit.io.book import Book
from electkit.io.book_ops import import_rows, read_rows
from electkit.io.book_verify import verify
from tests.book_helpers import ELECTKIT, ROOT, book, rows, runner
from tests.helpers import require_tool

KILLS = int(os.environ.get("ELECTKIT_CRASH_KILLS", "50"))
SEED = int(os.environ.get("ELECTKIT_CRASH_SEED", "20261127"))
CANDIDATES = ["甲一", "乙二", "丙三", "丁四", "戊五"]
CONTEST = """\
contest: 委员
seats: 3
entitled: 1000
present: 1000
candidates: [甲一, 乙二, 丙三, 丁四, 戊五]
"""
BALLOTS = 120
ENV = {**os.environ, "ELECTKIT_LANG": "en", "NO_COLOR": "1", "COLUMNS": "160"}


def ballots(n: int, seed: int) -> list[tuple[str, str, str]]:
    """n valid ballots as (marks as keys, write-in, void reason): some written-in, a few void."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        keys = "".join(rng.choice("ox-") for _ in CANDIDATES)
        if keys.count("o") > 3:
            keys = keys.replace("o", "-", keys.count("o") - 3)
        written = "王五" if rng.random() < 0.05 and keys.count("o") < 3 else ""
        void = "字迹无法辨认" if rng.random() < 0.02 else ""
        out.append((keys, written, void))
    return out


def csv_text(items: list[tuple[str, str, str]]) -> str:
    symbol = {"o": "○", "x": "×", "-": ""}
    lines = ["选票编号," + ",".join(CANDIDATES) + ",另选他人,废票"]
    for number, (keys, written, void) in enumerate(items, start=1):
        lines.append(f"{number:03d}," + ",".join(symbol[k] for k in keys) + f",{written},{void}")
    return "\n".join(lines) + "\n"


def script_text(items: list[tuple[str, str, str]]) -> str:
    """The keys a teller types for these ballots, each with its number given (``#``)."""
    parts = []
    for number, (keys, written, void) in enumerate(items, start=1):
        parts.append(f"#{number}\n" + (f"v{void}\n" if void else f"{keys}{written}\n"))
    return "".join(parts)


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crash")
    (folder / "contest.yaml").write_text(CONTEST, encoding="utf-8")
    items = ballots(BALLOTS, SEED)
    (folder / "ballots.csv").write_text(csv_text(items), encoding="utf-8")
    (folder / "keys.txt").write_text(script_text(items), encoding="utf-8")
    run = runner()
    assert book(run, "open", str(folder / "empty.book"), str(folder / "contest.yaml"))[0] == 0
    return folder


class Reader(threading.Thread):
    """Collects a child's output lines as they come, with the time each arrived."""

    def __init__(self, stream: object) -> None:
        super().__init__(daemon=True)
        self.stream = stream
        self.lines: list[str] = []

    def run(self) -> None:
        for raw in self.stream:  # type: ignore[attr-defined]
            self.lines.append(raw.decode("utf-8", "replace"))

    def wait_for(self, count: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while len(self.lines) < count and time.monotonic() < deadline and self.is_alive():
            time.sleep(0.002)


def kill_at_random(
    args: list[str], rng: random.Random, *, stdin: bytes | None, ack: str, expected_acks: int
) -> list[str]:
    """Start ``electkit …``, SIGKILL it at a random moment, return the acknowledgement lines."""
    child = subprocess.Popen(
        args,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=ENV,
        cwd=ROOT,
    )
    reader = Reader(child.stdout)
    reader.start()
    if stdin is not None:
        assert child.stdin is not None
        child.stdin.write(stdin)
        child.stdin.close()
    if rng.random() < 0.2:  # anywhere, start-up included
        time.sleep(rng.uniform(0.0, 0.5))
    else:  # while it writes: after some acknowledgements, plus a little
        reader.wait_for(rng.randrange(1, expected_acks), timeout=10)
        time.sleep(rng.uniform(0.0, 0.01))
    child.send_signal(signal.SIGKILL)
    child.wait()
    reader.join(timeout=10)
    assert child.stdout is not None
    child.stdout.close()
    return [line for line in reader.lines if re.match(ack, line)]


def stored_once(path: Path, clerk: str) -> dict[str, int]:
    """Entries per ballot number for a clerk (each must be 1: nothing stored twice)."""
    found = rows(
        path,
        "SELECT ballot, count(*) FROM entries WHERE kind = 'ballot' AND clerk = ? GROUP BY ballot",
        clerk,
    )
    return {str(b): int(n) for b, n in found}  # type: ignore[call-overload]


def check_after_kill(path: Path, clerk: str, acknowledged: list[str]) -> None:
    with Book.open(path) as opened:
        outcome = verify(opened)
        assert outcome.intact, outcome.breaks
        ledger = opened.ledger("委员")
    stored = stored_once(path, clerk)
    assert set(stored.values()) <= {1}
    keys = {str(int(n)) for n in acknowledged}
    assert keys <= set(ledger.stored(clerk)), sorted(keys - set(ledger.stored(clerk)))


def finish_import(path: Path, csv: Path) -> int:
    """Run the import again in this process (idempotent); the corrections it reported."""
    with Book.open(path) as opened:
        contest = opened.contest(None)
        report = import_rows(
            opened,
            contest,
            "甲",
            read_rows(csv, contest.contest, sheet=None, encoding=None)[0],
            batch=1000,
            progress=lambda *_: None,
        )
    return len(report.corrections)


def finish_enter(path: Path, keys: str) -> int:
    """Type the whole script again in this process: stored ballots are recognised, not repeated."""
    with Book.open(path) as opened:
        contest = opened.contest(None)
        ledger = opened.ledger(contest.id)
        return run_session(
            opened,
            contest,
            ledger,
            "乙",
            "en",
            stdin=io.StringIO(keys),
            make_console=lambda: Console(file=io.StringIO()),
        )


def digest_of(path: Path) -> str:
    with Book.open(path) as opened:
        contest = opened.contest(None)
        return result_digest(
            count_ledger(opened.ledger(contest.id), contest.contest, contest.rules)
        )


def crash_rounds(
    setup: Path, tmp_path: Path, kind: str, one_round: Callable[[int, Path], int]
) -> None:
    """``KILLS`` kill rounds, one after the other; prints the figures (``pytest -s``)."""
    started = time.monotonic()
    acknowledged = sum(one_round(i, tmp_path / f"{kind}-{i}.book") for i in range(KILLS))
    elapsed = time.monotonic() - started
    assert acknowledged > 0
    print(f"{kind}: {KILLS} kills in {elapsed:.1f} s, {acknowledged} acknowledged")


def test_import_survives_sigkill(setup: Path, tmp_path: Path) -> None:
    csv = setup / "ballots.csv"
    reference = tmp_path / "reference.book"
    shutil.copy(setup / "empty.book", reference)
    finish_import(reference, csv)
    expected = digest_of(reference)

    def one_round(index: int, path: Path) -> int:
        rng = random.Random(SEED * 1000 + index)
        shutil.copy(setup / "empty.book", path)
        args = [*ELECTKIT, "book", "import", str(path), str(csv), "--clerk", "甲"]
        args += ["--batch", str(rng.choice([1, 2, 5]))]
        lines = kill_at_random(args, rng, stdin=None, ack=r"stored \d+/\d+ rows", expected_acks=30)
        done = max((int(re.findall(r"stored (\d+)/", x)[0]) for x in lines), default=0)
        check_after_kill(path, "甲", [str(n) for n in range(1, done + 1)])
        assert finish_import(path, csv) == 0  # nothing differs: resumed, not corrected
        assert digest_of(path) == expected
        assert stored_once(path, "甲") == dict.fromkeys(map(str, range(1, BALLOTS + 1)), 1)
        path.unlink()
        return done

    crash_rounds(setup, tmp_path, "import", one_round)


def test_scripted_enter_survives_sigkill(setup: Path, tmp_path: Path) -> None:
    keys = (setup / "keys.txt").read_text(encoding="utf-8")
    reference = tmp_path / "reference.book"
    shutil.copy(setup / "empty.book", reference)
    assert finish_enter(reference, keys) == 0
    expected = digest_of(reference)

    def one_round(index: int, path: Path) -> int:
        rng = random.Random(SEED * 1000 + KILLS + index)
        shutil.copy(setup / "empty.book", path)
        args = [*ELECTKIT, "book", "enter", str(path), "--clerk", "乙"]
        stdin = keys.encode("utf-8")
        lines = kill_at_random(args, rng, stdin=stdin, ack=r"√ \d+ ", expected_acks=BALLOTS)
        numbers = [re.findall(r"√ (\d+)", x)[0] for x in lines]
        check_after_kill(path, "乙", numbers)
        assert finish_enter(path, keys) == 0
        assert digest_of(path) == expected
        assert stored_once(path, "乙") == dict.fromkeys(map(str, range(1, BALLOTS + 1)), 1)
        path.unlink()
        return len(numbers)

    crash_rounds(setup, tmp_path, "enter", one_round)


def test_two_tellers_enter_at_once_while_the_board_reads(setup: Path, tmp_path: Path) -> None:
    path = tmp_path / "two.book"
    shutil.copy(setup / "empty.book", path)
    keys = (setup / "keys.txt").read_text(encoding="utf-8").encode("utf-8")
    tellers = [
        subprocess.Popen(
            [*ELECTKIT, "book", "enter", str(path), "--clerk", clerk],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=ENV,
            cwd=ROOT,
        )
        for clerk in ("甲", "乙")
    ]
    writers = [threading.Thread(target=t.communicate, args=(keys,)) for t in tellers]
    for writer in writers:
        writer.start()
    # the board reads while they write: its counts only grow, and it never fails
    from electkit.render.book_board import Board

    screen = Console(file=open(os.devnull, "w"), width=120)  # noqa: SIM115
    seen: list[tuple[int, int]] = []
    with Book.open(path) as opened:
        board = Board(opened)
        while any(t.poll() is None for t in tellers):
            board.refresh()
            ledger = board.ledgers["委员"]
            seen.append((len(ledger.stored("甲")), len(ledger.stored("乙"))))
            screen.print(board.frame("en"))
            time.sleep(0.01)
        for writer in writers:
            writer.join()
        board.refresh()
        ledger = board.ledgers["委员"]
        seen.append((len(ledger.stored("甲")), len(ledger.stored("乙"))))
    screen.file.close()
    assert all(t.returncode == 0 for t in tellers)
    for clerk in (0, 1):
        progress = [s[clerk] for s in seen]
        assert progress == sorted(progress)
    assert seen[-1] == (BALLOTS, BALLOTS)
    assert len({s for s in seen if 0 < s[0] < BALLOTS or 0 < s[1] < BALLOTS}) > 1  # mid-way
    with Book.open(path) as opened:
        assert verify(opened).intact
        double = compare(opened.ledger("委员"))
    assert double.agreed == BALLOTS and double.disagreements == 0
    assert rows(path, "SELECT count(*) FROM entries WHERE kind = 'ballot'") == [(2 * BALLOTS,)]
    code, out, _ = book(runner(), "board", str(path), "--once")
    assert code == 0 and f"{BALLOTS} / 1000 issued" in out


# -- a full disk and read-only media, for real: a tmpfs in a private mount namespace ----------


def on_tmpfs(scenario: str, size: str, out: Path, setup: Path) -> dict[str, Any]:
    """Run tests/book/media.py's scenario on a tmpfs of ``size``, in a private mount namespace.

    A kernel with user namespaces switched off fails the test (CI's machines allow them); a
    developer on such a kernel may set ELECTKIT_NO_USERNS=1 to skip these two tests knowingly."""
    unshare = require_tool("unshare", "util-linux")
    if subprocess.run([unshare, "--mount", "--map-root-user", "true"]).returncode != 0:
        message = "this kernel allows no private mount namespace (user namespaces are off)"
        if os.environ.get("ELECTKIT_NO_USERNS") == "1":
            pytest.skip(message)
        pytest.fail(message + "; set ELECTKIT_NO_USERNS=1 to skip the full-disk tests knowingly")
    folder = out / "mnt"
    folder.mkdir()
    script = 'mount -t tmpfs -o size="$1" tmpfs "$2" && shift 2 && exec "$@"'
    args = ["unshare", "--mount", "--map-root-user", "--propagation", "private"]
    args += ["sh", "-c", script, "sh", size, str(folder)]
    args += [sys.executable, "-m", "tests.book.media", scenario, str(folder), str(out), str(setup)]
    done = subprocess.run(args, capture_output=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_a_full_disk_stops_import_and_enter_saying_exactly_what_is_stored(
    setup: Path, tmp_path: Path
) -> None:
    reference = tmp_path / "reference.book"
    shutil.copy(setup / "empty.book", reference)
    finish_import(reference, setup / "ballots.csv")
    expected = digest_of(reference)
    typed = tmp_path / "typed.book"
    shutil.copy(setup / "empty.book", typed)
    assert finish_enter(typed, (setup / "keys.txt").read_text(encoding="utf-8")) == 0
    expected_typed = digest_of(typed)
    found = on_tmpfs("full", "200k", tmp_path, setup)

    imported = found["import"]
    assert imported["code"] == 2, imported
    err = imported["err"].replace("\n", " ")
    assert "the disk holding the book is full" in err and "damaged" not in err
    acks = [int(n) for n in re.findall(r"stored (\d+)/120 rows", imported["err"])]
    stated = re.search(r"rows 1–(\d+) of 120 \(through ballot (\d+)\)", err)
    assert stated is not None and acks, err
    assert int(stated[1]) == max(acks) == int(stated[2])
    check_after_kill(tmp_path / "import-full.book", "甲", [str(n) for n in range(1, max(acks) + 1)])
    assert stored_once(tmp_path / "import-full.book", "甲") == dict.fromkeys(
        map(str, range(1, max(acks) + 1)), 1
    )

    entered = found["enter"]
    assert entered["code"] == 2, entered
    echoed = re.findall(r"^√ (\d+) ", entered["out"], flags=re.M)
    said = re.search(
        r"the last: (\d+)\); ballot (\d+) was not stored", entered["err"] + entered["out"]
    )
    assert said is not None and echoed, entered
    assert said[1] == echoed[-1] and int(said[2]) == int(echoed[-1]) + 1
    check_after_kill(tmp_path / "enter-full.book", "乙", echoed)
    assert len(stored_once(tmp_path / "enter-full.book", "乙")) == len(echoed)

    # room again: the same commands finish the job, nothing stored twice
    assert found["import_again"]["code"] == 0 and found["enter_again"]["code"] == 0
    assert digest_of(tmp_path / "import-done.book") == expected
    assert digest_of(tmp_path / "enter-done.book") == expected_typed
    for name, clerk in (("import-done.book", "甲"), ("enter-done.book", "乙")):
        assert stored_once(tmp_path / name, clerk) == dict.fromkeys(
            map(str, range(1, BALLOTS + 1)), 1
        )
    print(f"full disk: import stopped after {max(acks)} rows, enter after {len(echoed)} ballots")


@pytest.fixture(scope="module")
def archived(setup: Path) -> Path:
    """A finished book (two clerks, an official count) and a book whose -wal holds an entry."""
    run = runner()
    finished = setup / "finished.book"
    shutil.copy(setup / "empty.book", finished)
    for clerk in ("甲", "乙"):
        assert (
            book(run, "import", str(finished), str(setup / "ballots.csv"), "--clerk", clerk)[0] == 0
        )
    assert book(run, "count", str(finished))[0] == 0
    pending = setup / "pending.book"
    shutil.copy(setup / "empty.book", pending)
    keep_wal = (
        "import os, sys; from pathlib import Path; from electkit.io.book import Book;"
        " from electkit.io.book_ops import record_returned; b = Book.open(Path(sys.argv[1]));"
        " b.conn.execute('PRAGMA wal_autocheckpoint=0');"
        " record_returned(b, b.contest(None), 120); os._exit(0)"  # no close: no checkpoint
    )
    subprocess.run([sys.executable, "-c", keep_wal, str(pending)], check=True, cwd=ROOT)
    assert Path(f"{pending}-wal").stat().st_size > 0 and Path(f"{pending}-shm").exists()
    return setup


def test_a_book_on_read_only_media_reads_and_refuses_to_write(
    archived: Path, tmp_path: Path
) -> None:
    found = on_tmpfs("readonly", "8m", tmp_path, archived)
    for name in (
        "verify",
        "status",
        "diff",
        "export",
        "board",
        "count",
        "count_unofficial",
        "report",
    ):
        assert found[name]["code"] == 0, (name, found[name])
        assert "damaged" not in found[name]["err"]
    head = json.loads(book(runner(), "count", str(archived / "finished.book"), "-f", "json")[1])
    shown = json.loads(found["count"]["out"])
    assert shown["official"] is True and shown["book_head"] == head["book_head"]
    assert (tmp_path / "export.csv").exists() and (tmp_path / "result.html").exists()
    for name in ("import", "returned", "open", "enter"):
        said = found[name]["err"].replace("\n", " ")
        assert found[name]["code"] == 2 and "read-only" in said, (name, found[name])
        assert "copy the book to a writable folder" in said or name == "open"
    assert json.loads(found["pending_status"]["out"])["contests"][0]["returned"] == 120
    stale = found["stale_status"]
    assert stale["code"] == 2 and "not yet folded into the book" in stale["err"].replace("\n", " ")
    assert found["left_behind"] == sorted(
        [
            "finished.book",
            "pending.book",
            "pending.book-wal",
            "pending.book-shm",
            "stale.book",
            "stale.book-wal",
        ]
    )


# -- a disk that starts failing mid-write: EIO from an LD_PRELOAD shim (tests/book/eio_shim.c) --


@pytest.fixture(scope="module")
def eio_shim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shim, compiled here (gcc: scripts/system-deps.sh installs it for the tests)."""
    compiler = require_tool("gcc", "gcc and libc6-dev")
    library = tmp_path_factory.mktemp("eio") / "eio.so"
    source = Path(__file__).with_name("eio_shim.c")
    subprocess.run(
        [compiler, "-shared", "-fPIC", "-O1", "-o", str(library), str(source), "-ldl"], check=True
    )
    return library


def on_failing_disk(
    shim: Path, book_path: Path, after: int, args: list[str], stdin: bytes | None = None
) -> tuple[int, str, str]:
    """Run electkit with every write and sync to the book failing with EIO after ``after``."""
    env = {**ENV, "LD_PRELOAD": str(shim), "EIO_AFTER": str(after), "EIO_SUFFIX": str(book_path)}
    done = subprocess.run(
        [*ELECTKIT, *args], input=stdin, capture_output=True, env=env, cwd=ROOT, timeout=120
    )
    return (
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )


def said_as_io_error(code: int, out: str, err: str) -> str:
    text = (out + err).replace("\n", " ")
    assert code == 2, text
    assert "input/output error" in text and "may be failing" in text, text
    for wrong in ("Traceback", "internal error", "damaged", "tamper", "changed"):
        assert wrong not in text, text
    return text


@pytest.mark.parametrize("after", [0, 5, 8, 30, 101, 250])
def test_a_disk_failing_mid_import_loses_no_acknowledged_row(
    setup: Path, tmp_path: Path, eio_shim: Path, after: int
) -> None:
    """Every write and sync to the book fails with EIO from the ``after``-th on (opening the
    book, the first batch, mid-way, late): the import stops with exit 2 saying it is the disk,
    every row it acknowledged is in the book, the book verifies, and the same import run again
    on a good disk finishes with nothing stored twice and the same result as an import that
    never failed."""
    reference = tmp_path / "reference.book"
    shutil.copy(setup / "empty.book", reference)
    finish_import(reference, setup / "ballots.csv")
    path = tmp_path / "failing.book"
    shutil.copy(setup / "empty.book", path)
    args = ["book", "import", str(path), str(setup / "ballots.csv"), "--clerk", "甲"]
    text = said_as_io_error(*on_failing_disk(eio_shim, path, after, [*args, "--batch", "2"]))
    acks = [int(n) for n in re.findall(r"stored (\d+)/120 rows", text)]
    stated = re.search(r"rows 1–(\d+) of 120 \(through ballot (\d+)\)", text)
    if acks:
        assert stated is not None and int(stated[1]) == max(acks) == int(stated[2]), text
    else:
        assert stated is None, text
    acknowledged = [str(n) for n in range(1, max(acks, default=0) + 1)]
    check_after_kill(path, "甲", acknowledged)
    assert set(stored_once(path, "甲")) >= set(acknowledged)
    finish_import(path, setup / "ballots.csv")  # the disk replaced: the same import again
    assert stored_once(path, "甲") == dict.fromkeys(map(str, range(1, BALLOTS + 1)), 1)
    assert digest_of(path) == digest_of(reference)


@pytest.mark.parametrize("after", [12, 40, 90])
def test_a_disk_failing_while_a_teller_types_loses_no_echoed_ballot(
    setup: Path, tmp_path: Path, eio_shim: Path, after: int
) -> None:
    """``book enter``: every ballot echoed with √ is in the book; the next one is named as not
    stored; typing the script again on a good disk stores each ballot once."""
    path = tmp_path / "typed.book"
    shutil.copy(setup / "empty.book", path)
    keys = (setup / "keys.txt").read_bytes()
    code, out, err = on_failing_disk(
        eio_shim, path, after, ["book", "enter", str(path), "--clerk", "乙"], stdin=keys
    )
    text = said_as_io_error(code, out, err)
    echoed = re.findall(r"^√ (\d+) ", out, flags=re.M)
    said = re.search(r"the last: (\d+|—)\); ballot (\d+) was not stored", text)
    assert said is not None and (echoed or after < 40), text
    last = echoed[-1] if echoed else "—"  # the disk failed before the first ballot, or later
    assert said[1] == last and int(said[2]) == int(echoed[-1] if echoed else 0) + 1
    check_after_kill(path, "乙", echoed)
    assert finish_enter(path, keys.decode("utf-8")) == 0
    assert stored_once(path, "乙") == dict.fromkeys(map(str, range(1, BALLOTS + 1)), 1)
