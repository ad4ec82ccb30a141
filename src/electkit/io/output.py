"""Output files that appear complete or not at all: written under a temporary name beside the
target, flushed to disk, renamed over it, and the folder flushed too.

``atomic_output`` streams (the county's reports and bundles are written piece by piece);
``render.common.write_atomic`` writes bytes or text through it.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def atomic_output(path: Path, *, replace_input: bool = False) -> Iterator[BinaryIO]:
    """A binary handle whose content becomes ``path`` when the block ends without error (and
    nothing, when it does not). Keeps an existing file's permissions; a new file gets the
    umask's. ``replace_input``: the file is an input rewritten on purpose (``rules upgrade
    --write``); otherwise a file this run has read is never replaced.

    A missing folder is created (``-o out/audit.pdf`` on a fresh machine); a device or a pipe
    (``-o /dev/stdout``) is written through, never replaced. Raises InputError naming the file
    and saying why, in the user's language, when it cannot be written.
    """
    from electkit.core.errors import InputError, Problem
    from electkit.io.inputs import os_error_text, was_read

    path = Path(path)
    if was_read(path) and not replace_input:
        raise InputError([Problem(message_id="cli.output_is_input", file=str(path))])
    directory = path.parent if str(path.parent) else Path(".")
    tmp: str | None = None
    try:
        if is_device(path):
            with path.open("wb") as handle:
                yield handle
            return
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        make_folder(directory)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=directory)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
        tmp = None
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError as exc:
        raise InputError(
            [
                Problem(
                    message_id="cli.output_failed",
                    file=str(path),
                    params={"detail": os_error_text(exc)},
                )
            ]
        ) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def is_device(path: Path) -> bool:
    """Whether ``path`` is there and neither a regular file nor a folder (a device, a pipe)."""
    try:
        found = path.stat().st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(found) or stat.S_ISDIR(found))


def make_folder(directory: Path) -> None:
    """Create an output's folder (and its parents) when it is missing."""
    if directory.exists() and not directory.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(directory))
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a parent further up is a file
        raise NotADirectoryError(
            errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(directory)
        ) from None
