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


def _fixed_set(tmp_path: Path, name: str, params: str, extends: str | None) -> Path:
    """A county set whose 差额 clause names the seats it fixes (设9名的差额2名)."""
    head = [f"name: {name}", f"title: {{zh: {name}, en: {name}}}"]
    head += [f"extends: {extends}"] if extends else []
    head += [
        "documents:",
        "  T: {title: 某县换届工作通知}",
        "rules:",
        "  - code: CS-EXTRA",
        "    kind: extra_candidates",
        "    severity: error",
        "    title: {zh: 委员候选人差额, en: Extra candidates}",
        f"    params: {{contest: committee, {params}}}",
        '    source: {text: "设9名党委委员的乡镇,差额为2名。", ref: 二, doc: T, quality: local}',
    ]
    path = tmp_path / f"{name}.yaml"
    path.write_text("\n".join(head) + "\n", encoding="utf-8")
    return path


def _extra_on(path: Path, seats: int, candidates: int) -> tuple[list[object], list[object], str]:
    from electkit.io.rules_loader import load_ruleset

    rs = load_ruleset(str(path))
    people = [person(i + 2, NAMES[i]) for i in range(candidates)]
    report = check_slate(
        people, context(rs, profile(villages=9, rules=str(path))), "committee", seats=seats
    )
    rows = [c for c in report.composition if c.rule == "CS-EXTRA"]
    found = [f for f in report.findings if f.rule == "CS-EXTRA"]
    nc = [n for n in report.not_checked if n.rule == "CS-EXTRA"]
    return rows, found, nc[0].reason_id if nc else ""


@pytest.mark.parametrize(("candidates", "ok"), [(10, True), (9, False)])
def test_seats_a_fixed_clause_does_not_name_follow_the_parent_clause(
    tmp_path: Path, candidates: int, ok: bool
) -> None:
    """设9名的差额2名 says nothing of 8 seats: the parent's 20% applies (8 + ceil(1.6) = 10),
    with the parent's clause, never the county's; on 9 seats the county's own number."""
    path = _fixed_set(tmp_path, "fixed-child", "fixed: {9: 2}", "national-2020")
    (row,), found, reason = _extra_on(path, 8, candidates)
    assert (row.least, row.ok, reason) == (10, ok, "")
    assert "national-2020" in row.label.zh
    if not ok:
        (finding,) = found
        assert finding.message_id == "cs.extra.few.inherited"
        assert "设9名" not in (finding.source or "") and "20%" in (finding.source or "")
    (row,), _, _ = _extra_on(path, 9, 11)
    assert (row.least, row.ok) == (11, True) and "national-2020" not in row.label.zh


def test_a_ratio_the_county_states_beside_its_fixed_numbers_is_its_own(tmp_path: Path) -> None:
    path = _fixed_set(tmp_path, "own-ratio", "fixed: {9: 2}, ratio: 1/4", "national-2020")
    (row,), (finding,), _ = _extra_on(path, 8, 9)
    assert (row.least, finding.message_id) == (10, "cs.extra.few")
    assert "设9名" in (finding.source or "")


def test_fixed_numbers_with_no_parent_leave_other_seats_not_checked(tmp_path: Path) -> None:
    path = _fixed_set(tmp_path, "fixed-root", "fixed: {9: 2}", None)
    rows, found, reason = _extra_on(path, 8, 8)
    assert (rows, found, reason) == ([], [], "nc.extra.fixed")
    (row,), _, _ = _extra_on(path, 9, 11)
    assert (row.least, row.ok) == (11, True)


def test_plan_cites_the_clause_that_gives_the_number(tmp_path: Path) -> None:
    """national-2020's 7 to 9 seats: plan's 8-seat row cites the parent's 20%, its 9-seat row
    the county's own number; a root set with fixed numbers only leaves 8 seats not planned."""
    from electkit.core.plan import make_plan
    from electkit.io.rules_loader import load_ruleset

    child = load_ruleset(str(_fixed_set(tmp_path, "fixed-child", "fixed: {9: 2}", "national-2020")))
    plan = make_plan(profile(villages=9, rules="national-2020"), child)
    committee = {c.seats: c for c in plan.contests if c.contest == "committee"}
    assert (committee[8].min_candidates, committee[9].min_candidates) == (10, 11)
    assert "20%" in (committee[8].source or "") and "设9名" in (committee[9].source or "")
    assert not [n for n in plan.not_checked if n.rule == "CS-EXTRA"]
    path = _fixed_set(tmp_path, "fixed-root", "fixed: {9: 2}", None)
    text = path.read_text(encoding="utf-8") + (
        "  - code: CS-SEATS\n    kind: committee_seats\n    severity: error\n"
        "    title: {zh: 党委委员职数, en: Committee seats}\n"
        "    params: {contest: committee, range: [7, 9]}\n"
        '    source: {text: "设委员7至9名", ref: 二, doc: T, quality: local}\n'
    )
    path.write_text(text, encoding="utf-8")
    plan = make_plan(profile(villages=9), load_ruleset(str(path)))
    assert sorted(
        n.params["seats"] for n in plan.not_checked if n.reason_id == "nc.extra.fixed"
    ) == [
        7,
        8,
    ]


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


