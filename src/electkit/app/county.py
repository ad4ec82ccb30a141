"""The county workspace: county.yaml and a folder per township (docs/county.md).

``init_county`` writes county.yaml (from the county sheet staff keep, or from a county.yaml)
and one folder per township with the election.yaml its row derives; ``load_workspace`` opens
a workspace for the county commands; ``townships`` reads and checks each township in turn (one
at a time: memory stays flat in the number of townships); ``county_data`` is the county as data
for the county-level rules.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

if TYPE_CHECKING:
    from electkit.app.election import Rules
    from electkit.app.township import TownshipState
    from electkit.core.county import County, CountyProfile, TownshipData, TownshipRow
    from electkit.core.errors import OnePass
    from electkit.core.models import Person
    from electkit.core.ruleset import RuleSet


T = TypeVar("T")


@dataclass
class Workspace:
    """An open county workspace: its folder, county.yaml and the county's rule set."""

    root: Path
    county: CountyProfile
    rules: Rules
    _cache: dict[str, Rules] = field(default_factory=dict)

    def rules_for(self, ref: str, profile: Path) -> Rules:
        """A township's rule set, named by its election.yaml (``profile``) and resolved as
        load_election resolves it, loaded once; a bad ``rules:`` names that file and line."""
        from electkit.app.election import load_rules
        from electkit.io.rules_loader import resolve_path

        folder = profile.parent
        key = str(resolve_path(ref, relative_to=folder, referrer=profile).resolve())
        if key not in self._cache:
            self._cache[key] = load_rules(ref, relative_to=folder, referrer=profile)
        return self._cache[key]

    def folder(self, row: TownshipRow) -> Path:
        """A township's folder."""
        return self.root / row.directory

    def derived(self, row: TownshipRow, county: CountyProfile | None = None) -> str:
        """The election.yaml text ``county init`` writes for a row."""
        return election_text(county or self.county, row, self.folder(row))

    def own_work(self, row: TownshipRow) -> list[str]:
        """The files of a township folder other than the election.yaml county init wrote."""
        from electkit.io.bundle import folder_files
        from electkit.io.township_files import ELECTION_FILE

        folder = self.folder(row)
        out = []
        for name, path in folder_files(folder):
            if name == ELECTION_FILE and path.read_text(encoding="utf-8") == self.derived(row):
                continue
            out.append(name)
        return out


def township_rules(county_rules: str, root: Path, folder: Path) -> str:
    """The rule set as a township's election.yaml names it: a packaged name as is, a path
    relative to the township's folder."""
    from electkit.io.rules_loader import packaged_names

    if county_rules in packaged_names():
        return county_rules
    target = Path(county_rules) if Path(county_rules).is_absolute() else root / county_rules
    return Path(os.path.relpath(target, folder)).as_posix()


def election_text(county: CountyProfile, row: TownshipRow, folder: Path) -> str:
    """The election.yaml text a county row derives."""
    from electkit.core.county import township_profile
    from electkit.io.county_file import election_yaml

    rules = township_rules(county.rules, folder.parent, folder)
    return election_yaml(township_profile(county, row, rules), county.county, county.round)


def load_workspace(root: Path) -> Workspace:
    """Open the county workspace at ``root`` (its county.yaml and rule set)."""
    from electkit.app.election import load_rules
    from electkit.core.errors import InputError, Problem
    from electkit.io.county_file import COUNTY_FILE, read_county

    path = root / COUNTY_FILE
    if not path.is_file():
        raise InputError([Problem(message_id="county.no_workspace", file=str(root))])
    county = read_county(path)
    return Workspace(root, county, load_rules(county.rules, relative_to=root, referrer=path))


def townships(workspace: Workspace) -> Iterator[TownshipState]:
    """Each township read and checked, in county.yaml's order, one at a time."""
    from electkit.app.township import read_township

    for row in workspace.county.townships:
        yield read_township(workspace.county, row, workspace.root, workspace.rules_for)


_WORKER: Workspace | None = None


def _start_worker(root: Path) -> None:
    global _WORKER
    _WORKER = load_workspace(root)


def _township_job(job: Callable[[TownshipState], T], index: int) -> T:
    from electkit.app.township import read_township

    workspace = _WORKER
    assert workspace is not None
    row = workspace.county.townships[index]
    return job(read_township(workspace.county, row, workspace.root, workspace.rules_for))


def each_township(
    workspace: Workspace, job: Callable[[TownshipState], T], jobs: int = 1
) -> Iterator[T]:
    """``job`` applied to each township read and checked, in county.yaml's order.

    With ``jobs`` > 1 the townships are read in that many worker processes (a county's
    townships are independent of each other); ``job`` runs there too and only its result comes
    back, so each process holds one township at a time. ``job`` must be picklable (a
    module-level function, or a ``functools.partial`` of one).
    """
    count = len(workspace.county.townships)
    if jobs <= 1 or count < 3:
        yield from (job(state) for state in townships(workspace))
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(
        max_workers=min(jobs, count),
        mp_context=context,
        initializer=_start_worker,
        initargs=(workspace.root,),
    ) as pool:
        yield from pool.map(partial(_township_job, job), range(count))


