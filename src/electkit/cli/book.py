"""``electkit book …``: the counting book (计票簿) for election day.

Open a book for the contests, enter or import the ballots as two clerks, compare them, count
the agreed ballots, verify the hash chain, export, watch the board. Storage and logic live in
``electkit.io.book*`` and ``electkit.core.book*``, imported inside the commands (start-up time).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from electkit.cli.common import (
    App,
    ExitCode,
    Format,
    FormatOption,
    LangOption,
    console,
    emit,
    errors_reported,
)
from electkit.render.terminal import out, out_err

app = App(
    help="计票簿：选举当天录入选票、双人核对、防篡改 / The counting book: ballot entry on the day, "
    "double entry, tamper evidence.",
    no_args_is_help=True,
)

BookArgument = typer.Argument(
    ..., metavar="BOOK", help="计票簿文件(SQLite) / the book file (SQLite)"
)
ContestOption = typer.Option(
    None, "--contest", "-c", help="选举编号(账本中只有一场时可省略) / contest id"
)
ClerkOption = typer.Option(
    None, "--clerk", help="录入员姓名(双人录入时各用自己的) / the clerk's name"
)


@contextmanager
def _reported(lang: str, book: Path | None = None) -> Iterator[None]:
    """electkit's named errors as messages and exit codes; SQLite's errors said as what they are
    (a lock held too long, a full disk, an I/O error, read-only storage, a damaged file)."""
    from electkit.io.book_sqlite import sqlite_errors

    with errors_reported(lang), sqlite_errors(book):
        yield


def _lang(lang: str | None) -> str:
    from electkit.messages import detect_lang

    return detect_lang(lang)


def _say(text: str) -> None:
    """A diagnostic line on stderr, flushed at once (progress is an acknowledgement)."""
    out_err(text + "\n")
    sys.stderr.flush()


@app.command("open")
def open_(
    book: Path = BookArgument,
    contests: list[Path] = typer.Argument(
        ..., metavar="CONTESTS", help="选举文件 .yaml(与 tally count 相同) / contest files"
    ),
    lang: str | None = LangOption,
) -> None:
    """建立计票簿，放入各场选举。不会覆盖已有文件。 / Create a book holding the contests.

    选举文件的内容和规则集(名称与 SHA-256)存入账本，之后不再依赖这些文件。
    The contest files' text and the rule set's identity are stored in the book.
    """
    language = _lang(lang)
    with _reported(language, book):
        from electkit.io.book_ops import open_book
        from electkit.messages import t

        entries = open_book(book, contests)
        ids = [e.contest or "" for e in entries if e.kind == "contest"]
        sep = "、" if language == "zh" else ", "
        out(
            t(
                "book.ui.opened",
                language,
                path=book,
                count=len(ids),
                contests=sep.join(ids),
                head=entries[-1].hash,
            )
            + "\n"
        )


@app.command("enter")
def enter(
    book: Path = BookArgument,
    contest: str | None = ContestOption,
    clerk: str | None = ClerkOption,
    lang: str | None = LangOption,
) -> None:
    """录入员在键盘上逐张录入选票。 / Enter ballots at a keyboard, one key per candidate.

    o/1 赞成、x 反对、空格/- 弃权，再写另选他人，回车存入；# 改票号，v 废票，u 更正上一张，q 结束。
    在终端上逐键读取；标准输入不是终端时按行读取同样的按键(脚本模式，见 docs/book.md)。
    Keys o/1 agree, x oppose, space/- abstain, then write-ins, Enter stores; # number, v void,
    u correct the previous ballot, q quit. Single keys on a terminal; the same keys read as
    lines when stdin is not a terminal (scripted mode).
    """
    language = _lang(lang)
    with _reported(language, book):
        from electkit.cli.book_entry import run_session
        from electkit.io.book import Book
        from electkit.io.book_ops import check_clerk, clerk_name

        name = clerk_name(clerk, book)
        opened = Book.open(book)
        try:
            found = opened.contest(contest)
            ledger = opened.ledger(found.id)
            check_clerk(ledger, name, book)
            code = run_session(opened, found, ledger, name, language)
        finally:
            opened.close()
    raise typer.Exit(code)


@app.command("import")
def import_(
    book: Path = BookArgument,
    ballots: Path = typer.Argument(
        ..., metavar="BALLOTS", help="选票文件 .csv/.xlsx(tally count 的格式) / ballot file"
    ),
    contest: str | None = ContestOption,
    clerk: str | None = ClerkOption,
    batch: int = typer.Option(
        1000, "--batch", min=1, help="每次提交的行数 / rows per committed transaction"
    ),
    sheet: str | None = typer.Option(None, "--sheet", help="Excel 工作表名 / sheet name"),
    encoding: str | None = typer.Option(None, "--encoding", help="CSV 编码 / CSV encoding"),
    lang: str | None = LangOption,
) -> None:
    """从选票文件导入一名录入员的录入。 / Import one clerk's ballots from a ballot file.

    重复导入相同的行不会重复存入；同一票号内容不同的行存为更正并列出。每提交一批就报告进度。
    Re-importing the same rows stores nothing twice; a row that differs from the clerk's entry
    for that number is stored as a correction and listed. Progress is reported after each commit.
    """
    language = _lang(lang)
    with _reported(language, book):
        from electkit.io.book import Book
        from electkit.io.book_ops import clerk_name, import_rows, read_rows
        from electkit.messages import t
        from electkit.render.book_view import changes_text

        name = clerk_name(clerk, book)
        with Book.open(book) as opened:
            found = opened.contest(contest)
            rows, source = read_rows(ballots, found.contest, sheet=sheet, encoding=encoding)
            if source.example_row is not None:
                _say(t("tally.ui.example_row", language, row=source.example_row))

            def progress(done: int, total: int, last: str) -> None:
                _say(t("book.ui.import.progress", language, done=done, total=total, last=last))

            report = import_rows(opened, found, name, rows, batch=batch, progress=progress)
        for entry, before in report.corrections:
            changes = changes_text(before, entry, found.contest.candidates, language)
            out(
                t(
                    "book.ui.import.correction",
                    language,
                    ballot=entry.data["number"],
                    seq=entry.seq,
                    changes=changes,
                )
                + "\n"
            )
        out(
            t(
                "book.ui.import.done",
                language,
                clerk=name,
                rows=report.rows,
                new=report.new,
                corrected=len(report.corrections),
                unchanged=report.unchanged,
                head=report.head,
            )
            + "\n"
        )


@app.command("diff")
def diff(
    book: Path = BookArgument,
    contest: str | None = ContestOption,
    fmt: Format = FormatOption,
    lang: str | None = LangOption,
) -> None:
    """双人录入核对：逐张比较两名录入员的录入。 / Compare the two clerks' entries ballot by ballot.

    退出码 0：完全一致；1：有不一致或只有一人录入的选票。
    Exit 0 when they agree on every ballot; 1 when any ballot differs or was entered by one only.
    """
    language = _lang(lang)
    with _reported(language, book):
        from electkit.core.book import compare
        from electkit.io.book import Book
        from electkit.io.book_verify import verify as check
        from electkit.messages import t
        from electkit.render import book_view

        with Book.open(book, writing=False) as opened:
            found = opened.contest(contest)
            double = compare(opened.ledger(found.id))
            broken = check(opened).first
    if fmt is Format.json:
        emit(book_view.dumps(double.as_json()), None, language)
    elif fmt is Format.table:
        book_view.print_diff(double, found.title, language, console())
    else:
        emit(book_view.diff_text(double, found.title, language, fmt.value), None, language)
    if broken is not None:  # agreeing entries of a book changed outside electkit prove nothing
        entry = str(broken.entry or "—")
        message = t("book.count.tampered", language, entry=entry, book=str(book))
        console(stderr=True).print(message, style="bold red", markup=False, soft_wrap=True)
    differs = double.disagreements > 0 or len(double.clerks) < 2 or broken is not None
    raise typer.Exit(int(ExitCode.FINDINGS if differs else ExitCode.OK))


@app.command("count")
def count(
    book: Path = BookArgument,
    contest: str | None = ContestOption,
    unofficial: bool = typer.Option(
        False, "--unofficial", help="有不一致时也计票，标明非正式 / count anyway, marked unofficial"
    ),
    single_entry: bool = typer.Option(
        False,
        "--single-entry",
        help="只有一名录入员时确认按单人录入正式计票(记入账本) / state single entry (recorded)",
    ),
    fmt: Format = FormatOption,
    lang: str | None = LangOption,
) -> None:
    """对两人一致的选票计票(与 tally count 相同)。 / Count the agreed ballots (as tally count).

    两名录入员有任何不一致时不能正式计票(退出码 3，见 book diff)；--unofficial 总是计票并标明。
    正式计票记入账本。JSON 与 tally count 相同，另加 official 和 book_head。
    With any disagreement an official count is blocked (exit 3; see book diff); --unofficial
    always counts, marked as such. An official count is recorded in the book. The JSON is
    tally count's plus "official" and "book_head".
    """
    language = _lang(lang)
    with _reported(language, book):
        from electkit.app.tally import count_from_book

        counted = count_from_book(book, contest, unofficial=unofficial, single_entry=single_entry)
    from electkit.render.book_view import count_lines, render_count

    render_count(
        counted.view,
        official=counted.official,
        head=counted.head,
        lines=count_lines(counted.official, counted.head, single_entry, counted.left_out, language),
        fmt=fmt.value,
        lang=language,
        console=console(),
    )


@app.command("verify")
def verify(
    book: Path = BookArgument,
    head: str | None = typer.Option(
        None,
        "--head",
        help="会议记录或大屏照片上的账本头(可分组、大小写均可，至少16位) / a head written down"
        " at the count (groups and any case accepted; 16 hex digits at least)",
    ),
    fmt: Format = FormatOption,
    lang: str | None = LangOption,
) -> None:
    """重算哈希链，核对各表和已记录的正式计票。 / Recompute the hash chain and check every table.

    退出码 0：完好；1：账本在 electkit 之外被改动或损坏(指出第一处)，或 --head 不在链上。
    单凭核验发现不了整本账本的一致改写：请用 --head 核对计票时抄下的账本头。
    Exit 0 when intact; 1 when anything was changed outside electkit or the file is damaged (the
    first break is named), or the --head is not on the chain. A consistent rewrite of the whole
    book is found only against a head written down at the count (--head).
    """
    language = _lang(lang)
    with _reported(language, book):
        from electkit.core.book import head_digits
        from electkit.core.errors import InputError, Problem
        from electkit.io.book import Book, BookDamaged
        from electkit.io.book_verify import verify as check
        from electkit.render import book_verify_view

        digits = None if head is None else head_digits(head)
        if head is not None and digits is None:
            raise InputError([Problem(message_id="book.head.bad", value=head)])
        try:
            with Book.open(book, writing=False, verifying=True) as opened:
                outcome = check(opened)
        except BookDamaged as exc:  # a file SQLite cannot read: what is damaged, what to do
            outcome = book_verify_view.unreadable(exc.problems)
    found = None if digits is None else book_verify_view.head_entry(outcome, digits)
    book_verify_view.render(outcome, found, head, fmt.value, language, console())
    intact = outcome.intact and (head is None or found is not None)
    raise typer.Exit(int(ExitCode.OK if intact else ExitCode.FINDINGS))


@app.command("export")
def export(
    book: Path = BookArgument,
    contest: str | None = ContestOption,
    clerk: str | None = typer.Option(
        None, "--clerk", help="只导出此录入员的录入(默认：两人一致的选票) / one clerk's entries"
    ),
    output: Path = typer.Option(..., "--output", "-o", help="输出 .csv 文件 / output .csv file"),
    lang: str | None = LangOption,
) -> None:
    """导出选票(导入格式的 CSV)。 / Export ballots as a CSV in the import format.

    默认导出两人一致的选票(只有一人录入时为其录入)；--clerk 导出一名录入员的录入。
    By default the ballots a count takes; --clerk gives one clerk's current entries.
    """
    language = _lang(lang)
    with _reported(language, book):
        from electkit.core.errors import InputError, Problem
        from electkit.core.findings import listing
        from electkit.io.book import Book
        from electkit.io.book_ops import clerk_name, export_csv
        from electkit.messages import t

        if output.suffix.lower() != ".csv":
            raise InputError([Problem(message_id="book.export.csv", file=str(output))])
        with Book.open(book, writing=False) as opened:
            found = opened.contest(contest)
            ledger = opened.ledger(found.id)
            name = None if clerk is None else clerk_name(clerk, book)
            if name is not None and name not in ledger.clerks:
                raise InputError(
                    [
                        Problem(
                            message_id="book.clerk.unknown",
                            file=str(book),
                            value=name,
                            params={"known": listing(ledger.clerks or ["—"])},
                        )
                    ]
                )
        text, written = export_csv(ledger, found.contest, name)
        emit(text, output, language)
        _say(t("book.ui.export.done", language, count=written, path=output))


@app.command("returned")
def returned(
    book: Path = BookArgument,
    number: int = typer.Argument(
        ..., min=0, metavar="NUMBER", help="收回选票张数 / ballots returned"
    ),
    contest: str | None = ContestOption,
    lang: str | None = LangOption,
) -> None:
    """记录监票人清点的收回选票数。 / Record the number of ballots taken from the box.

    录入进度按此显示；正式计票须两人一致的选票数与之相等。
    Entry progress is shown against it; an official count needs as many agreed ballots.
    """
    language = _lang(lang)
    with _reported(language, book):
        from electkit.io.book import Book
        from electkit.io.book_ops import record_returned
        from electkit.messages import t

        with Book.open(book) as opened:
            found = opened.contest(contest)
            entry = record_returned(opened, found, number)
        out(
            t("book.ui.returned", language, contest=found.id, returned=number, seq=entry.seq) + "\n"
        )


@app.command("status")
def status(
    book: Path = BookArgument,
    fmt: Format = FormatOption,
    lang: str | None = LangOption,
) -> None:
    """账本概况：各场选举、录入员、录入数、不一致数、账本头。 / Contests, clerks, entries, head."""
    language = _lang(lang)
    with _reported(language, book):
        from electkit.io.book import Book
        from electkit.io.book_ops import status_data
        from electkit.render import book_view

        with Book.open(book, writing=False) as opened:
            data = status_data(opened)
    if fmt is Format.json:
        emit(book_view.dumps(data), None, language)
    elif fmt is Format.table:
        book_view.print_status(data, language, console())
    else:
        emit(book_view.status_text(data, language, fmt.value), None, language)


@app.command("board")
def board(
    book: Path = BookArgument,
    contest: str | None = ContestOption,
    once: bool = typer.Option(False, "--once", help="只显示一屏后退出 / render one frame and exit"),
    interval: float = typer.Option(
        1.0, "--interval", min=0.1, help="刷新间隔秒数 / seconds between refreshes"
    ),
    lang: str | None = LangOption,
) -> None:
    """会场大屏：各场选举的录入进度和各候选人的赞成票。 / The hall's live board (projector).

    只显示张数和得票，不显示任何单张选票。Ctrl-C 退出。
    Counts only, never a single ballot. Ctrl-C quits.
    """
    language = _lang(lang)
    with _reported(language, book):
        from electkit.io.book import Book
        from electkit.render.book_board import Board, watch

        opened = Book.open(book, writing=False)
        try:
            live = Board(opened, None if contest is None else opened.contest(contest).id)
            if once:
                live.refresh()
                screen = console()
                screen.print(live.frame(language, screen.encoding))
            else:
                watch(live, interval, language, console())
        finally:
            opened.close()
