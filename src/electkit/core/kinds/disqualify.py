"""Disqualifications by dated events (kind ``disqualification``): "近五年受过党纪、政务处分的",
"近五年受到刑事处罚的", "涉黑涉恶受到处理的", "民主评议被确定为不合格的" … 不得推荐为代表候选人.

An event is one of the kinds the rule set's vocabulary declares (党纪处分 from the 党纪处分 and
处分时间 columns; 政务处分, 刑事处罚 … from their own columns), optionally only some of its values.
It disqualifies when it is dated within the window before the cut-off date (``within``: N years
or months; the day N years before is inside, "以内" includes it), or when it is a sanction still
running (``running``: its term from the cell or the vocabulary). The message says exactly what was
found: the kind, the value, its date and the window. A blank date, or a month-only date whose
month straddles the window's start, is "cannot be confirmed" — a finding of the rule's severity.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import Field, model_validator

from electkit.core.checks.context import CheckContext, Outcome, Subject
from electkit.core.errors import ValueProblem
from electkit.core.findings import Finding, Severity, Text
from electkit.core.kinds import Kind, KindDoc, NameRef, Weakening, register
from electkit.core.kinds.sanctions import add_months, add_years, in_window
from electkit.core.models import Event, Person
from electkit.core.rulebase import (
    CANDIDATE_LISTS,
    Params,
    RuleBase,
    Scope,
    Stricter,
    stricter,
)
from electkit.core.vocab import field_label
from electkit.core.vocabulary import DISCIPLINE, Vocabulary

Who = Literal["delegate_candidates", "committee_candidates", "all_candidates"]
_WHO: dict[str, frozenset[Scope]] = {
    "delegate_candidates": frozenset({Scope.DELEGATES, Scope.UNIT_CANDIDATES}),
    "committee_candidates": frozenset({Scope.COMMITTEE, Scope.DISCIPLINE}),
    "all_candidates": CANDIDATE_LISTS,  # every list of people: delegates, units, every slate
}
# how much each choice of ``who`` covers, for lint (a narrower scope is weaker)
_WHO_SCOPES = {k: len(v) for k, v in _WHO.items()}


class EventTest(Params):
    """One kind of event, and the values of it that count (all of them if none are named)."""

    kind: str = Field(description="a declared event kind: 党纪处分, 政务处分, 刑事处罚 …")
    values: tuple[str, ...] = Field(
        default=(), description="the values that count (警告, 严重警告 …); none: every value"
    )


class Window(Params):
    """N years or N months before the cut-off date."""

    years: int | None = Field(default=None, gt=0)
    months: int | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _one(self) -> Window:
        if (self.years is None) == (self.months is None):
            raise ValueProblem("val.window")
        return self

    def start(self, cutoff: dt.date) -> dt.date:
        """The first day inside the window."""
        if self.years is not None:
            return add_years(cutoff, -self.years)
        assert self.months is not None
        return add_months(cutoff, -self.months)

    def total_months(self) -> int:
        """The window's length in months (for comparing two windows)."""
        return self.years * 12 if self.years is not None else self.months or 0

    def label(self) -> Text:
        """近5年 / 5 years."""
        if self.years is not None:
            return Text(zh=f"{self.years}年", en=f"{self.years} years")
        return Text(zh=f"{self.months}个月", en=f"{self.months} months")


class DisqualificationParams(Params):
    events: tuple[EventTest, ...] = Field(
        min_length=1,
        description="the events that disqualify",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )
    within: Window | None = Field(
        default=None,
        description="dated within this window before the cut-off date",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )
    running: bool = Field(
        default=False,
        description="or a sanction still running (its term from the cell or the vocabulary)",
        json_schema_extra=stricter(Stricter.TRUE),
    )
    ever: bool = Field(
        default=False,
        description='at any time, however long ago ("涉黑涉恶受到处理的")',
        json_schema_extra=stricter(Stricter.TRUE),
    )
    who: Who = Field(
        default="delegate_candidates",
        description="delegate_candidates (delegate lists and each unit's candidates), "
        "committee_candidates (committee and discipline slates), all_candidates (every list "
        "and slate, the higher congress's too)",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )

    @model_validator(mode="after")
    def _some(self) -> DisqualificationParams:
        if self.within is None and not self.running and not self.ever:
            raise ValueProblem("val.window_or_running")
        return self


