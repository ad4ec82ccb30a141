"""Render a count (``tally count``) as JSON, a rich terminal view, or Markdown/plain text."""

from __future__ import annotations

import json
from typing import Any

from electkit.app.tally import TallyView
from electkit.core.contest import PLAIN_VOID, quorum_needed
from electkit.core.findings import Severity
from electkit.core.tally import BallotOutcome, CandidateResult, InvalidBallot
from electkit.core.tally_next import Note
from electkit.io.headers import normalize
from electkit.messages import catalogue, t
from electkit.render.common import with_hint


def msg(key: str, lang: str, pre: bool = False, **params: Any) -> str:
    """A message, in its pre-election wording when there is one."""
    if pre and f"{key}.pre" in catalogue(lang):
        key = f"{key}.pre"
    return t(key, lang, **params)


def note_text(note: Note, lang: str, pre: bool = False, *, hint: bool = True) -> str:
    """A note or next step in ``lang``; ``hint=False`` on printed forms (no commands)."""
    return with_hint(note.message_id, msg(note.message_id, lang, pre, **note.params), lang, hint)


def invalid_reason(ballot: InvalidBallot, seats: int, lang: str) -> str:
    """Why a ballot is invalid, in ``lang`` (the scrutineers' own words are kept)."""
    if ballot.kind == "over_vote":
        return t("tally.invalid.over_vote", lang, agreed=ballot.agreed, seats=seats)
    if ballot.note is None or normalize(ballot.note) in PLAIN_VOID:
        return t("tally.invalid.void.plain", lang)
    return t("tally.invalid.void", lang, note=ballot.note)


def outcome_note(outcome: BallotOutcome, seats: int, lang: str) -> str:
    """The remark on one ballot in ``--explain``."""
    if outcome.invalid is not None:
        return invalid_reason(outcome.invalid, seats, lang)
    sep = "、" if lang == "zh" else ", "
    parts = []
    if outcome.overridden:
        parts.append(t("tally.explain.overridden", lang, names=sep.join(outcome.overridden)))
    if outcome.ignored_write_ins:
        parts.append(t("tally.explain.ignored", lang, names=sep.join(outcome.ignored_write_ins)))
    return "；".join(parts) if lang == "zh" else "; ".join(parts)


def result_dict(view: TallyView, lang: str) -> dict[str, Any]:
    """The JSON of the issue, field for field; ``ballots`` is added only with ``--explain``."""
    r = view.result
    data: dict[str, Any] = {
        "contest": r.contest,
        "round": r.round,
        "seats": r.seats,
        "entitled": r.entitled,
        "present": r.present,
        "issued": r.issued,
        "returned": r.returned,
        "quorum_met": r.quorum_met,
        "status": r.status,
        "valid": r.valid,
        "invalid": r.invalid,
        "threshold_basis": r.threshold_basis,
        "threshold": r.threshold,
        "results": [c.model_dump() for c in r.results],
        "elected": list(r.elected),
        "tied": list(r.tied),
        "unfilled_seats": r.unfilled_seats,
        "invalid_ballots": [
            {"ballot": b.ballot, "reason": invalid_reason(b, r.seats, lang)}
            for b in r.invalid_ballots
        ],
        "write_ins": [w.model_dump() for w in r.write_ins],
    }
    if view.outcomes is not None:
        data["ballots"] = [
            {
                "ballot": o.ballot,
                "valid": o.valid,
                "agree": list(o.agree),
                "oppose": list(o.oppose),
                "note": outcome_note(o, r.seats, lang) or None,
            }
            for o in view.outcomes
        ]
    return data


def to_json(view: TallyView, lang: str) -> str:
    """JSON text, UTF-8, in the field order of the issue."""
    return json.dumps(result_dict(view, lang), ensure_ascii=False, indent=2) + "\n"


def outcome_label(row: CandidateResult, lang: str, pre: bool) -> str:
    if row.elected:
        return msg("tally.ui.elected", lang, pre)
    if row.tied:
        return t("tally.ui.tied", lang)
    return ""


def ranks(results: tuple[CandidateResult, ...]) -> list[int]:
    """Competition ranking (1, 2, 2, 4): equal votes share a place, so a tie is visible."""
    ranks: list[int] = []
    for i, row in enumerate(results):
        ranks.append(ranks[-1] if i and results[i - 1].agree == row.agree else i + 1)
    return ranks


