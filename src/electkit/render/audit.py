"""The eligibility audit report (代表资格审查报告): its data, then HTML, PDF, Markdown, CSV or JSON.

It renders what ``check delegates`` and ``check slate`` computed (their CheckReports); nothing is
recomputed here except descriptive breakdowns of the list (gender, age band, education …).
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from electkit import __version__
from electkit.app.check import InputInfo
from electkit.app.report import Audit, SlateSection
from electkit.core.checks.delegates import CheckReport
from electkit.core.findings import Finding
from electkit.core.models import ElectionProfile, Gender, Person, full_years
from electkit.core.ruleset import RuleSet
from electkit.core.vocab import EDUCATION_NAMES, EDUCATION_NAMES_EN, ethnic_text
from electkit.messages import join, t
from electkit.render.check_report import (
    count_text,
    input_line,
    required_text,
    share_text,
)
from electkit.render.common import finding_message, not_checked_entries, severity_label
from electkit.render.html import csv_safe, mask_ids_in_text, now, render_html
from electkit.render.layout import PORTRAIT_MM, Column, Sizes, column_widths, percentages
from electkit.render.people import people_head, people_rows, people_table
from electkit.render.sources import (
    form_basis,
    quoted_quality,
    source_notes,
    sources_markdown,
    sources_ui,
)

AGE_BANDS = ((None, 35), (36, 40), (41, 45), (46, 50), (51, None))
FINDINGS_SIZES = Sizes(cell_pt=10.5, head_pt=9.5)  # the stylesheet's body text and headings


def _groups(
    findings: Sequence[Finding], rs: RuleSet, lang: str, masked: bool
) -> list[dict[str, Any]]:
    # by rule and severity: a rule's warnings (relaxed CQ-*, a 15-digit ID …) are not errors
    # and by the parent set whose rule a finding applied (a 差额 clause naming other seats)
    groups: dict[tuple[str, str, str | None], dict[str, Any]] = {}
    hide = mask_ids_in_text if masked else str
    for f in findings:
        base = f.basis
        group = groups.get((f.rule, f.severity, base))
        if group is None:
            rule = rs.get(f.rule)
            group = groups[(f.rule, f.severity, base)] = {
                "rule": f.rule,
                "base": base,
                "title": rule.title.get(lang) if rule else t(f"code.{f.rule}", lang),
                "severity_label": severity_label(f.severity, lang),
                # the form's citation, never a secondary quotation (render/sources.py)
                "clause": _modified_mark(f) + form_basis(rs, f.rule, lang, base),
                "quality": quoted_quality(rs, f.rule, lang, base),
                "entries": [],
            }
        group["entries"].append(
            {
                "rows": ", ".join(map(str, f.rows)),
                "subjects": join(f.subjects, lang),
                "message": hide(finding_message(f, lang)),
            }
        )
    head = [t(f"report.ui.{k}", lang) for k in ("row", "subjects", "message")]
    for group in groups.values():
        columns = [
            Column(head[0], [e["rows"] for e in group["entries"]], min_em=3),
            Column(head[1], [e["subjects"] for e in group["entries"]], min_em=4),
            Column(head[2], [e["message"] for e in group["entries"]], min_em=10),
        ]
        widths = column_widths(columns, PORTRAIT_MM, FINDINGS_SIZES) or [1.0, 2.0, 6.0]
        group["widths"] = percentages(widths)
    return list(groups.values())


def _modified_mark(finding: Finding) -> str:
    """Lint's mark on a clause whose rule a local file changed but whose words it kept."""
    from electkit.core.lint import MODIFIED_MARK

    source = finding.source or ""
    return MODIFIED_MARK if source.startswith(MODIFIED_MARK) else ""


def _age_band(age: int | None, lang: str) -> str:
    if age is None:
        return t("report.unknown", lang)
    for low, high in AGE_BANDS:
        if (low is None or age >= low) and (high is None or age <= high):
            if low is None:
                return t("report.age_upto", lang, high=high)
            if high is None:
                return t("report.age_from", lang, low=low)
            return f"{low}–{high}"
    return t("report.unknown", lang)


