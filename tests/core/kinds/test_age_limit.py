"""``age_limit``: "新提任副科级领导干部的,其年龄一般不得超过40周岁,特别优秀的年龄可以放宽到男性45
周岁、女性43周岁" — on the limit, one year past it, relaxed, past the relaxed limit for men and
for women, and every case that cannot be decided."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from electkit.cli.main import app
from tests.helpers import ROOT, write_csv

runner = CliRunner()
RULES = ROOT / "tests" / "data" / "rules" / "age-limit.yaml"
# (name, gender, born, 新提任, 特别优秀) → (message, severity) on 2021-06-15, or None
CASES = [
    ("甲一", "男", "1981-06-15", "是", "否", None),  # 40 on the day: on the limit
    ("乙二", "男", "1980-06-15", "是", "否", ("cq.age_limit.over", "error")),  # 41
    ("丙三", "男", "1970-01-01", "否", "否", None),  # not newly promoted
    ("丁四", "男", "1976-06-15", "是", "是", ("cq.age_limit.relaxed", "warning")),  # 45, man
    ("戊五", "男", "1975-06-15", "是", "是", ("cq.age_limit.over_relaxed", "error")),  # 46
    ("己六", "女", "1978-06-15", "是", "是", ("cq.age_limit.relaxed", "warning")),  # 43, woman
    ("庚七", "女", "1977-06-15", "是", "是", ("cq.age_limit.over_relaxed", "error")),  # 44
    ("辛八", "男", "1970-01-01", "", "否", ("cq.age_limit.undecided", "error")),  # applies?
    ("壬九", "男", "1981.06", "是", "否", None),  # 39 or 40: within either way
    ("癸十", "男", "1980.06", "是", "否", ("cq.age_limit.undecided", "error")),  # 40 or 41
    (
        "子一",
        "",
        "1977-06-15",
        "是",
        "是",
        ("cq.age_limit.undecided_relaxed", "error"),
    ),  # 44: 男 or 女?
    (
        "丑二",
        "男",
        "1975-06-15",
        "是",
        "",
        ("cq.age_limit.over_relaxed", "error"),
    ),  # 46: either way
    (
        "卯四",
        "男",
        "1976-06-15",
        "是",
        "",
        ("cq.age_limit.undecided_relaxed", "error"),
    ),  # 45: relaxed?
    (
        "辰五",
        "男",
        "",
        "",
        "否",
        ("cq.age_limit.undecided", "error"),
    ),  # neither known: never a pass
    ("寅三", "男", "", "是", "否", ("cq.age_limit.undecided", "error")),  # no birth date
]


def _run(tmp_path: Path, rules: Path = RULES, lang: str = "zh") -> dict:  # type: ignore[type-arg]
    election = tmp_path / "election.yaml"
    election.write_text(
        f"township: 某镇\nelection_date: 2021-06-15\nrules: {rules}\nvillages: 9\n",
        encoding="utf-8",
    )
    slate = write_csv(
        tmp_path / "slate.csv",
        [["姓名", "性别", "出生年月", "新提任", "特别优秀"], *[c[:5] for c in CASES]],
    )
    args = ["check", "slate", str(slate), "-c", "committee", "-e", str(election), "-f", "json"]
    result = runner.invoke(app, [*args, "--lang", lang])
    assert result.exit_code == 1, result.output  # the errors above
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def _kind(message: str) -> str:
    """The message a finding says (the JSON holds its words, not its id)."""
    if "无法判定是否在" in message:
        return "cq.age_limit.undecided_relaxed"
    if "无法判定" in message:
        return "cq.age_limit.undecided"
    if "以内：请核实放宽的依据" in message:
        return "cq.age_limit.relaxed"
    return "cq.age_limit.over_relaxed" if "也超过" in message else "cq.age_limit.over"


def test_each_person_on_and_past_each_limit(tmp_path: Path) -> None:
    data = _run(tmp_path)
    found = {
        f["subjects"][0]: (_kind(f["message"]), f["severity"])
        for f in data["findings"]
        if f["rule"] == "CQ-NEWAGE"
    }
    assert found == {c[0]: c[5] for c in CASES if c[5] is not None}
    relaxed = next(f for f in data["findings"] if f["subjects"] == ["丁四"])
    assert "45周岁以内" in relaxed["message"] and "核实" in relaxed["message"]
    assert "特别优秀的年龄可以放宽到男性45周岁、女性43周岁" in relaxed["source"]
    month = next(f for f in data["findings"] if f["subjects"] == ["癸十"])
    assert "只到月" in month["message"] and month["value"] == "1980-06"
    unsure = next(f for f in data["findings"] if f["subjects"] == ["卯四"])  # on the cell in doubt
    assert unsure["column"] == "特别优秀" and "放宽后的45周岁以内" in unsure["message"]


def test_english_messages(tmp_path: Path) -> None:
    data = _run(tmp_path, lang="en")
    over = next(f for f in data["findings"] if f["subjects"] == ["戊五"])
    assert over["message"].startswith("戊五, aged 46, is over the age limit of 40")
    assert "relaxed limit of 45" in over["message"]


def test_without_the_column_it_is_not_checked(tmp_path: Path) -> None:
    election = tmp_path / "election.yaml"
    election.write_text(
        f"township: 某镇\nelection_date: 2021-06-15\nrules: {RULES}\nvillages: 9\n",
        encoding="utf-8",
    )
    slate = write_csv(
        tmp_path / "slate.csv", [["姓名", "性别", "出生年月"], ["甲一", "男", "1960.01"]]
    )
    args = ["check", "slate", str(slate), "-c", "committee", "-e", str(election), "-f", "json"]
    data = json.loads(runner.invoke(app, args).stdout)
    assert not [f for f in data["findings"] if f["rule"] == "CQ-NEWAGE"]
    (reason,) = [n["reason"] for n in data["not_checked"] if n["rule"] == "CQ-NEWAGE"]
    assert "新提任" in reason


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ("{max_age: 42}", "dev.lint.weakens.param"),
        ("{relaxed_max_age: 47}", "dev.lint.weakens.age_limit.cap"),
        (
            "{relaxed_for: {label: {zh: 优秀, en: good}, column: {name: 特别优秀, in: [是, 否]}}}",
            "dev.lint.weakens.age_limit.relaxed",
        ),
        (
            "{who: {label: {zh: 新提任男干部, en: new men}, column: {name: 新提任, in: [是]}, "
            "gender: 男}}",
            "dev.lint.weakens.age_limit.who",
        ),
    ],
)
def test_lint_finds_each_loosening(tmp_path: Path, params: str, message: str) -> None:
    from electkit.core.lint import lint_lineage
    from electkit.io.rules_loader import load_ruleset

    child = tmp_path / "child.yaml"
    child.write_text(
        f"name: child\ntitle: {{zh: 某镇, en: a township}}\nextends: {RULES}\nrules:\n"
        f"  - code: CQ-NEWAGE\n    params: {params}\n",
        encoding="utf-8",
    )
    items = [i for i in lint_lineage(load_ruleset(str(child))) if i.rule == "CQ-NEWAGE"]
    assert message in {i.message_id for i in items if i.type == "weakens"}, items


def test_a_relaxed_limit_below_the_limit_is_refused(tmp_path: Path) -> None:
    from electkit.core.errors import InputError
    from electkit.io.rules_loader import load_ruleset

    child = tmp_path / "child.yaml"
    child.write_text(
        f"name: child\ntitle: {{zh: 某镇, en: a township}}\nextends: {RULES}\nrules:\n"
        "  - code: CQ-NEWAGE\n    params: {relaxed_max_age_women: 38}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        load_ruleset(str(child))
    assert caught.value.problems[0].message_id == "val.age_limit.below"
