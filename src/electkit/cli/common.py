"""What every command shares: exit codes, options, error reporting, output."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup

# click's UsageError, wherever this typer keeps click (click itself, or typer._click)
_UsageError: type[Exception] = importlib.import_module(typer.BadParameter.__module__).UsageError

if TYPE_CHECKING:
    from rich.console import Console


class ExitCode(IntEnum):
    """Exit codes (docs/cli.md)."""

    OK = 0
    FINDINGS = 1  # the data breaks an error-level rule (warnings too under --strict); tampering
    USAGE = 2  # bad invocation or unreadable input
    BLOCKED = 3  # an official count is blocked (e.g. double-entry disagreements)
    INTERNAL = 70  # a bug in electkit


class Format(StrEnum):
    """Output formats of the checking commands."""

    table = "table"
    json = "json"
    markdown = "markdown"
    plain = "plain"


def usage_piece(param: Any) -> str:
    """How an argument reads in a usage line: ROSTER, [BALLOTS], CONTESTS... (its metavar)."""
    name = param.metavar or str(param.name).upper()
    if not param.required:
        name = f"[{name}]"
    return name + ("..." if param.nargs != 1 else "")


def _usage_error_in_lang(exc: Exception, args: Sequence[str]) -> Exception:
    from electkit.cli.usage import localize  # only when there is an error to say

    return localize(exc, args)


_ARGS = "electkit.args"  # the command line, kept in the context for the help's language


class _InLang:
    """Usage errors and help pages in the language the command line asks for (--lang, else
    ELECTKIT_LANG or the locale): click's chrome ("Usage:", "Show this message and exit.") too."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        given = list(args)  # the parser consumes ``args``
        try:
            return super().make_context(info_name, args, parent=parent, **extra)  # type: ignore[misc]
        except _UsageError as exc:
            raise _usage_error_in_lang(exc, given) from None

    def parse_args(self, ctx: Any, args: list[str]) -> Any:
        ctx.meta.setdefault(_ARGS, list(args))  # the outermost command sees the whole line
        return super().parse_args(ctx, args)  # type: ignore[misc]

    def get_help(self, ctx: Any) -> str:
        from electkit.cli.helptext import help_in_lang  # only when help is asked for

        return help_in_lang(super().get_help(ctx), ctx.meta.get(_ARGS, ()))  # type: ignore[misc]


class Command(_InLang, TyperCommand):
    """A command whose usage line names its arguments by their metavars (``ROSTER``), and whose
    usage errors and help follow the language asked for.

    Recent typer writes a required argument as ``{roster}``, which reads like an unfilled
    template; options keep typer's own rendering.
    """

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                pieces.append(usage_piece(param))
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces


class Group(_InLang, TyperGroup):
    """A group of commands whose usage errors (an unknown command or option) and help follow
    the language asked for."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        given = list(args)
        try:
            return super().resolve_command(ctx, args)
        except _UsageError as exc:
            raise _usage_error_in_lang(exc, given) from None


_F = TypeVar("_F", bound=Callable[..., Any])


class App(typer.Typer):
    """typer.Typer made of :class:`Group` and :class:`Command`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("cls", Group)
        super().__init__(*args, **kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Callable[[_F], _F]:
        kwargs.setdefault("cls", Command)
        return super().command(*args, **kwargs)


def _check_lang(value: str | None) -> str | None:
    """--lang zh or en (zh_CN, en-US … too); anything else is a usage error, not English."""
    if value is not None and value.lower()[:2] not in ("zh", "en"):
        raise typer.BadParameter(f"只能是 zh 或 en / must be zh or en, not {value!r}")
    return value


LangOption = typer.Option(
    None,
    "--lang",
    help="zh | en (默认：ELECTKIT_LANG，否则系统语言，C/POSIX 时中文 / default: ELECTKIT_LANG, else the locale; zh for C/POSIX)",
    callback=_check_lang,
)
FormatOption = typer.Option(
    Format.table, "--format", "-f", help="输出格式 / output format: table | json | markdown | plain"
)


def console(stderr: bool = False, file: Any = None) -> Console:
    """A rich console (imported lazily: start-up time) that prints control characters from the
    data visibly and takes no markup from it (render/terminal.py)."""
    from electkit.render.terminal import safe_console

    console: Console = safe_console(stderr=stderr, file=file, highlight=False, soft_wrap=False)
    return console


def ignored(option: str, reason_id: str, lang: str) -> None:
    """Say on stderr that an option given has no effect here (never ignore one silently)."""
    from electkit.messages import t

    console(stderr=True).print(
        t("cli.ignored", lang, option=option, reason=t(reason_id, lang)),
        style="yellow",
        markup=False,
        soft_wrap=True,
    )


def ignored_encoding(path: Path, encoding: str | None, lang: str) -> None:
    """``--encoding`` means nothing for an Excel file (a CSV's ``--sheet`` is refused instead)."""
    from electkit.io.tables import EXCEL_SUFFIXES

    if encoding is not None and path.suffix.lower() in EXCEL_SUFFIXES:
        ignored("--encoding", "cli.ignored.encoding", lang)


def fail(problems: list[Any], lang: str, code: ExitCode = ExitCode.USAGE) -> NoReturn:
    """Print every problem to stderr and exit."""
    from electkit.messages import t
    from electkit.render.common import problem_line

    err = console(stderr=True)
    err.print(t("ui.error_header", lang), style="bold red")
    for problem in problems:
        err.print("  " + problem_line(problem, lang), markup=False, soft_wrap=True)
    raise typer.Exit(int(code))


@contextmanager
def errors_reported(lang: str) -> Iterator[None]:
    """Turn electkit's named errors into messages on stderr and exit codes."""
    from electkit.core.errors import CountBlocked, InputError

    try:
        yield
    except InputError as exc:
        fail(exc.problems, lang)
    except CountBlocked as exc:
        fail(exc.problems, lang, ExitCode.BLOCKED)


def emit(text: str, output: Path | None, lang: str) -> None:
    """Write a rendered result to ``output`` (atomically) or to stdout."""
    if output is None:
        from electkit.render.terminal import out

        out(text)
        return
    from electkit.core.errors import InputError
    from electkit.render.common import write_atomic

    try:
        write_atomic(output, text)
    except InputError as exc:
        fail(exc.problems, lang)
