"""``county status``: per township, where each step stands and the next thing to do.

Steps, in the order a township goes through them: the profile and ``plan``; the delegate list;
the committee and discipline slates (each: missing, unreadable, errors, warnings or clean);
each contest (not counted, being entered, counted from a ballot file (TEST), official in a
counting book with the count's hash, or a book that fails its verify); the printed reports;
and the bundle the folder came from. The next thing to do is the first step not done.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from electkit.app.county import Workspace
    from electkit.app.township import ContestState, ListCheck, TownshipState

NEXT_MISSING = {
    "delegates": "county.next.delegates",
    "committee": "county.next.committee",
    "discipline": "county.next.discipline",
}
# the state of the profile step and of each list step
StepState = Literal["missing", "unreadable", "errors", "warnings", "ok"]


@dataclass(frozen=True)
class ListStep:
    """A list's step: its state and the numbers of errors and warnings."""

    state: StepState
    errors: int = 0
    warnings: int = 0
    file: str | None = None


@dataclass(frozen=True)
class ContestStep:
    """A contest's step: its state, the last round's outcome and the official count's hash."""

    id: str
    role: str | None
    state: str
    status: str | None = None  # complete, tie, shortfall, void, no_quorum (of the last round)
    head: str | None = None
    entered: int = 0
    returned: int | None = None
    rounds: int = 1


@dataclass(frozen=True)
class NextStep:
    """The next thing to do: a message id, its parameters, and a command line that does it."""

    message_id: str
    params: dict[str, Any] = field(default_factory=dict)
    command: str | None = None


@dataclass(frozen=True)
class TownshipStatus:
    """One township's row of ``county status``."""

    name: str
    folder: str
    plan: StepState
    seats: dict[str, dict[str, int | None]]  # committee, discipline: seats, min, max; delegates
    lists: dict[str, ListStep]
    contests: list[ContestStep]
    reports: dict[str, int]  # audit, result: files printed; counted: contests to report
    bundle: dict[str, Any] | None
    differences: int
    problems: int
    next: NextStep
    plan_errors: int = 0  # the findings of ``plan`` (CS-POSTS …), as county check counts them
    plan_warnings: int = 0


def list_step(checked: ListCheck | None) -> ListStep:
    """The state of one list."""
    if checked is None:
        return ListStep("missing")
    if checked.result is None:
        return ListStep("unreadable", file=str(checked.path))
    report = checked.result.report
    state: StepState = "errors" if report.errors else "warnings" if report.warnings else "ok"
    return ListStep(state, report.errors, report.warnings, str(checked.path))


def contest_step(contest: ContestState) -> ContestStep:
    """The state of one contest (over its rounds)."""
    last = contest.last
    return ContestStep(
        id=contest.id,
        role=contest.role,
        state=contest.state,
        status=last.status,
        head=last.head,
        entered=last.entered,
        returned=last.returned,
        rounds=len(contest.rounds),
    )


def township_status(state: TownshipState) -> TownshipStatus:
    """A township's row: every step, and the first one not done."""
    plan = state.plan
    seats: dict[str, dict[str, int | None]] = {}
    if plan is not None:
        for role, found in (
            ("committee", plan.committee_seats),
            ("discipline", plan.discipline_seats),
        ):
            seats[role] = {"seats": found.seats, "min": found.low, "max": found.high}
        seats["delegates"] = {"seats": plan.delegate_seats.get("planned"), "min": None, "max": None}
    plan_state: StepState = (
        ("errors" if plan.errors else "warnings" if plan.warnings else "ok")
        if state.election is not None and plan is not None
        else "missing"
        if state.files is None or state.files.election is None
        else "unreadable"
    )
    lists = {
        role: list_step(state.lists.get(role)) for role in ("delegates", "committee", "discipline")
    }
    contests = [contest_step(c) for c in state.contests]
    printed = state.files.report_kinds() if state.files is not None else {"audit": [], "result": []}
    counted = sum(1 for c in contests if c.state == "official")
    reports = {"audit": len(printed["audit"]), "result": len(printed["result"]), "counted": counted}
    bundle = None
    if state.bundle is not None:
        bundle = {
            "id": state.bundle.id,
            "created": state.bundle.manifest.created.isoformat(),
            "electkit": state.bundle.manifest.electkit,
            "changed": list(state.bundle.changed),
        }
    return TownshipStatus(
        name=state.name,
        folder=str(state.folder),
        plan=plan_state,
        seats=seats,
        lists=lists,
        contests=contests,
        reports=reports,
        bundle=bundle,
        differences=len(state.differences),
        problems=len(state.problems),
        next=next_step(state, lists, contests, reports),
        plan_errors=0 if plan is None else plan.errors,
        plan_warnings=0 if plan is None else plan.warnings,
    )