def header_lines(view: TallyView, lang: str) -> list[str]:
    """Rule set, ballot file, threshold and quorum lines above the tables."""
    r = view.result
    lines = []
    name = view.ruleset.name if view.ruleset is not None else view.ruleset_name
    if name is not None:
        lines.append(t("tally.ui.rules", lang, name=name))
    else:
        lines.append(t("tally.ui.rules.none", lang))
    if view.source is not None:
        source = view.source
        where = (
            {"encoding": source.encoding}
            if source.sheet is None
            else {"sheet": source.sheet, "row": source.header_row}
        )
        lines.append(
            t(
                "tally.ui.input" if source.sheet is None else "tally.ui.input.sheet",
                lang,
                path=source.path,
                ballots=source.ballots,
                sha=source.sha256[:12],
                **where,
            )
        )
        if source.example_row is not None:
            lines.append(t("tally.ui.example_row", lang, row=source.example_row))
    if view.rules.ruleset_quorum is not None:
        from electkit.core.kinds.counting import quorum_label

        mode, ratio = view.rules.ruleset_quorum
        lines.append(
            t(
                "tally.ui.quorum.contest",
                lang,
                contest=quorum_label(view.rules.quorum, view.rules.quorum_ratio),
                ruleset=quorum_label(mode, ratio),
            )
        )
    if r.quorum_met:
        needed = quorum_needed(r.entitled, view.rules.quorum, view.rules.quorum_ratio)
        lines.append(t("tally.ui.quorum.met", lang, needed=needed))
    lines.append(
        msg(
            f"tally.ui.threshold.{r.threshold_basis}",
            lang,
            view.pre,
            basis=r.basis,
            threshold=r.threshold,
        )
    )
    return lines


def account_table(view: TallyView, lang: str) -> tuple[list[str], list[list[str]]]:
    """The ballot account: 应选 应到会 实到会 发出 收回 有效 无效."""
    r = view.result
    keys = ("seats", "entitled", "present", "issued", "returned", "valid", "invalid")
    values = [str(v) for v in (r.seats, r.entitled, r.present, r.issued, r.returned)]
    values += [str(r.valid), str(r.invalid)] if view.counted else ["—", "—"]
    return [t(f"tally.ui.{k}", lang) for k in keys], [values]


def results_table(view: TallyView, lang: str) -> tuple[list[str], list[list[str]]]:
    """Each person's counts, by votes, with the elected marked."""
    r = view.result
    keys = ("rank", "name", "agree", "oppose", "abstain", "passes", "outcome")
    body = [
        [
            str(rank),
            row.name + ("" if row.listed else " " + t("tally.ui.write_in", lang)),
            str(row.agree),
            str(row.oppose) if row.listed else "—",
            str(row.abstain) if row.listed else "—",
            "√" if r.passes(row.agree) else "×",
            outcome_label(row, lang, view.pre),
        ]
        for rank, row in zip(ranks(r.results), r.results, strict=True)
    ]
    return [t(f"tally.ui.{k}", lang) for k in keys], body


def invalid_table(view: TallyView, lang: str) -> tuple[list[str], list[list[str]]]:
    """Invalid ballots by number, with the reason."""
    return (
        [t("tally.ui.ballot", lang), t("tally.ui.reason", lang)],
        [
            [b.ballot, invalid_reason(b, view.result.seats, lang)]
            for b in view.result.invalid_ballots
        ],
    )


def write_in_table(view: TallyView, lang: str) -> tuple[list[str], list[list[str]]]:
    """Written-in names as written, whom they were counted for, on how many ballots."""
    return (
        [t(f"tally.ui.{k}", lang) for k in ("written", "counted_as", "ballots")],
        [[w.written, w.counted_as, str(w.ballots)] for w in view.result.write_ins],
    )


def explain_table(view: TallyView, lang: str) -> tuple[list[str], list[list[str]]]:
    """Every ballot: valid or not, whom it agreed with and opposed, and why."""
    sep = "、" if lang == "zh" else ", "
    yes, no = t("tally.ui.yes", lang), t("tally.ui.no", lang)
    keys = ("ballot", "valid", "agree", "oppose", "how")
    return (
        [t(f"tally.ui.{k}", lang) for k in keys],
        [
            [
                o.ballot,
                yes if o.valid else no,
                sep.join(o.agree),
                sep.join(o.oppose),
                outcome_note(o, view.result.seats, lang),
            ]
            for o in view.outcomes or []
        ],
    )


def has_next_round(view: TallyView) -> bool:
    """Whether ``--next-round`` would write a contest file for this result."""
    from electkit.core.tally_next import next_round

    return next_round(view.result, view.contest) is not None


def status_line(view: TallyView, lang: str) -> str:
    """结论: the status in words."""
    return msg(f"tally.status.{view.result.status}", lang, view.pre)


def title(view: TallyView, lang: str) -> str:
    """The heading: contest (title) and round, and what the round is for."""
    c = view.contest
    text = msg("tally.ui.title", lang, view.pre, contest=c.title or c.contest, round=c.round)
    if c.follows:
        text += f" · {t(f'tally.ui.round.{c.follows}', lang)}"
    return text


