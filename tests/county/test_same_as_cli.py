"""``county check`` gives, for each township, exactly what the single-township commands give:
each list's JSON equals its own command's JSON (the command county check names beside it), and
the plan's equals ``plan -f json``. Both paths call the same app functions; this checks it."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from tests.county.helpers import COUNTY, run

ROLES = ("delegates", "committee", "discipline")


@pytest.fixture(scope="module")
def county_json() -> dict[str, Any]:
    result = run("county", "check", str(COUNTY), "-f", "json", "--lang", "zh", code=1)
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def single(command: list[str], lang: str = "zh") -> Any:
    """The JSON of one single-township command, run as county check says it is run."""
    assert command[0] == "electkit"
    result = run(*command[1:], "-f", "json", "--lang", lang, code=None)
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("township", ["青山乡", "石桥镇", "河口镇", "马鞍乡", "龙潭彝族乡"])
def test_each_list_is_what_its_own_command_prints(
    county_json: dict[str, Any], township: str
) -> None:
    (found,) = [t for t in county_json["townships"] if t["township"] == township]
    assert sorted(found["lists"]) == sorted(ROLES)
    for role in ROLES:
        entry = found["lists"][role]
        assert entry["result"] == single(entry["command"]), (township, role)
        assert entry["problems"] == []
    plan = single(["electkit", "plan", str(COUNTY / township / "election.yaml")])
    assert found["plan"] == plan


def test_the_commands_named_are_the_single_township_ones(county_json: dict[str, Any]) -> None:
    (found,) = [t for t in county_json["townships"] if t["township"] == "马鞍乡"]
    folder = COUNTY / "马鞍乡"
    election = str(folder / "election.yaml")
    assert found["lists"]["delegates"]["command"] == [
        "electkit",
        "check",
        "delegates",
        str(folder / "delegates.xlsx"),
        "--election",
        election,
    ]
    assert found["lists"]["discipline"]["command"] == [
        "electkit",
        "check",
        "slate",
        str(folder / "discipline.xlsx"),
        "--contest",
        "discipline",
        "--election",
        election,
        "--seats",
        "5",
    ]


def test_findings_are_tagged_with_their_township(county_json: dict[str, Any]) -> None:
    findings = {
        (t["township"], role, f["rule"], tuple(f["rows"]))
        for t in county_json["townships"]
        for role, entry in t["lists"].items()
        for f in entry["result"]["findings"]
        if f["severity"] == "error"
    }
    assert findings == {("石桥镇", "delegates", "EL-FULL", (14,))}
    assert county_json["summary"] == {
        "townships": 5,
        "errors": 3,  # and the two county-level rules the example county falls short of
        "warnings": 0,
        "unreadable": 0,
        "missing": 0,
    }
    rules = county_json["county_rules"]
    assert [(f["rule"], f["severity"], f["needed"]) for f in rules["findings"]] == [
        ("CT-YOUNGHEAD", "error", 1),
        ("CT-YOUNG27", "error", 1),
    ]
    assert rules["findings"][1]["subjects"] == ["石桥镇", "河口镇", "马鞍乡", "龙潭彝族乡"]
    assert "三分之一以上的乡镇党政班子中" in rules["findings"][1]["source"]
    assert [(r["rule"], r["count"], r["total"], r["ok"]) for r in rules["composition"]] == [
        ("CT-YOUNGHEAD", 0, 55, False),
        ("CT-YOUNG27", 1, 5, False),
    ]
    text = run("county", "check", str(COUNTY), "-f", "plain", "--lang", "zh", code=1).stdout
    (line,) = [x for x in text.splitlines() if "EL-FULL" in x]
    assert line.split()[:4] == ["石桥镇", "代表名单", "EL-FULL", "错误"]


def test_the_app_path_renders_the_same_json(county_json: dict[str, Any]) -> None:
    """The app functions called directly (as a script would) give the CLI's JSON."""
    from electkit.app.county import load_workspace
    from electkit.app.county_check import check_county
    from electkit.render import county_check as view

    def rendered(jobs: int) -> Any:
        pieces = [view.head_json(load_workspace(COUNTY))]

        def show(piece: str) -> None:
            pieces.append(view.join_json(piece, len(pieces) == 1))

        shown = partial(view.township_json, lang="zh")
        done = check_county(load_workspace(COUNTY), shown, show, jobs=jobs)
        pieces.append(view.tail_json(done, "zh"))
        return json.loads("".join(pieces))

    assert rendered(1) == county_json  # in this process
    assert rendered(2) == county_json  # in two worker processes


def test_an_unreadable_list_exits_2_and_is_named(tmp_path: Path) -> None:
    from tests.county.helpers import one_township

    root = one_township(tmp_path / "county")
    (root / "青山乡" / "committee.xlsx").write_bytes(b"not an excel file")
    result = run("county", "check", str(root), "-f", "json", "--lang", "en", code=2)
    data = json.loads(result.stdout)
    entry = data["townships"][0]["lists"]["committee"]
    assert entry["result"] is None
    assert entry["problems"][0]["file"].endswith("committee.xlsx")
    assert data["summary"]["unreadable"] == 1
