"""Contest files: problems name file, line and key; rule sets resolve beside the file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from electkit.core.errors import InputError
from electkit.core.tally_next import next_round
from electkit.io.contest import contest_yaml, load_contest
from tests.tally_helpers import contest as make_contest
from tests.tally_helpers import repeat, run

DATA = Path(__file__).resolve().parent.parent / "data" / "tally"


def test_load_contest_with_its_rule_set() -> None:
    contest, ruleset = load_contest(DATA / "contest.yaml")
    assert contest.contest == "委员" and contest.seats == 2
    assert contest.candidates == ("丁一", "王建国", "李春")
    assert ruleset is not None and ruleset.name == "national-2020"


def test_present_over_entitled_is_an_input_error_on_its_line() -> None:
    with pytest.raises(InputError) as info:
        load_contest(DATA / "present_over_entitled.yaml")
    (problem,) = info.value.problems
    assert (problem.message_id, problem.row, problem.column) == (
        "tally.contest.present_over_entitled",
        4,
        "present",
    )


def test_every_bad_key_is_reported_with_its_line() -> None:
    with pytest.raises(InputError) as info:
        load_contest(DATA / "bad_contest.yaml")
    found = {(p.column, p.row) for p in info.value.problems}
    assert found == {("seats", 2), ("candidates", 5), ("threshold_basis", 6), ("colour", 7)}


def test_bad_alias() -> None:
    with pytest.raises(InputError, match=r"val\.alias_is_candidate") as info:
        load_contest(DATA / "bad_alias.yaml")
    assert info.value.problems[0].column == "aliases"


def test_not_a_mapping_and_unknown_rules() -> None:
    with pytest.raises(InputError, match=r"tally\.contest\.not_mapping"):
        load_contest(DATA / "not_mapping.yaml")
    with pytest.raises(InputError, match=r"rules\.unknown"):
        load_contest(DATA / "unknown_rules.yaml")
    with pytest.raises(InputError, match=r"file\.not_found"):
        load_contest(DATA / "nowhere.yaml")


def test_rules_path_is_relative_to_the_contest_file(tmp_path: Path) -> None:
    rules_dir = tmp_path / "county"
    rules_dir.mkdir()
    (rules_dir / "ours.yaml").write_text(
        "name: ours\ntitle: {zh: 本县, en: Ours}\nextends: national-1990\n", encoding="utf-8"
    )
    meeting = tmp_path / "meeting"
    meeting.mkdir()
    (meeting / "c.yaml").write_text(
        "contest: 委员\nseats: 1\nentitled: 9\npresent: 9\nrules: ../county/ours.yaml\n"
        "candidates: [甲, 乙]\n",
        encoding="utf-8",
    )
    _contest, ruleset = load_contest(meeting / "c.yaml")
    assert ruleset is not None and ruleset.name == "ours"
    assert ruleset.chain == ("ours", "national-1990")


def test_next_round_yaml_round_trips_and_rewrites_a_relative_rules_path(tmp_path: Path) -> None:
    source = tmp_path / "meeting" / "c.yaml"
    source.parent.mkdir()
    (tmp_path / "r.yaml").write_text(
        "name: r\ntitle: {zh: 县, en: County}\nextends: national-2020\n", encoding="utf-8"
    )
    c = make_contest(entitled=30, present=30, rules="../r.yaml", aliases={"乙乙": "乙"})
    result = run(c, repeat("aa-", 14) + repeat("a-a", 14) + repeat("-aa", 2))
    following = next_round(result, c)
    assert following is not None
    target = tmp_path / "out" / "round2.yaml"
    target.parent.mkdir()
    text = contest_yaml(following, source=source, target=target, comment="第2轮\n说明")
    assert text.startswith("# 第2轮\n# 说明\n")
    target.write_text(text, encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["rules"] == "../r.yaml"
    assert data["round"] == 2 and data["follows"] == "tie" and data["seats"] == 1
    assert data["candidates"] == ["乙", "丙"]
    assert "issued" not in data
    loaded, ruleset = load_contest(target)
    assert loaded == following.model_copy(update={"rules": "../r.yaml"})
    assert ruleset is not None and ruleset.name == "r"
