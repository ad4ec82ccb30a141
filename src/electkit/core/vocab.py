"""Fixed scales and how posts are read: the education scale, the 56 ethnic groups, and the
mechanism that reads a 职务 cell against the rule set's post vocabulary (core/vocabulary.py)."""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from electkit.core.vocabulary import Vocabulary

# 学历 levels (rules digest §8). "初中以上" means level ≥ 2; "大专以上" means level ≥ 4.
EDUCATION_LEVELS: dict[str, int] = {
    "文盲": 0,
    "不识字": 0,
    "半文盲": 0,
    "小学": 1,
    "初中": 2,
    "初级中学": 2,
    "高中": 3,
    "中专": 3,
    "职高": 3,
    "技校": 3,
    "中技": 3,
    "职中": 3,
    "中师": 3,
    "高级中学": 3,
    "中等专科": 3,
    "大专": 4,
    "大学专科": 4,
    "专科": 4,
    "高职": 4,
    "本科": 5,
    "大学本科": 5,
    "大学": 5,
    "研究生": 6,
    "硕士": 6,
    "硕士研究生": 6,
    "博士": 7,
    "博士研究生": 7,
}
EDUCATION_NAMES = {
    0: "文盲",
    1: "小学",
    2: "初中",
    3: "高中",
    4: "大专",
    5: "本科",
    6: "研究生",
    7: "博士",
}
# the levels in English, for reports in English (the Chinese cell stays in the Chinese report)
EDUCATION_NAMES_EN = {
    0: "none",
    1: "primary school",
    2: "junior middle school",
    3: "senior middle school",
    4: "college (dazhuan)",
    5: "bachelor's degree",
    6: "postgraduate",
    7: "doctorate",
}
_EDU_PREFIX = re.compile(
    r"^(省委党校|市委党校|县委党校|中央党校|党校|在职|函授|自考|电大|夜大|成人|网络|全日制|脱产|业余)+"
)
# a qualifier in brackets after the level: 本科（在职）, 大专(函授); 肄业 is seen before it goes
_EDU_BRACKETS = re.compile(r"[(（\[【〔][^)）\]】〕]*[)）\]】〕]")
_EDU_SUFFIX = re.compile(r"(学历|毕业|文化|程度|在读)+$")


def education_level(text: str) -> int | None:
    """The level of an education as staff write it; 肄业 counts one level lower; None if unknown."""
    word = text.strip()
    if word in ("无", "none"):
        return 0
    dropout = "肄业" in word
    word = word.replace("肄业", "")
    word = _EDU_SUFFIX.sub("", _EDU_PREFIX.sub("", _EDU_BRACKETS.sub("", word).strip()))
    level = EDUCATION_LEVELS.get(word)
    if level is None:
        return None
    return max(level - 1, 0) if dropout else level


ETHNIC_GROUPS: tuple[str, ...] = (
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
)
# the 56 groups' English names as GB/T 3304 romanises them, in the order above
ETHNIC_GROUPS_EN: dict[str, str] = dict(
    zip(
        ETHNIC_GROUPS,
        (
            "Han",
            "Mongol",
            "Hui",
            "Zang (Tibetan)",
            "Uygur",
            "Miao",
            "Yi",
            "Zhuang",
            "Buyei",
            "Chosen (Korean)",
            "Man (Manchu)",
            "Dong",
            "Yao",
            "Bai",
            "Tujia",
            "Hani",
            "Kazak",
            "Dai",
            "Li",
            "Lisu",
            "Va",
            "She",
            "Gaoshan",
            "Lahu",
            "Sui",
            "Dongxiang",
            "Naxi",
            "Jingpo",
            "Kirgiz",
            "Tu",
            "Daur",
            "Mulao",
            "Qiang",
            "Blang",
            "Salar",
            "Maonan",
            "Gelao",
            "Xibe",
            "Achang",
            "Pumi",
            "Tajik",
            "Nu",
            "Uzbek",
            "Russ",
            "Ewenki",
            "Deang",
            "Bonan",
            "Yugur",
            "Gin",
            "Tatar",
            "Derung",
            "Oroqen",
            "Hezhen",
            "Monba",
            "Lhoba",
            "Jino",
        ),
        strict=True,
    )
)
_ETHNIC_SHORT = {g[:-1]: g for g in ETHNIC_GROUPS if len(g) > 2} | {
    "汉": "汉族",
    "回": "回族",
    "藏": "藏族",
    "苗": "苗族",
    "彝": "彝族",
    "壮": "壮族",
    "满": "满族",
    "侗": "侗族",
    "瑶": "瑶族",
    "白": "白族",
    "傣": "傣族",
    "黎": "黎族",
    "佤": "佤族",
    "畲": "畲族",
    "水": "水族",
    "土": "土族",
    "羌": "羌族",
    "怒": "怒族",
    "京": "京族",
}


