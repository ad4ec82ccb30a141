"""``county report``: the county's statistics (换届情况统计表) from every township's files.

The figures come from the same reading and checks as ``county check`` (``app.township``),
counted by ``core.county_stats``. The elected come from official counts; a contest counted only
from its ballot file is used too, but its township's row and the whole report say TEST, and the
report is OFFICIAL only when every township's committee and discipline contests are officially
counted. The report is built township by township and keeps only the figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from electkit.app.county import Workspace
    from electkit.app.township import ContestState, TownshipState
    from electkit.core.county import TownshipData
    from electkit.core.county_stats import DelegateStats, ElectionStats, MakeupStats
    from electkit.core.findings import Finding
    from electkit.core.models import Person


@dataclass(frozen=True)
class RuleNotMet:
    """A rule a township's plan or lists (or the county) do not meet: its code, how many error
    and warning findings it has, and where (plan, delegates, committee, discipline)."""

    rule: str
    errors: int
    warnings: int
    lists: tuple[str, ...]


@dataclass(frozen=True)
class TownshipFigures:
    """One township's row of every table."""

    name: str
    delegates: DelegateStats | None
    committee: ElectionStats | None
    discipline: ElectionStats | None
    makeup: MakeupStats | None
    test: bool  # some figure rests on a count that is not official
    missing: tuple[str, ...]  # what is missing: delegates, committee, discipline, counts
    not_met: tuple[RuleNotMet, ...]


@dataclass(frozen=True)
class CountyReport:
    """The whole report: a row per township and the county's totals."""

    county: str
    round: str
    rules: str
    rules_sha256: str
    townships: list[TownshipFigures]
    delegates: DelegateStats | None
    committee: ElectionStats | None
    discipline: ElectionStats | None
    makeup: MakeupStats | None
    official: bool
    county_not_met: list[RuleNotMet] = field(default_factory=list)  # the county-level rules


def avoidance_posts(state: TownshipState) -> tuple[str, ...]:
    """The posts the township's rule set makes avoid their native township (CS-NATIVE)."""
    if state.election is None:
        return ()
    for rule in state.election.ruleset.rules.values():
        if rule.kind == "native_avoidance":
            params = getattr(rule, "params", None)
            return tuple(getattr(params, "posts", ()))
    return ()


def township_figures(state: TownshipState) -> TownshipFigures:
    """Count one township."""
    from electkit.core.checks.team import in_township, native_of, proposed_posts
    from electkit.core.county import elected_people
    from electkit.core.county_stats import delegate_stats, makeup_stats
    from electkit.core.vocabulary import Vocabulary

    profile = None if state.election is None else state.election.profile
    on = None if profile is None else profile.cutoff
    missing: list[str] = []

    def people(role: str) -> list[Person] | None:
        checked = state.lists.get(role)
        if checked is None or checked.result is None:
            missing.append(role)
            return None
        return checked.result.people

    delegates = people("delegates")
    slates = {role: people(role) for role in ("committee", "discipline")}
    planned = {
        "committee": None if state.plan is None else state.plan.committee_seats.seats,
        "discipline": None if state.plan is None else state.plan.discipline_seats.seats,
    }
    elections = {}
    test = False
    for role in ("committee", "discipline"):
        contest = state.contest(role)
        figures, counted_test = _election(contest, slates[role], planned[role])
        elections[role] = figures
        test = test or counted_test
        if contest is None or contest.elected is None:
            missing.append(f"{role}_count")
    makeup = None
    committee = state.contest("committee")
    if committee is not None and committee.elected is not None and on is not None and profile:
        members = elected_people(committee.elected, tuple(slates["committee"] or ()))
        town = profile.township
        posts = avoidance_posts(state)
        makeup = makeup_stats(
            members,
            on,
            state.election.ruleset.vocabulary if state.election else Vocabulary(),
            exchanged=[_not(in_township(p.position, town)) for p in members],
            avoiding=[
                _not(native_of(p.native_place, town))
                if any(q in posts for q in proposed_posts(p))
                else False
                for p in members
            ],
        )
    return TownshipFigures(
        name=state.name,
        delegates=None if delegates is None or on is None else delegate_stats(delegates, on),
        committee=elections["committee"],
        discipline=elections["discipline"],
        makeup=makeup,
        test=test,
        missing=tuple(missing),
        not_met=not_met(state),
    )


