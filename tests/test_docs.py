"""Docs are tested against the code: rule codes, generated references, message catalogues."""

from __future__ import annotations

import importlib
import importlib.util
import re
import string
from pathlib import Path

import pytest

from electkit.io.rules_loader import load_ruleset, packaged_names
from electkit.messages import AREAS, catalogue

ROOT = Path(__file__).resolve().parent.parent


def _gen_docs():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_rule_code_has_its_section() -> None:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    sections = set(re.findall(r"^## ([A-Z]{2}-[A-Z0-9]+)", text, flags=re.M))
    codes = {code for name in packaged_names() for code in load_ruleset(name).rules}
    assert codes - sections == set()


@pytest.mark.parametrize("name", ["rules.md", "cli.md"])
def test_generated_docs_are_current(name: str) -> None:
    gen = _gen_docs()
    expected = gen.rules_md() if name == "rules.md" else gen.cli_md()
    assert (ROOT / "docs" / name).read_text(encoding="utf-8") == expected, "run scripts/gen_docs.py"


def _fields(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


@pytest.mark.parametrize("area", AREAS)
def test_catalogues_match(area: str) -> None:
    module = importlib.import_module(f"electkit.messages.{area}")
    assert list(module.ZH) == list(module.EN)
    for key in module.ZH:
        assert _fields(module.ZH[key]) == _fields(module.EN[key]), key
        assert module.ZH[key] and module.EN[key]


def test_message_ids_used_in_code_exist() -> None:
    known = set(catalogue("zh"))
    prefixes = "|".join(sorted({k.split(".")[0] for k in known}))
    pattern = re.compile(rf'"((?:{prefixes})\.[a-z0-9_]+(?:\.[a-z0-9_]+)*)"')
    used: set[str] = set()
    for path in (ROOT / "src" / "electkit").rglob("*.py"):
        if "messages" in path.parts:
            continue
        used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    dynamic = {u for u in used if u.endswith(".") or u.endswith((".j2", ".html", ".yaml"))}
    assert used - dynamic - known == set()


def test_changelog_lists_every_rule_code() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    codes = {code for name in packaged_names() for code in load_ruleset(name).rules}
    assert {c for c in codes if c not in text} == set()


def test_documented_tally_json_fields_are_the_issue_fields() -> None:
    from tests.cli.test_tally_cli import JSON_FIELDS

    doc = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    text = doc.split("## `tally count`", 1)[1].split("### JSON", 1)[1].split("###", 1)[0]
    documented = re.findall(r"^\| ((?:`\w+`(?:, )?)+) \|", text, re.M)
    fields = [f for row in documented for f in re.findall(r"`(\w+)`", row)]
    assert fields == JSON_FIELDS
