"""Render ``book verify``: intact with the head hash, or the first break and every other one."""

from __future__ import annotations

import json
from typing import Any

from electkit.io.book_verify import Break, Verification
from electkit.messages import t

MIN_PREFIX = 8


def head_found(outcome: Verification, head: str) -> bool:
    """Whether a head hash written down earlier (in full, or its first 8+ digits) is on the chain."""
    wanted = head.strip().lower()
    if len(wanted) < MIN_PREFIX:
        return False
    return any(h.startswith(wanted) for h in outcome.hashes)


def break_text(item: Break, lang: str) -> str:
    """One break as a sentence: where, then what."""
    where = t(f"book.verify.table.{item.table}", lang)
    if item.entry is not None:
        where += " · " + t("book.ui.verify.entry", lang, entry=item.entry)
    return f"{where}: {t(item.message_id, lang, **item.params)}"


def as_json(
    outcome: Verification, found: bool | None, head: str | None, lang: str
) -> dict[str, Any]:
    """The JSON of ``book verify`` (docs/book.md)."""
    first = outcome.first
    return {
        "intact": outcome.intact and found is not False,
        "entries": outcome.entries,
        "head": outcome.head,
        "counts_checked": outcome.counts,
        "expected_head": head,
        "expected_head_found": found,
        "first_break": None
        if first is None
        else {"table": first.table, "entry": first.entry, "message": break_text(first, lang)},
        "breaks": [
            {"table": b.table, "entry": b.entry, "message": break_text(b, lang)}
            for b in outcome.breaks
        ],
    }


def lines(outcome: Verification, found: bool | None, head: str | None, lang: str) -> list[str]:
    """The verdict first, then every break."""
    out = []
    if outcome.intact:
        out.append(
            t(
                "book.ui.verify.ok",
                lang,
                entries=outcome.entries,
                counts=outcome.counts,
                head=outcome.head,
            )
        )
    else:
        first = outcome.first
        assert first is not None
        out.append(t("book.ui.verify.broken", lang, count=len(outcome.breaks)))
        out.append("  " + break_text(first, lang))
        out += ["  " + break_text(b, lang) for b in outcome.breaks if b is not first]
    if head is not None:
        out.append(
            t(
                "book.ui.verify.head_found" if found else "book.ui.verify.head_missing",
                lang,
                head=head,
            )
        )
    return out


def render(
    outcome: Verification,
    found: bool | None,
    head: str | None,
    fmt: str,
    lang: str,
    console: Any,
) -> None:
    """Print to stdout in the chosen format."""
    import sys

    if fmt == "json":
        sys.stdout.write(
            json.dumps(as_json(outcome, found, head, lang), ensure_ascii=False, indent=2)
        )
        sys.stdout.write("\n")
        return
    text = lines(outcome, found, head, lang)
    if fmt == "table":
        good = outcome.intact and found is not False
        console.print(
            text[0], style="bold green" if good else "bold red", markup=False, soft_wrap=True
        )
        for line in text[1:]:
            console.print(line, markup=False, soft_wrap=True)
        return
    prefix = "- " if fmt == "markdown" else ""
    sys.stdout.write("".join(prefix + line.strip() + "\n" for line in text))
