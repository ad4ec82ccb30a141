"""Controlled vocabularies: education scale, the 56 ethnic groups, categories, posts."""

from __future__ import annotations

import re

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
_EDU_PREFIX = re.compile(
    r"^(省委党校|市委党校|县委党校|中央党校|党校|在职|函授|自考|电大|夜大|成人|网络)+"
)
_EDU_SUFFIX = re.compile(r"(学历|毕业|文化|程度|在读)+$")


def education_level(text: str) -> int | None:
    """The level of an education as staff write it; 肄业 counts one level lower; None if unknown."""
    word = text.strip()
    if word in ("无", "none"):
        return 0
    dropout = "肄业" in word
    word = word.replace("肄业", "")
    word = _EDU_SUFFIX.sub("", _EDU_PREFIX.sub("", word))
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


CATEGORY_ALIASES: dict[str, str] = {
    "领导干部": "领导干部",
    "领导": "领导干部",
    "干部": "领导干部",
    "专业技术人员": "专业技术人员",
    "专技人员": "专业技术人员",
    "专业技术": "专业技术人员",
    "先进模范人物": "先进模范人物",
    "先进模范": "先进模范人物",
    "模范人物": "先进模范人物",
    "其他": "其他",
    "其它": "其他",
}

# 拟任职务: the 副书记 slot may be written with the 乡镇长 it is held by.
POST_ALIASES: dict[str, str] = {
    "党委书记": "书记",
    "书记": "书记",
    "党委副书记": "副书记",
    "副书记": "副书记",
    "专职副书记": "专职副书记",
    "党委专职副书记": "专职副书记",
    "乡镇长": "乡镇长",
    "乡长": "乡镇长",
    "镇长": "乡镇长",
    "副书记(乡镇长)": "乡镇长",
    "副书记(乡长)": "乡镇长",
    "副书记(镇长)": "乡镇长",
    "副书记、乡镇长": "乡镇长",
    "副书记、乡长": "乡镇长",
    "副书记、镇长": "乡镇长",
    "纪委书记": "纪委书记",
    "纪委副书记": "纪委副书记",
    "专职委员": "专职委员",
    "纪委专职委员": "专职委员",
    "兼职委员": "兼职委员",
    "纪委兼职委员": "兼职委员",
    "人大主席": "人大主席",
    "副乡镇长": "副乡镇长",
    "副乡长": "副乡镇长",
    "副镇长": "副乡镇长",
    "武装部长": "武装部长",
    "人武部长": "武装部长",
    "组织委员": "组织委员",
    "宣传委员": "宣传委员",
    "统战委员": "统战委员",
    "委员": "委员",
    "党委委员": "委员",
    "纪委委员": "纪委委员",
}
DEPUTY_POSTS = ("乡镇长", "专职副书记", "副书记")  # posts that fill a 副书记 slot
HEAD_POSTS = ("书记", "乡镇长")  # 正职


def post_name(text: str) -> str | None:
    """The canonical post for a written 职务, or None when it is not one electkit knows."""
    word = re.sub(r"[（(]", "(", text.strip())
    word = re.sub(r"[）)]", ")", word).replace(" ", "")
    return POST_ALIASES.get(word)


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
}


def field_label(fieldname: str) -> str:
    """The Chinese header of a field."""
    return FIELD_LABELS.get(fieldname, fieldname)
