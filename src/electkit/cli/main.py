"""The ``electkit`` command: sub-commands are registered here; heavy modules load lazily."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

import typer

from electkit import __version__
from electkit.cli import (
    ballot,
    book,
    check,
    county,
    county_bundle,
    plan,
    report,
    rules,
    sort,
    tally,
    template,
)
from electkit.cli.common import App, ExitCode

app = App(
    name="electkit",
    help="乡镇党委换届选举工具：名单检查、计票、报告 / Township Party committee elections: checks, counting, reports.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
    context_settings={"help_option_names": ["--help", "-h"]},
)
app.add_typer(check.app, name="check")
app.add_typer(rules.app, name="rules")
app.add_typer(report.app, name="report")
app.command("plan")(plan.plan)
app.command("allocate")(plan.allocate)
app.command("template")(template.template)
app.command("ballot")(ballot.ballot)
app.add_typer(tally.app, name="tally")
app.command("sort")(sort.sort_command)
app.add_typer(book.app, name="book")
county.app.command("import")(county_bundle.import_bundles)
app.add_typer(county.app, name="county")
app.command("bundle")(county_bundle.bundle)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"electkit {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="显示版本 / show the version"
    ),
) -> None:
    """乡镇党委换届选举工具 / Township Party committee elections."""
    from electkit.io.inputs import forget_reads
    from electkit.messages import LANGS

    forget_reads()
    chosen = os.environ.get("ELECTKIT_LANG")
    if chosen and chosen.lower()[:2] not in LANGS:  # say so, never ignore it silently
        sys.stderr.write(
            f"electkit: ELECTKIT_LANG={chosen!r} 不是 zh 或 en，已忽略 / is not zh or en: ignored\n"
        )


def _printable_streams() -> None:
    """A console that cannot encode a character (a GBK redirect on Chinese Windows) shows it as
    an escape instead of failing: electkit chooses symbols GBK has, this is the safety net."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding not in ("utf8", "utf16", "utf32") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def _interrupted(exc: BaseException) -> bool:
    """Whether an error was raised while handling a Ctrl-C (its cause or context is one)."""
    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        if isinstance(link, KeyboardInterrupt):
            return True
        seen.add(id(link))
        link = link.__cause__ or link.__context__
    return False


_SIGINT: list[bool] = []  # a Ctrl-C has come (set by the handler main() installs)


def _on_sigint(signum: int, frame: object) -> None:
    """Python's own Ctrl-C (a KeyboardInterrupt), remembered: a library that turns it into an
    error of its own (pydantic-core building a schema raises SchemaError) is still a Ctrl-C."""
    _SIGINT.append(True)
    raise KeyboardInterrupt


def _unraisable(hook: Callable[[Any], object]) -> Callable[[Any], object]:
    """Python's hook for an exception it cannot raise (one in a finaliser), quiet for a Ctrl-C:
    "Exception ignored in: 'Path' … KeyboardInterrupt" says nothing to the user."""

    def quiet(unraisable: Any) -> object:
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            _SIGINT.append(True)
            return None
        return hook(unraisable)

    return quiet


def main() -> None:
    """Entry point: run the app; an unexpected error is reported in one line, never a traceback."""
    try:
        import signal

        sys.unraisablehook = _unraisable(sys.unraisablehook)

        # from here on Ctrl-C is a KeyboardInterrupt again: each command restores what it must
        # (a terminal in cbreak mode, a board's screen) and exits 130 below
        signal.signal(signal.SIGINT, _on_sigint)
        _printable_streams()
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        sys.exit(130)
    except Exception as exc:  # the last line of defence: a bug must not print personal data
        if _interrupted(exc) or _SIGINT:  # raised while a Ctrl-C was unwinding (a cleanup,
            # an import) or by a library that caught the Ctrl-C and raised its own error
            sys.stderr.write("\n")
            sys.exit(130)
        if os.environ.get("ELECTKIT_DEBUG"):
            raise
        from electkit.render.terminal import visible

        sys.stderr.write(
            f"electkit: 内部错误 / internal error: {type(exc).__name__}: {visible(str(exc))}\n"
            "请设置 ELECTKIT_DEBUG=1 重新运行以查看详情并报告此问题 / "
            "run again with ELECTKIT_DEBUG=1 for details and report it\n"
        )
        sys.exit(int(ExitCode.INTERNAL))
    finally:
        # the command is over: a Ctrl-C while Python shuts down is not a KeyboardInterrupt
        # traceback ("Exception ignored in …") after an answer already given
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)
