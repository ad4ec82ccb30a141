"""Render ``book verify``: intact with the head hash, or the first break and every other one."""

from __future__ import annotations

import json
from typing import Any

from electkit.core.book import group_head
from electkit.core.errors import Problem
from electkit.io.book_verify import Break, Verification
from electkit.messages import t
from electkit.render.terminal import out


def head_entry(outcome: Verification, digits: str) -> int | None:
    """The entry whose hash a head written down earlier is (in full, or its first 16+ digits)."""
    if len(digits) == 64:
        return outcome.hashes.get(digits)
    return next((seq for h, seq in outcome.hashes.items() if h.startswith(digits)), None)


def unreadable(problems: list[Problem]) -> Verification:
    """The outcome for a book file SQLite cannot read at all: each problem a break of the file."""
    outcome = Verification()
    outcome.breaks = [Break("file", None, p.message_id, dict(p.params)) for p in problems]
    return outcome


def kinds_text(found: dict[str, int], lang: str) -> str:
    """Entries by kind, as ``2 ballot, 1 count``."""
    sep = "，" if lang == "zh" else ", "
    return sep.join(f"{n} {kind}" for kind, n in found.items()) or "—"


def break_text(item: Break, lang: str) -> str:
    """One break as a sentence: where, then what."""
    where = t(f"book.verify.table.{item.table}", lang)
    if item.entry is not None:
        where += " · " + t("book.ui.verify.entry", lang, entry=item.entry)
    return f"{where}: {t(item.message_id, lang, **item.params)}"


def as_json(
    outcome: Verification, found: int | None, head: str | None, lang: str
) -> dict[str, Any]:
    """The JSON of ``book verify`` (docs/book.md)."""
    first = outcome.first
    return {
        "intact": outcome.intact and (head is None or found is not None),
        "entries": outcome.entries,
        "head": outcome.head,
        "counts_checked": outcome.counts,
        "expected_head": head,
        "expected_head_found": None if head is None else found is not None,
        "expected_head_entry": found,
        "entries_after_expected_head": None if found is None else outcome.after(found),
        "housekeeping": outcome.housekeeping,
        "first_break": None
        if first is None
        else {"table": first.table, "entry": first.entry, "message": break_text(first, lang)},
        "breaks": [
            {"table": b.table, "entry": b.entry, "message": break_text(b, lang)}
            for b in outcome.breaks
        ],
    }


def lines(outcome: Verification, found: int | None, head: str | None, lang: str) -> list[str]:
    """The verdict first, then every break, then what the recorded head says."""
    out = []
    if outcome.intact:
        out.append(
            t(
                "book.ui.verify.ok",
                lang,
                entries=outcome.entries,
                counts=outcome.counts,
                head=group_head(outcome.head),
            )
        )
    else:
        first = outcome.first
        assert first is not None
        out.append(t("book.ui.verify.broken", lang, count=len(outcome.breaks)))
        out.append("  " + break_text(first, lang))
        out += ["  " + break_text(b, lang) for b in outcome.breaks if b is not first]
    if outcome.housekeeping:
        tables = ", ".join(outcome.housekeeping)
        out.append(t("book.ui.verify.housekeeping", lang, tables=tables))
    if head is None:
        if outcome.intact:
            out.append(t("book.ui.verify.no_head", lang))
    elif found is None:
        out.append(t("book.ui.verify.head_missing", lang, head=head))
    else:
        after = outcome.after(found)
        key = "book.ui.verify.head_found" if after else "book.ui.verify.head_last"
        count = sum(after.values())
        out.append(t(key, lang, head=head, entry=found, count=count, kinds=kinds_text(after, lang)))
    return out


def render(
    outcome: Verification,
    found: int | None,
    head: str | None,
    fmt: str,
    lang: str,
    console: Any,
) -> None:
    """Print to stdout in the chosen format."""

    if fmt == "json":
        out(json.dumps(as_json(outcome, found, head, lang), ensure_ascii=False, indent=2))
        out("\n")
        return
    text = lines(outcome, found, head, lang)
    if fmt == "table":
        good = outcome.intact and (head is None or found is not None)
        console.print(
            text[0], style="bold green" if good else "bold red", markup=False, soft_wrap=True
        )
        for line in text[1:]:
            console.print(line, markup=False, soft_wrap=True)
        return
    prefix = "- " if fmt == "markdown" else ""
    out("".join(prefix + line.strip() + "\n" for line in text))
