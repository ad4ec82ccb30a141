"""``electkit report …``: the printed reports (HTML, PDF, Markdown, CSV, JSON)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from electkit.cli.common import App, LangOption, errors_reported, fail

if TYPE_CHECKING:
    from electkit.app.report import SlateSpec

app = App(help="打印报告 / Printed reports: audit, result.", no_args_is_help=True)


class ReportFormat(StrEnum):
    """Report output formats."""

    html = "html"
    pdf = "pdf"
    markdown = "markdown"
    csv = "csv"
    json = "json"


SUFFIXES = {
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".md": "markdown",
    ".markdown": "markdown",
    ".csv": "csv",
    ".json": "json",
}
ReportFormatOption = typer.Option(
    None,
    "--format",
    "-f",
    help="html | pdf | markdown | csv | json (默认按 -o 的扩展名 / default: from -o)",
)


def output_format(output: Path, fmt: ReportFormat | None, lang: str) -> str:
    """The format asked for, else the one the output file's suffix names."""
    from electkit.core.errors import Problem

    if fmt is not None:
        return fmt.value
    found = SUFFIXES.get(output.suffix.lower())
    if found is None:
        fail([Problem(message_id="report.bad_format", file=str(output))], lang)
    return found


def write_report(text: str, kind: str, output: Path, *, pdf_html: str | None = None) -> None:
    """Write the rendered report (atomically); PDF is rendered from ``pdf_html``."""
    from electkit.render.common import write_atomic

    if kind == "pdf":
        from electkit.render.pdf import write_pdf

        assert pdf_html is not None
        write_pdf(pdf_html, output)
    else:
        write_atomic(output, text)


@app.command("audit")
def audit(
    election: Path = typer.Argument(
        ..., metavar="ELECTION", help="选举概况 election.yaml / election profile"
    ),
    delegates: Path = typer.Option(
        ..., "--delegates", "-d", help="代表名单 .csv/.xlsx / delegate list"
    ),
    slate: list[Path] = typer.Option(
        [], "--slate", help="候选人名单，可多次给出 / a slate (repeatable)"
    ),
    contest: list[str] = typer.Option(
        [],
        "--contest",
        help="与 --slate 依次对应：committee | discipline[:名额] | higher[:名额](出席上级党代会代表) | delegates[:选举单位] / one per --slate: committee | discipline[:seats] | higher[:seats] (delegates to the higher congress) | delegates[:unit]",
    ),
    output: Path = typer.Option(
        ..., "--output", "-o", help="输出文件(.html .pdf .md .csv .json) / output file"
    ),
    fmt: ReportFormat | None = ReportFormatOption,
    rules: str | None = typer.Option(None, "--rules", "-r", help="规则集 / rule set"),
    show_id: bool = typer.Option(
        False, "--show-id", help="显示完整身份证号 / show full ID numbers"
    ),
    sheet: str | None = typer.Option(
        None, "--sheet", help="代表名单的工作表名 / the delegate list's sheet"
    ),
    encoding: str | None = typer.Option(None, "--encoding", help="CSV 编码 / CSV encoding"),
    lang: str | None = LangOption,
) -> None:
    """代表资格审查报告 / The eligibility audit report, with signature lines for the review group."""
    from electkit.messages import detect_lang

    language = detect_lang(lang)
    kind = output_format(output, fmt, language)
    with errors_reported(language):
        from electkit.app.election import load_election
        from electkit.app.report import audit_township
        from electkit.core.errors import InputError, Problem
        from electkit.core.findings import Text
        from electkit.render import audit as view

        if len(slate) != len(contest):
            raise InputError(
                [
                    Problem(
                        message_id="cli.bad_option",
                        params={
                            "detail": Text(
                                zh="每个 --slate 须对应一个 --contest",
                                en="give one --contest for each --slate",
                            )
                        },
                    )
                ]
            )
        loaded = load_election(election, rules)
        specs = [_slate_spec(path, spec) for path, spec in zip(slate, contest, strict=True)]
        audited = audit_township(loaded, delegates, specs, sheet=sheet, encoding=encoding)
        context = view.township_context(audited, language, show_id)
        if kind in ("html", "pdf"):
            document = view.audit_html(context)
            write_report(document, kind, output, pdf_html=document)
        elif kind == "markdown":
            write_report(view.audit_markdown(context), kind, output)
        elif kind == "csv":
            write_report(view.audit_csv(context), kind, output)
        else:
            write_report(view.audit_json(context), kind, output)
    typer.echo(str(output))


# the contests --contest names (its help and error message list each of them)
SLATE_CONTESTS = ("committee", "discipline", "higher", "delegates")


