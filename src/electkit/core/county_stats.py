"""The county's statistics (换届情况统计表), counted from the people of each township.

Three tables, each with a row per township and the county's totals: the delegates (number;
by category, women, minority, age and education), the two elections (seats, candidates,
差额, elected) and the make-up of the new committee (age, women, minority, education, 交流,
回避, officers in place). Everything is a count of people; shares and the average age are exact
(``Fraction``) and rounded only when shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from fractions import Fraction
from typing import TypeVar

from electkit.core.models import Gender, Person, full_years
from electkit.core.vocabulary import Vocabulary

# 代表类别 counted in the delegates table (the rule sets' delegate categories)
DELEGATE_CATEGORIES = ("领导干部", "专业技术人员", "先进模范人物")
JUNIOR_MIDDLE, COLLEGE, BACHELOR, GRADUATE = 2, 4, 5, 6  # levels of core.vocab's scale


def categories_of(person: Person) -> tuple[str, ...]:
    """The delegate categories a person is listed under (a cell may name several; none when
    it is blank)."""
    return person.categories or ()


def _age(person: Person, on: dt.date) -> int | None:
    return None if person.birth_date is None else full_years(person.birth_date, on)


@dataclass(frozen=True)
class DelegateStats:
    """A delegate list counted: people, then the people in each group."""

    total: int
    leaders: int
    technical: int
    models: int
    women: int
    minority: int
    age40: int  # 40岁以下: age ≤ 40 on the cut-off date
    age45: int
    junior_middle: int  # 初中以上
    college: int  # 大专以上


def delegate_stats(people: Sequence[Person], on: dt.date) -> DelegateStats:
    """Count a delegate list (ages in full years on ``on``)."""
    ages = [_age(p, on) for p in people]
    cats = [categories_of(p) for p in people]
    return DelegateStats(
        total=len(people),
        leaders=sum(1 for c in cats if DELEGATE_CATEGORIES[0] in c),
        technical=sum(1 for c in cats if DELEGATE_CATEGORIES[1] in c),
        models=sum(1 for c in cats if DELEGATE_CATEGORIES[2] in c),
        women=sum(1 for p in people if p.gender is Gender.FEMALE),
        minority=sum(1 for p in people if p.minority),
        age40=sum(1 for a in ages if a is not None and a <= 40),
        age45=sum(1 for a in ages if a is not None and a <= 45),
        junior_middle=sum(1 for p in people if (p.education or 0) >= JUNIOR_MIDDLE),
        college=sum(1 for p in people if (p.education or 0) >= COLLEGE),
    )


@dataclass(frozen=True)
class ElectionStats:
    """One election of a township: seats, candidates, 差额 and the elected (None: not counted)."""

    seats: int | None
    candidates: int | None
    elected: int | None
    official: bool  # the elected number comes from an official count
    # the county's row: the townships' 差额 added up, as its spreadsheet's SUM does (a township
    # with candidates but no seats has no 差额, so its candidates must not count as one)
    total_of_extras: int | None = None
    is_total: bool = False

    @property
    def extra(self) -> int | None:
        """差额: candidates beyond the seats (the county's row: the townships' 差额 added)."""
        if self.is_total:
            return self.total_of_extras
        if self.seats is None or self.candidates is None:
            return None
        return self.candidates - self.seats


@dataclass(frozen=True)
class MakeupStats:
    """The new committee: its members by age, gender, ethnicity, education and how they came."""

    members: int
    age_sum: int  # of the members whose age is known (the average is age_sum / aged)
    aged: int
    upto35: int  # 35岁及以下
    from36to45: int
    from46: int  # 46岁及以上
    women: int
    minority: int
    graduate: int  # 研究生及以上
    bachelor: int  # 大学本科
    college: int  # 大专
    below_college: int  # 中专、高中及以下
    exchanged: int  # 交流: working outside this township before the election
    avoiding: int  # 回避: in a post the avoidance rule covers, native of another place
    secretary: int  # proposed 书记 among the elected
    deputies: int  # proposed 副书记 (乡镇长, 专职副书记) among the elected

    @property
    def average_age(self) -> Fraction | None:
        """The exact average age of the members whose age is known."""
        return Fraction(self.age_sum, self.aged) if self.aged else None


def makeup_stats(
    people: Sequence[Person],
    on: dt.date,
    vocabulary: Vocabulary,
    *,
    exchanged: Iterable[bool | None],
    avoiding: Iterable[bool | None],
) -> MakeupStats:
    """Count the new committee; ``exchanged`` and ``avoiding`` say per person whether they came
    by exchange and whether they hold an avoidance post away from their native township (None:
    cannot be told, not counted). 副书记 are the proposed posts filling a 副书记 slot in the rule
    set's vocabulary (乡镇长, 专职副书记 …)."""
    ages = [a for a in (_age(p, on) for p in people) if a is not None]
    levels = [p.education for p in people]
    return MakeupStats(
        members=len(people),
        age_sum=sum(ages),
        aged=len(ages),
        upto35=sum(1 for a in ages if a <= 35),
        from36to45=sum(1 for a in ages if 36 <= a <= 45),
        from46=sum(1 for a in ages if a >= 46),
        women=sum(1 for p in people if p.gender is Gender.FEMALE),
        minority=sum(1 for p in people if p.minority),
        graduate=sum(1 for v in levels if v is not None and v >= GRADUATE),
        bachelor=sum(1 for v in levels if v == BACHELOR),
        college=sum(1 for v in levels if v == COLLEGE),
        below_college=sum(1 for v in levels if v is not None and v < COLLEGE),
        exchanged=sum(1 for x in exchanged if x),
        avoiding=sum(1 for x in avoiding if x),
        secretary=sum(1 for p in people if p.proposed_post == "书记"),
        deputies=sum(
            1 for p in people if p.proposed_post and vocabulary.slot(p.proposed_post) == "副书记"
        ),
    )


T = TypeVar("T", DelegateStats, MakeupStats)


def add_up(rows: Iterable[T | None], kind: type[T]) -> T | None:
    """The county's total of a table: every count summed over the townships that have one."""
    present = [r for r in rows if r is not None]
    if not present:
        return None
    return kind(**{f.name: sum(getattr(r, f.name) for r in present) for f in fields(kind)})


def add_elections(rows: Iterable[ElectionStats | None]) -> ElectionStats | None:
    """The county's total of one election: each number summed over the townships that have it
    (as a spreadsheet's SUM passes over blank cells); official only if every count is."""
    present = [r for r in rows if r is not None]
    if not present:
        return None

    def total(values: list[int | None]) -> int | None:
        known = [v for v in values if v is not None]
        return sum(known) if known else None

    return ElectionStats(
        seats=total([r.seats for r in present]),
        candidates=total([r.candidates for r in present]),
        elected=total([r.elected for r in present]),
        official=all(r.official for r in present),
        total_of_extras=total([r.extra for r in present]),
        is_total=True,
    )