Action = Literal["created", "updated", "unchanged", "kept"]


@dataclass(frozen=True)
class InitReport:
    """What ``county init`` did: county.yaml written or not, and each township's election.yaml."""

    path: Path
    county: CountyProfile
    written: bool
    townships: list[tuple[TownshipRow, Action]]
    dropped: list[str]  # townships of the former county.yaml no longer in it (folders kept)
    # townships whose seats the rule set gives by class but whose class gives none: (row,
    # contest, the rule's classes); their seats stay open and the rules on them not checked
    open_classes: list[tuple[TownshipRow, str, tuple[str, ...]]] = field(default_factory=list)


def init_county(
    root: Path,
    *,
    rules: str | None = None,
    source: Path | None = None,
    county: str | None = None,
    round_: str | None = None,
    election_date: str | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
) -> InitReport:
    """Write county.yaml and a folder per township with its election.yaml.

    ``source`` is the county sheet (.xlsx/.xls/.csv) or a county.yaml; without it the
    workspace's own county.yaml is used (its missing folders made). Options given override the
    source's values (``rules``: a name, or a path from the current folder; ``election_date``:
    YYYY-MM-DD as typed). Every problem — the options, the sheet or county.yaml, the rule set —
    is found in one pass and raised together before anything is written. Nothing that staff
    edited is overwritten: an election.yaml that differs from what init wrote before is kept
    (and reported).
    """
    from electkit.app.election import load_rules
    from electkit.core.errors import OnePass
    from electkit.io.county_file import COUNTY_FILE, county_yaml, read_county
    from electkit.io.inputs import forget_reads
    from electkit.render.common import write_atomic

    found = OnePass()
    path = root / COUNTY_FILE
    old = found.attempt(partial(read_county, path)) if path.is_file() else None
    date = found.attempt(partial(_option_date, election_date)) if election_date else None
    checked = found.attempt(partial(load_rules, rules)) if rules else None
    new, named_in = _new_county(
        found,
        root,
        source,
        old,
        county=county,
        round_=round_,
        rules=_rules_ref(rules, root, Path.cwd()) if rules else None,
        election_date=date,
        sheet=sheet,
        encoding=encoding,
    )
    if not rules and named_in is not None:  # the rule set as the county.yaml it came from names it
        ref, county_file = named_in
        checked = found.attempt(partial(load_rules, ref, county_file.parent, county_file))
    found.raise_any()
    assert new is not None and checked is not None
    # init rewrites what it derived itself (county.yaml, election.yaml it wrote before): these
    # were read above, which the guard against replacing an input would otherwise refuse
    forget_reads()
    root.mkdir(parents=True, exist_ok=True)
    text = county_yaml(new)
    written = not path.is_file() or path.read_text(encoding="utf-8") != text
    if written:
        write_atomic(path, text)
    workspace = Workspace(root, new, checked)
    actions: list[tuple[TownshipRow, Action]] = []
    for row in new.townships:
        actions.append((row, _township_folder(workspace, row, old)))
    names = {r.name for r in new.townships}
    dropped = [r.name for r in (old.townships if old else ()) if r.name not in names]
    return InitReport(path, new, written, actions, dropped, _open_classes(new, checked.ruleset))


def _open_classes(
    county: CountyProfile, rs: RuleSet
) -> list[tuple[TownshipRow, str, tuple[str, ...]]]:
    """The townships whose 乡镇类别 (none, or one the rule set does not name) leaves the seats
    of a contest sized by class open: said at init, not first met as "not checked"."""
    from electkit.core.county import township_profile
    from electkit.core.kinds.seats import contest_seats, seats_rule
    from electkit.core.models import ElectionProfile

    out = []
    for contest in ("committee", "discipline"):
        rule = seats_rule(rs, contest)
        if rule is None or not rule.params.by_class:
            continue
        for row in county.townships:
            profile = ElectionProfile.model_validate(township_profile(county, row, rs.name))
            if contest_seats(rule, profile, rs).reason in ("plan.no_class", "plan.class_unknown"):
                out.append((row, contest, tuple(rule.params.by_class)))
    return out


def _option_date(text: str) -> dt.date:
    """``--date`` as typed (YYYY-MM-DD)."""
    from electkit.core.errors import InputError, Problem

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(
            [Problem(message_id="county.sheet.date", column="--date", value=text)]
        ) from None


