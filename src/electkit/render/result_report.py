"""The vote-count report (计票结果报告单): what ``tally count`` (or ``book count``) computed, for print.

Nothing is recounted here: the numbers come from the TallyResult. The elected are listed in
surname-stroke order, as the regulations publish them; OFFICIAL or TEST/UNOFFICIAL is printed
large on every page.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from electkit import __version__
from electkit.app.tally import TallyView
from electkit.core.book import group_head
from electkit.core.rulebase import RuleBase
from electkit.messages import t
from electkit.render.ballot import blank_slot
from electkit.render.html import PUNCTUATION, csv_safe, now, render_html
from electkit.render.qr import qr_svg
from electkit.render.sources import form_basis, source_notes, sources_markdown, sources_ui
from electkit.render.tally_view import (
    account_table,
    header_lines,
    invalid_reason,
    msg,
    note_text,
    outcome_label,
    ranks,
    result_dict,
    status_line,
)


def stroke_ordered(names: list[str] | tuple[str, ...], blank_slot: bool = True) -> list[str]:
    """Names in surname-stroke order (姓氏笔画)."""
    from electkit.core.strokes import sort_names

    ordered, _missing = sort_names(names, blank_slot=blank_slot)
    return ordered


def result_context(
    view: TallyView,
    lang: str,
    *,
    official: bool,
    book_head: str | None = None,
    inputs: list[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """Everything the vote-count report shows, as plain data."""
    from markupsafe import Markup

    r = view.result
    ui = {k.removeprefix("report.result.ui."): t(k, lang) for k in _ui_keys()}
    account_head, account = account_table(view, lang)
    results = [
        {
            "elected": row.elected,
            "cells": [
                rank,
                row.name + ("" if row.listed else " " + t("tally.ui.write_in", lang)),
                row.agree,
                row.oppose if row.listed else "—",
                row.abstain if row.listed else "—",
                "√" if r.passes(row.agree) else "×",
                outcome_label(row, lang, view.pre),
            ],
        }
        for rank, row in zip(ranks(r.results), r.results, strict=True)
    ]
    generated = now()
    threshold = _threshold_rule(view)
    meta = [
        (ui["contest"], view.contest.title or view.contest.contest),
        (ui["round"], str(view.contest.round)),
    ]
    if view.ruleset:
        mark = PUNCTUATION[lang]
        digest = f"SHA-256 {view.ruleset.sha256()[:16]}…"
        meta.append((ui["rules"], f"{view.ruleset.name}{mark['open']}{digest}{mark['close']}"))
    elif view.ruleset_name:
        meta.append((ui["rules"], view.ruleset_name))
    return {
        "lang": lang,
        "title": t("report.result.title", lang, contest=view.contest.title or view.contest.contest),
        "footer": f"{view.contest.contest} · {generated:%Y-%m-%d %H:%M}",
        "stamp": t("report.result.official" if official else "report.result.unofficial", lang),
        "official": official,
        "ui": ui,
        "meta": meta,
        "account_head": account_head,
        "account": account[0],
        "threshold_line": header_lines(view, lang)[-1],
        "threshold_clause": threshold_clause(view, lang),
        "sources": source_notes(view.ruleset, [threshold.code], lang)
        if view.ruleset is not None and threshold is not None
        else [],
        "sources_ui": sources_ui(lang),
        "results_head": [
            t(f"tally.ui.{k}", lang)
            for k in ("rank", "name", "agree", "oppose", "abstain", "passes", "outcome")
        ],
        "results": results,
        "status": status_line(view, lang),
        "elected": stroke_ordered(r.elected, blank_slot(view.ruleset)),
        "tied": stroke_ordered(r.tied, blank_slot(view.ruleset)),
        "next_steps": [note_text(n, lang, view.pre, hint=False) for n in view.next_steps],
        # a shortfall: the meeting chooses (another round, or fewer seats) and says who decided
        "decision": [t("report.result.option.again", lang), t("report.result.option.reduce", lang)]
        if r.status == "shortfall"
        else [],
        "notes": [note_text(n, lang, view.pre, hint=False) for n in view.notes],
        "invalid": [(b.ballot, invalid_reason(b, r.seats, lang)) for b in r.invalid_ballots],
        "write_ins": [(w.written, w.counted_as, w.ballots) for w in r.write_ins],
        "inputs": inputs or ([(view.source.path, view.source.sha256)] if view.source else []),
        "book_head": book_head,
        "book_head_grouped": group_head(book_head) if book_head else None,
        "book_head_qr": Markup(qr_svg(book_head)) if book_head else None,
        "generated": f"{generated:%Y-%m-%d %H:%M:%S %z}",
        "version": __version__,
        "elected_label": msg("tally.ui.elected", lang, view.pre),
    }


def threshold_clause(view: TallyView, lang: str) -> str:
    """The clause for the basis actually used: the rule set's, or the contest file's override."""
    if view.ruleset is None:
        return ""
    rule = _threshold_rule(view)
    if rule is not None:
        assert view.ruleset is not None
        return form_basis(view.ruleset, rule.code, lang)
    return t(f"report.result.basis_override.{view.rules.threshold_basis}", lang)


def _threshold_rule(view: TallyView) -> RuleBase | None:
    """The rule set's threshold rule, when the count used its basis (no contest override)."""
    from electkit.core.kinds.counting import ThresholdRule

    if view.ruleset is None:
        return None
    rule = next(view.ruleset.of_kind(ThresholdRule), None)
    return rule if rule is not None and rule.params.basis == view.rules.threshold_basis else None


