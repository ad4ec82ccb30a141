"""Vocabularies as data: readers accept what the rule set in force declares, and a rule naming
anything undeclared is a lint error (exit 1) that stops every check (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from electkit.cli.main import app
from electkit.io.rules_loader import default_vocabulary, load_ruleset
from tests.helpers import write_csv

runner = CliRunner()

COUNTY = """name: county-2021
title: {zh: 某县2021年乡镇党委换届, en: "A county, 2021"}
extends: national-2020
documents:
  N: {title: 某县乡镇党委换届工作实施方案(2021)}
vocabulary:
  categories:
    - {name: 党员干部, en: Party cadres, aliases: [机关干部]}
  posts:
    - {name: 政协主任, en: CPPCC liaison head, aliases: [政协联络组组长], body: other}
  columns:
    - {name: 是否致富带头人, headers: [致富带头人], values: [是, 否]}
rules:
  - code: DL-CADRES
    kind: share
    severity: error
    title: {zh: 党员干部代表比例不超过60%, en: Party cadres at most 60%}
    params:
      group: {label: {zh: 党员干部, en: Party cadres}, category: [党员干部, 领导干部]}
      at_most: 3/5
    source: {text: "党员干部代表的比例不超过60%", ref: "三(二)", doc: N, quality: local}
  - code: DL-RICH
    kind: share
    severity: warning
    title: {zh: 致富带头人代表, en: Rural entrepreneurs}
    params:
      group: {label: {zh: 致富带头人, en: entrepreneurs}, column: {name: 是否致富带头人, in: [是]}}
      count_at_least: 1
    source: {text: "注重推选致富带头人", ref: "三(二)", doc: N, quality: local}
  - code: CS-DSECDEPUTY
    kind: co_holding
    severity: warning
    title: {zh: 纪委书记由党委副书记兼任, en: Discipline secretary a deputy secretary}
    params: {post: 纪委书记, also: [副书记]}
    source: {text: "纪委书记一般由党委副书记兼任", ref: "二(三)", doc: N, quality: local}
"""


def _write(tmp_path: Path, text: str = COUNTY, *, election: str = "2021-06-15") -> Path:
    (tmp_path / "county.yaml").write_text(text, encoding="utf-8")
    profile = tmp_path / "election.yaml"
    profile.write_text(
        f"township: 青山乡\nelection_date: {election}\nrules: county.yaml\nvillages: 9\n",
        encoding="utf-8",
    )
    return profile


def test_a_child_adds_to_the_national_vocabulary(tmp_path: Path) -> None:
    _write(tmp_path)
    rs = load_ruleset(str(tmp_path / "county.yaml"))
    assert rs.vocabulary.category("机关干部") == "党员干部"
    assert rs.vocabulary.category("一线") == "生产和工作一线"  # the national defaults remain
    assert "政协主任" in rs.vocabulary.post_order
    assert default_vocabulary().category("机关干部") is None


def test_the_reader_accepts_what_the_set_declares(tmp_path: Path) -> None:
    election = _write(tmp_path)
    rows = [["姓名", "性别", "出生年月", "政治面貌", "代表类别", "致富带头人"]]
    rows += [
        [f"甲{i}", "男", "1980.01", "中共党员", "机关干部、生产和工作一线", "否"] for i in range(6)
    ]
    rows += [[f"乙{i}", "女", "1980.01", "中共党员", "一线", "是"] for i in range(4)]
    roster = write_csv(tmp_path / "d.csv", rows)
    result = runner.invoke(
        app, ["check", "delegates", str(roster), "-e", str(election), "-f", "json"]
    )
    data = json.loads(result.stdout)
    assert not [f for f in data["findings"] if f["rule"] == "IN-VALUE"]
    cadres = next(c for c in data["composition"] if c["rule"] == "DL-CADRES")
    assert (cadres["count"], cadres["total"], cadres["ok"]) == (6, 10, True)  # 60%: at most
    rich = next(c for c in data["composition"] if c["rule"] == "DL-RICH")
    assert rich["count"] == 4 and rich["ok"] is True
    # one past the cap: 7 of 10 cadres
    rows[7][4] = "党员干部"
    roster = write_csv(tmp_path / "d.csv", rows)
    result = runner.invoke(
        app, ["check", "delegates", str(roster), "-e", str(election), "-f", "json"]
    )
    data = json.loads(result.stdout)
    assert result.exit_code == 1
    (finding,) = [f for f in data["findings"] if f["rule"] == "DL-CADRES"]
    assert finding["needed"] == 1


def test_an_undeclared_name_is_a_lint_error_and_stops_a_check(tmp_path: Path) -> None:
    text = COUNTY.replace("[党员干部, 领导干部]", "[党员干部, 乡村振兴带头人]")
    election = _write(tmp_path, text)
    lint = runner.invoke(app, ["rules", "lint", str(tmp_path / "county.yaml"), "-f", "json"])
    assert lint.exit_code == 1
    items = json.loads(lint.stdout)["items"]
    (item,) = [i for i in items if i["type"] == "undeclared"]
    assert item["rule"] == "DL-CADRES" and "乡村振兴带头人" in item["message"]
    roster = write_csv(tmp_path / "d.csv", [["姓名", "性别"], ["甲", "男"]])
    check = runner.invoke(
        app, ["check", "delegates", str(roster), "-e", str(election), "--lang", "zh"]
    )
    assert check.exit_code == 2
    assert "DL-CADRES" in check.stderr and "乡村振兴带头人" in check.stderr


def test_a_post_the_set_declares_is_read_and_required(tmp_path: Path) -> None:
    """Before: a 职位配备 naming 政协主任 linted clean, then check slate called 政协主任 no
    known post and missing at once. Now: undeclared, a lint error; declared, read and counted."""
    members = """  - code: CS-MEMBERS
    kind: members_include
    severity: warning
    title: {zh: 其他委员, en: other members}
    params: {posts: [政协主任, 人大主席]}
    source: {text: "政协主任、人大主席进入党委班子", ref: "二(二)", doc: N, quality: local}