def _breakdown(
    title: str, counter: Counter[str], order: Sequence[str], n: int, lang: str
) -> dict[str, Any]:
    keys = [k for k in order if counter[k]] + sorted(k for k in counter if k not in order)
    rows = [[k, counter[k], f"{100 * counter[k] / n:.2f}%" if n else "—"] for k in keys]
    return {"title": title, "head": ["", t("ui.count", lang), t("ui.share", lang)], "rows": rows}


def breakdowns(
    people: Sequence[Person], profile: ElectionProfile, lang: str
) -> list[dict[str, Any]]:
    """Descriptive tables of the list: gender, ethnicity, age band, education, category."""
    n = len(people)
    unknown = t("report.unknown", lang)
    gender = Counter(p.gender.value if p.gender else unknown for p in people)
    ethnic = Counter((ethnic_text(p.ethnicity, lang) or unknown) for p in people)
    ages = Counter(
        _age_band(full_years(p.birth_date, profile.cutoff) if p.birth_date else None, lang)
        for p in people
    )
    names = EDUCATION_NAMES_EN if lang == "en" else EDUCATION_NAMES
    edu = Counter(names[p.education] if p.education is not None else unknown for p in people)
    # a person in two categories (领导干部、生产和工作一线) counts in each
    category = Counter(c for p in people for c in (p.categories or (unknown,)))
    band_order = [_age_band(low if low is not None else high, lang) for low, high in AGE_BANDS]
    return [
        _breakdown(
            t("report.by_gender", lang), gender, [Gender.MALE.value, Gender.FEMALE.value], n, lang
        ),
        _breakdown(t("report.by_ethnicity", lang), ethnic, [ethnic_text("汉族", lang)], n, lang),
        _breakdown(t("report.by_age", lang), ages, band_order, n, lang),
        _breakdown(
            t("report.by_education", lang),
            edu,
            [names[i] for i in range(7, -1, -1)],
            n,
            lang,
        ),
        _breakdown(
            t("report.by_category", lang),
            category,
            ["领导干部", "专业技术人员", "先进模范人物", "其他"],
            n,
            lang,
        ),
    ]


def township_context(audited: Audit, lang: str, show_id: bool) -> dict[str, Any]:
    """The audit report's data for a township audited by ``electkit.app.report.audit_township``."""
    election, checked = audited.election, audited.delegates
    return audit_context(
        election.profile,
        election.ruleset,
        checked.people,
        checked.report,
        checked.info,
        audited.slates,
        lang,
        show_id,
        extra_inputs=audited.inputs,
    )


