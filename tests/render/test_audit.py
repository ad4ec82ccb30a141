from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from electkit.cli.main import app
from electkit.render.html import css_string, csv_safe, mask_id
from tests.helpers import EXAMPLES, write_csv

runner = CliRunner()
ELECTION = str(EXAMPLES / "election.yaml")


def audit(tmp_path: Path, name: str, *extra: str, roster: str | None = None) -> Path:
    out = tmp_path / name
    result = runner.invoke(
        app,
        [
            "report",
            "audit",
            ELECTION,
            "-d",
            roster or str(EXAMPLES / "delegates.xlsx"),
            "-o",
            str(out),
            "--lang",
            "zh",
            *extra,
        ],
    )
    assert result.exit_code == 0, result.stderr
    return out


def test_audit_json_carries_what_the_check_found(tmp_path: Path) -> None:
    data = json.loads(
        audit(
            tmp_path,
            "audit.json",
            "--slate",
            str(EXAMPLES / "committee.xlsx"),
            "--contest",
            "committee",
        ).read_text(encoding="utf-8")
    )
    assert data["ruleset"]["name"] == "fuyuan-2006" and len(data["ruleset"]["sha256"]) == 64
    assert {g["rule"] for g in data["groups"]} >= {"EL-FULL", "EL-INVEST", "EL-IDNUM", "DL-WOMEN"}
    women = next(g for g in data["groups"] if g["rule"] == "DL-WOMEN")
    assert "妇女代表" in women["clause"] and women["quality"] == "地方文件原文"
    assert len(data["people"]) == 150
    assert data["slates"][0]["groups"][0]["rule"] == "CS-NATIVE"
    assert len(data["checklist"]) == 8  # fuyuan-2006's qualitative conditions
    column = data["people_head"].index("身份证号")
    ids = [row["cells"][column] for row in data["people"]]
    assert all(i[6:-4] == "********" for i in ids)
    digest = hashlib.sha256((EXAMPLES / "delegates.xlsx").read_bytes()).hexdigest()
    assert data["inputs"][1]["sha256"] == digest  # after election.yaml


def test_show_id(tmp_path: Path) -> None:
    data = json.loads(audit(tmp_path, "a.json", "--show-id").read_text(encoding="utf-8"))
    assert "*" not in data["people"][0]["cells"][data["people_head"].index("身份证号")]


def test_everything_staff_typed_is_escaped(tmp_path: Path) -> None:
    roster = write_csv(
        tmp_path / "r.csv",
        [
            ["姓名", "性别", "政治面貌", "备注", "选举单位"],
            ["<script>alert(1)</script>", "男", "中共预备党员", "x", "<b>一支部</b>"],
            ['=HYPERLINK("http://x")', "女", "中共党员", "y", "+cmd"],
        ],
    )
    html = audit(tmp_path, "a.html", roster=str(roster)).read_text(encoding="utf-8")
    assert (
        "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    )
    assert "<b>一支部</b>" not in html
    rows = list(
        csv.reader(
            io.StringIO(
                audit(tmp_path, "a.csv", roster=str(roster)).read_text(encoding="utf-8-sig")
            )
        )
    )
    assert rows[2][1] == '\'=HYPERLINK("http://x")'
    assert rows[2][rows[0].index("选举单位")] == "'+cmd"


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("-5", "-5"),
        ("-2+3", "'-2+3"),
        ("@x", "'@x"),
        ("王芳", "王芳"),
        (None, ""),
    ],
)
def test_csv_safe(text: str | None, safe: str) -> None:
    assert csv_safe(text) == safe


def test_masks_and_css_strings() -> None:
    assert mask_id("11010519491231002X") == "110105********002X"
    assert mask_id("12345") == "*****"
    assert css_string('青山乡"</style><script>') == '"青山乡\\22 \\3c /style\\3e \\3c script\\3e "'