def to_text(view: TallyView, lang: str, fmt: str) -> str:
    """Markdown (``github`` tables) or plain text, via tabulate."""
    from electkit.render.common import md_escape, safe_tabulate

    markdown = fmt == "markdown"
    tablefmt = "github" if markdown else "simple"
    h1 = "# " if markdown else ""

    def h2(text: str) -> str:  # a Markdown heading stands apart from what follows
        return f"## {md_escape(text)}\n" if markdown else text

    def esc(text: str) -> str:  # names and titles are staff input: no HTML, no table breaks
        return str(md_escape(text)) if markdown else text

    bullet = "- " if markdown else "  "

    def table(parts: tuple[list[str], list[list[str]]]) -> str:
        return safe_tabulate(parts[1], headers=parts[0], tablefmt=tablefmt, disable_numparse=True)

    out = [h1 + esc(title(view, lang)), ""]
    out += [bullet + esc(line) for line in header_lines(view, lang)]
    out += ["", h2(t("tally.ui.account", lang)), table(account_table(view, lang)), ""]
    if view.counted:
        out += [h2(t("tally.ui.votes", lang)), table(results_table(view, lang)), ""]
    out += [h2(f"{t('tally.ui.status', lang)}: {status_line(view, lang)}")]
    out += [bullet + esc(note_text(n, lang, view.pre)) for n in view.next_steps]
    if has_next_round(view):
        out += [bullet + t("tally.next_round.hint", lang)]
    if view.notes:
        out += ["", h2(t("tally.ui.notes", lang))]
        out += [bullet + esc(f"{n.rule}: {note_text(n, lang, view.pre)}") for n in view.notes]
    if view.result.invalid_ballots:
        out += ["", h2(t("tally.ui.invalid_ballots", lang)), table(invalid_table(view, lang))]
    if view.result.write_ins:
        out += ["", h2(t("tally.ui.write_ins", lang)), table(write_in_table(view, lang))]
    if view.outcomes is not None:
        out += ["", h2(t("tally.ui.explain", lang))]
        if not view.counted:
            out.append(t("tally.ui.not_counted", lang))
        out.append(table(explain_table(view, lang)))
    return "\n".join(out) + "\n"


_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: ""}
_STATUS_STYLE = {
    "complete": "bold green",
    "tie": "bold yellow",
    "shortfall": "bold yellow",
    "void": "bold red",
    "no_quorum": "bold red",
}


def print_rich(view: TallyView, lang: str, console: Any) -> None:
    """The terminal view: account, votes with the elected marked, outcome and next steps."""
    from rich.table import Table
    from rich.text import Text

    from electkit.render.common import folded

    def table(parts: tuple[list[str], list[list[str]]], caption: str, numeric: int = 0) -> Any:
        grid = Table(title=caption, title_justify="left", title_style="bold")
        for i, header in enumerate(parts[0]):
            grid.add_column(header, justify="right" if i < numeric else "left")
        for row in parts[1]:
            grid.add_row(*(Text(cell) for cell in row))  # names print as written, never as markup
        return grid

    r = view.result
    console.print(title(view, lang), style="bold")
    for line in header_lines(view, lang):
        console.print(line, style="dim", markup=False)
    console.print(folded(table(account_table(view, lang), t("tally.ui.account", lang), numeric=7)))
    if view.counted:
        grid = Table(title=t("tally.ui.votes", lang), title_justify="left", title_style="bold")
        headers, body = results_table(view, lang)
        for i, header in enumerate(headers):
            grid.add_column(header, justify="right" if i in (0, 2, 3, 4) else "left")
        for row, data in zip(r.results, body, strict=True):
            style = "bold green" if row.elected else ("bold yellow" if row.tied else None)
            grid.add_row(*(Text(cell) for cell in data), style=style)
        console.print(folded(grid))
    console.print(
        f"{t('tally.ui.status', lang)}: {status_line(view, lang)}",
        style=_STATUS_STYLE[r.status],
        markup=False,
    )
    for note in view.next_steps:
        console.print("  " + note_text(note, lang, view.pre), markup=False)
    if has_next_round(view):
        console.print("  " + t("tally.next_round.hint", lang), style="dim", markup=False)
    if view.notes:
        console.print(t("tally.ui.notes", lang), style="bold")
        for note in view.notes:
            console.print(
                f"  {note.rule}: {note_text(note, lang, view.pre)}",
                style=_STYLE[note.severity],
                markup=False,
            )
    if r.invalid_ballots:
        console.print(table(invalid_table(view, lang), t("tally.ui.invalid_ballots", lang)))
    if r.write_ins:
        console.print(table(write_in_table(view, lang), t("tally.ui.write_ins", lang)))
    if view.outcomes is not None:
        if not view.counted:
            console.print(t("tally.ui.not_counted", lang), style="yellow")
        console.print(table(explain_table(view, lang), t("tally.ui.explain", lang)))
