"""CS-* on who is on a committee slate: posts, women, young cadres, ages, minority members."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from electkit.core.checks.context import CheckContext
from electkit.core.checks.team import Member, age, proposed_posts, slot
from electkit.core.findings import Finding, NotChecked, listing
from electkit.core.models import Gender, Person
from electkit.core.rulekinds import (
    AgeBandMajorityRule,
    AgeRenominationRule,
    MembersIncludeRule,
    MinorityMemberRule,
    OfficersRule,
    WomanMemberRule,
    YoungMemberRule,
)


def check_makeup(
    people: Sequence[Person],
    members: Sequence[Member],
    ctx: CheckContext,
    contest: str,
    seats: int | None,
) -> tuple[list[Finding], list[NotChecked]]:
    """Every composition rule of the rule set that applies to this contest's slate."""
    found: list[Finding] = []
    skipped: list[NotChecked] = []
    rs = ctx.ruleset
    for officers in rs.of_kind(OfficersRule):
        if officers.params.contest != contest:
            continue
        if not ctx.has("proposed_post"):
            skipped.append(ctx.not_checked(officers, "nc.column", column="拟任职务"))
        else:
            found += _officers(officers, people, ctx, seats)
    if contest != "committee":
        return found, skipped
    for include in rs.of_kind(MembersIncludeRule):
        if not ctx.has("proposed_post"):
            skipped.append(ctx.not_checked(include, "nc.column", column="拟任职务"))
            continue
        posts = {post for p in people for post in proposed_posts(p)}
        missing = [post for post in include.params.posts if post not in posts]
        if missing:
            found.append(ctx.finding(include, "cs.members.missing", posts=listing(missing)))
    for woman in rs.of_kind(WomanMemberRule):
        if not ctx.has("gender"):
            skipped.append(ctx.not_checked(woman, "nc.column", column="性别"))
        elif not any(p.gender is Gender.FEMALE for p in people):
            unknown = sum(1 for p in people if p.gender is None)
            if unknown:  # a blank 性别 may be a woman: not "none"
                found.append(ctx.finding(woman, "cs.woman.undecided", unknown=unknown))
            else:
                found.append(ctx.finding(woman, "cs.woman.none", needed=1))
    cutoff = ctx.cutoff
    for young in rs.of_kind(YoungMemberRule):
        if not ctx.has("birth_date"):
            skipped.append(ctx.not_checked(young, "nc.column", column="出生年月"))
            continue
        pool = members if young.params.scope == "team" else members[: len(people)]
        ages = [age(m.birth_date, cutoff) for m in pool]
        if not any(a is not None and a <= young.params.max_age for a in ages):
            unknown = ages.count(None)
            if unknown:  # someone of unknown age may be the young cadre
                found.append(
                    ctx.finding(
                        young, "cs.young.undecided", unknown=unknown, max_age=young.params.max_age
                    )
                )
            else:
                message = "cs.young.none_team" if young.params.scope == "team" else "cs.young.none"
                found.append(ctx.finding(young, message, needed=1, max_age=young.params.max_age))
    for old in rs.of_kind(AgeRenominationRule):
        if not ctx.has("birth_date"):
            skipped.append(ctx.not_checked(old, "nc.column", column="出生年月"))
            continue
        for p in people:
            years = age(p.birth_date, cutoff)
            if years is not None and years >= old.params.min_age:
                found.append(
                    ctx.finding(
                        old,
                        "cs.age50",
                        subjects=(p.name,),
                        rows=(p.row,),
                        field_name="birth_date",
                        value=str(p.birth_date),
                        age=years,
                        min_age=old.params.min_age,
                    )
                )
    for band in rs.of_kind(AgeBandMajorityRule):
        if not ctx.has("birth_date"):
            skipped.append(ctx.not_checked(band, "nc.column", column="出生年月"))
            continue
        aged = [(m, age(m.birth_date, cutoff)) for m in members]
        inside = [
            m for m, a in aged if a is not None and band.params.min_age <= a <= band.params.max_age
        ]
        unknown = sum(1 for _, a in aged if a is None)
        if 2 * len(inside) <= len(members) < 2 * (len(inside) + unknown):
            found.append(
                ctx.finding(
                    band,
                    "cs.age35.undecided",
                    measured=f"{len(inside)}/{len(members)} + {unknown}?",
                    required=f"> {len(members)}/2",
                    count=len(inside),
                    total=len(members),
                    unknown=unknown,
                    low=band.params.min_age,
                    high=band.params.max_age,
                )
            )
        elif 2 * len(inside) <= len(members):
            outside = [m.name for m, _ in aged if m not in inside]
            # even if everyone of unknown age were in the band, this many more are needed
            need = len(members) // 2 + 1 - len(inside) - unknown
            found.append(
                ctx.finding(
                    band,
                    "cs.age35.unknown" if unknown else "cs.age35",
                    subjects=tuple(outside),
                    unknown=unknown,
                    needed=need,
                    measured=f"{len(inside)}/{len(members)}",
                    required=f"> {len(members)}/2",
                    count=len(inside),
                    total=len(members),
                    low=band.params.min_age,
                    high=band.params.max_age,
                )
            )
    for minority in rs.of_kind(MinorityMemberRule):
        if not ctx.profile.minority_area:
            continue
        if not ctx.has("ethnicity"):
            skipped.append(ctx.not_checked(minority, "nc.column", column="民族"))
        elif not any(m.minority for m in members):
            unknown = sum(1 for m in members if m.minority is None)
            if unknown:
                found.append(ctx.finding(minority, "cs.minority.undecided", unknown=unknown))
            else:
                found.append(ctx.finding(minority, "cs.minority.none", needed=1))
    return found, skipped


