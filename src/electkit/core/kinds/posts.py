"""Posts on a slate: required posts with counts (``officers``), posts the other members should
cover (``members_include``) and posts one person must hold together (``co_holding``: 纪委书记一般
由党委副书记兼任). Every post named is one the rule set's vocabulary declares.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from electkit.core.checks.context import CheckContext, Outcome, Subject
from electkit.core.checks.team import proposed_posts, slot
from electkit.core.findings import Finding, Text, listing
from electkit.core.kinds import Kind, KindDoc, NameRef, Weakening, register
from electkit.core.models import Person
from electkit.core.rulebase import Params, RuleBase, Scope, Stricter, stricter
from electkit.core.vocab import field_label
from electkit.core.vocabulary import Vocabulary

_SCOPE: dict[str, Scope] = {"committee": Scope.COMMITTEE, "discipline": Scope.DISCIPLINE}
# posts elected one by one later (等额), so a 差额 slate has exactly as many candidates for them
HEAD_POSTS = {"committee": ("书记", "副书记"), "discipline": ("纪委书记", "纪委副书记")}


# --- CS-OFFICERS, CS-DOFFICERS -------------------------------------------------------------


class OfficersParams(Params):
    contest: Literal["committee", "discipline"] = Field(
        default="committee", json_schema_extra=stricter(Stricter.NONE)
    )
    require: dict[str, int] = Field(
        default_factory=dict,
        description="post (or the 副书记 slot) → how many",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )
    deputy_slots: dict[str, int] = Field(
        default_factory=dict,
        description="the posts filling the 副书记 slots → how many (乡镇长: 1, 专职副书记: 1)",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )
    include: tuple[str, ...] = Field(
        default=(),
        description="posts the team must include",
        json_schema_extra=stricter(Stricter.MORE),
    )
    by_seats: dict[int, dict[str, int]] = Field(
        default_factory=dict,
        description="seats → required posts (instead of require)",
        json_schema_extra=stricter(Stricter.CUSTOM),
    )


class OfficersRule(RuleBase):
    """The proposed posts on a slate: 1 书记, 2 副书记 (乡镇长 + 专职副书记) …"""

    kind: Literal["officers"]
    params: OfficersParams


def _officers(rule: OfficersRule, subject: Subject, ctx: CheckContext) -> Outcome:
    """Exactly the required numbers of each post (副书记 counts every post filling that slot)."""
    if not ctx.has("proposed_post"):
        return ctx.skipped(rule, "nc.column", column=field_label("proposed_post"))
    out = Outcome()
    vocabulary = ctx.ruleset.vocabulary
    people = subject.people
    # a candidate proposed for several posts (党委书记、人大主席) counts in each, once per slot
    posts = Counter(post for p in people for post in proposed_posts(p))
    slots = Counter(
        s for p in people for s in {slot(post, vocabulary) for post in proposed_posts(p)}
    )
    required = dict(rule.params.require)
    if rule.params.by_seats:
        if subject.seats not in rule.params.by_seats:  # said, never silently dropped
            known = listing(sorted(rule.params.by_seats))
            if subject.seats is None:
                return ctx.skipped(rule, "nc.officers.no_seats", known=known)
            return ctx.skipped(rule, "nc.officers.seats", seats=subject.seats, known=known)
        required = dict(rule.params.by_seats[subject.seats])
    heads = HEAD_POSTS[rule.params.contest]
    # 纪委委员 written without 专职/兼职 may be either: say so where those counts fall short
    unmarked = posts["纪委委员"]
    for post, count in required.items():
        have = slots[post] if _is_slot(post, vocabulary) else posts[post]
        # a 差额 slate has more candidates than members: more is wrong only for the head posts
        if have < count or (have > count and post in heads):
            short_of_kind = have < count and post in ("专职委员", "兼职委员") and unmarked
            out.findings.append(
                ctx.finding(
                    rule,
                    "cs.officers.count.unmarked" if short_of_kind else "cs.officers.count",
                    post=vocabulary.label(post),
                    have=have,
                    want=count,
                    unmarked=unmarked,
                    measured=str(have),
                    required=f"= {count}",
                )
            )
    unexpected = sorted(post for post in slots if post in heads and post not in required)
    if unexpected:
        out.findings.append(
            ctx.finding(rule, "cs.officers.unexpected", posts=vocabulary.listing(unexpected))
        )
    for post, count in rule.params.deputy_slots.items():
        if posts[post] != count:
            out.findings.append(
                ctx.finding(
                    rule,
                    "cs.officers.slot",
                    post=vocabulary.label(post),
                    have=posts[post],
                    want=count,
                    measured=str(posts[post]),
                    required=f"= {count}",
                )
            )
    missing = [post for post in rule.params.include if posts[post] == 0]
    if missing:
        out.findings.append(
            ctx.finding(rule, "cs.officers.include", posts=vocabulary.listing(missing))
        )
    return out


def _is_slot(post: str, vocabulary: Vocabulary) -> bool:
    """Whether other posts fill this one's slot (副书记: 乡镇长 and 专职副书记 count as one)."""
    return any(t.fills == post and t.name != post for t in vocabulary.posts)


