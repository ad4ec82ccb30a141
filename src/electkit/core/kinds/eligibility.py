"""EL-*: who may be a delegate or candidate at all, and whether the ID data holds together.

Kinds: ``party_status`` (EL-FULL), ``flag`` (EL-SUSPEND, EL-INVEST, EL-FAMPLAN), ``id_number``
(EL-IDNUM), ``id_match`` (EL-IDMATCH), ``duplicates`` (EL-DUP), ``on_roster`` (EL-ROSTER).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from itertools import compress, repeat
from operator import attrgetter, eq, is_not, or_
from typing import Literal, TypeVar

from pydantic import Field

from electkit.core.checks.context import CheckContext, Outcome, Subject
from electkit.core.findings import Finding, Severity, Text
from electkit.core.idnumber import IdInfo, IdProblem, parse_id
from electkit.core.kinds import Kind, KindDoc, Weakening, register
from electkit.core.models import Gender, MonthDate, PartyStatus, Person
from electkit.core.rulebase import (
    CANDIDATE_LISTS,
    SLATES,
    Params,
    RuleBase,
    Scope,
    Stricter,
    stricter,
)
from electkit.core.vocab import field_label
from electkit.core.vocabulary import Vocabulary

PERSON_LISTS = CANDIDATE_LISTS
NOMINATED = frozenset({Scope.DELEGATES, Scope.UNIT_CANDIDATES})  # delegate candidates


# --- EL-FULL --------------------------------------------------------------------------------


class PartyStatusRule(RuleBase):
    """Only full members (正式党员) may vote, stand, or be delegates and candidates."""

    kind: Literal["party_status"]


def _party_status(rule: PartyStatusRule, subject: Subject, ctx: CheckContext) -> Outcome:
    if not ctx.has("party_status"):
        return ctx.skipped(rule, "nc.column", column=field_label("party_status"))
    out = Outcome()
    people = subject.people
    # column by column, in C: only those not plainly full members are looked at one by one
    odd = map(
        or_,
        map(eq, map(attrgetter("discipline"), people), repeat("开除党籍")),
        map(is_not, map(attrgetter("party_status"), people), repeat(PartyStatus.FULL)),
    )
    for p in compress(people, odd):
        if p.discipline == "开除党籍":  # expelled: not a member, whatever 政治面貌 says
            out.findings.append(
                _person(ctx, rule, "el.full.expelled", p, "discipline", value=p.discipline)
            )
            continue
        if p.party_status is PartyStatus.FULL:
            continue
        if p.party_status is None:
            message = "el.full.missing" if p.party_status_label is None else "el.full.unreadable"
        elif p.party_status is PartyStatus.PROBATIONARY:
            message = "el.full.probationary"
        else:
            message = "el.full.non_member"
        out.findings.append(
            _person(ctx, rule, message, p, "party_status", value=p.party_status_label)
        )
    return out


def _person(
    ctx: CheckContext,
    rule: RuleBase,
    message_id: str,
    p: Person,
    field_name: str,
    *,
    value: str | None = None,
) -> Finding:
    """A finding about one person's cell, showing ``value``."""
    return ctx.finding(
        rule,
        message_id,
        subjects=(p.name,),
        rows=(p.row,),
        field_name=field_name,
        value=value,
    )


register(
    Kind(
        name="party_status",
        rule=PartyStatusRule,
        scopes=lambda rule: PERSON_LISTS,
        check=_party_status,
        columns=lambda rule: ("party_status",),
        messages=(
            "el.full.expelled",
            "el.full.missing",
            "el.full.unreadable",
            "el.full.probationary",
            "el.full.non_member",
        ),
        reasons=("nc.column",),
        doc=KindDoc(
            what="Each person must be a full Party member (正式党员): a probationary member, a "
            "non-member, an expelled member (开除党籍 in 党纪处分) or an empty or unreadable "
            "政治面貌 is a finding.",
            why="Only full members have the vote and may stand (2020 条例 art. 5; 1990 art. 5).",
            example='- code: EL-FULL\n  kind: party_status\n  severity: error\n  title: {zh: 须为正式党员, en: Must be a full member}\n  source: {text: "正式党员有表决权、选举权、被选举权。", ref: 第五条, doc: S1, quality: verified}',
        ),
    )
)


# --- EL-SUSPEND, EL-INVEST, EL-FAMPLAN --------------------------------------------------------

FlagField = Literal["suspended", "under_investigation", "family_planning_violation"]


class FlagParams(Params):
    field: FlagField = Field(
        description="the yes/no column", json_schema_extra=stricter(Stricter.EXACT)
    )
    scope: Literal["everyone", "candidates"] = Field(
        default="everyone",
        description="everyone: every list of people; candidates: delegate candidates only",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )


