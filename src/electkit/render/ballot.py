"""Ballot papers (选票) for one contest: candidates in surname-stroke order, a box each, rows for
另选他人, the instructions, and TEST printed large until ``--official``.

Ballot numbers are printed only where the rule set allows them (TL-NOMARK: many rules void a
ballot carrying any mark that identifies it); the tellers' own numbers never go on the paper.
"""

from __future__ import annotations

from typing import Any

from electkit.core.contest import Contest
from electkit.core.errors import InputError, Problem
from electkit.core.kinds.counting import BallotFaceRule
from electkit.core.ruleset import RuleSet
from electkit.messages import t
from electkit.render.html import render_html


def blank_slot(ruleset: RuleSet | None) -> bool:
    """The rule set's CS-ORDER reading of single-character given names (default: blank first)."""
    from electkit.core.kinds.order import StrokeOrderRule

    rule = next(ruleset.of_kind(StrokeOrderRule), None) if ruleset else None
    return rule.params.blank_slot if rule else True


def ballot_order(contest: Contest, ruleset: RuleSet | None) -> tuple[list[str], tuple[str, ...]]:
    """The names as printed and any characters the stroke table lacks."""
    if contest.order == "approved":
        return list(contest.candidates), ()
    from electkit.core.strokes import sort_names

    ordered, missing = sort_names(contest.candidates, blank_slot=blank_slot(ruleset))
    return list(ordered), tuple(missing)


def ballot_context(
    contest: Contest,
    ruleset: RuleSet | None,
    lang: str,
    *,
    copies: int = 1,
    numbered: bool = False,
    official: bool = False,
    write_in_rows: int | None = None,
) -> dict[str, Any]:
    """What the ballot shows; refuses numbered ballots where the rule set forbids marks."""
    face = next(ruleset.of_kind(BallotFaceRule), None) if ruleset else None
    if numbered and (face is None or not face.params.numbered):
        if ruleset and face:
            named = ruleset.form_cite(face)
            basis = named.title + (f"，{named.ref}" if named.ref else "")
            params = {"basis": basis, "clause": ruleset.cite(face)}
            raise InputError([Problem(message_id="ballot.numbered_forbidden", params=params)])
        raise InputError([Problem(message_id="ballot.numbered_no_rule")])
    if write_in_rows is None:
        rule_rows = face.params.write_in_rows if face else None
        write_in_rows = rule_rows if rule_rows is not None else contest.seats
    names, _missing = ballot_order(contest, ruleset)
    rows = [{"name": name, "write_in": i < write_in_rows} for i, name in enumerate(names)]
    rows += [{"name": "", "write_in": True} for _ in range(max(0, write_in_rows - len(names)))]
    width = len(str(copies))
    title = contest.title or contest.contest
    return {
        "lang": lang,
        "title": t("ballot.title", lang, contest=title),
        "footer": title,
        "stamp": "" if official else t("ballot.test", lang),
        "ui": {k: t(f"ballot.ui.{k}", lang) for k in ("candidate", "mark", "other", "number")},
        "seats_line": t(
            "ballot.seats", lang, seats=contest.seats, candidates=len(contest.candidates)
        ),
        "instructions": [
            t(f"ballot.how.{k}", lang, seats=contest.seats)
            for k in ("agree", "oppose", "abstain", "write_in", "over", "pen")
        ],
        "rows": rows,
        "sheets": [
            {"number": str(i + 1).zfill(max(3, width)) if numbered else ""} for i in range(copies)
        ],
    }


def ballot_html(context: dict[str, Any]) -> str:
    """The ballots as HTML (also the source of the PDF); one page per copy."""
    return render_html("ballot.html.j2", context)
