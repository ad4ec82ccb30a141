"""The registry of rule kinds: every kind declared once, with everything the tools need."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from electkit.core.kinds import kind_of, registry, rule_adapter
from electkit.core.lint import PARAM_LABELS, param_label
from electkit.core.rulebase import Params, Stricter, direction_of
from electkit.io.rules_loader import load_ruleset, packaged_names
from electkit.messages import catalogue

ROOT = Path(__file__).resolve().parents[3]
KINDS = sorted(registry())


def _params_model(name: str) -> type[Params] | None:
    field = registry()[name].rule.model_fields.get("params")
    model = field.annotation if field else None
    return model if isinstance(model, type) and issubclass(model, Params) else None


def test_every_packaged_rule_is_of_a_registered_kind() -> None:
    for name in packaged_names():
        for rule in load_ruleset(name).rules.values():
            assert kind_of(rule).rule is type(rule), rule.code


@pytest.mark.parametrize("name", KINDS)
def test_each_kind_is_documented_with_a_valid_example(name: str) -> None:
    kind = registry()[name]
    assert kind.doc.what and kind.doc.why and kind.doc.example
    (entry,) = yaml.safe_load(kind.doc.example)
    entry.setdefault("title", {"zh": "例", "en": "example"})
    entry.setdefault("source", {"text": "例", "ref": "例", "doc": "X", "quality": "local"})
    entry.setdefault("severity", "error")
    rule = rule_adapter().validate_python(entry)
    assert rule.kind == name
    docs = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert f"## kind `{name}`" in docs


@pytest.mark.parametrize("name", KINDS)
def test_every_parameter_has_a_direction_and_a_label(name: str) -> None:
    """lint compares every parameter: each declares which way it is stricter, and has words."""
    model = _params_model(name)
    if model is None:
        return
    for field in model.model_fields:
        direction = direction_of(model, field)
        assert direction is not None, f"{name}.{field} has no Stricter direction"
        if direction is not Stricter.NONE:
            label = param_label(model, field)
            assert label.zh != field or field in PARAM_LABELS, f"{name}.{field} has no label"


@pytest.mark.parametrize("name", KINDS)
def test_message_keys_and_reasons_exist_in_both_languages(name: str) -> None:
    kind = registry()[name]
    zh, en = catalogue("zh"), catalogue("en")
    for key in (*kind.messages, *kind.reasons):
        assert key in zh and key in en, f"{name}: {key}"


def test_kinds_with_a_check_name_their_messages() -> None:
    for name, kind in registry().items():
        if kind.check is not None:
            assert kind.messages, name


def test_a_new_kind_is_one_module(tmp_path: Path) -> None:
    """A module in core/kinds/ that registers a kind is found by the registry: the schema, the
    docs generator, lint and the runner take it from there."""
    sources = sorted((ROOT / "src" / "electkit" / "core" / "kinds").glob("*.py"))
    modules = {p.stem for p in sources} - {"__init__"}
    declared = {kind.rule.__module__.rsplit(".", 1)[-1] for kind in registry().values()}
    assert declared <= modules
    assert modules - declared == set(), "a module in core/kinds/ that registers no kind"


def test_schema_offers_every_kind(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from electkit.cli.main import app

    result = CliRunner().invoke(app, ["rules", "schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    text = json.dumps(schema, ensure_ascii=False)
    for name in KINDS:
        assert f'"const": "{name}"' in text or f'"enum": ["{name}"]' in text, name
    assert "vocabulary" in schema["properties"]
