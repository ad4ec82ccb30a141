"""Groups of people as predicates over their fields, combined with all / any / not.

A group is what a share, a count or a slate quota counts: "40岁以下", "生产和工作一线",
"30岁以下的党政正职", "副科级以上". Each condition is evaluated column-wise over a whole list and
gives every person True (in), False (out) or None (unknown: a blank or unreadable cell decides
it). ``all`` is Kleene's and, ``any`` Kleene's or, ``not`` swaps True and False.

Ages are full years (周岁) on the cut-off date; "以下"/"以上" include the number (digest §0), so
``age: {max: 40}`` is 40岁以下 and ``age: {min: 50}`` is 50岁以上.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from operator import attrgetter
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, field_validator, model_validator

from electkit.core.errors import ValueProblem
from electkit.core.findings import Text
from electkit.core.models import Gender, Person, within_years
from electkit.core.vocab import EDUCATION_LEVELS
from electkit.core.vocabulary import Vocabulary

State = bool | None


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class AgeRange(_Model):
    """Full years on the cut-off date, both ends included: ``{max: 35}`` is 35岁以下."""

    min: int | None = Field(default=None, ge=0, le=150, description="以上 (included)")
    max: int | None = Field(default=None, ge=0, le=150, description="以下 (included)")

    @model_validator(mode="after")
    def _some(self) -> AgeRange:
        if self.min is None and self.max is None:
            raise ValueProblem("val.range_empty")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueProblem("val.range_order")
        return self


class BornRange(_Model):
    """Birth dates: ``{from: 1980-01-01}`` is 80后 (born on or after), ``before`` excluded."""

    on_or_after: dt.date | None = Field(default=None, alias="from")
    before: dt.date | None = None

    @model_validator(mode="after")
    def _some(self) -> BornRange:
        if self.on_or_after is None and self.before is None:
            raise ValueProblem("val.range_empty")
        return self


class Level(_Model):
    """A level on an ordered scale (education, rank): ``{at_least: 大专}``."""

    at_least: str | None = None
    at_most: str | None = None

    @model_validator(mode="after")
    def _some(self) -> Level:
        if self.at_least is None and self.at_most is None:
            raise ValueProblem("val.range_empty")
        return self


class ColumnTest(_Model):
    """A declared column's value in a set: ``{name: 是否一线, in: [是]}``."""

    name: str = Field(min_length=1, description="a column the rule set declares")
    values: tuple[str, ...] = Field(alias="in", min_length=1)


_KEYS = (
    "category",
    "column",
    "age",
    "born",
    "education",
    "rank",
    "posts",
    "current_posts",
    "gender",
    "minority",
    "all",
    "any",
    "not",
)


