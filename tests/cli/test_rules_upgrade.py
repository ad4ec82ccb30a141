"""``rules upgrade``: a rule set written for 0.1 rewritten in the current forms, comments kept,
the diff shown, the meaning proved the same; nothing written without --write."""

from __future__ import annotations

from pathlib import Path

import pytest
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


def test_a_gbk_file_is_upgraded_and_written_back_in_gbk(tmp_path: Path) -> None:
    """Notepad's "ANSI" on Chinese Windows: read as the loader reads it, written back alike, CRLF
    line ends kept; a dry run leaves the file and its folder exactly as they were."""
    folder = tmp_path / "county"
    folder.mkdir()
    path = folder / "old.yaml"
    original = OLD.replace("\n", "\r\n").encode("gbk")
    path.write_bytes(original)
    before = meaning(load_ruleset(str(path)))
    shown = runner.invoke(app, ["rules", "upgrade", str(path), "--lang", "zh"])
    assert shown.exit_code == 0, shown.stderr
    assert "+      group: {label: {zh: 35岁以下, en: 35 or under}, age: {max: 35}" in shown.stdout
    assert path.read_bytes() == original
    assert sorted(p.name for p in folder.iterdir()) == ["old.yaml"]  # no temp file beside it
    written = runner.invoke(app, ["rules", "upgrade", str(path), "--write"])
    assert written.exit_code == 0, written.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["old.yaml"]
    data = path.read_bytes()
    text = data.decode("gbk")  # strictly GBK: no UTF-8 crept in
    assert "# 35岁以下不少于一半\r\n" in text and "age: {max: 35}" in text
    assert "\n" not in text.replace("\r\n", "")
    assert data.startswith("# 某县".encode("gbk"))
    assert meaning(load_ruleset(str(path))) == before


def test_a_byte_order_mark_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "old.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + OLD.encode("utf-8"))
    written = runner.invoke(app, ["rules", "upgrade", str(path), "--write"])
    assert written.exit_code == 0, written.stderr
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf# ") and data.count(b"\xef\xbb\xbf") == 1
    assert "age: {max: 35}" in data.decode("utf-8-sig")


def test_a_relative_extends_is_read_from_the_files_own_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rewrite is checked in a temporary folder, but its ``extends: base.yaml`` still means
    the base.yaml beside the user's file (electkit run from elsewhere)."""
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "base.yaml").write_text(OLD.replace("name: old-county", "name: base"), "utf-8")
    child = folder / "child.yaml"
    child.write_text(
        "name: child\ntitle: {zh: 乡规则, en: township}\nextends: base.yaml\nrules:\n"
        "  - code: DL-LEADERS\n    params: {group: {label: {zh: 干部, en: cadres},"
        " category: 领导干部, age_max: 50}}\n",
        encoding="utf-8",
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    written = runner.invoke(app, ["rules", "upgrade", str(child), "--write"])
    assert written.exit_code == 0, written.stderr
    assert "category: [领导干部], age: {max: 50}" in child.read_text(encoding="utf-8")
    assert sorted(p.name for p in folder.iterdir()) == ["base.yaml", "child.yaml"]
    assert list(elsewhere.iterdir()) == []