def audit_context(
    profile: ElectionProfile,
    rs: RuleSet,
    people: Sequence[Person],
    report: CheckReport,
    info: InputInfo,
    slates: Sequence[SlateSection],
    lang: str,
    show_id: bool,
    extra_inputs: Sequence[tuple[str, str]] = (),
) -> dict[str, Any]:
    """Everything the audit report shows, as plain data (also its JSON form).

    ``extra_inputs`` are (path, SHA-256) of other files the result rests on (election.yaml).
    """
    ui = {k.removeprefix("report.ui."): t(k, lang) for k in _ui_keys()}
    inputs = [
        {"path": p, "read_as": t("report.profile", lang), "sha256": sha} for p, sha in extra_inputs
    ]
    inputs += [{"path": info.path, "read_as": input_line(info, lang), "sha256": info.sha256}]
    inputs += [
        {"path": s.info.path, "read_as": input_line(s.info, lang), "sha256": s.info.sha256}
        for s in slates
    ]
    generated = now()
    groups = _groups(report.findings, rs, lang, not show_id)
    slate_groups = [_groups(s.report.findings, rs, lang, not show_id) for s in slates]
    all_groups = groups + [g for gs in slate_groups for g in gs]
    head = people_head(lang)
    rows = people_rows(people, report.findings, profile, rs, show_id, lang)
    return {
        "lang": lang,
        "title": t("report.audit_title", lang, township=profile.township),
        "footer": f"{profile.township} · {rs.name} · {generated:%Y-%m-%d %H:%M}",
        "ui": ui,
        "township": profile.township,
        "election_date": str(profile.election_date),
        "cutoff": str(profile.cutoff),
        "ruleset": {
            "name": rs.name,
            "title": rs.title.get(lang),
            "sha256": rs.sha256(),
            "chain": list(rs.chain),
        },
        "summary": t(
            "ui.summary", lang, people=report.people, errors=report.errors, warnings=report.warnings
        ),
        # the headline covers every list the report holds, not only the delegates (a slate's
        # errors beside "错误0项" misled)
        "total": None
        if not slates
        else t(
            "ui.findings_total",
            lang,
            errors=report.errors + sum(s.report.errors for s in slates),
            warnings=report.warnings + sum(s.report.warnings for s in slates),
        ),
        "composition": [
            {
                "rule": r.rule,
                "label": r.label.get(lang),
                "count": count_text(r),
                "total": r.total,
                "share": share_text(r),
                "required": required_text(r, human=True),
                "ok": r.ok,
            }
            for r in report.composition
        ],
        "breakdowns": breakdowns(people, profile, lang),
        "groups": groups,
        "not_checked": [
            {"rule": rules, "reason": why}
            for rules, why in not_checked_entries(report.not_checked, lang, hint=False)
        ],
        "slates": [
            {
                "title": t(
                    "report.slate_title",
                    lang,
                    contest=t(f"report.contest.{s.contest}", lang)
                    if s.unit is None
                    else t(
                        "report.contest.unit",
                        lang,
                        contest=t(f"report.contest.{s.contest}", lang),
                        unit=s.unit,
                    ),
                ),
                "input": input_line(s.info, lang),
                "groups": slate_groups[i],
                # the rules of this slate that could not be evaluated (a column missing, seats
                # open): said on the form, never left for the reader to take as passed
                "not_checked": [
                    {"rule": rules, "reason": why}
                    for rules, why in not_checked_entries(
                        [n for n in s.report.not_checked if n.reason_id != "nc.scope"],
                        lang,
                        hint=False,
                    )
                ],
                "summary": t(
                    "ui.summary",
                    lang,
                    people=s.report.people,
                    errors=s.report.errors,
                    warnings=s.report.warnings,
                ),
            }
            for i, s in enumerate(slates)
        ],
        "checklist": [
            {"text": item.text, "ref": rs.cite_ref(item.doc, item.ref)} for item in rs.checklist
        ],
        "people_head": head,
        "people": rows,
        "people_table": people_table(head, rows),
        "sources": source_notes(rs, [(g["rule"], g["base"]) for g in all_groups], lang),
        "sources_ui": sources_ui(lang),
        "inputs": inputs,
        "generated": f"{generated:%Y-%m-%d %H:%M:%S %z}",
        "version": __version__,
        "masked": not show_id,
        "signatures": [t("report.sign.leader", lang), t("report.sign.members", lang)],
    }


def _ui_keys() -> list[str]:
    from electkit.messages import catalogue

    return [k for k in catalogue("en") if k.startswith("report.ui.")]


def audit_html(context: dict[str, Any]) -> str:
    """The audit report as HTML (also the source of the PDF)."""
    return render_html("audit.html.j2", context)


def _composition_markdown(context: dict[str, Any], ui: dict[str, str]) -> str:
    from electkit.render.common import safe_tabulate

    return safe_tabulate(
        [
            [
                r["rule"],
                r["label"],
                r["count"],
                r["total"],
                r["share"],
                r["required"],
                "√" if r["ok"] else ("?" if r["ok"] is None else "×"),
            ]
            for r in context["composition"]
        ],
        headers=[
            ui["rule"],
            ui["label"],
            ui["count"],
            ui["total"],
            ui["share"],
            ui["required"],
            ui["ok"],
        ],
        tablefmt="github",
    )


