"""A county's round of township elections: county.yaml, and the county as data for county rules.

``CountyProfile`` is county.yaml: the county, its rule set, the election round and a row per
township with the numbers ``plan`` and the share baselines need. ``township_profile`` derives a
township's election.yaml from its row. ``County`` is what the county-level rules read once every
township has been checked: per township its profile and each list of people, ``None`` wherever
the township has not (yet) provided it — a county rule is then undecided, never passed.
``evaluate_county`` runs the rule set's county-level rules (the kinds of ``Scope.COUNTY`` in the
registry) on it.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from electkit.core.errors import ValueProblem, ValueProblems
from electkit.core.findings import Finding, NotChecked, ParamValue
from electkit.core.models import Count, ElectionProfile, PartyMembers, Person
from electkit.core.rulebase import RuleBase
from electkit.core.ruleset import RuleSet

if TYPE_CHECKING:
    from electkit.core.checks.context import Outcome

_FOLDER_FORBIDDEN = frozenset('/\\:*?"<>|\x00')


def folder_key(name: str) -> str:
    """How two folder or township names are compared: NFKC, no surrounding spaces, case-folded
    (Windows and macOS do not tell 青山乡 from 青山乡 in another normal form, nor A from a)."""
    return unicodedata.normalize("NFKC", name).strip().casefold()


class TownshipRow(BaseModel):
    """One township of the county: its name, its folder and the numbers its profile needs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, description="the township (乡镇), as in its election.yaml")
    folder: str | None = Field(
        default=None, description="its folder in the county workspace (default: the name)"
    )
    election_date: dt.date | None = Field(
        default=None, description="the township congress's date (default: the county's)"
    )
    villages: Count | None = Field(default=None, ge=0)
    population: Count | None = Field(default=None, ge=0)
    township_class: str | None = Field(
        default=None, min_length=1, description="乡镇类别 (一类, 二类…), for `by_class` seats"
    )
    party_members: PartyMembers | None = None
    delegate_seats: Count | None = Field(default=None, gt=0)
    leadership_posts: Count | None = Field(default=None, ge=0)
    minority_area: bool = False
    dispersed: bool = False
    very_large: bool = False
    offices_approved: bool = False

    @field_validator("township_class", mode="before")
    @classmethod
    def _class_as_text(cls, value: object) -> object:
        """township_class: 1 (YAML's number) is the class 1, as typed."""
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("name")
    @classmethod
    def _plain_name(cls, name: str) -> str:
        return _folder_name(name)

    @field_validator("folder")
    @classmethod
    def _plain_folder(cls, folder: str | None) -> str | None:
        return None if folder is None else _folder_name(folder)

    @property
    def directory(self) -> str:
        """The township's folder name inside the county workspace."""
        return self.folder or self.name


def _folder_name(text: str) -> str:
    """A name that is one plain folder name: no separators, no ``..``, not hidden."""
    word = text.strip()
    if (
        not word
        or word in (".", "..")
        or word.startswith(".")
        or any(c in _FOLDER_FORBIDDEN or ord(c) < 0x20 for c in word)
    ):
        raise ValueProblem("county.val.folder", name=text)
    return word


