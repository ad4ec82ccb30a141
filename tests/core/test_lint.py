from collections.abc import Callable
from pathlib import Path

from electkit.core.lint import lint
from electkit.core.ruleset import RuleSet
from electkit.io.rules_loader import load_ruleset
from electkit.messages import t


def test_zhaotong_seven_seat_extra_weakens_national_floor(
    rulesets: Callable[[str], RuleSet],
) -> None:
    items = lint(rulesets("zhaotong-2006"), rulesets("national-1990"))
    weak = [i for i in items if i.type == "weakens"]
    assert [(i.rule, i.params["seats"], i.local, i.national) for i in weak] == [
        ("CS-EXTRA", 7, "1", "2")
    ]
    assert weak[0].params["share"] == "14.29%"
    assert "差额为1名" in (weak[0].local_source or "")
    assert "百分之二十" in (weak[0].national_source or "")
    assert weak[0].severity.value == "warning"


def test_fuyuan_weakens_nothing_but_adds(rulesets: Callable[[str], RuleSet]) -> None:
    items = lint(rulesets("fuyuan-2006"), rulesets("national-1990"))
    assert not [i for i in items if i.type in ("weakens", "removed")]
    kinds = {i.rule: i.type for i in items}
    assert kinds["EL-INVEST"] == "addition"
    assert kinds["EL-FULL"] == "restated"
    assert kinds["DL-ALLOC"] == "override"


def test_user_set_lowering_a_share_and_dropping_a_rule(
    tmp_path: Path, rulesets: Callable[[str], RuleSet]
) -> None:
    path = tmp_path / "lax.yaml"
    path.write_text(
        """name: lax
title: {zh: 宽, en: lax}
extends: national-2020
rules:
  - {code: TL-QUORUM, params: {mode: at_least}}
  - {code: TL-THRESHOLD, params: {basis: present}}
  - {code: DL-TOTAL, params: {max: 350}}
  - {code: EL-FULL, severity: warning}
  - {code: EL-SUSPEND, disabled: true}
""",
        encoding="utf-8",
    )
    items = lint(load_ruleset(str(path)), rulesets("national-2020"))
    found = {(i.rule, i.message_id) for i in items if i.severity.value == "warning"}
    assert found == {
        ("TL-QUORUM", "lint.weakens.quorum"),
        ("TL-THRESHOLD", "lint.weakens.basis"),
        ("DL-TOTAL", "lint.weakens.param"),
        ("EL-FULL", "lint.weakens.severity"),
        ("EL-SUSPEND", "lint.removed"),
    }
    said = {
        (i.rule, lang): t(i.message_id, lang, **i.params, local=i.local, national=i.national)
        for i in items
        if i.message_id.startswith("lint.weakens.")
        for lang in ("zh", "en")
    }
    assert said[("TL-QUORUM", "zh")] == "到会要求“不少于80%”宽于全国的“超过80%”"
    assert said[("TL-QUORUM", "en")] == (
        "quorum 'at least 80%' is looser than the national 'more than 80%'"
    )
    assert "实到会人数" in said[("TL-THRESHOLD", "zh")]
    assert said[("EL-FULL", "zh")] == "严重程度从“错误”降为“提醒”"
    assert not any("_" in text for text in said.values())  # no machine value leaks through


def test_user_set_lowering_a_county_rule_is_compared_with_the_county(tmp_path: Path) -> None:
    """A user's file extending fuyuan-2006 that lowers its 40-and-under share from 60% to 50%:
    still a local rule to the national set, but a weakening of the county's rule."""
    from electkit.core.lint import lint_lineage

    path = tmp_path / "weak.yaml"
    path.write_text(
        """name: my-county
title: {zh: 某县, en: some county}
extends: fuyuan-2006
rules:
  - code: DL-AGE40
    params:
      group: {label: {zh: 40岁以下, en: aged 40 or under}, age_max: 40}
      at_least: 1/2
  - code: CS-YOUNG
    disabled: true
""",
        encoding="utf-8",
    )
    rs = load_ruleset(str(path))
    assert [a.name for a in rs.ancestors] == ["fuyuan-2006", "national-1990"]
    items = lint_lineage(rs)
    county = [(i.rule, i.type, i.local, i.national, i.against) for i in items if i.against]
    assert ("DL-AGE40", "weakens", "≥ 50%", "≥ 60%", "fuyuan-2006") in county
    assert ("CS-YOUNG", "removed", None, None, "fuyuan-2006") in county
    age = next(i for i in items if i.rule == "DL-AGE40" and i.type == "weakens")
    assert "fuyuan-2006" in t(
        age.message_id, "zh", **age.params, local=age.local, national=age.national
    )
    # the packaged county set itself weakens nothing of its own
    assert not [i for i in lint_lineage(load_ruleset("fuyuan-2006")) if i.against]