"""
    election = _write(tmp_path, COUNTY + members)
    rows = [
        ["姓名", "性别", "出生年月", "拟任职务"],
        ["甲", "男", "1980.01", "党委委员、政协联络组组长"],
    ]
    rows += [["乙", "女", "1982.03", "党委副书记、纪委书记"], ["丙", "男", "1979.05", "人大主席"]]
    slate = write_csv(tmp_path / "s.csv", rows)
    args = ["check", "slate", str(slate), "-c", "committee", "-e", str(election), "-f", "json"]
    data = json.loads(runner.invoke(app, args).stdout)
    assert not [f for f in data["findings"] if f["rule"] in ("IN-VALUE", "CS-MEMBERS")]
    assert not [f for f in data["findings"] if f["rule"] == "CS-DSECDEPUTY"]
    # a 纪委书记 who is not a 副书记 as well
    rows[2][3] = "纪委书记"
    slate = write_csv(tmp_path / "s.csv", rows)
    data = json.loads(runner.invoke(app, args).stdout)
    (finding,) = [f for f in data["findings"] if f["rule"] == "CS-DSECDEPUTY"]
    assert finding["row"] == 3 if "row" in finding else finding["rows"] == [3]
    # undeclared: the post is a lint error
    undeclared = COUNTY.replace(
        "    - {name: 政协主任, en: CPPCC liaison head, aliases: [政协联络组组长], body: other}\n",
        "",
    )
    _write(tmp_path, undeclared.replace("  posts:\n", "") + members)
    lint = runner.invoke(app, ["rules", "lint", str(tmp_path / "county.yaml"), "-f", "json"])
    assert lint.exit_code == 1
    assert any(
        i["type"] == "undeclared" and i["local"] == "政协主任"
        for i in json.loads(lint.stdout)["items"]
    )


def test_the_national_vocabulary_names_each_spelling_once() -> None:
    default_vocabulary().check_spellings()  # raises on a clash


def _vocab_set(tmp_path: Path, vocabulary: str, rules: str = "rules: []\n") -> Path:
    path = tmp_path / "v.yaml"
    path.write_text(
        "name: v\ntitle: {zh: 某县, en: a county}\nextends: national-2020\n"
        + "documents:\n  N: {title: 某县方案}\n"
        + vocabulary
        + rules,
        encoding="utf-8",
    )
    return path


def test_a_spelling_that_names_two_entries_is_refused(tmp_path: Path) -> None:
    """Before: 党员领导干部 declared as a category of its own (while the national 领导干部 lists it)
    sent 领导干部 to one entry and 领导 to the other, by file order; a list of 73 cadres read 72."""
    from electkit.core.errors import InputError

    path = _vocab_set(
        tmp_path,
        "vocabulary:\n  categories:\n    - {name: 党员领导干部, aliases: [领导干部, 干部]}\n",
    )
    try:
        load_ruleset(str(path))
    except InputError as exc:
        (problem,) = exc.problems
    else:  # pragma: no cover - the assertion below says why
        raise AssertionError("a clashing vocabulary loaded")
    assert problem.message_id == "vocab.clash" and problem.file == str(path)
    assert problem.params["spelling"] == "党员领导干部"
    assert {problem.params["first"], problem.params["second"]} == {"领导干部", "党员领导干部"}
    # a post named as a national post's alias, through the CLI: exit 2, the file named
    path = _vocab_set(tmp_path, "vocabulary:\n  posts:\n    - {name: 党委副书记}\n")
    result = runner.invoke(app, ["rules", "lint", str(path), "--lang", "zh"])
    assert result.exit_code == 2
    assert "党委副书记" in result.stderr and "v.yaml" in result.stderr
    # an alias added to the entry that already has it is fine
    path = _vocab_set(
        tmp_path, "vocabulary:\n  categories:\n    - {name: 领导干部, aliases: [领导]}\n"
    )
    assert load_ruleset(str(path)).vocabulary.category("领导") == "领导干部"


def test_a_rank_the_county_adds_is_placed_on_the_scale(tmp_path: Path) -> None:
    """Before: a county rank was appended above 正处级, so a 书记 holding 试用期公务员 passed
    "正职须副科级以上"."""
    from electkit.core.errors import InputError

    for text, message in [
        ("- {name: 试用期公务员}", "vocab.rank.place"),
        ("- {name: 试用期公务员, below: 见习}", "vocab.rank.anchor"),
        ("- {name: 试用期公务员, below: 科员, above: 科员}", None),
        ("- {name: 副科级, below: 科员}", "vocab.rank.move"),
    ]:
        path = _vocab_set(tmp_path, f"vocabulary:\n  ranks:\n    {text}\n")
        try:
            load_ruleset(str(path))
        except InputError as exc:
            if message is not None:
                assert [p.message_id for p in exc.problems] == [message]
        else:  # pragma: no cover
            raise AssertionError(text)
    path = _vocab_set(
        tmp_path,
        "vocabulary:\n  ranks:\n    - {name: 试用期公务员, below: 科员}\n"
        "    - {name: 二级巡视员, above: 正处级}\n",
    )
    vocab = load_ruleset(str(path)).vocabulary
    assert [r.name for r in vocab.ranks] == [
        "试用期公务员",
        "科员",
        "副科级",
        "正科级",
        "副处级",
        "正处级",
        "二级巡视员",
    ]
    assert vocab.rank("试用期公务员") == 0 < vocab.rank("科员") == 1


def test_a_rule_writing_another_spelling_is_told_the_name(tmp_path: Path) -> None:
    rule = """rules:
  - code: DL-FRONT
    kind: share
    severity: error
    title: {zh: 一线, en: front line}
    params:
      group: {label: {zh: 一线, en: front line}, category: [一线]}
      at_least: 2/5
    source: {text: "一线代表不低于40%", ref: "三", doc: N, quality: local}
