"""``electkit report …``: the printed reports (HTML, PDF, Markdown, CSV, JSON)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from electkit.cli.common import App, LangOption, errors_reported, fail

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
        help="与 --slate 依次对应：committee | discipline[:名额] | delegates[:选举单位] / one per --slate: committee | discipline[:seats] | delegates[:unit]",
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
        from electkit.cli.check import load_rules_for
        from electkit.core.checks.context import CheckContext
        from electkit.core.checks.delegates import check_delegates
        from electkit.core.checks.slate import check_slate, drop_rows, other_units_rows
        from electkit.core.errors import InputError, Problem
        from electkit.core.findings import Text
        from electkit.io.roster import read_people
        from electkit.render import audit as view
        from electkit.render.check_report import InputInfo

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
        profile, ruleset, lint_items = load_rules_for(election, rules, language)
        roster = read_people(delegates, sheet=sheet, encoding=encoding, township=profile.township)
        ctx = CheckContext(
            profile=profile, ruleset=ruleset, file=roster.path, columns=roster.columns
        )
        report = check_delegates(
            roster.persons, ctx, input_findings=roster.findings, lint_items=lint_items
        )
        info = InputInfo(roster.path, roster.sha256, roster.encoding, roster.rows, roster.sheet)
        sections = []
        for path, spec in zip(slate, contest, strict=True):
            name, _, after = spec.partition(":")
            # delegates:UNIT names the election unit whose list it is (as `check slate --unit`)
            unit = (after.strip() or None) if name == "delegates" else None
            seats_text = "" if name == "delegates" else after
            if name not in ("committee", "discipline", "delegates") or (
                seats_text and not seats_text.isdigit()
            ):
                raise InputError(
                    [
                        Problem(
                            message_id="cli.bad_option",
                            value=spec,
                            params={
                                "detail": Text(
                                    zh="--contest 应为 committee、discipline[:名额] 或 delegates[:选举单位]",
                                    en="--contest committee | discipline[:seats] | delegates[:unit]",
                                )
                            },
                        )
                    ]
                )
            data = read_people(
                path,
                encoding=encoding,
                township=profile.township,
                contest=name,
                posts_required=name != "delegates",  # as `check slate` reads them
            )
            slate_ctx = CheckContext(
                profile=profile, ruleset=ruleset, file=data.path, columns=data.columns
            )
            checked = check_slate(
                data.persons,
                slate_ctx,
                name,  # type: ignore[arg-type]  # checked against the three contests above
                seats=int(seats_text) if seats_text else None,
                unit=unit,
                lint_items=lint_items,
                read_findings=data.findings,
            )
            # another unit's rows are not this list's (as `check slate --unit` reports them)
            read = drop_rows(data.findings, other_units_rows(data.persons, unit))
            checked = checked.model_copy(update={"findings": [*read, *checked.findings]})
            sections.append(
                view.SlateSection(
                    name,
                    checked,
                    InputInfo(data.path, data.sha256, data.encoding, data.rows, data.sheet),
                    unit,
                )
            )
        units = list(dict.fromkeys(s.unit for s in sections if s.unit is not None))
        if units:  # DL-EXTRA was checked for these units' lists, not for the others
            report = report.model_copy(
                update={
                    "not_checked": [
                        n
                        if n.reason_id != "nc.candidates"
                        else n.model_copy(
                            update={
                                "reason_id": "nc.candidates.others",
                                "params": {"units": Text(zh="、".join(units), en=", ".join(units))},
                            }
                        )
                        for n in report.not_checked
                    ]
                }
            )
        context = view.audit_context(
            profile,
            ruleset,
            roster.persons,
            report,
            info,
            sections,
            language,
            show_id,
            extra_inputs=[(str(election), _sha256(election))],
        )
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
            tally_view, head, is_official = _from_book(book, contest, unofficial, single_entry)
            inputs = [(str(book), _sha256(book))]
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
            from electkit.cli.tally import count_files

            tally_view = count_files(contest_file, ballots, sheet=sheet, encoding=encoding)
            head, is_official = None, official
            inputs = [(str(contest_file), _sha256(contest_file))]
        context = view.result_context(tally_view, language, official=is_official, book_head=head)
        context["inputs"] = [*inputs, *context["inputs"]]
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


def _from_book(
    book: Path, contest: str | None, unofficial: bool, single_entry: bool
) -> tuple[Any, str, bool]:
    """The count of a contest in a counting book: (view, head hash, official).

    The rule set is named in the book with its SHA-256; the packaged set of that name is used
    for the clauses only if its content is still the same.
    """
    from electkit.core.tally_next import next_steps
    from electkit.io.book import Book
    from electkit.io.book_ops import count_book, count_notes
    from electkit.io.book_sqlite import sqlite_errors
    from electkit.io.rules_loader import load_ruleset, packaged_names
    from electkit.render.tally_view import TallyView

    with sqlite_errors(book), Book.open(book, writing=False) as opened:
        found = opened.contest(contest)
        counted = count_book(opened, found, unofficial=unofficial, single_entry=single_entry)
    recorded = found.ruleset or {}
    ruleset = None
    if recorded.get("name") in packaged_names():
        candidate = load_ruleset(str(recorded["name"]))
        ruleset = candidate if candidate.sha256() == recorded.get("sha256") else None
    view = TallyView(
        result=counted.result,
        contest=found.contest,
        rules=found.rules,
        ruleset=ruleset,
        source=None,
        notes=count_notes(counted, found),
        next_steps=next_steps(counted.result, found.contest, found.rules),
        ruleset_name=recorded.get("name"),
    )
    return view, counted.head, counted.official


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()