def test_slate_thresholds_and_share_caps_are_compared_in_their_direction(tmp_path: Path) -> None:
    """A user's file over zhaotong-2006 lowering 工龄 and 学历, and one over fuyuan-2006 raising
    the young-cadre age and the leaders' cap: each is a weakening of the county set, and the
    inherited clause is marked as no longer saying what the rule requires."""
    from electkit.core.lint import MODIFIED_MARK, lint_lineage

    path = tmp_path / "l3.yaml"
    path.write_text(
        """name: l3
title: {zh: 某县, en: some county}
extends: zhaotong-2006
rules:
  - code: CQ-WORKYEARS
    params: {years: {书记: 1, 副书记: 3, 纪委书记: 3}}
  - code: CQ-EDU
    params: {level: 初中}
""",
        encoding="utf-8",
    )
    items = lint_lineage(load_ruleset(str(path)))
    weak = {(i.rule, i.local, i.national) for i in items if i.type == "weakens" and i.against}
    assert ("CQ-WORKYEARS", "1", "5") in weak and ("CQ-EDU", "初中", "大专") in weak
    edu = next(i for i in items if i.rule == "CQ-EDU" and i.type == "weakens")
    assert (edu.local_source or "").startswith(MODIFIED_MARK)
    text = t(edu.message_id, "zh", **edu.params, local=edu.local, national=edu.national)
    assert "学历要求" in text and "zhaotong-2006" in text

    path = tmp_path / "l1.yaml"
    path.write_text(
        """name: l1
title: {zh: 某县, en: some county}
extends: fuyuan-2006
rules:
  - code: CS-YOUNG
    params: {max_age: 35}
  - code: DL-LEADERS
    params:
      group: {label: {zh: 领导干部, en: leaders}, category: 领导干部}
      around: 3/4
      tolerance: 1/10
""",
        encoding="utf-8",
    )
    items = lint_lineage(load_ruleset(str(path)))
    weak = {(i.rule, i.local, i.national) for i in items if i.type == "weakens" and i.against}
    assert ("CS-YOUNG", "35", "30") in weak
    assert ("DL-LEADERS", "65%–85%", "65%–75%") in weak


def test_two_posts_loosened_alike_are_two_lines(tmp_path: Path) -> None:
    from electkit.core.lint import lint_lineage

    path = tmp_path / "z1.yaml"
    path.write_text(
        """name: z1
title: {zh: 某县, en: some county}
extends: zhaotong-2006
rules:
  - code: CQ-WORKYEARS
    params: {years: {书记: 5, 副书记: 2, 纪委书记: 2}}
""",
        encoding="utf-8",
    )
    weak = [i for i in lint_lineage(load_ruleset(str(path))) if i.rule == "CQ-WORKYEARS"]
    posts = sorted(str(i.params["param"]) for i in weak if i.type == "weakens")
    assert (
        len(posts) == 2
        and any("副书记" in p for p in posts)
        and any("纪委书记" in p for p in posts)
    )


def test_posts_exchange_share_and_leadership_posts_are_compared(tmp_path: Path) -> None:
    from electkit.core.lint import lint_lineage

    path = tmp_path / "loose.yaml"
    path.write_text(
        """name: loose
title: {zh: 某县, en: some county}
extends: zhaotong-2006
rules:
  - code: CS-POSTS
    params: {base: 10}
  - code: CS-EXCHANGE
    params: {max: 1/2}
  - code: CS-MEMBERS
    params: {posts: [人大主席]}
""",
        encoding="utf-8",
    )
    weak = {i.rule for i in lint_lineage(load_ruleset(str(path))) if i.type == "weakens"}
    assert {"CS-POSTS", "CS-EXCHANGE", "CS-MEMBERS"} <= weak


