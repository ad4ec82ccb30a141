"""``electkit plan`` and ``electkit allocate``: the numbers of an election and the unit seats."""

from __future__ import annotations

from enum import StrEnum
from fractions import Fraction
from pathlib import Path

import typer

from electkit.cli.common import (
    ExitCode,
    Format,
    FormatOption,
    LangOption,
    emit,
    errors_reported,
    fail,
    ignored,
)


class Method(StrEnum):
    """Seat allocation methods."""

    largest_remainder = "largest-remainder"
    dhondt = "dhondt"
    sainte_lague = "sainte-lague"


class AllocationBasis(StrEnum):
    """What a unit's share of the seats is proportional to."""

    members = "members"
    organizations = "organizations"
    mixed = "mixed"


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
    basis: AllocationBasis = typer.Option(
        "members",
        "--basis",
        help="按党员人数、党组织数或两者加权 / members, organizations (党组织数 column) or mixed",
    ),
    members_weight: str | None = typer.Option(
        None,
        "--members-weight",
        help="mixed 时党员人数的权重(如 7/10，其余为党组织数)，默认1/2 / weight of members when mixed",
    ),
    fmt: Format = FormatOption,
    lang: str | None = LangOption,
    output: Path | None = typer.Option(None, "--output", "-o", help="写入文件 / write to a file"),
    sheet: str | None = typer.Option(None, "--sheet", help="Excel 工作表名 / sheet name"),
    encoding: str | None = typer.Option(None, "--encoding", help="CSV 编码 / CSV encoding"),
) -> None:
    """按党员人数(或党组织数、两者加权)分配代表名额 / Share delegate seats among election units in
    proportion to members, Party organisations or a weighted mix."""
    from electkit.messages import detect_lang

    language = detect_lang(lang)
    with errors_reported(language):
        from electkit.app.plan import allocate_seats
        from electkit.render import plan_view

        weight = _weight(members_weight, language) if members_weight is not None else None
        if weight is not None and basis is not AllocationBasis.mixed:
            ignored("--members-weight", "cli.ignored.members_weight", language)
        result = allocate_seats(
            units,
            seats,
            method.value,
            min_per_unit,
            basis=basis.value,
            members_weight=weight,
            sheet=sheet,
            encoding=encoding,
        )
    if fmt is Format.json:
        emit(plan_view.to_json(plan_view.allocation_dict(result, language)), output, language)
    else:
        emit(plan_view.allocation_text(result, language, fmt is Format.markdown), output, language)


def _weight(text: str, lang: str) -> Fraction:
    """``--members-weight 7/10`` (or 70%, 0.7), between 0 and 1."""
    from electkit.core.errors import Problem, ValueProblem
    from electkit.core.ratio import parse_ratio

    try:
        value = parse_ratio(text)
    except ValueProblem:
        value = Fraction(-1)
    if not 0 <= value <= 1:
        fail([Problem(message_id="cli.bad_weight", value=text)], lang)
    return value