def next_step(
    state: TownshipState,
    lists: dict[str, ListStep],
    contests: list[ContestStep],
    reports: dict[str, int],
) -> NextStep:
    """The first step of the township that is not done."""
    folder = str(state.folder)
    election = f"{folder}/election.yaml"
    if state.files is None:
        return NextStep("county.next.folder", {"folder": folder}, "electkit county init DIR")
    if state.files.problems:
        return NextStep("county.next.ambiguous", {"folder": folder})
    if state.files.election is None:
        return NextStep("county.next.election", {"file": election})
    if state.election is None or state.plan is None:
        return NextStep("county.next.fix_election", {"file": election}, f"electkit plan {election}")
    if state.plan.errors:
        path = str(state.election.path)
        return NextStep(
            "county.next.plan_errors",
            {"file": path, "errors": state.plan.errors},
            " ".join(_quoted(("electkit", "plan", path))),
        )
    for role in ("delegates", "committee", "discipline"):
        step = lists[role]
        checked = state.lists.get(role)
        if step.state == "missing":
            return NextStep(NEXT_MISSING[role], {"folder": folder})
        if checked is not None and step.state in ("unreadable", "errors"):
            key = "county.next.unreadable" if step.state == "unreadable" else "county.next.errors"
            params: dict[str, Any] = {"file": str(checked.path), "errors": step.errors}
            return NextStep(key, params, "electkit " + " ".join(_quoted(checked.command)))
    if not contests:
        return NextStep("county.next.contests", {"folder": folder})
    for contest in contests:
        if contest.state in ("unreadable", "broken"):
            key = (
                "county.next.book_broken"
                if contest.state == "broken"
                else "county.next.contest_unreadable"
            )
            return NextStep(key, {"contest": contest.id})
    for contest in contests:
        if contest.state != "official":
            key = {
                "not_counted": "county.next.count",
                "entering": "county.next.entering",
                "counted": "county.next.official",
            }[contest.state]
            return NextStep(key, {"contest": contest.id, "entered": contest.entered})
        if contest.status == "tie":
            return NextStep("county.next.tie", {"contest": contest.id})
        if contest.status == "shortfall":
            return NextStep("county.next.shortfall", {"contest": contest.id})
    if not reports["audit"]:
        return NextStep("county.next.audit_report", {"folder": folder}, audit_command(state))
    if reports["result"] < reports["counted"]:
        official = [c for c in state.contests if c.state == "official" and c.last.book is not None]
        command = None
        if official:
            first = official[0]
            target = state.folder / "reports" / f"result-{first.stem or first.id}.pdf"
            command = " ".join(
                _quoted(
                    (
                        "electkit",
                        "report",
                        "result",
                        "--book",
                        str(first.last.book),
                        "--contest",
                        first.id,
                        "-o",
                        str(target),
                    )
                )
            )
        return NextStep(
            "county.next.result_reports",
            {"folder": folder, "printed": reports["result"], "counted": reports["counted"]},
            command,
        )
    return NextStep("county.next.done")


def audit_command(state: TownshipState) -> str | None:
    """The ``report audit`` command line for the township's lists."""
    election, lists = state.election, state.lists
    if election is None or "delegates" not in lists:
        return None
    parts = [
        "electkit",
        "report",
        "audit",
        str(election.path),
        "--delegates",
        str(lists["delegates"].path),
    ]
    for role in ("committee", "discipline"):
        if role in lists:
            contest = state.contest(role)
            seats = None if contest is None else contest.seats
            parts += [
                "--slate",
                str(lists[role].path),
                "--contest",
                role + (f":{seats}" if role == "discipline" and seats else ""),
            ]
    parts += ["-o", str(state.folder / "reports" / "audit.pdf")]
    return " ".join(_quoted(tuple(parts)))


def _quoted(parts: tuple[str, ...]) -> list[str]:
    import shlex

    return [shlex.quote(p) for p in parts]


@dataclass(frozen=True)
class CountyStatus:
    """``county status``: a row per township, the contests seen anywhere, and county totals."""

    county: str
    round: str
    rules: str
    townships: list[TownshipStatus]
    contests: list[str]  # contest ids in order of first appearance (the table's columns)
    totals: dict[str, Any]


def county_status(workspace: Workspace, *, jobs: int = 1) -> CountyStatus:
    """Read every township and say where each stands (``jobs`` worker processes)."""
    from electkit.app.county import each_township

    rows = list(each_township(workspace, township_status, jobs))
    contests = list(dict.fromkeys(c.id for row in rows for c in row.contests))
    return CountyStatus(
        county=workspace.county.county,
        round=workspace.county.round,
        rules=workspace.rules.ruleset.name,
        townships=rows,
        contests=contests,
        totals=totals(rows, contests),
    )


def totals(rows: list[TownshipStatus], contests: list[str]) -> dict[str, Any]:
    """The county's totals: per step how many townships are in each state."""
    out: dict[str, Any] = {"townships": len(rows)}
    out["plan"] = _tally(r.plan for r in rows)
    for role in ("delegates", "committee", "discipline"):
        out[role] = _tally(r.lists[role].state for r in rows)
    out["contests"] = {
        contest: _tally(
            next((c.state for c in r.contests if c.id == contest), "none") for r in rows
        )
        for contest in contests
    }
    out["done"] = sum(1 for r in rows if r.next.message_id == "county.next.done")
    out["bundles"] = sum(1 for r in rows if r.bundle is not None)
    return out


def _tally(states: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for state in states:
        counts[state] = counts.get(state, 0) + 1
    return counts