def test_posts_held_separately(rulesets: Callable[[str], RuleSet]) -> None:
    """澧县 2006: "人大主席、纪委书记、武装部长分别由1名党委委员兼任" — one member holding all three
    was not a finding."""
    from electkit.core.kinds import rule_adapter

    rule = rule_adapter().validate_python(
        {
            "code": "CS-MEMBERS",
            "kind": "members_include",
            "severity": "warning",
            "title": {"zh": "其他委员", "en": "other members"},
            "params": {"posts": ["人大主席", "纪委书记", "武装部长"], "separately": True},
            "source": {"text": "例", "ref": "例", "doc": "N20", "quality": "local"},
        }
    )
    rs = rulesets("national-2020")
    only = rs.model_copy(update={"rules": {"CS-MEMBERS": rule}})
    ctx = context(
        only, profile(rules="national-2020"), columns={"name": "姓名", "proposed_post": "拟任职务"}
    )
    together = person(
        2, "张三", proposed_post="纪委书记", proposed_posts=("纪委书记", "武装部长", "人大主席")
    )
    report = check_slate([together], ctx, "committee", seats=1)
    (finding,) = [f for f in report.findings if f.rule == "CS-MEMBERS"]
    assert finding.message_id == "cs.members.together" and finding.subjects == ("张三",)
    apart = [
        person(2, "张三", proposed_post="纪委书记", proposed_posts=("纪委书记",)),
        person(3, "李四", proposed_post="武装部长", proposed_posts=("武装部长",)),
        person(4, "王五", proposed_post="人大主席", proposed_posts=("人大主席",)),
    ]
    report = check_slate(apart, ctx, "committee", seats=3)
    assert not [f for f in report.findings if f.rule == "CS-MEMBERS"]


def test_a_ratio_of_its_own_where_no_parent_has_the_rule(tmp_path: Path) -> None:
    """A county set whose parents say nothing of this contest's 差额: its own ratio beside its
    fixed numbers is what applies to the other seats (before: not checked)."""
    root = tmp_path / "root.yaml"
    root.write_text(
        "name: root\ntitle: {zh: 根, en: root}\ndocuments:\n  T: {title: 某省通知}\nrules:\n"
        "  - code: CS-AGE50\n    kind: age_renomination\n    severity: warning\n"
        "    title: {zh: 年龄, en: age}\n    params: {min_age: 50}\n"
        '    source: {text: "50岁以上", ref: 一, doc: T, quality: local}\n',
        encoding="utf-8",
    )
    path = _fixed_set(tmp_path, "own-chain", "fixed: {9: 2}, ratio: 1/4", str(root))
    (row,), (finding,), reason = _extra_on(path, 8, 9)
    assert (row.least, reason, finding.message_id) == (10, "", "cs.extra.few")
    path = _fixed_set(tmp_path, "fixed-chain", "fixed: {9: 2}", str(root))
    assert _extra_on(path, 8, 9)[2] == "nc.extra.fixed"


def test_a_class_written_as_a_number_is_that_class(tmp_path: Path) -> None:
    from electkit.core.kinds.seats import contest_seats, seats_rule
    from electkit.io.rules_loader import load_ruleset

    rules = tmp_path / "classes.yaml"
    rules.write_text(
        "name: classes\ntitle: {zh: 某县, en: a county}\nextends: national-2020\n"
        "documents:\n  T: {title: 某县通知}\nrules:\n  - code: CS-SEATS\n"
        "    params: {by_class: {1: 9, 2: 7}}\n"
        '    source: {text: "一类9名，二类7名", ref: 一, doc: T, quality: local}\n',
        encoding="utf-8",
    )
    rs = load_ruleset(str(rules))
    seats = contest_seats(seats_rule(rs, "committee"), profile(township_class=2), rs)
    assert seats.seats == 7
