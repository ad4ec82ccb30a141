"""Render ``plan`` and ``allocate`` results: JSON, and text tables (rich or tabulate)."""

from __future__ import annotations

import json
from typing import Any

from electkit.core.allocate import Allocation
from electkit.core.findings import Text
from electkit.core.plan import Plan, Seats
from electkit.core.ratio import format_decimal
from electkit.messages import join, t
from electkit.render.check_report import finding_dict
from electkit.render.common import finding_message, not_checked_entries, not_checked_message


def _open_note(s: Seats, lang: str) -> str:
    """Why a contest's seats are open, with what the reason says beside it (the classes)."""
    assert s.reason is not None
    return t(s.reason, lang, **s.reason_params)


def plan_dict(plan: Plan, lang: str) -> dict[str, Any]:
    """The stable JSON of ``plan``."""

    def seats(s: Seats) -> dict[str, Any]:
        return {
            "seats": s.seats,
            "min": s.low,
            "max": s.high,
            "rule": s.rule,
            "source": s.source,
            "note": _open_note(s, lang) if s.reason else None,
        }

    return {
        "rules": plan.ruleset,
        "township": plan.township,
        "committee_seats": seats(plan.committee_seats),
        "discipline_seats": seats(plan.discipline_seats),
        "officers": plan.officers,
        "officers_source": plan.officers_source,
        "discipline_officers": plan.discipline_officers,
        "discipline_officers_source": plan.discipline_officers_source,
        "delegate_seats": {**plan.delegate_seats, "source": plan.delegate_source},
        "leadership_posts": {
            k: (t(v, lang) if k == "reason" and isinstance(v, str) else v)
            for k, v in plan.leadership_posts.items()
        },
        "contests": [c.model_dump(mode="json") for c in plan.contests],
        "findings": [finding_dict(f, lang) for f in plan.findings],
        "not_checked": [
            {"rule": n.rule, "reason": not_checked_message(n, lang)} for n in plan.not_checked
        ],
        "deviations": [
            {
                "rule": d.rule,
                "message": t(d.message_id, lang, **_contest_label(d.params, lang)),
                "local_source": d.local_source,
                **d.params,
            }
            for d in plan.deviations
        ],
    }


def _contest_label(params: dict[str, Any], lang: str) -> dict[str, Any]:
    out = dict(params)
    if "contest" in out:
        out["contest"] = contest_name(str(out["contest"]), lang)
    return out


def contest_name(contest: str, lang: str) -> str:
    """委员 / 纪委委员 / a unit's delegates, for display."""
    if contest.startswith("delegates:"):
        return contest.split(":", 1)[1] + (" 代表" if lang == "zh" else " delegates")
    return t(f"plan.{contest}", lang)


def plan_rows(plan: Plan, lang: str) -> tuple[list[list[str]], list[list[str]]]:
    """(summary rows, contest rows) for the text views."""

    def seats(s: Seats) -> str:
        if s.seats is not None:
            return str(s.seats)
        if s.low is not None:
            return t("plan.range", lang, low=s.low, high=s.high)
        return _open_note(s, lang) if s.reason else t("plan.none", lang)

    d = plan.delegate_seats
    posts = plan.leadership_posts
    summary = [
        [t("plan.committee", lang), seats(plan.committee_seats), plan.committee_seats.source or ""],
        [
            t("plan.discipline", lang),
            seats(plan.discipline_seats),
            plan.discipline_seats.source or "",
        ],
        [t("plan.officers", lang), _posts(plan.officers_text, lang), plan.officers_source or ""],
        [
            t("plan.discipline_officers", lang),
            _posts(plan.discipline_officers_text, lang),
            plan.discipline_officers_source or "",
        ],
        [
            t("plan.delegates", lang),
            t("plan.usual", lang, low=d.get("min"), high=d.get("usual_max"), high_max=d.get("max"))
            + (f"; {t('plan.planned', lang)} {d['planned']}" if d.get("planned") else ""),
            plan.delegate_source or "",
        ],
    ]
    if posts:
        text = f"{t('plan.allowed', lang)} {posts.get('allowed') if posts.get('allowed') is not None else t(str(posts.get('reason')), lang)}"
        if posts.get("relaxed") == "yes":
            text += f" ({t('plan.relaxed', lang)})"
        if posts.get("planned") is not None:
            text += f"; {t('plan.planned', lang)} {posts['planned']}"
        summary.append([t("plan.posts", lang), text, str(posts.get("source") or "")])
    contests = [
        [
            contest_name(c.contest, lang),
            str(c.seats),
            str(c.min_candidates),
            str(c.max_candidates) if c.max_candidates is not None else "",
            "—" if c.national_min is None else str(c.national_min),
            c.source or "",
        ]
        for c in plan.contests
    ]
    return summary, contests


