"""The hall's board (``book board``): entry progress and agree counts, never a single ballot.

The board reads the book incrementally (only entries committed since it last looked), so it
keeps up with tellers writing from other processes without slowing them: readers never block
writers in WAL mode.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from electkit.core.book import Ledger, compare
from electkit.core.book_count import count_ledger
from electkit.core.tally import TallyResult
from electkit.io.book import Book, BookContest
from electkit.messages import t


class Board:
    """What the board shows, kept up to date from the book."""

    def __init__(self, book: Book, contest: str | None = None) -> None:
        self.book = book
        self.contests: list[BookContest] = [
            c for c in book.contests() if contest is None or c.id == contest
        ]
        self.ledgers = {c.id: Ledger(c.id, c.contest.candidates) for c in self.contests}
        self.results: dict[str, TallyResult] = {}
        self.agreed: dict[str, int] = {}
        self.head = ""
        self.updated = ""
        self.encoding: str | None = None

    def refresh(self) -> bool:
        """Read what was committed since the last look; True when anything changed."""
        changed: set[str] = set()
        for entry in self.book.new_entries():
            self.head = entry.hash
            if entry.contest in self.ledgers:
                self.ledgers[entry.contest].apply(entry)
                changed.add(entry.contest)
        for contest in self.contests:
            if contest.id in changed or contest.id not in self.results:
                ledger = self.ledgers[contest.id]
                self.results[contest.id] = count_ledger(ledger, contest.contest, contest.rules)
                self.agreed[contest.id] = compare(ledger).agreed
        self.updated = dt.datetime.now().strftime("%H:%M:%S")
        return bool(changed)

    def frame(self, lang: str, encoding: str | None = None) -> Any:
        """One screen: a panel per contest, then the time and the head.

        ``encoding`` is the console's: the QR code uses only characters it can print.
        """
        from rich.console import Group
        from rich.table import Table

        self.encoding = encoding
        from rich.text import Text

        # the contests side by side, so that a projector's screen holds all of them
        row = Table.grid(expand=True, padding=(0, 1))
        for _ in self.contests:
            row.add_column(ratio=1)
        row.add_row(*(self._panel(c, lang) for c in self.contests))
        return Group(
            Text(t("book.board.title", lang, book=self.book.path.name), style="bold"),
            row,
            Text(
                t("book.board.updated", lang, time=self.updated, head=self.head[:12] or "—"),
                style="dim",
            ),
        )

    def _panel(self, contest: BookContest, lang: str) -> Any:
        from rich.console import Group
        from rich.panel import Panel
        from rich.progress_bar import ProgressBar
        from rich.table import Table

        ledger = self.ledgers[contest.id]
        result = self.results[contest.id]
        returned = ledger.returned
        target = returned if returned is not None else contest.contest.issued_count
        of = t(
            "book.board.of_returned" if returned is not None else "book.board.of_issued",
            lang,
            count=target,
        )
        grid = Table.grid(padding=(0, 1), expand=True)
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_column(justify="right", no_wrap=True)
        if not ledger.clerks:
            grid.add_row(t("book.board.none", lang), "", of)
        for clerk in ledger.clerks:
            entered = len(ledger.stored(clerk))
            bar = ProgressBar(total=max(target, 1), completed=min(entered, target))
            grid.add_row(t("book.board.clerk", lang, clerk=clerk), bar, f"{entered} {of}")
        if len(ledger.clerks) >= 2:
            basis = t("book.board.agreed", lang, count=self.agreed.get(contest.id, 0))
        elif ledger.clerks:
            basis = t("book.board.single", lang)
        else:
            basis = ""
        grid.add_row("", "", "")
        grid.add_row(t("tally.ui.name", lang), "", t("tally.ui.agree", lang), style="bold")
        scale = max(result.basis, 1)
        # a written-in name with few votes could point at one voter's ballot: shown one by one
        # only when it passes the threshold, else summed into one line
        shown = [r for r in result.results if r.listed or result.passes(r.agree)]
        others = sum(r.agree for r in result.results if r not in shown)
        for row in shown:
            style = "bold green" if result.passes(row.agree) else "cyan"
            bar = ProgressBar(
                total=scale,
                completed=row.agree,
                complete_style=style,
                finished_style=style,
            )
            name = row.name if row.listed else f"{row.name} {t('tally.ui.write_in', lang)}"
            grid.add_row(name, bar, str(row.agree))
        if others:
            grid.add_row(t("book.board.write_ins", lang), "", str(others))
        threshold = t("book.board.threshold", lang, threshold=result.threshold)
        subtitle = f"{basis} · {threshold}" if basis else threshold
        body: Any = grid
        count = ledger.counts[-1] if ledger.counts else None
        if count is not None and count.seq > ledger.last_ballot_seq:
            body = Group(grid, *self._head(count.hash, lang))
        return Panel(body, title=contest.title, subtitle=subtitle, title_align="left")

    def _head(self, head: str, lang: str) -> list[Any]:
        """The official count's head in full, as text and as a QR code, for the minutes."""
        from rich.text import Text

        from electkit.core.book import group_head
        from electkit.render.qr import qr_lines

        lines = [
            Text(""),
            Text(t("book.board.official", lang), style="bold green"),
            Text(group_head(head), style="bold"),
        ]
        lines += [Text(row, style="black on white") for row in qr_lines(head, self.encoding)]
        return lines


def watch(board: Board, interval: float, lang: str, console: Any) -> None:
    """The board full screen (rich Live, the alternate screen) until Ctrl-C."""
    import time

    from rich.live import Live

    board.refresh()
    encoding = console.encoding
    with Live(
        board.frame(lang, encoding), screen=True, auto_refresh=False, console=console
    ) as screen:
        try:
            while True:
                time.sleep(interval)
                board.refresh()
                screen.update(
                    board.frame(lang, encoding), refresh=True
                )  # the clock moves on regardless
        except KeyboardInterrupt:
            pass
