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
    assert ("DL-AGE40", "weakens", "50%", "60%", "fuyuan-2006") in county
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
    assert ("DL-LEADERS", "85%", "75%") in weak


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
