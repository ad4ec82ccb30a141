"""Run the commands shown in the README's and the docs' console blocks; write their real output.

A console block preceded by a marker comment is generated from a real run:

    <!-- run: session=book exit=1 -->
    ```console
    $ electkit book diff 计票簿.book --contest 委员
    (the output of that command, written here)
    ```

Each ``$ `` line is run by bash in a scratch folder holding a link to ``examples/`` (so paths read
as in the repository), with the project's ``.venv/bin`` first on PATH, ``LANG=C.UTF-8`` and no
``ELECTKIT_LANG`` (so the default language shows), ``COLUMNS=100``. The blocks of one file and one
``session`` share their folder, in order. Options of the marker:

- ``session=NAME``: the folder the commands share (default ``main``, one per file);
- ``exit=0,1``: the exit code each command must give (default 0): a README that says "exit 1"
  is run and held to it;
- ``head=N``/``tail=N``: show the first or last N lines of the output, with ``…`` for the rest;
- ``width=N``: the terminal's columns (default 100);
- ``keys="..."``: type these keys (Python escapes: ``\\r`` Enter, ``\\x7f`` Backspace) into the
  command in a pseudo-terminal, and show the screen a person would see (pyte renders it).

``make docs`` runs this (after scripts/gen_docs.py); tests/test_readme.py runs it too and compares
with the committed files, normalising only times, hashes and paths (``normalise``). A block whose
output differs from the committed one only in those is left as it is, so ``make docs`` changes no
line that has not really changed.

    .venv/bin/python scripts/doc_blocks.py [--check]
"""

from __future__ import annotations

import ast
import difflib
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the venv's bin: electkit as `make install` puts it on PATH
MARKER = re.compile(r"^<!-- run:(.*?)-->$")
FENCE = "```console"


@dataclass
class Block:
    """One generated console block: where it is in its file, its options and its commands."""

    start: int  # index of the ```console line
    end: int  # index of the closing ``` line
    options: dict[str, str]
    commands: list[str]
    output: list[str] = field(default_factory=list)


def documents() -> list[Path]:
    """The files with generated blocks: the README and every page of docs/."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def options_of(text: str) -> dict[str, str]:
    """``session=book keys="o-x\\r"`` → {"session": "book", "keys": "o-x\\r"} (keys unescaped)."""
    out = {}
    for item in shlex.split(text, posix=False):
        key, _, value = item.partition("=")
        if value.startswith('"'):
            value = ast.literal_eval(value)
        out[key] = value
    return out


def parse(lines: list[str]) -> list[Block]:
    """The marked console blocks of a file's lines."""
    blocks = []
    for i, line in enumerate(lines):
        found = MARKER.match(line.strip())
        if not found:
            continue
        if i + 1 >= len(lines) or lines[i + 1].strip() != FENCE:
            raise SystemExit(f"line {i + 1}: a run marker must stand right above a {FENCE} block")
        end = next(j for j in range(i + 2, len(lines)) if lines[j].strip() == "```")
        commands = [ln[2:] for ln in lines[i + 2 : end] if ln.startswith("$ ")]
        blocks.append(Block(i + 1, end, options_of(found[1]), commands))
    return blocks


def console_blocks_without_marker(lines: list[str]) -> list[int]:
    """Line numbers of console blocks that nothing generates (each must be generated)."""
    return [
        i + 1
        for i, line in enumerate(lines)
        if line.strip() == FENCE and (i == 0 or not MARKER.match(lines[i - 1].strip()))
    ]


def environment(folder: Path, width: int) -> dict[str, str]:
    """What a newcomer's shell holds after set-up, and nothing of this machine's."""
    return {
        "PATH": f"{BIN}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(folder),
        "LANG": "C.UTF-8",
        "COLUMNS": str(width),
        "LINES": "50",
        "TERM": "dumb",
        "PYTHONUNBUFFERED": "1",  # stdout and stderr interleave as on a terminal
        "NO_COLOR": "1",
    }


def run_command(command: str, folder: Path, options: dict[str, str]) -> tuple[int, list[str]]:
    """Run one command line; its exit code and what it printed (stdout and stderr together)."""
    width = int(options.get("width", "100"))
    if "keys" in options:
        return run_in_terminal(command, folder, width, options["keys"])
    done = subprocess.run(
        ["bash", "-c", command],
        cwd=folder,
        env=environment(folder, width),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        timeout=300,
        check=False,
    )
    text = done.stdout.decode("utf-8", "replace")
    return done.returncode, [line.rstrip() for line in text.splitlines()]


