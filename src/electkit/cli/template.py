"""``electkit template``: Excel templates with the headers the readers accept."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from electkit.cli.common import LangOption, errors_reported

# a write-in column per seat at most: no contest has a hundred seats, and Excel has 16,384 columns
MAX_WRITE_IN_COLUMNS = 100


class TemplateKind(StrEnum):
    """The templates electkit writes."""

    delegates = "delegates"
    candidates = "candidates"
    units = "units"
    ballots = "ballots"
    county = "county"


def template(
    kind: TemplateKind = typer.Argument(
        ..., metavar="KIND", help="delegates | candidates | units | ballots | county"
    ),
    output: Path = typer.Option(..., "--output", "-o", help="输出 .xlsx 文件 / output .xlsx file"),
    contest: Path | None = typer.Option(
        None, "--contest", help="选票模板所用的选举文件 / contest file (ballots)"
    ),
    write_in_rows: int = typer.Option(
        2,
        "--write-in-rows",
        min=0,
        max=MAX_WRITE_IN_COLUMNS,
        help="另选他人列数(选票模板，0–100) / write-in columns (ballots, 0–100)",
    ),
    lang: str | None = LangOption,
) -> None:
    """生成 Excel 模板(含下拉列表和一行灰色示例) / Write an Excel template with drop-down lists."""
    from electkit.messages import detect_lang

    language = detect_lang(lang)
    with errors_reported(language):
        from electkit.core.errors import InputError, Problem
        from electkit.io import xlsx_templates as xt
        from electkit.render.common import write_atomic

        if output.suffix.lower() != ".xlsx":
            raise InputError([Problem(message_id="template.not_xlsx", file=str(output))])
        if kind is TemplateKind.ballots:
            if contest is None:
                raise InputError([Problem(message_id="template.needs_contest")])
            from electkit.io.contest import load_contest

            spec, _ = load_contest(contest)
            data = xt.build(
                "ballots",
                xt.ballot_columns(list(spec.candidates), write_in_rows),
                f"{spec.contest}选票",
            )
        elif kind is TemplateKind.county:
            from electkit.io.county_file import template_columns

            data = xt.build("county", template_columns(), "乡镇基本情况")
        else:
            columns = {"delegates": xt.DELEGATES, "candidates": xt.CANDIDATES, "units": xt.UNITS}[
                kind.value
            ]
            titles = {"delegates": "代表名单", "candidates": "候选人名单", "units": "选举单位"}
            data = xt.build(kind.value, columns, titles[kind.value])
        write_atomic(output, data)
    typer.echo(str(output))
