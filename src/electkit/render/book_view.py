"""Render the counting book: diff, status, verify, a count's header, and the entry echo."""

from __future__ import annotations

import json
from typing import Any

from electkit.core.book import BallotContent, DoubleEntry, group_head
from electkit.core.tally import BallotOutcome
from electkit.messages import join, t
from electkit.render.terminal import out, out_err

MARK_SYMBOLS = ("-", "○", "×")
MARK_STYLES = ("dim", "bold green", "bold red")


def dumps(data: Any) -> str:
    """JSON text as every electkit command writes it."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def short(head: str) -> str:
    """The first 12 hex digits of a hash, as printed beside results."""
    return head[:12]


def _value(value: Any, field: str, lang: str) -> str:
    if value is None:
        return t("book.ui.not_void", lang) if field == "void" else "—"
    if isinstance(value, list):
        return join(value, lang) if value else "—"
    if field == "void":
        return t("book.ui.void_reason", lang, reason=value or t("book.ui.void_plain", lang))
    if value in ("agree", "oppose", "abstain"):
        return t(f"book.ui.mark.{value}", lang)
    return str(value)


def _field(field: str, lang: str) -> str:
    if field in ("write_in", "void"):
        return t(f"book.ui.field.{field}", lang)
    return field


def diff_rows(double: DoubleEntry, lang: str) -> tuple[list[str], list[list[str]]]:
    """Each disagreement: ballot, field, each clerk's value."""
    headers = [t("book.ui.ballot", lang), t("book.ui.field", lang), *double.clerks]
    body = [
        [
            m["ballot"],
            _field(m["field"], lang),
            *(_value(m["values"][c], m["field"], lang) for c in double.clerks),
        ]
        for m in double.mismatches
    ]
    return headers, body


def diff_lines(double: DoubleEntry, lang: str) -> list[str]:
    """The summary above the table, and the ballots only one clerk entered."""
    if not double.clerks:
        return [t("book.ui.diff.empty", lang)]
    if len(double.clerks) == 1:
        return [t("book.ui.diff.single", lang, clerk=double.clerks[0])]
    a, b = double.clerks
    only = sum(len(v) for v in double.only.values())
    lines = [
        t(
            "book.ui.diff.summary",
            lang,
            a=a,
            b=b,
            agreed=double.agreed,
            differing=double.ballots_differing,
            only=only,
        )
    ]
    if not double.disagreements:
        lines.append(t("book.ui.diff.none", lang))
    for clerk, numbers in double.only.items():
        if numbers:
            sep = "、" if lang == "zh" else ", "
            lines.append(t("book.ui.diff.only", lang, clerk=clerk, ballots=sep.join(numbers)))
    return lines


def diff_text(double: DoubleEntry, title: str, lang: str, fmt: str) -> str:
    """Markdown or plain text."""
    from electkit.render.common import md_escape, safe_tabulate

    markdown = fmt == "markdown"

    def esc(text: str) -> str:  # names are staff input: no HTML, no table breaks
        return str(md_escape(text)) if markdown else text

    out = [("# " if markdown else "") + esc(t("book.ui.diff.title", lang, contest=title)), ""]
    out += [("- " if markdown else "  ") + esc(line) for line in diff_lines(double, lang)]
    if double.mismatches:
        headers, body = diff_rows(double, lang)
        tablefmt = "github" if markdown else "simple"
        out += ["", safe_tabulate(body, headers=headers, tablefmt=tablefmt, disable_numparse=True)]
    return "\n".join(out) + "\n"


def print_diff(double: DoubleEntry, title: str, lang: str, console: Any) -> None:
    """The terminal view of ``book diff``."""
    from rich.table import Table

    from electkit.render.common import folded

    console.print(t("book.ui.diff.title", lang, contest=title), style="bold")
    for line in diff_lines(double, lang):
        console.print("  " + line, markup=False)
    if double.mismatches:
        headers, body = diff_rows(double, lang)
        grid = Table()
        for header in headers:
            grid.add_column(header)
        for row in body:
            grid.add_row(*row)
        console.print(folded(grid))


def status_rows(data: dict[str, Any], lang: str) -> tuple[list[str], list[list[str]]]:
    """One row per contest and clerk."""
    keys = ("contest", "seats", "returned", "clerk", "entries", "ballots", "disagree", "count")
    body = []
    for c in data["contests"]:
        returned = str(c["returned"]) if c["returned"] is not None else "—"
        count = c["official_count"]
        if count is None:
            recorded = "—"
        else:
            recorded = t(
                "book.ui.status.counted" if count["current"] else "book.ui.status.stale",
                lang,
                entry=count["entry"],
            )
        clerks = c["clerks"] or [{"clerk": "—", "entries": 0, "ballots": 0}]
        for i, clerk in enumerate(clerks):
            first = i == 0
            body.append(
                [
                    c["contest"] if first else "",
                    str(c["seats"]) if first else "",
                    returned if first else "",
                    clerk["clerk"],
                    str(clerk["entries"]),
                    str(clerk["ballots"]),
                    str(c["disagreements"]) if first else "",
                    recorded if first else "",
                ]
            )
    return [t(f"book.ui.status.{k}", lang) for k in keys], body


def status_lines(data: dict[str, Any], lang: str) -> list[str]:
    """The book's identity above the table."""
    return [
        t("book.ui.status.book", lang, path=data["book"]),
        t(
            "book.ui.status.made",
            lang,
            schema=data["schema"],
            version=data["electkit"],
            created=data["created"],
        ),
        t("book.ui.status.head", lang, entries=data["entries"], head=data["head"]),
    ]


