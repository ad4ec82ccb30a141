"""``rules schema`` accepts what the loader accepts: the rule sets of electkit 0.1 (an editor
must not mark a valid 0.1 file as wrong), and the rewrite ``rules upgrade`` makes of them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from electkit.cli.main import app
from electkit.io.rules_loader import load_ruleset
from electkit.io.rules_upgrade import upgrade_file

V01 = Path(__file__).resolve().parents[1] / "data" / "rules" / "v0.1"
SNAPSHOTS = sorted(p.name for p in V01.glob("*.json"))


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    result = CliRunner().invoke(app, ["rules", "schema"])
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(data)
    return data


def _rule_schema(schema: dict[str, Any], kind: str) -> dict[str, Any]:
    """The schema of one kind's rule entry, with the file's definitions."""
    defs = schema["$defs"]
    (rule,) = [
        d for d in defs.values() if d.get("properties", {}).get("kind", {}).get("const") == kind
    ]
    return {**rule, "$defs": defs}


def _errors(validator_schema: dict[str, Any], data: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(validator_schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


@pytest.mark.parametrize("name", SNAPSHOTS)
def test_every_rule_of_a_v01_set_is_valid(schema: dict[str, Any], name: str) -> None:
    """The snapshots hold each packaged set's effective rules as 0.1 showed them (code, kind,
    severity, params; the title and clause are not in them, so those two are not required here)."""
    snapshot = json.loads((V01 / name).read_text(encoding="utf-8"))
    assert snapshot["rules"]
    for rule in snapshot["rules"]:
        entry = _rule_schema(schema, rule["kind"])
        entry["required"] = [k for k in entry["required"] if k not in ("title", "source")]
        assert _errors(entry, rule) == [], rule["code"]


def test_a_single_category_is_the_01_form(schema: dict[str, Any]) -> None:
    fuyuan = json.loads((V01 / "fuyuan-2006.json").read_text(encoding="utf-8"))
    leaders = next(r for r in fuyuan["rules"] if r["code"] == "DL-LEADERS")
    assert leaders["params"]["group"]["category"] == "领导干部"  # what the test above covers
    share = _rule_schema(schema, "share")
    share["required"] = [k for k in share["required"] if k not in ("title", "source")]
    wrong = {**leaders, "params": {**leaders["params"], "group": {"category": 5}}}
    assert _errors(share, wrong)  # still a schema: a number is no category


def test_a_county_file_written_for_01_is_valid_before_and_after_upgrade(
    schema: dict[str, Any], tmp_path: Path
) -> None:
    path = tmp_path / "county.yaml"
    path.write_bytes((V01 / "county-0.1.yaml").read_bytes())
    load_ruleset(str(path))  # the loader accepts it …
    before = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert before["rules"][2]["params"]["group"]["category"] == "领导干部"
    assert _errors(schema, before) == []  # … and so does the schema
    upgraded = upgrade_file(path)
    assert upgraded.changes
    assert _errors(schema, yaml.safe_load(upgraded.after)) == []