def _officers_names(rule: OfficersRule) -> Iterator[NameRef]:
    p = rule.params
    names = [*p.require, *p.deputy_slots, *p.include, *(k for d in p.by_seats.values() for k in d)]
    for name in dict.fromkeys(names):
        yield NameRef("posts", name)


def _officers_weaker(
    rule: OfficersRule, base: OfficersRule, vocabulary: Vocabulary
) -> Iterator[Weakening]:
    """Each required post compared with the ancestor's count; a post the ancestor requires and
    this set does not, and posts dropped from ``include``."""
    mine, theirs = _required(rule), _required(base)
    for post, want in theirs.items():
        have = mine.get(post)
        if have == want:
            continue
        # a post the ancestor requires and this set does not, or fewer of it: weaker; more of
        # it: a different prescribed number (a person reads which applies)
        yield Weakening(
            "lint.officers.count",
            {"post": post},
            "—" if have is None else str(have),
            str(want),
            conflict=have is not None and have > want,
        )
    dropped = [p for p in base.params.include if p not in rule.params.include]
    if dropped:
        yield Weakening(
            "lint.weakens.param",
            {"param": Text(zh="须包括的职务", en="the posts required in the team")},
            "、".join(rule.params.include) or "—",
            "、".join(base.params.include),
        )


def _required(rule: OfficersRule) -> dict[str, int]:
    p = rule.params
    out = dict(p.require) | dict(p.deputy_slots)
    for seats, posts in p.by_seats.items():
        out |= {f"{post}({seats})": n for post, n in posts.items()}
    return out


register(
    Kind(
        name="officers",
        rule=OfficersRule,
        scopes=lambda rule: frozenset({_SCOPE[rule.params.contest], Scope.PLAN}),
        check=_officers,
        columns=lambda rule: ("proposed_post",),
        names=_officers_names,
        weaker=_officers_weaker,
        messages=(
            "cs.officers.count",
            "cs.officers.count.unmarked",
            "cs.officers.unexpected",
            "cs.officers.slot",
            "cs.officers.include",
        ),
        reasons=("nc.column", "nc.officers.seats", "nc.officers.no_seats"),
        doc=KindDoc(
            what="The proposed posts (拟任职务) of a committee or discipline slate: `require` "
            "(post → number; 副书记 counts every post filling a 副书记 slot), `deputy_slots` (which "
            "posts fill them: 乡镇长 1, 专职副书记 1), `include` (posts the team must have) or "
            "`by_seats` (seats → required posts). More candidates than required is wrong only for "
            "the posts elected 等额 later (书记, 副书记; 纪委书记, 纪委副书记).",
            why='"设书记1名,副书记2名(乡镇长1名,专职副书记1名)" (富源县 2006); "乡镇党委一般设委员7至9名，'
            '其中书记1名、副书记2名" (2019 农村基层组织工作条例).',
            example="- code: CS-OFFICERS\n  kind: officers\n  severity: error\n  params: {contest: committee, require: {书记: 1, 副书记: 2}, deputy_slots: {乡镇长: 1, 专职副书记: 1}}",
        ),
    )
)


# --- CS-MEMBERS ----------------------------------------------------------------------------


class MembersIncludeParams(Params):
    posts: tuple[str, ...] = Field(
        description="posts the other members should cover",
        json_schema_extra=stricter(Stricter.MORE),
    )


class MembersIncludeRule(RuleBase):
    """Posts the other members should cover (人大主席, 武装部长 …)."""

    kind: Literal["members_include"]
    params: MembersIncludeParams