class FlagRule(RuleBase):
    """A yes/no column that excludes the person (留置逮捕, 立案审查, 违反计划生育)."""

    kind: Literal["flag"]
    params: FlagParams


FLAG_MESSAGES: dict[str, str] = {
    "suspended": "el.flag.suspended",
    "under_investigation": "el.flag.under_investigation",
    "family_planning_violation": "el.flag.family_planning_violation",
}


def _flag_scopes(rule: FlagRule) -> frozenset[Scope]:
    return NOMINATED if rule.params.scope == "candidates" else PERSON_LISTS


def _flag(rule: FlagRule, subject: Subject, ctx: CheckContext) -> Outcome:
    column = rule.params.field
    if not ctx.has(column):
        return ctx.skipped(rule, "nc.column", column=field_label(column))
    out = Outcome()
    people = subject.people
    values = list(map(attrgetter(column), people))
    if len(people) > 1 and values.count(None) == len(people):  # empty: under the rule code
        out.findings.append(ctx.finding(rule, "cell.column_blank", field_name=column))
        return out
    unreadable = ctx.unreadable(column)
    # column by column, in C: the people marked 否 are passed over
    marked = map(is_not, values, repeat(False))
    for p, flagged in compress(zip(people, values, strict=True), marked):
        if flagged is True:
            out.findings.append(_person(ctx, rule, FLAG_MESSAGES[column], p, column, value="是"))
        elif flagged is None and p.row not in unreadable:
            # a blank cell leaves eligibility unconfirmed: the rule's own finding, not a pass
            out.findings.append(_person(ctx, rule, "el.flag.blank", p, column))
    return out


def _flag_weaker(rule: FlagRule, base: FlagRule, vocabulary: Vocabulary) -> Iterator[Weakening]:
    if rule.params.scope == "candidates" and base.params.scope == "everyone":
        yield Weakening(
            "lint.weakens.param",
            {"param": Text(zh="适用范围", en="who it applies to")},
            "candidates",
            "everyone",
        )


register(
    Kind(
        name="flag",
        rule=FlagRule,
        scopes=_flag_scopes,
        check=_flag,
        columns=lambda rule: (rule.params.field,),
        weaker=_flag_weaker,
        messages=(*FLAG_MESSAGES.values(), "el.flag.blank", "cell.column_blank"),
        reasons=("nc.column",),
        doc=KindDoc(
            what="A yes/no column (留置逮捕, 立案审查, 违反计划生育) marked 是 excludes the person; a "
            "blank cell is a finding under the rule's own code (eligibility cannot be "
            "confirmed). `scope: candidates` limits it to delegate candidates (delegate lists and "
            "each unit's candidate list): voter rolls and write-ins are never checked against it.",
            why="The 2020 条例 suspends the rights of a member in detention or under arrest "
            "(art. 5); county notices bar those under investigation from nomination.",
            example="- code: EL-INVEST\n  kind: flag\n  severity: error\n  params: {field: under_investigation, scope: candidates}",
        ),
    )
)


# --- EL-IDNUM, EL-IDMATCH ------------------------------------------------------------------


class IdNumberParams(Params):
    old_15_severity: Severity = Field(
        default=Severity.WARNING,
        description="severity of a 15-digit old number",
        json_schema_extra=stricter(Stricter.SEVERITY),
    )


class IdNumberRule(RuleBase):
    """GB 11643 ID numbers: length, digits, birth date, MOD 11-2 check digit."""

    kind: Literal["id_number"]
    params: IdNumberParams = IdNumberParams()


ID_MESSAGES: dict[str, str] = {
    "length": "el.id.length",
    "digits": "el.id.digits",
    "birth_date": "el.id.birth_date",
    "future": "el.id.future",
    "check": "el.id.check",
}


def parsed_ids(people: Sequence[Person], ctx: CheckContext) -> list[IdInfo | IdProblem | None]:
    """Every person's ID number parsed once per run (EL-IDNUM and EL-IDMATCH share it), in the
    people's order; None where the cell is blank."""
    key = f"ids:{id(people)}"
    found: list[IdInfo | IdProblem | None] | None = ctx.cache.get(key)
    if found is None:
        today = ctx.today
        found = ctx.cache[key] = [
            parse_id(number, today) if number else None
            for number in map(attrgetter("id_number"), people)
        ]
    return found


