"""One township of a county workspace, read and checked with the single-township jobs.

``read_township`` finds the folder's files (``io.township_files``), loads election.yaml with
``load_election``, plans with ``plan_election``, checks the delegate list and the slates with
``check_delegate_list`` and ``check_slate_file``, and reads the contests: counted from their
ballot files with ``count_files`` (TEST), or as the counting books record them (official). Each
check is exactly the one the single-township command runs on the same files (the equivalent
command line is kept with it); nothing is written anywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

from electkit.core.contest import name_key

if TYPE_CHECKING:
    from electkit.app.book_state import BookContestState, BookState
    from electkit.app.check import CheckResult
    from electkit.app.election import Election, Rules
    from electkit.core.contest import Contest
    from electkit.core.county import CountyProfile, TownshipRow
    from electkit.core.errors import Problem
    from electkit.core.plan import Plan
    from electkit.io.bundle import BundleRecord
    from electkit.io.township_files import TownshipFiles

LISTS = ("delegates", "committee", "discipline")
# a contest's role when no contest file names it: its id in the book (委员, 纪委委员)
ROLE_BY_ID = {"委员": "committee", "党委委员": "committee", "纪委委员": "discipline"}

T = TypeVar("T")
State = Literal["not_counted", "entering", "counted", "official", "broken", "unreadable"]


@dataclass(frozen=True)
class ListCheck:
    """A list of the township checked (``result``), or why it could not be (``problems``)."""

    role: str
    path: Path
    command: tuple[str, ...]  # the single-township command that gives the same result
    result: CheckResult | None
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class RoundState:
    """One round of one contest: where its count stands, and its outcome once counted (TEST
    from a ballot file, or official in a book)."""

    round: int
    state: State
    contest: Contest | None
    elected: tuple[str, ...] | None = None
    status: str | None = None  # complete, tie, shortfall, void, no_quorum
    book: Path | None = None
    head: str | None = None  # the book's head, for an official count
    entered: int = 0
    returned: int | None = None
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class ContestState:
    """A contest of the township over its rounds (a re-vote after a tie is round 2)."""

    id: str
    role: str | None  # committee, discipline, or None for another contest
    stem: str | None  # the name of its contest file in tally/
    rounds: tuple[RoundState, ...]

    @property
    def state(self) -> State:
        """The whole contest: official only when every round is."""
        states = [r.state for r in self.rounds]
        order: tuple[State, ...] = ("unreadable", "broken", "entering", "not_counted", "counted")
        return next((worst for worst in order if worst in states), "official")

    @property
    def last(self) -> RoundState:
        """The latest round."""
        return self.rounds[-1]

    @property
    def seats(self) -> int | None:
        """The first round's seats (the contest's)."""
        first = self.rounds[0].contest
        return None if first is None else first.seats

    @property
    def candidates(self) -> int | None:
        """The first round's listed candidates."""
        first = self.rounds[0].contest
        return None if first is None else len(first.candidates)

    @property
    def elected(self) -> tuple[str, ...] | None:
        """The elected over all rounds, when every round is counted."""
        if any(r.elected is None for r in self.rounds):
            return None
        return tuple(name for r in self.rounds for name in r.elected or ())


@dataclass
class TownshipState:
    """Everything read from one township folder."""

    row: TownshipRow
    folder: Path
    files: TownshipFiles | None
    election: Election | None = None
    plan: Plan | None = None
    problems: list[Problem] = field(default_factory=list)
    differences: list[tuple[str, str, str]] = field(default_factory=list)
    lists: dict[str, ListCheck] = field(default_factory=dict)
    contests: list[ContestState] = field(default_factory=list)
    books: list[BookState] = field(default_factory=list)
    bundle: BundleRecord | None = None

    @property
    def name(self) -> str:
        """The township's name (its county row's)."""
        return self.row.name

    def contest(self, role: str) -> ContestState | None:
        """The committee or discipline contest, if the township has one."""
        return next((c for c in self.contests if c.role == role), None)


def _inputs(call: Callable[[], T]) -> tuple[T | None, tuple[Problem, ...]]:
    """Run one job; its input problems (InputError) are kept instead of raised (a book changed
    outside electkit, BookDamaged, is raised for the caller to say so)."""
    from electkit.core.errors import InputError
    from electkit.io.book import BookDamaged

    try:
        return call(), ()
    except BookDamaged:
        raise
    except InputError as exc:
        return None, tuple(exc.problems)


def read_township(
    county: CountyProfile,
    row: TownshipRow,
    root: Path,
    rules_for: Callable[[str, Path], Rules],
) -> TownshipState:
    """Read and check one township folder of the workspace at ``root``.

    ``rules_for(ref, profile)`` loads a rule set once for the whole county (load_election's own
    resolution: ``ref`` relative to the folder of the election.yaml ``profile`` that names it).
    """
    from electkit.app.election import Election
    from electkit.core.county import profile_differences
    from electkit.core.errors import Problem
    from electkit.io.bundle import bundle_record
    from electkit.io.profile import load_profile
    from electkit.io.township_files import township_files

    folder = root / row.directory
    if not folder.is_dir():
        return TownshipState(
            row,
            folder,
            None,
            problems=[Problem(message_id="county.township.no_folder", file=str(folder))],
        )
    files = township_files(folder)
    state = TownshipState(row, folder, files, problems=list(files.problems))
    state.bundle = bundle_record(folder)
    if files.election is not None:
        path = files.election

        def load() -> Election:
            profile = load_profile(path)
            if not profile.rules:
                raise_no_rules(path)
            rules = rules_for(str(profile.rules), path)
            return Election(path, profile, rules.ruleset, rules.lint_items)

        loaded, problems = _inputs(load)
        state.problems += problems
        if loaded is not None:
            state.election = loaded
            state.differences = profile_differences(county, row, loaded.profile)
            _plan(state)
    state.contests, state.books = read_contests(files)
    if state.election is not None:
        for role in LISTS:
            if role in files.lists:
                state.lists[role] = check_list(state, role, files.lists[role])
    return state


