"""YAML problems are said in both languages: syntax errors by kind, our validators by message id."""

from __future__ import annotations

from pathlib import Path

import pytest

from electkit.core.errors import InputError, Problem
from electkit.io.contest import load_contest
from electkit.io.profile import load_profile
from electkit.io.rules_loader import load_ruleset
from electkit.io.yamlfile import syntax_problem
from electkit.render.common import problem_line

PROFILE = "township: 青山乡\nelection_date: 2006-03-20\nrules: fuyuan-2006\n"


def _problems(loader: object, path: Path, text: str) -> list[Problem]:
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        loader(path)  # type: ignore[operator]
    return caught.value.problems


def _lines(problems: list[Problem], lang: str) -> list[str]:
    return [problem_line(p, lang) for p in problems]


@pytest.mark.parametrize(
    ("parser_text", "kind"),
    [
        # libyaml's wording, then PyYAML's where it differs
        ("mapping values are not allowed in this context", "colon"),
        ("mapping values are not allowed here", "colon"),
        ("did not find expected key", "key"),
        ("expected <block end>, but found '-'", "key"),
        ("could not find expected ':'", "no_colon"),
        ("found character that cannot start any token", "character"),
        ("found character '\\t' that cannot start any token", "character"),
        ("found a tab character that violates indentation", "character"),
        ("found unexpected end of stream", "end"),
        ("found unknown escape character", "escape"),
        ("did not find expected ',' or ']'", "list"),
        ("expected ',' or ']', but got '<stream end>'", "list"),
        ("did not find expected ',' or '}'", "mapping"),
        ("did not find expected '-' indicator", "dash"),
        ("found undefined alias", "alias"),
    ],
)
def test_common_syntax_errors_have_their_own_message(parser_text: str, kind: str) -> None:
    assert syntax_problem(parser_text) == {"message_id": f"yaml.syntax.{kind}"}


def test_syntax_errors_in_chinese_name_the_line(tmp_path: Path) -> None:
    bad = PROFILE + "  villages: 3\n"
    (problem,) = _problems(load_profile, tmp_path / "e.yaml", bad)
    assert problem.row == 4
    zh, en = problem_line(problem, "zh"), problem_line(problem, "en")
    assert "第4行: YAML 格式错误：此处不能有冒号“:”。通常是缩进不齐" in zh
    assert "mapping values" not in zh and "a colon is not allowed here" in en
    (problem,) = _problems(load_profile, tmp_path / "e.yaml", PROFILE + "rules: x\n")
    assert problem_line(problem, "zh").endswith("YAML 格式错误：同一个键“rules”写了两次")
    assert problem_line(problem, "en").endswith("the key 'rules' is given twice")
    # a kind we do not know: a Chinese sentence, and the parser's own words as a detail
    generic = Problem(**syntax_problem("found duplicate anchor"), file="e.yaml", row=3)
    assert problem_line(generic, "zh") == (
        "e.yaml · 第3行: YAML 格式错误，无法解析此处(解析器信息：found duplicate anchor)"
    )


def test_profile_validators_speak_both_languages(tmp_path: Path) -> None:
    text = PROFILE + (
        "party_members: {total: 100, women: 300}\n"
        "units: [{name: 甲村, members: 3}, {name: 甲村, members: 4}]\n"
        "villages: true\n"
    )
    problems = _problems(load_profile, tmp_path / "e.yaml", text)
    zh = _lines(problems, "zh")
    assert any("party_members: 取值不符合要求：女党员人数(300)超过党员总数(100)" in p for p in zh)
    assert any("units: 取值不符合要求：选举单位“甲村”重复" in p for p in zh)
    assert any("villages: 取值不符合要求：应为数字，不能是 true/false" in p for p in zh)
    assert not any("Value error" in p or "exceeds" in p for p in zh)
    en = _lines(problems, "en")
    assert any("invalid value: women (300) exceeds total (100)" in p for p in en)
    assert any("invalid value: duplicate unit '甲村'" in p for p in en)
    minority = PROFILE + "party_members: {total: 100, minority: 101}\n"
    (problem,) = _problems(load_profile, tmp_path / "e.yaml", minority)
    assert problem_line(problem, "zh").endswith("少数民族党员人数(101)超过党员总数(100)")


def test_rule_set_and_contest_validators_speak_both_languages(tmp_path: Path) -> None:
    rules = (
        "name: my\ntitle: {zh: 我的, en: mine}\nextends: fuyuan-2006\nrules:\n"
        "  - code: DL-AGE40\n    params: {at_least: 150%}\n"
        "  - code: DL-TECH\n    params: {at_least: abc}\n"
    )
    zh = _lines(_problems(lambda p: load_ruleset(str(p)), tmp_path / "my.yaml", rules), "zh")
    assert any("比例应在0与1之间(0%至100%)(“150%”)" in p for p in zh)
    assert any("应为比例，如 3/5、60% 或 0.6(“abc”)" in p for p in zh)
    contest = (
        "contest: 委员\nseats: 2\nentitled: 50\npresent: 40\nissued: 40\n"
        "candidates: [王建国, 王 建国, 李春]\naliases: {李春: 王建国}\n"
    )
    problems = _problems(load_contest, tmp_path / "c.yaml", contest)
    zh = _lines(problems, "zh")
    assert any("候选人“王 建国”列了两次(另一次写作“王建国”)" in p for p in zh)
    en = _lines(problems, "en")
    assert any("candidate '王 建国' is listed twice (as '王建国')" in p for p in en)