def audit_markdown(context: dict[str, Any]) -> str:
    """The audit report as Markdown tables."""
    from electkit.render.common import md_escape, safe_tabulate

    ui = context["ui"]
    out = [
        f"# {md_escape(context['title'])}",
        "",
        f"- {ui['township']}: {md_escape(context['township'])}",
        f"- {ui['election_date']}: {context['election_date']}",
        f"- {ui['ruleset']}: {context['ruleset']['name']} (SHA-256 {context['ruleset']['sha256']})",
        f"- {ui['summary_label']}: {context['summary']}",
        *([f"- {ui['total_label']}: {context['total']}"] if context["total"] else []),
        "",
        f"## {ui['composition']}",
        "",
    ]
    if not context["composition"]:
        out.append(ui["no_composition"])
    else:
        out.append(_composition_markdown(context, ui))
    for table in context["breakdowns"]:
        out += ["", f"### {table['title']}", ""]
        out.append(safe_tabulate(table["rows"], headers=table["head"], tablefmt="github"))
    out += ["", f"## {ui['findings']}"]
    out += _markdown_groups(context["groups"], ui)
    if context["not_checked"]:
        out += ["", f"### {ui['not_checked']}", ""]
        out += [f"- {item['rule']}: {item['reason']}" for item in context["not_checked"]]
    for slate in context["slates"]:
        out += ["", f"## {slate['title']}", "", slate["input"], "", slate["summary"]]
        out += _markdown_groups(slate["groups"], ui)
        if slate["not_checked"]:
            out += ["", f"### {ui['not_checked']}", ""]
            out += [f"- {item['rule']}: {item['reason']}" for item in slate["not_checked"]]
    if context["checklist"]:
        out += ["", f"## {ui['checklist']}", ""]
        out.append(
            safe_tabulate(
                [[item["text"], item["ref"], "□"] for item in context["checklist"]],
                headers=[ui["condition"], ui["source"], ui["reviewed"]],
                tablefmt="github",
            )
        )
    out += ["", f"## {ui['people']}", ""]
    out.append(
        safe_tabulate(
            [r["cells"] for r in context["people"]],
            headers=context["people_head"],
            tablefmt="github",
            disable_numparse=True,
        )
    )
    out += ["", f"## {ui['inputs']}", ""]
    out += [f"- {i['path']} ({i['read_as']}) SHA-256 {i['sha256']}" for i in context["inputs"]]
    out += ["", f"{ui['generated']}: {context['generated']} (electkit {context['version']})"]
    if context["masked"]:
        out.append(ui["masked"])
    out += ["", *(f"{who}: ________________" for who in context["signatures"])]
    out.append(f"{ui['date_line']}: ________________")
    out += sources_markdown(context)
    return "\n".join(out) + "\n"


def _markdown_groups(groups: list[dict[str, Any]], ui: dict[str, str]) -> list[str]:
    """Findings grouped by rule and severity, each group with its clause and a table."""
    from electkit.render.common import safe_tabulate

    if not groups:
        return ["", ui["no_findings"]]
    out: list[str] = []
    for group in groups:
        out += ["", f"### {group['rule']} {group['title']} · {group['severity_label']}", ""]
        if group["clause"]:  # a reader's finding (IN-*) rests on no clause
            quality = f" [{group['quality']}]" if group["quality"] else ""
            out += [f"{ui['source']}: {group['clause']}{quality}", ""]
        out.append(
            safe_tabulate(
                [[i["rows"], i["subjects"], i["message"]] for i in group["entries"]],
                headers=[ui["row"], ui["subjects"], ui["message"]],
                tablefmt="github",
            )
        )
    return out


def audit_csv(context: dict[str, Any]) -> str:
    """The per-person list as CSV (UTF-8 with BOM for Excel), formulas neutralised."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([csv_safe(c) for c in context["people_head"]])
    for row in context["people"]:
        writer.writerow([csv_safe(c) for c in row["cells"]])
    return "\ufeff" + buf.getvalue()


def audit_json(context: dict[str, Any]) -> str:
    """The report's data as JSON."""
    # the data, not how it is printed
    data = {
        k: v for k, v in context.items() if k not in ("ui", "footer", "people_table", "sources_ui")
    }
    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
