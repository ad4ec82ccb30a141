"""``book enter``: a teller enters paper ballots at a keyboard, one key per candidate.

On a terminal the keys are read one at a time (cbreak mode: no Enter after each mark, Ctrl-C
still interrupts); when stdin is not a terminal the same keys are read from it as text, a
newline standing for Enter (scripted mode, for tests and for replaying a teller's keys). Both go
through one state machine, so a script is exactly what a teller would type (docs/book.md).

A ballot is echoed only after its transaction has committed with ``synchronous=FULL``: whatever
the teller has seen echoed survives Ctrl-C, a kill or a power cut.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import IO, Any

from electkit.cli.book_keys import ERASE, ScriptedKeys, TerminalKeys, WindowsKeys
from electkit.core.book import (
    BallotContent,
    Draft,
    Entry,
    Ledger,
    Stored,
    ballot_entry,
    ballot_key,
    next_number,
    withdraw_draft,
)
from electkit.core.contest import BallotError, parse_write_in
from electkit.core.tally import BallotOutcome, Tally
from electkit.io.book import Book, BookContest, stored_so_far
from electkit.io.book_ops import check_clerk
from electkit.messages import t
from electkit.render.book_view import MARK_SYMBOLS, echo_parts
from electkit.render.terminal import visible

MARK_KEYS = {"o": 1, "O": 1, "1": 1, "x": 2, "X": 2, " ": 0, "-": 0}
MARK_KEY_TEXT = "".join(MARK_KEYS)
WRITE_IN_SEPARATORS = "、,，;；"
_ANSI = ("\x1b[2m", "\x1b[1;32m", "\x1b[1;31m")  # abstain dim, agree green, oppose red
_RESET = "\x1b[0m"


QUIT = "quit"


class ScriptStopped(Exception):
    """A scripted session met a key that is not an answer where it stands: it stops there
    (exit 2) rather than drop or misplace keys (a pilot lost 2,673 ballots that way)."""

    def __init__(self, message_id: str, **params: object) -> None:
        super().__init__(message_id)
        self.message_id = message_id
        self.params = params


class EntrySession:
    """One clerk entering one contest's ballots."""

    def __init__(
        self,
        book: Book,
        contest: BookContest,
        ledger: Ledger,
        clerk: str,
        keys: Any,
        out: Any,
        lang: str,
    ) -> None:
        self.book = book
        self.contest = contest
        self.ledger = ledger
        self.clerk = clerk
        self.keys = keys
        self.out = out
        self.lang = lang
        self.candidates = contest.contest.candidates
        self.width = len(str(contest.contest.issued_count))
        self.stored_now = 0
        self.last_number: str | None = None

    # -- the loop -------------------------------------------------------------------------
    def run(self) -> None:
        """Enter ballots until q, Ctrl-D or the end of the input."""
        c = self.contest.contest
        self.say(
            t(
                "book.enter.banner",
                self.lang,
                contest=self.contest.title,
                clerk=self.clerk,
                candidates=len(self.candidates),
                seats=c.seats,
            ),
            "bold",
        )
        self.say(t("book.enter.keys", self.lang), "dim")
        while True:
            self.catch_up()
            if self.keys.tty:
                self.say(self.status_line(), "dim")
            if self.ballot() == QUIT:
                break
        self.say(
            t(
                "book.enter.bye",
                self.lang,
                count=self.stored_now,
                clerk=self.clerk,
                entered=len(self.ledger.stored(self.clerk)),
                head=self.book.head()[1][:12],
            ),
            "bold",
        )

    def catch_up(self) -> None:
        """Take in what other processes committed (the other clerk, a recorded R)."""
        for entry in self.book.new_entries():
            if entry.contest == self.ledger.contest:
                self.ledger.apply(entry)

    def status_line(self) -> str:
        """entered / returned so far (issued while R is not recorded), and the head."""
        entered = len(self.ledger.stored(self.clerk))
        if self.ledger.returned is not None:
            key, total = "book.enter.status.returned", self.ledger.returned
        else:
            key, total = "book.enter.status.issued", self.contest.contest.issued_count
        return t(key, self.lang, entered=entered, total=total, head=self.book.head()[1][:12])

    def say(self, text: str, style: str = "") -> None:
        """A line of output."""
        self.out.print(text, style=style or None, markup=False, soft_wrap=True)

    # -- one ballot ------------------------------------------------------------------------
    def ballot(self, correcting: Stored | None = None, number: str | None = None) -> str | None:
        """Read and store one ballot; QUIT at the end."""
        mine = self.ledger.stored(self.clerk)
        if number is None:
            number = (
                correcting.number
                if correcting
                else next_number(self.ledger, self.clerk, self.width)
            )
        marks: list[int] = []
        self.draw(number, marks)
        while len(marks) < len(self.candidates):
            key = self.keys.key()
            if key is None and marks:
                return self.unfinished(number)
            if key is None or (not marks and key in ("q", "Q")):
                self.end_line(marks)
                return QUIT
            if not marks and key == "#":
                self.end_line(marks)
                typed = self.keys.line(t("book.enter.number", self.lang, number=number))
                if typed is None:
                    return QUIT
                if typed.strip():
                    number = ballot_key(typed)[0]
                    found = mine.get(ballot_key(number)[1])
                    if found is not None and found is not correcting:
                        self.say(t("book.enter.exists", self.lang, number=found.number), "yellow")
                        self.echo(found.number, found.content, None, "")
                self.draw(number, marks)
            elif not marks and key in ("v", "V"):
                self.end_line(marks)
                reason = self.keys.line(t("book.enter.reason", self.lang, number=number))
                if reason is None:
                    return QUIT
                blank = [0] * len(self.candidates)
                void = BallotContent.of(blank, (), reason.strip() or "废票")
                self.store(number, void, correcting)
                return None
            elif not marks and key in ("u", "U") and correcting is None:
                self.end_line(marks)
                previous = self.ledger.previous(self.clerk)
                if previous is None:
                    self.say(t("book.enter.nothing", self.lang), "yellow")
                    self.draw(number, marks)
                    continue
                self.say(t("book.enter.correct", self.lang, number=previous.number), "yellow")
                self.echo(previous.number, previous.content, None, "")
                return self.ballot(correcting=previous)
            elif not marks and key in ("d", "D") and correcting is not None:
                self.end_line(marks)
                self.withdraw(correcting)
                return None
            elif key in MARK_KEYS:
                marks.append(MARK_KEYS[key])
                self.draw(number, marks)
            elif key in ERASE:
                if marks:
                    marks.pop()
                self.draw(number, marks)
            elif key == "\x1b":
                marks.clear()
                self.end_line(marks)
                self.say(t("book.enter.cancelled", self.lang), "yellow")
                self.draw(number, marks)
            elif key in ("\n", "\r", "\t"):
                if marks and not self.keys.tty:  # Enter before the last mark: keys would shift
                    raise ScriptStopped(
                        "book.enter.script.early_enter",
                        number=number,
                        marked=len(marks),
                        candidates=len(self.candidates),
                    )
                continue
            elif key == "?":
                self.end_line(marks)
                self.say(t("book.enter.keys", self.lang), "dim")
                self.draw(number, marks)
            else:
                if not self.keys.tty:
                    raise ScriptStopped("book.enter.script.bad_key", number=number, key=repr(key))
                self.end_line(marks)
                self.say(t("book.enter.bad_key", self.lang, key=key), "yellow")
                self.draw(number, marks)
        self.draw(number, marks)
        return self.finish(number, marks, correcting)

    def finish(self, number: str, marks: list[int], correcting: Stored | None) -> str | None:
        """Written-in names, the over-vote check, then store."""
        while True:
            typed = self.keys.line(" " + t("book.enter.write_ins", self.lang))
            if typed is None:
                return self.unfinished(number)
            names = [w.strip() for w in _split(typed) if w.strip()]
            problem = _check_write_ins(names, self.lang)
            if problem is None:
                break
            if not self.keys.tty:
                raise ScriptStopped("book.enter.script.write_in", number=number, problem=problem)
            self.say(problem, "yellow")
        content = BallotContent.of(marks, names, None)
        outcome = self.outcome(number, content)
        if outcome is not None and outcome.invalid is not None:
            agreed = outcome.invalid.agreed or 0
            self.say(
                t("book.enter.over", self.lang, agreed=agreed, seats=self.contest.contest.seats),
                "bold yellow",
            )
            while True:
                key = self.keys.key()
                if key is None:
                    return self.unfinished(number)
                if key in ("y", "Y"):
                    break
                if key in ("n", "N"):
                    return self.ballot(correcting, number)
                if not self.keys.tty:
                    raise ScriptStopped(
                        "book.enter.script.not_yes_no", number=number, key=repr(key)
                    )
                if key not in ("\n", "\r"):  # never discarded silently
                    self.say(t("book.enter.yes_or_no", self.lang, key=key), "yellow")
        self.store(number, content, correcting, outcome)
        return None

    def unfinished(self, number: str) -> str:
        """The keys ended inside a ballot: said at a terminal; a stop for a script."""
        if not self.keys.tty:
            raise ScriptStopped("book.enter.script.unfinished", number=number)
        self.end_line([])
        self.say(t("book.enter.unfinished", self.lang, number=number), "yellow")
        return QUIT

    def outcome(self, number: str, content: BallotContent) -> BallotOutcome | None:
        """How the tally engine reads this ballot (valid, or invalid and why)."""
        tally = Tally(self.contest.contest, self.contest.rules, explain=True)
        try:
            return tally.add_marks(number, content.mark_values, content.write_ins, content.void)
        except BallotError:
            return None

    # -- storing -----------------------------------------------------------------------------
    def store(
        self,
        number: str,
        content: BallotContent,
        correcting: Stored | None,
        outcome: BallotOutcome | None = None,
    ) -> list[Entry]:
        """Commit one ballot (and the withdrawal of a mistyped number), then echo it."""
        started = time.perf_counter()
        _, key = ballot_key(number)
        self.catch_up()
        contest, clerk = self.ledger.contest, self.clerk
        moved = correcting is not None and ballot_key(correcting.number)[1] != key
        needed = ballot_entry(self.ledger.stored(clerk), contest, clerk, number, content, "enter")
        if not moved and needed is None:
            self.say(t("book.enter.same", self.lang, number=number), "yellow")
            return []  # already in the book as entered: nothing to write
        same = False
        with self.stopped(number), self.book.writing() as writer:
            for entry in writer.new:
                if entry.contest == self.ledger.contest:
                    self.ledger.apply(entry)
            check_clerk(self.ledger, self.clerk, self.book.path)
            mine = self.ledger.stored(self.clerk)
            drafts: list[Draft] = []
            if correcting is not None and ballot_key(correcting.number)[1] != key:
                old = mine.get(ballot_key(correcting.number)[1])
                if old is not None:
                    drafts.append(withdraw_draft(self.ledger.contest, self.clerk, old, "enter"))
            draft = ballot_entry(mine, contest, clerk, number, content, "enter")
            if draft is None:
                same = True
            else:
                drafts.append(draft)
            stored = writer.add(drafts)
        for entry in stored:  # committed: now it may be acknowledged
            self.ledger.apply(entry)
        if same:
            self.say(t("book.enter.same", self.lang, number=number), "yellow")
            return stored
        self.stored_now += 1
        entry = stored[-1]
        label = "book.enter.corrected" if entry.data.get("corrects") else "book.enter.stored"
        elapsed = (time.perf_counter() - started) * 1000
        self.echo(entry.data["number"], content, outcome, t(label, self.lang), entry.seq, elapsed)
        return stored

    def withdraw(self, stored: Stored) -> None:
        """Take a number out of this clerk's entries (a ballot entered under a wrong number)."""
        with self.stopped(stored.number), self.book.writing() as writer:
            for entry in writer.new:
                if entry.contest == self.ledger.contest:
                    self.ledger.apply(entry)
            current = self.ledger.stored(self.clerk).get(ballot_key(stored.number)[1])
            done = writer.add(
                [withdraw_draft(self.ledger.contest, self.clerk, current, "enter")]
                if current is not None
                else []
            )
        for entry in done:
            self.ledger.apply(entry)
            self.say(
                t("book.enter.withdrawn", self.lang, number=stored.number, seq=entry.seq), "bold"
            )

    def stopped(self, number: str) -> Any:
        """If the system stops this write: every ballot echoed is stored, this one is not."""
        previous = self.ledger.previous(self.clerk)
        last = previous.number if previous is not None else "—"
        return stored_so_far(self.book.path, "book.stored.enter", last=last, number=number)

    def echo(
        self,
        number: str,
        content: BallotContent,
        outcome: BallotOutcome | None,
        label: str,
        seq: int | None = None,
        elapsed: float | None = None,
    ) -> None:
        """The stored ballot with names and coloured marks (after COMMIT only)."""
        from rich.text import Text

        if outcome is None and content.void is None:
            outcome = self.outcome(number, content)
        parts = echo_parts(
            number, content, self.candidates, outcome, self.contest.contest.seats, self.lang
        )
        text = Text()
        text.append("√ " if seq is not None else "  ", style="bold green")
        for piece, style in parts:
            text.append(piece, style=style or None)
        if label:
            text.append(f"  {label}", style="green")
        if seq is not None and elapsed is not None:
            text.append(f"  [#{seq} {elapsed:.0f} ms]", style="dim")
        self.out.print(text, soft_wrap=True)
        self.out.file.flush()  # the acknowledgement must reach the teller (or a pipe) now

    # -- the line being typed (terminal only) --------------------------------------------
    def draw(self, number: str, marks: list[int]) -> None:
        """Redraw the ballot being typed: number, marks so far, the next candidate's name."""
        if not self.keys.tty:
            return
        symbols = "".join(_ANSI[m] + MARK_SYMBOLS[m] + _RESET for m in marks)
        upcoming = self.candidates[len(marks)] if len(marks) < len(self.candidates) else ""
        hint = f" \x1b[2m{visible(upcoming)}{_RESET}" if upcoming else ""
        seats = self.contest.contest.seats
        if marks.count(1) > seats:  # an over-vote shows as soon as the key that makes it
            warning = t("book.enter.over_now", self.lang, agreed=marks.count(1), seats=seats)
            hint += f"  \x1b[1;33m{warning}{_RESET}"
        sys.stdout.write(f"\r\x1b[K{visible(number)} › {symbols}{hint}")
        sys.stdout.flush()

    def end_line(self, marks: list[int]) -> None:
        """Keep the line being typed and go to the next (erase it when nothing was typed yet)."""
        if self.keys.tty:
            sys.stdout.write("\n" if marks else "\r\x1b[K")
            sys.stdout.flush()


