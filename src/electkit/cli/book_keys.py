"""Where ``book enter`` reads keys from: a terminal one key at a time, or a script as text."""

from __future__ import annotations

import os
from typing import IO, Any

ERASE = ("\x7f", "\b")


class ScriptedKeys:
    """Keys read as text from a stream that is not a terminal; a newline is Enter."""

    tty = False

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def __enter__(self) -> ScriptedKeys:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def key(self) -> str | None:
        """The next key; None at the end of the input."""
        ch = self.stream.read(1)
        return ch or None

    def line(self, prompt: str) -> str | None:
        """Text up to the next newline; None at the end of the input."""
        chars: list[str] = []
        while True:
            ch = self.stream.read(1)
            if not ch:
                return "".join(chars) if chars else None
            if ch == "\n":
                return "".join(chars).rstrip("\r")
            chars.append(ch)


class TerminalKeys:
    """Single keys from a terminal (cbreak mode), and a small line editor for names."""

    tty = True

    def __init__(self, fd: int, out: IO[str]) -> None:
        self.fd = fd
        self.out = out
        self._saved: Any = None
        self._pending = b""

    def __enter__(self) -> TerminalKeys:
        import termios
        import tty

        self._saved = termios.tcgetattr(self.fd)
        tty.setcbreak(self.fd)
        return self

    def __exit__(self, *exc: object) -> None:
        import termios

        if self._saved is not None:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)

    def key(self) -> str | None:
        """One key as text (a whole UTF-8 character); None on Ctrl-D."""
        while True:
            data = self._pending or os.read(self.fd, 64)
            self._pending = b""
            if not data:
                return None
            if data[:1] == b"\x1b" and len(data) > 1:
                continue  # an arrow or function key: not a mark
            for size in range(1, min(4, len(data)) + 1):
                try:
                    ch = data[:size].decode("utf-8")
                except UnicodeDecodeError:
                    continue
                self._pending = data[size:]
                if ch == "\x04":
                    return None
                return "\n" if ch == "\r" else ch
            self._pending = data  # an incomplete character: read the rest
            self._pending += os.read(self.fd, 64)

    def line(self, prompt: str) -> str | None:
        """A line typed with echo; Backspace erases a character, Ctrl-U the line, Ctrl-D ends."""
        from wcwidth import wcswidth

        self.out.write(prompt)
        self.out.flush()
        chars: list[str] = []
        while True:
            ch = self.key()
            if ch is None:
                if chars:
                    continue
                self.out.write("\n")
                return None
            if ch == "\n":
                self.out.write("\n")
                self.out.flush()
                return "".join(chars)
            if ch in ERASE or ch == "\x15":
                removed = [chars.pop()] if ch in ERASE and chars else chars[:]
                if ch == "\x15":
                    chars.clear()
                width = max(wcswidth("".join(removed)), 0)
                self.out.write("\b" * width + " " * width + "\b" * width)
            elif ch.isprintable():
                chars.append(ch)
                self.out.write(ch)
            self.out.flush()
