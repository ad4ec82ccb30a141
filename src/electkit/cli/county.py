"""``electkit county …``: one county's townships in one workspace, and ``electkit bundle``."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
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
)

app = App(
    help="全县各乡镇：工作区、进度、检查、统计表、数据包 / A county's townships: workspace, status, checks, statistics, bundles.",
    no_args_is_help=True,
)

DirArgument = typer.Argument(
    ..., metavar="DIR", help="全县工作区(含 county.yaml) / county workspace"
)
JobsOption = typer.Option(
    1,
    "--jobs",
    "-j",
    min=1,
    help="同时读取的乡镇数(CPU 空闲时可加快大县) / townships read at once in worker processes",
)


@app.command("init")
def init(
    directory: Path = typer.Argument(..., metavar="DIR", help="工作区目录 / workspace folder"),
    rules: str | None = typer.Option(
        None, "--rules", "-r", help="规则集名称或 .yaml 路径 / rule-set name or path"
    ),
    source: Path | None = typer.Option(
        None,
        "--from",
        help="乡镇情况表(.xlsx .xls .csv，见 template county)或 county.yaml / township sheet or county.yaml",
    ),
    county: str | None = typer.Option(None, "--county", help="县(市、区)名 / the county"),
    round_: str | None = typer.Option(
        None, "--round", help="换届届次，如“2006年乡镇党委换届” / the election round"
    ),
    date: str | None = typer.Option(
        None, "--date", help="各乡镇的选举日期(行内未写时) YYYY-MM-DD / election date"
    ),
    sheet: str | None = typer.Option(None, "--sheet", help="Excel 工作表名 / sheet name"),
    encoding: str | None = typer.Option(None, "--encoding", help="CSV 编码 / CSV encoding"),
    lang: str | None = LangOption,
) -> None:
    """建立全县工作区：county.yaml 和各乡镇文件夹(含由其数据生成的 election.yaml) / Make the county workspace.

    已存在的文件不会被覆盖：乡镇改过的 election.yaml 保留并列出不同之处。
    Nothing staff edited is overwritten: an election.yaml a township changed is kept, its
    differences listed.
    """
    from electkit.messages import detect_lang, t

    language = detect_lang(lang)
    with errors_reported(language):
        from electkit.app.county import init_county
        from electkit.core.county import profile_differences
        from electkit.core.errors import InputError
        from electkit.io.profile import load_profile

        done = init_county(
            directory,
            rules=rules,
            source=source,
            county=county,
            round_=round_,
            election_date=date,
            sheet=sheet,
            encoding=encoding,
        )
        made = done.county
        out = [
            t(
                "county.init.wrote" if done.written else "county.init.same",
                language,
                path=str(done.path),
                county=made.county,
                round=made.round,
                rules=made.rules,
                count=len(made.townships),
            )
        ]
        for row, action in done.townships:
            file = str(directory / row.directory / "election.yaml")
            if action == "kept":
                try:
                    fields = "、".join(
                        f"{name}({mine}→{theirs})"
                        for name, mine, theirs in profile_differences(
                            made, row, load_profile(Path(file))
                        )
                    )
                except InputError:
                    fields = "—"
                out.append("  " + t("county.init.kept", language, file=file, fields=fields or "—"))
            else:
                key = {
                    "created": "county.init.created",
                    "updated": "county.init.updated",
                    "unchanged": "county.init.unchanged",
                }[action]
                out.append("  " + t(key, language, file=file))
        out += ["  " + t("county.init.dropped", language, name=name) for name in done.dropped]
        sep = "、" if language == "zh" else ", "
        out += [
            "  "
            + t(
                "county.init.open_class" if row.township_class else "county.init.no_class",
                language,
                name=row.name,
                township_class=row.township_class or "",
                contest=t(f"report.contest.{contest}", language),
                classes=sep.join(classes),
            )
            for row, contest, classes in done.open_classes
        ]
    emit("\n".join(out) + "\n", None, language)


@app.command("status")
def status(
    directory: Path = DirArgument,
    fmt: Format = FormatOption,
    lang: str | None = LangOption,
    output: Path | None = typer.Option(None, "--output", "-o", help="写入文件 / write to a file"),
    jobs: int = JobsOption,
) -> None:
    """各乡镇进度：每步一列，下一步做什么，全县合计 / Each township's progress, step by step, and what to do next."""
    from electkit.messages import detect_lang, t

    language = detect_lang(lang)
    with errors_reported(language):
        from electkit.app.county import load_workspace
        from electkit.app.county_status import county_status
        from electkit.render import county_view as view

        found = county_status(load_workspace(directory), jobs=jobs)
        if fmt is Format.json:
            emit(view.to_json(view.status_dict(found, language)), output, language)
        elif fmt is Format.table and output is None:
            view.print_rich(found, language, console())
        else:
            emit(view.to_text(found, language, fmt is Format.markdown), output, language)
        commands = [(r.name, r.next.command) for r in found.townships if r.next.command]
        if commands and fmt is not Format.json and output is None:
            lines = [t("county.status.commands", language)]
            lines += [f"  {name}: {command}" for name, command in commands]
            emit("\n".join(lines) + "\n", None, language)
    raise typer.Exit(int(ExitCode.OK))


