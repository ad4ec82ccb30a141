"""The printed reports' pipelines: audit a township (``report audit``) and the vote-count report
(``report result``). The checks and counts are the same app functions the check and count
commands call; rendering is left to ``electkit.render``."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from electkit.app.check import CheckResult, InputInfo
    from electkit.app.election import Election
    from electkit.app.tally import TallyView
    from electkit.core.checks.delegates import CheckReport
    from electkit.core.checks.slate import Contest


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's bytes (an input the report rests on)."""
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class SlateSpec:
    """A slate to audit: its file, its contest, the seats given, the unit of a delegates list."""

    path: Path
    contest: Contest
    seats: int | None = None
    unit: str | None = None


@dataclass(frozen=True)
class SlateSection:
    """One checked slate to include in the audit report."""

    contest: str
    report: CheckReport
    info: InputInfo
    unit: str | None = None  # the election unit of a delegate-candidate list


@dataclass(frozen=True)
class Audit:
    """A township's eligibility audit: the delegate list and each slate, checked."""

    election: Election
    delegates: CheckResult
    slates: list[SlateSection]
    inputs: list[tuple[str, str]]  # (path, SHA-256) of other files it rests on (election.yaml)


def audit_township(
    election: Election,
    delegates: Path,
    slates: Sequence[SlateSpec] = (),
    *,
    sheet: str | None = None,
    encoding: str | None = None,
) -> Audit:
    """Check the delegate list and every slate exactly as ``check delegates`` and ``check slate``
    do (``sheet`` is the delegate list's)."""
    from electkit.app.check import check_delegate_list, check_slate_file
    from electkit.core.findings import Text

    checked = check_delegate_list(delegates, election, sheet=sheet, encoding=encoding)
    sections = []
    for spec in slates:
        slate = check_slate_file(
            spec.path, spec.contest, election, unit=spec.unit, seats=spec.seats, encoding=encoding
        )
        sections.append(SlateSection(spec.contest, slate.report, slate.info, spec.unit))
    units = list(dict.fromkeys(s.unit for s in sections if s.unit is not None))
    if units:  # DL-EXTRA was checked for these units' lists, not for the others
        from electkit.core.kinds.delegates import UnitExtraRule

        per_unit = {r.code for r in election.ruleset.of_kind(UnitExtraRule)}
        report = checked.report
        report = report.model_copy(
            update={
                "not_checked": [
                    n
                    if n.rule not in per_unit or n.reason_id != "nc.scope"
                    else n.model_copy(
                        update={
                            "reason_id": "nc.candidates.others",
                            "params": {"units": Text(zh="、".join(units), en=", ".join(units))},
                        }
                    )
                    for n in report.not_checked
                ]
            }
        )
        checked = dataclasses.replace(checked, report=report)
    return Audit(election, checked, sections, [(str(election.path), sha256_of(election.path))])


@dataclass(frozen=True)
class ResultCount:
    """What the vote-count report prints: the count, official or not, the book's head hash (from
    a book), and the files it rests on as (path, SHA-256)."""

    view: TallyView
    official: bool
    head: str | None
    inputs: list[tuple[str, str]]


def result_from_files(
    contest: Path,
    ballots: Path,
    *,
    official: bool = False,
    sheet: str | None = None,
    encoding: str | None = None,
) -> ResultCount:
    """Count a contest's ballot file (TEST/UNOFFICIAL unless ``official``)."""
    from electkit.app.tally import count_files

    view = count_files(contest, ballots, sheet=sheet, encoding=encoding)
    return ResultCount(view, official, None, [(str(contest), sha256_of(contest))])


def result_from_book(
    book: Path,
    contest: str | None = None,
    *,
    unofficial: bool = False,
    single_entry: bool = False,
) -> ResultCount:
    """Count a contest in a counting book: official when the two tellers agree (recorded in the
    book), else CountBlocked unless ``unofficial``."""
    from electkit.app.tally import count_from_book

    counted = count_from_book(book, contest, unofficial=unofficial, single_entry=single_entry)
    return ResultCount(counted.view, counted.official, counted.head, [(str(book), sha256_of(book))])