def run_in_terminal(command: str, folder: Path, width: int, keys: str) -> tuple[int, list[str]]:
    """Type ``keys`` into ``command`` in a pseudo-terminal; return the screen as a person sees it."""
    import pexpect
    import pyte

    env = {**environment(folder, width), "TERM": "xterm"}
    height = 200
    screen = pyte.Screen(width, height)
    stream = pyte.Stream(screen)
    child = pexpect.spawn(
        "bash",
        ["-c", command],
        cwd=str(folder),
        env=env,
        dimensions=(height, width),
        encoding="utf-8",
        codec_errors="replace",
    )

    def settle(quiet: float) -> None:
        """Read what the program prints until it has been quiet for ``quiet`` seconds."""
        last = time.monotonic()
        while time.monotonic() - last < quiet:
            try:
                stream.feed(child.read_nonblocking(65536, timeout=0.05))
                last = time.monotonic()
            except pexpect.TIMEOUT:
                continue
            except pexpect.EOF:
                return

    # book enter sets the terminal up before it prints a line (a key typed sooner is flushed):
    # wait for its first output, however busy the machine, then for it to finish the screen
    stream.feed(child.read_nonblocking(65536, timeout=60))
    settle(0.3)
    for key in keys:
        child.send(key)
        settle(0.03)  # a person types, the program echoes
    child.expect(pexpect.EOF, timeout=60)
    stream.feed(child.before or "")
    child.close()
    lines = [line.rstrip() for line in screen.display]
    while lines and not lines[-1]:
        lines.pop()
    return child.exitstatus if child.exitstatus is not None else 128, lines


def shown(output: list[str], options: dict[str, str]) -> list[str]:
    """The lines a block shows: all, or the first or last N with … for the rest."""
    if "head" in options and len(output) > int(options["head"]):
        return [*output[: int(options["head"])], "…"]
    if "tail" in options and len(output) > int(options["tail"]):
        return ["…", *output[-int(options["tail"]) :]]
    return output


def generate(path: Path) -> str:
    """The file's text with every marked block's output from a real run."""
    lines = path.read_text(encoding="utf-8").split("\n")
    sessions: dict[str, list[Block]] = {}
    for block in parse(lines):
        sessions.setdefault(block.options.get("session", "main"), []).append(block)
    with ThreadPoolExecutor(max_workers=3) as pool:  # sessions are independent: run side by side
        for done in [pool.submit(run_session, path, blocks) for blocks in sessions.values()]:
            done.result()
    for block in sorted((b for bs in sessions.values() for b in bs), key=lambda b: -b.start):
        old = lines[block.start + 1 : block.end]
        if normalise("\n".join(old)) != normalise("\n".join(block.output)):
            lines[block.start + 1 : block.end] = block.output
    return "\n".join(lines)


def run_session(path: Path, blocks: list[Block]) -> None:
    """Run one session's blocks in order, in a scratch folder of their own."""
    with tempfile.TemporaryDirectory(prefix="electkit-docs-") as name:
        folder = Path(name)
        (folder / "examples").symlink_to(ROOT / "examples")
        for block in blocks:
            codes = block.options.get("exit", "0").split(",")
            for n, command in enumerate(block.commands):
                code, output = run_command(command, folder, block.options)
                expected = int(codes[min(n, len(codes) - 1)])
                if code != expected:
                    raise SystemExit(
                        f"{path.name}:{block.start + 1}: `{command}` exited {code}, not"
                        f" {expected}:\n" + "\n".join(output)
                    )
                block.output += [f"$ {command}", *shown(output, block.options)]


# What may differ between two runs of the same commands: clock times, durations, the hashes that
# cover them (a book's entries carry their time), and the scratch folder's path.
_VARYING = (
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:[+-]\d\d:\d\d|Z)?"), "<time>"),
    (re.compile(r"\b\d\d:\d\d:\d\d\b"), "<time>"),
    (re.compile(r"\b\d+ ms\b"), "<n> ms"),
    (re.compile(r"\b[0-9a-f]{8}(?: [0-9a-f]{8}){7}\b"), "<hash>"),  # a head as printed
    (re.compile(r"\b(?:[0-9a-f]{64}|[0-9a-f]{12,16})\b"), "<hash>"),
    (re.compile(r"/tmp/electkit-docs-[^/\s]+"), "<folder>"),
)


def normalise(text: str) -> str:
    """``text`` with times, durations, hashes and scratch paths replaced by placeholders."""
    for pattern, placeholder in _VARYING:
        text = pattern.sub(placeholder, text)
    return text


def main() -> None:
    """Regenerate every marked block (``--check``: only say which files are stale, exit 1)."""
    check = "--check" in sys.argv[1:]
    stale = []
    for path in documents():
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        if missing := console_blocks_without_marker(lines):
            raise SystemExit(f"{path.name}: console blocks without a run marker at {missing}")
        new = generate(path)
        if normalise(new) != normalise(text):
            stale.append(path.relative_to(ROOT))
            if check:
                sys.stdout.writelines(
                    difflib.unified_diff(
                        text.splitlines(True), new.splitlines(True), str(path), "generated"
                    )
                )
            else:
                path.write_text(new, encoding="utf-8")
    if stale:
        print(("stale: " if check else "regenerated: ") + ", ".join(map(str, stale)))
    if check and stale:
        raise SystemExit(1)


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