class Condition(_Model):
    """One test on a person; a mapping with several keys means all of them."""

    category: Annotated[
        tuple[str, ...] | None,
        WithJsonSchema(  # the schema also offers the 0.1 form the validator below accepts
            {
                "anyOf": [
                    {"type": "array", "items": {"type": "string"}},
                    {"type": "string", "description": "the 0.1 form: one category"},
                    {"type": "null"},
                ]
            }
        ),
    ] = Field(default=None, description="代表类别 includes any of these (a cell may name several)")
    column: ColumnTest | None = None
    age: AgeRange | None = None
    age_min: int | None = Field(
        default=None, ge=0, le=150, description="the 0.1 form of age: {min: N}"
    )
    age_max: int | None = Field(
        default=None, ge=0, le=150, description="the 0.1 form of age: {max: N}"
    )
    born: BornRange | None = None
    education: Level | None = None
    education_min: str | None = Field(
        default=None, description="the 0.1 form of education: {at_least: LEVEL}"
    )
    rank: Level | None = Field(default=None, description="职级, on the rule set's rank scale")
    posts: tuple[str, ...] | None = Field(default=None, description="拟任职务: any of these posts")
    current_posts: tuple[str, ...] | None = Field(
        default=None, description="现任职务: any of these posts"
    )
    gender: Literal["男", "女"] | None = None
    minority: bool | None = Field(default=None, description="少数民族 (民族 other than 汉族)")
    all_of: tuple[Condition, ...] | None = Field(default=None, alias="all")
    any_of: tuple[Condition, ...] | None = Field(default=None, alias="any")
    none_of: Condition | None = Field(default=None, alias="not")

    @field_validator("category", mode="before")
    @classmethod
    def _one_category(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value  # the 0.1 form: category: 领导干部

    @model_validator(mode="after")
    def _not_empty(self) -> Condition:
        if not any(getattr(self, name) is not None for name in _FIELDS):
            raise ValueProblem("val.condition_empty", keys=", ".join(_KEYS))
        if self.age is not None and (self.age_min is not None or self.age_max is not None):
            raise ValueProblem("val.age_twice")
        if self.education is not None and self.education_min is not None:
            raise ValueProblem("val.education_twice")
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValueProblem("val.range_order")
        return self

    def parts(self) -> Iterator[tuple[str, Any]]:
        """The tests this condition holds: (test, value) for every key given, the 0.1 forms
        (``age_max``, ``age_min``, ``education_min``) read as the tests they are."""
        for name in _FIELDS:
            value = getattr(self, name)
            if value is None or name in ("age_min", "education_min"):
                continue
            if name == "age_max":
                yield "age", AgeRange(min=self.age_min, max=value)
            else:
                yield name, value
        if self.age_min is not None and self.age_max is None:
            yield "age", AgeRange(min=self.age_min)
        if self.education_min is not None:
            yield "education", Level(at_least=self.education_min)


_FIELDS = tuple(Condition.model_fields)


class Group(Condition):
    """Who a share or a count counts: a label, and conditions that must all hold."""

    label: Text


# --- evaluation ---------------------------------------------------------------------------


class Scales:
    """The ordered scales and vocabularies a group is evaluated against."""

    def __init__(
        self,
        education: Callable[[str], int | None],
        rank: Callable[[str], int | None],
        columns: Callable[[str], str | None],
    ) -> None:
        self.education = education
        self.rank = rank
        self.column = columns


def scales(vocabulary: Vocabulary) -> Scales:
    """The scales of the national education levels and the rule set's ranks and columns."""

    def column_key(name: str) -> str | None:
        return name if vocabulary.column(name) is not None else None

    return Scales(EDUCATION_LEVELS.get, vocabulary.rank, column_key)


def _and(a: list[State], b: Sequence[State]) -> list[State]:
    if None not in a and None not in b:
        return [x and y for x, y in zip(a, b, strict=True)]
    return [
        False if x is False or y is False else (None if x is None or y is None else True)
        for x, y in zip(a, b, strict=True)
    ]


def _or(a: list[State], b: Sequence[State]) -> list[State]:
    return [
        True if x is True or y is True else (None if x is None or y is None else False)
        for x, y in zip(a, b, strict=True)
    ]


def evaluate(
    cond: Condition, people: Sequence[Person], cutoff: dt.date, scales: Scales
) -> list[State]:
    """True/False/None for every person, column by column."""
    state: list[State] | None = None
    for name, value in cond.parts():
        tested = _test(name, value, people, cutoff, scales)
        state = tested if state is None else _and(state, tested)
    return [True] * len(people) if state is None else state


def _level(value: int | None, level: Level, scale: Callable[[str], int | None]) -> State:
    if value is None:
        return None
    low = scale(level.at_least) if level.at_least is not None else None
    high = scale(level.at_most) if level.at_most is not None else None
    return (low is None or value >= low) and (high is None or value <= high)


def _each(field: str, people: Sequence[Person], test: Callable[[Any], State]) -> list[State]:
    """``test`` of every person's ``field``, read column-wise and decided once per distinct
    value (a column of 100,000 people holds a few hundred birth dates and a handful of
    categories)."""
    values = list(map(attrgetter(field), people))
    # keyed by type too: a month-only date equals the 1st of its month (MonthDate is a date)
    # but may decide otherwise
    keys = list(zip(map(type, values), values, strict=True))
    decided = {key: test(key[1]) for key in set(keys)}
    return list(map(decided.__getitem__, keys))


def _test(
    name: str, value: Any, people: Sequence[Person], cutoff: dt.date, scales: Scales
) -> list[State]:
    if name == "category":
        wanted = frozenset(value)
        return _each(
            "categories",
            people,
            lambda cats: None if cats is None else not wanted.isdisjoint(cats),
        )
    if name == "column":
        test: ColumnTest = value
        allowed = frozenset(test.values)
        key = scales.column(test.name) or test.name
        out: list[State] = []
        for p in people:
            cell = dict(p.extra).get(key)
            out.append(None if cell is None else cell in allowed)
        return out
    if name == "age":
        ages: AgeRange = value
        low = ages.min if ages.min is not None else -1
        high = ages.max if ages.max is not None else 10**6
        return _each(
            "birth_date",
            people,
            lambda birth: None if birth is None else within_years(birth, cutoff, low, high),
        )
    if name == "born":
        born: BornRange = value
        return _each(
            "birth_date",
            people,
            lambda birth: (
                None
                if birth is None
                else (born.on_or_after is None or birth >= born.on_or_after)
                and (born.before is None or birth < born.before)
            ),
        )
    if name == "education":
        return _each("education", people, lambda level: _level(level, value, scales.education))
    if name == "rank":
        return _each("rank", people, lambda level: _level(level, value, scales.rank))
    if name == "posts":
        posts = frozenset(value)
        return [
            None
            if not p.proposed_posts and p.proposed_post is None
            else bool(posts & set(p.proposed_posts or (p.proposed_post,)))
            for p in people
        ]
    if name == "current_posts":
        posts = frozenset(value)
        return [None if p.current_post is None else p.current_post in posts for p in people]
    if name == "gender":
        gender = Gender(value)
        return [None if p.gender is None else p.gender is gender for p in people]
    if name == "minority":
        return [None if p.minority is None else p.minority is value for p in people]
    if name == "all_of":
        state: list[State] = [True] * len(people)
        for sub in value:
            state = _and(state, evaluate(sub, people, cutoff, scales))
        return state
    if name == "any_of":
        state = [False] * len(people)
        for sub in value:
            state = _or(state, evaluate(sub, people, cutoff, scales))
        return state
    if name == "none_of":
        return [None if s is None else not s for s in evaluate(value, people, cutoff, scales)]
    raise AssertionError(name)


def count(
    cond: Condition, people: Sequence[Person], cutoff: dt.date, scales: Scales
) -> tuple[int, int]:
    """(members, unknown): people the condition holds for, and people it may hold for."""
    state = evaluate(cond, people, cutoff, scales)
    return state.count(True), state.count(None)


# --- what a group reads, and the names it uses ----------------------------------------------

_COLUMNS = {
    "category": "category",
    "age": "birth_date",
    "born": "birth_date",
    "education": "education",
    "rank": "rank",
    "posts": "proposed_post",
    "current_posts": "current_post",
    "gender": "gender",
    "minority": "ethnicity",
}


def columns(cond: Condition) -> tuple[str, ...]:
    """The person fields (or declared columns, as ``column:NAME``) a condition reads."""
    out: list[str] = []
    for name, value in cond.parts():
        if name in _COLUMNS:
            out.append(_COLUMNS[name])
        elif name == "column":
            out.append(f"column:{value.name}")
        elif name in ("all_of", "any_of"):
            for sub in value:
                out += columns(sub)
        elif name == "none_of":
            out += columns(value)
    return tuple(dict.fromkeys(out))


def names(cond: Condition) -> Iterator[tuple[str, str]]:
    """The vocabulary names a condition uses: (section, name)."""
    for name, value in cond.parts():
        if name == "category":
            for v in value:
                yield "categories", v
        elif name in ("posts", "current_posts"):
            for v in value:
                yield "posts", v
        elif name == "rank":
            for v in (value.at_least, value.at_most):
                if v is not None:
                    yield "ranks", v
        elif name == "education":
            for v in (value.at_least, value.at_most):
                if v is not None:
                    yield "education", v
        elif name == "column":
            yield "columns", value.name
        elif name in ("all_of", "any_of"):
            for sub in value:
                yield from names(sub)
        elif name == "none_of":
            yield from names(value)


def contains(wide: Condition, narrow: Condition, scales: Scales) -> bool | None:
    """Whether everyone in ``narrow`` is in ``wide`` (True), certainly not (False), or this
    cannot be told from the conditions (None: combinations of any/not). Used by lint: a share
    "at least r of G" is weaker when G grows, "at most r of G" when G shrinks."""
    if wide == narrow:
        return True
    w, n = dict(wide.parts()), dict(narrow.parts())
    if {"all_of", "any_of", "none_of"} & (set(w) | set(n)):
        return None
    for key, value in w.items():
        other = n.get(key)
        if other is None:
            return False  # wide tests something narrow leaves open
        held = _part_contains(key, value, other, scales)
        if held is not True:
            return held
    return True


def _part_contains(key: str, wide: Any, narrow: Any, scales: Scales) -> bool | None:
    if key in ("category", "posts", "current_posts"):
        return set(narrow) <= set(wide)
    if key == "column":
        return wide.name == narrow.name and set(narrow.values) <= set(wide.values)
    if key == "age":
        low_ok = wide.min is None or (narrow.min is not None and narrow.min >= wide.min)
        high_ok = wide.max is None or (narrow.max is not None and narrow.max <= wide.max)
        return low_ok and high_ok
    if key == "born":
        low_ok = wide.on_or_after is None or (
            narrow.on_or_after is not None and narrow.on_or_after >= wide.on_or_after
        )
        high_ok = wide.before is None or (
            narrow.before is not None and narrow.before <= wide.before
        )
        return low_ok and high_ok
    if key in ("education", "rank"):
        scale = scales.education if key == "education" else scales.rank

        def lvl(text: str | None) -> int | None:
            return None if text is None else scale(text)

        wl, wh, nl, nh = (
            lvl(wide.at_least),
            lvl(wide.at_most),
            lvl(narrow.at_least),
            lvl(narrow.at_most),
        )
        low_ok = wl is None or (nl is not None and nl >= wl)
        high_ok = wh is None or (nh is not None and nh <= wh)
        return low_ok and high_ok
    return bool(wide == narrow)


_WORDS: dict[str, tuple[str, str]] = {
    "category": ("代表类别", "category"),
    "column": ("", ""),
    "age": ("年龄", "age"),
    "born": ("出生", "born"),
    "education": ("学历", "education"),
    "rank": ("职级", "rank"),
    "posts": ("拟任职务", "proposed post"),
    "current_posts": ("现任职务", "current post"),
    "gender": ("性别", "gender"),
    "minority": ("少数民族", "minority"),
}


def describe(cond: Condition) -> Text:
    """What a condition tests, for a person to compare two groups: 年龄≤45、代表类别∈领导干部."""
    zh: list[str] = []
    en: list[str] = []
    for name, value in cond.parts():
        words = _WORDS.get(name)
        if words is None:  # all / any / not
            inner = value if isinstance(value, tuple) else (value,)
            texts = [describe(sub) for sub in inner]
            joiner = {
                "all_of": ("且", " and "),
                "any_of": ("或", " or "),
                "none_of": ("非", "not "),
            }
            j_zh, j_en = joiner[name]
            if name == "none_of":
                zh.append(f"非({texts[0].zh})")
                en.append(f"not ({texts[0].en})")
            else:
                zh.append("(" + j_zh.join(t.zh for t in texts) + ")")
                en.append("(" + j_en.join(t.en for t in texts) + ")")
            continue
        shown = _value_text(name, value)
        zh.append(f"{words[0]}{shown}" if words[0] else shown)
        en.append(f"{words[1]} {shown}" if words[1] else shown)
    return Text(zh="、".join(zh), en="; ".join(en))


def named(group: Group) -> Text:
    """A group as a person compares two of them: its label, and what it tests."""
    what = describe(group)
    if not what.zh:
        return group.label
    return Text(zh=f"{group.label.zh}（{what.zh}）", en=f"{group.label.en} ({what.en})")


def _value_text(name: str, value: Any) -> str:
    if name in ("category", "posts", "current_posts"):
        return "∈" + "/".join(value)
    if name == "column":
        return f"{value.name}∈" + "/".join(value.values)
    if name == "age":
        low = f"≥{value.min}" if value.min is not None else ""
        high = f"≤{value.max}" if value.max is not None else ""
        return low + ("," if low and high else "") + high
    if name == "born":
        low = f"≥{value.on_or_after}" if value.on_or_after is not None else ""
        high = f"<{value.before}" if value.before is not None else ""
        return low + ("," if low and high else "") + high
    if name in ("education", "rank"):
        low = f"≥{value.at_least}" if value.at_least is not None else ""
        high = f"≤{value.at_most}" if value.at_most is not None else ""
        return low + ("," if low and high else "") + high
    if name == "gender":
        return f"={value}"
    return "=" + ("是" if value else "否")
