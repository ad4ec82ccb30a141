"""``rules upgrade``: a rule set written for 0.1 rewritten in the current forms, comments kept,
the diff shown, the meaning proved the same; nothing written without --write."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from electkit.cli.main import app
from electkit.io.rules_loader import load_ruleset
from electkit.io.rules_upgrade import meaning

runner = CliRunner()

OLD = """# 某县2011年规则 (written for electkit 0.1)
name: old-county
title: {zh: 某县规则, en: A county}
extends: fuyuan-2006
documents:
  N: {title: 某县通知}
rules:
  # 35岁以下不少于一半
  - code: DL-AGE35
    kind: share
    severity: error
    title: {zh: 35岁以下, en: 35 or under}
    params:
      group: {label: {zh: 35岁以下, en: 35 or under}, age_max: 35, education_min: 高中}
      at_least: 1/2
    source: {text: "35岁以下的不少于50%", ref: 一, doc: N, quality: local}
  - code: DL-LEADERS
    params: {group: {label: {zh: 领导干部, en: leaders}, category: 领导干部}}
  - code: DL-MIN2
    kind: member_share
    severity: warning
    title: {zh: 少数民族, en: minority}
    params: {group: minority}
    source: {text: "少数民族代表不低于比例", ref: 二, doc: N, quality: local}
"""


def test_upgrade_shows_the_diff_and_writes_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "old.yaml"
    path.write_text(OLD, encoding="utf-8")
    before = meaning(load_ruleset(str(path)))
    shown = runner.invoke(app, ["rules", "upgrade", str(path), "--lang", "zh"])
    assert shown.exit_code == 0, shown.stderr
    assert "-      group: {label: {zh: 35岁以下, en: 35 or under}, age_max: 35" in shown.stdout
    assert "+      group: {label: {zh: 35岁以下, en: 35 or under}, age: {max: 35}" in shown.stdout
    assert "含义不变" in shown.stderr
    assert path.read_text(encoding="utf-8") == OLD  # a dry run by default
    written = runner.invoke(app, ["rules", "upgrade", str(path), "--write"])
    assert written.exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert "# 35岁以下不少于一半" in text and "age_max" not in text and "member_share" not in text
    assert "at_least_members: minority" in text
    assert meaning(load_ruleset(str(path))) == before
    again = runner.invoke(app, ["rules", "upgrade", str(path), "--lang", "en"])
    assert again.exit_code == 0 and "nothing to rewrite" in again.stdout