def _id_number(rule: IdNumberRule, subject: Subject, ctx: CheckContext) -> Outcome:
    if not ctx.has("id_number"):
        return ctx.skipped(rule, "nc.column", column=field_label("id_number"))
    out = Outcome()
    election = ctx.profile.election_date
    for p, result in zip(subject.people, parsed_ids(subject.people, ctx), strict=True):
        if result is None:  # no number: a blank cell is reported elsewhere
            continue
        if isinstance(result, IdInfo):
            if result.birth_date > election:  # valid, but not yet born then
                out.findings.append(
                    ctx.finding(
                        rule,
                        "el.id.after_election",
                        subjects=(p.name,),
                        rows=(p.row,),
                        field_name="id_number",
                        value=p.id_number,
                        detail=result.birth_date.isoformat(),
                        date=election.isoformat(),
                    )
                )
            elif result.old_15:
                out.findings.append(
                    ctx.finding(
                        rule,
                        "el.id.old15",
                        severity=rule.params.old_15_severity,
                        subjects=(p.name,),
                        rows=(p.row,),
                        field_name="id_number",
                        value=p.id_number,
                    )
                )
            continue
        out.findings.append(
            ctx.finding(
                rule,
                ID_MESSAGES[result.kind],
                subjects=(p.name,),
                rows=(p.row,),
                field_name="id_number",
                value=p.id_number,
                detail=result.detail,
            )
        )
    return out


register(
    Kind(
        name="id_number",
        blanks=True,
        rule=IdNumberRule,
        scopes=lambda rule: PERSON_LISTS,
        check=_id_number,
        columns=lambda rule: ("id_number",),
        messages=(*ID_MESSAGES.values(), "el.id.after_election", "el.id.old15"),
        reasons=("nc.column",),
        doc=KindDoc(
            what="ID numbers (GB 11643): 18 characters, digits with an optional final X, a real "
            "birth date not after the election, the MOD 11-2 check digit. A 15-digit old number "
            "has `old_15_severity`.",
            why="A data check: a wrong ID number is the commonest sign of a mistyped row.",
            example="- code: EL-IDNUM\n  kind: id_number\n  severity: error\n  params: {old_15_severity: warning}",
        ),
    )
)


class IdMatchRule(RuleBase):
    """Birth date and gender encoded in the ID number agree with the declared ones."""

    kind: Literal["id_match"]


def _id_match(rule: IdMatchRule, subject: Subject, ctx: CheckContext) -> Outcome:
    if not ctx.has("id_number"):
        return ctx.skipped(rule, "nc.column", column=field_label("id_number"))
    out = Outcome()
    for p, info in zip(subject.people, parsed_ids(subject.people, ctx), strict=True):
        if not isinstance(info, IdInfo):
            continue
        declared, born = p.birth_date, info.birth_date
        # a year-month date (1985.03) has no day to compare; a full date (1985-03-01) has
        month_only = isinstance(declared, MonthDate)
        if declared is not None and (
            declared.year != born.year
            or declared.month != born.month
            or (declared.day != born.day and not month_only)
        ):
            out.findings.append(
                ctx.finding(
                    rule,
                    "el.idmatch.birth",
                    subjects=(p.name,),
                    rows=(p.row,),
                    field_name="birth_date",
                    value=declared.month_text()
                    if isinstance(declared, MonthDate)
                    else declared.isoformat(),
                    encoded=born.isoformat(),
                )
            )
        if p.gender is not None and (p.gender is Gender.FEMALE) != info.female:
            encoded = Gender.FEMALE if info.female else Gender.MALE
            out.findings.append(
                ctx.finding(
                    rule,
                    "el.idmatch.gender",
                    subjects=(p.name,),
                    rows=(p.row,),
                    field_name="gender",
                    value=p.gender.value,
                    encoded=encoded.value,
                )
            )
    return out


register(
    Kind(
        name="id_match",
        blanks=True,
        rule=IdMatchRule,
        scopes=lambda rule: PERSON_LISTS,
        check=_id_match,
        columns=lambda rule: ("id_number",),
        messages=("el.idmatch.birth", "el.idmatch.gender"),
        reasons=("nc.column",),
        doc=KindDoc(
            what="The birth date or gender encoded in a valid ID number differs from the declared "
            "one. A year-month date (1985.03) is compared by year and month only; a full date to "
            "the day.",
            why="The personnel file decides which is right, so this is usually a warning.",
            example="- code: EL-IDMATCH\n  kind: id_match\n  severity: warning",
        ),
    )
)


# --- EL-DUP --------------------------------------------------------------------------------


class DuplicatesParams(Params):
    name_birth_severity: Severity = Field(
        default=Severity.WARNING,
        description="severity of two people with the same name and birth date",
        json_schema_extra=stricter(Stricter.SEVERITY),
    )


class DuplicatesRule(RuleBase):
    """The same ID number twice (error); the same name and birth date twice (warning)."""

    kind: Literal["duplicates"]
    params: DuplicatesParams = DuplicatesParams()


K = TypeVar("K")


