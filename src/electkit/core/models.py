"""Domain models: people on a roster or slate, and the election profile."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from electkit.core.errors import ValueProblem


def _no_bool(value: Any) -> Any:
    if isinstance(value, bool):  # YAML's true/false would otherwise count as 1/0
        raise ValueProblem("val.number_not_bool")
    return value


Count = Annotated[int, BeforeValidator(_no_bool)]
"""A whole number that refuses booleans (``seats: true`` is a mistake, not one seat)."""


class Gender(StrEnum):
    """性别."""

    MALE = "男"
    FEMALE = "女"


class PartyStatus(StrEnum):
    """政治面貌, as it bears on voting rights."""

    FULL = "full"  # 中共党员 / 正式党员
    PROBATIONARY = "probationary"  # 中共预备党员
    NON_MEMBER = "non_member"  # 群众, 共青团员, 民主党派, 开除党籍


class MonthDate(dt.date):
    """A date known to the month only (``1985.03``, ``1985年3月``): stored as the 1st, day unknown.

    It is a ``date`` everywhere (ages, terms, sorting); only checks that compare days, such as
    the birth date against an ID number (EL-IDMATCH), ask whether the day was given. Shown as
    text (``str``, an f-string) it is ``1985-03``, as staff wrote it, never with an invented day;
    ``isoformat()`` stays the full ``date`` form.
    """

    __slots__ = ()

    def month_text(self) -> str:
        """``1985-03``."""
        return f"{self.year:04d}-{self.month:02d}"

    def __str__(self) -> str:
        return self.month_text()


@dataclass(frozen=True, slots=True)
class Event:
    """A dated event the rule set declares (党纪处分 严重警告, 刑事处罚, 民主评议不合格 …).

    ``value`` is the canonical value (the sanction) or, for a kind without declared values, the
    cell as written; ``date`` is None when its date cell is blank or unreadable.
    """

    kind: str
    value: str
    date: dt.date | None = None
    years: int | None = None  # a term written in the cell (留党察看一年)


@dataclass(slots=True)
class Person:
    """One person on a roster or slate, with values already read and normalised.

    ``row`` is the spreadsheet row; ``name`` is kept as written for display and ``name_key``
    (NFKC, inner spaces removed) is what comparisons use. ``None`` means the cell was empty
    or unreadable (an unreadable cell is also a finding).

    A slotted dataclass, not a pydantic model: the readers have already validated every value,
    and a roster of 100,000 people must load in well under a second. It is not ``frozen`` for
    the same reason (a frozen dataclass costs three times as much to build); nothing in electkit
    assigns to a Person after it is read: use ``dataclasses.replace`` for a changed copy.
    """

    row: int
    name: str
    name_key: str
    gender: Gender | None = None
    ethnicity: str | None = None
    minority: bool | None = None
    birth_date: dt.date | None = None
    education: int | None = None
    education_label: str | None = None
    party_status: PartyStatus | None = None
    party_status_label: str | None = None
    joined_party: dt.date | None = None
    categories: tuple[str, ...] | None = None  # 代表类别: one or more (领导干部、生产和工作一线)
    position: str | None = None
    unit: str | None = None
    id_number: str | None = None
    discipline: str | None = None
    discipline_date: dt.date | None = None
    discipline_years: int | None = None  # 留党察看一年/二年, when the cell says so
    suspended: bool | None = None
    under_investigation: bool | None = None
    family_planning_violation: bool | None = None
    note: str | None = None
    # candidate columns (slates)
    work_start: dt.date | None = None
    current_post: str | None = None
    current_post_since: dt.date | None = None
    proposed_post: str | None = None  # the main post when 拟任职务 names several
    proposed_posts: tuple[str, ...] = ()  # every post it names, highest first
    native_place: str | None = None
    relatives: tuple[str, ...] = ()
    terms_in_post: int | None = None
    newly_promoted: bool | None = None
    rank: int | None = None  # 职级: its level on the rule set's scale
    rank_label: str | None = None
    events: tuple[Event, ...] = ()  # dated events of the kinds the rule set declares
    extra: tuple[tuple[str, str], ...] = ()  # the rule set's own columns: (column, text)


class PartyMembers(BaseModel):
    """党员 totals of the township, for the "not lower than their share" rules."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    total: Count = Field(gt=0)
    women: Count | None = Field(default=None, ge=0)
    minority: Count | None = Field(default=None, ge=0)
    groups: dict[str, Count] = Field(
        default_factory=dict,
        description="members of other groups a share rule compares with (35岁以下: 210 …)",
    )

    @model_validator(mode="after")
    def _parts_within_total(self) -> PartyMembers:
        if self.women is not None and self.women > self.total:
            raise ValueProblem("val.women_over_total", count=self.women, total=self.total)
        if self.minority is not None and self.minority > self.total:
            raise ValueProblem("val.minority_over_total", count=self.minority, total=self.total)
        for name, value in self.groups.items():
            if value < 0 or value > self.total:
                raise ValueProblem(
                    "val.group_over_total", group=name, count=value, total=self.total
                )
        return self

    def count(self, group: str) -> int | None:
        """The members of a group: ``women``, ``minority`` or a key of ``groups``."""
        if group == "women":
            return self.women
        if group == "minority":
            return self.minority
        return self.groups.get(group)


