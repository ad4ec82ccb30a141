"""Usage errors (a bad option value, a missing argument …) in the user's language.

typer/click word these errors in English, and a bad choice as "Value error, 'pdf' is not one of
…". Their exceptions carry what went wrong as data (the option, the parameter, the choices), so
the common ones are said again from the catalogues, in Chinese or English, with the closest valid
choice; an error not recognised here keeps click's text. Loaded only when such an error occurs.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from typing import IO, Any

import typer

from electkit.cli.helptext import lang_of
from electkit.messages import join, t

# click's exception classes, wherever this typer keeps them (click itself or typer._click)
_click = importlib.import_module(typer.BadParameter.__module__)
UsageError: type[Exception] = _click.UsageError


class LocalUsageError(_click.UsageError):  # type: ignore[misc, name-defined]
    """A usage error said from the catalogues, laid out as click lays out its own (exit code 2)."""

    def __init__(self, message: str, ctx: Any, lang: str) -> None:
        super().__init__(message, ctx)
        self.lang = lang

    def show(self, file: IO[Any] | None = None) -> None:
        lines = []
        ctx = self.ctx
        if ctx is not None:
            usage = ctx.get_usage().removeprefix("Usage:").strip()
            lines.append(t("usage.usage", self.lang, usage=usage))
            if ctx.command.get_help_option(ctx) is not None:
                command = f"{ctx.command_path} {ctx.help_option_names[0]}"
                lines.append(t("usage.try_help", self.lang, command=command))
            lines.append("")
        lines.append(t("usage.error", self.lang, message=self.format_message()))
        typer.echo("\n".join(lines), file=file, err=True)


def localize(exc: Exception, args: Sequence[str]) -> Exception:
    """``exc`` said in the language the command line asks for (``exc`` itself when unknown)."""
    if isinstance(exc, LocalUsageError) or type(exc).__name__ == "NoArgsIsHelpError":
        return exc
    lang = lang_of(args)
    message = _said(exc, lang)
    if message is None:
        return exc
    return LocalUsageError(message, getattr(exc, "ctx", None), lang)


def _name(param: Any) -> str:
    if param.param_type_name == "argument":
        return str(param.metavar or str(param.name).upper())
    return "/".join(param.opts)


def _choices(param: Any) -> list[str]:
    choices = getattr(getattr(param, "type", None), "choices", None)  # click
    descriptor = getattr(param, "type_descriptor", None)  # typer ≥ 0.2x
    if choices is None and descriptor is not None and getattr(descriptor, "is_choice", False):
        choices = descriptor.choices
    return [str(getattr(c, "value", c)) for c in choices or ()]


def _said(exc: Any, lang: str) -> str | None:
    """The message for a usage error in ``lang``, or None when it is not one we know."""
    text = str(getattr(exc, "message", "") or "")
    if isinstance(exc, _click.NoSuchOption):
        out = t("usage.no_such_option", lang, name=exc.option_name)
        if exc.possibilities:
            out += t("usage.possible_options", lang, options=join(sorted(exc.possibilities), lang))
        return out
    if isinstance(exc, _click.MissingParameter) and exc.param is not None:
        param = exc.param
        if param.param_type_name == "argument":
            return t("usage.missing_argument", lang, name=_name(param))
        out = t("usage.missing_option", lang, name=_name(param))
        if choices := _choices(param):
            out += t("usage.choose_from", lang, choices=join(choices, lang))
        return out
    if isinstance(exc, _click.BadParameter) and exc.param is not None:
        name = _name(exc.param)
        if choices := _choices(exc.param):
            given = re.search(r"'(.*?)' is not one of", text)
            if given:
                out = t(
                    "usage.invalid_choice",
                    lang,
                    name=name,
                    value=given[1],
                    choices=join(choices, lang),
                )
                return out + closest(given[1], choices, lang)
            return t(
                "usage.invalid_value",
                lang,
                name=name,
                detail=t("usage.one_of", lang, choices=join(choices, lang)),
            )
        if "valid integer" in text:
            return t("usage.invalid_integer", lang, name=name)
        return t("usage.invalid_value", lang, name=name, detail=text)
    if isinstance(exc, _click.BadOptionUsage):
        if "requires" in text and "argument" in text:
            return t("usage.needs_value", lang, name=exc.option_name)
        if "does not take a value" in text:
            return t("usage.takes_no_value", lang, name=exc.option_name)
        return None
    if found := re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", text):
        return t("usage.extra_arguments", lang, args=found[1])
    if found := re.match(r"No such command '(.*?)'\.(?: Did you mean (.*)\?)?", text):
        out = t("usage.no_such_command", lang, name=found[1])
        if found[2]:
            names = re.findall(r"'(.*?)'", found[2])
            out += t("usage.did_you_mean", lang, commands=join(names, lang))
        return out
    return None


def closest(value: str, choices: Sequence[str], lang: str) -> str:
    """ " Did you mean 'table'?" when one choice is close to what was typed, else nothing."""
    from difflib import get_close_matches

    found = get_close_matches(value.lower(), [c.lower() for c in choices], n=1, cutoff=0.6)
    if not found:
        return ""
    match = next(c for c in choices if c.lower() == found[0])
    return t("usage.closest", lang, choice=match)