def _slate_spec(path: Path, spec: str) -> SlateSpec:
    """``--contest committee | discipline[:seats] | higher[:seats] | delegates[:unit]`` for one
    ``--slate``."""
    from electkit.app.report import SlateSpec
    from electkit.core.errors import InputError, Problem
    from electkit.core.findings import Text

    name, _, after = spec.partition(":")
    # delegates:UNIT names the election unit whose list it is (as `check slate --unit`)
    unit = (after.strip() or None) if name == "delegates" else None
    seats_text = "" if name == "delegates" else after
    if name not in SLATE_CONTESTS or (seats_text and not seats_text.isdigit()):
        raise InputError(
            [
                Problem(
                    message_id="cli.bad_option",
                    value=spec,
                    params={
                        "detail": Text(
                            zh="--contest 应为 committee、discipline[:名额]、higher[:名额] 或 delegates[:选举单位]",
                            en="--contest committee | discipline[:seats] | higher[:seats] | delegates[:unit]",
                        )
                    },
                )
            ]
        )
    return SlateSpec(
        path,
        name,  # type: ignore[arg-type]  # checked against the four contests above
        seats=int(seats_text) if seats_text else None,
        unit=unit,
    )


@app.command("result")
def result(
    contest_file: Path | None = typer.Argument(
        None, metavar="CONTEST", help="选举文件 .yaml / contest file"
    ),
    ballots: Path | None = typer.Argument(None, metavar="BALLOTS", help="选票文件 / ballot file"),
    book: Path | None = typer.Option(
        None, "--book", help="计票簿(代替 CONTEST BALLOTS) / a counting book instead"
    ),
    contest: str | None = typer.Option(
        None,
        "--contest",
        "-c",
        help="计票簿中的选举(只有一项时可省) / the book's contest (if several)",
    ),
    output: Path = typer.Option(
        ..., "--output", "-o", help="输出文件(.html .pdf .md .csv .json) / output file"
    ),
    fmt: ReportFormat | None = ReportFormatOption,
    official: bool = typer.Option(
        False, "--official", help="按正式结果打印(选票文件计票时) / print as official (file count)"
    ),
    unofficial: bool = typer.Option(
        False,
        "--unofficial",
        help="计票簿有不一致时也打印，标明非正式 / from a book: print anyway, unofficial",
    ),
    single_entry: bool = typer.Option(
        False,
        "--single-entry",
        help="计票簿只有一名录入员时按单人录入正式计票 / from a book: single entry stated",
    ),
    sheet: str | None = typer.Option(
        None, "--sheet", help="选票文件的工作表名 / the ballot file's sheet"
    ),
    encoding: str | None = typer.Option(None, "--encoding", help="CSV 编码 / CSV encoding"),
    lang: str | None = LangOption,
) -> None:
    """计票结果报告单 / The vote-count report, with signature lines for scrutineers and tellers.

    CONTEST BALLOTS 从文件计票(默认标为测试/非正式，--official 除外)；--book BOOK --contest ID 从计票簿计票：
    两名录入员一致时为正式结果(并记入计票簿)，否则退出码 3，--unofficial 则照打并标明非正式。
    From files (TEST/UNOFFICIAL unless --official), or from a counting book: official when the two
    tellers agree (recorded in the book), else exit 3 unless --unofficial.
    """
    from electkit.messages import detect_lang

    language = detect_lang(lang)
    kind = output_format(output, fmt, language)
    with errors_reported(language):
        from electkit.app.report import result_from_book, result_from_files
        from electkit.core.errors import InputError, Problem
        from electkit.core.findings import Text
        from electkit.render import result_report as view

        if book is not None:
            if contest_file is not None or ballots is not None:
                raise InputError(
                    [
                        Problem(
                            message_id="cli.bad_option",
                            params={
                                "detail": Text(
                                    zh="给出 --book 时不再给出 CONTEST BALLOTS",
                                    en="--book replaces CONTEST BALLOTS: give one or the other",
                                )
                            },
                        )
                    ]
                )
            counted = result_from_book(
                book, contest, unofficial=unofficial, single_entry=single_entry
            )
        else:
            if contest_file is None or ballots is None:
                raise InputError(
                    [
                        Problem(
                            message_id="cli.bad_option",
                            params={
                                "detail": Text(
                                    zh="请给出 CONTEST BALLOTS，或 --book BOOK --contest ID",
                                    en="give CONTEST BALLOTS, or --book BOOK --contest ID",
                                )
                            },
                        )
                    ]
                )
            counted = result_from_files(
                contest_file, ballots, official=official, sheet=sheet, encoding=encoding
            )
        tally_view = counted.view
        context = view.result_context(
            tally_view, language, official=counted.official, book_head=counted.head
        )
        context["inputs"] = [*counted.inputs, *context["inputs"]]
        if kind in ("html", "pdf"):
            document = view.result_html(context)
            write_report(document, kind, output, pdf_html=document)
        elif kind == "markdown":
            write_report(view.result_markdown(context), kind, output)
        elif kind == "csv":
            write_report(view.result_csv(context), kind, output)
        else:
            write_report(view.result_json(tally_view, context, language), kind, output)
    typer.echo(str(output))
