"""CS-* on avoidance and exchange: native township, long tenure, new heads, relatives, exchange share."""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction

from electkit.core.checks.context import CheckContext
from electkit.core.checks.team import (
    Member,
    in_township,
    native_of,
    proposed_posts,
    same_post,
    township_stem,
)
from electkit.core.contest import name_key
from electkit.core.findings import Finding, NotChecked, Severity
from electkit.core.models import Person, full_years
from electkit.core.ratio import format_ratio
from electkit.core.rulekinds import (
    ExchangeShareRule,
    NativeAvoidanceRule,
    NewHeadRule,
    RelativesRule,
    TenureExchangeRule,
    TermsExchangeRule,
)
from electkit.core.vocab import HEAD_POSTS


def check_exchange(
    people: Sequence[Person], members: Sequence[Member], ctx: CheckContext
) -> tuple[list[Finding], list[NotChecked]]:
    """Every avoidance and exchange rule of the rule set over a committee slate and its team."""
    found: list[Finding] = []
    skipped: list[NotChecked] = []
    rs = ctx.ruleset
    town = ctx.profile.township
    for native in rs.of_kind(NativeAvoidanceRule):
        if not (ctx.has("native_place") and ctx.has("proposed_post")):
            skipped.append(ctx.not_checked(native, "nc.column", column="籍贯, 拟任职务"))
            continue
        for p in people:
            post = next((q for q in proposed_posts(p) if q in native.params.posts), None)
            if post is None:
                continue
            if not p.native_place:  # avoidance cannot be confirmed: never a silent pass
                found.append(
                    ctx.finding(
                        native,
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
                found.append(
                    ctx.finding(
                        native,
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
                found.append(
                    ctx.finding(
                        native,
                        "cs.native.unclear" if unclear else "cs.native.undecided",
                        severity=Severity.WARNING,
                        subjects=(p.name,),
                        rows=(p.row,),
                        field_name="native_place",
                        value=p.native_place,
                        post=post,
                    )
                )
    cutoff = ctx.cutoff
    for tenure in rs.of_kind(TenureExchangeRule):
        if not (
            ctx.has("current_post_since") and ctx.has("proposed_post") and ctx.has("current_post")
        ):
            skipped.append(
                ctx.not_checked(tenure, "nc.column", column="现任职务, 任现职时间, 拟任职务")
            )
            continue
        for p in people:
            if (
                same_post(p.current_post, p)
                and p.current_post_since is None
                and in_township(p.position, town) is not False
            ):
                found.append(
                    ctx.finding(
                        tenure,
                        "cs.tenure.blank",
                        subjects=(p.name,),
                        rows=(p.row,),
                        field_name="current_post_since",
                        post=p.current_post,
                        limit=tenure.params.years,
                    )
                )
            elif (
                same_post(p.current_post, p)
                and p.current_post_since
                and in_township(p.position, town) is not False
                and full_years(p.current_post_since, cutoff) >= tenure.params.years
            ):
                found.append(
                    ctx.finding(
                        tenure,
                        "cs.tenure",
                        subjects=(p.name,),
                        rows=(p.row,),
                        field_name="current_post_since",
                        value=str(p.current_post_since),
                        post=p.current_post,
                        years=full_years(p.current_post_since, cutoff),
                        limit=tenure.params.years,
                    )
                )
    for terms in rs.of_kind(TermsExchangeRule):
        if not (ctx.has("terms_in_post") and ctx.has("proposed_post")):
            skipped.append(ctx.not_checked(terms, "nc.column", column="连任届数, 拟任职务"))
            continue
        for p in people:
            if (
                p.terms_in_post is not None
                and p.terms_in_post >= terms.params.terms
                and same_post(p.current_post, p)
                and in_township(p.position, town) is not False
            ):
                found.append(
                    ctx.finding(
                        terms,
                        "cs.terms",
                        subjects=(p.name,),
                        rows=(p.row,),
                        field_name="terms_in_post",
                        value=str(p.terms_in_post),
                        post=p.proposed_post,
                        terms=p.terms_in_post,
                    )
                )
    for head in rs.of_kind(NewHeadRule):
        if not (
            ctx.has("proposed_post") and (ctx.has("current_post") or ctx.has("newly_promoted"))
        ):
            skipped.append(ctx.not_checked(head, "nc.column", column="拟任职务, 现任职务"))
            continue
        for p in people:
            post = next((q for q in proposed_posts(p) if q in head.params.posts), None)
            if post is None:
                continue
            promoted = (
                p.newly_promoted
                if p.newly_promoted is not None
                else (p.current_post is not None and p.current_post not in HEAD_POSTS)
            )
            if promoted and in_township(p.position, town):
                found.append(
                    ctx.finding(
                        head,
                        "cs.newhead",
                        subjects=(p.name,),
                        rows=(p.row,),
                        field_name="position",
                        value=p.position,
                        post=post,
                    )
                )
    for relatives in rs.of_kind(RelativesRule):
        if not ctx.has("relatives") and not any(m.relatives for m in members):
            skipped.append(ctx.not_checked(relatives, "nc.column", column="亲属"))
            continue
        found += _relatives(relatives, members, ctx)
    for share in rs.of_kind(ExchangeShareRule):
        if not ctx.has("position"):
            skipped.append(ctx.not_checked(share, "nc.column", column="工作单位及职务"))
            continue
        outsiders = [m for m in members if in_township(m.workplace, town) is False]
        n = len(members)
        if n and Fraction(len(outsiders), n) > share.params.max:
            most = share.params.max.numerator * n // share.params.max.denominator
            found.append(
                ctx.finding(
                    share,
                    "cs.exchange",
                    subjects=tuple(m.name for m in outsiders),
                    measured=f"{len(outsiders)}/{n}",
                    required=f"<= {format_ratio(share.params.max)}",
                    needed=len(outsiders) - most,
                    count=len(outsiders),
                    total=n,
                    share=format_ratio(Fraction(len(outsiders), n)),
                    limit=format_ratio(share.params.max),
                )
            )
    return found, skipped


def _relatives(rule: RelativesRule, members: Sequence[Member], ctx: CheckContext) -> list[Finding]:
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
