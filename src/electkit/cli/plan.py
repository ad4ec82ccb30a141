"""``electkit plan`` and ``electkit allocate``: the numbers of an election and the unit seats."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from electkit.cli.common import ExitCode, Format, FormatOption, LangOption, emit, errors_reported


class Method(StrEnum):
    """Seat allocation methods."""

    largest_remainder = "largest-remainder"
    dhondt = "dhondt"
    sainte_lague = "sainte-lague"


def plan(
    election: Path = typer.Argument(
        ..., metavar="ELECTION", help="选举概况 election.yaml / election profile"
    ),
    rules: str | None = typer.Option(
        None, "--rules", "-r", help="规则集名称或 .yaml 路径 / rule-set name or path"
    ),
    fmt: Format = FormatOption,
    lang: str | None = LangOption,
    strict: bool = typer.Option(
        False, "--strict", help="有低于全国下限之处即返回1 / exit 1 on any deviation"
    ),
    output: Path | None = typer.Option(None, "--output", "-o", help="写入文件 / write to a file"),
) -> None:
    """计算各项名额及其依据 / Derive seats, officers, posts and candidate numbers, each with its clause."""
    from electkit.messages import detect_lang

    language = detect_lang(lang)
    with errors_reported(language):
        from electkit.app.election import load_election
        from electkit.app.plan import plan_election
        from electkit.render import plan_view

        result = plan_election(load_election(election, rules))
    if fmt is Format.json:
        emit(plan_view.to_json(plan_view.plan_dict(result, language)), output, language)
    else:
        emit(plan_view.plan_text(result, language, fmt is Format.markdown), output, language)
    errors = any(f.severity.value == "error" for f in result.findings)
    warned = bool(result.deviations) or any(f.severity.value == "warning" for f in result.findings)
    raise typer.Exit(int(ExitCode.FINDINGS) if errors or (strict and warned) else int(ExitCode.OK))


def allocate(
    units: Path = typer.Argument(
        ..., metavar="UNITS", help="选举单位及党员数 .csv/.xlsx / units with members"
    ),
    seats: int = typer.Option(..., "--seats", "-n", help="代表名额 / delegate seats to share"),
    method: Method = typer.Option(
        Method.largest_remainder, "--method", "-m", help="分配方法 / method"
    ),
    min_per_unit: int = typer.Option(
        0, "--min-per-unit", help="每个单位至少名额 / seats guaranteed to each unit"
    ),
    fmt: Format = FormatOption,
    lang: str | None = LangOption,
    output: Path | None = typer.Option(None, "--output", "-o", help="写入文件 / write to a file"),
    sheet: str | None = typer.Option(None, "--sheet", help="Excel 工作表名 / sheet name"),
    encoding: str | None = typer.Option(None, "--encoding", help="CSV 编码 / CSV encoding"),
) -> None:
    """按党员人数分配代表名额 / Share delegate seats among election units in proportion to members."""
    from electkit.messages import detect_lang

    language = detect_lang(lang)
    with errors_reported(language):
        from electkit.app.plan import allocate_seats
        from electkit.render import plan_view

        result = allocate_seats(
            units, seats, method.value, min_per_unit, sheet=sheet, encoding=encoding
        )
    if fmt is Format.json:
        emit(plan_view.to_json(plan_view.allocation_dict(result, language)), output, language)
    else:
        emit(plan_view.allocation_text(result, language, fmt is Format.markdown), output, language)
