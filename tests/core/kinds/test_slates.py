"""Slate rules on the registry: the contest for delegates to the higher congress, the 差额 row
that agrees with its finding, CS-ORDER a warning on a nomination list, allocation by
organisations and a minimum per unit."""

from __future__ import annotations

import json
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

from electkit.cli.main import app
from electkit.core.checks.slate import check_slate
from electkit.core.ruleset import RuleSet
from tests.helpers import context, person, profile, write_csv

runner = CliRunner()
NAMES = [
    "丁一",
    "王二",
    "石三",
    "田四",
    "白五",
    "刘六",
    "孙七",
    "杨八",
    "李九",
    "吴十",
    "张十一",
    "陈十二",
]


def _election(tmp_path: Path, **extra: object) -> Path:
    lines = ["township: 青山乡", "election_date: 2021-06-15", "rules: national-2020", "villages: 9"]
    lines += [f"{k}: {v}" for k, v in extra.items()]
    path = tmp_path / "election.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("candidates", "code"), [(10, 0), (9, 1)])
def test_delegates_to_the_higher_congress(tmp_path: Path, candidates: int, code: int) -> None:
    """8 seats need 8 + ceil(1.6) = 10 candidates: 10 pass, 9 fail under DL-HIGHER, citing the
    higher-congress clause, not the township-congress one."""
    election = _election(tmp_path, higher_delegate_seats=8)
    rows = [["姓名", "性别", "出生年月", "政治面貌"]]
    rows += [[n, "男", "1980.01", "中共党员"] for n in NAMES[:candidates]]
    slate = write_csv(tmp_path / "h.csv", rows)
    result = runner.invoke(
        app, ["check", "slate", str(slate), "-c", "higher", "-e", str(election), "-f", "json"]
    )
    assert result.exit_code == code, result.stdout
    data = json.loads(result.stdout)
    row = next(c for c in data["composition"] if c["rule"] == "DL-HIGHER")
    assert (row["count"], row["total"], row["ok"]) == (candidates, 8, code == 0)
    if code:
        (finding,) = [f for f in data["findings"] if f["rule"] == "DL-HIGHER"]
        assert finding["needed"] == 1 and "差额" in finding["source"]
    nc = {n["rule"] for n in data["not_checked"]}
    assert "DL-EXTRA" in nc and "CS-EXTRA" in nc  # the other contests' rules, said so


def test_higher_without_seats_is_not_checked(tmp_path: Path) -> None:
    election = _election(tmp_path)
    slate = write_csv(tmp_path / "h.csv", [["姓名", "性别"], *[[n, "男"] for n in NAMES[:5]]])
    result = runner.invoke(
        app, ["check", "slate", str(slate), "-c", "higher", "-e", str(election), "-f", "json"]
    )
    reasons = {n["rule"]: n["reason"] for n in json.loads(result.stdout)["not_checked"]}
    assert "higher_delegate_seats" in reasons["DL-HIGHER"]
    plan = runner.invoke(
        app, ["plan", str(_election(tmp_path, higher_delegate_seats=10)), "-f", "json"]
    )
    contests = {c["contest"]: c for c in json.loads(plan.stdout)["contests"]}
    assert contests["higher"]["min_candidates"] == 12


def test_a_fixed_extra_row_agrees_with_its_finding(rulesets: Callable[[str], RuleSet]) -> None:
    """zhaotong fixes the 差额 ("为"): 12 for 9 seats is one too many — the row says ✗ too."""
    people = [person(i + 2, NAMES[i]) for i in range(12)]
    ctx = context(rulesets("zhaotong-2006"), profile(villages=9, rules="zhaotong-2006"))
    report = check_slate(people, ctx, "committee")
    row = next(c for c in report.composition if c.rule == "CS-EXTRA")
    assert (row.count, row.least, row.most, row.ok) == (12, 11, 11, False)
    (finding,) = [f for f in report.findings if f.rule == "CS-EXTRA"]
    assert finding.message_id == "cs.extra.many" and finding.severity.value == "warning"


