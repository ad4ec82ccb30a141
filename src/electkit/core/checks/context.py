"""What every check needs besides the people: the profile, the rule set, where the data came from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from electkit.core.checks.team import Member
from electkit.core.findings import CompositionRow, Finding, NotChecked, ParamValue, Severity
from electkit.core.models import ElectionProfile, Person
from electkit.core.rulebase import RuleBase, Scope
from electkit.core.ruleset import RuleSet

Rule = RuleBase


@dataclass(frozen=True)
class CheckContext:
    """The inputs shared by the checks of one run.

    ``columns`` maps a field to its header as written in the file (absent: not in the file),
    so findings name the column the way staff see it.
    """

    profile: ElectionProfile
    ruleset: RuleSet
    file: str | None = None
    columns: Mapping[str, str] = field(default_factory=dict)
    today: dt.date = field(default_factory=dt.date.today)
    _cites: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    # values several rules of one run share (the parsed ID numbers …), computed once
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def cutoff(self) -> dt.date:
        """The date ages and years are measured on."""
        return self.profile.cutoff

    def has(self, fieldname: str) -> bool:
        """Whether the input has a column for this field."""
        return fieldname in self.columns

    def finding(
        self,
        rule: Rule,
        message_id: str,
        *,
        severity: Severity | None = None,
        subjects: tuple[str, ...] = (),
        rows: tuple[int, ...] = (),
        field_name: str | None = None,
        value: str | None = None,
        measured: str | None = None,
        required: str | None = None,
        needed: int | None = None,
        basis: str | None = None,
        **params: Any,
    ) -> Finding:
        """A finding for ``rule``, citing its clause; the column is named as written."""
        clean: dict[str, ParamValue] = dict(params)
        return Finding(
            rule=rule.code,
            severity=severity or rule.severity,
            message_id=message_id,
            params=clean,
            subjects=subjects,
            rows=rows,
            file=self.file if rows else None,
            column=self.columns.get(field_name) if field_name else None,
            value=value,
            measured=measured,
            required=required,
            needed=needed,
            source=self.cite(rule),
            basis=basis,
        )

    def cite(self, rule: Rule) -> str:
        """The rule's quoted clause, formatted once per run (a list may have thousands of findings)."""
        text = self._cites.get(rule.code)
        if text is None:
            text = self._cites[rule.code] = self.ruleset.cite(rule)
        return text

    def not_checked(self, rule: Rule, reason_id: str, **params: Any) -> NotChecked:
        """A rule whose inputs are absent."""
        return NotChecked(rule=rule.code, reason_id=reason_id, params=params)

    def skipped(self, rule: Rule, reason_id: str, **params: Any) -> Outcome:
        """An outcome saying only that ``rule`` could not be checked, and why."""
        return Outcome(not_checked=[self.not_checked(rule, reason_id, **params)])

    def unreadable(self, fieldname: str) -> frozenset[int]:
        """Rows whose cell in this field's column the reader could not read (it reported them)."""
        column = self.columns.get(fieldname)
        rows: frozenset[tuple[int, str]] = self.cache.get("unreadable", frozenset())
        return frozenset(row for row, col in rows if col == column)


@dataclass(frozen=True)
class Subject:
    """What one check looks at: a list of people in one scope, and what the list's rules need.

    ``members`` is the team a committee slate joins (the slate plus the government-team members
    of the profile); ``seats`` the contest's seats as used (stated or planned); ``unit`` the
    election unit of a delegate-candidate list; ``roster`` the list candidates must be on.
    """

    scope: Scope
    people: Sequence[Person] = ()
    members: Sequence[Member] = ()
    seats: int | None = None
    stated_seats: int | None = None
    unit: str | None = None
    roster: Sequence[Person] | None = None
    roster_ctx: CheckContext | None = None


@dataclass
class Outcome:
    """What evaluating rules gave: findings, measured shares, and rules not checked."""

    findings: list[Finding] = field(default_factory=list)
    composition: list[CompositionRow] = field(default_factory=list)
    not_checked: list[NotChecked] = field(default_factory=list)

    def extend(self, other: Outcome) -> Outcome:
        """Add another outcome's items to this one."""
        self.findings += other.findings
        self.composition += other.composition
        self.not_checked += other.not_checked
        return self
