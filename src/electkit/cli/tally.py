"""``electkit tally …``: count the ballots of one contest (``tally count``)."""

from __future__ import annotations

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
    fail,
)
from electkit.render.terminal import out_err

app = App(help="计票 / Count ballots.", no_args_is_help=True)


@app.command("count")
def count(
    contest: Path = typer.Argument(..., metavar="CONTEST", help="选举文件 .yaml / contest file"),
    ballots: Path = typer.Argument(
        ..., metavar="BALLOTS", help="选票文件 .csv/.xlsx，每张选票一行 / one row per ballot"
    ),
    fmt: Format = FormatOption,
    lang: str | None = LangOption,
    explain: bool = typer.Option(
        False, "--explain", help="逐张列出选票如何计入 / list how every ballot was counted"
    ),
    next_round: Path | None = typer.Option(
        None,
        "--next-round",
        help="写出下一轮(再次投票或另行选举)的选举文件 / write the follow-up round's contest file",
    ),
    sheet: str | None = typer.Option(
        None, "--sheet", help="Excel 工作表名(默认第一个) / sheet name"
    ),
    encoding: str | None = typer.Option(
        None, "--encoding", help="CSV 编码(默认自动：BOM、UTF-8、GB18030) / CSV encoding"
    ),
) -> None:
    """计票：到会人数、选票有效性、过半数、排名与票数相等。 / Count one contest's ballots.

    退出码 0：已得出结果(含票数相等、人数不足、无效、不足法定人数)；2：输入有误。
    Exit 0 whenever a result was computed (any status); 2 on bad input.
    """
    from electkit.messages import detect_lang

    language = detect_lang(lang)
    with errors_reported(language):
        from electkit.app.tally import count_files

        view = count_files(contest, ballots, sheet=sheet, encoding=encoding, explain=explain)
    _render(view, fmt, language)
    if next_round is not None:
        _write_next_round(view, contest, next_round, language)
    raise typer.Exit(int(ExitCode.OK))


def _render(view: object, fmt: Format, lang: str) -> None:
    from electkit.app.tally import TallyView
    from electkit.render import tally_view as render

    assert isinstance(view, TallyView)
    if fmt is Format.json:
        emit(render.to_json(view, lang), None, lang)
        # the JSON carries exactly the fields; warnings go to stderr beside it
        err = console(stderr=True)
        for note in view.notes:
            err.print(f"{note.rule}: {render.note_text(note, lang, view.pre)}", markup=False)
    elif fmt is Format.table:
        render.print_rich(view, lang, console())
    else:
        emit(render.to_text(view, lang, fmt.value), None, lang)


def _write_next_round(view: object, source: Path, target: Path, lang: str) -> None:
    from electkit.app.tally import TallyView
    from electkit.core.errors import InputError, Problem
    from electkit.core.tally_next import next_round
    from electkit.io.contest import contest_yaml
    from electkit.messages import t
    from electkit.render.common import write_atomic
    from electkit.render.tally_view import status_line

    assert isinstance(view, TallyView)
    if target.resolve() == source.resolve():
        fail([Problem(message_id="tally.next_round.same_file", file=str(target))], lang)
    following = next_round(view.result, view.contest)
    if following is None:
        out_err(
            t("tally.next_round.none", lang, status=status_line(view, lang), path=target) + "\n"
        )
        return
    assert following.follows is not None
    comment = t(
        "tally.next_round.comment",
        lang,
        round=following.round,
        reason=t(f"tally.ui.round.{following.follows}", lang),
    )
    text = contest_yaml(following, source=source, target=target, comment=comment)
    try:
        write_atomic(target, text)
    except InputError as exc:
        fail(exc.problems, lang)
    out_err(t("tally.next_round.written", lang, path=target) + "\n")
