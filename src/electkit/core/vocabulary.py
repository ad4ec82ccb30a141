"""Vocabularies as data: the delegate categories, posts, ranks, dated events and extra columns a
rule set declares.

Every rule set starts from the national defaults (``rules/vocabulary/national.yaml``) and may add
to them in its own ``vocabulary:`` section: an entry with a new name is added, an entry with a
known name adds its aliases (and may set its other fields). The readers accept what the rule set
in force declares; a rule that names anything undeclared is a lint error and stops a check.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from electkit.core.errors import ValueProblem
from electkit.core.findings import Text


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def fold(text: str) -> str:
    """How vocabulary words are compared: NFKC, without spaces of any width."""
    return "".join(unicodedata.normalize("NFKC", text).split())


class Term(_Model):
    """A name with its English label and the spellings staff use for it."""

    name: str = Field(min_length=1)
    en: str | None = Field(default=None, description="English label (default: the name)")
    aliases: tuple[str, ...] = Field(default=(), description="other spellings staff write")
    drop_aliases: tuple[str, ...] = Field(
        default=(),
        description="spellings an inherited entry loses, so that another entry may have them "
        "(常务副乡镇长 as a post of its own, not a 副乡镇长)",
    )

    @property
    def label(self) -> Text:
        """The name in both languages."""
        return Text(zh=self.name, en=self.en or self.name)

    def spellings(self) -> Iterator[str]:
        """The name and its aliases."""
        yield self.name
        yield from self.aliases


class PostTerm(Term):
    """A post (职务). The order of the list is precedence: a cell naming several posts has the
    first as its main post."""

    fills: str | None = Field(
        default=None, description="the slot it fills: 乡镇长 and 专职副书记 fill a 副书记 slot"
    )
    head: bool = Field(default=False, description="a 正职 (党政正职: 书记, 乡镇长)")
    body: Literal["committee", "discipline", "government", "congress", "other"] = Field(
        default="committee", description="the body the post belongs to"
    )
    generic: bool = Field(
        default=False,
        description="the plain member post of its body (委员, 纪委委员), implied by its other posts",
    )


class RankTerm(Term):
    """A rank (职级). A rank a rule set adds says where it sits on the scale."""

    below: str | None = Field(default=None, description="the declared rank it sits just below")
    above: str | None = Field(default=None, description="the declared rank it sits just above")

    @model_validator(mode="after")
    def _place(self) -> RankTerm:
        if self.below is not None and self.above is not None:
            raise ValueProblem("vocab.rank.both", name=self.name)
        return self


class EventValue(Term):
    """A value an event cell may hold (a sanction), with its term where it has one."""

    term: tuple[int, int] | None = Field(
        default=None,
        description="years a sanction runs: [shortest, longest] (留党察看: [1, 2])",
    )
    not_member: bool = Field(default=False, description="the person is no longer a member")

    @model_validator(mode="after")
    def _term(self) -> EventValue:
        if self.term is not None and not 0 < self.term[0] <= self.term[1]:
            raise ValueProblem("val.term")
        return self


class EventKind(Term):
    """A kind of dated event (政务处分, 刑事处罚 …) read from its own columns.

    ``党纪处分`` is read from the 党纪处分 and 处分时间 columns every roster may have; other kinds
    name their headers. Without ``values`` any entry that is not 无/否 is an event, as written.
    """

    headers: tuple[str, ...] = Field(default=(), description="headers of the event's column")
    date_headers: tuple[str, ...] = Field(default=(), description="headers of its date column")
    values: tuple[EventValue, ...] = Field(default=(), description="the values a cell may hold")


class ColumnTerm(Term):
    """A column of the county's own (是否一线 …) that group conditions may test."""

    headers: tuple[str, ...] = Field(min_length=1)
    values: tuple[str, ...] = Field(default=(), description="the values allowed (any if empty)")


