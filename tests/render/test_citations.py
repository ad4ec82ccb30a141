"""Printed forms cite a document by its own title and quote only a document's own wording.

A rule whose wording is secondary, a sample's or electkit's own reading is named on a form by
its regulation (and article where known); the wording goes to the appendix 依据说明, which says
so. The terminal keeps the quotation, marked. (rules digest, "What users see"; issue 12.)
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from electkit.cli.main import app
from electkit.core.rulebase import QUOTED_ON_FORMS
from electkit.core.ruleset import RuleSet
from electkit.io.rules_loader import packaged_names
from electkit.messages import t
from tests.helpers import EXAMPLES
from tests.rosters import write_contest

runner = CliRunner()
SETS = sorted(packaged_names())
# every document a printed form may name: the decisions recorded in docs/rules.md
FORM_TITLES = {
    "《中国共产党基层组织选举工作条例》(2020)",
    "《中国共产党基层组织选举工作暂行条例》(1990)",
    "《中国共产党农村基层组织工作条例》(2019)",
    "《中国共产党纪律处分条例》",
    "《中国共产党章程》",
    "GB 11643《公民身份号码》",
    "electkit 数据检查(不来自选举条款)",
    "本次大会通过的选举办法",
    "富源县乡镇党委换届工作通知(2006)",
    "昭通某县乡镇党委换届工作会议讲话(2006)",
}
# where we found a text is not its title
LABELS = re.compile(r"种子|第[0-9一二三四五六七八九]篇|seed|\.txt|转述本|摘录|摘要|身份未确认")


def test_a_form_names_only_real_titles(rulesets: Callable[[str], RuleSet]) -> None:
    for name in SETS:
        rs = rulesets(name)
        for document in rs.documents.values():
            assert not LABELS.search(document.title), (name, document.title)
        for code, rule in rs.rules.items():
            cite = rs.form_cite(rule)
            assert cite.title in FORM_TITLES, (name, code, cite.title)
            if rule.source.quality in QUOTED_ON_FORMS:
                assert cite.quote == rule.source.text and cite.wording is None
            else:  # named by the regulation; the wording is for the appendix only
                assert cite.quote is None and cite.wording == rule.source.text, (name, code)
            if rule.source.quality in ("secondary", "practice"):
                assert rule.source.basis is not None, (name, code)


def test_what_forms_and_the_terminal_say(rulesets: Callable[[str], RuleSet]) -> None:
    new, old = rulesets("national-2020"), rulesets("national-1990")
    threshold = new.form_cite(new.rules["TL-THRESHOLD"])
    assert threshold.quote is None and threshold.ref is None
    assert threshold.title == "《中国共产党基层组织选举工作条例》(2020)"
    assert threshold.wording_from == "旗帜网：正式选举确定当选人的原则，当选原则"
    # the 2020 delegate totals: the regulation's words, found in a news summary
    total = new.form_cite(new.rules["DL-TOTAL"])
    assert (total.title, total.ref) == ("《中国共产党基层组织选举工作条例》(2020)", "第八条")
    assert total.quote == "代表的名额一般为100名至200名，最多不超过300名。"
    # quoted by a sample, reconstructed: quoted on forms, named by the 1990 text
    ballot = old.form_cite(old.rules["TL-BALLOT"])
    assert ballot.quote and ballot.title == "《中国共产党基层组织选举工作暂行条例》(1990)"
    assert new.form_cite(new.rules["TL-NOMARK"]).title == "本次大会通过的选举办法"
    # the terminal keeps the quotation, marked
    assert new.cite(new.rules["TL-THRESHOLD"]).endswith("当选原则；二手来源，须与原文核对）")
    assert "实践例文" in old.cite(old.rules["TL-SHORT"])
    assert new.cite(new.rules["EL-FULL"]) == (
        "“正式党员有表决权、选举权、被选举权。…预备党员没有表决权、选举权和被选举权。”"
        "（《中国共产党基层组织选举工作条例》(2020)，第五条）"
    )


def _split(text: str, lang: str) -> tuple[str, str]:
    """The form's body and its appendix 依据说明 (empty when it has none)."""
    heading = t("report.sources.title", lang)
    at = text.rfind(heading)  # the body may say "wording: see Notes on sources"
    return (text, "") if at < 0 else (text[:at], text[at:])


