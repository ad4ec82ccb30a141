"""Usage errors (a bad option value, a missing argument …) in Chinese when the language is zh.

typer/click word these errors in English. Their exceptions carry what went wrong as data (the
option, the parameter, the choices), so the common ones are said again from the catalogues;
an error not recognised here keeps its English text. Loaded only when such an error occurs.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from typing import IO, Any

import typer

from electkit.messages import detect_lang, join, t

# click's exception classes, wherever this typer keeps them (click itself or typer._click)
_click = importlib.import_module(typer.BadParameter.__module__)
UsageError: type[Exception] = _click.UsageError


class ChineseUsageError(_click.UsageError):  # type: ignore[misc, name-defined]
    """A usage error said in Chinese, laid out as click lays out its own (exit code 2)."""

    def show(self, file: IO[Any] | None = None) -> None:
        lines = []
        ctx = self.ctx
        if ctx is not None:
            usage = ctx.get_usage().removeprefix("Usage:").strip()
            lines.append(t("usage.usage", "zh", usage=usage))
            if ctx.command.get_help_option(ctx) is not None:
                command = f"{ctx.command_path} {ctx.help_option_names[0]}"
                lines.append(t("usage.try_help", "zh", command=command))
            lines.append("")
        lines.append(t("usage.error", "zh", message=self.format_message()))
        typer.echo("\n".join(lines), file=file, err=True)


def lang_of(args: Sequence[str]) -> str:
    """The language a command line asks for: its --lang, else ELECTKIT_LANG or the locale."""
    value = None
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
    if value is not None and value.lower()[:2] not in ("zh", "en"):
        value = None  # itself the mistake: the environment decides
    return detect_lang(value)


def localize(exc: Exception, args: Sequence[str]) -> Exception:
    """``exc`` said in Chinese when the command line asks for Chinese, else ``exc`` itself."""
    if isinstance(exc, ChineseUsageError) or type(exc).__name__ == "NoArgsIsHelpError":
        return exc
    if lang_of(args) != "zh":
        return exc
    message = _chinese(exc)
    if message is None:
        return exc
    return ChineseUsageError(message, getattr(exc, "ctx", None))


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


def _chinese(exc: Any) -> str | None:
    """The Chinese message for a usage error, or None when it is not one we know."""
    text = str(getattr(exc, "message", "") or "")
    if isinstance(exc, _click.NoSuchOption):
        out = t("usage.no_such_option", "zh", name=exc.option_name)
        if exc.possibilities:
            out += t("usage.possible_options", "zh", options=join(sorted(exc.possibilities), "zh"))
        return out
    if isinstance(exc, _click.MissingParameter) and exc.param is not None:
        param = exc.param
        if param.param_type_name == "argument":
            return t("usage.missing_argument", "zh", name=_name(param))
        out = t("usage.missing_option", "zh", name=_name(param))
        if choices := _choices(param):
            out += t("usage.choose_from", "zh", choices=join(choices, "zh"))
        return out
    if isinstance(exc, _click.BadParameter) and exc.param is not None:
        name = _name(exc.param)
        if choices := _choices(exc.param):
            given = re.search(r"'(.*?)' is not one of", text)
            if given:
                return t(
                    "usage.invalid_choice",
                    "zh",
                    name=name,
                    value=given[1],
                    choices=join(choices, "zh"),
                )
            return t(
                "usage.invalid_value",
                "zh",
                name=name,
                detail=t("usage.one_of", "zh", choices=join(choices, "zh")),
            )
        if "valid integer" in text:
            return t("usage.invalid_integer", "zh", name=name)
        return t("usage.invalid_value", "zh", name=name, detail=text)
    if isinstance(exc, _click.BadOptionUsage):
        if "requires" in text and "argument" in text:
            return t("usage.needs_value", "zh", name=exc.option_name)
        if "does not take a value" in text:
            return t("usage.takes_no_value", "zh", name=exc.option_name)
        return None
    if found := re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", text):
        return t("usage.extra_arguments", "zh", args=found[1])
    if found := re.match(r"No such command '(.*?)'\.(?: Did you mean (.*)\?)?", text):
        out = t("usage.no_such_command", "zh", name=found[1])
        if found[2]:
            names = re.findall(r"'(.*?)'", found[2])
            out += t("usage.did_you_mean", "zh", commands=join(names, "zh"))
        return out
    return None