# posts elected one by one later (等额), so a 差额 slate has exactly as many candidates for them
HEAD_POSTS = {"committee": ("书记", "副书记"), "discipline": ("纪委书记", "纪委副书记")}


def _officers(
    rule: OfficersRule, people: Sequence[Person], ctx: CheckContext, seats: int | None
) -> list[Finding]:
    """Exactly the required numbers of each post (副书记 counts every post filling that slot)."""
    # a candidate proposed for several posts (党委书记、人大主席) counts in each, once per slot
    posts = Counter(post for p in people for post in proposed_posts(p))
    slots = Counter(s for p in people for s in {slot(post) for post in proposed_posts(p)})
    required = dict(rule.params.require)
    if rule.params.by_seats:
        if seats not in rule.params.by_seats:
            return []
        required = dict(rule.params.by_seats[seats])
    heads = HEAD_POSTS[rule.params.contest]
    # 纪委委员 written without 专职/兼职 may be either: say so where those counts fall short
    unmarked = posts["纪委委员"]
    found = []
    for post, count in required.items():
        have = slots[post] if post == "副书记" else posts[post]
        # a 差额 slate has more candidates than members: more is wrong only for the head posts
        if have < count or (have > count and post in heads):
            short_of_kind = have < count and post in ("专职委员", "兼职委员") and unmarked
            found.append(
                ctx.finding(
                    rule,
                    "cs.officers.count.unmarked" if short_of_kind else "cs.officers.count",
                    post=post,
                    have=have,
                    want=count,
                    unmarked=unmarked,
                    measured=str(have),
                    required=f"= {count}",
                )
            )
    unexpected = sorted(post for post in slots if post in heads and post not in required)
    if unexpected:
        found.append(ctx.finding(rule, "cs.officers.unexpected", posts=listing(unexpected)))
    for post, count in rule.params.deputy_slots.items():
        if posts[post] != count:
            found.append(
                ctx.finding(
                    rule,
                    "cs.officers.slot",
                    post=post,
                    have=posts[post],
                    want=count,
                    measured=str(posts[post]),
                    required=f"= {count}",
                )
            )
    missing = [post for post in rule.params.include if posts[post] == 0]
    if missing:
        found.append(ctx.finding(rule, "cs.officers.include", posts=listing(missing)))
    return found
