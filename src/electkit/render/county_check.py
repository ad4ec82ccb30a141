"""``county check`` as JSON or text, one township at a time (each is rendered as it is read).

Each list's JSON is exactly what its single-township command prints (``check delegates -f
json``, ``check slate -f json``, ``plan -f json``), nested under its township; the text views
tag every finding with its township and list.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from electkit.messages import t

if TYPE_CHECKING:
    from electkit.app.county import Workspace
    from electkit.app.county_check import CountyCheck
    from electkit.app.township import ListCheck, TownshipState
    from electkit.core.errors import Problem
    from electkit.core.findings import Finding

LIST_LABEL = {
    "plan": "county.col.plan",
    "delegates": "county.col.delegates",
    "committee": "county.col.committee",
    "discipline": "county.col.discipline",
}
SHOWN = ("error", "warning")  # the text views list these; JSON has every finding


def problem_dict(problem: Problem, lang: str) -> dict[str, Any]:
    """A problem (a file that cannot be read) as JSON."""
    from electkit.render.common import problem_line

    return {
        "file": problem.file,
        "row": problem.row,
        "column": problem.column,
        "value": problem.value,
        "message": problem_line(problem, lang),
    }


def list_dict(checked: ListCheck, lang: str) -> dict[str, Any]:
    """One list: the command that gives the same result, and that command's JSON."""
    from electkit.render.check_report import report_dict

    result = checked.result
    return {
        "file": str(checked.path),
        "command": ["electkit", *checked.command],
        "result": None
        if result is None
        else report_dict(result.report, result.info, lang, result.rules_sha256),
        "problems": [problem_dict(p, lang) for p in checked.problems],
    }


def township_dict(state: TownshipState, lang: str) -> dict[str, Any]:
    """A township's part of ``county check -f json``."""
    from electkit.render.plan_view import plan_dict

    return {
        "township": state.name,
        "folder": str(state.folder),
        "election": None if state.election is None else str(state.election.path),
        "problems": [problem_dict(p, lang) for p in state.problems],
        "differences": [
            {"field": name, "county": mine, "township": theirs}
            for name, mine, theirs in state.differences
        ],
        "plan": None if state.plan is None else plan_dict(state.plan, lang),
        "lists": {role: list_dict(checked, lang) for role, checked in state.lists.items()},
        "missing": [r for r in ("delegates", "committee", "discipline") if r not in state.lists],
    }


def head_json(workspace: Workspace) -> str:
    """The start of the JSON document, up to the townships' list."""
    head = {
        "county": workspace.county.county,
        "round": workspace.county.round,
        "rules": workspace.rules.ruleset.name,
        "rules_sha256": workspace.rules.ruleset.sha256(),
    }
    text = json.dumps(head, ensure_ascii=False, indent=2)
    return text[: text.rindex("}")].rstrip() + ',\n  "townships": [\n'


def township_json(state: TownshipState, lang: str) -> str:
    """One township's JSON, indented as an element of the townships' list (``join_json`` puts
    the commas between them)."""
    text = json.dumps(township_dict(state, lang), ensure_ascii=False, indent=2)
    return "\n".join("    " + line for line in text.splitlines())


def join_json(piece: str, first: bool) -> str:
    """A township's JSON as it follows the one before it."""
    return piece if first else ",\n" + piece


def tail_json(done: CountyCheck, lang: str) -> str:
    """The end of the JSON document: the county rules and the totals."""
    totals = done.totals
    tail = {
        "county_rules": county_rules_dict(done, lang),
        "summary": {
            "townships": totals.townships,
            "errors": totals.errors,
            "warnings": totals.warnings,
            "unreadable": totals.unreadable,
            "missing": totals.missing,
        },
    }
    text = json.dumps(tail, ensure_ascii=False, indent=2)
    return "\n  ],\n" + text[text.index("{") + 1 :].lstrip("\n") + "\n"


def county_rules_dict(done: CountyCheck, lang: str) -> dict[str, Any]:
    """The county-level rules' part of the JSON: what each measured, and its findings (their
    subjects are townships), as a check's JSON has them."""
    from electkit.render.check_report import composition_dict, finding_dict
    from electkit.render.common import not_checked_message

    rules = done.rules
    return {
        "composition": [composition_dict(row, lang) for row in rules.composition],
        "findings": [finding_dict(f, lang) for f in rules.findings],
        "not_checked": [
            {"rule": item.rule, "reason": not_checked_message(item, lang)}
            for item in rules.not_checked
        ],
    }


def county_rules_text(done: CountyCheck, lang: str, markdown: bool) -> str:
    """The county-level rules: a row per rule (measured against required), then the findings
    with the clause each rests on."""
    from electkit.render.check_report import composition_table
    from electkit.render.common import finding_message, severity_label

    rules = done.rules
    out = [("## " if markdown else "") + t("county.check.county_rules", lang)]
    if not rules.composition:
        out.append(t("county.check.no_county_rules", lang))
        return "\n".join(out) + "\n\n"
    out.append(composition_table(rules.composition, lang, "github" if markdown else "simple"))
    for finding in rules.findings:
        out.append("")
        out.append(
            f"{finding.rule} · {severity_label(finding.severity, lang)}: {finding_message(finding, lang)}"
        )
        if finding.source:
            out.append(f"  {t('ui.source', lang)}: {finding.source}")
    return "\n".join(out) + "\n\n"