def test_order_is_a_warning_on_a_nomination_list(rulesets: Callable[[str], RuleSet]) -> None:
    people = [person(2, "王二"), person(3, "丁一")]
    ctx = context(rulesets("national-2020"), profile(rules="national-2020"))
    report = check_slate(people, ctx, "committee", seats=1)
    (order,) = [f for f in report.findings if f.rule == "CS-ORDER"]
    assert order.severity.value == "warning" and report.errors == 0


def test_allocation_by_organisations_with_a_minimum(
    tmp_path: Path, rulesets: Callable[[str], RuleSet]
) -> None:
    from electkit.core.allocate import UnitMembers, allocate

    units = [
        UnitMembers(name="甲", members=300, organizations=2),
        UnitMembers(name="乙", members=60, organizations=6),
        UnitMembers(name="丙", members=40, organizations=2),
    ]
    by_members = allocate(units, 20)
    assert [u.seats for u in by_members.units] == [15, 3, 2]
    half = Fraction(1, 2)
    mixed = allocate(units, 20, basis="mixed", weights={"members": half, "organizations": half})
    # shares: 甲 (0.75 + 0.2)/2, 乙 (0.15 + 0.6)/2, 丙 (0.1 + 0.2)/2 → quotas 9.5, 7.5, 3.0: the
    # last seat goes to the larger remainder, a tie of 0.5 broken by more members (甲)
    assert [u.seats for u in mixed.units] == [10, 7, 3]
    assert [str(u.quota) for u in mixed.units] == ["19/2", "15/2", "3"]
    organisations = allocate(units, 20, basis="organizations")
    assert [u.seats for u in organisations.units] == [4, 12, 4]
    floor = allocate(units, 20, min_per_unit=4)
    assert min(u.seats for u in floor.units) >= 4


def test_allocate_by_organisations_on_the_command_line() -> None:
    from tests.helpers import EXAMPLES

    units = str(EXAMPLES / "units.csv")
    args = ["allocate", units, "--seats", "150", "-f", "json"]
    mixed = runner.invoke(app, [*args, "--basis", "mixed", "--members-weight", "7/10"])
    assert mixed.exit_code == 0, mixed.stderr
    data = json.loads(mixed.stdout)
    assert data["basis"] == "mixed" and sum(u["seats"] for u in data["units"]) == 150
    members = json.loads(runner.invoke(app, args).stdout)
    assert [u["seats"] for u in data["units"]] != [u["seats"] for u in members["units"]]
    bad = runner.invoke(app, [*args, "--basis", "mixed", "--members-weight", "3/2"])
    assert bad.exit_code == 2 and "3/2" in bad.stderr


def test_a_qualification_without_its_column_is_not_checked(tmp_path: Path) -> None:
    """Before: a zhaotong slate without 参加工作时间 failed every 书记/副书记 candidate on CQ-WORKYEARS
    as if their cells were blank; now the rule is listed as not checked, naming the column."""
    election = tmp_path / "election.yaml"
    election.write_text(
        "township: 某乡\nelection_date: 2006-03-20\nrules: zhaotong-2006\nvillages: 3\n",
        encoding="utf-8",
    )
    rows = [["姓名", "性别", "出生年月", "政治面貌", "拟任职务"]]
    rows += [
        ["丁一", "男", "1970.06", "中共党员", "党委书记"],
        ["王二", "女", "1975.03", "中共党员", "副书记"],
    ]
    slate = write_csv(tmp_path / "s.csv", rows)
    args = ["check", "slate", str(slate), "-c", "committee", "-e", str(election), "-f", "json"]
    data = json.loads(runner.invoke(app, args).stdout)
    assert not [f for f in data["findings"] if f["rule"] in ("CQ-WORKYEARS", "CQ-EDU", "CQ-BELOW")]
    reasons = {n["rule"]: n["reason"] for n in data["not_checked"]}
    assert "参加工作时间" in reasons["CQ-WORKYEARS"]
    assert "现任职务" in reasons["CQ-BELOW"]
    # with the column, a 书记 with too few years is found
    rows[0].append("参加工作时间")
    rows[1].append("1990.07")
    rows[2].append("2004.07")
    slate = write_csv(tmp_path / "s.csv", rows)
    data = json.loads(runner.invoke(app, args).stdout)
    assert [f["subjects"] for f in data["findings"] if f["rule"] == "CQ-WORKYEARS"] == [["王二"]]


