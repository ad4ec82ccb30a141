"""``electkit sort``: a list's rows in surname-stroke order (姓氏笔画), for ballots and lists."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from electkit.cli.common import LangOption, console, errors_reported, fail
from electkit.render.terminal import out, visible

if TYPE_CHECKING:
    from electkit.io.sort_table import SortedTable

OUTPUT_SUFFIXES = (".csv", ".xlsx")
SHOWN_NAMES = 5


def sort_command(
    file: Path = typer.Argument(..., metavar="FILE", help="名单 .csv/.xlsx / the list to sort"),
    column: str = typer.Option(
        "姓名",
        "--column",
        "-c",
        help="按哪一列排序(表头，忽略空格和全半角) / the header of the column to sort by",
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="写入 .csv(UTF-8 带 BOM，Excel 可直接打开)或 .xlsx；默认把 CSV 输出到屏幕 / "
        "write .csv (UTF-8 with BOM, opens in Excel) or .xlsx; default: CSV to stdout",
    ),
    sheet: str | None = typer.Option(
        None, "--sheet", help="Excel 工作表名(默认第一个) / sheet name"
    ),
    encoding: str | None = typer.Option(
        None, "--encoding", help="CSV 编码(默认自动：BOM、UTF-8、GB18030) / CSV encoding"
    ),
    blank_slot: bool = typer.Option(
        True,
        "--blank-slot/--no-blank-slot",
        help="两字姓名按“姓、空格、名”比较，田富排在田大利前 / two-character names compare "
        "as surname, blank, given name (田富 before 田大利)",
    ),
    lang: str | None = LangOption,
) -> None:
    """按姓氏笔画排序 / Sort a list's rows in surname-stroke order.

    先笔画数，再按横竖撇点折，逐字比较；标题行、表头、表尾说明留在原处，笔画表中没有的字排在后面并提醒(详见 docs/formats.md)。
    Stroke count, then 横竖撇点折, character by character; title rows, header and notes stay in
    place; characters missing from the stroke table sort last with a warning (docs/formats.md).
    """
    from electkit.messages import detect_lang

    language = detect_lang(lang)
    with errors_reported(language):
        from electkit.core.errors import Problem
        from electkit.io.sort_table import sort_file

        suffix = output.suffix.lower() if output is not None else None
        if output is not None and suffix not in OUTPUT_SUFFIXES:
            fail(
                [Problem(message_id="sort.bad_output", file=str(output), value=suffix or "")],
                language,
            )
        result = sort_file(file, column, sheet=sheet, encoding=encoding, blank_slot=blank_slot)
        _write(result, output, language)
    _report(result, output, language)


def _write(result: SortedTable, output: Path | None, lang: str) -> None:
    from electkit.io import table_writer

    if output is None:
        text = table_writer.csv_text(result.rows)
        if sys.stdout.isatty():  # on a terminal, control characters shown, not acted upon
            text = visible(text)
        stream = getattr(sys.stdout, "buffer", None)
        if stream is not None:  # CSV is UTF-8 whatever the console's encoding
            sys.stdout.flush()
            stream.write(text.encode("utf-8"))
            stream.flush()
        else:
            out(text)
        return
    from electkit.core.errors import InputError
    from electkit.render.common import write_atomic

    if output.suffix.lower() == ".xlsx":
        data = table_writer.xlsx_bytes(result.rows, result.sheet)
    else:
        data = table_writer.csv_file_bytes(result.rows)
    try:
        write_atomic(output, data)
    except InputError as exc:
        fail(exc.problems, lang)


def _rows(numbers: list[int], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(map(str, numbers))


def _report(result: SortedTable, output: Path | None, lang: str) -> None:
    """Notes and warnings on stderr: what was moved, dropped or kept, and unknown characters."""
    from electkit.messages import t

    err = console(stderr=True)

    def say(text: str, style: str | None = None) -> None:
        err.print(text, style=style, markup=False, soft_wrap=True)

    sep = "、" if lang == "zh" else ", "
    for char, places in result.unknown.items():
        shown = [t("sort.name_row", lang, name=name, row=row) for row, name in places]
        names = sep.join(shown[:SHOWN_NAMES])
        if len(shown) > SHOWN_NAMES:
            names += " " + t("sort.more", lang, count=len(shown))
        say(t("sort.unknown", lang, char=char, names=names), "yellow")
    if not result.sorted_rows:
        say(t("sort.nothing", lang, row=result.header_row))
    if result.dropped_blank:
        say(t("sort.blank_rows", lang, rows=_rows(result.dropped_blank, lang)))
    if result.example_row is not None:
        say(t("sort.example_row", lang, row=result.example_row))
    kept = [row for row in result.kept_in_place if row != result.example_row]
    if kept:
        say(t("sort.kept_in_place", lang, rows=_rows(kept, lang)))
    if result.renumbered:
        say(t("sort.renumbered", lang, column=result.renumbered))
    if result.trailer:
        say(t("sort.trailer", lang, count=result.trailer))
    if output is not None:
        say(
            t(
                "sort.written",
                lang,
                column=result.column,
                count=result.sorted_rows,
                path=str(output),
            )
        )