@contextmanager
def _sink(output: Path | None) -> Iterator[Callable[[str], None]]:
    """Where a streamed result goes: stdout, or a file that appears complete or not at all."""
    if output is None:

        def out(text: str) -> None:
            sys.stdout.write(text)
            sys.stdout.flush()

        yield out
        return
    from electkit.io.output import atomic_output

    with atomic_output(output) as handle:

        def to_file(text: str) -> None:
            handle.write(text.encode("utf-8"))

        yield to_file


@app.command("check")
def check(
    directory: Path = DirArgument,
    fmt: Format = FormatOption,
    lang: str | None = LangOption,
    strict: bool = typer.Option(False, "--strict", help="提醒也视为不通过 / warnings fail too"),
    output: Path | None = typer.Option(None, "--output", "-o", help="写入文件 / write to a file"),
    jobs: int = JobsOption,
) -> None:
    """检查全县各乡镇(与单个乡镇的检查命令结果相同)，再检查县级规则 / Check every township, then the county rules.

    退出码：1 有错误(--strict 时提醒也算)；2 有文件无法读取。
    Exit 1 on errors (warnings too with --strict), 2 when a township's file cannot be read.
    """
    from electkit.messages import detect_lang, t

    language = detect_lang(lang)
    with errors_reported(language):
        from electkit.app.county import load_workspace
        from electkit.app.county_check import check_county
        from electkit.render import county_check as view

        workspace = load_workspace(directory)
        ruleset = workspace.rules.ruleset
        title = t(
            "county.check.title",
            language,
            county=workspace.county.county,
            round=workspace.county.round,
            rules=ruleset.name,
            sha=ruleset.sha256()[:12],
        )
        workers = jobs
        with _sink(output) as write:
            if fmt is Format.json:
                write(view.head_json(workspace))
                first = [True]

                def show(piece: str) -> None:
                    write(view.join_json(piece, first[0]))
                    first[0] = False

                shown = partial(view.township_json, lang=language)
                done = check_county(workspace, shown, show, jobs=workers)
                write(view.tail_json(done, language))
            elif fmt is Format.table and output is None:
                screen = console()
                screen.print(title, style="bold", markup=False)
                screen.print()
                done = check_county(
                    workspace,
                    partial(view.township_view, lang=language),
                    partial(view.print_township, lang=language, console=screen),
                    jobs=workers,
                )
                screen.print(view.county_rules_text(done, language, False), markup=False)
                screen.print(view.summary_text(done, language).rstrip(), markup=False)
            else:
                markdown = fmt is Format.markdown
                write(("# " if markdown else "") + title + "\n\n")
                done = check_county(
                    workspace,
                    partial(view.township_text, lang=language, markdown=markdown),
                    write,
                    jobs=workers,
                )
                write(view.county_rules_text(done, language, markdown))
                write(view.summary_text(done, language))
    totals = done.totals
    if totals.unreadable:
        raise typer.Exit(int(ExitCode.USAGE))
    failed = totals.errors or (strict and totals.warnings)
    raise typer.Exit(int(ExitCode.FINDINGS) if failed else int(ExitCode.OK))


REPORT_SUFFIXES = {".xlsx": "xlsx", ".pdf": "pdf", ".html": "html", ".htm": "html", ".json": "json"}


@app.command("report")
def report(
    directory: Path = DirArgument,
    output: Path = typer.Option(
        ..., "--output", "-o", help="输出文件(.xlsx .pdf .html .json) / output file"
    ),
    lang: str | None = LangOption,
    jobs: int = JobsOption,
) -> None:
    """全县换届情况统计表(代表、选举、新班子结构、未达要求的规则) / The county's statistics.

    当选人数只取自正式计票；否则整表标为“测试/非正式”。
    The elected come from official counts; otherwise the report says TEST on every page.
    """
    from electkit.messages import detect_lang, t

    language = detect_lang(lang)
    with errors_reported(language):
        from electkit.app.county import load_workspace
        from electkit.app.county_report import county_report
        from electkit.core.errors import InputError, Problem
        from electkit.render import county_report as view
        from electkit.render.common import write_atomic

        kind = REPORT_SUFFIXES.get(output.suffix.lower())
        if kind is None:
            raise InputError([Problem(message_id="county.report.bad_format", file=str(output))])
        made = county_report(load_workspace(directory), jobs=jobs)
        if kind == "xlsx":
            write_atomic(output, view.report_xlsx(made, language))
        elif kind == "json":
            write_atomic(output, view.report_json(made, language))
        else:
            document = view.report_html(made, language)
            if kind == "pdf":
                from electkit.render.pdf import write_pdf

                write_pdf(document, output)
            else:
                write_atomic(output, document)
        stamp = view.stamp(made, language)
    typer.echo(t("county.report.written", language, path=str(output), stamp=stamp))
