"""``book enter``: scripted from stdin (the same keys as text) and at a real terminal (a pty)."""

from __future__ import annotations

import io
import json
import os
import re
import select
import signal
import sys
import termios
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from electkit.core.book import compare
from electkit.io.book import Book
from tests.book_helpers import ROOT, book, open_book, rows, runner

# 纪委委员: 马晓东 方玉兰 叶建军 许秀英 杨光荣 罗永福, 5 seats
CONTEST = "纪委委员"


@pytest.fixture
def run() -> CliRunner:
    return runner()


@pytest.fixture
def path(run: CliRunner, tmp_path: Path) -> Path:
    return open_book(run, tmp_path / "b.book")


def enter(run: CliRunner, path: Path, script: str, clerk: str = "甲") -> tuple[int, str]:
    code, out, err = book(
        run, "enter", str(path), "-c", CONTEST, "--clerk", clerk, "--lang", "en", input=script
    )
    return code, out + err


def ballots(path: Path, clerk: str = "甲") -> dict[str, tuple[str, tuple[str, ...], str | None]]:
    with Book.open(path) as opened:
        ledger = opened.ledger(CONTEST)
    return {
        s.number: (s.content.marks, s.content.write_ins, s.content.void)
        for s in ledger.stored(clerk).values()
    }


def echoed(out: str) -> list[str]:
    return re.findall(r"^√ (\S+)", out, flags=re.M)


def test_a_scripted_session_stores_what_a_teller_types(run: CliRunner, path: Path) -> None:
    script = (
        "o-xoox\n"  # 001
        "#7\nooxxoo王五\n"  # ballot 7, with a written-in name
        "uxxxxxx\n"  # u: correct the previous ballot (7)
        "v字迹无法辨认\n"  # 8: declared void by the scrutineers
        "oooooo\nn"  # 9: six agrees for five seats; n: enter it again
        "ooo---\n"
        "oooooo\ny"  # 10: stored as entered after y, counted invalid
        "q"
    )
    code, out = enter(run, path, script)
    assert code == 0, out
    assert echoed(out) == ["001", "7", "7", "8", "9", "10"]
    assert "correcting ballot 7" in out and "corrected" in out
    assert out.count("agrees with 6, more than the 5 seats") == 3  # two prompts, one echo
    assert "invalid: agrees with 6, more than the 5 seats" in out
    assert "done: 6 ballots stored now; clerk 甲 has entered 5" in out
    assert ballots(path) == {
        "001": ("102112", (), None),
        "7": ("222222", (), None),
        "8": ("000000", (), "字迹无法辨认"),
        "9": ("111000", (), None),
        "10": ("111111", (), None),
    }
    stored = rows(path, "SELECT ballot, payload FROM entries WHERE kind = 'ballot' ORDER BY seq")
    corrections = [json.loads(str(p))["data"]["corrects"] for _b, p in stored]
    assert corrections == [None, None, 6, None, None, None]  # entry 6 was ballot 7's first
    code, out, _ = book(run, "count", str(path), "-c", CONTEST, "--single-entry", "-f", "json")
    result = json.loads(out)
    assert (result["returned"], result["valid"], result["invalid"]) == (5, 3, 2)


def test_the_echo_names_each_candidate_with_the_mark(run: CliRunner, path: Path) -> None:
    _, out = enter(run, path, "o-xoox王五\nq")
    line = next(x for x in out.splitlines() if x.startswith("√"))
    assert "马晓东○ 方玉兰- 叶建军× 许秀英○ 杨光荣○ 罗永福×" in line
    assert "write-in: 王五" in line and "stored" in line and re.search(r"\[#\d+ \d+ ms\]", line)


def test_entering_a_stored_ballot_again_stores_nothing_twice(run: CliRunner, path: Path) -> None:
    enter(run, path, "o-xoox\n")
    before = rows(path, "SELECT count(*) FROM entries")
    code, out = enter(run, path, "#1\no-xoox\n#001\noooxxx\n")
    assert code == 0
    assert "ballot 1 is the same as in the book" in out
    assert "ballot 001 was entered before; this entry will correct it" in out
    assert rows(path, "SELECT count(*) FROM entries")[0][0] == before[0][0] + 1  # type: ignore[operator]
    assert ballots(path) == {"001": ("111222", (), None)}