def _new_county(
    found: OnePass,
    root: Path,
    source: Path | None,
    old: CountyProfile | None,
    *,
    county: str | None,
    round_: str | None,
    rules: str | None,
    election_date: dt.date | None,
    sheet: str | None,
    encoding: str | None,
) -> tuple[CountyProfile | None, tuple[str, Path] | None]:
    """The county.yaml init writes (None when it has problems: they are kept in ``found``), and
    the rule set as the county.yaml it comes from writes it, with that file (None when
    ``rules`` comes from the command line or no county.yaml names one)."""
    from electkit.core.county import CountyProfile
    from electkit.core.errors import Problem
    from electkit.io.county_file import COUNTY_FILE, read_county, read_county_sheet
    from electkit.io.tables import EXCEL_SUFFIXES, TEXT_SUFFIXES

    own = root / COUNTY_FILE
    named_in_own = None if old is None else (old.rules, own)
    if source is not None and source.suffix.lower() in (*EXCEL_SUFFIXES, *TEXT_SUFFIXES):
        given = {
            "--county": county or (old and old.county),
            "--round": round_ or (old and old.round),
            "--rules": rules or (old and old.rules),
        }
        missing = [option for option, value in given.items() if not value]
        if missing:
            found.add(
                Problem(message_id="county.init.needs", params={"options": " ".join(missing)})
            )
        # the sheet is read even so, for its own problems; the stand-in "-" of a missing option
        # is never written (the missing option stops init)
        from_sheet = found.attempt(
            partial(
                read_county_sheet,
                source,
                county=str(given["--county"] or "-"),
                rules=str(given["--rules"] or "-"),
                round_=str(given["--round"] or "-"),
                election_date=election_date or (old.election_date if old else None),
                sheet=sheet,
                encoding=encoding,
            )
        )
        return (None if missing else from_sheet), named_in_own
    if source is None and old is None:
        if not own.is_file():  # (one that cannot be read is among the problems already)
            found.add(Problem(message_id="county.init.no_source", file=str(own)))
        return None, None
    base = found.attempt(partial(read_county, source)) if source is not None else old
    if base is None:
        return None, None
    named_in = named_in_own if source is None else (base.rules, source)
    if source is not None and rules is None:
        rules = _rules_ref(base.rules, root, source.parent)
    updates = {"county": county, "rules": rules, "round": round_, "election_date": election_date}
    changed = base.model_dump() | {k: v for k, v in updates.items() if v is not None}
    return found.attempt(partial(CountyProfile.model_validate, changed)), named_in


def _rules_ref(rules: str, root: Path, base: Path) -> str:
    """A rule set as county.yaml keeps it: a packaged name, or a path relative to the
    workspace (``rules`` is relative to ``base``: the current folder for ``--rules``)."""
    from electkit.io.rules_loader import packaged_names

    if rules in packaged_names() or (not rules.endswith((".yaml", ".yml")) and "/" not in rules):
        return rules  # a name (an unknown one is refused by load_rules, as everywhere)
    target = Path(rules) if Path(rules).is_absolute() else base / rules
    return _relative_to(target, root, rules)


def _relative_to(target: Path, root: Path, fallback: str) -> str:
    try:
        return Path(os.path.relpath(target.resolve(), root.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return fallback


def _township_folder(workspace: Workspace, row: TownshipRow, old: CountyProfile | None) -> Action:
    """Make a township's folder and election.yaml; rewrite it only if init wrote it before."""
    from electkit.io.township_files import ELECTION_FILE
    from electkit.render.common import write_atomic

    folder = workspace.folder(row)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / ELECTION_FILE
    text = workspace.derived(row)
    if not target.exists():
        write_atomic(target, text)
        return "created"
    current = target.read_text(encoding="utf-8", errors="replace")
    if current == text:
        return "unchanged"
    before = old.row(row.name) if old is not None else None
    if before is not None and current == workspace.derived(before, old):
        write_atomic(target, text)
        return "updated"
    return "kept"


def county_data(workspace: Workspace, states: list[TownshipData]) -> County:
    """The county as data for the county-level rules."""
    from electkit.core.county import County

    county = workspace.county
    return County(county.county, county.round, tuple(states))


def township_data(state: TownshipState) -> TownshipData:
    """One township as the county rules see it: ``None`` wherever it is missing or unreadable;
    the elected only of officially counted contests."""
    from electkit.core.checks.team import team_persons
    from electkit.core.county import TownshipData, elected_people

    def people(role: str) -> tuple[Person, ...] | None:
        checked = state.lists.get(role)
        if checked is None or checked.result is None:
            return None
        return tuple(checked.result.people)

    profile = None if state.election is None else state.election.profile
    committee, discipline = people("committee"), people("discipline")
    team = None
    if committee is not None and state.election is not None:
        election = state.election
        team = tuple(team_persons(committee, election.profile, election.ruleset.vocabulary))
    slates = {"committee": committee, "discipline": discipline}
    elected: dict[str, tuple[Person, ...] | None] = {}
    for contest in state.contests:
        key = contest.role or contest.id
        names = contest.elected if contest.state == "official" else None
        elected[key] = None if names is None else elected_people(names, slates.get(key))
    return TownshipData(state.name, profile, committee, discipline, team, elected)
