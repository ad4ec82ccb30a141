"""The county's statistics (换届情况统计表) as HTML, PDF (WeasyPrint, landscape A4), JSON and
Excel (``render.county_xlsx``): the same four tables (``render.county_tables``) in each."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

from electkit.app.county_report import CountyReport
from electkit.messages import t
from electkit.render.county_tables import Table, shown, tables
from electkit.render.html import css_string, now, render_html

MISSING = {
    "delegates": "county.report.missing.delegates",
    "committee": "county.report.missing.committee",
    "discipline": "county.report.missing.discipline",
    "committee_count": "county.report.missing.committee_count",
    "discipline_count": "county.report.missing.discipline_count",
}


def stamp(report: CountyReport, lang: str) -> str:
    """OFFICIAL only when every township's committee and discipline contests are officially
    counted; TEST/UNOFFICIAL otherwise, on every page."""
    return (
        t("county.report.official", lang)
        if report.official
        else t("county.report.test_stamp", lang)
    )


def generated() -> str:
    """When the report was made (``SOURCE_DATE_EPOCH`` for reproducible files)."""
    return now().isoformat(timespec="minutes")


def notes(report: CountyReport, lang: str) -> list[str]:
    """What the figures rest on: definitions, and each township's missing pieces."""
    out = [t("county.report.note.official", lang), t("county.report.note.definitions", lang)]
    for row in report.townships:
        if row.missing:
            pieces = "、".join(t(MISSING[m], lang) for m in row.missing)
            out.append(t("county.report.note.missing", lang, township=row.name, missing=pieces))
    return out


def _cells(values: dict[str, Any], table: Table) -> list[dict[str, Any]]:
    return [
        {"text": shown(values.get(c.key), c), "num": c.kind in ("count", "share", "average")}
        for c in table.columns
    ]


def report_context(report: CountyReport, lang: str) -> dict[str, Any]:
    """Everything the HTML template shows."""
    made = tables(report, lang)
    when = generated()
    return {
        "lang": lang,
        "title": t("county.report.title", lang, county=report.county, round=report.round),
        "stamp": stamp(report, lang),
        "stamp_css": css_string(stamp(report, lang)),  # in every page's top margin
        "footer": f"electkit · {report.county} · {report.rules} {report.rules_sha256[:12]} · {when}",
        "meta": [
            (t("county.report.county", lang), report.county),
            (t("county.report.round", lang), report.round),
            (t("report.ui.ruleset", lang), f"{report.rules} (SHA-256 {report.rules_sha256})"),
            (t("county.report.townships", lang), str(len(report.townships))),
            (t("county.report.generated", lang), when),
        ],
        "tables": [
            {
                "title": table.title,
                "groups": table.groups,
                "rows": [_cells(row, table) for row in table.rows],
                "total": _cells(table.total, table),
                "note": table.note,
            }
            for table in made
        ],
        "notes_title": t("county.report.notes", lang),
        "notes": notes(report, lang),
    }


def report_html(report: CountyReport, lang: str) -> str:
    """The report as one HTML document (what the PDF is rendered from)."""
    return render_html("county.html.j2", report_context(report, lang))


def _plain(value: Any) -> Any:
    if isinstance(value, Fraction):
        return round(float(value), 4)
    return value


def report_json(report: CountyReport, lang: str) -> str:
    """The report's tables as JSON: per table its rows and the county row (shares as numbers
    rounded to 4 decimals; counts exact)."""
    data = {
        "county": report.county,
        "round": report.round,
        "rules": report.rules,
        "rules_sha256": report.rules_sha256,
        "official": report.official,
        "tables": {
            table.key: {
                "title": table.title,
                "columns": [c.key for c in table.columns],
                "rows": [
                    {c.key: _plain(row.get(c.key)) for c in table.columns} for row in table.rows
                ],
                "total": {c.key: _plain(table.total.get(c.key)) for c in table.columns},
            }
            for table in tables(report, lang)
        },
        "notes": notes(report, lang),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def report_xlsx(report: CountyReport, lang: str) -> bytes:
    """The report as an Excel workbook."""
    from electkit.render.county_xlsx import workbook

    return workbook(report, tables(report, lang), lang, generated())
