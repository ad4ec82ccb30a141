"""The files this process has read, so that no output can replace one of them.

Every reader notes its file here; ``render.common.write_atomic`` refuses to write over a noted
file. ``report result c.yaml c.csv -o c.csv`` would otherwise swap the ballots for the result
table, and ``report result --book q.book -o q.book -f html`` the counting book for a web page.
"""

from __future__ import annotations

import os
from pathlib import Path

_READ: set[tuple[int, int, int, int]] = set()


def _identity(path: Path) -> tuple[int, int, int, int] | None:
    """The same file under any name, link or relative path, as it was when read.

    Device and inode say which file; its size and modification time keep a later file that
    reuses a deleted file's inode from looking like it.
    """
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)


def forget_reads() -> None:
    """Start a new run (each command invocation; tests run many in one process)."""
    _READ.clear()


def note_read(path: Path) -> None:
    """Record that ``path`` is an input of this run."""
    identity = _identity(path)
    if identity is not None:
        _READ.add(identity)


def was_read(path: Path) -> bool:
    """Whether writing ``path`` would replace a file this run has read."""
    identity = _identity(path)
    return identity is not None and identity in _READ