def test_markdown_and_english(tmp_path: Path) -> None:
    out = tmp_path / "a.md"
    result = runner.invoke(
        app,
        [
            "report",
            "audit",
            ELECTION,
            "-d",
            str(EXAMPLES / "delegates.csv"),
            "-o",
            str(out),
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 青山乡: eligibility audit") and "| DL-WOMEN" in text


def test_unknown_suffix_needs_format(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "report",
            "audit",
            ELECTION,
            "-d",
            str(EXAMPLES / "delegates.csv"),
            "-o",
            str(tmp_path / "a.docx"),
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 2 and "--format" in result.stderr


UNIT_SLATE = [
    ["卫生院党支部出席中共青山乡第十次代表大会代表候选人名单"],
    ["序号", "姓名", "性别", "民族", "出生年月", "文化程度", "政治面貌", "入党时间", "代表类别"],
    ["1", "王芳", "女", "汉族", "1980.03", "中专", "中共党员", "2005.09", "专业技术人员"],
    ["2", "李国庆", "男", "汉族", "1975.10", "大专", "中共党员", "2000.07", "专业技术人员"],
    ["3", "何丽芬", "女", "汉族", "1972.05", "中专", "中共党员", "1995.07", "专业技术人员"],
]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_delegate_slate_of_a_unit(tmp_path: Path, lang: str) -> None:
    """Before, --contest delegates:UNIT was refused (exit 2) and DL-EXTRA never checked: 3
    candidates for the 4 seats of 卫生院党支部 passed."""
    path = write_csv(tmp_path / "d.csv", UNIT_SLATE)
    out = tmp_path / "audit.json"
    args = ["report", "audit", ELECTION, "-d", str(EXAMPLES / "delegates.xlsx"), "-o", str(out)]
    result = runner.invoke(
        app, [*args, "--slate", str(path), "--contest", "delegates:卫生院党支部", "--lang", lang]
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    section = data["slates"][0]
    assert "卫生院党支部" in section["title"]
    assert "DL-EXTRA" in {g["rule"] for g in section["groups"]}
    reason = next(n["reason"] for n in data["not_checked"] if n["rule"] == "DL-EXTRA")
    assert "卫生院党支部" in reason
    # without a unit the list is checked as before, DL-EXTRA left to `check slate --unit`
    result = runner.invoke(
        app, [*args, "--slate", str(path), "--contest", "delegates", "--lang", lang]
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert "DL-EXTRA" not in {g["rule"] for g in data["slates"][0]["groups"]}
    reason = next(n["reason"] for n in data["not_checked"] if n["rule"] == "DL-EXTRA")
    assert "卫生院党支部" not in reason
    bad = runner.invoke(app, [*args, "--slate", str(path), "--contest", "committee:五"])
    assert bad.exit_code == 2


def test_markdown_has_every_section_of_the_printed_report(tmp_path: Path) -> None:
    """Slates, rules not checked, the checklist and the signature lines, as in the HTML/PDF."""
    out = tmp_path / "a.md"
    args = ["report", "audit", ELECTION, "-d", str(EXAMPLES / "delegates.csv")]
    args += ["--slate", str(EXAMPLES / "committee.xlsx"), "--contest", "committee"]
    result = runner.invoke(app, [*args, "-o", str(out), "--lang", "zh"])
    assert result.exit_code == 0
    text = out.read_text(encoding="utf-8")
    for heading in (
        "## 党委委员候选人名单审查",
        "### 未能检查的规则",
        "## 须由审查小组逐项确认的条件",
    ):
        assert heading in text
    assert "### CS-NATIVE" in text and "审查小组组长(签字): ____" in text


def test_the_headline_counts_every_list_of_the_report(tmp_path: Path) -> None:
    """A tester's report said "审查结果：共120人；错误0项" on page 1 above a slate with 2 errors: the
    headline now names the delegate list and adds the total over every list."""
    out = audit(
        tmp_path, "audit.md", "--slate", str(EXAMPLES / "committee.xlsx"), "--contest", "committee"
    )
    text = out.read_text(encoding="utf-8")
    data = json.loads(
        audit(
            tmp_path,
            "audit.json",
            "--slate",
            str(EXAMPLES / "committee.xlsx"),
            "--contest",
            "committee",
        ).read_text(encoding="utf-8")
    )
    errors = sum(int(s["summary"].split("错误")[1].split("项")[0]) for s in data["slates"])
    errors += int(data["summary"].split("错误")[1].split("项")[0])
    assert f"- 全部名单合计: 错误{errors}项" in text
    assert "- 代表名单审查结果: 共150人" in text


def test_an_english_report_says_ethnicity_education_and_status_in_english(tmp_path: Path) -> None:
    """Before: the English per-person list and breakdowns kept the cells' 汉族, 大专 and 中共党员.
    A Chinese report keeps the cells as written."""
    english = audit(tmp_path, "en.json", "--lang", "en")
    data = json.loads(english.read_text(encoding="utf-8"))
    text = json.dumps(data, ensure_ascii=False)
    for word in ("汉族", "彝族", "大专", "本科", "中共党员"):
        assert f'"{word}"' not in text, word
    for word in ('"Han"', '"Yi"', '"college (dazhuan)"', '"full member"'):
        assert word in text, word
    chinese = json.loads(audit(tmp_path, "zh.json").read_text(encoding="utf-8"))
    text = json.dumps(chinese, ensure_ascii=False)
    assert '"汉族"' in text and '"中共党员"' in text and '"Han"' not in text


def test_every_ethnic_group_has_its_english_name() -> None:
    from electkit.core.vocab import ETHNIC_GROUPS, ETHNIC_GROUPS_EN, ethnic_text

    assert (
        list(ETHNIC_GROUPS_EN) == list(ETHNIC_GROUPS) and len(set(ETHNIC_GROUPS_EN.values())) == 56
    )
    assert ethnic_text("彝", "en") == "Yi" and ethnic_text("穿青人", "en") == "穿青人"


def test_a_slate_rule_that_could_not_be_checked_is_said_in_its_section(tmp_path: Path) -> None:
    """Before: a slate's unchecked rules appeared nowhere on the form (its section said 错误0项,
    and the delegate section's "适用于党委委员候选人名单" suggested they had been checked)."""
    slate = write_csv(
        tmp_path / "slate.csv",
        [["姓名", "性别", "出生年月"], *[[f"候选{i}", "男", "1975.01"] for i in range(11)]],
    )
    out = audit(tmp_path, "a.md", "--slate", str(slate), "--contest", "committee")
    section = out.read_text(encoding="utf-8").split("## 党委委员候选人名单审查", 1)[1]
    section = section.split("\n## ", 1)[0]
    assert "### 未能检查的规则" in section
    assert "CS-OFFICERS: 未检查：文件中没有“拟任职务”列" in section
    assert "适用于" not in section  # the rules of other lists are said in the delegate section
