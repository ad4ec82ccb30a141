"""The audit report's per-person list (代表名单及审查结论): each delegate's data and the
conclusion in words, and how the table is printed (columns sized from their content; landscape
pages when they do not fit portrait ones)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from electkit.core.findings import Finding
from electkit.core.models import ElectionProfile, Gender, PartyStatus, Person, years_range
from electkit.core.ruleset import RuleSet
from electkit.core.vocab import education_text, ethnic_text
from electkit.messages import t
from electkit.render.html import mask_id
from electkit.render.layout import (
    LANDSCAPE_MM,
    PORTRAIT_MM,
    Column,
    Sizes,
    column_widths,
    percentages,
)

# a finding's message id → the reason a conclusion gives for it, in plain words (explicit keys)
REASONS = {
    "el.full.missing": "report.why.party_blank",
    "el.full.unreadable": "report.why.party_unreadable",
    "el.full.expelled": "report.why.expelled",
    "el.full.probationary": "report.why.probationary",
    "el.full.non_member": "report.why.non_member",
    "el.probation.undated": "report.why.probation",
    "el.probation.running": "report.why.probation",
    "el.probation.maybe": "report.why.probation_maybe",
    "el.flag.suspended": "report.why.suspended",
    "el.flag.under_investigation": "report.why.investigation",
    "el.flag.family_planning_violation": "report.why.family_planning",
    "el.flag.blank": "report.why.blank",
    "el.id.old15": "report.why.id_old",
    "el.id.length": "report.why.id_invalid",
    "el.id.digits": "report.why.id_invalid",
    "el.id.birth_date": "report.why.id_invalid",
    "el.id.future": "report.why.id_invalid",
    "el.id.after_election": "report.why.id_invalid",
    "el.id.check": "report.why.id_invalid",
    "el.idmatch.birth": "report.why.id_birth",
    "el.idmatch.gender": "report.why.id_gender",
    "el.dup.id": "report.why.dup_id",
    "el.dup.name_birth": "report.why.dup_name",
}


def reason(finding: Finding, rs: RuleSet, lang: str) -> str:
    """Why a finding makes a person ineligible or doubtful, in words (the code stays in the
    findings section): 预备党员, 身份证号有误 … A finding without its own words gives its rule's
    title, and a cell that could not be read names its column."""
    key = REASONS.get(finding.message_id)
    if key is not None:
        return t(key, lang, column=finding.column or "")
    if finding.rule == "IN-VALUE":
        return t("report.why.value", lang, column=finding.column or "")
    rule = rs.get(finding.rule)
    return rule.title.get(lang) if rule else t(f"code.{finding.rule}", lang)


def _reasons(texts: Sequence[str], lang: str) -> str:
    return ("；" if lang == "zh" else "; ").join(dict.fromkeys(texts))


_STATUS_EN = {
    PartyStatus.FULL: "full member",
    PartyStatus.PROBATIONARY: "probationary member",
    PartyStatus.NON_MEMBER: "not a Party member",
}


def _status_text(p: Person, lang: str) -> str:
    """政治面貌 as a report in ``lang`` shows it (in Chinese: the cell as written)."""
    if lang == "en" and p.party_status is not None:
        return _STATUS_EN[p.party_status]
    return p.party_status_label or ""


GENDER_KEYS = {Gender.MALE: "report.gender.male", Gender.FEMALE: "report.gender.female"}


def people_rows(
    people: Sequence[Person],
    findings: Sequence[Finding],
    profile: ElectionProfile,
    rs: RuleSet,
    show_id: bool,
    lang: str,
) -> list[dict[str, Any]]:
    errors: dict[int, list[str]] = {}
    warnings: dict[int, list[str]] = {}
    for f in findings:
        if f.subjects and f.rows and f.severity.value != "info":
            target = errors if f.severity.value == "error" else warnings
            why = reason(f, rs, lang)
            for row in f.rows:
                target.setdefault(row, []).append(why)
    rows = []
    for p in people:
        bad = errors.get(p.row, [])
        doubtful = [w for w in warnings.get(p.row, []) if w not in bad]
        if bad:
            status = t("report.not_ok", lang, reasons=_reasons(bad, lang))
        elif doubtful:
            status = t("report.ok_check", lang, reasons=_reasons(doubtful, lang))
        else:
            status = t("report.ok", lang)
        # a month-only birth date in its own month: either age, as the checks read it
        ages = years_range(p.birth_date, profile.cutoff) if p.birth_date else None
        age = None if ages is None else (ages[0] if ages[0] == ages[1] else f"{ages[0]}/{ages[1]}")
        categories = rs.vocabulary.listing(p.categories or ())
        rows.append(
            {
                "bad": bool(bad),
                "cells": [
                    p.row,
                    p.name,
                    t(GENDER_KEYS[p.gender], lang) if p.gender else "",
                    str(p.birth_date or ""),
                    "" if age is None else age,
                    ethnic_text(p.ethnicity, lang),
                    education_text(p.education, p.education_label, lang),
                    _status_text(p, lang),
                    categories.get(lang),
                    p.position or "",
                    p.unit or "",
                    (p.id_number or "") if show_id else mask_id(p.id_number),
                    status,
                ],
            }
        )
    return rows


PEOPLE_KEYS = (
    "row",
    "name",
    "gender",
    "birth",
    "age",
    "ethnicity",
    "education",
    "party",
    "category",
    "position",
    "unit",
    "id",
    "status",
)
# how each column of the per-person table may wrap: False keeps it on one line; a number is the
# narrowest a wrapping column may get, in characters (so a unit wraps into lines, not letters)
_PEOPLE_WRAP: dict[str, float | bool] = {
    "row": False,
    "name": 4,
    "gender": False,
    "birth": False,
    "age": False,
    "ethnicity": 3,
    "education": 3,
    "party": 3,
    "category": 3,
    "position": 5,
    "unit": 4,
    "id": False,
    "status": 5,
}
PEOPLE_SIZES = Sizes(cell_pt=8.5, head_pt=8.5)


def people_head(lang: str) -> list[str]:
    """Column headings of the per-person list."""
    return [t(f"report.col.{k}", lang) for k in PEOPLE_KEYS]


def people_table(head: Sequence[str], rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """How the per-person table is printed: the columns that hold anything, each as wide as its
    content needs, on portrait pages when they fit there, else on landscape pages."""
    keep = [
        i
        for i, key in enumerate(PEOPLE_KEYS)
        if key in ("row", "name", "status") or any(str(r["cells"][i]) for r in rows)
    ]
    columns = []
    for i in keep:
        wrap = _PEOPLE_WRAP[PEOPLE_KEYS[i]]
        cells = [str(r["cells"][i]) for r in rows]
        columns.append(Column(head[i], cells, wrap=wrap is not False, min_em=float(wrap)))
    landscape = False
    widths = column_widths(columns, PORTRAIT_MM, PEOPLE_SIZES)
    if widths is None:
        landscape = True
        widths = column_widths(columns, LANDSCAPE_MM, PEOPLE_SIZES)
    if widths is None:  # cannot fit even landscape: share by need, let cells wrap anywhere
        widths = [max(len(c.head), 2.0) for c in columns]
    return {
        "landscape": landscape,
        "columns": [
            {
                "index": i,
                "key": PEOPLE_KEYS[i],
                "width": width,
            }
            for i, width in zip(keep, percentages(widths), strict=True)
        ],
    }