def ethnic_group(text: str) -> str | None:
    """The full name of one of the 56 groups (彝 → 彝族), or None."""
    word = text.strip()
    if word in ETHNIC_GROUPS:
        return word
    return _ETHNIC_SHORT.get(word)


_POST_SPACES = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_BRACKETS = re.compile(r"[(\[【〔]([^)\]】〕]*)[)\]】〕]")
# 、 ， ; / 及, 兼任 and 兼 (but not the 兼 of 兼职委员) separate posts in one cell
_POST_SPLIT = re.compile(r"[、,;/／及]+|兼任|兼(?!职)")
_POST_SUFFIX = re.compile(r"(提名人选|候选人选|候选人|提名人|人选)$")
_POST_LEAD = re.compile(r"^(拟提名为|拟提名|拟任|拟)")
# where a place or body ends before the post (中共青山乡委员会书记, 青山乡人民政府乡长, 镇党委书记)
_POST_BOUNDARY = re.compile(r"中共|党委|委员会|人民政府|政府|乡|镇")
# the body of a township named before a post: 青山乡党委, 中共青山乡委员会, 青山乡人民政府
_TOWNSHIP_BODY = re.compile(r"(委员会|党委|人民政府|政府)$")
# a place ending in 乡/镇 that still names another body (a county committee, a company …).
# Single characters such as 村, 厂, 所, 院 are not here: real towns carry them (富村镇, 老厂镇,
# 后所镇, 苏家院镇), and a village or a works never ends in 乡/镇 (青山村, 某煤矿 are refused anyway)
_NOT_TOWNSHIP = re.compile(
    r"社区|局|公司|中心|集团|企业|银行|协会|支部|总支|团委|县委|市委|州委|区委|省委"
)
_LARGER_PLACE = frozenset("省市县区州旗盟")
# 党委副书记(专职) is the 专职副书记 (but 纪委副书记(专职) is the 纪委副书记)
_FULL_TIME_DEPUTY = re.compile(r"(?<!纪委)副书记\s*[(\[【〔]\s*专职\s*[)\]】〕]")
_DISCIPLINE_MEMBER = re.compile(r"(?:纪委)?委员\s*[(\[【〔]\s*(专职|兼职)\s*[)\]】〕]")
# 组织宣传委员: one person holding both posts
_JOINT_MEMBERS = re.compile(r"^((?:组织|宣传|统战|政法){2,})委员$")
# on a --contest discipline slate the plain posts are the 纪委's
_DISCIPLINE_PLAIN = {"书记": "纪委书记", "副书记": "纪委副书记", "委员": "纪委委员"}


def _township_prefix(prefix: str, township: str | None) -> bool:
    """Whether text before a post names this township or its Party committee or government.

    Accepted: nothing, 乡/镇/乡镇, the township's name (青山乡, 青山, 富源县青山乡), a name ending
    in 乡/镇 that names no other body (局, 公司, 县委 …; 老厂镇 and 富村镇 are towns), each optionally as
    中共…委员会, …党委 or …(人民)政府. 青山村党委书记 and 县委党校党委书记 are not township posts.
    """
    place = _TOWNSHIP_BODY.sub("", prefix.removeprefix("中共"))
    if place in ("", "乡", "镇", "乡镇"):
        return True
    if township:
        full = _POST_SPACES.sub("", unicodedata.normalize("NFKC", township))
        stem = re.sub(r"(乡|镇)$", "", full)
        if place in (full, stem) or (
            place.endswith(full) and place[-len(full) - 1] in _LARGER_PLACE
        ):
            return True
    return place.endswith(("乡", "镇")) and _NOT_TOWNSHIP.search(place) is None


