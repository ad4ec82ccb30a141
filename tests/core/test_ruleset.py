from collections.abc import Callable
from pathlib import Path

import pytest

from electkit.core.errors import InputError
from electkit.core.kinds.counting import ThresholdRule
from electkit.core.kinds.seats import ExtraCandidatesRule
from electkit.core.kinds.shares import ShareRule
from electkit.core.ruleset import RuleSet
from electkit.io.rules_loader import load_ruleset, packaged_names

PACKAGED = ["fuyuan-2006", "national-1990", "national-2020", "zhaotong-2006"]


def test_four_packaged_sets_load() -> None:
    assert packaged_names() == PACKAGED
    for name in PACKAGED:
        rs = load_ruleset(name)
        assert rs.name == name
        for rule in rs.rules.values():
            assert rule.source.text and rule.source.doc in rs.documents


def test_inheritance(rulesets: Callable[[str], RuleSet]) -> None:
    fy = rulesets("fuyuan-2006")
    assert fy.chain == ("fuyuan-2006", "national-1990")
    assert fy.national_base == "national-1990"
    # inherited unchanged: 1990 threshold basis is 实到会
    threshold = next(fy.of_kind(ThresholdRule))
    assert threshold.params.basis == "present"
    assert fy.origin["TL-THRESHOLD"] == "national-1990"
    # local additions and restatements
    assert "EL-INVEST" in fy.rules and fy.origin["EL-INVEST"] == "fuyuan-2006"
    assert fy.rules["EL-FULL"].source.doc == "FY"
    # 1990 has no EL-SUSPEND, 2020 does
    assert "EL-SUSPEND" not in fy.rules
    assert "EL-SUSPEND" in rulesets("national-2020").rules


def test_override_keeps_unchanged_parameters(rulesets: Callable[[str], RuleSet]) -> None:
    zt = rulesets("zhaotong-2006")
    extra = zt.rules["CS-EXTRA"]
    assert isinstance(extra, ExtraCandidatesRule)
    assert extra.params.fixed == {9: 2, 7: 1}
    assert extra.min_extra(7) == 1 and extra.min_extra(9) == 2
    assert extra.min_extra(5) == 1  # falls back to the inherited 20%
    # the parent's note explained the parent's clause; it does not follow a new source
    assert extra.note is None


def test_in_force(rulesets: Callable[[str], RuleSet]) -> None:
    import datetime as dt

    fy = rulesets("fuyuan-2006")
    assert fy.is_in_force(dt.date(2006, 3, 20))
    assert not fy.is_in_force(dt.date(2021, 3, 1))
    assert rulesets("national-2020").is_in_force(dt.date(2021, 3, 1))


def test_user_file_extends_packaged_set(tmp_path: Path) -> None:
    mine = tmp_path / "my-county.yaml"
    mine.write_text(
        """
name: my-county
title: {zh: 某县规则, en: My county}
extends: fuyuan-2006
documents:
  MY: {title: 某县通知}
rules:
  - code: DL-AGE40
    params: {at_least: 2/3}
    source: {text: "40岁以下的不少于三分之二", ref: 第一条, doc: MY, quality: local}
  - code: EL-FAMPLAN
    disabled: true
""",
        encoding="utf-8",
    )
    rs = load_ruleset(str(mine))
    assert rs.chain == ("my-county", "fuyuan-2006", "national-1990")
    rule = rs.rules["DL-AGE40"]
    assert isinstance(rule, ShareRule)
    from fractions import Fraction

    assert rule.params.at_least == Fraction(2, 3)
    assert rule.params.group.age is not None and rule.params.group.age.max == 40  # inherited
    assert "EL-FAMPLAN" not in rs.rules


def test_a_child_may_write_a_group_in_the_0_1_form(tmp_path: Path) -> None:
    """fuyuan-2006 writes age: {max: 40}; a county file of 0.1 overriding it with age_max: 35
    means 35, not a conflict of two forms."""
    mine = tmp_path / "old.yaml"
    mine.write_text(
        """name: old-county
title: {zh: 旧, en: old}
extends: fuyuan-2006
rules:
  - code: DL-AGE40
    params: {group: {label: {zh: 35岁以下, en: 35 or under}, age_max: 35}}
""",
        encoding="utf-8",
    )
    rule = load_ruleset(str(mine)).rules["DL-AGE40"]
    assert isinstance(rule, ShareRule)
    assert rule.params.group.age is not None and rule.params.group.age.max == 35


def _problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_ruleset(str(path))
    return [f"{p.file}:{p.row}:{p.column}:{p.params.get('detail')}" for p in caught.value.problems]


def test_malformed_rule_names_file_line_and_key(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        """name: bad
title: {zh: 坏, en: bad}
extends: national-1990
rules:
  - code: DL-AGE40
    kind: share
    severity: error
    title: {zh: x, en: x}
    params:
      group: {label: {zh: x, en: x}, age_max: forty}
      at_least: 3/5
    source: {text: t, ref: r, doc: S5, quality: local}
""",
    )
    assert len(problems) == 1
    assert "bad.yaml:10:DL-AGE40 rules[0].params.group.age_max:" in problems[0]
    assert "integer" in problems[0]


def test_unknown_key_and_kind_reported_together(tmp_path: Path) -> None:
    problems = _problems(
        tmp_path,
        """name: bad
title: {zh: 坏, en: bad}
colour: red
rules: []
""",
    )
    assert any("colour" in p and "Extra inputs" in p for p in problems)
    problems = _problems(
        tmp_path,
        """name: bad2
title: {zh: 坏, en: bad}
rules:
  - {code: XX-ONE, kind: nonsense, severity: error, title: {zh: a, en: a}, source: {text: t, ref: r, doc: D, quality: local}}
  - {code: XX-TWO, kind: share, severity: fatal, title: {zh: a, en: a}, source: {text: t, ref: r, doc: D, quality: local}}
""",
    )
    assert len(problems) >= 2
    assert any("XX-ONE" in p and "tag" in p.lower() for p in problems)
    assert any("XX-TWO" in p and "severity" in p for p in problems)


def test_yaml_syntax_error_has_line(tmp_path: Path) -> None:
    problems = _problems(tmp_path, "name: x\ntitle: [unclosed\n")
    assert problems[0].startswith(str(tmp_path / "bad.yaml"))


def test_unknown_packaged_name() -> None:
    with pytest.raises(InputError) as caught:
        load_ruleset("nowhere-2006")
    assert caught.value.problems[0].message_id == "rules.unknown"


def test_extends_cycle(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "name: a\ntitle: {zh: a, en: a}\nextends: b.yaml\n", encoding="utf-8"
    )
    (tmp_path / "b.yaml").write_text(
        "name: b\ntitle: {zh: b, en: b}\nextends: a.yaml\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        load_ruleset(str(tmp_path / "a.yaml"))
    assert caught.value.problems[0].message_id == "rules.cycle"


def test_sha256_changes_with_content(rulesets: Callable[[str], RuleSet]) -> None:
    assert rulesets("fuyuan-2006").sha256() != rulesets("zhaotong-2006").sha256()
    assert rulesets("fuyuan-2006").sha256() == load_ruleset("fuyuan-2006").sha256()