def test_u_then_d_withdraws_and_u_then_a_new_number_moves_the_ballot(
    run: CliRunner, path: Path
) -> None:
    enter(run, path, "ooooo-\n\n")  # 001 (the empty line is an ignored Enter)
    enter(run, path, "xxxxxx\n")  # 002
    code, out = enter(run, path, "ud")
    assert code == 0 and "withdrew ballot 002" in out
    assert list(ballots(path)) == ["001"]
    code, out = enter(run, path, "u#5\n------\n")
    assert code == 0 and echoed(out) == ["5"]
    assert ballots(path) == {"5": ("000000", (), None)}
    kinds = [k for (k,) in rows(path, "SELECT kind FROM entries WHERE seq > 4 ORDER BY seq")]
    assert kinds == ["ballot", "ballot", "withdraw", "withdraw", "ballot"]


def test_erase_and_esc_work_in_a_script(run: CliRunner, path: Path) -> None:
    script = (
        "ox\x7fxx"  # Backspace takes back the x typed after o
        "\x1b"  # Esc clears the ballot
        "xooxoo\n"
    )
    code, out = enter(run, path, script)
    assert code == 0 and "cleared" in out
    assert ballots(path) == {"001": ("211211", (), None)}


@pytest.mark.parametrize(
    ("script", "stored", "says"),
    [
        ("o-xoox\noz-xoo\nxxxxxx\n", ["001"], "ballot 002: key 'z' is not a mark here"),
        ("o-xoox\nooo\nxxx\n", ["001"], "ballot 002: Enter after marking 3 of 6 candidates"),
        ("oooooo\nq\nxxxxxx\n", [], "ballot 001 is over-voted and needs the answer y or n"),
        ("ooo---xx\n×\n", [], "holds only mark keys, not a name"),
        ("o-xoox\noo", ["001"], "the script ends halfway through ballot 002"),
    ],
    ids=["bad key", "early Enter", "over-vote answer", "write-in", "unfinished"],
)
def test_a_script_stops_at_the_first_key_that_is_not_an_answer(
    run: CliRunner, path: Path, script: str, stored: list[str], says: str
) -> None:
    # a key dropped or taken for the next prompt would shift every ballot after it
    code, out = enter(run, path, script)
    assert code == 2 and says in out and "the keys after it were not read" in out
    assert list(ballots(path)) == stored


def test_book_enter_without_a_keyboard_or_keys_points_to_import(run: CliRunner, path: Path) -> None:
    code, out = enter(run, path, "")
    assert code == 2 and "needs a keyboard at a terminal" in out and "book import" in out


def test_two_clerks_entering_the_same_ballots_agree(run: CliRunner, path: Path) -> None:
    script = "o-xoox\nxxxooo\n------\n"
    enter(run, path, script, "甲")
    enter(run, path, script.replace("xxxooo", "xxxoo-"), "乙")
    with Book.open(path) as opened:
        double = compare(opened.ledger(CONTEST))
    assert double.agreed == 2
    assert double.mismatches == (
        {"ballot": "002", "field": "罗永福", "values": {"甲": "agree", "乙": "abstain"}},
    )


# -- a real terminal ------------------------------------------------------------------------