def _alias(key: str, prefix: str, contest: str | None, vocab: Vocabulary) -> str | None:
    """The canonical post of an alias written after a (township) prefix."""
    found = vocab.post_aliases.get(key)
    if found is None:
        joint = _JOINT_MEMBERS.match(key)
        if joint is None:
            return None
        # read as the first of the posts; _part_posts names them all
        found = joint.group(1)[:2] + "委员"
    if (
        contest == "discipline"
        and key in _DISCIPLINE_PLAIN
        and not re.search("党委|委员会", prefix)
    ):
        return _DISCIPLINE_PLAIN[key]
    return found


def _strip(word: str) -> str:
    return _POST_LEAD.sub("", _POST_SUFFIX.sub("", word)).replace("纪律检查委员会", "纪委")


def _one_post(
    word: str, vocab: Vocabulary, township: str | None = None, contest: str | None = None
) -> str | None:
    """One post as written (prefixes and suffixes allowed), or None.

    Text before the post is dropped only when it names the township (see ``_township_prefix``):
    青山村党委书记 names no township post.
    """
    word = _strip(word)
    if not word:
        return None
    found = _alias(word, "", contest, vocab)
    if found is not None:
        return found
    for boundary in _POST_BOUNDARY.finditer(word):
        prefix = word[: boundary.end()]
        found = _alias(word[boundary.end() :], prefix, contest, vocab)
        if found is not None and _township_prefix(prefix, township):
            return found
    return None


def _joint(word: str) -> tuple[str, ...]:
    """组织宣传委员 → 组织委员, 宣传委员 (after a township prefix, if any)."""
    word = _strip(word)
    for start in (0, *(b.end() for b in _POST_BOUNDARY.finditer(word))):
        joint = _JOINT_MEMBERS.match(word[start:])
        if joint is not None:
            names = joint.group(1)
            return tuple(names[i : i + 2] + "委员" for i in range(0, len(names), 2))
    return ()


def _part_posts(
    word: str, vocab: Vocabulary, township: str | None = None, contest: str | None = None
) -> tuple[str, ...]:
    """The posts one part names: one post, or two written together (党委副书记乡长)."""
    found = _one_post(word, vocab, township, contest)
    if found is not None:
        return _joint(word) or (found,)
    for cut in range(1, len(word)):
        first = _one_post(word[:cut], vocab, township, contest)
        second = _one_post(word[cut:], vocab, township, contest) if first is not None else None
        if first is not None and second is not None:
            return first, second
    return ()


def _fold(posts: list[str], vocab: Vocabulary) -> tuple[str, ...]:
    """Posts without the ones a more specific post implies, highest first.

    A post that fills a slot (乡镇长, 专职副书记 fill 副书记) stands for it (党委副书记、乡长 is the
    one post 乡镇长); a body's plain member post (委员, 纪委委员: ``generic``) is implied by any other
    post of that body, and the committee's 委员 by any other post at all.
    """
    found = set(posts)
    for post in list(found):
        term = vocab.post(post)
        if term is not None and term.fills and term.fills != post:
            found.discard(term.fills)
    specific = [t for t in (vocab.post(p) for p in found) if t is not None and not t.generic]
    for post in list(found):
        term = vocab.post(post)
        if term is None or not term.generic:
            continue
        if any(term.body == "committee" or other.body == term.body for other in specific):
            found.discard(post)
    return tuple(p for p in vocab.post_order if p in found)


