"""The packaged rule sets mean what they meant in electkit 0.1, and a set extending another
without changes gives identical findings."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from electkit.core.checks.delegates import check_delegates
from electkit.core.groups import Group
from electkit.core.ruleset import RuleSet, dump_rule
from electkit.io.rules_loader import load_ruleset
from tests.core.checks.test_rule_cases import CASES
from tests.helpers import context, profile

V01 = Path(__file__).resolve().parents[1] / "data" / "rules" / "v0.1"
# parameters added since 0.1, with the default that keeps 0.1's meaning
NEW_DEFAULTS: dict[str, dict[str, Any]] = {
    "allocation": {"basis": "members", "weights": {}, "min_per_unit": 0},
    "share": {"of": "delegates"},
    "extra_candidates": {"strict": False},
    "members_include": {"separately": False},
    "committee_seats": {"by_class": {}},
}
# rules added since 0.1
ADDED = {"DL-HIGHER"}


@pytest.mark.parametrize("name", ["national-2020", "national-1990", "fuyuan-2006", "zhaotong-2006"])
def test_rules_show_is_unchanged_in_meaning(name: str) -> None:
    before = json.loads((V01 / f"{name}.json").read_text(encoding="utf-8"))
    rs = load_ruleset(name)
    now = {code: dump_rule(rule) for code, rule in rs.rules.items() if code not in ADDED}
    assert list(now) == [r["code"] for r in before["rules"]]
    assert list(rs.chain) == before["chain"]
    for old in before["rules"]:
        new = now[old["code"]]
        assert (new["kind"], new["severity"]) == (old["kind"], old["severity"]), old["code"]
        params = {k: v for k, v in new.get("params", {}).items() if v is not None}
        for key, default in NEW_DEFAULTS.get(new["kind"], {}).items():
            if params.get(key) == default:
                params.pop(key)
        old_params = {k: v for k, v in old.get("params", {}).items() if v is not None}
        if new["kind"] == "share":  # the same tests, whichever form the group is written in
            params["group"] = _tests(params["group"])
            old_params["group"] = _tests(old_params["group"])
        assert params == old_params, old["code"]


def _tests(group: dict[str, Any]) -> list[tuple[str, str]]:
    parsed = Group.model_validate({k: v for k, v in group.items() if v is not None})
    tests = sorted((name, repr(value)) for name, value in parsed.parts())
    return [*tests, ("label", repr(parsed.label))]


def _extending(tmp_path: Path, parent: str) -> RuleSet:
    path = tmp_path / f"same-as-{parent}.yaml"
    path.write_text(
        f"name: same-as-{parent}\ntitle: {{zh: 同, en: same}}\nextends: {parent}\n",
        encoding="utf-8",
    )
    return load_ruleset(str(path))


@settings(max_examples=25, deadline=None)
@given(code=st.sampled_from(sorted(CASES)), failing=st.booleans())
def test_extending_without_changes_gives_identical_findings(
    tmp_path_factory: pytest.TempPathFactory, code: str, failing: bool
) -> None:
    case = CASES[code]
    parent = load_ruleset(case.ruleset)
    child = _extending(tmp_path_factory.mktemp("rules"), case.ruleset)
    people = case.failing if failing else case.passing
    prof = profile(**(case.failing_profile if failing and case.failing_profile else case.profile))

    def keyed(rs: RuleSet) -> list[tuple[Any, ...]]:
        report = check_delegates(people, context(rs, prof))
        # the only difference allowed: the set's own name where a message names it
        named = ({k: v for k, v in f.params.items() if k != "ruleset"} for f in report.findings)
        return [
            (f.key(), f.severity, f.message_id, params)
            for f, params in zip(report.findings, named, strict=True)
        ]

    assert keyed(child) == keyed(parent)


def test_child_without_changes_lints_clean(
    tmp_path: Path, rulesets: Callable[[str], RuleSet]
) -> None:
    from electkit.core.lint import lint_lineage

    for parent in ("fuyuan-2006", "zhaotong-2006", "national-2020"):
        items = lint_lineage(_extending(tmp_path, parent))
        assert [i for i in items if i.against not in (None,) and i.type != "addition"] == []
