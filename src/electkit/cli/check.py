"""``electkit check …``: check a delegate list (and, later, slates) against a rule set."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

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
    ignored,
    ignored_encoding,
)

if TYPE_CHECKING:
    from electkit.app.check import CheckResult

app = App(help="检查名单 / Check lists against the rules.", no_args_is_help=True)


def exit_code(errors: int, warnings: int, strict: bool) -> int:
    """1 when an error-level rule is broken (or any warning under --strict), else 0."""
    return int(ExitCode.FINDINGS) if errors or (strict and warnings) else int(ExitCode.OK)


@app.command("delegates")
def delegates(
    roster: Path = typer.Argument(
        ..., metavar="ROSTER", help="代表名单 .csv/.xlsx / delegate list"
    ),
    election: Path = typer.Option(
        ..., "--election", "-e", help="选举概况 election.yaml / election profile"
    ),
    rules: str | None = typer.Option(
        None,
        "--rules",
        "-r",
        help="规则集名称或 .yaml 路径(覆盖 election.yaml 的 rules:) / rule-set name or path",
    ),
    fmt: Format = FormatOption,
    lang: str | None = LangOption,
    strict: bool = typer.Option(False, "--strict", help="提醒也视为不通过 / warnings fail too"),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="写入文件而非屏幕 / write to a file"
    ),
    sheet: str | None = typer.Option(
        None, "--sheet", help="Excel 工作表名(默认第一个) / sheet name"
    ),
    encoding: str | None = typer.Option(
        None, "--encoding", help="CSV 编码(默认自动：BOM、UTF-8、GB18030) / CSV encoding"
    ),
) -> None:
    """检查代表名单：资格(EL-*)与名额、结构比例(DL-*)。 / Check a delegate list: eligibility and quotas."""
    from electkit.io.gc_pause import paused_gc
    from electkit.messages import detect_lang

    language = detect_lang(lang)
    with errors_reported(language), paused_gc():  # 100,000 people stay alive until the end
        from electkit.app.check import check_delegate_list
        from electkit.app.election import load_election

        loaded = load_election(election, rules)
        ignored_encoding(roster, encoding, language)
        checked = check_delegate_list(roster, loaded, sheet=sheet, encoding=encoding)
        render_check(checked, fmt, language, output)
        report = checked.report
        del checked  # the people go before the collector is back: it would walk them all once
    raise typer.Exit(exit_code(report.errors, report.warnings, strict))


class SlateContest(StrEnum):
    """The contests a slate may be for."""

    committee = "committee"
    discipline = "discipline"
    delegates = "delegates"
    higher = "higher"


@app.command("slate")
def slate(
    candidates: Path = typer.Argument(
        ..., metavar="CANDIDATES", help="候选人名单 .csv/.xlsx / candidate list"
    ),
    contest: SlateContest = typer.Option(
        ...,
        "--contest",
        "-c",
        help="committee | discipline | delegates | higher (出席上级党代会代表)",
    ),
    election: Path = typer.Option(
        ..., "--election", "-e", help="选举概况 election.yaml / election profile"
    ),
    roster: Path | None = typer.Option(
        None, "--roster", help="代表(党员)名册：候选人须在其中 / roster candidates must be on"
    ),
    roster_sheet: str | None = typer.Option(
        None, "--roster-sheet", help="名册的工作表名 / the roster's sheet"
    ),
    unit: str | None = typer.Option(
        None, "--unit", help="选举单位(代表候选人名单) / election unit"
    ),
    seats: int | None = typer.Option(
        None,
        "--seats",
        min=1,
        help="应选名额(默认按规则集；代表候选人须与 --unit 同用) / seats (default: the rule set's; with --unit for delegates)",
    ),
    rules: str | None = typer.Option(
        None, "--rules", "-r", help="规则集名称或 .yaml 路径 / rule-set name or path"
    ),
    fmt: Format = FormatOption,
    lang: str | None = LangOption,
    strict: bool = typer.Option(False, "--strict", help="提醒也视为不通过 / warnings fail too"),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="写入文件而非屏幕 / write to a file"
    ),
    sheet: str | None = typer.Option(None, "--sheet", help="Excel 工作表名 / sheet name"),
    encoding: str | None = typer.Option(None, "--encoding", help="CSV 编码 / CSV encoding"),
) -> None:
    """检查候选人名单：差额、结构、任职资格、回避与交流 / Check a candidate slate."""
    from electkit.messages import detect_lang

    language = detect_lang(lang)
    with errors_reported(language):
        from electkit.app.check import check_slate_file
        from electkit.app.election import load_election

        loaded = load_election(election, rules)
        ignored_encoding(candidates, encoding, language)
        if unit is not None and contest is not SlateContest.delegates:
            ignored("--unit", "cli.ignored.unit", language)
        if seats is not None and contest is SlateContest.delegates and unit is None:
            ignored("--seats", "cli.ignored.seats", language)
        checked = check_slate_file(
            candidates,
            contest.value,
            loaded,
            roster=roster,
            roster_sheet=roster_sheet,
            unit=unit,
            seats=seats,
            sheet=sheet,
            encoding=encoding,
        )
        render_check(checked, fmt, language, output)
    report = checked.report
    raise typer.Exit(exit_code(report.errors, report.warnings, strict))


def render_check(checked: CheckResult, fmt: Format, lang: str, output: Path | None) -> None:
    """Print or write a check result in the chosen format."""
    from electkit.render import check_report as view

    report, info, sha = checked.report, checked.info, checked.rules_sha256
    if fmt is Format.json:
        emit(view.to_json(report, info, lang, sha), output, lang)
    elif fmt is Format.table and output is None:
        view.print_rich(report, info, lang, sha, console())
    else:
        emit(
            view.to_text(
                report, info, lang, sha, "markdown" if fmt is Format.markdown else "plain"
            ),
            output,
            lang,
        )
