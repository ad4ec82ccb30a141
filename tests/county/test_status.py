"""``county status`` for every combination of missing steps: each list, the contest files, the
counting book and the printed reports; the next thing to do is always the first step missing."""

from __future__ import annotations

import itertools
import shlex
import shutil
from pathlib import Path

import pytest

from electkit.app.county import load_workspace
from electkit.app.county_status import county_status
from tests.county.helpers import one_township, run_json

STEPS = ("delegates", "committee", "discipline", "contests", "book", "reports")
FILES = {
    "delegates": ["delegates.xlsx"],
    "committee": ["committee.xlsx"],
    "discipline": ["discipline.xlsx"],
    "contests": ["tally/committee.yaml", "tally/discipline.yaml"],
    "book": ["计票簿.book"],
}


@pytest.fixture(scope="module")
def complete(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """青山乡 with every step done: lists, contests, the official counts, the reports printed."""
    root = one_township(tmp_path_factory.mktemp("complete") / "county")
    reports = root / "青山乡" / "reports"
    reports.mkdir()
    for name in ("audit.pdf", "result-committee.pdf", "result-discipline.pdf"):
        (reports / name).write_bytes(b"%PDF-1.7\n")
    return root


def expected_next(present: set[str]) -> str:
    for role in ("delegates", "committee", "discipline"):
        if role not in present:
            return f"county.next.{role}"
    if "book" in present:
        return "county.next.done" if "reports" in present else "county.next.audit_report"
    if "contests" in present:
        return "county.next.count"
    return "county.next.contests"


COMBINATIONS = [
    frozenset(s for s, on in zip(STEPS, flags, strict=True) if on)
    for flags in itertools.product((True, False), repeat=len(STEPS))
]


@pytest.mark.parametrize("present", COMBINATIONS, ids=lambda p: "+".join(sorted(p)) or "nothing")
def test_every_combination_of_missing_steps(
    complete: Path, tmp_path: Path, present: frozenset[str]
) -> None:
    root = tmp_path / "county"
    shutil.copytree(complete, root)
    folder = root / "青山乡"
    for step, files in FILES.items():
        if step not in present:
            for name in files:
                (folder / name).unlink()
    if "reports" not in present:
        shutil.rmtree(folder / "reports")
    (row,) = county_status(load_workspace(root)).townships
    assert row.next.message_id == expected_next(set(present))
    for role in ("delegates", "committee", "discipline"):
        assert (row.lists[role].state == "missing") is (role not in present)
        if role in present:
            assert row.lists[role].state == "ok"
    states = {c.id: c.state for c in row.contests}
    if "book" in present:
        assert states == {"委员": "official", "纪委委员": "official"}
        assert all(c.head and len(c.head) == 64 for c in row.contests)
    elif "contests" in present:
        assert states == {"委员": "not_counted", "纪委委员": "not_counted"}
    else:
        assert states == {}
    printed = 1 if "reports" in present else 0
    assert row.reports == {
        "audit": printed,
        "result": 2 * printed,
        "counted": 2 if "book" in present else 0,
    }
    assert row.plan == "ok"


def test_a_township_without_folder_profile_or_readable_profile(tmp_path: Path) -> None:
    root = one_township(tmp_path / "county")
    folder = root / "青山乡"
    shutil.rmtree(folder)
    (row,) = county_status(load_workspace(root)).townships
    assert (row.plan, row.next.message_id) == ("missing", "county.next.folder")
    folder.mkdir()
    (row,) = county_status(load_workspace(root)).townships
    assert (row.plan, row.next.message_id) == ("missing", "county.next.election")
    (folder / "election.yaml").write_text(
        "township: 青山乡\nelection_date: 2006-13-40\n", encoding="utf-8"
    )
    (row,) = county_status(load_workspace(root)).townships
    assert (row.plan, row.next.message_id) == ("unreadable", "county.next.fix_election")


def test_errors_come_before_the_next_missing_list(tmp_path: Path) -> None:
    root = one_township(tmp_path / "county", "石桥镇")  # its delegate list has a planted error
    (row,) = county_status(load_workspace(root)).townships
    assert (row.lists["delegates"].state, row.lists["delegates"].errors) == ("errors", 1)
    assert row.next.message_id == "county.next.errors"
    assert row.next.command is not None and "check delegates" in row.next.command


def test_two_files_for_one_list_are_named_not_picked(tmp_path: Path) -> None:
    root = one_township(tmp_path / "county")
    shutil.copy(root / "青山乡" / "delegates.xlsx", root / "青山乡" / "代表名单.xlsx")
    (row,) = county_status(load_workspace(root)).townships
    assert row.next.message_id == "county.next.ambiguous"
    assert row.lists["delegates"].state == "missing"


def test_a_book_being_entered(tmp_path: Path) -> None:
    from electkit.io.contest import load_contest
    from tests.county.helpers import run

    root = one_township(tmp_path / "county", "河口镇")  # contests opened in the book, none entered
    (row,) = county_status(load_workspace(root)).townships
    assert {c.state for c in row.contests} == {"not_counted"}
    assert row.next.message_id == "county.next.count"
    folder = root / "河口镇"
    contest, _ = load_contest(folder / "tally" / "committee.yaml")
    lines = ["选票编号," + ",".join(contest.candidates)]
    lines += [f"{n:03d}," + ",".join(["○"] * 9 + ["×", ""]) for n in range(1, 6)]
    (tmp_path / "ballots.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    book = str(folder / "计票簿.book")
    run(
        "book",
        "import",
        book,
        str(tmp_path / "ballots.csv"),
        "--contest",
        "委员",
        "--clerk",
        "张丽",
    )
    (row,) = county_status(load_workspace(root)).townships
    committee = next(c for c in row.contests if c.id == "委员")
    assert (committee.state, committee.entered) == ("entering", 5)
    assert row.next.message_id == "county.next.entering"


def test_status_json_of_the_example_county() -> None:
    from tests.county.helpers import COUNTY

    data = run_json("county", "status", str(COUNTY))
    rows = {r["township"]: r for r in data["townships"]}
    assert list(rows) == ["青山乡", "石桥镇", "河口镇", "马鞍乡", "龙潭彝族乡"]
    assert data["contests"] == ["委员", "纪委委员"]
    assert {c["contest"]: c["state"] for c in rows["马鞍乡"]["contests"]} == {
        "委员": "official",
        "纪委委员": "counted",
    }
    assert {c["state"] for c in rows["河口镇"]["contests"]} == {"not_counted"}
    assert rows["石桥镇"]["delegates"] == {
        "state": "errors",
        "errors": 1,
        "warnings": 0,
        "file": str(COUNTY / "石桥镇" / "delegates.xlsx"),
    }
    assert data["totals"]["contests"]["委员"] == {"official": 4, "not_counted": 1}
    assert rows["青山乡"]["plan"]["discipline_seats"] == {"seats": None, "min": 3, "max": 5}


def test_a_book_changed_outside_electkit_is_broken_not_counted(tmp_path: Path) -> None:
    import sqlite3

    root = one_township(tmp_path / "county")
    conn = sqlite3.connect(root / "青山乡" / "计票簿.book")
    conn.executescript("DROP TRIGGER entries_keep;")
    conn.close()
    (row,) = county_status(load_workspace(root)).townships
    assert [(c.id, c.state) for c in row.contests] == [
        ("计票簿.book", "broken"),  # not used: its contests count as not counted
        ("委员", "not_counted"),
        ("纪委委员", "not_counted"),
    ]
    assert row.next.message_id == "county.next.book_broken"


def plan_error(root: Path, township: str = "青山乡") -> Path:
    """Give the township one more leadership post than fuyuan-2006 allows (CS-POSTS: 8 below
    40,000 people): ``plan`` on it exits 1."""
    profile = root / township / "election.yaml"
    profile.write_text(
        profile.read_text(encoding="utf-8") + "leadership_posts: 9\n", encoding="utf-8"
    )
    return profile


def test_a_plan_error_shows_in_the_profile_step_and_comes_first(tmp_path: Path) -> None:
    from tests.county.helpers import run

    root = one_township(tmp_path / "county")
    profile = plan_error(root)
    assert run("plan", str(profile), "--lang", "zh", code=1).stdout.count("CS-POSTS") == 1
    (row,) = county_status(load_workspace(root)).townships
    assert (row.plan, row.plan_errors, row.plan_warnings) == ("errors", 1, 0)
    assert row.next.message_id == "county.next.plan_errors"
    assert row.next.params == {"file": str(profile), "errors": 1}
    assert row.next.command == f"electkit plan {shlex.quote(str(profile))}"
    data = run_json("county", "status", str(root))
    (township,) = data["townships"]
    assert {k: township["plan"][k] for k in ("state", "errors", "warnings")} == {
        "state": "errors",
        "errors": 1,
        "warnings": 0,
    }
    assert township["next"]["message"] == f"改正选举概况 {profile} 中的1项错误(electkit plan 列出)"
    assert data["totals"]["plan"] == {"errors": 1}
    text = run("county", "status", str(root), "-f", "plain", "--lang", "zh").stdout
    line = next(x for x in text.splitlines() if x.startswith("青山乡"))
    assert "委员9 纪委3–5 代表150 ✗ 错误1" in line
    assert next(x for x in text.splitlines() if x.startswith("全县")).split()[1] == "0/1"
    english = run("county", "status", str(root), "-f", "plain", "--lang", "en").stdout
    assert "correct the 1 error of the election profile" in english