def _check(text: str, rs: RuleSet, lang: str, cited: set[str]) -> None:
    body, appendix = _split(text, lang)
    assert not LABELS.search(text)
    for title in re.findall(r"[”\"]（([^，）]+)", body):  # “quoted”（title，ref）
        assert title in FORM_TITLES, title
    for code, rule in rs.rules.items():
        cite = rs.form_cite(rule)
        if cite.quote is not None:
            continue
        assert rule.source.text not in body, code
        if rs.title_of(rule.source.doc) not in FORM_TITLES:
            assert rs.title_of(rule.source.doc) not in body, code
        if code in cited:
            assert code in appendix and rule.source.text in appendix, code
    if appendix:
        assert t("report.sources.intro", lang) in appendix


@pytest.mark.parametrize("name", SETS)
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("suffix", ["html", "md"])
def test_result_form_quotes_no_secondary_wording(
    rulesets: Callable[[str], RuleSet], tmp_path: Path, name: str, lang: str, suffix: str
) -> None:
    contest, ballots = write_contest(tmp_path)
    contest.write_text(
        contest.read_text(encoding="utf-8").replace("rules: fuyuan-2006", f"rules: {name}"),
        encoding="utf-8",
    )
    out = tmp_path / f"result.{suffix}"
    args = ["report", "result", str(contest), str(ballots), "--lang", lang, "-o", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    rs = rulesets(name)
    text = html.unescape(out.read_text(encoding="utf-8"))
    _check(text, rs, lang, {"TL-THRESHOLD"})
    threshold = rs.rules["TL-THRESHOLD"]
    assert (rs.form_cite(threshold).quote is None) == ("TL-THRESHOLD" in _split(text, lang)[1])


@pytest.mark.parametrize("name", ["fuyuan-2006", "national-2020"])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("suffix", ["html", "md"])
def test_audit_form_quotes_no_secondary_wording(
    rulesets: Callable[[str], RuleSet], tmp_path: Path, name: str, lang: str, suffix: str
) -> None:
    out = tmp_path / f"audit.{suffix}"
    args = [
        "report",
        "audit",
        str(EXAMPLES / "election.yaml"),
        "-d",
        str(EXAMPLES / "delegates.xlsx"),
    ]
    args += ["--slate", str(EXAMPLES / "committee.xlsx"), "--contest", "committee"]
    result = runner.invoke(app, [*args, "--rules", name, "--lang", lang, "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    text = html.unescape(out.read_text(encoding="utf-8"))
    _check(text, rulesets(name), lang, {"EL-IDMATCH"})
    # the planted ID mismatch is a personnel-file question: named as electkit's own check
    assert "electkit 数据检查(不来自选举条款)" in _split(text, lang)[0]


def test_audit_cites_the_parent_clause_for_seats_a_fixed_clause_does_not_name(
    tmp_path: Path,
) -> None:
    """zhaotong-2006 fixes the 差额 for 9 and 7 seats only: on 8 seats the form's 依据 is the
    1990 regulation's article it follows, never zhaotong's sentence about 9 and 7."""
    out = tmp_path / "audit.md"
    args = ["report", "audit", str(EXAMPLES / "election.yaml"), "-d"]
    args += [str(EXAMPLES / "delegates.xlsx"), "--slate", str(EXAMPLES / "committee.xlsx")]
    args += ["--contest", "committee:8", "--rules", "zhaotong-2006", "-o", str(out)]
    result = runner.invoke(app, [*args, "--lang", "zh"])
    assert result.exit_code == 0, result.stderr
    section = out.read_text(encoding="utf-8").split("### CS-EXTRA", 1)[1].split("###", 1)[0]
    assert "第十二条" in section and "设9名党委委员" not in section
    assert "按national-1990的规定" in section