def finding_rows(state: TownshipState, lang: str) -> list[list[Any]]:
    """The township's errors and warnings, each tagged with the township and its list."""
    from electkit.render.common import finding_message, severity_label

    def rows(label: str, findings: list[Finding]) -> list[list[Any]]:
        return [
            [
                state.name,
                label,
                f.rule,
                severity_label(f.severity, lang),
                ",".join(str(r) for r in f.rows[:6]) + ("…" if len(f.rows) > 6 else ""),
                f.column or "",
                f.value or "",
                finding_message(f, lang),
            ]
            for f in findings
            if f.severity.value in SHOWN
        ]

    out = []
    if state.plan is not None:
        out += rows(t(LIST_LABEL["plan"], lang), state.plan.findings)
    for role, checked in state.lists.items():
        if checked.result is not None:
            out += rows(t(LIST_LABEL[role], lang), checked.result.report.findings)
    return out


def finding_headers(lang: str) -> list[str]:
    """The findings table's headings."""
    keys = (
        "county.col.township",
        "county.check.list",
        "ui.rule",
        "county.check.severity",
        "ui.row",
        "ui.column",
        "ui.value",
        "ui.message",
    )
    return [t(k, lang) for k in keys]


def township_lines(state: TownshipState, lang: str) -> list[str]:
    """The township's heading lines: each list's counts and the command that gives them."""
    import shlex

    from electkit.render.common import problem_line

    lines = [t("county.check.township", lang, township=state.name, folder=str(state.folder))]
    if state.differences:
        shown = "、".join(f"{n}({a}→{b})" for n, a, b in state.differences)
        lines.append("  " + t("county.check.differences", lang, fields=shown))
    for role in ("delegates", "committee", "discipline"):
        checked = state.lists.get(role)
        label = t(LIST_LABEL[role], lang)
        if checked is None:
            lines.append("  " + t("county.check.missing", lang, list=label))
        elif checked.result is None:
            lines.append(
                "  " + t("county.check.unreadable", lang, list=label, file=str(checked.path))
            )
        else:
            report = checked.result.report
            command = " ".join(shlex.quote(p) for p in ("electkit", *checked.command))
            lines.append(
                "  "
                + t(
                    "county.check.list_line",
                    lang,
                    list=label,
                    file=checked.path.name,
                    errors=report.errors,
                    warnings=report.warnings,
                    command=command,
                )
            )
        problems = [] if checked is None else list(checked.problems)
        lines += ["    " + problem_line(p, lang) for p in problems]
    lines += ["  " + problem_line(p, lang) for p in state.problems]
    for contest in state.contests:
        for found in contest.rounds:
            lines += ["  " + problem_line(p, lang) for p in found.problems]
    return lines


def township_text(state: TownshipState, lang: str, markdown: bool) -> str:
    """One township as plain or Markdown text."""
    from electkit.render.common import safe_tabulate

    out = township_lines(state, lang)
    if markdown:
        out[0] = "## " + out[0]
    rows = finding_rows(state, lang)
    if rows:
        out += ["", safe_tabulate(rows, finding_headers(lang), "github" if markdown else "simple")]
    return "\n".join(out) + "\n\n"


def township_view(state: TownshipState, lang: str) -> tuple[list[str], list[list[Any]]]:
    """What the terminal shows of a township: its heading lines and its findings' rows."""
    return township_lines(state, lang), finding_rows(state, lang)


def print_township(view: tuple[list[str], list[list[Any]]], lang: str, console: Any) -> None:
    """One township in the terminal (staff text printed as plain text, never as markup)."""
    from rich.table import Table
    from rich.text import Text as RichText

    lines, rows = view
    console.print(RichText(lines[0], style="bold"))
    for line in lines[1:]:
        console.print(RichText(line))
    if rows:
        table = Table(show_lines=False)
        for heading in finding_headers(lang):
            table.add_column(RichText(heading), overflow="fold")
        for row in rows:
            style = "red" if row[3] == t("ui.error", lang) else "yellow"
            table.add_row(
                *(RichText(str(c)) for c in row[:3]),
                RichText(row[3], style=style),
                *(RichText(str(c)) for c in row[4:]),
            )
        console.print(table)
    console.print()


def summary_text(done: CountyCheck, lang: str) -> str:
    """The closing lines: county rules and the totals."""
    totals = done.totals
    return (
        t(
            "county.check.summary",
            lang,
            townships=totals.townships,
            errors=totals.errors,
            warnings=totals.warnings,
            unreadable=totals.unreadable,
            missing=totals.missing,
        )
        + "\n"
    )
