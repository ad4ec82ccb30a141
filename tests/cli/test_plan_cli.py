from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from electkit.cli.main import app
from tests.helpers import EXAMPLES, write_csv

runner = CliRunner()
ELECTION = str(EXAMPLES / "election.yaml")


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_plan_json_fields() -> None:
    code, out, _ = run("plan", ELECTION, "-f", "json", "--lang", "zh")
    assert code == 0
    data = json.loads(out)
    assert set(data) >= {
        "committee_seats",
        "discipline_seats",
        "delegate_seats",
        "contests",
        "leadership_posts",
        "deviations",
    }
    assert data["committee_seats"]["seats"] == 9
    assert data["delegate_seats"] == {
        "planned": 150,
        "min": 100,
        "usual_max": 200,
        "max": 300,
        "source": data["delegate_seats"]["source"],
    }
    committee = next(c for c in data["contests"] if c["contest"] == "committee")
    assert committee["min_candidates"] == 11 and committee["national_min"] == 11


def test_plan_zhaotong_deviation_and_strict(tmp_path: Path) -> None:
    election = tmp_path / "e.yaml"
    election.write_text(
        "township: 渔洞乡\nelection_date: 2006-03-20\nrules: zhaotong-2006\nvillages: 4\n",
        encoding="utf-8",
    )
    code, out, _ = run("plan", str(election), "-f", "json", "--lang", "zh")
    assert code == 0
    deviation = json.loads(out)["deviations"][0]
    assert deviation["rule"] == "CS-EXTRA" and "低于全国条例20%的下限" in deviation["message"]
    code, out, _ = run("plan", str(election), "--strict", "-f", "plain", "--lang", "en")
    assert code == 1 and "below the national 20% floor" in out


def test_allocate_example_units() -> None:
    code, out, _ = run("allocate", str(EXAMPLES / "units.csv"), "--seats", "150", "-f", "json")
    assert code == 0
    data = json.loads(out)
    assert data["seats"] == 150 and data["method"] == "largest-remainder"
    assert sum(u["seats"] for u in data["units"]) == 150
    assert data["quota_rule_holds"] is True
    assert data["units"][0] == {
        "unit": "乡机关党总支",
        "members": 96,
        "organizations": 3,
        "quota": "12/1",
        "quota_decimal": "12.0000",
        "seats": 12,
        "within_quota": True,
    }
    # the seats written into the example profile are this allocation
    profile = (EXAMPLES / "election.yaml").read_text(encoding="utf-8")
    for unit in data["units"]:
        assert (
            f"{{name: {unit['unit']}, members: {unit['members']}, seats: {unit['seats']}}}"
            in profile
        )


def test_allocate_bad_units_file(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "units.csv",
        [["选举单位", "党员数"], ["一支部", "30"], ["一支部", "x"], ["合计", "30"]],
    )
    code, out, err = run("allocate", str(path), "--seats", "10", "--lang", "en")
    assert code == 2 and out == ""
    assert "row 3 · 党员数" in err and "row 3 · 选举单位" in err and "row 4" in err
    code, _, err = run(
        "allocate",
        str(EXAMPLES / "units.csv"),
        "--seats",
        "10",
        "--min-per-unit",
        "1",
        "--lang",
        "en",
    )
    assert code == 2 and "fewer than 22 units" in err
    code, _, err = run("allocate", str(EXAMPLES / "units.csv"), "--seats", "-3", "--lang", "en")
    assert code == 2 and "positive whole number" in err and "fewer than" not in err
    empty = write_csv(
        tmp_path / "empty.csv", [["选举单位", "党员数"], ["甲村", "0"], ["乙村", "5"]]
    )
    code, _, err = run("allocate", str(empty), "--seats", "4", "--lang", "en")
    assert code == 2 and f"{empty} · row 2" in err and "has no members" in err


def test_check_slate_examples() -> None:
    code, out, _ = run(
        "check",
        "slate",
        str(EXAMPLES / "committee.xlsx"),
        "-c",
        "committee",
        "-e",
        ELECTION,
        "-f",
        "json",
        "--lang",
        "zh",
    )
    assert code == 1
    data = json.loads(out)
    assert [(f["rule"], f["rows"]) for f in data["findings"] if f["severity"] == "error"] == [
        ("CS-NATIVE", [8])
    ]
    code, out, _ = run(
        "check",
        "slate",
        str(EXAMPLES / "discipline.csv"),
        "-c",
        "discipline",
        "--seats",
        "5",
        "-e",
        ELECTION,
        "-f",
        "json",
        "--lang",
        "zh",
    )
    assert code == 1
    findings = json.loads(out)["findings"]
    assert [(f["rule"], f["needed"]) for f in findings if f["severity"] == "error"] == [
        ("CS-DEXTRA", 1)
    ]


def test_check_slate_with_roster(tmp_path: Path) -> None:
    code, out, _ = run(
        "check",
        "slate",
        str(EXAMPLES / "committee.xlsx"),
        "-c",
        "committee",
        "-e",
        ELECTION,
        "--roster",
        str(EXAMPLES / "delegates.csv"),
        "-f",
        "json",
        "--lang",
        "en",
    )
    missing = [f for f in json.loads(out)["findings"] if f["rule"] == "EL-ROSTER"]
    assert (
        len(missing) == 11
    )  # the example committee candidates are not on the generated delegate list
    assert code == 1


def test_plan_in_english_names_the_posts_in_english() -> None:
    import re

    from electkit.io.rules_loader import default_vocabulary

    assert all(term.en for term in default_vocabulary().posts)  # every post has its English
    for rules in ("fuyuan-2006", "zhaotong-2006"):
        code, out, _ = run("plan", ELECTION, "-r", rules, "-f", "plain", "--lang", "en")
        assert code == 0
        lines = {line.split("  ")[0]: line for line in out.splitlines()}
        for label in ("Secretary and deputies", "Discipline committee posts", "Congress delegates"):
            value = lines[label][len(label) :].split("“")[0]  # the cell before the quoted source
            assert not re.search(r"[\u4e00-\u9fff]", value), value
        assert "Planned" not in out
    assert "secretary 1, deputy secretary 2 (of whom township head 1, full-time deputy" in out
    assert "; planned 150" in out
    code, out, _ = run("plan", ELECTION, "-f", "plain", "--lang", "zh")
    assert "书记1名、副书记2名(其中乡镇长1名、专职副书记1名)" in out
