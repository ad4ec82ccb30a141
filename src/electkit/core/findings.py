"""Findings: what a check reports, as data with a stable rule code and a position."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from fractions import Fraction
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field


class Severity(StrEnum):
    """How much a finding matters: errors fail a check, warnings only under ``--strict``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class Text(BaseModel):
    """A short text in both languages (labels in rule sets, parameters of messages)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    zh: str
    en: str

    def get(self, lang: str) -> str:
        """The text in ``lang`` (``zh`` or ``en``)."""
        return self.zh if lang == "zh" else self.en


ParamValue = str | int | Text | None

LIST_SEPARATOR = {"zh": "、", "en": ", "}


def listing(items: Iterable[object]) -> Text:
    """A list for a message parameter: 甲、乙 in Chinese, 甲, 乙 in English."""
    parts = [str(item) for item in items]
    return Text(**{lang: sep.join(parts) for lang, sep in LIST_SEPARATOR.items()})


class Finding(BaseModel):
    """One problem found by a check.

    ``message_id`` names a template in the message catalogues (zh and en); ``params`` fill it.
    ``rows`` are numbered as the spreadsheet numbers them (the header is usually row 1).
    ``measured``/``required``/``needed`` are set for list-level findings: ``needed`` is the
    smallest number of people to replace or add for the rule to hold.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str
    severity: Severity
    message_id: str
    params: dict[str, ParamValue] = Field(default_factory=dict)
    subjects: tuple[str, ...] = ()
    rows: tuple[int, ...] = ()
    file: str | None = None
    column: str | None = None
    value: str | None = None
    measured: str | None = None
    required: str | None = None
    needed: int | None = None
    source: str | None = None
    # the ancestor rule set whose rule this finding applied, when not the set's own (a 差额
    # clause that names other seats): forms cite that rule's clause
    basis: str | None = None

    def key(self) -> tuple[str, tuple[int, ...], str | None]:
        """(rule, rows, column): what tests compare instead of prose."""
        return (self.rule, self.rows, self.column)


class CompositionRow(BaseModel):
    """One measured share of a list: count of total against the required share (low..high)."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    rule: str
    label: Text
    count: int
    total: int
    low: Fraction | None = None
    high: Fraction | None = None
    low_strict: bool = Field(default=False, description="more than low (超过), not at least")
    high_strict: bool = Field(default=False, description="less than high (不满), not at most")
    least: int | None = Field(default=None, description="a required count instead of a share")
    most: int | None = None
    unknown: int = Field(default=0, description="people whose blank or unreadable cells decide it")
    ok: bool | None = Field(description="None: it depends on the unknown people")
    severity: Severity

    @property
    def share(self) -> Fraction:
        """The exact share count/total (0 for an empty list)."""
        return Fraction(self.count, self.total) if self.total else Fraction(0)


class NotChecked(BaseModel):
    """A rule whose inputs are absent: reported, never counted as passed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str
    reason_id: str
    params: dict[str, ParamValue] = Field(default_factory=dict)


def count_by_severity(findings: list[Finding]) -> dict[Severity, int]:
    """How many findings there are of each severity."""
    counts = dict.fromkeys(Severity, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts


class _HasFindings(Protocol):
    @property
    def findings(self) -> list[Finding]: ...


class FindingCounts:
    """The numbers of error and warning findings of a result with ``findings`` (a check's
    report, a plan): what exit codes and the county's totals count."""

    @property
    def errors(self: _HasFindings) -> int:
        """Number of error findings."""
        return count_by_severity(self.findings)[Severity.ERROR]

    @property
    def warnings(self: _HasFindings) -> int:
        """Number of warning findings."""
        return count_by_severity(self.findings)[Severity.WARNING]


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Order findings by severity, then rule code, then first row (stable otherwise)."""
    return sorted(
        findings,
        key=lambda f: (SEVERITY_ORDER[f.severity], f.rule, f.rows[0] if f.rows else 0),
    )
