"""``county status`` as JSON, a terminal table or tabulate text."""

from __future__ import annotations

import json
from typing import Any

from electkit.app.county_status import ContestStep, CountyStatus, ListStep, NextStep, TownshipStatus
from electkit.messages import t

ROLES = ("delegates", "committee", "discipline")
ROLE_COLUMN = {
    "delegates": "county.col.delegates",
    "committee": "county.col.committee",
    "discipline": "county.col.discipline",
}
STATE_CELL = {
    "missing": "county.cell.missing",
    "unreadable": "county.cell.unreadable",
    "ok": "county.cell.ok",
    "warnings": "county.cell.warnings",
    "errors": "county.cell.errors",
}
CONTEST_CELL = {
    "not_counted": "county.contest.not_counted",
    "entering": "county.contest.entering",
    "counted": "county.contest.counted",
    "official": "county.contest.official",
    "broken": "county.contest.broken",
    "unreadable": "county.contest.unreadable",
}
OUTCOME = {
    "tie": "county.outcome.tie",
    "shortfall": "county.outcome.shortfall",
    "void": "county.outcome.void",
    "no_quorum": "county.outcome.no_quorum",
}


def status_dict(status: CountyStatus, lang: str) -> dict[str, Any]:
    """The stable JSON of ``county status`` (docs/county.md)."""
    return {
        "county": status.county,
        "round": status.round,
        "rules": status.rules,
        "contests": status.contests,
        "townships": [_township_dict(row, lang) for row in status.townships],
        "totals": status.totals,
    }


def _township_dict(row: TownshipStatus, lang: str) -> dict[str, Any]:
    return {
        "township": row.name,
        "folder": row.folder,
        "plan": {
            "state": row.plan,
            "errors": row.plan_errors,
            "warnings": row.plan_warnings,
            **{f"{k}_seats": v for k, v in row.seats.items()},
        },
        **{
            role: {
                "state": step.state,
                "errors": step.errors,
                "warnings": step.warnings,
                "file": step.file,
            }
            for role, step in row.lists.items()
        },
        "contests": [
            {
                "contest": c.id,
                "role": c.role,
                "state": c.state,
                "status": c.status,
                "head": c.head,
                "entered": c.entered,
                "returned": c.returned,
                "rounds": c.rounds,
            }
            for c in row.contests
        ],
        "reports": row.reports,
        "bundle": row.bundle,
        "differences": row.differences,
        "problems": row.problems,
        "next": {"message": next_text(row.next, lang), "command": row.next.command},
    }


def to_json(data: dict[str, Any]) -> str:
    """JSON text, UTF-8, stable key order."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def next_text(step: NextStep, lang: str) -> str:
    """The next thing to do, as a sentence."""
    return t(step.message_id, lang, **step.params)


def plan_cell(row: TownshipStatus, lang: str) -> str:
    """The plan column: the seats it derives and its findings (✗ errors, ⚠ warnings), or what
    is wrong with the profile."""
    if row.plan in ("missing", "unreadable"):
        return t(STATE_CELL[row.plan], lang)
    seats = t(
        "county.cell.plan",
        lang,
        committee=_n(row.seats.get("committee")),
        discipline=_n(row.seats.get("discipline")),
        delegates=_n(row.seats.get("delegates")),
    )
    if row.plan == "ok":
        return seats
    found = t(STATE_CELL[row.plan], lang, errors=row.plan_errors, warnings=row.plan_warnings)
    return f"{seats} {found}"


def _n(seats: dict[str, int | None] | None) -> str:
    """9, or 3–5 when the rule set gives a range, or ? when it cannot say."""
    if seats is None:
        return "?"
    if seats["seats"] is not None:
        return str(seats["seats"])
    if seats["min"] is not None and seats["max"] is not None:
        return f"{seats['min']}–{seats['max']}"
    return "?"


def list_cell(step: ListStep, lang: str) -> str:
    """A list's column: ✓, ⚠ warnings, ✗ errors, missing or unreadable."""
    return t(STATE_CELL[step.state], lang, errors=step.errors, warnings=step.warnings)