def raise_no_rules(path: Path) -> None:
    """The problem load_election gives for a profile without ``rules:``."""
    from electkit.core.errors import InputError, Problem

    raise InputError([Problem(message_id="cli.no_rules", file=str(path))])


def _plan(state: TownshipState) -> None:
    from electkit.app.plan import plan_election

    assert state.election is not None
    election = state.election
    state.plan, problems = _inputs(lambda: plan_election(election))
    state.problems += problems


def check_list(state: TownshipState, role: str, path: Path) -> ListCheck:
    """Check one list exactly as ``check delegates`` / ``check slate`` does."""
    from electkit.app.check import check_delegate_list, check_slate_file

    election = state.election
    assert election is not None
    command: tuple[str, ...]
    if role == "delegates":
        command = ("check", "delegates", str(path), "--election", str(election.path))
        done, problems = _inputs(lambda: check_delegate_list(path, election))
    else:
        contest = state.contest(role)
        seats = None if contest is None else contest.seats
        command = ("check", "slate", str(path), "--contest", role, "--election", str(election.path))
        command += ("--seats", str(seats)) if seats is not None else ()
        slate: Literal["committee", "discipline"] = (
            "committee" if role == "committee" else "discipline"
        )
        done, problems = _inputs(lambda: check_slate_file(path, slate, election, seats=seats))
    return ListCheck(role, path, command, done, problems)


def read_contests(files: TownshipFiles) -> tuple[list[ContestState], list[BookState]]:
    """Every contest of the township, from its contest files and its counting books."""
    from electkit.app.book_state import read_book
    from electkit.app.tally import count_files
    from electkit.io.book import BookDamaged

    rounds: dict[str, dict[int, RoundState]] = {}
    ids: dict[str, str] = {}
    stems: dict[str, str] = {}
    order: list[str] = []

    def add(key: str, shown: str, state: RoundState) -> None:
        if key not in rounds:
            rounds[key] = {}
            ids[key] = shown
            order.append(key)
        rounds[key][state.round] = state

    books = []
    for path in files.books:
        try:
            book, problems = _inputs(partial(read_book, path))
        except BookDamaged as exc:  # changed outside electkit: not used, and said so
            damaged = RoundState(1, "broken", None, book=path, problems=tuple(exc.problems))
            add(f"book:{path.name}", path.name, damaged)
            continue
        if book is None:
            unread = RoundState(1, "unreadable", None, book=path, problems=problems)
            add(f"book:{path.name}", path.name, unread)
            continue
        books.append(book)
        for found in book.contests:
            add(name_key(found.id), found.id, _book_round(book, found))
    for spec in files.contests:
        contest, problems = _inputs(partial(_contest_of, spec.contest))
        if contest is None:
            add(
                f"file:{spec.stem}", spec.stem, RoundState(1, "unreadable", None, problems=problems)
            )
            continue
        key = name_key(contest.contest)
        stems.setdefault(key, spec.stem)
        in_book = rounds.get(key, {}).get(contest.round)
        if in_book is not None and (in_book.state != "not_counted" or spec.ballots is None):
            continue  # the book holds this round: its entries are what stands
        if spec.ballots is None:
            add(key, contest.contest, RoundState(contest.round, "not_counted", contest))
            continue
        view, problems = _inputs(partial(count_files, spec.contest, spec.ballots))
        if view is None:
            add(
                key,
                contest.contest,
                RoundState(contest.round, "unreadable", contest, problems=problems),
            )
            continue
        result = view.result
        counted = RoundState(contest.round, "counted", contest, result.elected, result.status)
        add(key, contest.contest, counted)
    states = []
    for key in order:
        stem = stems.get(key)
        role = stem if stem in ("committee", "discipline") else ROLE_BY_ID.get(ids[key])
        ordered = tuple(rounds[key][n] for n in sorted(rounds[key]))
        states.append(ContestState(ids[key], role, stem, ordered))
    return states, books


def _contest_of(path: Path) -> Contest:
    from electkit.io.contest import load_contest

    return load_contest(path)[0]


def _book_round(book: BookState, found: BookContestState) -> RoundState:
    if not book.intact:
        state: State = "broken"
    elif found.official is not None:
        state = "official"
    elif found.entered:
        state = "entering"
    else:
        state = "not_counted"
    official = found.official
    return RoundState(
        found.contest.round,
        state,
        found.contest,
        elected=None if official is None else official.elected,
        status=None if official is None else official.status,
        book=book.path,
        head=None if official is None else official.count_hash,
        entered=found.entered,
        returned=found.returned,
    )