class Unit(BaseModel):
    """选举单位: an election unit with its members and (once allocated) its seats."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    members: Count = Field(gt=0)
    organizations: Count | None = Field(default=None, ge=0)
    seats: Count | None = Field(default=None, ge=0)
    leader_seats: Count = Field(default=0, ge=0)


class TeamMember(BaseModel):
    """A government-team member (政府班子) who counts in the "team" rules but is not on the slate."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    gender: Gender | None = None
    birth_date: dt.date | None = None
    ethnicity: str | None = None
    post: str | None = None
    workplace: str | None = None
    native_place: str | None = None
    relatives: tuple[str, ...] = ()

    @field_validator("birth_date", mode="before")
    @classmethod
    def _month_date(cls, value: object) -> object:
        """``"1978.03"``, ``1978-03``, ``1978年3月`` as on the rosters; a bare 1978.03 is a YAML
        number that has lost the 0 of 1978.10, so it must be quoted."""
        if isinstance(value, float):
            raise ValueProblem("val.date_number", value=str(value))
        if isinstance(value, int) and not isinstance(value, bool):  # birth_date: 1978
            raise ValueProblem("val.date_year", value=str(value))
        if isinstance(value, str):
            try:
                return date_in_words(value) or value  # not a form staff type: pydantic reads it
            except ValueError:  # 1978.13, 1978.02.30, 0000.01
                raise ValueProblem("val.date_invalid", value=value.strip()) from None
        return value


_YM = re.compile(r"^(\d{4})(?:[.\-/年])(\d{1,2})(?:月)?$")
_YMD = re.compile(r"^(\d{4})[.\-/年](\d{1,2})[.\-/月](\d{1,2})日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})?$")
_SPACES = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")


def date_in_words(text: str) -> dt.date | None:
    """A date as staff type it — ``1985.03``, ``1985.3``, ``1985-03``, ``1985年3月``,
    ``1985-03-12``, ``1985/3/12``, ``19850312``, full-width or spaced — or None when the text is
    none of these forms. A year and month give a ``MonthDate``. ValueError: the form of a date
    that does not exist (month 13, 30 February, a year outside 1900–2100)."""
    word = _SPACES.sub("", unicodedata.normalize("NFKC", text))
    match = _YMD.match(word)
    if match:
        year, month, day = (int(g) for g in match.groups())
    elif match := _YM.match(word):
        year, month, day = int(match[1]), int(match[2]), None
    elif match := _COMPACT.match(word):
        year, month = int(match[1]), int(match[2])
        day = int(match[3]) if match[3] else None
    else:
        return None
    if not 1900 <= year <= 2100:
        raise ValueError(f"year {year} out of range")
    return MonthDate(year, month, 1) if day is None else dt.date(year, month, day)


class ElectionProfile(BaseModel):
    """election.yaml: the township, the date and the numbers the rules read."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    township: str = Field(min_length=1)
    election_date: dt.date
    age_cutoff: dt.date | None = None
    rules: str | None = None
    villages: Count | None = Field(default=None, ge=0)
    population: Count | None = Field(default=None, ge=0)
    township_class: str | None = Field(
        default=None,
        min_length=1,
        description="乡镇类别 as the county classes its townships (一类, 二类…): "
        "committee_seats' `by_class`",
    )
    party_members: PartyMembers | None = None
    delegate_seats: Count | None = Field(default=None, gt=0)
    higher_delegate_seats: Count | None = Field(
        default=None, gt=0, description="delegates to the higher (county) congress to elect"
    )
    dispersed: bool = False
    units: tuple[Unit, ...] = ()
    leadership_posts: Count | None = Field(default=None, ge=0)
    very_large: bool = False
    offices_approved: bool = False
    minority_area: bool = False
    government_team: tuple[TeamMember, ...] = ()

    @field_validator("township_class", mode="before")
    @classmethod
    def _class_as_text(cls, value: object) -> object:
        """township_class: 1 (YAML's number) is the class 1, as typed."""
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("units")
    @classmethod
    def _unique_units(cls, units: tuple[Unit, ...]) -> tuple[Unit, ...]:
        seen: set[str] = set()
        for unit in units:
            if unit.name in seen:
                raise ValueProblem("val.duplicate_unit", name=unit.name)
            seen.add(unit.name)
        return units

    @property
    def cutoff(self) -> dt.date:
        """The date ages and years are measured on: ``age_cutoff`` or the election date."""
        return self.age_cutoff or self.election_date


def years_range(start: dt.date, on: dt.date) -> tuple[int, int]:
    """(fewest, most) full years from ``start`` to ``on``: a month-only date (``1980.06``) may be
    any day of its month, so in that month on the anniversary the count is one of two."""
    if isinstance(start, MonthDate):
        last = calendar.monthrange(start.year, start.month)[1]
        latest = dt.date(start.year, start.month, last)
        return full_years(latest, on), full_years(dt.date(start.year, start.month, 1), on)
    years = full_years(start, on)
    return years, years


def within_years(start: dt.date, on: dt.date, low: int, high: int) -> bool | None:
    """Whether the full years from ``start`` lie in ``low``–``high`` (both included); None when a
    month-only date leaves it open."""
    fewest, most = years_range(start, on)
    inside = (low <= fewest <= high, low <= most <= high)
    return inside[0] if inside[0] == inside[1] else None


def full_years(start: dt.date, on: dt.date) -> int:
    """Full years completed from ``start`` to ``on`` (age, 工龄, years in post).

    None are completed when ``start`` is after ``on``: a post taken up between an ``age_cutoff``
    and the election has lasted 0 years on the cut-off, never -1.
    """
    if start > on:
        return 0
    years = on.year - start.year
    if (on.month, on.day) < (start.month, start.day):
        years -= 1
    return years