def test_lint_sees_every_parameter_in_its_direction(tmp_path: Path) -> None:
    """The blind spots of 0.1: a lower usual minimum of delegates was "not loosened", a
    committee of 5–8 with 1 副书记 under national-2020 (7–9, 2 副书记) only "changed"."""
    path = tmp_path / "small.yaml"
    path.write_text(
        """name: small
title: {zh: 小, en: small}
extends: national-2020
rules:
  - {code: DL-TOTAL, params: {usual_min: 60}}
  - {code: CS-SEATS, params: {range: [5, 8]}}
  - {code: CS-OFFICERS, params: {require: {书记: 1, 副书记: 1}}}
  - {code: DL-EXTRA, params: {ratio: 1/10}}
""",
        encoding="utf-8",
    )
    from electkit.core.lint import lint_lineage

    items = lint_lineage(load_ruleset(str(path)))
    found = {(i.rule, i.type, i.message_id) for i in items if i.severity.value == "warning"}
    assert ("DL-TOTAL", "weakens", "lint.weakens.param") in found
    assert ("CS-SEATS", "conflicts", "lint.seats.outside") in found
    assert ("CS-OFFICERS", "weakens", "lint.officers.count") in found
    assert ("DL-EXTRA", "weakens", "lint.weakens.ratio") in found
    seats = next(i for i in items if i.rule == "CS-SEATS")
    assert seats.params["seats"] == "5、6"
    said = t(seats.message_id, "zh", **seats.params, local=seats.local, national=seats.national)
    assert said == "本规则集允许的名额5-8中，5、6名超出全国规定的7-9"


def test_stricter_values_are_overrides_not_weakenings(tmp_path: Path) -> None:
    path = tmp_path / "strict.yaml"
    path.write_text(
        """name: strict
title: {zh: 严, en: strict}
extends: national-2020
rules:
  - {code: DL-TOTAL, params: {usual_min: 120, usual_max: 150, max: 200}}
  - {code: CS-OFFICERS, params: {deputy_slots: {乡镇长: 1}}}
  - {code: EL-IDNUM, params: {old_15_severity: error}}
""",
        encoding="utf-8",
    )
    items = lint(load_ruleset(str(path)), load_ruleset("national-2020"))
    assert {
        (i.rule, i.type) for i in items if i.rule in ("DL-TOTAL", "CS-OFFICERS", "EL-IDNUM")
    } == {
        ("DL-TOTAL", "override"),
        ("CS-OFFICERS", "override"),
        ("EL-IDNUM", "override"),
    }


def test_windows_ages_and_shares_both_ways(tmp_path: Path) -> None:
    base = tmp_path / "base.yaml"
    base.write_text(
        """name: base-county
title: {zh: 县, en: county}
extends: national-2020
documents:
  N: {title: 某县通知}
rules:
  - code: EL-RECENT
    kind: disqualification
    severity: error
    title: {zh: 近五年处分, en: five years}
    params: {events: [{kind: 党纪处分}, {kind: 政务处分}], within: {years: 5}}
    source: {text: "近五年受过处分的", ref: 一, doc: N, quality: local}
  - code: DL-CADRES
    kind: share
    severity: error
    title: {zh: 干部, en: cadres}
    params: {group: {label: {zh: 干部, en: cadres}, category: [领导干部]}, at_most: 3/5}
    source: {text: "不超过60%", ref: 二, doc: N, quality: local}
  - code: DL-YOUNG
    kind: share
    severity: error
    title: {zh: 年轻, en: young}
    params: {group: {label: {zh: 45岁以下, en: 45 or under}, age: {max: 45}}, at_least: 1/2}
    source: {text: "45岁以下不少于50%", ref: 三, doc: N, quality: local}
""",
        encoding="utf-8",
    )
    child = tmp_path / "child.yaml"
    child.write_text(
        """name: child-county
title: {zh: 子, en: child}
extends: base.yaml
rules:
  - {code: EL-RECENT, params: {within: {years: 3}, events: [{kind: 党纪处分}]}}
  - {code: DL-CADRES, params: {at_most: 7/10}}
  - {code: DL-YOUNG, params: {group: {label: {zh: 50岁以下, en: 50 or under}, age: {max: 50}}}}
""",
        encoding="utf-8",
    )
    from electkit.core.lint import lint_lineage

    items = lint_lineage(load_ruleset(str(child)))
    weak = {(i.rule, i.message_id, i.local, i.national) for i in items if i.type == "weakens"}
    assert ("EL-RECENT", "dev.lint.weakens.param", "3年", "5年") in weak
    assert ("EL-RECENT", "dev.lint.weakens.param", "—", "政务处分") in weak
    assert ("DL-CADRES", "dev.lint.weakens.bounds", "≤ 70%", "≤ 60%") in weak
    # a larger group with an "at least" bound is weaker; the message names both groups
    (young,) = [i for i in items if i.rule == "DL-YOUNG" and i.type == "weakens"]
    assert young.message_id == "dev.lint.weakens.group"
    text = t(young.message_id, "zh", **young.params, local=young.local, national=young.national)
    assert "50岁以下" in text and "45岁以下" in text