class DisqualificationRule(RuleBase):
    """Dated events (处分, 刑事处罚 …) within a window before the election, or still running."""

    kind: Literal["disqualification"]
    params: DisqualificationParams


def _fields(event: str) -> str:
    """The person field (or column key) holding an event kind's cells."""
    return "discipline" if event == DISCIPLINE else f"event:{event}"


def _column(event: str, ctx: CheckContext) -> str:
    first = ctx.ruleset.vocabulary.event(event)
    if event == DISCIPLINE:
        return field_label("discipline")
    return (first.headers[0] if first and first.headers else event) if first else event


def _check(rule: DisqualificationRule, subject: Subject, ctx: CheckContext) -> Outcome:
    p = rule.params
    out = Outcome()
    present = [e for e in p.events if ctx.has(_fields(e.kind))]
    missing = [e for e in p.events if e not in present]
    if missing:
        out.not_checked.append(
            ctx.not_checked(
                rule, "nc.column", column="、".join(_column(e.kind, ctx) for e in missing)
            )
        )
    if not present:
        return out
    wanted = {e.kind: frozenset(e.values) for e in present}
    start = p.within.start(ctx.cutoff) if p.within is not None else None
    for person in subject.people:
        for event in person.events:
            values = wanted.get(event.kind)
            if values is None or (values and event.value not in values):
                continue
            found = _judge(rule, person, event, start, ctx)
            if found is not None:
                out.findings.append(found)
    return out


def _event_label(kind: str, vocabulary: Vocabulary) -> Text:
    event = vocabulary.event(kind)
    return event.label if event is not None else Text(zh=kind, en=kind)


def _value_label(event: Event, vocabulary: Vocabulary) -> Text:
    kind = vocabulary.event(event.kind)
    term = next((v for v in kind.values if v.name == event.value), None) if kind else None
    return term.label if term is not None else Text(zh=event.value, en=event.value)


def _judge(
    rule: DisqualificationRule,
    p: Person,
    event: Event,
    start: dt.date | None,
    ctx: CheckContext,
) -> Finding | None:
    """The finding for one event of one person, if it disqualifies or cannot be judged."""
    params = rule.params
    vocabulary = ctx.ruleset.vocabulary
    event_label, value_label = _event_label(event.kind, vocabulary), _value_label(event, vocabulary)
    window = params.within.label() if params.within is not None else Text(zh="—", en="—")

    def finding(message_id: str, severity: Severity | None = None, **extra: Any) -> Finding:
        return ctx.finding(
            rule,
            message_id,
            severity=severity,
            subjects=(p.name,),
            rows=(p.row,),
            field_name=_fields(event.kind),
            value=event.value,
            event=event_label,
            window=window,
            **extra,
        )

    if params.ever:  # its date does not matter
        return finding("el.disq.ever", what=value_label, date=str(event.date or "—"))
    term = _term(event, vocabulary) if params.running else None
    if event.date is None:
        if start is not None:
            return finding("el.disq.undated", what=value_label)
        if term is not None:
            return finding("el.disq.undated_running", what=value_label)
        return None
    shown = str(event.date)
    if term is not None:
        shortest, longest = term
        if ctx.cutoff < add_years(event.date, shortest):
            return finding("el.disq.running", date=shown, years=longest, what=value_label)
        if ctx.cutoff < add_years(event.date, longest) and start is None:
            return finding(
                "el.disq.maybe", Severity.WARNING, date=shown, years=longest, what=value_label
            )
    if start is not None:
        inside = in_window(event.date, start)
        if inside:
            return finding("el.disq.found", date=shown, what=value_label)
        if inside is None:  # a month-only date straddling the window's start
            return finding("el.disq.edge", date=shown, what=value_label)
    return None


