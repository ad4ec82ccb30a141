"""Run a scenario of electkit commands on a real small or read-only disk (test_reliability.py).

``python -m tests.book.media SCENARIO DIR OUT SETUP``: DIR is a tmpfs mounted by the caller in
a private mount namespace (``unshare --mount --map-root-user``: no root needed, nothing left
mounted when it ends), OUT a folder outside it. Each scenario prints one JSON object of what
the commands did and copies the books it made to OUT for the test to read.

- ``full``: a tmpfs of a few hundred KiB fills up under ``book import`` and then under a
  scripted ``book enter`` (the disk emptied between them); the books are copied out as they were
  left (with their -wal), then the tmpfs is grown and the same commands run again to finish.
- ``readonly``: a finished book (an official count recorded) on a tmpfs remounted read-only:
  every reading command, the writing ones, and a book whose -wal holds entries.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ELECTKIT = [sys.executable, "-m", "electkit"]
ENV = {**os.environ, "ELECTKIT_LANG": "en", "NO_COLOR": "1", "COLUMNS": "160"}


def run(*args: str, stdin: bytes | None = None) -> dict[str, object]:
    done = subprocess.run([*ELECTKIT, *args], input=stdin, capture_output=True, env=ENV)
    return {
        "code": done.returncode,
        "out": done.stdout.decode("utf-8", "replace"),
        "err": done.stderr.decode("utf-8", "replace"),
    }


def copy_out(book: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{book}{suffix}")
        if source.exists():
            shutil.copyfile(source, Path(f"{target}{suffix}"))


def remount(folder: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(folder)], check=True)


def full(folder: Path, out: Path, setup: Path) -> dict[str, object]:
    found: dict[str, object] = {}
    book = folder / "import.book"
    shutil.copyfile(setup / "empty.book", book)
    args = [
        "book",
        "import",
        str(book),
        str(setup / "ballots.csv"),
        "--clerk",
        "甲",
        "--batch",
        "2",
    ]
    found["import"] = run(*args)
    copy_out(book, out / "import-full.book")
    for suffix in ("", "-wal", "-shm"):  # room for the next one: the same small disk, emptied
        Path(f"{book}{suffix}").unlink(missing_ok=True)
    typed = folder / "enter.book"
    shutil.copyfile(setup / "empty.book", typed)
    keys = (setup / "keys.txt").read_bytes()
    found["enter"] = run("book", "enter", str(typed), "--clerk", "乙", stdin=keys)
    copy_out(typed, out / "enter-full.book")
    remount(folder, "size=64m")
    copy_out(out / "import-full.book", book)  # the book as the full disk left it, back in place
    found["import_again"] = run(*args)
    found["enter_again"] = run("book", "enter", str(typed), "--clerk", "乙", stdin=keys)
    copy_out(book, out / "import-done.book")
    copy_out(typed, out / "enter-done.book")
    return found


def readonly(folder: Path, out: Path, setup: Path) -> dict[str, object]:
    book = folder / "finished.book"
    shutil.copyfile(setup / "finished.book", book)
    pending = folder / "pending.book"
    shutil.copyfile(setup / "pending.book", pending)
    shutil.copyfile(setup / "pending.book-wal", Path(f"{pending}-wal"))
    shutil.copyfile(setup / "pending.book-shm", Path(f"{pending}-shm"))
    stale = folder / "stale.book"
    shutil.copyfile(setup / "pending.book", stale)
    shutil.copyfile(setup / "pending.book-wal", Path(f"{stale}-wal"))  # its -shm not copied
    remount(folder, "ro")
    b = str(book)
    commands = {
        "verify": ["book", "verify", b],
        "status": ["book", "status", b, "-f", "json"],
        "diff": ["book", "diff", b],
        "export": ["book", "export", b, "-o", str(out / "export.csv")],
        "board": ["book", "board", b, "--once"],
        "count": ["book", "count", b, "-f", "json"],
        "count_unofficial": ["book", "count", b, "--unofficial", "-f", "json"],
        "report": ["report", "result", "--book", b, "-o", str(out / "result.html")],
        "import": ["book", "import", b, str(setup / "ballots.csv"), "--clerk", "甲"],
        "returned": ["book", "returned", b, "120"],
        "open": ["book", "open", str(folder / "new.book"), str(setup / "contest.yaml")],
        "pending_status": ["book", "status", str(pending), "-f", "json"],
        "stale_status": ["book", "status", str(stale)],
    }
    found = {name: run(*args) for name, args in commands.items()}
    found["enter"] = run("book", "enter", b, "--clerk", "甲", stdin=b"ooxx-\n")
    found["left_behind"] = sorted(p.name for p in folder.iterdir())
    return found


if __name__ == "__main__":
    scenario, folder, out, setup = (
        sys.argv[1],
        Path(sys.argv[2]),
        Path(sys.argv[3]),
        Path(sys.argv[4]),
    )
    result = {"full": full, "readonly": readonly}[scenario](folder, out, setup)
    sys.stdout.write(json.dumps(result, ensure_ascii=False))
