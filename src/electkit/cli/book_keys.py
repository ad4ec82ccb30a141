"""Where ``book enter`` reads keys from: a terminal one key at a time, or a script as text."""

from __future__ import annotations

import os
import sys
from typing import IO, Any

ERASE = ("\x7f", "\b")


class ScriptedKeys:
    """Keys read as text from a stream that is not a terminal; a newline is Enter."""

    tty = False

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.read_any = False  # whether the stream held any key at all

    def __enter__(self) -> ScriptedKeys:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def key(self) -> str | None:
        """The next key; None at the end of the input."""
        ch = self.stream.read(1)
        self.read_any = self.read_any or bool(ch)
        return ch or None

    def line(self, prompt: str) -> str | None:
        """Text up to the next newline; None at the end of the input."""
        chars: list[str] = []
        while True:
            ch = self.stream.read(1)
            self.read_any = self.read_any or bool(ch)
            if not ch:
                return "".join(chars) if chars else None
            if ch == "\n":
                return "".join(chars).rstrip("\r")
            chars.append(ch)


class TerminalKeys:
    """Single keys from a terminal (cbreak mode), and a small line editor for names."""

    tty = True

    def __init__(self, fd: int, out: IO[str], encoding: str = "utf-8") -> None:
        import codecs

        self.fd = fd
        self.out = out
        self._saved: Any = None
        # bytes become characters as the terminal sends them: a Chinese character from an input
        # method arrives as several bytes, possibly in two reads
        self._decoder = codecs.getincrementaldecoder(encoding)("replace")
        self._chars = ""

    def __enter__(self) -> TerminalKeys:
        import termios
        import tty

        self._saved = termios.tcgetattr(self.fd)
        tty.setcbreak(self.fd)  # no Enter needed after a key, no echo; Ctrl-C still interrupts
        return self

    def __exit__(self, *exc: object) -> None:
        import termios

        if self._saved is not None:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)

    def _read(self) -> str | None:
        """The next characters the terminal sent; None at the end."""
        while True:
            data = os.read(self.fd, 64)
            if not data:
                return None
            if data[:1] == b"\x1b" and len(data) > 1:
                continue  # an arrow or function key: not a mark
            text = self._decoder.decode(data)
            if text:
                return text

    def key(self) -> str | None:
        """One key as a character; None on Ctrl-D or at the end."""
        if not self._chars:
            text = self._read()
            if text is None:
                return None
            self._chars = text
        ch, self._chars = self._chars[0], self._chars[1:]
        if ch in ("\x04", "\x1a"):
            return None
        return "\n" if ch == "\r" else ch

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


class WindowsKeys(TerminalKeys):
    """Single keys from the Windows console (msvcrt), the same line editor."""

    def __init__(self, out: IO[str]) -> None:
        super().__init__(-1, out)

    def __enter__(self) -> WindowsKeys:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def _read(self) -> str | None:
        if sys.platform != "win32":  # pragma: no cover - only ever built on Windows
            raise OSError("the Windows console is not available here")
        import msvcrt

        while True:
            ch = msvcrt.getwch()
            if ch in ("\x00", "\xe0"):
                msvcrt.getwch()  # an arrow or function key: not a mark
                continue
            if ch == "\x03":
                raise KeyboardInterrupt
            return ch