class Terminal:
    """``book enter`` on a pseudo-terminal, driven key by key."""

    def __init__(self, *args: str) -> None:
        import pty

        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the teller's terminal session
            os.environ.update({"COLUMNS": "160", "TERM": "xterm-256color", "ELECTKIT_LANG": ""})
            os.environ.pop("NO_COLOR", None)
            os.chdir(ROOT)
            os.execv(sys.executable, [sys.executable, "-m", "electkit", *args])
        self.seen = b""

    def close(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self.fd)

    def expect(self, pattern: str, timeout: float = 15.0) -> str:
        """Read until ``pattern`` (a regex on the text so far, colours removed) appears."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.text()
            if re.search(pattern, text):
                return text
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{pattern!r} not seen in:\n{text}")
            ready, _, _ = select.select([self.fd], [], [], min(left, 0.2))
            if ready:
                try:
                    self.seen += os.read(self.fd, 65536)
                except OSError:
                    time.sleep(0.05)

    def text(self) -> str:
        return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", self.seen.decode("utf-8", "replace"))

    def type(self, keys: str) -> None:
        for key in keys:
            os.write(self.fd, key.encode("utf-8"))
            time.sleep(0.01)

    def wait(self) -> int:
        _, status = os.waitpid(self.pid, 0)
        return os.waitstatus_to_exitcode(status)


def test_a_teller_at_a_terminal_types_one_key_per_candidate(run: CliRunner, path: Path) -> None:
    term = Terminal("book", "enter", str(path), "-c", CONTEST, "--clerk", "乙", "--lang", "en")
    try:
        term.expect(r"entered 0 / issued 146")
        term.type("o-xo")
        text = term.expect(r"杨光荣")  # the next candidate's name is shown as a hint
        assert "write-ins (separate" not in text
        term.type("ox")  # the sixth key, with no Enter: the write-in prompt follows at once
        term.expect(r"write-ins \(separate")
        term.type("\r")
        term.expect(r"√ 001 +马晓东○ 方玉兰- 叶建军× 许秀英○ 杨光荣○ 罗永福×  stored")
        assert b"\x1b[1;32m" in term.seen or b"\x1b[32m" in term.seen
        term.expect(r"entered 1 / issued 146")
        term.type("#")
        term.expect(r"ballot number \[002\]: ")
        term.type("12\r")
        term.type("oo\x7fxooo")  # Backspace takes back one mark
        term.type("o")
        term.expect(r"write-ins")
        term.type("\r")
        term.expect(r"√ 12 +马晓东○ 方玉兰× 叶建军○ 许秀英○ 杨光荣○ 罗永福○")
        term.expect(r"entered 2 / issued 146")
        term.type("oooooo")
        term.expect(r"6 agrees so far, more than the 5 seats")  # flagged at the sixth key
        term.type("王五\r")
        term.expect(r"agrees with 7, more than the 5 seats.*y store / n enter again")
        term.type("y")
        term.expect(r"√ 13 .*invalid: agrees with 7")
        term.type("oo")
        term.type("\x03")  # Ctrl-C in the middle of a ballot
        term.expect(r"interrupted: every ballot shown with √ is in the book \(the last: 13\)")
        assert term.wait() == 130
        attributes = termios.tcgetattr(term.fd)
        assert attributes[3] & termios.ICANON and attributes[3] & termios.ECHO  # restored
    finally:
        term.close()
    assert ballots(path, "乙") == {
        "001": ("102112", (), None),
        "12": ("121111", (), None),
        "13": ("111111", ("王五",), None),
    }
    assert book(run, "verify", str(path))[0] == 0


def test_the_board_follows_the_book_on_a_full_screen(run: CliRunner, path: Path) -> None:
    term = Terminal("book", "board", str(path), "--interval", "0.2", "--lang", "en")
    try:
        term.expect(r"Counting progress · b\.book")
        term.expect(r"entry has not started")
        assert b"\x1b[?1049h" in term.seen  # the alternate screen of a full-screen view
        enter(run, path, "o-xoox\nooxxoo\n")  # another process writes while the board runs
        term.expect(r"clerk 甲 .*2 / 146 issued")
        term.expect(r"single entry, not yet double-checked")
        term.type("\x03")
        assert term.wait() == 0
    finally:
        term.close()


def test_terminal_keys_decode_characters_split_across_reads() -> None:
    from electkit.cli.book_keys import TerminalKeys

    def pipe_keys(encoding: str) -> tuple[TerminalKeys, int, int]:
        read, write = os.pipe()
        return TerminalKeys(read, io.StringIO(), encoding), read, write

    keys, read, write = pipe_keys("utf-8")
    data = "o李\r".encode()
    os.write(write, data[:2])  # "o" and the first byte of 李
    assert keys.key() == "o"
    os.write(write, data[2:])  # the rest of 李 arrives later, as from an input method
    assert (keys.key(), keys.key()) == ("李", "\n")
    os.write(write, b"\x1b[A")  # an arrow key is no mark; then the end of the input
    os.close(write)
    assert keys.key() is None
    os.close(read)
    keys, read, write = pipe_keys("gb18030")  # a terminal in a GB18030 locale
    os.write(write, "王\x04".encode("gb18030"))
    assert (keys.key(), keys.key()) == ("王", None)
    os.close(read)
    os.close(write)
