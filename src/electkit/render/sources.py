"""How printed forms cite rules (rules digest, "What users see").

A form quotes a clause only when the words are the document's own: verified or reconstructed
text of a regulation, or the county's notice. Any other rule is cited on the form by the
regulation it rests on (and the article where known); its wording, and where that wording was
found, go to the form's appendix 依据说明 / Notes on sources, which says to check it against the
original. The terminal keeps the quotation itself, marked (``RuleSet.cite``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from electkit.core.rulebase import RuleBase as Rule
from electkit.core.ruleset import FormCitation, RuleSet
from electkit.messages import t
from electkit.render.html import PUNCTUATION

# explicit keys: what the appendix says of each kind of wording that a form does not quote
WORDING_NOTES = {
    "secondary": "report.sources.secondary",
    "practice": "report.sources.practice",
    "inferred": "report.sources.inferred",
}


def _rule(rs: RuleSet, code: str, base: str | None = None) -> tuple[RuleSet, Rule] | None:
    """The rule with this code, from the set or, for a rule the set removed, its nearest parent;
    from the parent named ``base`` when a finding applied that parent's rule (``Finding.basis``)."""
    chain = (rs, *rs.ancestors)
    if base is not None:
        chain = tuple(s for s in chain if s.name == base) or chain
    for ruleset in chain:
        rule = ruleset.get(code)
        if rule is not None:
            return ruleset, rule
    return None


def _named(cite: FormCitation) -> str:
    return cite.title + (f"，{cite.ref}" if cite.ref else "")


def form_basis(rs: RuleSet, code: str, lang: str, base: str | None = None) -> str:
    """What a form prints after 依据: the quoted clause with its document, or the document only."""
    found = _rule(rs, code, base)
    if found is None:
        return ""
    cite = found[0].form_cite(found[1])
    if cite.quote is not None:
        return f"“{cite.quote}”（{_named(cite)}）"
    mark = PUNCTUATION[lang]
    return f"{_named(cite)}{mark['open']}{t('report.sources.see', lang)}{mark['close']}"


def quoted_quality(rs: RuleSet, code: str, lang: str, base: str | None = None) -> str:
    """The quality label printed beside a quotation ("" when the form does not quote the rule)."""
    found = _rule(rs, code, base)
    if found is None or found[0].form_cite(found[1]).quote is None:
        return ""
    return t(f"quality.{found[1].source.quality}", lang)


def source_notes(
    rs: RuleSet, codes: Iterable[str | tuple[str, str | None]], lang: str
) -> list[dict[str, Any]]:
    """The appendix 依据说明: each cited rule whose wording the form does not quote (a code, or
    a code with the parent set whose rule a finding applied)."""
    notes = []
    for key in dict.fromkeys(codes):
        code, base = key if isinstance(key, tuple) else (key, None)
        found = _rule(rs, code, base)
        if found is None:
            continue
        ruleset, rule = found
        cite = ruleset.form_cite(rule)
        if cite.wording is None:
            continue
        notes.append(
            {
                "rule": code,
                "title": rule.title.get(lang),
                "named": _named(cite),
                "wording": f"“{cite.wording}”（{cite.wording_from}）",
                "note": t(WORDING_NOTES.get(rule.source.quality, "report.sources.secondary"), lang),
            }
        )
    return notes


def sources_ui(lang: str) -> dict[str, str]:
    """The appendix's own words."""
    return {
        "title": t("report.sources.title", lang),
        "intro": t("report.sources.intro", lang),
        "rule": t("report.sources.rule", lang),
        "named": t("report.sources.named", lang),
        "wording": t("report.sources.wording", lang),
        "note": t("report.sources.note", lang),
    }


def sources_markdown(context: dict[str, Any]) -> list[str]:
    """The appendix as Markdown lines (none when the form quotes every rule it cites)."""
    from electkit.render.common import safe_tabulate

    if not context["sources"]:
        return []
    ui = context["sources_ui"]
    table = safe_tabulate(
        [
            [f"{i['rule']} {i['title']}", i["named"], i["wording"], i["note"]]
            for i in context["sources"]
        ],
        headers=[ui["rule"], ui["named"], ui["wording"], ui["note"]],
        tablefmt="github",
    )
    return ["", f"## {ui['title']}", "", ui["intro"], "", table]