def _not(value: bool | None) -> bool | None:
    return None if value is None else not value


def _election(
    contest: ContestState | None, slate: list[Person] | None, planned: int | None
) -> tuple[ElectionStats | None, bool]:
    """(the election's figures, whether they rest on a count that is not official).

    The seats are the contest file's (what is counted); before there is one, the number
    ``plan`` derives (``planned``: None where the rule set gives a range such as 3–5)."""
    from electkit.core.county_stats import ElectionStats

    if contest is None and slate is None and planned is None:
        return None, False
    if contest is None:
        candidates = None if slate is None else len(slate)
        return ElectionStats(planned, candidates, None, False), False
    elected = contest.elected
    official = contest.state == "official"
    figures = ElectionStats(
        seats=contest.seats,
        candidates=contest.candidates,
        elected=None if elected is None else len(elected),
        official=official,
    )
    return figures, elected is not None and not official


def not_met(state: TownshipState) -> tuple[RuleNotMet, ...]:
    """Every error and warning of the township's plan and lists — the findings ``county check``
    counts — by rule."""
    found: list[tuple[str, Finding]] = []
    if state.plan is not None:
        found += [("plan", f) for f in state.plan.findings]
    for role, checked in state.lists.items():
        if checked.result is not None:
            found += [(role, f) for f in checked.result.report.findings]
    return rules_not_met(found)


def rules_not_met(found: Iterable[tuple[str, Finding]]) -> tuple[RuleNotMet, ...]:
    """Findings (each with where it was found) as a row per rule: its errors and warnings,
    and where; findings of other severities (notes) are left out."""
    from electkit.core.findings import Severity

    counts: dict[str, dict[Severity, int]] = {}
    where: dict[str, list[str]] = {}
    for place, finding in found:
        if finding.severity not in (Severity.ERROR, Severity.WARNING):
            continue
        tally = counts.setdefault(finding.rule, dict.fromkeys(Severity, 0))
        tally[finding.severity] += 1
        where.setdefault(finding.rule, []).append(place)
    return tuple(
        RuleNotMet(
            rule,
            counts[rule][Severity.ERROR],
            counts[rule][Severity.WARNING],
            tuple(dict.fromkeys(where[rule])),
        )
        for rule in sorted(counts)
    )


def figures_and_data(state: TownshipState) -> tuple[TownshipFigures, TownshipData]:
    """A township's figures, and the township as the county rules see it."""
    from electkit.app.county import township_data

    return township_figures(state), township_data(state)


def county_report(workspace: Workspace, *, jobs: int = 1) -> CountyReport:
    """Read and count every township (in ``jobs`` worker processes, one township at a time in
    each; only the figures are kept), add up the county and evaluate its county-level rules."""
    from electkit.app.county import county_data, each_township
    from electkit.app.county_check import county_rules
    from electkit.core.county_stats import DelegateStats, MakeupStats, add_elections, add_up

    done = list(each_township(workspace, figures_and_data, jobs))
    rows = [figures for figures, _ in done]
    outcome = county_rules(workspace, county_data(workspace, [data for _, data in done]))
    county_not_met = list(rules_not_met(("county", f) for f in outcome.findings))
    official = all(
        r.committee is not None
        and r.committee.official
        and r.discipline is not None
        and r.discipline.official
        for r in rows
    )
    return CountyReport(
        county=workspace.county.county,
        round=workspace.county.round,
        rules=workspace.rules.ruleset.name,
        rules_sha256=workspace.rules.ruleset.sha256(),
        townships=rows,
        delegates=add_up((r.delegates for r in rows), DelegateStats),
        committee=add_elections(r.committee for r in rows),
        discipline=add_elections(r.discipline for r in rows),
        makeup=add_up((r.makeup for r in rows), MakeupStats),
        official=official,
        county_not_met=county_not_met,
    )