class Vocabulary(_Model):
    """The names a rule set's rules and the readers share."""

    categories: tuple[Term, ...] = ()
    posts: tuple[PostTerm, ...] = ()
    ranks: tuple[RankTerm, ...] = Field(default=(), description="lowest first")
    events: tuple[EventKind, ...] = ()
    columns: tuple[ColumnTerm, ...] = ()

    def merged(self, child: Vocabulary) -> Vocabulary:
        """This vocabulary with a child's entries added (same name: aliases joined, fields set).

        A spelling may name one entry of a section only: a child whose name or alias is already
        another entry's spelling is refused (``ValueProblem`` ``vocab.clash``), never resolved by
        order. A rank the child adds must be placed (``below:`` or ``above:`` a declared rank).
        """
        vocabulary = Vocabulary(
            categories=_merge(self.categories, child.categories),
            posts=_merge(self.posts, child.posts),
            ranks=_place_ranks(self.ranks, child.ranks),
            events=_merge(self.events, child.events),
            columns=_merge(self.columns, child.columns),
        )
        vocabulary.check_spellings()
        return vocabulary

    def check_spellings(self) -> None:
        """Refuse a spelling that names two entries of one section (or two values of one event
        kind): ``ValueProblem`` ``vocab.clash`` naming the spelling and both entries."""
        sections: list[tuple[str, tuple[Term, ...]]] = [
            ("categories", self.categories),
            ("posts", self.posts),
            ("ranks", self.ranks),
            ("events", self.events),
            ("columns", self.columns),
        ]
        sections += [(f"event:{e.name}", e.values) for e in self.events]
        for section, entries in sections:
            seen: dict[str, str] = {}
            for entry in entries:
                for spelling in entry.spellings():
                    other = seen.setdefault(fold(spelling), entry.name)
                    if other != entry.name:
                        label = section_label(section)
                        raise ValueProblem(
                            "vocab.clash",
                            section=Text(zh=label["zh"], en=label["en"]),
                            spelling=spelling,
                            first=other,
                            second=entry.name,
                        )

    # --- lookups ------------------------------------------------------------------------

    @cached_property
    def _category_map(self) -> dict[str, str]:
        return {fold(s): t.name for t in self.categories for s in t.spellings()}

    def category(self, word: str) -> str | None:
        """The declared category a written word names."""
        return self._category_map.get(fold(word))

    @cached_property
    def post_aliases(self) -> dict[str, str]:
        """Every spelling of a post (folded) → its name."""
        return {fold(s): t.name for t in self.posts for s in t.spellings()}

    @cached_property
    def post_order(self) -> tuple[str, ...]:
        """The posts, highest first."""
        return tuple(t.name for t in self.posts)

    def post(self, name: str) -> PostTerm | None:
        """A declared post by name."""
        return next((t for t in self.posts if t.name == name), None)

    def slot(self, post: str) -> str:
        """The slot a post fills (乡镇长 → 副书记), or the post itself."""
        term = self.post(post)
        return term.fills if term is not None and term.fills else post

    @cached_property
    def head_posts(self) -> tuple[str, ...]:
        """The 正职 posts."""
        return tuple(t.name for t in self.posts if t.head)

    @cached_property
    def _rank_map(self) -> dict[str, int]:
        return {fold(s): level for level, t in enumerate(self.ranks) for s in t.spellings()}

    def rank(self, word: str) -> int | None:
        """The level of a written rank on the scale (0 = the lowest)."""
        return self._rank_map.get(fold(word))

    def event(self, name: str) -> EventKind | None:
        """A declared event kind by name."""
        return next((e for e in self.events if e.name == name), None)

    def sanction_terms(self) -> dict[str, tuple[int, int]]:
        """The terms of the 党纪处分 values that have one (留党察看: (1, 2))."""
        kind = self.event(DISCIPLINE)
        if kind is None:
            return {}
        return {v.name: v.term for v in kind.values if v.term is not None}

    def column(self, name: str) -> ColumnTerm | None:
        """A declared column by name."""
        return next((c for c in self.columns if c.name == name), None)

    def declared(self, section: str) -> frozenset[str]:
        """The names of one section (``categories``, ``posts``, ``ranks``, ``events``,
        ``columns``, ``sanctions`` = the 党纪处分 values, ``education``)."""
        if section == "sanctions":
            kind = self.event(DISCIPLINE)
            return frozenset(v.name for v in kind.values) if kind else frozenset()
        if section == "education":
            from electkit.core.vocab import EDUCATION_LEVELS

            return frozenset(EDUCATION_LEVELS)
        entries: tuple[Term, ...] = getattr(self, section)
        return frozenset(t.name for t in entries)

    @cached_property
    def _labels(self) -> dict[str, Text]:
        entries: list[Term] = [*self.posts, *self.categories, *self.ranks, *self.events]
        entries += [v for e in self.events for v in e.values]
        labels: dict[str, Text] = {}
        for term in entries:
            labels.setdefault(term.name, term.label)
        return labels

    def label(self, name: str) -> Text:
        """A declared name in both languages (副书记 → deputy secretary), else as written."""
        return self._labels.get(name) or Text(zh=name, en=name)

    def listing(self, names: Iterable[str]) -> Text:
        """Declared names as a list in both languages: 副书记、委员 / deputy secretary, committee
        member."""
        labels = [self.label(name) for name in names]
        return Text(zh="、".join(t.zh for t in labels), en=", ".join(t.en for t in labels))

    def canonical(self, section: str, word: str) -> str | None:
        """The declared name a spelling stands for in one section (一线 → 生产和工作一线)."""
        entries: tuple[Term, ...]
        if section.startswith("event:") or section == "sanctions":
            event = self.event(
                section.removeprefix("event:") if section != "sanctions" else DISCIPLINE
            )
            entries = event.values if event else ()
        elif section in ("categories", "posts", "ranks", "events", "columns"):
            entries = getattr(self, section)
        else:
            return None
        folded = fold(word)
        return next(
            (t.name for t in entries if any(fold(s) == folded for s in t.spellings())), None
        )

    def event_values(self, kind: str) -> frozenset[str]:
        """The values one event kind declares."""
        event = self.event(kind)
        return frozenset(v.name for v in event.values) if event else frozenset()