def _child(tmp_path: Path, parent: str, rules: str) -> list:
    from electkit.core.lint import lint_lineage

    path = tmp_path / "child.yaml"
    path.write_text(
        f"name: child\ntitle: {{zh: 某县, en: a county}}\nextends: {parent}\n"
        "documents:\n  W: {title: 某县通知}\nrules:\n" + rules,
        encoding="utf-8",
    )
    return lint_lineage(load_ruleset(str(path)))


def test_leadership_posts_are_compared_township_by_township(tmp_path: Path) -> None:
    """Before: relaxations the ancestor leaves unset (None = no relaxation, the strictest) read
    as "no bound", so 15 posts for every township above 1 person linted "未放宽"."""
    src = '    source: {text: "领导职数", ref: "一", doc: W, quality: local}\n'
    items = _child(
        tmp_path,
        "zhaotong-2006",
        "  - code: CS-POSTS\n    params: {large_population: 1, large: 15}\n" + src,
    )
    (item,) = [i for i in items if i.rule == "CS-POSTS" and i.type == "weakens"]
    assert item.message_id == "dev.lint.posts.more"
    assert (item.local, item.national) == ("15", "8")
    # only a warning above 8 posts from 40,000 people: weaker, said as such
    items = _child(
        tmp_path,
        "zhaotong-2006",
        "  - code: CS-POSTS\n    params: {relax_population: 40000}\n" + src,
    )
    (item,) = [i for i in items if i.rule == "CS-POSTS" and i.type == "weakens"]
    assert item.message_id == "dev.lint.posts.relaxed" and "40000" in str(item.params["case"])
    # stricter: 7 posts, no extra for very large townships: nothing weaker
    items = _child(
        tmp_path,
        "zhaotong-2006",
        "  - code: CS-POSTS\n    params: {base: 7, very_large_extra: 0}\n" + src,
    )
    assert not [i for i in items if i.rule == "CS-POSTS" and i.type == "weakens"]


def test_committee_sizes_are_compared_at_every_village_threshold(tmp_path: Path) -> None:
    """Before: sizes were compared for 0–20 villages only, so 11 seats from 21 villages passed."""
    src = '    source: {text: "委员职数", ref: "一", doc: W, quality: local}\n'
    for at_least, weak in [(21, True), (1000, True), (5, True)]:
        rules = (
            "  - code: CS-SEATS\n"
            f"    params: {{seats: 11, villages_at_least: {at_least}, seats_few: 9}}\n" + src
        )
        items = _child(tmp_path, "national-2020", rules)
        found = [i for i in items if i.rule == "CS-SEATS" and i.message_id == "lint.seats.outside"]
        assert bool(found) is weak, at_least
        assert found[0].params["seats"] == "11"
    rules = (
        "  - code: CS-SEATS\n    params: {seats: 9, villages_at_least: 21, seats_few: 7}\n" + src
    )
    items = _child(tmp_path, "national-2020", rules)
    assert not [i for i in items if i.rule == "CS-SEATS" and i.message_id == "lint.seats.outside"]