def _term(event: Event, vocabulary: Vocabulary) -> tuple[int, int] | None:
    """How long a sanction runs: the term written in the cell, else the vocabulary's."""
    if event.years is not None:
        return event.years, event.years
    kind = vocabulary.event(event.kind)
    value = next((v for v in kind.values if v.name == event.value), None) if kind else None
    if value is None or value.term is None:
        return None
    return value.term


def _names(rule: DisqualificationRule) -> Iterator[NameRef]:
    for event in rule.params.events:
        yield NameRef("events", event.kind)
        for value in event.values:
            yield NameRef(f"event:{event.kind}", value)


def _weaker(
    rule: DisqualificationRule, base: DisqualificationRule, vocabulary: Vocabulary
) -> Iterator[Weakening]:
    """Fewer events or values, a shorter window, no running test, fewer people covered."""
    mine, theirs = rule.params, base.params
    for event in theirs.events:
        own = next((e for e in mine.events if e.kind == event.kind), None)
        if own is None or (
            own.values and (not event.values or set(event.values) - set(own.values))
        ):
            yield Weakening(
                "lint.weakens.param",
                {"param": Text(zh=f"事项({event.kind})", en=f"the events ({event.kind})")},
                "、".join(own.values)
                if own and own.values
                else ("—" if own is None else event.kind),
                "、".join(event.values) or event.kind,
            )
    if theirs.within is not None and (
        mine.within is None or mine.within.total_months() < theirs.within.total_months()
    ):
        yield Weakening(
            "lint.weakens.param",
            {"param": Text(zh="时限", en="the window")},
            mine.within.label().zh if mine.within else "—",
            theirs.within.label().zh,
        )
    if _WHO_SCOPES[mine.who] < _WHO_SCOPES[theirs.who] or not _WHO[theirs.who] <= _WHO[mine.who]:
        yield Weakening(
            "lint.weakens.param",
            {"param": Text(zh="适用对象", en="who it applies to")},
            mine.who,
            theirs.who,
        )


register(
    Kind(
        name="disqualification",
        rule=DisqualificationRule,
        scopes=lambda rule: _WHO[rule.params.who],
        check=_check,
        columns=lambda rule: tuple(_fields(e.kind) for e in rule.params.events),
        names=_names,
        weaker=_weaker,
        messages=(
            "el.disq.ever",
            "el.disq.found",
            "el.disq.edge",
            "el.disq.running",
            "el.disq.maybe",
            "el.disq.undated",
            "el.disq.undated_running",
        ),
        reasons=("nc.column",),
        doc=KindDoc(
            what="A person with an event of the listed kinds (and values) dated within `within` "
            "(`years` or `months`) before the cut-off date, or (`running: true`) a sanction still "
            "running, or (`ever: true`) at any time, is a finding naming the kind, the value, the date and the window. Event "
            "kinds and their values are the vocabulary's (党纪处分 from the 党纪处分/处分时间 "
            "columns; 政务处分, 刑事处罚, 涉黑涉恶处理, 民主评议 from their own columns; a county adds "
            "its own). `who`: delegate_candidates (default: delegate lists and each unit's "
            "candidates), committee_candidates (committee and discipline slates), "
            "all_candidates (every list and slate, the higher congress's too). A blank date, or a "
            "month-only date straddling the window's start, cannot be confirmed: a finding of the "
            "rule's severity. A blank event cell means none, as staff leave it (write 无 to say so).",
            why='County notices bar recent sanctions and penalties from nomination: "近五年受过'
            '党纪、政纪处分的…不得推荐为代表候选人".',
            example="- code: EL-RECENT\n  kind: disqualification\n  severity: error\n  params:\n"
            "    events: [{kind: 党纪处分}, {kind: 政务处分}]\n    within: {years: 5}\n"
            "    who: delegate_candidates",
        ),
    )
)