def _groups(people: Sequence[Person], keys: Sequence[K | None]) -> dict[K, list[Person]]:
    """People sharing a key, only where more than one does (the keys are counted in C first:
    a list of 100,000 people has a handful of repeated keys, and only their people are walked)."""
    if len(people) != len(keys):
        raise ValueError("one key per person")
    repeated: set[K] = {k for k, n in Counter(keys).items() if n > 1 and k is not None and k}
    first: dict[K, Person] = {}
    groups: dict[K, list[Person]] = {}
    for i in compress(range(len(keys)), map(repeated.__contains__, keys)):
        p, k = people[i], keys[i]
        if k is None:  # never: None is not among the repeated keys (this tells mypy)
            continue
        seen = first.setdefault(k, p)
        if seen is not p:
            groups.setdefault(k, [seen]).append(p)
    return groups


def _duplicates(rule: DuplicatesRule, subject: Subject, ctx: CheckContext) -> Outcome:
    out = Outcome()
    people = subject.people
    by_id = _groups(people, list(map(attrgetter("id_number"), people)))
    pairs = map(attrgetter("name_key", "birth_date"), people)
    by_name_birth = _groups(people, [None if pair[1] is None else pair for pair in pairs])
    reported: set[tuple[int, ...]] = set()
    for number, group in by_id.items():
        rows = tuple(p.row for p in group)
        reported.add(rows)
        out.findings.append(
            ctx.finding(
                rule,
                "el.dup.id",
                subjects=tuple(p.name for p in group),
                rows=rows,
                field_name="id_number",
                value=number,
                count=len(group),
            )
        )
    for (_name, birth), group in by_name_birth.items():
        rows = tuple(p.row for p in group)
        if rows not in reported:
            out.findings.append(
                ctx.finding(
                    rule,
                    "el.dup.name_birth",
                    severity=rule.params.name_birth_severity,
                    subjects=tuple(p.name for p in group),
                    rows=rows,
                    field_name="name",
                    value=group[0].name,
                    birth=str(birth),
                    count=len(group),
                )
            )
    return out


register(
    Kind(
        name="duplicates",
        rule=DuplicatesRule,
        scopes=lambda rule: PERSON_LISTS,
        check=_duplicates,
        messages=("el.dup.id", "el.dup.name_birth"),
        doc=KindDoc(
            what="The same ID number twice (the rule's severity); the same name and birth date "
            "twice (`name_birth_severity`: it may be two people).",
            why="A data check: one person listed twice would be counted twice in every share.",
            example="- code: EL-DUP\n  kind: duplicates\n  severity: error\n  params: {name_birth_severity: warning}",
        ),
    )
)


# --- EL-ROSTER -----------------------------------------------------------------------------


class OnRosterRule(RuleBase):
    """A candidate checked against a roster must be on it."""

    kind: Literal["on_roster"]


def _on_roster(rule: OnRosterRule, subject: Subject, ctx: CheckContext) -> Outcome:
    """Each candidate is on the roster (by ID number, else name and birth date, else a unique
    name); the roster's own record is then checked for eligibility too (by the slate pipeline)."""
    roster = subject.roster
    if roster is None:
        return ctx.skipped(rule, "nc.roster")
    out = Outcome()
    for p in unmatched(subject.people, roster):
        out.findings.append(_person(ctx, rule, "el.roster.missing", p, "name", value=p.name))
    return out


def match_roster(people: Sequence[Person], roster: Sequence[Person]) -> list[Person | None]:
    """For each candidate, their record on the roster (ID number, else name and birth date, else
    a name that appears once), or None."""
    by_id = {p.id_number: p for p in roster if p.id_number}
    by_name_birth = {(p.name_key, p.birth_date): p for p in roster if p.birth_date}
    by_name: dict[str, list[Person]] = defaultdict(list)
    for p in roster:
        by_name[p.name_key].append(p)
    records: list[Person | None] = []
    for p in people:
        record = (by_id.get(p.id_number) if p.id_number else None) or (
            by_name_birth.get((p.name_key, p.birth_date)) if p.birth_date else None
        )
        if record is None and len(by_name.get(p.name_key, [])) == 1 and not (p.id_number and by_id):
            record = by_name[p.name_key][0]
        records.append(record)
    return records


def unmatched(people: Sequence[Person], roster: Sequence[Person]) -> list[Person]:
    """The candidates not found on the roster."""
    return [p for p, r in zip(people, match_roster(people, roster), strict=True) if r is None]


register(
    Kind(
        name="on_roster",
        rule=OnRosterRule,
        scopes=lambda rule: SLATES | {Scope.UNIT_CANDIDATES},
        check=_on_roster,
        messages=("el.roster.missing",),
        reasons=("nc.roster",),
        doc=KindDoc(
            what="Each candidate must be on the roster given with the slate, matched by ID "
            "number, else by name and birth date, else by a name that appears once; the roster's "
            "own record is then checked for eligibility (EL-*) too. Without a roster the rule is "
            "listed as not checked.",
            why="Candidates are elected from among the members (or the congress's delegates).",
            example="- code: EL-ROSTER\n  kind: on_roster\n  severity: error",
        ),
    )
)
