"""The files this process has read, so that no output can replace one of them.

Every reader notes its file here; ``render.common.write_atomic`` refuses to write over a noted
file. ``report result c.yaml c.csv -o c.csv`` would otherwise swap the ballots for the result
table, and ``report result --book q.book -o q.book -f html`` the counting book for a web page.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from electkit.core.errors import InputError, Problem
from electkit.core.findings import Text

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


# The system's errors a user meets, said in their language (strerror is English only)
_OS_ERRORS = {
    errno.ENOENT: "os.not_found",
    errno.EACCES: "os.permission",
    errno.EPERM: "os.permission",
    errno.ENOSPC: "os.disk_full",
    errno.EDQUOT: "os.disk_full",
    errno.EROFS: "os.read_only",
    errno.EISDIR: "os.is_directory",
    errno.ENOTDIR: "os.not_directory",
    errno.ENAMETOOLONG: "os.name_too_long",
}


def os_error_text(exc: OSError) -> Text:
    """What went wrong, in both languages: the common errors translated, others as the system
    says them (with the error's name, so that they can be looked up)."""
    from electkit.messages import t

    key = _OS_ERRORS.get(exc.errno or 0, "os.other")
    name = errno.errorcode.get(exc.errno or 0)
    detail = exc.strerror or str(exc)
    if name and key == "os.other":
        detail = f"{detail} ({name})"
    return Text(zh=t(key, "zh", detail=detail), en=t(key, "en", detail=detail))


def read_failed(path: Path, exc: OSError) -> InputError:
    """The error for an input that cannot be read: not found, a folder, or why not."""
    if isinstance(exc, FileNotFoundError):
        return InputError([Problem(message_id="file.not_found", file=str(path))])
    if isinstance(exc, IsADirectoryError):
        return InputError([Problem(message_id="file.is_directory", file=str(path))])
    return InputError(
        [
            Problem(
                message_id="file.unreadable", file=str(path), params={"detail": os_error_text(exc)}
            )
        ]
    )


def check_input(path: Path) -> os.stat_result:
    """The file's status; InputError when it is missing, a directory, or not a regular file.

    A device (/dev/zero, /dev/urandom), a pipe or a socket never ends or cannot be read twice:
    it is refused before it is opened, so nothing waits on it or fills memory from it.
    """
    try:
        found = os.stat(path)
    except OSError as exc:
        raise read_failed(path, exc) from None
    if stat.S_ISDIR(found.st_mode):
        raise InputError([Problem(message_id="file.is_directory", file=str(path))])
    if not stat.S_ISREG(found.st_mode):
        raise InputError([Problem(message_id="file.not_regular", file=str(path))])
    return found


def read_input(path: Path, limit: int | None = None) -> bytes:
    """The bytes of an input file (noted as read); InputError as ``check_input`` says, or when
    the file is larger than ``limit`` bytes."""
    size = check_input(path).st_size
    if limit is not None and size > limit:
        raise InputError(
            [
                Problem(
                    message_id="file.too_large",
                    file=str(path),
                    params={"size": f"{size / (1 << 20):.1f} MiB", "limit": f"{limit >> 20} MiB"},
                )
            ]
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise read_failed(path, exc) from None
    note_read(path)
    return data
