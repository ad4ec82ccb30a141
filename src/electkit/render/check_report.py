"""Render a check result (``check delegates``, ``check slate``) as JSON, a rich view or tabulate text."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from electkit.app.check import InputInfo
from electkit.core.checks.delegates import CheckReport
from electkit.core.findings import CompositionRow, Finding, Severity
from electkit.core.ratio import format_required
from electkit.messages import t
from electkit.render.common import (
    finding_message,
    folded,
    not_checked_entries,
    not_checked_message,
    severity_label,
    share_number,
)


def report_dict(
    report: CheckReport, info: InputInfo, lang: str, rules_sha256: str
) -> dict[str, Any]:
    """The stable JSON structure (documented in docs/cli.md)."""
    return {
        "rules": report.ruleset,
        "rules_sha256": rules_sha256,
        "input": {
            "path": info.path,
            "sha256": info.sha256,
            "encoding": info.encoding,
            "sheet": info.sheet,
            "rows": info.rows,
        },
        "summary": {"people": report.people, "errors": report.errors, "warnings": report.warnings},
        "composition": [composition_dict(row, lang) for row in report.composition],
        "findings": [finding_dict(f, lang) for f in report.findings],
        "not_checked": [
            {"rule": item.rule, "reason": not_checked_message(item, lang)}
            for item in report.not_checked
        ],
    }


def composition_dict(row: CompositionRow, lang: str) -> dict[str, Any]:
    """One measured share or count as JSON."""
    return {
        "rule": row.rule,
        "label": row.label.get(lang),
        "count": row.count,
        "unknown": row.unknown,
        "total": row.total,
        "share": share_number(row.count, row.total),
        "required": required_text(row, human=False),
        "ok": row.ok,
    }


def finding_dict(finding: Finding, lang: str) -> dict[str, Any]:
    """One finding as JSON."""
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "message": finding_message(finding, lang),
        "subjects": list(finding.subjects),
        "rows": list(finding.rows),
        "file": finding.file,
        "column": finding.column,
        "value": finding.value,
        "measured": finding.measured,
        "required": finding.required,
        "needed": finding.needed,
        "source": finding.source,
    }


def to_json(report: CheckReport, info: InputInfo, lang: str, rules_sha256: str) -> str:
    """JSON text, UTF-8, stable key order."""
    return (
        json.dumps(report_dict(report, info, lang, rules_sha256), ensure_ascii=False, indent=2)
        + "\n"
    )


def grouped(findings: list[Finding]) -> dict[tuple[str, Severity], list[Finding]]:
    """Findings grouped by rule and severity, in the order of their first appearance.

    A rule can give both errors and warnings (CQ-* relaxed for women and minority cadres,
    EL-DUP, EL-IDNUM …): each severity gets its own group, so its heading is true of every row.
    """
    groups: dict[tuple[str, Severity], list[Finding]] = defaultdict(list)
    for finding in findings:
        groups[(finding.rule, finding.severity)].append(finding)
    return dict(groups)


def composition_table(rows: list[CompositionRow], lang: str, tablefmt: str) -> str:
    """Measured shares and counts as a tabulate table: rule, item, count, total, share,
    required, result."""
    from electkit.render.common import safe_tabulate

    return safe_tabulate(
        [
            [
                r.rule,
                r.label.get(lang),
                count_text(r),
                r.total,
                share_text(r),
                required_text(r, human=True),
                ok_mark(r),
            ]
            for r in rows
        ],
        headers=[
            t(f"ui.{k}", lang)
            for k in ("rule", "label", "count", "total", "share", "required", "ok")
        ],
        tablefmt=tablefmt,
    )


def required_text(row: CompositionRow, human: bool) -> str:
    """What a composition row requires: a share (≥ 60%) or a count of people (≥ 11)."""
    if row.least is not None or row.most is not None:
        if row.least is not None and row.least == row.most:
            return f"= {row.least}"
        parts = []
        if row.least is not None:
            parts.append(f"{'≥' if human else '>='} {row.least}")
        if row.most is not None:
            parts.append(f"{'≤' if human else '<='} {row.most}")
        return ", ".join(parts)
    return format_required(
        row.low, row.high, human=human, low_strict=row.low_strict, high_strict=row.high_strict
    )


def share_text(row: CompositionRow) -> str:
    """The share as a percentage, or — for a count requirement."""
    if row.least is not None or row.most is not None:
        return "—"
    return f"{share_number(row.count, row.total):.2%}"


def count_text(row: CompositionRow) -> int | str:
    """The count, with the people who are unknown (blank or unreadable cells) beside it."""
    return f"{row.count} (+{row.unknown}?)" if row.unknown else row.count


def ok_mark(row: CompositionRow) -> str:
    """√ holds, × fails, ? depends on the unknown people (symbols a GBK console can print)."""
    return "?" if row.ok is None else ("√" if row.ok else "×")


def input_line(info: InputInfo, lang: str) -> str:
    """Which file was read, how (encoding or sheet), and how many data rows."""
    if info.encoding is None:
        return t("ui.input_sheet", lang, path=info.path, sheet=info.sheet, rows=info.rows)
    return t("ui.input", lang, path=info.path, encoding=info.encoding, rows=info.rows)


def _rows(finding: Finding) -> int | str:
    """The rows of a finding: one row as a number (tables align it right), several as text."""
    if len(finding.rows) == 1:
        return finding.rows[0]
    return ",".join(str(r) for r in finding.rows[:8]) + ("…" if len(finding.rows) > 8 else "")


def to_text(report: CheckReport, info: InputInfo, lang: str, rules_sha256: str, fmt: str) -> str:
    """Markdown (``github`` tables) or plain text, via tabulate."""
    from electkit.render.common import safe_tabulate

    tablefmt = "github" if fmt == "markdown" else "simple"
    head = "## " if fmt == "markdown" else ""
    out = [
        t("ui.rules_used", lang, name=report.ruleset, sha=rules_sha256[:12]),
        input_line(info, lang),
        "",
    ]
    if report.composition:
        out.append(head + t("ui.composition", lang))
        out.append(composition_table(report.composition, lang, tablefmt))
        out.append("")
    out.append(head + t("ui.findings", lang))
    if not report.findings:
        out.append(t("ui.no_findings", lang))
    for (rule, severity), items in grouped(report.findings).items():
        out.append("")
        out.append(
            ("### " if fmt == "markdown" else "") + f"{rule} · {severity_label(severity, lang)}"
        )
        out.append(
            safe_tabulate(
                [
                    [_rows(f), f.column or "", f.value or "", finding_message(f, lang)]
                    for f in items
                ],
                headers=[t(f"ui.{k}", lang) for k in ("row", "column", "value", "message")],
                tablefmt=tablefmt,
            )
        )
        if items[0].source:
            out.append(f"{t('ui.source', lang)}: {items[0].source}")
    if report.not_checked:
        out.append("")
        out.append(head + t("ui.not_checked", lang))
        out.extend(
            f"- {rules}: {why}" for rules, why in not_checked_entries(report.not_checked, lang)
        )
    out.append("")
    out.append(
        t("ui.summary", lang, people=report.people, errors=report.errors, warnings=report.warnings)
    )
    return "\n".join(out) + "\n"


_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "dim"}


def print_rich(
    report: CheckReport, info: InputInfo, lang: str, rules_sha256: str, console: Any
) -> None:
    """The terminal view: composition table, findings grouped by rule, summary."""
    from rich.table import Table
    from rich.text import Text as RichText

    console.print(t("ui.rules_used", lang, name=report.ruleset, sha=rules_sha256[:12]), style="dim")
    console.print(
        input_line(info, lang),
        style="dim",
    )
    if report.composition:
        table = Table(title=t("ui.composition", lang), title_justify="left")
        for key in ("rule", "label", "count", "total", "share", "required", "ok"):
            table.add_column(
                t(f"ui.{key}", lang),
                justify="right" if key in ("count", "total", "share") else "left",
            )
        for r in report.composition:
            style = "green" if r.ok else ("yellow" if r.ok is None else _STYLE[r.severity])
            mark = RichText(ok_mark(r), style=style)
            table.add_row(
                r.rule,
                RichText(r.label.get(lang)),
                str(count_text(r)),
                str(r.total),
                share_text(r),
                required_text(r, human=True),
                mark,
            )
        console.print(folded(table))
    if not report.findings:
        console.print(t("ui.no_findings", lang), style="green")
    for (rule, severity), items in grouped(report.findings).items():
        table = Table(
            title=f"{rule} · {severity_label(severity, lang)} ({len(items)})",
            title_justify="left",
            title_style=_STYLE[severity],
            show_lines=False,
        )
        table.add_column(t("ui.row", lang), no_wrap=True)
        table.add_column(t("ui.column", lang), overflow="fold")
        table.add_column(t("ui.value", lang), overflow="fold", max_width=20)
        table.add_column(t("ui.message", lang), overflow="fold", ratio=1)
        for f in items:
            # staff text as plain Text: a name like "[red]甲" must print as written, not as markup
            table.add_row(
                str(_rows(f)),
                RichText(f.column or ""),
                RichText(f.value or ""),
                RichText(finding_message(f, lang)),
            )
        if items[0].source:
            table.caption = RichText(f"{t('ui.source', lang)}: {items[0].source}")
            table.caption_justify = "left"
        console.print(folded(table))
    if report.not_checked:
        console.print(t("ui.not_checked", lang), style="bold")
        for rules, why in not_checked_entries(report.not_checked, lang):
            console.print(f"  {rules}: {why}", style="dim", markup=False)
    style = "bold red" if report.errors else ("yellow" if report.warnings else "green")
    console.print(
        t("ui.summary", lang, people=report.people, errors=report.errors, warnings=report.warnings),
        style=style,
    )
