"""``electkit ballot``: print the ballot papers of one contest."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from electkit.cli.common import ExitCode, LangOption, errors_reported
from electkit.render.terminal import out_err

if TYPE_CHECKING:
    from electkit.core.contest import Contest
    from electkit.core.ruleset import RuleSet


def ballot(
    contest: Path = typer.Argument(..., metavar="CONTEST", help="选举文件 .yaml / contest file"),
    output: Path = typer.Option(
        ..., "--output", "-o", help="输出 .html 或 .pdf / output .html or .pdf"
    ),
    copies: int = typer.Option(1, "--copies", min=1, max=5000, help="份数 / copies"),
    numbered: bool = typer.Option(
        False,
        "--numbered",
        help="印选票编号(须规则集允许) / print numbers (if the rule set allows)",
    ),
    official: bool = typer.Option(
        False, "--official", help="正式选票(不印“测试”) / official: no TEST marking"
    ),
    write_in_rows: int | None = typer.Option(
        None, "--write-in-rows", min=0, help="另选他人行数(默认按规则集或应选人数) / write-in rows"
    ),
    lang: str | None = LangOption,
) -> None:
    """打印选票：候选人按姓氏笔画排列 / Print ballots: candidates in surname-stroke order."""
    from electkit.messages import detect_lang

    language = detect_lang(lang)
    with errors_reported(language):
        from electkit.cli.report import output_format, write_report
        from electkit.core.errors import InputError, Problem
        from electkit.io.contest import load_contest
        from electkit.messages import join, t
        from electkit.render.ballot import ballot_context, ballot_html, ballot_order

        if output.suffix.lower() not in (".html", ".htm", ".pdf"):  # ballot has no --format
            raise InputError([Problem(message_id="ballot.format", file=str(output))])
        kind = output_format(output, None, language)
        spec, ruleset = load_contest(contest)
        broken = _order_findings(spec, ruleset, language, official)
        names, missing = ballot_order(spec, ruleset)
        if missing:
            out_err(t("ballot.unknown_chars", language, chars="".join(missing)) + "\n")
        if spec.order == "strokes" and list(spec.candidates) != names:
            out_err(t("ballot.reordered", language, order=join(names, language)) + "\n")
        # identical (unnumbered) ballots in a PDF are laid out once and the page repeated
        repeat = copies if kind == "pdf" and not numbered else 1
        context = ballot_context(
            spec,
            ruleset,
            language,
            copies=copies // repeat,
            numbered=numbered,
            official=official,
            write_in_rows=write_in_rows,
        )
        document = ballot_html(context)
        if kind == "pdf":
            from electkit.render.pdf import write_pdf

            write_pdf(document, output, repeat=repeat)
        else:
            write_report(document, kind, output)
    typer.echo(str(output))
    if broken:  # a TEST ballot is printed for review; the order still breaks the rule
        raise typer.Exit(int(ExitCode.FINDINGS))


def _order_findings(spec: Contest, ruleset: RuleSet | None, language: str, official: bool) -> bool:
    """CS-ORDER on a contest printed in its own order: each finding said on stderr; an official
    ballot is refused (exit 1, nothing written). True when the order breaks the rule."""
    from electkit.core.kinds.order import approved_order
    from electkit.render.common import finding_message, severity_label

    findings = approved_order(spec, ruleset) if ruleset is not None else []
    for f in findings:
        out_err(
            f"{f.rule} · {severity_label(f.severity, language)}: {finding_message(f, language)}\n"
        )
    errors = [f for f in findings if f.severity.value == "error"]
    if errors and official:
        from electkit.messages import t

        out_err(t("ballot.order.refused", language) + "\n")
        raise typer.Exit(int(ExitCode.FINDINGS))
    return bool(errors)