def _members(rule: MembersIncludeRule, subject: Subject, ctx: CheckContext) -> Outcome:
    if not ctx.has("proposed_post"):
        return ctx.skipped(rule, "nc.column", column=field_label("proposed_post"))
    out = Outcome()
    posts = {post for p in subject.people for post in proposed_posts(p)}
    missing = [post for post in rule.params.posts if post not in posts]
    if missing:
        out.findings.append(ctx.finding(rule, "cs.members.missing", posts=listing(missing)))
    return out


register(
    Kind(
        name="members_include",
        rule=MembersIncludeRule,
        scopes=lambda rule: frozenset({Scope.COMMITTEE}),
        check=_members,
        columns=lambda rule: ("proposed_post",),
        names=lambda rule: (NameRef("posts", p) for p in rule.params.posts),
        messages=("cs.members.missing",),
        reasons=("nc.column",),
        doc=KindDoc(
            what="Posts the committee slate's other members should cover (人大主席, 纪委书记, "
            "副乡镇长, 武装部长 …): each missing post is named.",
            why='"其他委员由人大主席、纪委书记、一名副乡镇长、武装部长、组织委员和宣传委员…等组成" '
            "(富源县 2006).",
            example="- code: CS-MEMBERS\n  kind: members_include\n  severity: warning\n  params: {posts: [人大主席, 武装部长]}",
        ),
    )
)


# --- co-holding (纪委书记一般由党委副书记兼任) -------------------------------------------------


class CoHoldingParams(Params):
    post: str = Field(description="the post (纪委书记)", json_schema_extra=stricter(Stricter.EXACT))
    also: tuple[str, ...] = Field(
        min_length=1,
        description="the person holding it must also be proposed for one of these (副书记)",
        json_schema_extra=stricter(Stricter.FEWER),
    )
    contest: Literal["committee", "discipline"] = Field(
        default="committee", json_schema_extra=stricter(Stricter.NONE)
    )


class CoHoldingRule(RuleBase):
    """Posts one person holds together: the holder of ``post`` is also proposed for ``also``."""

    kind: Literal["co_holding"]
    params: CoHoldingParams


def _co_holding(rule: CoHoldingRule, subject: Subject, ctx: CheckContext) -> Outcome:
    if not ctx.has("proposed_post"):
        return ctx.skipped(rule, "nc.column", column=field_label("proposed_post"))
    out = Outcome()
    vocabulary = ctx.ruleset.vocabulary
    also = set(rule.params.also)
    holders = [p for p in subject.people if rule.params.post in proposed_posts(p)]
    for p in holders:
        held = set(proposed_posts(p))
        held |= {slot(post, vocabulary) for post in held}
        if not held & also:
            out.findings.append(_not_held(ctx, rule, p))
    if not holders:
        out.findings.append(
            ctx.finding(
                rule,
                "cs.coholding.none",
                post=vocabulary.label(rule.params.post),
                also=vocabulary.listing(rule.params.also),
            )
        )
    return out


def _not_held(ctx: CheckContext, rule: CoHoldingRule, p: Person) -> Finding:
    return ctx.finding(
        rule,
        "cs.coholding.separate",
        subjects=(p.name,),
        rows=(p.row,),
        field_name="proposed_post",
        value="、".join(proposed_posts(p)),
        post=ctx.ruleset.vocabulary.label(rule.params.post),
        also=ctx.ruleset.vocabulary.listing(rule.params.also),
    )


register(
    Kind(
        name="co_holding",
        rule=CoHoldingRule,
        scopes=lambda rule: frozenset({_SCOPE[rule.params.contest]}),
        check=_co_holding,
        columns=lambda rule: ("proposed_post",),
        names=lambda rule: (NameRef("posts", p) for p in (rule.params.post, *rule.params.also)),
        messages=("cs.coholding.separate", "cs.coholding.none"),
        reasons=("nc.column",),
        doc=KindDoc(
            what="Whoever is proposed for `post` must also be proposed for one of `also` (a slot "
            "counts: 乡镇长 fills a 副书记 slot). A slate with no one proposed for `post` is a "
            "finding too. Write the 拟任职务 as 党委副书记、纪委书记 or 副书记兼纪委书记.",
            why='"纪委书记一般由党委副书记兼任" (county notices after 2006).',
            example="- code: CS-DSECDEPUTY\n  kind: co_holding\n  severity: warning\n  params: {post: 纪委书记, also: [副书记]}",
        ),
    )
)