def contest_cell(step: ContestStep | None, lang: str) -> str:
    """A contest's column: not counted, entering n/R, TEST, official with its hash, broken."""
    if step is None:
        return "—"
    params: dict[str, Any] = {
        "entered": step.entered,
        "returned": "?" if step.returned is None else step.returned,
        "head": (step.head or "")[:12],
    }
    text = t(CONTEST_CELL[step.state], lang, **params)
    if step.status in OUTCOME:
        text += t(OUTCOME[step.status], lang)
    return text


def reports_cell(row: TownshipStatus, lang: str) -> str:
    """The reports column: the audit report, and result reports against official counts."""
    reports = row.reports
    return t(
        "county.cell.reports",
        lang,
        audit="✓" if reports["audit"] else "—",
        printed=reports["result"],
        counted=reports["counted"],
    )


def bundle_cell(row: TownshipStatus, lang: str) -> str:
    """The bundle in use: its id and date, and a warning if the folder changed since."""
    if row.bundle is None:
        return "—"
    text = f"{row.bundle['id'][:12]} {row.bundle['created'][:10]}"
    if row.bundle["changed"]:
        text += " " + t("county.cell.changed", lang, count=len(row.bundle["changed"]))
    return text


def headers(status: CountyStatus, lang: str) -> list[str]:
    """The status table's column headings."""
    return [
        t("county.col.township", lang),
        t("county.col.plan", lang),
        *(t(ROLE_COLUMN[role], lang) for role in ROLES),
        *status.contests,
        t("county.col.reports", lang),
        t("county.col.bundle", lang),
        t("county.col.next", lang),
    ]


def table_rows(status: CountyStatus, lang: str) -> list[list[str]]:
    """A row per township, then the county's totals."""
    rows = []
    for row in status.townships:
        by_id = {c.id: c for c in row.contests}
        rows.append(
            [
                row.name,
                plan_cell(row, lang),
                *(list_cell(row.lists[role], lang) for role in ROLES),
                *(contest_cell(by_id.get(c), lang) for c in status.contests),
                reports_cell(row, lang),
                bundle_cell(row, lang),
                next_text(row.next, lang),
            ]
        )
    rows.append(totals_row(status, lang))
    return rows


def totals_row(status: CountyStatus, lang: str) -> list[str]:
    """The county line: per step, how many townships have it done (of all)."""
    totals = status.totals
    n = totals["townships"]

    def done(counts: dict[str, int], *states: str) -> str:
        return f"{sum(counts.get(s, 0) for s in states)}/{n}"

    return [
        t("county.col.total", lang),
        done(totals["plan"], "ok", "warnings"),
        *(done(totals[role], "ok", "warnings") for role in ROLES),
        *(done(totals["contests"][c], "official") for c in status.contests),
        "",
        f"{totals['bundles']}/{n}",
        t("county.cell.done", lang, done=totals["done"], total=n),
    ]


def to_text(status: CountyStatus, lang: str, markdown: bool) -> str:
    """Plain or Markdown text."""
    from electkit.render.common import safe_tabulate

    title = t(
        "county.status.title", lang, county=status.county, round=status.round, rules=status.rules
    )
    table = safe_tabulate(
        table_rows(status, lang),
        headers=headers(status, lang),
        tablefmt="github" if markdown else "simple",
    )
    return ("## " if markdown else "") + title + "\n\n" + table + "\n"


def print_rich(status: CountyStatus, lang: str, console: Any) -> None:
    """The terminal table (staff text printed as plain text, never as markup)."""
    from rich.table import Table
    from rich.text import Text as RichText

    table = Table(
        title=t(
            "county.status.title",
            lang,
            county=status.county,
            round=status.round,
            rules=status.rules,
        ),
        title_justify="left",
        show_lines=True,
    )
    for heading in headers(status, lang):
        table.add_column(RichText(heading), overflow="fold")
    rows = table_rows(status, lang)
    for index, cells in enumerate(rows):
        last = index == len(rows) - 1
        table.add_row(*(RichText(c, style="bold" if last else "") for c in cells))
    console.print(table)
