"""Shares and counts of a group of people on a list (``share``), and the 0.1 form of "women and
minority delegates not below their share of the members" (``member_share``).

Every bound becomes an exact integer range ``low ≤ count ≤ high`` over the list's n people:
at least r → ``ceil(r·n)``; more than r → ``floor(r·n)+1``; at most r → ``floor(r·n)``; less
than r → ``ceil(r·n)−1``; r ± t ("左右") → ``ceil((r−t)·n)`` … ``floor((r+t)·n)``; at least the
group's share among the township's Party members (W of M) → ``ceil(W·n/M)``; and absolute
counts. People whose blank or unreadable cells decide membership are "unknown": the rule holds
only when it holds however they turn out (``decide``), fails when it fails however they turn
out, and is otherwise undecided — a finding of the rule's own severity, never a pass.
``needed`` is the fewest people to replace (the total unchanged) for the rule to hold.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from fractions import Fraction
from itertools import repeat
from operator import attrgetter, is_
from typing import Literal, NamedTuple

from pydantic import Field, model_validator

from electkit.core import groups
from electkit.core.checks.context import CheckContext, Outcome, Subject
from electkit.core.checks.team import team_persons
from electkit.core.errors import ValueProblem
from electkit.core.findings import CompositionRow, Finding, ParamValue, Text
from electkit.core.kinds import Kind, KindDoc, NameRef, Weakening, register
from electkit.core.models import Gender, Person
from electkit.core.ratio import Share, format_ratio, format_required
from electkit.core.rulebase import Params, RuleBase, Scope, Stricter, stricter
from electkit.core.vocab import field_label
from electkit.core.vocabulary import Vocabulary

Of = Literal["delegates", "committee", "team", "discipline", "higher"]
_OF_SCOPE: dict[str, Scope] = {
    "delegates": Scope.DELEGATES,
    "committee": Scope.COMMITTEE,
    "team": Scope.COMMITTEE,
    "discipline": Scope.DISCIPLINE,
    "higher": Scope.HIGHER,
}


class Bounds(Params):
    """A group and the bounds on its share or count (``share``, and the county's ``county_share``)."""

    group: groups.Group = Field(
        description="who is counted", json_schema_extra=stricter(Stricter.CUSTOM)
    )
    at_least: Share | None = Field(
        default=None,
        description="不少于/以上: share ≥ r",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )
    more_than: Share | None = Field(
        default=None,
        description="超过/高于: share > r",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )
    at_most: Share | None = Field(
        default=None,
        description="不超过/以下: share ≤ r",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )
    less_than: Share | None = Field(
        default=None,
        description="低于/不满: share < r",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )
    around: Share | None = Field(
        default=None, description="左右: r ± tolerance", json_schema_extra=stricter(Stricter.CUSTOM)
    )
    tolerance: Share = Field(
        default=Fraction(1, 20),
        description="the ± of around (a project reading: 5 points)",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )
    count_at_least: int | None = Field(
        default=None,
        ge=0,
        description="at least N people",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )
    count_at_most: int | None = Field(
        default=None,
        ge=0,
        description="at most N people",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )

    def bounded(self) -> bool:
        """Whether any bound is given."""
        return any(
            b is not None
            for b in (
                self.at_least,
                self.more_than,
                self.at_most,
                self.less_than,
                self.around,
                self.count_at_least,
                self.count_at_most,
            )
        )

    @model_validator(mode="after")
    def _around_alone(self) -> Bounds:
        if self.around is not None and any(
            b is not None for b in (self.at_least, self.more_than, self.at_most, self.less_than)
        ):
            raise ValueProblem("val.around_alone")
        lows = [
            (b, strict)
            for b, strict in ((self.at_least, False), (self.more_than, True))
            if b is not None
        ]
        highs = [
            (b, strict)
            for b, strict in ((self.at_most, False), (self.less_than, True))
            if b is not None
        ]
        for low, low_strict in lows:  # no list of any size can meet both
            for high, high_strict in highs:
                if low > high or (low == high and (low_strict or high_strict)):
                    raise ValueProblem(
                        "val.bounds_impossible", low=format_ratio(low), high=format_ratio(high)
                    )
        if (
            self.count_at_least is not None
            and self.count_at_most is not None
            and self.count_at_least > self.count_at_most
        ):
            raise ValueProblem(
                "val.bounds_impossible",
                low=str(self.count_at_least),
                high=str(self.count_at_most),
            )
        return self


class ShareParams(Bounds):
    of: Of = Field(
        default="delegates",
        description="the list: delegates (a delegate list), committee / discipline / higher (a "
        "slate), team (the committee slate with the government team of the profile)",
        json_schema_extra=stricter(Stricter.EXACT),
    )
    at_least_members: str | None = Field(
        default=None,
        description="not below the group's share among the township's Party members: women, "
        "minority, or a key of the profile's party_members.groups",
        json_schema_extra=stricter(Stricter.EXACT),
    )

    @model_validator(mode="after")
    def _some_target(self) -> ShareParams:
        if not self.bounded() and self.at_least_members is None:
            raise ValueProblem("val.one_target")
        return self


class ShareRule(RuleBase):
    """A share or count of a group on a list: at least, more than, at most, less than, around."""

    kind: Literal["share"]
    params: ShareParams


def bounds(p: Bounds, n: int, member_share: Fraction | None = None) -> tuple[int, int]:
    """The integer range ``low ≤ count ≤ high`` the bounds allow on a list of n people."""
    low, high = 0, n
    if p.at_least is not None:
        low = max(low, math.ceil(p.at_least * n))
    if p.more_than is not None:
        low = max(low, math.floor(p.more_than * n) + 1)
    if p.at_most is not None:
        high = min(high, math.floor(p.at_most * n))
    if p.less_than is not None:
        high = min(high, math.ceil(p.less_than * n) - 1)
    if p.around is not None:
        low = max(low, math.ceil(max(p.around - p.tolerance, Fraction(0)) * n))
        high = min(high, math.floor((p.around + p.tolerance) * n))
    if p.count_at_least is not None:
        low = max(low, p.count_at_least)
    if p.count_at_most is not None:
        high = min(high, p.count_at_most)
    if member_share is not None:
        low = max(low, math.ceil(member_share * n))
    return low, high


class Range(NamedTuple):
    """The required share as shown: its ends (None where open), each inclusive or strict."""

    low: Fraction | None
    high: Fraction | None
    low_strict: bool = False
    high_strict: bool = False

    def text(self, human: bool = True) -> str:
        """≥ 40%, > 30%, 65%–75%, ≤ 60% …"""
        return format_required(
            self.low,
            self.high,
            human=human,
            low_strict=self.low_strict,
            high_strict=self.high_strict,
        )


def share_range(p: Bounds, member_share: Fraction | None) -> Range:
    """The required share: the tightest lower and upper bound, and whether each is strict
    (超过 r is stricter than 不少于 r, so a tie goes to the strict bound)."""
    lows = [r for r in (p.at_least, member_share) if r is not None]
    highs = [r for r in (p.at_most,) if r is not None]
    if p.around is not None:
        lows.append(max(p.around - p.tolerance, Fraction(0)))
        highs.append(p.around + p.tolerance)
    low = max(lows) if lows else None
    high = min(highs) if highs else None
    low_strict = p.more_than is not None and (low is None or p.more_than >= low)
    high_strict = p.less_than is not None and (high is None or p.less_than <= high)
    return Range(
        p.more_than if low_strict else low,
        p.less_than if high_strict else high,
        low_strict,
        high_strict,
    )


def decide(count: int, unknown: int, low: int, high: int) -> bool | None:
    """Whether ``low ≤ members ≤ high`` holds however the unknown people turn out (None: it
    depends on them)."""
    if low <= count and count + unknown <= high:
        return True
    if count + unknown < low or count > high:
        return False
    return None


def _measured(count: int, total: int) -> str:
    share = Fraction(count, total) if total else Fraction(0)
    return f"{count}/{total} ({format_ratio(share)})"


def _people(rule: ShareRule, subject: Subject) -> Sequence[Person] | None:
    """The people the share counts (None when they are not in the subject: a team member of the
    profile has no row, so a team share counts slate and government members alike)."""
    if rule.params.of == "team":
        return None
    return subject.people


def _share(rule: ShareRule, subject: Subject, ctx: CheckContext) -> Outcome:
    p = rule.params
    fields = groups.columns(p.group)
    missing = [f for f in fields if not ctx.has(f)]
    if missing:
        return ctx.skipped(
            rule, "nc.column", column="、".join(column_label(m, ctx) for m in missing)
        )
    member_share = None
    if p.at_least_members is not None:
        members = ctx.profile.party_members
        part = members.count(p.at_least_members) if members else None
        if members is None or part is None:
            return ctx.skipped(rule, "nc.profile", key=f"party_members.{p.at_least_members}")
        member_share = Fraction(part, members.total)
    people = _people(rule, subject)
    if people is None:
        people = team_persons(subject.people, ctx.profile, ctx.ruleset.vocabulary)
    n = len(people)
    states = groups.evaluate(p.group, people, ctx.cutoff, groups.scales(ctx.ruleset.vocabulary))
    count, unknown = states.count(True), states.count(None)
    out = Outcome()
    low, high = bounds(p, n, member_share)
    shown = share_range(p, member_share)
    counts_only = shown.low is None and shown.high is None
    required = count_required(p) if counts_only else shown.text()
    ok = decide(count, unknown, low, high)
    out.composition.append(
        bounds_row(rule, p, p.group.label, (count, unknown, n), (low, high), member_share, ok)
    )
    if ok is False:
        wording = _COUNT if counts_only else (_DELEGATES if p.of == "delegates" else _SLATE)
        found = _failed(rule, p.group.label, count, unknown, n, low, high, required, ctx, wording)
        if p.of != "delegates" and count > high:  # on a slate, name those to replace
            named = [person for person, s in zip(people, states, strict=True) if s is True]
            found = found.model_copy(
                update={
                    "subjects": tuple(m.name for m in named),
                    "rows": tuple(m.row for m in named if m.row),
                    "file": ctx.file,
                }
            )
        out.findings.append(found)
    elif ok is None:
        fields_text = "、".join(column_label(f, ctx) for f in fields)
        out.findings.append(
            ctx.finding(
                rule,
                "dl.share.undecided",
                measured=f"{_measured(count, n)} + {unknown}?",
                required=f"{required} ({low}-{high}/{n})",
                unknown=unknown,
                fields=fields_text,
                count=count,
                low=low,
                high=high,
            )
        )
    return out


def bounds_row(
    rule: RuleBase,
    p: Bounds,
    label: Text,
    counted: tuple[int, int, int],
    allowed: tuple[int, int],
    member_share: Fraction | None,
    ok: bool | None,
) -> CompositionRow:
    """The composition row of a share or count: (count, unknown, total) against the allowed
    range, shown as a share, or as people when only counts are bounded."""
    count, unknown, total = counted
    low, high = allowed
    shown = share_range(p, member_share)
    counts_only = shown.low is None and shown.high is None
    return CompositionRow(
        rule=rule.code,
        label=label,
        count=count,
        unknown=unknown,
        total=total,
        low=shown.low,
        high=shown.high,
        low_strict=shown.low_strict,
        high_strict=shown.high_strict,
        least=low if counts_only else None,
        most=high if counts_only and p.count_at_most is not None else None,
        ok=ok,
        severity=rule.severity,
    )


def count_required(p: Bounds) -> str:
    """What a count-only rule requires: ≥ N, ≤ N or N–M people."""
    if p.count_at_least is not None and p.count_at_most is not None:
        return f"{p.count_at_least}–{p.count_at_most}"
    if p.count_at_least is not None:
        return f"≥ {p.count_at_least}"
    return f"≤ {p.count_at_most}"


def column_label(fieldname: str, ctx: CheckContext) -> str:
    """The header of a field as written in the file, else as staff know it."""
    if fieldname.startswith("column:"):
        return ctx.columns.get(fieldname) or fieldname.removeprefix("column:")
    return ctx.columns.get(fieldname) or field_label(fieldname)


# the messages of a failed share: (low, low with unknowns, high, high with unknowns)
Wording = tuple[str, str, str, str]
_DELEGATES: Wording = (
    "dl.share.low",
    "dl.share.low.unknown",
    "dl.share.high",
    "dl.share.high.unknown",
)
_SLATE: Wording = ("cs.share.low", "cs.share.low.unknown", "cs.share.high", "cs.share.high.unknown")
_COUNT: Wording = ("cs.count.low", "cs.count.low.unknown", "cs.count.high", "cs.count.high.unknown")


def _failed(
    rule: RuleBase,
    label: Text,
    count: int,
    unknown: int,
    n: int,
    low: int,
    high: int,
    required: str,
    ctx: CheckContext,
    wording: Wording = _DELEGATES,
) -> Finding:
    share = format_ratio(Fraction(count, n)) if n else "0%"
    if count + unknown < low:
        return ctx.finding(
            rule,
            wording[1] if unknown else wording[0],
            measured=_measured(count, n),
            required=f"{required} ({low}/{n})",
            needed=low - count - unknown,
            unknown=unknown,
            group=label,
            count=count,
            share=share,
            want=required,
            least=low,
        )
    return ctx.finding(
        rule,
        wording[3] if unknown else wording[2],
        measured=_measured(count, n),
        required=f"{required} ({high}/{n})",
        needed=count - high,
        unknown=unknown,
        group=label,
        count=count,
        share=share,
        want=required,
        most=high,
    )


def _share_scopes(rule: ShareRule) -> frozenset[Scope]:
    return frozenset({_OF_SCOPE[rule.params.of]})


def _share_names(rule: ShareRule) -> Iterator[NameRef]:
    for section, name in groups.names(rule.params.group):
        yield NameRef(section, name)


def _share_weaker(rule: ShareRule, base: ShareRule, vocabulary: Vocabulary) -> Iterator[Weakening]:
    """The bounds compared as a whole, at every list size up to 300 (a bound the ancestor has and
    this set lacks or loosens), and the group: a larger group under a lower bound, or a smaller
    one under an upper bound, is weaker; a group that cannot be compared is named for a person."""
    yield from bounds_weaker(rule.params, base.params, vocabulary)


def bounds_weaker(mine: Bounds, theirs: Bounds, vocabulary: Vocabulary) -> Iterator[Weakening]:
    """How ``mine`` is weaker than ``theirs`` (``share`` and ``county_share`` alike)."""
    scale = groups.scales(vocabulary)
    contained = groups.contains(mine.group, theirs.group, scale)  # mine ⊇ theirs
    reverse = groups.contains(theirs.group, mine.group, scale)  # mine ⊆ theirs
    labels: dict[str, ParamValue] = {
        "local_label": groups.named(mine.group),
        "national_label": groups.named(theirs.group),
    }
    if mine.group != theirs.group and contained is None and reverse is None:
        yield Weakening("lint.group.changed", labels, "", "", conflict=True)
    members = Fraction(0)  # a share among the members compared as such (EXACT: a conflict)
    mine_m = members if getattr(mine, "at_least_members", None) else None
    theirs_m = members if getattr(theirs, "at_least_members", None) else None
    lower = upper = False
    for n in (*range(1, 31), 50, 100, 150, 200, 300):
        my_low, my_high = bounds(mine, n, mine_m)
        base_low, base_high = bounds(theirs, n, theirs_m)
        lower = lower or (my_low < base_low and contained is not False)
        upper = upper or (my_high > base_high and reverse is not False)
    if lower or upper:
        yield Weakening("lint.weakens.bounds", {}, _requirement(mine), _requirement(theirs))
    if contained is True and reverse is not True and _has_low(theirs):
        yield Weakening("lint.weakens.group", labels, "", "")
    if reverse is True and contained is not True and _has_high(theirs):
        yield Weakening("lint.weakens.group", labels, "", "")


def _requirement(p: Bounds) -> str:
    """Every bound of a rule as one reads it: ≥ 40%, > 30%, ≤ 2 people …"""
    parts = []
    shown = share_range(p, None)
    if shown.low is not None or shown.high is not None:
        parts.append(shown.text())
    if p.count_at_least is not None or p.count_at_most is not None:
        parts.append(count_required(p))
    if getattr(p, "at_least_members", None):
        parts.append(f"≥ members({getattr(p, 'at_least_members', '')})")
    return "; ".join(parts) or "—"


def _has_low(p: Bounds) -> bool:
    return any(
        b is not None
        for b in (
            p.at_least,
            p.more_than,
            p.around,
            p.count_at_least,
            getattr(p, "at_least_members", None),
        )
    )


def _has_high(p: Bounds) -> bool:
    return any(b is not None for b in (p.at_most, p.less_than, p.around, p.count_at_most))


def _show(value: Fraction | None) -> str:
    return "—" if value is None else format_ratio(value)


register(
    Kind(
        name="share",
        blanks=True,
        rule=ShareRule,
        scopes=_share_scopes,
        check=_share,
        columns=lambda rule: groups.columns(rule.params.group),
        names=_share_names,
        weaker=_share_weaker,
        messages=(*_DELEGATES, *_SLATE, *_COUNT, "dl.share.undecided"),
        reasons=("nc.column", "nc.profile"),
        doc=KindDoc(
            what="A share or a count of a group (see [Groups](#groups)) on a list: `at_least`, `more_than`, "
            "`at_most`, `less_than` (ratios such as 3/5, 60% or 0.6), `around` ± `tolerance` "
            '("左右"), `count_at_least` / `count_at_most` (people), or `at_least_members` (not '
            "below the group's share among the township's Party members, from the profile). "
            "`of` names the list: a delegate list (default), a committee, discipline or "
            "higher-congress slate, or the team (the committee slate with the government team). "
            "Exact integers: at least r of n is `ceil(r·n)`. People whose cells leave membership "
            "open are counted as unknown: the composition shows `count (+unknown?)` and an "
            "undecided rule is a finding of the rule's own severity.",
            why="County notices set the make-up of delegates and teams in shares: "
            '"40岁以下的不少于60%", "党员领导干部代表的比例不超过60%", "生产和工作一线党员代表比例不低于'
            '…", "至少有1名30岁以下的党政正职".',
            example="- code: DL-FRONTLINE\n  kind: share\n  severity: error\n  params:\n"
            "    group: {label: {zh: 生产和工作一线, en: front line}, category: [生产和工作一线]}\n"
            "    at_least: 2/5",
        ),
    )
)


# --- member_share (0.1) ----------------------------------------------------------------------


class MemberShareParams(Params):
    group: Literal["women", "minority"] = Field(
        description="women or minority", json_schema_extra=stricter(Stricter.EXACT)
    )


class MemberShareRule(RuleBase):
    """Women / minority delegates not below their share of the township's party members."""

    kind: Literal["member_share"]
    params: MemberShareParams


_MEMBER_GROUPS = {
    "women": (Text(zh="妇女", en="women"), "gender"),
    "minority": (Text(zh="少数民族", en="minority"), "ethnicity"),
}


def _member_share(rule: MemberShareRule, subject: Subject, ctx: CheckContext) -> Outcome:
    label, column = _MEMBER_GROUPS[rule.params.group]
    members = ctx.profile.party_members
    part = members.count(rule.params.group) if members else None
    if members is None or part is None:
        return ctx.skipped(rule, "nc.profile", key=f"party_members.{rule.params.group}")
    if not ctx.has(column):
        return ctx.skipped(rule, "nc.column", column=field_label(column))
    people = subject.people
    n = len(people)
    # column by column, in C: how many are the group (by identity, as ``is``) and how many unknown
    women = rule.params.group == "women"
    member: object = Gender.FEMALE if women else True
    values = list(map(attrgetter("gender" if women else "minority"), people))
    count = sum(map(is_, values, repeat(member)))
    unknown = sum(map(is_, values, repeat(None)))
    share = Fraction(part, members.total)
    low = math.ceil(share * n)  # women·M ≥ N·W
    required = format_required(share, None, human=True)
    ok = decide(count, unknown, low, n)
    out = Outcome()
    out.composition.append(
        CompositionRow(
            rule=rule.code,
            label=label,
            count=count,
            unknown=unknown,
            total=n,
            low=share,
            ok=ok,
            severity=rule.severity,
        )
    )
    if ok is False:
        out.findings.append(_failed(rule, label, count, unknown, n, low, n, required, ctx))
    elif ok is None:
        out.findings.append(
            ctx.finding(
                rule,
                "dl.share.undecided",
                measured=f"{_measured(count, n)} + {unknown}?",
                required=f"{required} ({low}-{n}/{n})",
                unknown=unknown,
                fields=field_label(column),
                count=count,
                low=low,
                high=n,
            )
        )
    return out


register(
    Kind(
        name="member_share",
        blanks=True,
        rule=MemberShareRule,
        scopes=lambda rule: frozenset({Scope.DELEGATES}),
        check=_member_share,
        columns=lambda rule: (_MEMBER_GROUPS[rule.params.group][1],),
        messages=("dl.share.low", "dl.share.low.unknown", "dl.share.undecided"),
        reasons=("nc.column", "nc.profile"),
        doc=KindDoc(
            what="Women (or minority) delegates not below their share of the township's Party "
            "members: `women·M ≥ N·W` (profile `party_members`). The same as a `share` with "
            "`at_least_members`, kept for rule sets written for electkit 0.1.",
            why='"妇女代表、少数民族代表一般不低于妇女和少数民族党员所占党员总数的比例" (富源县 2006).',
            example="- code: DL-WOMEN\n  kind: member_share\n  severity: warning\n  params: {group: women}",
        ),
    )
)