def _split(text: str) -> list[str]:
    for separator in WRITE_IN_SEPARATORS[1:]:
        text = text.replace(separator, WRITE_IN_SEPARATORS[0])
    return text.split(WRITE_IN_SEPARATORS[0])


def _check_write_ins(names: list[str], lang: str) -> str | None:
    for name in names:
        if not name.strip(MARK_KEY_TEXT):
            # only mark keys: the teller typed one mark too many, not a name
            return t("book.enter.marks_not_name", lang, value=name)
        try:
            parse_write_in(name)
        except BallotError as exc:
            return t(
                "book.enter.bad_write_in",
                lang,
                value=name,
                reason=t(exc.message_id, lang, value=name),
            )
    return None


def run_session(
    book: Book,
    contest: BookContest,
    ledger: Ledger,
    clerk: str,
    lang: str,
    *,
    stdin: IO[str] | None = None,
    make_console: Callable[[], Any] | None = None,
) -> int:
    """Run an entry session on this terminal (or scripted from stdin); the exit code."""
    import signal
    import threading

    from electkit.cli.common import console

    source = stdin if stdin is not None else sys.stdin
    out = make_console() if make_console is not None else console()
    interactive = stdin is None and source.isatty()
    keys: Any
    if not interactive:
        keys = ScriptedKeys(source)
    elif os.name == "nt":
        keys = WindowsKeys(sys.stdout)
    else:
        encoding = getattr(source, "encoding", None) or "utf-8"
        keys = TerminalKeys(source.fileno(), sys.stdout, encoding)

    def stop(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    # a kill (SIGTERM) ends the session like Ctrl-C, restoring the terminal; signal handlers
    # belong to the main thread, so a session run from another thread (tests) goes without
    main = threading.current_thread() is threading.main_thread()
    handler = signal.signal(signal.SIGTERM, stop) if main else None
    session = EntrySession(book, contest, ledger, clerk, keys, out, lang)
    try:
        with keys:
            session.run()
    except ScriptStopped as stopped:
        previous = ledger.previous(clerk)
        last = previous.number if previous is not None else "—"
        message = t(stopped.message_id, lang, **stopped.params)
        err = make_console() if make_console is not None else console(stderr=True)
        err.print(
            t("book.enter.script.stopped", lang, reason=message, last=last),
            style="bold red",
            markup=False,
            soft_wrap=True,
        )
        return 2
    except KeyboardInterrupt:
        previous = ledger.previous(clerk)
        shown = previous.number if previous is not None else "—"
        out.print()
        out.print(t("book.enter.interrupted", lang, last=shown), style="bold yellow", markup=False)
        return 130
    finally:
        if main:
            signal.signal(signal.SIGTERM, handler)
    if not interactive and not keys.read_any:  # no keyboard and no keys: not a silent 0
        err = make_console() if make_console is not None else console(stderr=True)
        err.print(t("book.enter.no_terminal", lang), style="bold red", markup=False, soft_wrap=True)
        return 2
    return 0