def _ui_keys() -> list[str]:
    from electkit.messages import catalogue

    return [k for k in catalogue("en") if k.startswith("report.result.ui.")]


def result_html(context: dict[str, Any]) -> str:
    """The report as HTML (also the source of the PDF)."""
    return render_html("result.html.j2", context)


def result_markdown(context: dict[str, Any]) -> str:
    """The report as Markdown."""
    from electkit.render.common import md_escape, safe_tabulate

    ui = context["ui"]
    sep = PUNCTUATION[context["lang"]]["sep"]

    def table(rows: list[list[Any]], headers: list[str]) -> str:
        return safe_tabulate(rows, headers=headers, tablefmt="github", disable_numparse=True)

    out = [f"# {md_escape(context['title'])}", "", f"**{context['stamp']}**", ""]
    out += [f"- {label}: {md_escape(str(value))}" for label, value in context["meta"]]
    out += ["", f"## {ui['account']}", "", table([context["account"]], context["account_head"])]
    out += ["", context["threshold_line"]]
    if context["threshold_clause"]:
        out += ["", f"> {ui['source']}: {md_escape(context['threshold_clause'])}"]
    out += [
        "",
        f"## {ui['votes']}",
        "",
        table([r["cells"] for r in context["results"]], context["results_head"]),
    ]
    out += ["", f"## {ui['outcome']}", "", f"**{context['status']}**", ""]
    if context["elected"]:
        out.append(f"{ui['elected_list']}: {md_escape(sep.join(context['elected']))}")
    if context["tied"]:
        out.append(f"{ui['tied_list']}: {md_escape(sep.join(context['tied']))}")
    out += [f"- {md_escape(line)}" for line in context["next_steps"]]
    if context["decision"]:
        out += ["", f"- {ui['decision']}: " + "  ".join(f"☐ {o}" for o in context["decision"])]
        out += [f"- {ui['decided_by']}: ________________"]
    if context["notes"]:
        out += ["", f"### {ui['notes']}", ""] + [f"- {md_escape(n)}" for n in context["notes"]]
    if context["invalid"]:
        rows = [[b, r] for b, r in context["invalid"]]
        out += ["", f"### {ui['invalid']}", "", table(rows, [ui["ballot"], ui["reason"]])]
    if context["write_ins"]:
        rows = [list(w) for w in context["write_ins"]]
        heads = [ui["written"], ui["counted_as"], ui["ballots"]]
        out += ["", f"### {ui['write_ins']}", "", table(rows, heads)]
    inputs = [[path, sha] for path, sha in context["inputs"]]
    out += ["", f"## {ui['inputs']}", "", table(inputs, [ui["file"], "SHA-256"])]
    if context["book_head"]:
        out += ["", f"{ui['book_head']}: `{context['book_head_grouped']}`", ""]
        out += [md_escape(ui["book_head_note"])]
    out += ["", f"{ui['generated']}: {context['generated']} (electkit {context['version']})", ""]
    for who in ("chief_scrutineer", "scrutineers", "tellers", "date_line"):
        out.append(f"- {ui[who]}: ________________")
    out += sources_markdown(context)
    return "\n".join(out) + "\n"


def result_csv(context: dict[str, Any]) -> str:
    """The report as CSV (UTF-8 with BOM for Excel), formulas neutralised.

    Above the candidates' rows: whether the result is official, the ballot account and the
    inputs' hashes, so a test count cannot pass for an official one once it is opened in Excel.
    """
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    ui = context["ui"]
    writer.writerow([csv_safe(context["title"])])
    writer.writerow([csv_safe(context["stamp"])])
    for label, value in context["meta"]:
        writer.writerow([csv_safe(label), csv_safe(value)])
    for head, cell in zip(context["account_head"], context["account"], strict=True):
        writer.writerow([csv_safe(head), csv_safe(cell)])
    for path, sha in context["inputs"]:
        writer.writerow([csv_safe(ui["file"]), csv_safe(path), sha])
    if context["book_head"]:
        writer.writerow([csv_safe(ui["book_head"]), context["book_head"]])
    writer.writerow([])
    writer.writerow([csv_safe(c) for c in context["results_head"]])
    for row in context["results"]:
        writer.writerow([csv_safe(c) for c in row["cells"]])
    return "\ufeff" + buf.getvalue()


def result_json(view: TallyView, context: dict[str, Any], lang: str) -> str:
    """The count's JSON (the ``tally count`` fields) with the report's additions."""
    data = result_dict(view, lang)
    data |= {
        "official": context["official"],
        "book_head": context["book_head"],
        "elected_in_stroke_order": context["elected"],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
