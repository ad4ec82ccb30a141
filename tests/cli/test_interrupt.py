"""Ctrl-C at any moment of start-up: no traceback once electkit's first line has run.

The first few milliseconds belong to Python itself (the interpreter and ``site`` start before
any electkit code, and a Ctrl-C there prints Python's own traceback): out of electkit's reach.
From ``electkit/__init__.py`` on, a Ctrl-C ends the command quietly with exit 130.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

import electkit
from tests.book_helpers import ELECTKIT, ROOT

PACKAGE = str(Path(electkit.__file__).parent) + os.sep  # a frame of electkit's own code


def test_ctrl_c_while_starting_prints_no_electkit_traceback() -> None:
    codes = []
    said: dict[int, str] = {}
    command = [*ELECTKIT, "book", "verify", "/nonexistent.book"]
    started = time.monotonic()  # how long a whole run takes on this machine, at this load
    subprocess.run(command, capture_output=True, cwd=ROOT, timeout=60)
    whole = max(time.monotonic() - started, 0.2)
    for step in range(24):
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
        # spread over the run: Python's start-up, the imports, the command (a loaded machine
        # starts Python more slowly, so fixed delays would all land in its start-up)
        time.sleep(0.005 + step * whole / 24)
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=30)
        text = err.decode("utf-8", "replace")
        if "Traceback" in text:  # Python's own start-up, before electkit's first line
            assert PACKAGE not in text.split("Traceback", 1)[1], text
            assert child.returncode in (1, -signal.SIGINT)
            continue
        assert "Aborted" not in text  # click's "Aborted!" (exit 1) is not electkit's 130
        codes.append(child.returncode)
        said.setdefault(child.returncode, text)
    # 2: it finished first (not found)
    assert set(codes) <= {130, 2, -signal.SIGINT}, (codes, said)
    assert 130 in codes, codes  # (how many land in Python's own start-up depends on the load)


def test_an_error_while_an_interrupt_unwinds_is_the_interrupt(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A cleanup that fails during a Ctrl-C (a half-done import, a terminal restored) is exit
    130, not an internal error (exit 70)."""
    from electkit.cli import main as entry

    def interrupted_then_broken() -> None:
        try:
            raise KeyboardInterrupt
        finally:
            raise RuntimeError("cleanup failed")

    monkeypatch.setattr(entry, "app", interrupted_then_broken)
    try:
        with pytest.raises(SystemExit) as stopped:
            entry.main()
    finally:  # main() leaves Ctrl-C ignored for the shutdown; the test process needs it back
        signal.signal(signal.SIGINT, signal.default_int_handler)
    assert stopped.value.code == 130


def test_a_ctrl_c_a_library_turns_into_its_own_error_is_the_interrupt(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """pydantic-core catches a Ctrl-C that lands while it builds a schema and raises
    SchemaError: that is exit 130, not an internal error (exit 70)."""
    import contextlib
    import signal as signals

    from electkit.cli import main as entry

    def interrupted_in_a_library() -> None:
        with contextlib.suppress(KeyboardInterrupt):  # the library swallows the interrupt …
            signals.raise_signal(signals.SIGINT)  # (the handler main() installed runs here)
        raise RuntimeError("Error building schema")  # … and raises its own error, unchained

    monkeypatch.setattr(entry, "app", interrupted_in_a_library)
    monkeypatch.setattr(entry, "_SIGINT", [])
    with pytest.raises(SystemExit) as exited:
        entry.main()
    assert exited.value.code == 130


def test_a_ctrl_c_in_a_finaliser_prints_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Ctrl-C that lands in a finaliser is "unraisable": Python would print "Exception
    ignored in: 'Path'" with a traceback through electkit's handler. It is remembered instead;
    any other unraisable error goes to Python's own hook."""
    from types import SimpleNamespace

    from electkit.cli import main as entry

    seen: list[object] = []
    monkeypatch.setattr(entry, "_SIGINT", [])
    hook = entry._unraisable(seen.append)
    hook(SimpleNamespace(exc_value=KeyboardInterrupt()))
    assert seen == [] and entry._SIGINT == [True]
    other = SimpleNamespace(exc_value=ValueError("x"))
    hook(other)
    assert seen == [other]