def post_names(
    text: str,
    vocab: Vocabulary,
    *,
    township: str | None = None,
    contest: str | None = None,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The posts a 拟任职务/现任职务 cell names, highest first, and the parts that name no post.

    NFKC and spaces removed; 人选/候选人/提名人选 and 拟任 dropped; a township or its committee or
    government before the post dropped (乡党委书记, 中共青山乡委员会书记), but not another body
    (青山村党委书记 names no post); several posts separated by 、 ， ; / 兼 兼任 or in brackets
    (党委副书记(乡长)) are read together. Bracketed text that names no post is a remark.
    ``township``: the election's township (its name before a post is a township prefix);
    ``contest``: on a ``discipline`` slate, plain 书记, 副书记 and 委员 are the 纪委's.
    """
    word = unicodedata.normalize("NFKC", text).strip()
    if contest == "discipline":  # 委员(专职) is a 专职委员 of the 纪委
        word = _DISCIPLINE_MEMBER.sub(r"\1委员", word)
    else:
        word = _FULL_TIME_DEPUTY.sub("专职副书记", word)
    found = _alias(_POST_SPACES.sub("", word), "", contest, vocab)  # 副书记(乡镇长) is one post
    if found is not None and not _joint(_POST_SPACES.sub("", word)):
        return (found,), ()
    remarks = [_POST_SPACES.sub("", inner) for inner in _BRACKETS.findall(word)]
    outside = _BRACKETS.sub("、", word)
    posts: list[str] = []
    unknown: list[str] = []
    for part in _POST_SPLIT.split(outside):
        compact = _POST_SPACES.sub("", part)
        if not compact:
            continue
        named = _part_posts(compact, vocab, township, contest)
        if named:
            posts += named
            continue
        pending = ""  # text naming no post, which qualifies the post after it (青山村 党委书记)
        for piece in _POST_SPACES.split(part.strip()):  # 党委副书记 乡长
            named = _part_posts(piece, vocab, township, contest)
            if not named:
                pending += piece
            elif pending:
                unknown.append(pending + piece)  # not a township post: kept as written
                pending = ""
            else:
                posts += named
        if pending:
            unknown.append(pending)
    for remark in remarks:
        for part in _POST_SPLIT.split(remark):
            posts += _part_posts(part, vocab, township, contest) if part else ()
    return _fold(posts, vocab), tuple(unknown)


def post_name(
    text: str, vocab: Vocabulary, *, township: str | None = None, contest: str | None = None
) -> str | None:
    """The main canonical post of a written 职务, or None when it names no declared post."""
    posts, _unknown = post_names(text, vocab, township=township, contest=contest)
    return posts[0] if posts else None


# The header staff see for each field (not-checked messages name the column as staff know it).
FIELD_LABELS: dict[str, str] = {
    "name": "姓名",
    "gender": "性别",
    "ethnicity": "民族",
    "birth_date": "出生年月",
    "education": "学历",
    "party_status": "政治面貌",
    "joined_party": "入党时间",
    "category": "代表类别",
    "position": "工作单位及职务",
    "unit": "选举单位",
    "id_number": "身份证号",
    "discipline": "党纪处分",
    "discipline_date": "处分时间",
    "suspended": "留置逮捕",
    "under_investigation": "立案审查",
    "family_planning_violation": "违反计划生育",
    "work_start": "参加工作时间",
    "current_post": "现任职务",
    "current_post_since": "任现职时间",
    "proposed_post": "拟任职务",
    "native_place": "籍贯",
    "relatives": "亲属",
    "terms_in_post": "连任届数",
    "newly_promoted": "新提拔",
    "rank": "职级",
}


def field_label(fieldname: str) -> str:
    """The Chinese header of a field."""
    return FIELD_LABELS.get(fieldname, fieldname)


def ethnic_text(name: str | None, lang: str) -> str:
    """An ethnic group as a report in ``lang`` shows it: its GB/T 3304 English name in English
    (the cell as written when it is not one of the 56)."""
    if not name:
        return ""
    if lang == "en":
        group = ethnic_group(name)
        if group is not None:
            return ETHNIC_GROUPS_EN[group]
    return name


def education_text(level: int | None, label: str | None, lang: str) -> str:
    """An education level as a report in ``lang`` shows it (the cell as written in Chinese)."""
    if lang == "en" and level is not None:
        return EDUCATION_NAMES_EN[level]
    return label or ""
