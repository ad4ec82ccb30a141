"""CS-* on avoidance and exchange: native township, long tenure, new heads, terms, relatives and
the share of the team arriving by exchange. All on the committee slate and its team.

Kinds: ``native_avoidance`` (CS-NATIVE), ``tenure_exchange`` (CS-TENURE), ``new_head_elsewhere``
(CS-NEWHEAD), ``terms_exchange`` (CS-TERMS), ``relatives`` (CS-RELATIVES), ``exchange_share``
(CS-EXCHANGE).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from fractions import Fraction
from typing import Literal

from pydantic import Field

from electkit.core.checks.context import CheckContext, Outcome, Subject
from electkit.core.checks.team import (
    Member,
    in_township,
    native_of,
    proposed_posts,
    same_post,
    township_stem,
)
from electkit.core.contest import name_key
from electkit.core.findings import Finding, Severity
from electkit.core.kinds import Kind, KindDoc, NameRef, register
from electkit.core.models import full_years
from electkit.core.ratio import Share, format_ratio
from electkit.core.rulebase import Params, RuleBase, Scope, Stricter, stricter
from electkit.core.vocab import field_label

COMMITTEE = frozenset({Scope.COMMITTEE})


def _columns(ctx: CheckContext, *fields: str) -> str:
    return ", ".join(field_label(f) for f in fields)


# --- CS-NATIVE -----------------------------------------------------------------------------


class PostsParams(Params):
    posts: tuple[str, ...] = Field(
        default=("书记", "乡镇长", "纪委书记"),
        description="the posts the rule applies to",
        json_schema_extra=stricter(Stricter.MORE),
    )


class NativeAvoidanceRule(RuleBase):
    """书记/乡镇长/纪委书记 not serving in their native township."""

    kind: Literal["native_avoidance"]
    params: PostsParams = PostsParams()


def _posts_names(rule: NativeAvoidanceRule | NewHeadRule) -> Iterator[NameRef]:
    for post in rule.params.posts:
        yield NameRef("posts", post)


def _native(rule: NativeAvoidanceRule, subject: Subject, ctx: CheckContext) -> Outcome:
    if not (ctx.has("native_place") and ctx.has("proposed_post")):
        return ctx.skipped(rule, "nc.column", column=_columns(ctx, "native_place", "proposed_post"))
    out = Outcome()
    town = ctx.profile.township
    for p in subject.people:
        post = next((q for q in proposed_posts(p) if q in rule.params.posts), None)
        if post is None:
            continue
        if not p.native_place:  # avoidance cannot be confirmed: never a silent pass
            out.findings.append(
                ctx.finding(
                    rule,
                    "cs.native.blank",
                    subjects=(p.name,),
                    rows=(p.row,),
                    field_name="native_place",
                    post=post,
                )
            )
            continue
        here = native_of(p.native_place, town)
        if here:
            out.findings.append(
                ctx.finding(
                    rule,
                    "cs.native.same",
                    subjects=(p.name,),
                    rows=(p.row,),
                    field_name="native_place",
                    value=p.native_place,
                    post=post,
                    township=town,
                )
            )
        elif here is None:
            # 只写到县 (云南富源), or the township's stem inside a longer name (大青山)
            unclear = township_stem(town) in "".join(p.native_place.split())
            out.findings.append(
                ctx.finding(
                    rule,
                    "cs.native.unclear" if unclear else "cs.native.undecided",
                    severity=Severity.WARNING,
                    subjects=(p.name,),
                    rows=(p.row,),
                    field_name="native_place",
                    value=p.native_place,
                    post=post,
                )
            )
    return out


register(
    Kind(
        name="native_avoidance",
        rule=NativeAvoidanceRule,
        scopes=lambda rule: COMMITTEE,
        check=_native,
        columns=lambda rule: ("native_place", "proposed_post"),
        names=_posts_names,
        messages=("cs.native.blank", "cs.native.same", "cs.native.unclear", "cs.native.undecided"),
        reasons=("nc.column",),
        doc=KindDoc(
            what="A candidate proposed for one of `posts` whose 籍贯 is this township. The "
            "township may be written in full, with 乡 for 镇 or the reverse, or by its name alone "
            "(富村镇: 富村乡, 富源县富村, 云南富源富村, 富村). A 籍贯 naming only a county, or holding "
            "the township's name inside a longer one, is a warning (cannot be decided); one "
            "ending in another township or a village passes.",
            why='"各乡镇党委书记、乡镇长、纪委书记回避本乡籍任职" (富源县 2006).',
            example="- code: CS-NATIVE\n  kind: native_avoidance\n  severity: error\n  params: {posts: [书记, 乡镇长, 纪委书记]}",
        ),
    )
)


# --- CS-TENURE -----------------------------------------------------------------------------


class TenureParams(Params):
    years: int = Field(
        default=6, ge=0, description="满N年 (included)", json_schema_extra=stricter(Stricter.LOWER)
    )


class TenureExchangeRule(RuleBase):
    """Same post in the same township for ≥ years → exchange."""

    kind: Literal["tenure_exchange"]
    params: TenureParams = TenureParams()


def _tenure(rule: TenureExchangeRule, subject: Subject, ctx: CheckContext) -> Outcome:
    if not (ctx.has("current_post_since") and ctx.has("proposed_post") and ctx.has("current_post")):
        return ctx.skipped(
            rule,
            "nc.column",
            column=_columns(ctx, "current_post", "current_post_since", "proposed_post"),
        )
    out = Outcome()
    town = ctx.profile.township
    for p in subject.people:
        if not same_post(p.current_post, p) or in_township(p.position, town) is False:
            continue
        if p.current_post_since is None:
            out.findings.append(
                ctx.finding(
                    rule,
                    "cs.tenure.blank",
                    subjects=(p.name,),
                    rows=(p.row,),
                    field_name="current_post_since",
                    post=p.current_post,
                    limit=rule.params.years,
                )
            )
        elif (years := full_years(p.current_post_since, ctx.cutoff)) >= rule.params.years:
            out.findings.append(
                ctx.finding(
                    rule,
                    "cs.tenure",
                    subjects=(p.name,),
                    rows=(p.row,),
                    field_name="current_post_since",
                    value=str(p.current_post_since),
                    post=p.current_post,
                    years=years,
                    limit=rule.params.years,
                )
            )
    return out


register(
    Kind(
        name="tenure_exchange",
        rule=TenureExchangeRule,
        scopes=lambda rule: COMMITTEE,
        check=_tenure,
        columns=lambda rule: ("current_post", "current_post_since", "proposed_post"),
        messages=("cs.tenure.blank", "cs.tenure"),
        reasons=("nc.column",),
        doc=KindDoc(
            what="A candidate renominated to the post held now, in this township, for `years` full "
            "years or more at the cut-off → exchange.",
            why='"在同一地方同一职位任职满6年的…要进行交流使用" (富源县 2006).',
            example="- code: CS-TENURE\n  kind: tenure_exchange\n  severity: error\n  params: {years: 6}",
        ),
    )
)


# --- CS-TERMS ------------------------------------------------------------------------------


class TermsParams(Params):
    terms: int = Field(default=2, ge=1, json_schema_extra=stricter(Stricter.LOWER))


class TermsExchangeRule(RuleBase):
    """Two terms in one post → exchange."""

    kind: Literal["terms_exchange"]
    params: TermsParams = TermsParams()


def _terms(rule: TermsExchangeRule, subject: Subject, ctx: CheckContext) -> Outcome:
    if not (ctx.has("terms_in_post") and ctx.has("proposed_post")):
        return ctx.skipped(
            rule, "nc.column", column=_columns(ctx, "terms_in_post", "proposed_post")
        )
    out = Outcome()
    town = ctx.profile.township
    for p in subject.people:
        if (
            p.terms_in_post is not None
            and p.terms_in_post >= rule.params.terms
            and same_post(p.current_post, p)
            and in_township(p.position, town) is not False
        ):
            out.findings.append(
                ctx.finding(
                    rule,
                    "cs.terms",
                    subjects=(p.name,),
                    rows=(p.row,),
                    field_name="terms_in_post",
                    value=str(p.terms_in_post),
                    post=p.proposed_post,
                    terms=p.terms_in_post,
                )
            )
    return out


register(
    Kind(
        name="terms_exchange",
        rule=TermsExchangeRule,
        scopes=lambda rule: COMMITTEE,
        check=_terms,
        columns=lambda rule: ("terms_in_post", "proposed_post"),
        messages=("cs.terms",),
        reasons=("nc.column",),
        doc=KindDoc(
            what="`terms` or more terms (连任届数) in the same post in this township → exchange.",
            why='"在同一职位上连任两届的乡镇领导干部,一般要实行交流" (昭通 2006).',
            example="- code: CS-TERMS\n  kind: terms_exchange\n  severity: warning\n  params: {terms: 2}",
        ),
    )
)


# --- CS-NEWHEAD ----------------------------------------------------------------------------


class NewHeadRule(RuleBase):
    """A newly promoted 正职 should come from another township."""

    kind: Literal["new_head_elsewhere"]
    params: PostsParams = PostsParams(posts=("书记", "乡镇长"))


def _new_head(rule: NewHeadRule, subject: Subject, ctx: CheckContext) -> Outcome:
    if not (ctx.has("proposed_post") and (ctx.has("current_post") or ctx.has("newly_promoted"))):
        return ctx.skipped(rule, "nc.column", column=_columns(ctx, "proposed_post", "current_post"))
    out = Outcome()
    town = ctx.profile.township
    heads = ctx.ruleset.vocabulary.head_posts
    for p in subject.people:
        post = next((q for q in proposed_posts(p) if q in rule.params.posts), None)
        if post is None:
            continue
        promoted = (
            p.newly_promoted
            if p.newly_promoted is not None
            else (p.current_post is not None and p.current_post not in heads)
        )
        if promoted and in_township(p.position, town):
            out.findings.append(
                ctx.finding(
                    rule,
                    "cs.newhead",
                    subjects=(p.name,),
                    rows=(p.row,),
                    field_name="position",
                    value=p.position,
                    post=post,
                )
            )
    return out


register(
    Kind(
        name="new_head_elsewhere",
        rule=NewHeadRule,
        scopes=lambda rule: COMMITTEE,
        check=_new_head,
        columns=lambda rule: ("proposed_post", "current_post"),
        names=_posts_names,
        messages=("cs.newhead",),
        reasons=("nc.column",),
        doc=KindDoc(
            what="A candidate for one of `posts` (正职) who is newly promoted — the current post "
            "is not a 正职 of the vocabulary, or 新提拔 = 是 — and already works in this township.",
            why='"对新提拔的乡镇正职,一般要易地任职" (昭通 2006).',
            example="- code: CS-NEWHEAD\n  kind: new_head_elsewhere\n  severity: warning\n  params: {posts: [书记, 乡镇长]}",
        ),
    )
)


# --- CS-RELATIVES --------------------------------------------------------------------------


class RelativesRule(RuleBase):
    """Two relatives in one team: one must go."""

    kind: Literal["relatives"]


def _relatives(rule: RelativesRule, subject: Subject, ctx: CheckContext) -> Outcome:
    members = subject.members
    if not ctx.has("relatives") and not any(m.relatives for m in members):
        return ctx.skipped(rule, "nc.column", column=field_label("relatives"))
    return Outcome(findings=_pairs(rule, members, ctx))


register(
    Kind(
        name="relatives",
        rule=RelativesRule,
        scopes=lambda rule: COMMITTEE,
        check=_relatives,
        columns=lambda rule: ("relatives",),
        messages=("cs.relatives",),
        reasons=("nc.column",),
        doc=KindDoc(
            what="Two team members listed as relatives of each other (亲属; the government team "
            "of the profile included): one must go. Direct superior–subordinate pairs cannot be "
            "seen in the data.",
            why='"凡属《条例》规定范围内有亲属关系的,如双方在同一领导班子任职…其中一方必须交流" (昭通 2006).',
            example="- code: CS-RELATIVES\n  kind: relatives\n  severity: error",
        ),
    )
)


# --- CS-EXCHANGE ---------------------------------------------------------------------------


class ExchangeShareParams(Params):
    max: Share = Field(
        default=Fraction(1, 3),
        description="不超过 (included)",
        json_schema_extra=stricter(Stricter.LOWER),
    )


class ExchangeShareRule(RuleBase):
    """At most a share of the team arriving by exchange."""

    kind: Literal["exchange_share"]
    params: ExchangeShareParams = ExchangeShareParams()


def _exchange(rule: ExchangeShareRule, subject: Subject, ctx: CheckContext) -> Outcome:
    if not ctx.has("position"):
        return ctx.skipped(rule, "nc.column", column=field_label("position"))
    out = Outcome()
    members = subject.members
    town = ctx.profile.township
    outsiders = [m for m in members if in_township(m.workplace, town) is False]
    n = len(members)
    limit = rule.params.max
    if n and Fraction(len(outsiders), n) > limit:
        most = limit.numerator * n // limit.denominator
        out.findings.append(
            ctx.finding(
                rule,
                "cs.exchange",
                subjects=tuple(m.name for m in outsiders),
                measured=f"{len(outsiders)}/{n}",
                required=f"<= {format_ratio(limit)}",
                needed=len(outsiders) - most,
                count=len(outsiders),
                total=n,
                share=format_ratio(Fraction(len(outsiders), n)),
                limit=format_ratio(limit),
            )
        )
    return out


register(
    Kind(
        name="exchange_share",
        rule=ExchangeShareRule,
        scopes=lambda rule: COMMITTEE,
        check=_exchange,
        columns=lambda rule: ("position",),
        messages=("cs.exchange",),
        reasons=("nc.column",),
        doc=KindDoc(
            what="Team members arriving by exchange (current workplace outside this township) at "
            "most `max` of the team: `x ≤ max·n`.",
            why='"干部交流面一般不超过乡镇党政班子成员的三分之一" (昭通 2006).',
            example="- code: CS-EXCHANGE\n  kind: exchange_share\n  severity: warning\n  params: {max: 1/3}",
        ),
    )
)


def _pairs(rule: RelativesRule, members: Sequence[Member], ctx: CheckContext) -> list[Finding]:
    by_key = {m.name_key: m for m in members}
    seen: set[frozenset[str]] = set()
    found = []
    for member in members:
        for relative in member.relatives:
            other = _named(relative, by_key)
            if other is None or other is member:
                continue
            pair = frozenset((member.name_key, other.name_key))
            if pair in seen:
                continue
            seen.add(pair)
            rows = tuple(r for r in (member.row, other.row) if r is not None)
            found.append(
                ctx.finding(
                    rule,
                    "cs.relatives",
                    subjects=(member.name, other.name),
                    rows=rows,
                    field_name="relatives",
                    value=relative,  # the 亲属 entry that names the other
                    first=member.name,
                    second=other.name,
                )
            )
    return found


def _named(written: str, by_key: dict[str, Member]) -> Member | None:
    """The team member a 亲属 entry names, compared as names are (NFKC, spaces of any width
    removed: 白　八 is 白八); failing that, a word of it (张三 兄弟 names 张三)."""
    found = by_key.get(name_key(written))
    if found is not None:
        return found
    words = (name_key(word) for word in written.split())
    found = next((by_key[w] for w in words if len(w) > 1 and w in by_key), None)
    if found is not None:
        return found
    # a relation written before the name: 妻子李红梅, 妻子：李红梅, 兄 张三
    return by_key.get(name_key(_RELATION_LEAD.sub("", written)))


_RELATION_LEAD = re.compile(
    r"^\s*(配偶|妻子|丈夫|爱人|父亲|母亲|儿子|女儿|哥哥|弟弟|姐姐|妹妹|岳父|岳母|公公|婆婆|"
    r"女婿|儿媳|侄子|侄女|外甥|外甥女|叔叔|伯父|舅舅|姑姑|姨妈|妻|夫|父|母|子|女|兄|弟|姐|妹)"
    r"\s*[:：]?\s*"
)