"""
    path = _vocab_set(tmp_path, "", rule)
    result = runner.invoke(app, ["rules", "lint", str(path), "-f", "json", "--lang", "zh"])
    assert result.exit_code == 1
    (item,) = [i for i in json.loads(result.stdout)["items"] if i["type"] == "undeclared"]
    assert "生产和工作一线" in item["message"] and "别称" in item["message"]


def test_a_spelling_is_given_to_another_entry_only_by_dropping_it(tmp_path: Path) -> None:
    """湖南某区 2006: "委员、常务副乡镇长" is a post of its own; the national vocabulary has 常务副乡长
    as a spelling of 副乡镇长. Declaring it again clashes; dropping it from 副乡镇长 first works."""
    from electkit.core.errors import InputError

    own = "    - {name: 常务副乡镇长, body: government, aliases: [常务副乡长, 常务副镇长]}\n"
    path = _vocab_set(tmp_path, "vocabulary:\n  posts:\n" + own)
    try:
        load_ruleset(str(path))
    except InputError as exc:
        assert [p.message_id for p in exc.problems] == ["vocab.clash"]
    else:  # pragma: no cover
        raise AssertionError("clash loaded")
    drop = "    - {name: 副乡镇长, drop_aliases: [常务副乡镇长, 常务副乡长, 常务副镇长]}\n"
    vocab = load_ruleset(
        str(_vocab_set(tmp_path, "vocabulary:\n  posts:\n" + drop + own))
    ).vocabulary
    assert vocab.post_aliases["常务副乡长"] == "常务副乡镇长"
    assert vocab.post_aliases["副乡长"] == "副乡镇长"
    bad = "    - {name: 副乡镇长, drop_aliases: [乡长]}\n"
    try:
        load_ruleset(str(_vocab_set(tmp_path, "vocabulary:\n  posts:\n" + bad)))
    except InputError as exc:
        assert [p.message_id for p in exc.problems] == ["vocab.drop.unknown"]
    else:  # pragma: no cover
        raise AssertionError("dropped a spelling it does not have")