def test_a_unit_below_the_minimum_is_the_rules_own_severity(tmp_path: Path) -> None:
    """ "每个选举单位至少分配2名" is an error (至少); before, it was only a reminder, as the
    quota's rounding is."""
    from tests.helpers import ROOT

    linxi = ROOT / "examples" / "linxi"
    text = (linxi / "election.yaml").read_text(encoding="utf-8")
    text = text.replace("rules: linxi-2026.yaml", f"rules: {linxi / 'linxi-2026.yaml'}")
    on = text.replace(
        "新田村党支部, members: 55, organizations: 1, seats: 7",
        "新田村党支部, members: 55, organizations: 1, seats: 2",
    )
    past = text.replace(
        "新田村党支部, members: 55, organizations: 1, seats: 7",
        "新田村党支部, members: 55, organizations: 1, seats: 1",
    )
    for profile_text, minimum in [(on, []), (past, ["error"])]:
        election = tmp_path / "election.yaml"
        election.write_text(profile_text, encoding="utf-8")
        args = ["check", "delegates", str(linxi / "delegates-on.csv"), "-e", str(election)]
        args += ["--lang", "zh"]
        data = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
        found = [f for f in data["findings"] if "少于每单位最少" in f["message"]]
        assert [f["severity"] for f in found] == minimum


def test_officers_by_seats_for_other_seats_are_not_checked(tmp_path: Path) -> None:
    """Before: zhaotong's CS-DOFFICERS (officers for 3 or 5 seats) vanished for 4 seats: neither
    a finding nor under 未检查."""
    election = tmp_path / "election.yaml"
    election.write_text(
        "township: 某乡\nelection_date: 2006-03-20\nrules: zhaotong-2006\nvillages: 3\n",
        encoding="utf-8",
    )
    rows = [["姓名", "性别", "出生年月", "政治面貌", "拟任职务"]]
    rows += [[NAMES[i], "男", "1970.06", "中共党员", "纪委委员"] for i in range(4)]
    slate = write_csv(tmp_path / "s.csv", rows)
    args = ["check", "slate", str(slate), "-c", "discipline", "-e", str(election), "-f", "json"]
    data = json.loads(runner.invoke(app, [*args, "--seats", "4"]).stdout)
    reasons = {n["rule"]: n["reason"] for n in data["not_checked"]}
    assert "4" in reasons["CS-DOFFICERS"] and "3、5" in reasons["CS-DOFFICERS"]
    data = json.loads(runner.invoke(app, [*args, "--seats", "5"]).stdout)
    assert "CS-DOFFICERS" in {f["rule"] for f in data["findings"]}


@pytest.mark.parametrize(
    ("contest", "order", "code", "printed"),
    [
        ("委员", "approved", 1, True),  # TEST ballot printed for review, the error said, exit 1
        ("委员", "strokes", 0, True),
        ("书记", "approved", 0, True),  # an officer list follows the approved order
    ],
)
def test_order_is_binding_on_a_ballot_in_its_own_order(
    tmp_path: Path, contest: str, order: str, code: int, printed: bool
) -> None:
    spec = tmp_path / "contest.yaml"
    spec.write_text(
        f"contest: {contest}\nseats: 2\nentitled: 50\npresent: 48\nrules: national-2020\n"
        f"order: {order}\ncandidates: [王二, 丁一, 田富]\n",
        encoding="utf-8",
    )
    out = tmp_path / "ballot.html"
    result = runner.invoke(app, ["ballot", str(spec), "-o", str(out), "--lang", "zh"])
    assert result.exit_code == code, result.stderr
    assert out.exists() is printed
    assert ("CS-ORDER" in result.stderr) is (code == 1)
    official = tmp_path / "official.html"
    args = ["ballot", str(spec), "-o", str(official), "--official", "--lang", "zh"]
    result = runner.invoke(app, args)
    assert result.exit_code == code and official.exists() is (code == 0)