def test_a_child_window_replaces_the_parents(tmp_path: Path) -> None:
    """Before: {months: 59} over {years: 5} was merged into both keys and refused ("时限须给出
    years 或 months 之一")."""
    parent = tmp_path / "parent.yaml"
    parent.write_text(
        """name: parent
title: {zh: 父, en: parent}
extends: national-2020
documents:
  N: {title: 某县方案}
rules:
  - code: EL-RECENT
    kind: disqualification
    severity: error
    title: {zh: 近五年受处分, en: recent sanction}
    params: {events: [{kind: 党纪处分}], within: {years: 5}}
    source: {text: "近五年受过党纪处分的", ref: 三, doc: N, quality: local}
""",
        encoding="utf-8",
    )
    items = _child(
        tmp_path,
        "parent.yaml",
        "  - {code: EL-RECENT, params: {within: {months: 59}}}\n",
    )
    rs = load_ruleset(str(tmp_path / "child.yaml"))
    assert rs.rules["EL-RECENT"].params.within.months == 59
    assert rs.rules["EL-RECENT"].params.within.years is None
    (weak,) = [i for i in items if i.rule == "EL-RECENT" and i.type == "weakens"]
    assert (weak.local, weak.national) == ("59个月", "5年")


def test_impossible_bounds_zero_seats_and_bad_codes_are_refused_in_words(tmp_path: Path) -> None:
    """A tester's file: bounds no list can meet linted clean, a township with 0 seats was
    accepted, and a bad code was explained by a regular expression."""
    from electkit.core.errors import InputError

    path = tmp_path / "bad.yaml"
    path.write_text(
        """name: bad
title: {zh: 某县, en: a county}
extends: national-2020
documents:
  N: {title: 某县}
rules:
  - code: dl-women
    kind: share
    severity: error
    title: {zh: 妇女, en: women}
    params: {group: {label: {zh: 妇女, en: women}, gender: 女}, more_than: 1/5, at_most: 1/5}
    source: {text: "x", ref: 一, doc: N, quality: local}
  - code: CS-SEATS
    params: {exceptions: {某镇: 0}}
""",
        encoding="utf-8",
    )
    try:
        load_ruleset(str(path))
    except InputError as exc:
        problems = exc.problems
    else:  # pragma: no cover
        raise AssertionError("loaded")
    texts = [t(p.message_id, "zh", **p.params) for p in problems]
    assert any("DL-WOMEN" in x and "pattern" not in x for x in texts)
    assert any(p.message_id == "val.bounds_impossible" for p in problems)
    assert any("某镇" in (p.column or "") for p in problems)


def test_committee_sizes_by_township_class_are_compared_class_by_class(tmp_path: Path) -> None:
    """澧县: "一、二类乡镇党委班子成员配7名,三类乡镇…配5名" under national-2020's 7 to 9: the 5 of
    三类 is outside what the national text allows (a conflict shown, never hidden); 7 and 8 are
    inside."""
    src = '    source: {text: "委员职数", ref: "一", doc: W, quality: local}\n'
    items = _child(
        tmp_path,
        "national-2020",
        "  - code: CS-SEATS\n    params: {by_class: {一类: 7, 二类: 7, 三类: 5}}\n" + src,
    )
    (found,) = [i for i in items if i.rule == "CS-SEATS" and i.message_id == "lint.seats.outside"]
    assert found.params["seats"] == "5"
    items = _child(
        tmp_path,
        "national-2020",
        "  - code: CS-SEATS\n    params: {by_class: {一类: 8, 二类: 7}}\n" + src,
    )
    assert not [i for i in items if i.rule == "CS-SEATS" and i.message_id == "lint.seats.outside"]


def test_a_class_the_parent_gives_no_number_for_may_be_filled_in(tmp_path: Path) -> None:
    """suxian-2006's copy breaks off at 四类: a county that gives 四类 6 changes nothing the
    parent said (before: a conflict "6 lie outside  in suxian-2006", with an empty list)."""
    from tests.helpers import ROOT

    src = '    source: {text: "四类乡镇6人", ref: "一", doc: W, quality: local}\n'
    parent = str(ROOT / "tests" / "data" / "rules" / "real" / "suxian-2006.yaml")
    items = _child(
        tmp_path, parent, "  - code: CS-SEATS\n    params: {by_class: {四类: 6}}\n" + src
    )
    assert not [
        i for i in items if i.rule == "CS-SEATS" and i.message_id.endswith("lint.seats.outside")
    ]
    items = _child(
        tmp_path, parent, "  - code: CS-SEATS\n    params: {by_class: {一类: 7}}\n" + src
    )
    (found,) = [
        i for i in items if i.rule == "CS-SEATS" and i.message_id.endswith("lint.seats.outside")
    ]
    assert (found.local, found.national) == ("7", "8")
