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


def test_a_notepad_ansi_profile_is_read_as_gb18030(tmp_path: Path) -> None:
    path = tmp_path / "e.yaml"
    path.write_bytes((PROFILE + "villages: 17  # 行政村\n").encode("gbk"))
    profile = load_profile(path)
    assert profile.township == "青山乡" and profile.villages == 17


@pytest.mark.parametrize(
    ("content", "message_id", "zh"),
    [
        (b"PK\x03\x04" + b"\x00" * 40, "yaml.is_excel", "Excel 工作簿"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "yaml.is_old_office", "旧版 Excel"),
        (b"%PDF-1.7\n", "yaml.is_pdf", "PDF"),
        (b"\x00\x01\x02binary", "yaml.is_binary", "不是文本文件"),
        (
            "选票编号,丁建平,于红梅\n001,○,×\n002,,○\n".encode("gb18030"),
            "yaml.is_table",
            "CSV 表格",
        ),
        ("姓名\t性别\t民族\n张三\t男\t汉族\n".encode(), "yaml.is_table", "CSV 表格"),
        (b"\x81\x30\xff\xff\xfe", "yaml.not_text", "另存为"),
    ],
)
def test_a_file_that_is_not_yaml_is_named_for_what_it_is(
    tmp_path: Path, content: bytes, message_id: str, zh: str
) -> None:
    for loader in (load_profile, load_contest, load_ruleset):
        path = tmp_path / "given.yaml"
        path.write_bytes(content)
        with pytest.raises(InputError) as caught:
            loader(path if loader is not load_ruleset else str(path))  # type: ignore[operator]
        (problem,) = caught.value.problems
        assert problem.message_id == message_id and problem.file == str(path)
        assert zh in problem_line(problem, "zh")


def test_a_huge_or_endless_file_is_refused_before_it_is_read_whole(tmp_path: Path) -> None:
    (problem,) = _problems(load_profile, tmp_path / "e.yaml", "# x\n" * (5 << 20))
    assert problem.message_id == "yaml.too_large"
    with pytest.raises(InputError, match=r"file\.not_regular"):  # a device: never opened
        load_profile(Path("/dev/zero"))


def test_rules_may_name_only_a_rule_set(tmp_path: Path) -> None:
    """A `rules:` line cannot make electkit read a system file, nor show what a file holds."""
    secret = tmp_path / "shadow"
    secret.write_text("toor:$6$s3cr3t:20228:0:99999:7:::\nadmin: hunter2\n", "utf-8")
    linked = tmp_path / "looks.yaml"
    linked.symlink_to(secret)
    profile = tmp_path / "e.yaml"
    for ref, message_id in (
        (str(secret), "rules.not_yaml"),
        ("/etc/passwd", "rules.not_yaml"),
        ("looks.yaml", "rules.not_ruleset"),
        ("missing.yaml", "rules.file_not_found"),
        ("fuyan-2006", "rules.unknown"),
    ):
        profile.write_text(
            f"township: 青山乡\nelection_date: 2006-03-20\nrules: {ref}\n", encoding="utf-8"
        )
        with pytest.raises(InputError) as caught:
            load_ruleset(ref, relative_to=tmp_path, referrer=profile)
        (problem,) = caught.value.problems
        assert problem.message_id == message_id, ref
        for lang in ("zh", "en"):
            line = problem_line(problem, lang)
            assert "s3cr3t" not in line and "hunter2" not in line and "toor" not in line
        if message_id != "rules.not_ruleset":  # named where it was written: file, line, key
            assert (problem.file, problem.row, problem.column) == (str(profile), 3, "rules")
    with pytest.raises(InputError, match=r"rules\.not_ruleset"):
        load_ruleset(str(linked))


def test_an_unknown_extends_names_the_rule_set_file_and_line(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "name: mine\ntitle: {zh: 我的, en: mine}\nextends: fuyuan-2060\nrules: []\n", "utf-8"
    )
    with pytest.raises(InputError) as caught:
        load_ruleset(str(mine))
    (problem,) = caught.value.problems
    assert (problem.message_id, problem.file, problem.row, problem.column, problem.value) == (
        "rules.unknown",
        str(mine),
        3,
        "extends",
        "fuyuan-2060",
    )


def test_a_missing_rule_set_file_says_where_its_path_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typed on the command line, a path starts from the current folder; written in a file,
    from that file's folder (the file and line are named)."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as caught:
        load_ruleset("规则/县级.yaml")
    (problem,) = caught.value.problems
    assert (problem.message_id, problem.value, problem.file) == (
        "rules.file_not_found_cwd",
        "规则/县级.yaml",
        None,
    )
    assert problem_line(problem, "zh").endswith(
        f"找不到规则集文件“规则/县级.yaml”(命令行中的相对路径从当前文件夹 {tmp_path} 算起)"
    )
    profile = tmp_path / "e.yaml"
    profile.write_text("township: 青山乡\nrules: 规则/县级.yaml\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_ruleset("规则/县级.yaml", relative_to=tmp_path, referrer=profile)
    (problem,) = caught.value.problems
    assert (problem.message_id, problem.file, problem.row) == (
        "rules.file_not_found",
        str(profile),
        2,
    )