class CountyProfile(BaseModel):
    """county.yaml: the county, the rule set, the round and one row per township."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    county: str = Field(min_length=1, description="the county (县、市、区)")
    rules: str = Field(min_length=1, description="the rule set: a packaged name or a .yaml path")
    round: str = Field(min_length=1, description="the election round, e.g. 2006年乡镇党委换届")
    election_date: dt.date | None = Field(
        default=None, description="the townships' election date unless a row gives its own"
    )
    townships: tuple[TownshipRow, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _distinct(self) -> CountyProfile:
        """Every row named twice, sharing a folder or without a date: all of them, each at its
        own row."""
        names: set[str] = set()
        folders: set[str] = set()
        found: list[tuple[tuple[int | str, ...], ValueProblem]] = []
        for index, row in enumerate(self.townships):
            where: tuple[int | str, ...] = ("townships", index)
            if folder_key(row.name) in names:
                found.append((where, ValueProblem("county.val.duplicate", name=row.name)))
            elif folder_key(row.directory) in folders:
                found.append(
                    (where, ValueProblem("county.val.duplicate_folder", name=row.directory))
                )
            names.add(folder_key(row.name))
            folders.add(folder_key(row.directory))
            if row.election_date is None and self.election_date is None:
                found.append((where, ValueProblem("county.val.no_date", name=row.name)))
        if found:
            raise ValueProblems(found)
        return self

    def row(self, township: str) -> TownshipRow | None:
        """The row of a township by name (compared as folder names are)."""
        wanted = folder_key(township)
        return next((r for r in self.townships if folder_key(r.name) == wanted), None)


def township_profile(county: CountyProfile, row: TownshipRow, rules: str) -> dict[str, Any]:
    """The election.yaml data of a township, derived from its row (``rules`` as the township's
    folder must name the rule set: a packaged name, or a path relative to that folder)."""
    data: dict[str, Any] = {
        "township": row.name,
        "election_date": row.election_date or county.election_date,
        "rules": rules,
    }
    for name in ("villages", "population", "township_class"):
        if getattr(row, name) is not None:
            data[name] = getattr(row, name)
    if row.party_members is not None:
        data["party_members"] = row.party_members.model_dump(
            exclude_none=True, exclude_defaults=True
        )
    for name in ("delegate_seats", "leadership_posts"):
        if getattr(row, name) is not None:
            data[name] = getattr(row, name)
    for flag in ("minority_area", "dispersed", "very_large", "offices_approved"):
        if getattr(row, flag):
            data[flag] = True
    ElectionProfile.model_validate(data)  # a row always derives a valid profile
    return data


# the profile fields a county row sets, compared with the township's own election.yaml
ROW_FIELDS = (
    "township",
    "election_date",
    "villages",
    "population",
    "township_class",
    "party_members",
    "delegate_seats",
    "leadership_posts",
    "minority_area",
    "dispersed",
    "very_large",
    "offices_approved",
)


def profile_differences(
    county: CountyProfile, row: TownshipRow, profile: ElectionProfile
) -> list[tuple[str, str, str]]:
    """(field, county.yaml's value, election.yaml's value) wherever the township's own profile
    says something else than its county row."""
    derived = ElectionProfile.model_validate(township_profile(county, row, profile.rules or ""))
    out = []
    for name in ROW_FIELDS:
        mine, theirs = getattr(derived, name), getattr(profile, name)
        if mine != theirs:
            out.append((name, _shown(mine), _shown(theirs)))
    return out


def _shown(value: object) -> str:
    if isinstance(value, PartyMembers):
        return "/".join(
            "—" if v is None else str(v) for v in (value.total, value.women, value.minority)
        )
    return "—" if value is None else str(value)


def elected_people(names: tuple[str, ...], slate: tuple[Person, ...] | None) -> tuple[Person, ...]:
    """The elected as people: each matched by name to the slate of the contest; a written-in
    name, or one elected where no slate is known, is a Person of whom only the name is known."""
    from electkit.core.contest import name_key

    by_key = {p.name_key: p for p in slate or ()}
    return tuple(
        by_key.get(name_key(name)) or Person(row=0, name=name, name_key=name_key(name))
        for name in names
    )


@dataclass(frozen=True)
class TownshipData:
    """One township as the county rules see it. ``None``: not provided (yet), or unreadable.

    ``elected`` maps each officially counted contest (``committee``, ``discipline``, or the
    contest's own id) to its elected people; a contest that is not officially counted maps to
    None, and so does one that is absent.
    """

    name: str
    profile: ElectionProfile | None
    committee: tuple[Person, ...] | None
    discipline: tuple[Person, ...] | None
    team: tuple[Person, ...] | None
    elected: Mapping[str, tuple[Person, ...] | None] = field(default_factory=dict)

    def elected_in(self, contest: str) -> tuple[Person, ...] | None:
        """The elected of one contest, None when it is not officially counted."""
        return self.elected.get(contest)


@dataclass(frozen=True)
class County:
    """The county's townships, as data: what the county-level rules are evaluated on."""

    name: str
    round: str
    townships: tuple[TownshipData, ...]


@dataclass(frozen=True)
class CountyContext:
    """What the county-level rules need besides the county: the county's rule set."""

    ruleset: RuleSet
    _cites: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def cite(self, rule: RuleBase) -> str:
        """The rule's quoted clause."""
        text = self._cites.get(rule.code)
        if text is None:
            text = self._cites[rule.code] = self.ruleset.cite(rule)
        return text

    def finding(
        self,
        rule: RuleBase,
        message_id: str,
        *,
        subjects: tuple[str, ...] = (),
        measured: str | None = None,
        required: str | None = None,
        needed: int | None = None,
        params: Mapping[str, ParamValue] | None = None,
    ) -> Finding:
        """A finding of a county rule (its subjects are townships), citing its clause."""
        return Finding(
            rule=rule.code,
            severity=rule.severity,
            message_id=message_id,
            params=dict(params or {}),
            subjects=subjects,
            measured=measured,
            required=required,
            needed=needed,
            source=self.cite(rule),
        )

    def not_checked(self, rule: RuleBase, reason_id: str, **params: ParamValue) -> NotChecked:
        """A county rule that cannot be evaluated, and why."""
        return NotChecked(rule=rule.code, reason_id=reason_id, params=params)


def evaluate_county(county: County, ctx: CountyContext) -> Outcome:
    """Every county-level rule of the rule set on the county, in the set's order."""
    from electkit.core.checks.context import Outcome
    from electkit.core.kinds import kind_of
    from electkit.core.rulebase import Scope

    out = Outcome()
    for rule in ctx.ruleset.rules.values():
        kind = kind_of(rule)
        if Scope.COUNTY in kind.scopes(rule) and kind.county is not None:
            out.extend(kind.county(rule, county, ctx))
    return out
