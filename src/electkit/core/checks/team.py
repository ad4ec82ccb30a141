"""The team a slate joins, and facts about its members the CS/CQ checks share."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from electkit.core.contest import name_key
from electkit.core.models import ElectionProfile, Gender, Person, TeamMember, full_years
from electkit.core.vocab import post_name
from electkit.core.vocabulary import Vocabulary

_LEVEL_SUFFIX = re.compile(r"(乡|镇|民族乡|街道|办事处)$")


@dataclass(frozen=True)
class Member:
    """A team member: a slate candidate (with a row) or a government member from the profile."""

    name: str
    name_key: str
    row: int | None
    gender: Gender | None
    birth_date: dt.date | None
    minority: bool | None
    workplace: str | None
    relatives: tuple[str, ...]


def team(people: Sequence[Person], profile: ElectionProfile) -> list[Member]:
    """The slate plus the government-team members listed in the profile."""
    members = [
        Member(
            p.name, p.name_key, p.row, p.gender, p.birth_date, p.minority, p.position, p.relatives
        )
        for p in people
    ]
    keys = {m.name_key for m in members}
    members += [_from_profile(t) for t in profile.government_team if name_key(t.name) not in keys]
    return members


def team_persons(
    people: Sequence[Person], profile: ElectionProfile, vocabulary: Vocabulary
) -> list[Person]:
    """The slate plus the government-team members of the profile, as people (the latter with
    no row, their 职务 read as both current and proposed post), for the shares of a team."""
    keys = {p.name_key for p in people}

    def post(text: str | None) -> str | None:
        return None if text is None else post_name(text, vocabulary) or text

    others = [
        Person(
            row=0,
            name=t.name,
            name_key=name_key(t.name),
            gender=t.gender,
            ethnicity=t.ethnicity,
            minority=None if t.ethnicity is None else t.ethnicity not in ("汉", "汉族"),
            birth_date=t.birth_date,
            position=t.workplace,
            current_post=post(t.post),
            proposed_post=post(t.post),
            proposed_posts=(post(t.post) or "",) if t.post else (),
            native_place=t.native_place,
            relatives=t.relatives,
        )
        for t in profile.government_team
        if name_key(t.name) not in keys
    ]
    return [*people, *others]


def _from_profile(t: TeamMember) -> Member:
    minority = None if t.ethnicity is None else t.ethnicity not in ("汉", "汉族")
    return Member(
        t.name, name_key(t.name), None, t.gender, t.birth_date, minority, t.workplace, t.relatives
    )


def age(birth: dt.date | None, on: dt.date) -> int | None:
    """Full years on a date, or None when the birth date is unknown."""
    return None if birth is None else full_years(birth, on)


def township_stem(township: str) -> str:
    """青山乡 → 青山: how a township appears inside a 籍贯 or a workplace."""
    return _LEVEL_SUFFIX.sub("", "".join(township.split())) or township


# characters that may stand right before a township's name: the end of a larger place, a separator
_BEFORE_TOWNSHIP = frozenset("省市县区州旗盟 ,，、;；:：()（）·")


def in_township(text: str | None, township: str) -> bool | None:
    """Whether a workplace or place names this township.

    True when the township's full name (青山乡) appears at the start or right after a larger
    place (富源县青山乡), not inside another name (大青山乡, 大青山镇). None when the text is empty
    or names the township only without its 乡/镇 (青山): that cannot be decided.
    """
    if not text:
        return None
    flat = "".join(text.split())
    full = "".join(township.split())
    start = flat.find(full)
    while start != -1:
        if start == 0 or flat[start - 1] in _BEFORE_TOWNSHIP:
            return True
        start = flat.find(full, start + 1)
    stem = township_stem(full)
    if stem != full and (flat == stem or flat.endswith(("县" + stem, "市" + stem, "区" + stem))):
        return None
    return False


# how a 籍贯 may end when it names a township or a village (营上镇, 海田村, 中安街道)
_PLACE_END = re.compile(r"(乡|镇|村|街道|办事处)$")
# a 籍贯 ending in a county or a larger place (富源县, 云南省曲靖市)
_COUNTY_END = re.compile(r"(省|市|县|区|州|旗|盟)$")
# another township's name with more after it (营上镇海田村): 镇雄 or 云南镇雄 is a county
_TOWNSHIP_THEN_MORE = re.compile(r".[乡镇].{2,}")


def native_of(text: str | None, township: str) -> bool | None:
    """Whether a 籍贯 names this township: True, False (another place) or None (cannot tell).

    Native: the township's name (富村镇), its 乡↔镇 variant (富村乡) or its stem alone (富村),
    at the start, after a larger place (富源县富村, 云南省富源县富村乡) or after a county written
    without 县 (云南富源富村, 富源富村镇). Another place: the stem inside another township's name
    (大富村镇, 富源县大富村乡), or no stem and a 籍贯 ending in another township or a village
    (营上镇, 富源县营上镇海田村, 富源县海田村). Cannot tell: a 籍贯 naming only a county, with or
    without 县 (云南富源, 云南省曲靖市富源县), or the stem inside a longer name (大富村, 富源县富村街).
    """
    if not text:
        return None
    flat = "".join(text.split())
    full = "".join(township.split())
    stem = township_stem(full)
    suffix = full[len(stem) :]
    variants = (suffix, "乡", "镇") if suffix in ("乡", "镇", "民族乡") else (suffix,)
    levels = tuple(s for s in variants if s)
    unclear = False
    start = flat.find(stem)
    while start != -1:
        head = flat[:start]
        for i in range(len(head) - 1, -1, -1):
            if head[i] in _BEFORE_TOWNSHIP:
                head = head[i + 1 :]
                break
        tail = flat[start + len(stem) :]
        level = bool(levels) and tail.startswith(levels)
        # before the name: nothing, a larger place, or a county written without 县 (富源)
        place_before = head == "" or (len(head) >= 2 and not re.search(r"[乡镇]", head))
        if place_before and (level or tail == ""):
            return True
        if not level:  # 大富村, 营上镇富村, 富源县富村街: the stem, but maybe of another place
            unclear = True
        start = flat.find(stem, start + 1)
    if unclear or _COUNTY_END.search(flat):
        return None
    if _PLACE_END.search(flat) or _TOWNSHIP_THEN_MORE.search(flat):
        return False
    return None


def slot(post: str, vocabulary: Vocabulary) -> str:
    """The slot a proposed post fills: 乡镇长 and 专职副书记 fill a 副书记 slot."""
    return vocabulary.slot(post)


_DEPUTY = frozenset({"副书记", "专职副书记"})


def same_post(current: str | None, p: Person) -> bool:
    """Whether a candidate is renominated to the post held now (any of the proposed posts):
    副书记 and 专职副书记 are one post written two ways; 乡镇长 is another post."""
    if not current:
        return False
    return any(
        post == current or (post in _DEPUTY and current in _DEPUTY) for post in proposed_posts(p)
    )


def proposed_posts(p: Person) -> tuple[str, ...]:
    """Every post a candidate is proposed for (党委书记、人大主席 names two), main post first."""
    if p.proposed_posts:
        return p.proposed_posts
    return () if p.proposed_post is None else (p.proposed_post,)
