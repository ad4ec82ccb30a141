"""What a township folder of a county workspace holds, found by the names the single-township
commands already use (docs/county.md):

    election.yaml                         the profile
    delegates.xlsx | 代表名单.xlsx          the delegate list (.xlsx, .xls or .csv)
    units.csv | 选举单位.csv               the election units
    committee.xlsx | 委员候选人.xlsx        the committee slate
    discipline.csv | 纪委委员候选人.csv     the discipline-committee slate
    tally/NAME.yaml + tally/NAME.csv      a contest file and its ballot file
    *.book, tally/*.book                 counting books
    reports/                             printed reports

Two files for one role (delegates.xlsx beside delegates.csv) are a problem, never a silent pick.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from electkit.core.errors import Problem
from electkit.core.findings import listing

ELECTION_FILE = "election.yaml"
TABLE_SUFFIXES = (".xlsx", ".xls", ".csv")
LIST_NAMES: dict[str, tuple[str, ...]] = {
    "delegates": ("delegates", "代表名单"),
    "units": ("units", "选举单位"),
    "committee": ("committee", "委员候选人", "党委委员候选人"),
    "discipline": ("discipline", "纪委委员候选人"),
}
CONTEST_SUFFIXES = (".yaml", ".yml")
BOOK_SUFFIX = ".book"
TALLY_DIR = "tally"
REPORTS_DIR = "reports"
# a report's kind by the start of its file name
REPORT_KINDS = {"audit": ("audit", "审查"), "result": ("result", "计票")}


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def visible(path: Path) -> bool:
    """A file staff put there: not hidden, not an editor's lock or temporary file, not a book's
    write-ahead log."""
    name = path.name
    return not (
        name.startswith((".", "~$")) or name.endswith(("~", ".tmp", "-wal", "-shm", "-journal"))
    )


@dataclass(frozen=True)
class ContestFiles:
    """A contest file in tally/ and the ballot file of the same name, if any."""

    stem: str
    contest: Path
    ballots: Path | None


@dataclass
class TownshipFiles:
    """The files of one township folder, by role."""

    folder: Path
    election: Path | None = None
    lists: dict[str, Path] = field(default_factory=dict)
    contests: list[ContestFiles] = field(default_factory=list)
    books: list[Path] = field(default_factory=list)
    reports: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def report_kinds(self) -> dict[str, list[Path]]:
        """The printed reports by kind (audit, result)."""
        out: dict[str, list[Path]] = {kind: [] for kind in REPORT_KINDS}
        for path in self.reports:
            for kind, starts in REPORT_KINDS.items():
                if _key(path.name).startswith(starts):
                    out[kind].append(path)
        return out


def _files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(
        (p for p in directory.iterdir() if p.is_file() and not p.is_symlink() and visible(p)),
        key=lambda p: p.name,
    )


def township_files(folder: Path) -> TownshipFiles:
    """Find the files of a township folder by their conventional names."""
    found = TownshipFiles(folder)
    top = _files(folder)
    by_stem: dict[str, list[Path]] = {}
    for path in top:
        by_stem.setdefault(_key(path.stem), []).append(path)
    election = folder / ELECTION_FILE
    found.election = election if election.is_file() else None
    for role, names in LIST_NAMES.items():
        matches = [
            p
            for name in names
            for p in by_stem.get(_key(name), [])
            if p.suffix.lower() in TABLE_SUFFIXES
        ]
        if len(matches) == 1:
            found.lists[role] = matches[0]
        elif matches:
            found.problems.append(
                Problem(
                    message_id="county.files.ambiguous",
                    file=str(folder),
                    params={"role": role, "files": listing(p.name for p in matches)},
                )
            )
    tally = _files(folder / TALLY_DIR)
    tables: dict[str, list[Path]] = {}
    for path in tally:
        if path.suffix.lower() in TABLE_SUFFIXES:
            tables.setdefault(_key(path.stem), []).append(path)
    for path in tally:
        if path.suffix.lower() not in CONTEST_SUFFIXES:
            continue
        ballots = tables.get(_key(path.stem), [])
        if len(ballots) > 1:
            found.problems.append(
                Problem(
                    message_id="county.files.ambiguous",
                    file=str(folder / TALLY_DIR),
                    params={"role": path.stem, "files": listing(p.name for p in ballots)},
                )
            )
        found.contests.append(
            ContestFiles(path.stem, path, ballots[0] if len(ballots) == 1 else None)
        )
    found.books = [p for p in [*top, *tally] if p.suffix.lower() == BOOK_SUFFIX]
    found.reports = _files(folder / REPORTS_DIR)
    return found
