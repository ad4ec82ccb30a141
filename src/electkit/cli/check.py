"""``electkit check …``: check a delegate list (and, later, slates) against a rule set."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    ignored,
    ignored_encoding,
)

if TYPE_CHECKING:
    from electkit.core.lint import LintItem
    from electkit.core.models import ElectionProfile
    from electkit.core.ruleset import RuleSet

app = App(help="检查名单 / Check lists against the rules.", no_args_is_help=True)


def load_rules_for(
    election: Path, rules: str | None, lang: str
) -> tuple[ElectionProfile, RuleSet, list[LintItem]]:
    """The profile, its rule set (``--rules`` wins over ``rules:``) and the set's lint items."""
    from electkit.core.errors import Problem
    from electkit.core.lint import lint_lineage
    from electkit.io.profile import load_profile
    from electkit.io.rules_loader import load_ruleset

    profile = load_profile(election)
    ref = rules or profile.rules
    if not ref:
        fail([Problem(message_id="cli.no_rules", file=str(election))], lang)
    ruleset = load_ruleset(ref, relative_to=election.parent if not rules else None)
    items = lint_lineage(ruleset)
    return profile, ruleset, items


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
    from electkit.messages import detect_lang

    language = detect_lang(lang)
    with errors_reported(language):
        from electkit.core.checks.context import CheckContext
        from electkit.core.checks.delegates import check_delegates
        from electkit.io.roster import read_people
        from electkit.render.check_report import InputInfo

        profile, ruleset, lint_items = load_rules_for(election, rules, language)
        ignored_encoding(roster, encoding, language)
        roster_data = read_people(roster, sheet=sheet, encoding=encoding, township=profile.township)
        ctx = CheckContext(
            profile=profile, ruleset=ruleset, file=roster_data.path, columns=roster_data.columns
        )
        report = check_delegates(
            roster_data.persons, ctx, input_findings=roster_data.findings, lint_items=lint_items
        )
        info = InputInfo(
            roster_data.path,
            roster_data.sha256,
            roster_data.encoding,
            roster_data.rows,
            roster_data.sheet,
        )
        render_check(report, info, ruleset.sha256(), fmt, language, output)
    raise typer.Exit(exit_code(report.errors, report.warnings, strict))


class SlateContest(StrEnum):
    """The contests a slate may be for."""

    committee = "committee"
    discipline = "discipline"
    delegates = "delegates"


@app.command("slate")
def slate(
    candidates: Path = typer.Argument(
        ..., metavar="CANDIDATES", help="候选人名单 .csv/.xlsx / candidate list"
    ),
    contest: SlateContest = typer.Option(
        ..., "--contest", "-c", help="committee | discipline | delegates"
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
        from electkit.core.checks.context import CheckContext
        from electkit.core.checks.slate import check_slate, drop_rows, other_units_rows
        from electkit.core.errors import InputError, Problem
        from electkit.core.findings import listing
        from electkit.io.roster import read_people
        from electkit.render.check_report import InputInfo

        profile, ruleset, lint_items = load_rules_for(election, rules, language)
        ignored_encoding(candidates, encoding, language)
        if unit is not None and contest is not SlateContest.delegates:
            ignored("--unit", "cli.ignored.unit", language)
        if seats is not None and contest is SlateContest.delegates and unit is None:
            ignored("--seats", "cli.ignored.seats", language)
        # the CQ-* and avoidance checks of a committee or discipline slate are keyed on 拟任职务
        slate_data = read_people(
            candidates,
            sheet=sheet,
            encoding=encoding,
            posts_required=contest is not SlateContest.delegates,
            township=profile.township,
            contest=contest.value,
        )
        ctx = CheckContext(
            profile=profile, ruleset=ruleset, file=slate_data.path, columns=slate_data.columns
        )
        roster_people = roster_ctx = None
        if roster is not None:
            roster_data = read_people(
                roster, sheet=roster_sheet, encoding=encoding, township=profile.township
            )
            roster_people = roster_data.persons
            roster_ctx = CheckContext(
                profile=profile, ruleset=ruleset, file=roster_data.path, columns=roster_data.columns
            )
        report = check_slate(
            slate_data.persons,
            ctx,
            contest.value,
            seats=seats,
            unit=unit,
            roster=roster_people,
            roster_ctx=roster_ctx,
            lint_items=lint_items,
            read_findings=slate_data.findings,
        )
        elsewhere = other_units_rows(
            slate_data.persons, unit if contest is SlateContest.delegates else None
        )
        if elsewhere and len(elsewhere) == len(slate_data.persons):  # a unit typed wrong
            units = sorted({p.unit for p in slate_data.persons if p.unit})
            raise InputError(
                [
                    Problem(
                        message_id="slate.unit.unknown",
                        file=str(candidates),
                        value=unit,
                        params={"known": listing(units)},
                    )
                ]
            )
        read_problems = [
            *drop_rows(slate_data.findings, elsewhere),
            *(roster_data.findings if roster is not None else []),
        ]
        report = report.model_copy(update={"findings": [*read_problems, *report.findings]})
        info = InputInfo(
            slate_data.path,
            slate_data.sha256,
            slate_data.encoding,
            slate_data.rows,
            slate_data.sheet,
        )
        render_check(report, info, ruleset.sha256(), fmt, language, output)
    raise typer.Exit(exit_code(report.errors, report.warnings, strict))


def render_check(
    report: Any, info: Any, sha: str, fmt: Format, lang: str, output: Path | None
) -> None:
    """Print or write a check result in the chosen format."""
    from electkit.render import check_report as view

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