def status_text(data: dict[str, Any], lang: str, fmt: str) -> str:
    """Markdown or plain text."""
    from electkit.render.common import md_escape
    from electkit.render.common import safe_tabulate as tabulate

    markdown = fmt == "markdown"
    headers, body = status_rows(data, lang)
    tablefmt = "github" if markdown else "simple"
    out = [("- " + str(md_escape(line)) if markdown else line) for line in status_lines(data, lang)]
    out += ["", tabulate(body, headers=headers, tablefmt=tablefmt, disable_numparse=True)]
    return "\n".join(out) + "\n"


def print_status(data: dict[str, Any], lang: str, console: Any) -> None:
    """The terminal view of ``book status``."""
    from rich.table import Table

    from electkit.render.common import folded

    lines = status_lines(data, lang)
    console.print(lines[0], style="bold", markup=False, soft_wrap=True)
    for line in lines[1:]:
        console.print(line, style="dim", markup=False, soft_wrap=True)
    headers, body = status_rows(data, lang)
    grid = Table()
    for i, header in enumerate(headers):
        grid.add_column(header, justify="right" if i in (1, 2, 4, 5, 6) else "left")
    for row in body:
        grid.add_row(*row)
    console.print(folded(grid))


def count_lines(
    official: bool, head: str, single_entry: bool, left_out: int, lang: str
) -> list[str]:
    """What a count from the book says above the result: official or not, and on which head."""
    lines = [
        t(
            "book.ui.count.official" if official else "book.ui.count.unofficial",
            lang,
            head=group_head(head),
        )
    ]
    if official:
        lines.append(t("book.ui.count.write_down", lang))
    if single_entry:
        lines.append(t("book.ui.count.single", lang))
    if left_out:
        lines.append(t("book.ui.count.left_out", lang, count=left_out))
    return lines


def echo_parts(
    number: str,
    content: BallotContent,
    candidates: tuple[str, ...],
    outcome: BallotOutcome | None,
    seats: int,
    lang: str,
) -> list[tuple[str, str]]:
    """A stored ballot as (text, style) pieces: number, each name with its mark, write-ins, verdict."""
    parts: list[tuple[str, str]] = [(number, "bold")]
    if content.void is not None:
        reason = content.void or t("book.ui.void_plain", lang)
        parts.append((" " + t("book.enter.void", lang, reason=reason), "bold yellow"))
        return parts
    for name, mark in zip(candidates, content.mark_values, strict=True):
        parts.append((f" {name}", ""))
        parts.append((MARK_SYMBOLS[mark], MARK_STYLES[mark]))
    if content.write_ins:
        sep = "、" if lang == "zh" else ", "
        parts.append((" " + t("book.enter.write_in_label", lang) + sep.join(content.write_ins), ""))
    if outcome is not None and not outcome.valid and outcome.invalid is not None:
        from electkit.render.tally_view import invalid_reason

        reason = invalid_reason(outcome.invalid, seats, lang)
        parts.append(("  " + t("book.enter.invalid", lang, reason=reason), "bold yellow"))
    return parts


def changes_text(before: BallotContent, after: Any, candidates: tuple[str, ...], lang: str) -> str:
    """What a correction changed: ``王志刚 ○→×``, write-ins, void."""
    from electkit.core.book import BallotContent as Content

    new = after if isinstance(after, Content) else Content.from_data(after.data)
    sep = "、" if lang == "zh" else ", "
    parts = []
    if (before.void is None) != (new.void is None) or (before.void or "") != (new.void or ""):
        parts.append(
            t("book.ui.field.void", lang)
            + f" {_value(before.void, 'void', lang)}→{_value(new.void, 'void', lang)}"
        )
    for name, x, y in zip(candidates, before.marks, new.marks, strict=True):
        if x != y:
            parts.append(f"{name} {MARK_SYMBOLS[int(x)]}→{MARK_SYMBOLS[int(y)]}")
    if sorted(before.write_ins) != sorted(new.write_ins):
        old = sep.join(before.write_ins) or "—"
        parts.append(t("book.ui.field.write_in", lang) + f" {old}→{sep.join(new.write_ins) or '—'}")
    return sep.join(parts) or t("book.ui.same", lang)


def count_json(view: Any, official: bool, head: str, lang: str) -> str:
    """The JSON of a count from the book: ``tally count``'s plus ``official`` and ``book_head``."""
    from electkit.render import tally_view as render

    data = render.result_dict(view, lang)
    data["official"] = official
    data["book_head"] = head
    return dumps(data)


def render_count(
    view: Any,
    *,
    official: bool,
    head: str,
    lines: list[str],
    fmt: str,
    lang: str,
    console: Any,
) -> None:
    """A count from the book: ``tally count``'s views, with official/unofficial and the head."""
    import sys

    from electkit.render import tally_view as render

    if fmt == "json":
        out(count_json(view, official, head, lang))
        sys.stdout.flush()
        # as tally count: the JSON carries the fields, remarks go to stderr beside it
        for line in lines[1:]:
            out_err(line + "\n")
        for note in view.notes:
            out_err(f"{note.rule}: {render.note_text(note, lang, view.pre)}\n")
    elif fmt == "table":
        console.print(lines[0], style="bold green" if official else "bold yellow", markup=False)
        for line in lines[1:]:
            console.print(line, style="yellow", markup=False)
        render.print_rich(view, lang, console)
    else:
        prefix = "> " if fmt == "markdown" else ""
        head_lines = "".join(f"{prefix}{line}\n" for line in lines)
        out(head_lines + "\n" + render.to_text(view, lang, fmt))
        sys.stdout.flush()
