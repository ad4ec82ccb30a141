"""electkit as a person meets it: `make install`, then the installed command in a terminal.

The command is the one `make install` links into PREFIX/bin; it runs in a pseudo-terminal
(pexpect) and what it prints is rendered by a terminal emulator (pyte), so the assertions are on
the screen a teller, the hall or a newcomer reading `--help` sees, not on the bytes written.
Also: what scripts/system-deps.sh would do on a machine without the font or Chromium.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pyte
import pytest

from tests.helpers import EXAMPLES, ROOT

COMMITTEE = EXAMPLES / "tally" / "committee.yaml"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """PREFIX/bin after `make install PREFIX=…`: the command as the README tells a user to get it."""
    prefix = tmp_path_factory.mktemp("prefix")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    env["PATH"] = "/usr/local/bin:/usr/bin:/bin"
    done = subprocess.run(
        ["make", "-s", "install", f"PREFIX={prefix}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    command = prefix / "bin" / "electkit"
    assert command.is_symlink() and os.access(command, os.X_OK)
    assert f"electkit -> {command} (electkit " in done.stdout
    assert f"{prefix}/bin is not on PATH yet" in done.stdout  # and how to put it there
    return prefix / "bin"


class Screen:
    """A program in a 120×40 pseudo-terminal, and the screen a person would see."""

    def __init__(self, bin_dir: Path, cwd: Path, *args: str, lang: str = "C.UTF-8") -> None:
        env = {
            "PATH": f"{bin_dir}:/usr/bin:/bin",
            "HOME": str(cwd),
            "LANG": lang,
            "TERM": "xterm-256color",
        }
        self.screen = pyte.Screen(120, 40)
        self.stream = pyte.Stream(self.screen)
        self.child = pexpect.spawn(
            "electkit",
            list(args),
            cwd=str(cwd),
            env=env,
            dimensions=(40, 120),
            encoding="utf-8",
            codec_errors="strict",
        )

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display).rstrip()

    def wait_for(self, pattern: str, timeout: float = 20.0) -> str:
        """Read until ``pattern`` (a regex) is on the screen; the screen then."""
        deadline = time.monotonic() + timeout
        while not re.search(pattern, self.text()):
            if time.monotonic() > deadline:
                raise AssertionError(f"{pattern!r} not on the screen:\n{self.text()}")
            try:
                self.stream.feed(self.child.read_nonblocking(65536, timeout=0.2))
            except pexpect.TIMEOUT:
                continue
        return self.text()

    def type(self, keys: str) -> None:
        for key in keys:
            self.child.send(key)
            time.sleep(0.02)

    def end(self, timeout: float = 20.0) -> int:
        """Wait for the program to exit; its exit code (the screen keeps its last output)."""
        self.child.expect(pexpect.EOF, timeout=timeout)
        self.stream.feed(self.child.before or "")
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else -1


def electkit(bin_dir: Path, cwd: Path, *args: str) -> str:
    done = subprocess.run(
        [str(bin_dir / "electkit"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": f"{bin_dir}:/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    return done.stdout


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "C.UTF-8",
            [
                "用法：electkit [OPTIONS] COMMAND [ARGS]...",
                "选项：",
                "命令：",
                "显示本帮助并退出。",
            ],
        ),
        ("zh_CN.UTF-8", ["用法：electkit", "显示本帮助并退出。"]),
        (
            "en_US.UTF-8",
            [
                "Usage: electkit [OPTIONS] COMMAND [ARGS]...",
                "Options:",
                "Commands:",
                "Show this message and exit.",
            ],
        ),
    ],
)
def test_help_in_each_language(
    installed: Path, tmp_path: Path, lang: str, words: list[str]
) -> None:
    term = Screen(installed, tmp_path, "--help", lang=lang)
    assert term.end() == 0
    shown = term.text()
    for word in words:
        assert word in shown
    assert "book      计票簿：选举当天录入选票" in shown  # the commands' own help: both languages
    term = Screen(installed, tmp_path, "tally", "count", "-h", lang=lang)
    assert term.end() == 0
    chinese = not lang.startswith("en")
    assert ("[必填]" in term.text()) is chinese and ("[required]" in term.text()) is not chinese


@pytest.fixture
def opened(installed: Path, tmp_path: Path) -> Iterator[Path]:
    electkit(installed, tmp_path, "book", "open", "q.book", str(COMMITTEE))
    yield tmp_path / "q.book"


def test_a_teller_sees_each_ballot_stored(installed: Path, opened: Path) -> None:
    term = Screen(
        installed, opened.parent, "book", "enter", "q.book", "--contest", "委员", "--clerk", "张丽"
    )
    term.wait_for(r"已录入 0 张 / 发出 146 张")
    term.type("o-ooooooo-x")
    term.wait_for(r"001 › ○-○○○○○○○-× 另选他人")
    term.type("\r")
    term.wait_for(r"√ 001 丁建平○ 于红梅- 王志刚○ .* 董国强×  已存")
    term.type("oox\x7fooooooo")  # a slip taken back with Backspace
    term.wait_for(r"002 › ○○○○○○○○○")
    term.type("o")  # the tenth agree on nine seats: flagged at the key
    term.wait_for(r"已赞成 10 人，多于应选 9 名")
    term.type("x\r")  # the last candidate, Enter: stored only if the teller confirms
    term.wait_for(r"赞成 10 人，多于应选 9 名：将按原样存入并计为无效票.*y 存入 / n 重新录入")
    term.type("n")
    term.wait_for(r"n 重新录入\n002 › +丁建平")  # back to the first candidate of this ballot
    term.type("ox")
    term.wait_for(r"002 › ○× +王志刚")
    term.type("\x1b")  # Esc starts the ballot again
    term.wait_for(r"本张已清除，请重新录入")
    term.type("ooooooooo-x\r")
    screen = term.wait_for(r"√ 002 .*徐明辉○ 黄桂兰- 董国强×  已存")
    assert "已赞成 10 人" not in screen.split("n 重新录入")[-1]
    term.type("q")
    assert term.end() == 0
    assert "结束：本次存入 2 张；录入员 张丽 共录入 2 张" in term.text()
    assert "\x1b" not in term.text() and "Traceback" not in term.text()
    status = electkit(installed, opened.parent, "book", "status", "q.book", "-f", "json")
    assert '"ballots": 2' in status


def test_the_hall_sees_the_board_follow_the_count(installed: Path, opened: Path) -> None:
    term = Screen(installed, opened.parent, "book", "board", "q.book", "--interval", "0.2")
    term.wait_for(r"计票进度 · q\.book")
    term.wait_for(r"中共青山乡第十届委员会委员")
    electkit(
        installed,
        opened.parent,
        "book",
        "import",
        "q.book",
        str(EXAMPLES / "tally" / "committee.csv"),
        "--clerk",
        "张丽",
    )
    screen = term.wait_for(r"录入员 张丽 .*145 / 发出 146")
    assert re.search(r"丁建平 +━+.* 138 │", screen)  # agree votes as bars, with the number
    assert "001" not in screen and "017" not in screen  # never a single ballot
    term.child.sendintr()  # Ctrl-C leaves the board
    assert term.end() == 0


@pytest.mark.parametrize(
    ("root", "sudo", "which", "said"),
    [
        (
            True,
            None,
            "reports",
            "would run:  apt-get install -y -q --no-install-recommends"
            " fonts-noto-cjk fontconfig libpango-1.0-0 libpangoft2-1.0-0\n",
        ),
        (
            True,
            None,
            "",
            "libpangoft2-1.0-0 poppler-utils chromium libreoffice-calc python3-uno gcc"
            " libc6-dev util-linux\n",
        ),
        (False, 0, "reports", "would run: sudo -n apt-get install"),
        (
            False,
            1,
            "reports",
            "installing them needs root; ask an administrator to run once:\n"
            "  sudo apt-get install fonts-noto-cjk fontconfig libpango-1.0-0 libpangoft2-1.0-0",
        ),
        (False, None, "", "sudo apt-get install fonts-noto-cjk"),
    ],
)
def test_system_deps_on_a_machine_without_the_font_or_chromium(
    tmp_path: Path, root: bool, sudo: int | None, which: str, said: str
) -> None:
    """What `make demo` and `make test` do on a fresh machine: no Debian package installed yet
    (dpkg-query finds none), as root, through a password-less sudo, or with neither."""
    stubs = {"dpkg-query": "exit 1", "id": f"echo {0 if root else 1000}"}
    if sudo is not None:
        stubs["sudo"] = f"exit {sudo}"
    for name, body in stubs.items():
        (tmp_path / name).write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        (tmp_path / name).chmod(0o755)
    tools = tmp_path / "tools"  # grep and friends, but no sudo unless stubbed
    tools.mkdir()
    for tool in ("grep", "bash", "cat"):
        (tools / tool).symlink_to(
            Path("/bin") / tool if Path("/bin", tool).exists() else f"/usr/bin/{tool}"
        )
    done = subprocess.run(
        ["bash", str(ROOT / "scripts" / "system-deps.sh"), *([which] if which else [])],
        env={"PATH": f"{tmp_path}:{tools}", "SYSTEM_DEPS_DRY_RUN": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert said in done.stderr, done.stderr
    assert done.returncode == (0 if root or sudo == 0 else 1)
