"""The check report's text views: each heading's severity is true of every row under it."""

from __future__ import annotations

import io
from collections.abc import Callable

from rich.console import Console

from electkit.core.checks.delegates import CheckReport
from electkit.core.findings import Finding, Severity
from electkit.core.ruleset import RuleSet
from electkit.render.audit import _groups
from electkit.render.check_report import InputInfo, grouped, print_rich, to_text
from electkit.render.common import safe_tabulate

INFO = InputInfo(path="名单.csv", sha256="0" * 64, encoding="utf-8", rows=3)


def _idnum(row: int, severity: Severity, message_id: str, value: str) -> Finding:
    return Finding(
        rule="EL-IDNUM",
        severity=severity,
        message_id=message_id,
        subjects=(f"人员{row}",),
        rows=(row,),
        column="身份证号",
        value=value,
        params={"detail": "1"},
    )


# one rule, both severities: a wrong check digit (error) and an old 15-digit number (warning)
MIXED = CheckReport(
    ruleset="fuyuan-2006",
    people=3,
    findings=[
        _idnum(2, Severity.ERROR, "el.id.check", "11010519700101001X"),
        _idnum(3, Severity.WARNING, "el.id.old15", "110105700101001"),
        _idnum(4, Severity.ERROR, "el.id.check", "11010519700101002X"),
    ],
)


def _sections(text: str) -> dict[str, str]:
    """Each finding group of a plain/markdown report: heading → the lines up to the next blank."""
    out: dict[str, str] = {}
    for block in text.split("\n\n"):
        head, _, body = block.partition("\n")
        out[head.removeprefix("### ")] = body
    return out


def test_grouped_keeps_severities_of_one_rule_apart() -> None:
    groups = grouped(MIXED.findings)
    assert list(groups) == [("EL-IDNUM", Severity.ERROR), ("EL-IDNUM", Severity.WARNING)]
    assert [f.rows for f in groups[("EL-IDNUM", Severity.ERROR)]] == [(2,), (4,)]
    assert [f.rows for f in groups[("EL-IDNUM", Severity.WARNING)]] == [(3,)]


def test_plain_and_markdown_put_a_warning_under_a_warning_heading() -> None:
    for fmt in ("plain", "markdown"):
        zh = _sections(to_text(MIXED, INFO, "zh", "0" * 64, fmt))
        assert "110105700101001" in zh["EL-IDNUM · 提醒"], fmt
        assert "110105700101001" not in zh["EL-IDNUM · 错误"], fmt
        assert "11010519700101002X" in zh["EL-IDNUM · 错误"], fmt
        en = _sections(to_text(MIXED, INFO, "en", "0" * 64, fmt))
        assert "15-digit" in en["EL-IDNUM · warning"] and "15-digit" not in en["EL-IDNUM · error"]


def test_rich_table_titles_count_each_severity() -> None:
    buffer = io.StringIO()
    print_rich(MIXED, INFO, "zh", "0" * 64, Console(file=buffer, width=200))
    text = buffer.getvalue()
    assert "EL-IDNUM · 错误 (2)" in text and "EL-IDNUM · 提醒 (1)" in text
    warning = text[text.index("EL-IDNUM · 提醒") :]
    assert "110105700101001" in warning and "11010519700101002X" not in warning


def test_audit_report_groups_by_severity_too(rulesets: Callable[[str], RuleSet]) -> None:
    groups = _groups(MIXED.findings, rulesets("fuyuan-2006"), "zh", masked=False)
    assert [(g["rule"], g["severity_label"], len(g["entries"])) for g in groups] == [
        ("EL-IDNUM", "错误", 2),
        ("EL-IDNUM", "提醒", 1),
    ]


def test_tables_never_reformat_text_as_numbers() -> None:
    rows = [["530325197901011328", 5], ["1985.10", 150], ["1985.1", 3]]
    for tablefmt in ("simple", "github"):
        text = safe_tabulate(rows, headers=["值", "人数"], tablefmt=tablefmt)
        assert "530325197901011328" in text and "1985.10" in text, tablefmt
        assert "e+17" not in text, tablefmt
    # a column of counts is still aligned to the right
    assert safe_tabulate([[5], [150]], headers=["n"]).splitlines()[2] == "  5"
    report = CheckReport(
        ruleset="fuyuan-2006",
        people=2,
        findings=[
            Finding(
                rule="IN-VALUE",
                severity=Severity.ERROR,
                message_id="cell.date",
                rows=(row,),
                column="身份证号",
                value=value,
            )
            for row, value in ((2, "530325197901011328"), (3, "1985.10"))
        ],
    )
    for fmt in ("plain", "markdown"):
        text = to_text(report, INFO, "en", "0" * 64, fmt)
        assert "| 530325197901011328 |" in text or " 530325197901011328 " in text, fmt
        assert "1985.10 " in text and "e+17" not in text, fmt
