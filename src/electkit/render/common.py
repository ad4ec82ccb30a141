"""Shared rendering helpers: findings as messages, problems as lines, atomic file output."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

from electkit.core.errors import Problem
from electkit.core.findings import Finding, NotChecked, Severity
from electkit.messages import t

FORMATS = ("table", "json", "markdown", "plain")


def finding_message(finding: Finding, lang: str) -> str:
    """The finding's message in ``lang``."""
    sep = "、" if lang == "zh" else ", "
    params = dict(finding.params)
    relaxed = params.get("relaxed")
    if isinstance(relaxed, str):  # the id of a note on a relaxed requirement (CQ-*), or ""
        params["relaxed"] = t(relaxed, lang) if relaxed else ""
    return t(
        finding.message_id,
        lang,
        **params,
        subject=finding.subjects[0] if finding.subjects else "",
        subjects=sep.join(finding.subjects),
        value=finding.value,
        column=finding.column,
        needed=finding.needed,
    )


# What to type next, said in the terminal after these messages; printed forms carry no commands.
COMMAND_HINTS = {
    "nc.seats": "hint.seats",
    "nc.seats.no_rule": "hint.seats",
    "nc.officers.no_seats": "hint.seats",
    "nc.seats.villages": "hint.seats.villages",
    "nc.seats.population": "hint.seats.population",
    "nc.seats.higher": "hint.seats.higher",
    "nc.unit_column": "hint.unit",
    "book.count.broken_note": "hint.book_verify",
    "tally.note.no_ballots.book": "hint.book_enter",
}


def with_hint(message_id: str, text: str, lang: str, hint: bool) -> str:
    """A message, followed in the terminal (``hint``) by the command that helps, if there is one."""
    key = COMMAND_HINTS.get(message_id)
    return text + t(key, lang) if hint and key else text


def not_checked_message(item: NotChecked, lang: str, *, hint: bool = True) -> str:
    """Why a rule was not checked, in ``lang``; ``hint=False`` on printed forms (no commands)."""
    return with_hint(item.reason_id, t(item.reason_id, lang, **item.params), lang, hint)


def not_checked_entries(
    items: list[NotChecked], lang: str, *, hint: bool = True
) -> list[tuple[str, str]]:
    """(rules, why) for each rule not checked: a missing input rule by rule; the rules that apply
    to something else than this list (a slate, the count …) grouped, one line per kind of list.
    ``hint=False`` on printed forms (no commands)."""
    sep = "、" if lang == "zh" else ", "
    entries: list[tuple[str, str]] = []
    elsewhere: dict[str, list[str]] = {}
    for item in items:
        why = not_checked_message(item, lang, hint=hint)
        if item.reason_id == "nc.scope":
            elsewhere.setdefault(why, []).append(item.rule)
        else:
            entries.append((item.rule, why))
    entries += [(sep.join(codes), reason) for reason, codes in elsewhere.items()]
    return entries


def severity_label(severity: Severity, lang: str) -> str:
    """错误 / 提醒 / 信息 or error / warning / info."""
    return t(f"ui.{severity.value}", lang)


def problem_line(problem: Problem, lang: str) -> str:
    """One problem that stops a command: where, then what."""
    where = []
    if problem.file:
        where.append(problem.file)
    if problem.row is not None:
        where.append(t("ui.line", lang, row=problem.row))
    if problem.column:
        where.append(problem.column)
    # a check's own value or column among the params (a ValueProblem's) is the one it meant
    params = {"value": problem.value, "column": problem.column, **problem.params}
    text = t(problem.message_id, lang, **params)
    if problem.value is not None and "{value" not in _template(problem.message_id, lang):
        text += f" ({problem.value!r})" if lang == "en" else f"(“{problem.value}”)"
    return (" · ".join(where) + ": " if where else "") + text


def _template(key: str, lang: str) -> str:
    from electkit.messages import catalogue

    return catalogue(lang).get(key, "")


def share_number(count: int, total: int) -> float:
    """A share rounded to 4 decimals for JSON (computed exactly, converted last)."""
    if not total:
        return 0.0
    return round(float(Fraction(round(Fraction(count, total) * 10000), 10000)), 4)


def folded(table: Any) -> Any:
    """A rich table whose every column wraps, folding a long run of Chinese text, instead of
    cutting it with "…": no terminal view may hide a finding's substance (or a contest's name)."""
    for column in table.columns:
        column.overflow = "fold"
    return table


def write_atomic(path: Path, data: str | bytes, *, replace_input: bool = False) -> None:
    """Write a file so that it is either complete or not there (``io.output.atomic_output``:
    temp file, fsync, rename, fsync of the directory; permissions kept, a missing folder made, a
    device written through). ``replace_input``: the file is an input rewritten on purpose
    (``rules upgrade --write``). Raises InputError naming the file and saying why."""
    from electkit.io.output import atomic_output

    with atomic_output(Path(path), replace_input=replace_input) as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)


def jsonable(value: Any) -> Any:
    """Plain JSON values for a parameter (bilingual texts as objects)."""
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    return value


def md_escape(value: Any) -> Any:
    """A Markdown table cell that cannot break the table or smuggle HTML (| < > escaped)."""
    if not isinstance(value, str):
        return value
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def safe_tabulate(rows: Any, headers: Any = (), tablefmt: str = "simple", **options: Any) -> str:
    """tabulate, with every cell escaped when the table is Markdown (names are staff input).

    Text is never parsed as a number: tabulate would print an ID number as ``5.30325e+17`` and
    ``1985.10`` as ``1985.1`` in a column that also holds a decimal. Only a column of Python
    integers (counts, row numbers; blanks allowed) is left to tabulate, which aligns it to the
    right.
    """
    from tabulate import tabulate

    rows = [list(row) for row in rows]
    if "disable_numparse" not in options:
        width = max((len(row) for row in rows), default=0)
        counts = [
            i
            for i in range(width)
            if all(
                i < len(row)
                and (
                    row[i] in ("", None)
                    or (isinstance(row[i], int) and not isinstance(row[i], bool))
                )
                for row in rows
            )
        ]
        options["disable_numparse"] = [i for i in range(width) if i not in counts] if rows else True
    if tablefmt == "github":
        rows = [[md_escape(cell) for cell in row] for row in rows]
        headers = [md_escape(cell) for cell in headers]
    return str(tabulate(rows, headers=headers, tablefmt=tablefmt, **options))