DISCIPLINE = "党纪处分"  # the event kind read from the 党纪处分 and 处分时间 columns

T = TypeVar("T", bound=Term)


def _merge(base: Iterable[T], child: Iterable[T]) -> tuple[T, ...]:
    merged: dict[str, T] = {t.name: t for t in base}
    for entry in child:
        old = merged.get(entry.name)
        if old is None:
            if entry.drop_aliases:
                raise ValueProblem("vocab.drop.new", name=entry.name)
            merged[entry.name] = entry
            continue
        unknown = [a for a in entry.drop_aliases if fold(a) not in {fold(x) for x in old.aliases}]
        if unknown:
            raise ValueProblem("vocab.drop.unknown", name=entry.name, spelling=unknown[0])
        given = entry.model_dump(exclude_unset=True)
        dropped = {fold(a) for a in entry.drop_aliases}
        kept = (a for a in (*old.aliases, *entry.aliases) if fold(a) not in dropped)
        given["aliases"] = tuple(dict.fromkeys(kept))
        given["drop_aliases"] = ()
        merged[entry.name] = old.model_copy(update=given)
    return tuple(merged.values())


def _place_ranks(base: tuple[RankTerm, ...], child: Iterable[RankTerm]) -> tuple[RankTerm, ...]:
    """The rank scale with a child's ranks merged (a known name) or placed (a new one)."""
    ranks = list(_merge(base, (r for r in child if r.name in {b.name for b in base})))
    for entry in child:
        if entry.name in {b.name for b in base}:
            if entry.below is not None or entry.above is not None:
                raise ValueProblem("vocab.rank.move", name=entry.name)
            continue
        anchor = entry.below or entry.above
        if anchor is None:
            raise ValueProblem("vocab.rank.place", name=entry.name)
        names = [r.name for r in ranks]
        if anchor not in names:
            raise ValueProblem("vocab.rank.anchor", name=entry.name, anchor=anchor)
        at = names.index(anchor) + (0 if entry.below is not None else 1)
        ranks.insert(at, entry)
    return tuple(ranks)


def unknown_names(vocabulary: Vocabulary, refs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The (section, name) pairs a rule uses that the vocabulary does not declare."""
    out: list[tuple[str, str]] = []
    for section, name in refs:
        if section.startswith("event:"):  # a value of one event kind
            if name not in vocabulary.event_values(section.removeprefix("event:")):
                out.append((section, name))
        elif name not in vocabulary.declared(section):
            out.append((section, name))
    return list(dict.fromkeys(out))


def section_label(section: str) -> Mapping[str, str]:
    """How a vocabulary section is named in messages (``event:政务处分`` → 政务处分的取值)."""
    if section.startswith("event:"):
        kind = section.removeprefix("event:")
        return {"zh": f"{kind}的取值", "en": f"value of {kind}"}
    return _SECTIONS.get(section, {"zh": section, "en": section})


_SECTIONS: dict[str, dict[str, str]] = {
    "categories": {"zh": "代表类别", "en": "delegate category"},
    "posts": {"zh": "职务", "en": "post"},
    "ranks": {"zh": "职级", "en": "rank"},
    "events": {"zh": "事项类别", "en": "event kind"},
    "columns": {"zh": "列", "en": "column"},
    "sanctions": {"zh": "党纪处分", "en": "Party sanction"},
    "education": {"zh": "学历", "en": "education level"},
}
