"""County-level kinds (``townships_with``, ``county_share``): each threshold exactly at, one under
and one over; a township whose list is missing, not officially counted or decided by a blank
cell keeps a rule undecided, never passed; lint compares them; the single-township checks list
them as not checked there."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from electkit.core.county import County, CountyContext, TownshipData, evaluate_county
from electkit.core.findings import Severity
from electkit.core.kinds import rule_adapter
from electkit.core.lint import lint_lineage
from electkit.core.models import Gender, Person
from electkit.core.ruleset import RuleSet
from tests.helpers import person, profile

ON = dt.date(2006, 3, 20)
YOUNG27 = {
    "label": {"zh": "27岁以下的副科级以上领导干部", "en": "section-level cadres aged 27 or under"},
    "age": {"max": 27},
    "rank": {"at_least": "副科级"},
}
YOUNGHEAD = {
    "label": {"zh": "30岁以下的党政正职", "en": "heads aged 30 or under"},
    "age": {"max": 30},
    "posts": ["书记", "乡镇长"],
}
WOMEN = {"label": {"zh": "妇女", "en": "women"}, "gender": "女"}


def rule(kind: str, severity: str = "error", **params: Any) -> Any:
    return rule_adapter().validate_python(
        {
            "code": "CT-X",
            "kind": kind,
            "severity": severity,
            "title": {"zh": "测试", "en": "test"},
            "source": {"text": "例", "ref": "例", "doc": "S1", "quality": "local"},
            "params": params,
        }
    )


def aged(years: int, row: int = 2, **values: Any) -> Person:
    """Someone exactly ``years`` old on ON (their birthday that day)."""
    return person(row, f"人{row}", birth_date=dt.date(ON.year - years, ON.month, ON.day), **values)


def township(
    name: str, team: list[Person] | None, elected: list[Person] | None = None
) -> TownshipData:
    return TownshipData(
        name,
        profile(township=name),
        None if team is None else tuple(team),
        None,
        None if team is None else tuple(team),
        {"committee": None if elected is None else tuple(elected)},
    )


def run(rules: list[Any], townships: list[TownshipData], rulesets: Any) -> Any:
    base: RuleSet = rulesets("fuyuan-2006")
    rs = base.model_copy(update={"rules": {r.code: r for r in rules}})
    return evaluate_county(County("示例县", "2006", tuple(townships)), CountyContext(rs))


RANKS = {"科员": 0, "副科级": 1, "正科级": 2}  # the national scale's levels


def young(rank: str = "副科级", years: int = 27) -> list[Person]:
    """A team with one cadre of ``rank`` aged ``years`` and one 正科级 aged 40."""
    return [
        aged(years, rank=RANKS[rank], rank_label=rank),
        aged(40, 3, rank=RANKS["正科级"], rank_label="正科级"),
    ]


@pytest.mark.parametrize(("have", "ok"), [(1, False), (2, True), (3, True)])
def test_a_third_of_five_townships_is_two(rulesets: Any, have: int, ok: bool) -> None:
    """三分之一以上 of 5 townships: ceil(5/3) = 2 (以上 includes the number)."""
    towns = [township(f"乡{i}", (young() if i < have else young(years=28))) for i in range(5)]
    out = run(
        [rule("townships_with", group=YOUNG27, of="team", townships_share="1/3")], towns, rulesets
    )
    (row,) = out.composition
    assert (row.count, row.total, row.least, row.ok) == (have, 5, 2, ok)
    if ok:
        assert out.findings == []
    else:
        (finding,) = out.findings
        assert (finding.message_id, finding.needed) == ("county.rule.townships.low", 1)
        assert finding.subjects == ("乡1", "乡2", "乡3", "乡4")


def test_a_third_of_thirteen_townships_is_five(rulesets: Any) -> None:
    towns = [township(f"乡{i}", (young() if i < 5 else young(rank="科员"))) for i in range(13)]
    out = run([rule("townships_with", group=YOUNG27, townships_share="1/3")], towns, rulesets)
    assert (out.composition[0].least, out.composition[0].ok) == (5, True)
    fewer = [township(f"乡{i}", (young() if i < 4 else young(rank="科员"))) for i in range(13)]
    assert (
        run([rule("townships_with", group=YOUNG27, townships_share="1/3")], fewer, rulesets)
        .composition[0]
        .ok
        is False
    )


@pytest.mark.parametrize(("people", "count", "ok"), [(1, 2, False), (2, 2, True), (3, 2, True)])
def test_people_per_township_and_a_number_of_townships(
    rulesets: Any, people: int, count: int, ok: bool
) -> None:
    women = [aged(35, i + 2, gender=Gender.FEMALE) for i in range(people)]
    towns = [township("甲乡", women), township("乙乡", women), township("丙乡", [aged(35)])]
    out = run(
        [rule("townships_with", group=WOMEN, people=2, townships_at_least=count)], towns, rulesets
    )
    assert out.composition[0].ok is ok


def test_a_missing_township_keeps_it_undecided_never_passed(rulesets: Any) -> None:
    one = [
        township("甲乡", (young())),
        township("乙乡", None),
        *[township(f"乡{i}", (young(years=29))) for i in range(3)],
    ]
    out = run([rule("townships_with", group=YOUNG27, townships_share="1/3")], one, rulesets)
    (finding,) = out.findings
    assert (finding.message_id, finding.severity, finding.subjects) == (
        "county.rule.townships.undecided",
        Severity.ERROR,
        ("乙乡",),
    )
    assert out.composition[0].ok is None
    blank = [
        aged(27, rank=1, rank_label="副科级"),
        person(3, "空", birth_date=None, rank=1, rank_label="副科级"),
    ]
    two = [
        township("甲乡", (young())),
        township("乙乡", [blank[1]]),
        *[township(f"乡{i}", (young(years=29))) for i in range(3)],
    ]
    assert (
        run([rule("townships_with", group=YOUNG27, townships_share="1/3")], two, rulesets)
        .composition[0]
        .ok
        is None
    )
    enough = [
        township("甲乡", (young())),
        township("乙乡", None),
        township("丙乡", (young())),
    ]
    assert (
        run(
            [rule("townships_with", group=YOUNG27, townships_share="1/3")], enough, rulesets
        ).findings
        == []
    )


@pytest.mark.parametrize(("heads", "ok"), [(0, False), (1, True), (2, True)])
def test_at_least_one_young_head_in_the_county(rulesets: Any, heads: int, ok: bool) -> None:
    teams = [
        [
            aged(30 if i < heads else 31, proposed_post="乡镇长", proposed_posts=("乡镇长",)),
            aged(25, 3, proposed_post="委员"),
        ]
        for i in range(4)
    ]
    out = run(
        [rule("county_share", group=YOUNGHEAD, count_at_least=1)],
        [township(f"乡{i}", t) for i, t in enumerate(teams)],
        rulesets,
    )
    assert out.composition[0].ok is ok
    if not ok:
        assert (out.findings[0].message_id, out.findings[0].needed) == ("county.rule.share.low", 1)


def test_a_count_reached_holds_and_a_share_waits_for_a_missing_township(rulesets: Any) -> None:
    head = aged(29, proposed_post="书记", proposed_posts=("书记",))
    towns = [township("甲乡", [head]), township("乙乡", None)]
    assert (
        run([rule("county_share", group=YOUNGHEAD, count_at_least=1)], towns, rulesets)
        .composition[0]
        .ok
        is True
    )
    out = run([rule("county_share", group=YOUNGHEAD, at_least="1/5")], towns, rulesets)
    assert (out.composition[0].ok, out.findings[0].message_id, out.findings[0].subjects) == (
        None,
        "county.rule.share.undecided",
        ("乙乡",),
    )


@pytest.mark.parametrize(
    ("women", "ok", "needed"), [(8, False, 1), (9, True, None), (10, True, None)]
)
def test_women_among_the_elected_at_least_a_fifth(
    rulesets: Any, women: int, ok: bool, needed: int | None
) -> None:
    """9 of 45 is exactly 20%."""
    elected = [
        aged(35, i + 2, gender=Gender.FEMALE if i < women else Gender.MALE) for i in range(45)
    ]
    towns = [township(f"乡{i}", [], elected[i * 9 : (i + 1) * 9]) for i in range(5)]
    out = run([rule("county_share", group=WOMEN, of="elected", at_least="1/5")], towns, rulesets)
    assert (out.composition[0].count, out.composition[0].total, out.composition[0].ok) == (
        women,
        45,
        ok,
    )
    assert [f.needed for f in out.findings] == ([] if ok else [needed])


def test_only_officially_counted_contests_count(rulesets: Any) -> None:
    elected = [aged(35, i + 2, gender=Gender.FEMALE) for i in range(9)]
    towns = [
        township("甲乡", [], elected),
        township("乙乡", [], None),
    ]  # 乙乡 not counted officially
    out = run([rule("county_share", group=WOMEN, of="elected", at_least="1/5")], towns, rulesets)
    assert out.composition[0].ok is None and out.findings[0].subjects == ("乙乡",)


def test_an_upper_bound_over_fails_even_with_a_missing_township(rulesets: Any) -> None:
    towns = [
        township("甲乡", [aged(35, i + 2, gender=Gender.FEMALE) for i in range(3)]),
        township("乙乡", None),
    ]
    out = run([rule("county_share", group=WOMEN, count_at_most=2)], towns, rulesets)
    assert (out.composition[0].ok, out.findings[0].message_id, out.findings[0].needed) == (
        False,
        "county.rule.share.high",
        1,
    )


def test_a_target_is_required() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        rule("townships_with", group=WOMEN)
    with pytest.raises(ValidationError):
        rule("county_share", group=WOMEN)


def test_lint_sees_a_lower_share_of_townships_and_a_wider_group(
    rulesets: Any, tmp_path: Any
) -> None:
    from electkit.io.rules_loader import load_ruleset

    parent = tmp_path / "county.yaml"
    parent.write_text(
        "name: county-a\ntitle: {zh: 甲, en: a}\nextends: fuyuan-2006\n"
        "documents: {D3: {title: 某县, where: x}}\nrules:\n"
        "  - code: CT-YOUNG27\n    kind: townships_with\n    severity: error\n"
        "    title: {zh: 例, en: e}\n"
        "    params: {group: {label: {zh: 27岁以下, en: u27}, age: {max: 27}, rank: {at_least: 副科级}}, townships_share: 1/3}\n"
        "    source: {text: 例, ref: 例, doc: D3, quality: local}\n",
        encoding="utf-8",
    )
    child = tmp_path / "child.yaml"
    child.write_text(
        "name: county-b\ntitle: {zh: 乙, en: b}\nextends: county.yaml\nrules:\n"
        "  - code: CT-YOUNG27\n    params: {townships_share: 1/4, group: {label: {zh: 30岁以下, en: u30}, age: {max: 30}, rank: {at_least: 副科级}}}\n",
        encoding="utf-8",
    )
    items = {(i.rule, i.type, i.message_id) for i in lint_lineage(load_ruleset(str(child)))}
    assert ("CT-YOUNG27", "weakens", "dev.lint.weakens.group") in items
    assert any(r == "CT-YOUNG27" and t == "weakens" and "param" in m for r, t, m in items), items


def test_a_single_township_lists_county_rules_as_not_checked(tmp_path: Any) -> None:
    from electkit.app.check import check_slate_file
    from electkit.app.election import load_election
    from tests.county.helpers import COUNTY

    checked = check_slate_file(
        COUNTY / "青山乡" / "committee.xlsx",
        "committee",
        load_election(COUNTY / "青山乡" / "election.yaml"),
    )
    reasons = {n.rule: n.reason_id for n in checked.report.not_checked}
    assert reasons["CT-YOUNG27"] == reasons["CT-YOUNGHEAD"] == "nc.scope"