def _posts(posts: Text | None, lang: str) -> str:
    return posts.get(lang) if posts is not None else "—"


def plan_text(plan: Plan, lang: str, markdown: bool) -> str:
    """Plain or Markdown text of a plan."""
    from electkit.render.common import safe_tabulate

    fmt = "github" if markdown else "simple"
    summary, contests = plan_rows(plan, lang)
    head = "## " if markdown else ""
    out = [
        t("plan.title", lang, township=plan.township, ruleset=plan.ruleset),
        "",
        safe_tabulate(
            summary, headers=["", t("plan.seats", lang), t("ui.source", lang)], tablefmt=fmt
        ),
        "",
        head + t("plan.contests", lang),
        safe_tabulate(
            contests,
            headers=[
                "",
                t("plan.seats", lang),
                t("plan.min_candidates", lang),
                t("plan.max_candidates", lang),
                t("plan.national_min", lang),
                t("ui.source", lang),
            ],
            tablefmt=fmt,
        ),
    ]
    if plan.findings:
        out += ["", head + t("ui.findings", lang)]
        out += [
            f"- {f.rule} · {t('ui.' + f.severity.value, lang)}: {finding_message(f, lang)}"
            for f in plan.findings
        ]
    if plan.not_checked:
        out += ["", head + t("ui.not_checked", lang)]
        out += [f"- {rules}: {why}" for rules, why in not_checked_entries(plan.not_checked, lang)]
    if plan.deviations:
        out += ["", head + t("plan.deviations", lang)]
        out += [
            f"- {d.rule}: {t(d.message_id, lang, **_contest_label(d.params, lang))}"
            for d in plan.deviations
        ]
    return "\n".join(out) + "\n"


def allocation_dict(result: Allocation, lang: str) -> dict[str, Any]:
    """The stable JSON of ``allocate``."""
    return {
        "seats": result.seats,
        "method": result.method,
        "basis": result.basis,
        "min_per_unit": result.min_per_unit,
        "units": [
            {
                "unit": u.unit,
                "members": u.members,
                "organizations": u.organizations,
                "quota": f"{u.quota.numerator}/{u.quota.denominator}",
                "quota_decimal": format_decimal(u.quota),
                "seats": u.seats,
                "within_quota": u.within_quota,
            }
            for u in result.units
        ],
        "tie_breaks": [
            {
                **tie.model_dump(mode="json"),
                "message": t(
                    "alloc.tie",
                    lang,
                    seats=tie.seats,
                    tied=join(tie.tied, lang),
                    won=join(tie.won, lang),
                    by=t(f"alloc.by.{tie.by}", lang),
                ),
            }
            for tie in result.tie_breaks
        ],
        "quota_rule_holds": result.quota_rule_holds,
    }


BASIS_LINES = {
    "members": "alloc.basis.members",
    "organizations": "alloc.basis.organizations",
    "mixed": "alloc.basis.mixed",
}


def allocation_text(result: Allocation, lang: str, markdown: bool) -> str:
    """Plain or Markdown text of an allocation."""
    from electkit.render.common import safe_tabulate

    organisations = result.basis != "members"
    rows: list[list[object]] = [
        [
            u.unit,
            u.members,
            *([u.organizations] if organisations else []),
            format_decimal(u.quota),
            u.seats,
        ]
        for u in result.units
    ]
    total = sum((u.quota for u in result.units), start=result.units[0].quota * 0)
    rows.append(
        [
            "Σ",
            sum(u.members for u in result.units),
            *([sum(u.organizations or 0 for u in result.units)] if organisations else []),
            format_decimal(total),
            sum(u.seats for u in result.units),
        ]
    )
    keys = ("unit", "members", *(("organizations",) if organisations else ()), "quota", "seats")
    out = [
        t("alloc.title", lang, seats=result.seats, method=t(f"alloc.method.{result.method}", lang)),
        t(BASIS_LINES[result.basis], lang),
        "",
        safe_tabulate(
            rows,
            headers=[t(f"alloc.{k}", lang) for k in keys],
            tablefmt="github" if markdown else "simple",
            disable_numparse=True,
        ),
        "",
    ]
    out += [
        "- "
        + t(
            "alloc.tie",
            lang,
            seats=tie.seats,
            tied=join(tie.tied, lang),
            won=join(tie.won, lang),
            by=t(f"alloc.by.{tie.by}", lang),
        )
        for tie in result.tie_breaks
    ]
    broken = [u.unit for u in result.units if not u.within_quota]
    out.append(
        t("alloc.quota_broken", lang, units=join(broken, lang))
        if broken
        else t("alloc.quota_ok", lang)
    )
    return "\n".join(out) + "\n"


def to_json(data: dict[str, Any]) -> str:
    """JSON text, UTF-8."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
