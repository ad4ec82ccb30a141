"""A passing and a failing slate for every CS-*, CQ-* and slate-level rule code."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import pytest

from electkit.core.checks.slate import check_slate
from electkit.core.models import Gender, Person
from electkit.io.rules_loader import load_ruleset, packaged_names
from electkit.render.common import finding_message
from tests.helpers import ALL_COLUMNS, context, person, profile

SLATE_COLUMNS = {
    **ALL_COLUMNS,
    "proposed_post": "拟任职务",
    "current_post": "现任职务",
    "current_post_since": "任现职时间",
    "work_start": "参加工作时间",
    "native_place": "籍贯",
    "position": "工作单位及职务",
    "relatives": "亲属",
    "terms_in_post": "连任届数",
    "newly_promoted": "新提拔",
}
# names in surname-stroke order, so a slate passes CS-ORDER as printed
NAMES = [
    "丁一",
    "于二",
    "王三",
    "毛四",
    "孔五",
    "石六",
    "田七",
    "白八",
    "冯九",
    "吕十",
    "刘廿",
    "许甲",
    "杜乙",
    "李丙",
]
POSTS = [
    "书记",
    "乡镇长",
    "专职副书记",
    "纪委书记",
    "人大主席",
    "副乡镇长",
    "武装部长",
    "组织委员",
    "宣传委员",
    "委员",
    "委员",
]


def committee(n: int = 11, **changes: dict[str, Any]) -> list[Person]:
    """A slate that passes every rule of fuyuan-2006 and zhaotong-2006; ``changes`` by index."""
    people = []
    for i in range(n):
        values: dict[str, Any] = {
            "proposed_post": POSTS[i % len(POSTS)],
            "current_post": "乡镇长" if i < 2 else "副乡镇长",
            "current_post_since": dt.date(2004, 1, 1),
            "work_start": dt.date(1995, 7, 1),
            "birth_date": dt.date(1972, 5, 1),  # 33
            "education": 4,
            "education_label": "大专",
            "native_place": "富源县后所镇",
            "position": "青山乡人民政府",
            "terms_in_post": 1,
            "gender": Gender.FEMALE if i == 2 else Gender.MALE,
        }
        if i == 9:
            values["birth_date"] = dt.date(1978, 1, 1)  # 28: the young cadre
        values.update(changes.get(str(i), {}))
        people.append(person(row=i + 3, name=NAMES[i], **values))
    return people


ZT_DISCIPLINE = ["纪委书记", "专职委员", "专职委员", "兼职委员", "兼职委员", "兼职委员"]


def discipline(
    n: int = 6, posts: list[str] | None = None, **changes: dict[str, Any]
) -> list[Person]:
    posts = posts or ["纪委书记", "纪委副书记", "专职委员", "专职委员", "兼职委员", "兼职委员"]
    return [
        person(
            row=i + 2, name=f"纪委{i}", **{"proposed_post": posts[i % 6], **changes.get(str(i), {})}
        )
        for i in range(n)
    ]


@dataclass
class Case:
    ruleset: str
    contest: str
    passing: list[Person]
    failing: list[Person]
    options: dict[str, Any] = field(default_factory=dict)
    failing_options: dict[str, Any] | None = None
    prof: dict[str, Any] = field(default_factory=dict)


CASES: dict[str, Case] = {
    "CS-SEATS": Case(
        "fuyuan-2006", "committee", committee(), committee(10), {"seats": 9}, {"seats": 8}
    ),
    "CS-DSEATS": Case(
        "fuyuan-2006", "discipline", discipline(6), discipline(7), {"seats": 5}, {"seats": 6}
    ),
    "CS-EXTRA": Case("fuyuan-2006", "committee", committee(), committee(10)),
    "CS-DEXTRA": Case(
        "zhaotong-2006",
        "discipline",
        discipline(6, ZT_DISCIPLINE),
        discipline(5, ZT_DISCIPLINE),
        prof={"villages": 9},
    ),
    "CS-OFFICERS": Case(
        "fuyuan-2006", "committee", committee(), committee(**{"2": {"proposed_post": "委员"}})
    ),
    "CS-DOFFICERS": Case(
        "zhaotong-2006",
        "discipline",
        discipline(6, ZT_DISCIPLINE),
        discipline(6, ZT_DISCIPLINE, **{"1": {"proposed_post": "纪委副书记"}}),
        prof={"villages": 9},
    ),
    "CS-MEMBERS": Case(
        "fuyuan-2006", "committee", committee(), committee(**{"6": {"proposed_post": "委员"}})
    ),
    "CS-WOMAN": Case(
        "zhaotong-2006", "committee", committee(), committee(**{"2": {"gender": Gender.MALE}})
    ),
    "CS-YOUNG": Case(
        "fuyuan-2006",
        "committee",
        committee(),
        committee(**{"9": {"birth_date": dt.date(1974, 1, 1)}}),
    ),
    "CS-AGE50": Case(
        "fuyuan-2006",
        "committee",
        committee(),
        committee(**{"4": {"birth_date": dt.date(1956, 3, 20)}}),
    ),
    "CS-AGE35": Case(
        "fuyuan-2006",
        "committee",
        committee(),
        committee(**{str(i): {"birth_date": dt.date(1960, 1, 1)} for i in range(6)}),
    ),
    "CS-MINORITY": Case(
        "fuyuan-2006",
        "committee",
        committee(**{"5": {"minority": True, "ethnicity": "彝族"}}),
        committee(),
        prof={"minority_area": True},
    ),
    "CS-NATIVE": Case(
        "fuyuan-2006",
        "committee",
        committee(),
        committee(**{"0": {"native_place": "富源县青山乡"}}),
    ),
    "CS-TENURE": Case(
        "fuyuan-2006",
        "committee",
        committee(),
        committee(**{"4": {"current_post": "人大主席", "current_post_since": dt.date(2000, 3, 1)}}),
    ),
    "CS-NEWHEAD": Case(
        "zhaotong-2006",
        "committee",
        committee(),
        committee(**{"0": {"current_post": "副乡镇长", "proposed_post": "书记"}}),
        prof={"villages": 9},
    ),
    "CS-TERMS": Case(
        "zhaotong-2006",
        "committee",
        committee(),
        committee(**{"7": {"current_post": "组织委员", "terms_in_post": 2}}),
        prof={"villages": 9},
    ),
    "CS-RELATIVES": Case(
        "zhaotong-2006",
        "committee",
        committee(**{"3": {"relatives": ("某人",)}}),
        committee(**{"3": {"relatives": ("吕十",)}}),
        prof={"villages": 9},
    ),
    "CS-EXCHANGE": Case(
        "zhaotong-2006",
        "committee",
        committee(**{str(i): {"position": "营上镇"} for i in range(3)}),
        committee(**{str(i): {"position": "营上镇"} for i in range(5)}),
        prof={"villages": 9},
    ),
    "CQ-WORKYEARS": Case(
        "zhaotong-2006",
        "committee",
        committee(),
        committee(**{"0": {"work_start": dt.date(2002, 1, 1)}}),
        prof={"villages": 9},
    ),
    "CQ-BELOW": Case(
        "zhaotong-2006",
        "committee",
        committee(),
        committee(**{"0": {"current_post": "组织委员"}}),
        prof={"villages": 9},
    ),
    "CQ-EDU": Case(
        "zhaotong-2006",
        "committee",
        committee(),
        committee(**{"1": {"education": 3, "education_label": "中专"}}),
        prof={"villages": 9},
    ),
    "CS-ORDER": Case(
        "fuyuan-2006",
        "committee",
        committee(),
        [*committee()[1:2], committee()[0], *committee()[2:]],
    ),
    "CQ-SANCTION": Case(
        "fuyuan-2006",
        "committee",
        committee(**{"5": {"discipline": "警告", "discipline_date": dt.date(2004, 1, 1)}}),
        committee(**{"5": {"discipline": "警告", "discipline_date": dt.date(2005, 6, 1)}}),
    ),
}
# checked elsewhere: CS-POSTS by `plan` (tests/core/test_plan.py)
ELSEWHERE = {"CS-POSTS"}


def _codes(case: Case, group: list[Person], options: dict[str, Any]) -> set[str]:
    rs = load_ruleset(case.ruleset)
    ctx = context(rs, profile(**case.prof), columns=SLATE_COLUMNS)
    report = check_slate(group, ctx, case.contest, **options)  # type: ignore[arg-type]
    return {f.rule for f in report.findings if f.severity.value != "info"}


@pytest.mark.parametrize("code", sorted(CASES))
def test_slate_rule_passes_and_fails(code: str) -> None:
    case = CASES[code]
    assert code not in _codes(case, case.passing, case.options)
    failing = case.options if case.failing_options is None else case.failing_options
    assert code in _codes(case, case.failing, failing)


def test_every_slate_code_has_a_case() -> None:
    codes = {
        code
        for name in packaged_names()
        for code in load_ruleset(name).rules
        if code.startswith(("CS-", "CQ-"))
    }
    assert codes - ELSEWHERE == set(CASES)


def test_clean_slate_has_no_findings_at_all(rulesets: Callable[[str], Any]) -> None:
    for name in ("fuyuan-2006", "zhaotong-2006"):
        no_ids = {
            k: v for k, v in SLATE_COLUMNS.items() if k != "id_number"
        }  # slates often lack them
        ctx = context(rulesets(name), profile(villages=9), columns=no_ids)
        report = check_slate(committee(), ctx, "committee")
        assert [f.rule for f in report.findings] == [], name


def test_zhaotong_seven_seats_deviation(rulesets: Callable[[str], Any]) -> None:
    ctx = context(rulesets("zhaotong-2006"), profile(villages=4), columns=SLATE_COLUMNS)
    report = check_slate(committee(8), ctx, "committee")
    finding = next(f for f in report.findings if f.message_id == "cs.extra.deviation")
    assert (
        finding.rule,
        finding.severity.value,
        finding.params["local"],
        finding.params["national"],
    ) == ("CS-EXTRA", "warning", 1, 2)
    # the rows agree with it: the county's 差额 met (✓), the national floor not (✗)
    rows = [(c.least, c.ok) for c in report.composition if c.rule == "CS-EXTRA"]
    assert rows == [(8, True), (9, False)]
    # with 9 the national floor holds and the county's fixed 差额 ("为1名") does not: each row
    # says so, and the one finding is the county's
    report = check_slate(committee(9), ctx, "committee")
    found = [f.message_id for f in report.findings if f.rule == "CS-EXTRA"]
    assert found == ["cs.extra.many"]
    rows = [(c.least, c.ok) for c in report.composition if c.rule == "CS-EXTRA"]
    assert rows == [(8, False), (9, True)]
    # the 9-seat 差额 of 2 is fixed: 12 candidates is one too many (a warning)
    ctx9 = context(rulesets("zhaotong-2006"), profile(villages=9), columns=SLATE_COLUMNS)
    many = check_slate(committee(12), ctx9, "committee")
    assert [(f.rule, f.message_id) for f in many.findings if f.rule == "CS-EXTRA"] == [
        ("CS-EXTRA", "cs.extra.many")
    ]


def test_relaxed_for_women_and_minority(rulesets: Callable[[str], Any]) -> None:
    ctx = context(rulesets("zhaotong-2006"), profile(villages=9), columns=SLATE_COLUMNS)
    slate = committee(**{"2": {"work_start": dt.date(2005, 1, 1)}})  # 专职副书记, a woman
    finding = next(
        f for f in check_slate(slate, ctx, "committee").findings if f.rule == "CQ-WORKYEARS"
    )
    assert finding.severity.value == "warning"


def test_relaxed_findings_say_why(rulesets: Callable[[str], Any]) -> None:
    ctx = context(rulesets("zhaotong-2006"), profile(villages=9), columns=SLATE_COLUMNS)
    short = {"work_start": dt.date(2005, 1, 1), "education": 3, "education_label": "中专"}
    slate = committee(
        **{
            "0": short,  # 书记, a man of the Han: no relaxation
            "1": {**short, "gender": Gender.FEMALE},  # 乡镇长, a woman
            "2": {**short, "gender": Gender.MALE, "ethnicity": "彝族", "minority": True},
            "3": {**short, "gender": Gender.FEMALE, "ethnicity": "彝族", "minority": True},
        }
    )
    found = [
        f
        for f in check_slate(slate, ctx, "committee").findings
        if f.rule in ("CQ-WORKYEARS", "CQ-EDU")
    ]
    notes = {(f.rule, f.rows[0]): (f.severity.value, f.params["relaxed"]) for f in found}
    assert notes == {
        ("CQ-WORKYEARS", 3): ("error", ""),
        ("CQ-WORKYEARS", 4): ("warning", "cq.relaxed.women"),
        ("CQ-WORKYEARS", 5): ("warning", "cq.relaxed.minority"),
        ("CQ-WORKYEARS", 6): ("warning", "cq.relaxed.both"),
        ("CQ-EDU", 3): ("error", ""),
        ("CQ-EDU", 4): ("warning", "cq.relaxed.women"),
        ("CQ-EDU", 5): ("warning", "cq.relaxed.minority"),
        ("CQ-EDU", 6): ("warning", "cq.relaxed.both"),
    }
    by_row = {f.rows[0]: f for f in found if f.rule == "CQ-WORKYEARS"}
    assert finding_message(by_row[3], "zh").endswith("应至少5年")
    assert finding_message(by_row[4], "zh").endswith("（放宽：女干部）")
    assert finding_message(by_row[5], "zh").endswith("（放宽：少数民族干部）")
    assert finding_message(by_row[4], "en").endswith("(relaxed: woman cadre)")
    assert finding_message(by_row[5], "en").endswith("(relaxed: minority cadre)")
    assert "{relaxed}" not in finding_message(by_row[3], "en")


def test_extra_needed_counts_people(rulesets: Callable[[str], Any]) -> None:
    ctx = context(rulesets("fuyuan-2006"), profile(), columns=SLATE_COLUMNS)
    finding = next(
        f for f in check_slate(committee(9), ctx, "committee").findings if f.rule == "CS-EXTRA"
    )
    assert finding.needed == 2 and finding.required == ">= 11"


def test_discipline_range_needs_seats(rulesets: Callable[[str], Any]) -> None:
    ctx = context(rulesets("fuyuan-2006"), profile(), columns=SLATE_COLUMNS)
    report = check_slate(discipline(6), ctx, "discipline")
    assert "CS-DEXTRA" in {n.rule for n in report.not_checked}


def test_delegate_units(rulesets: Callable[[str], Any]) -> None:
    units = [
        {"name": "一支部", "members": 60, "seats": 5},
        {"name": "二支部", "members": 40, "seats": 4},
    ]
    ctx = context(rulesets("fuyuan-2006"), profile(units=units), columns=SLATE_COLUMNS)
    people = [person(row=i + 2, unit="一支部") for i in range(6)] + [
        person(row=i + 10, unit="二支部") for i in range(4)
    ]
    report = check_slate(people, ctx, "delegates")
    found = [(f.rule, f.subjects, f.needed) for f in report.findings if f.rule == "DL-EXTRA"]
    assert found == [("DL-EXTRA", ("二支部",), 1)]
    unknown = check_slate([person(unit="三支部")], ctx, "delegates")
    assert [f.message_id for f in unknown.findings if f.rule == "DL-EXTRA"] == [
        "dl.extra.unknown_unit"
    ]
    only = check_slate(people[:6], ctx, "delegates", unit="一支部")
    assert "DL-EXTRA" not in {f.rule for f in only.findings}


def test_delegate_candidates_are_checked_for_investigation(rulesets: Callable[[str], Any]) -> None:
    units = [{"name": "一支部", "members": 60, "seats": 1}]
    ctx = context(rulesets("fuyuan-2006"), profile(units=units), columns=SLATE_COLUMNS)
    people = [person(row=2, unit="一支部", under_investigation=True), person(row=3, unit="一支部")]
    assert "EL-INVEST" in {f.rule for f in check_slate(people, ctx, "delegates").findings}
    # a committee slate is not a delegate nomination
    ctx = context(rulesets("fuyuan-2006"), profile(), columns=SLATE_COLUMNS)
    slate = committee(**{"4": {"under_investigation": True}})
    assert "EL-INVEST" not in {f.rule for f in check_slate(slate, ctx, "committee").findings}


def test_on_roster(rulesets: Callable[[str], Any]) -> None:
    rs = rulesets("fuyuan-2006")
    ctx = context(rs, profile(), columns=SLATE_COLUMNS)
    slate = committee()
    roster = [replace(p, row=p.row + 100) for p in slate[:-1]]
    roster[0] = replace(roster[0], party_status=None)
    report = check_slate(slate, ctx, "committee", roster=roster, roster_ctx=context(rs))
    missing = [f for f in report.findings if f.rule == "EL-ROSTER"]
    assert [f.subjects for f in missing] == [("刘廿",)]
    # the roster's own record is checked too (its row is the roster's)
    assert ("EL-FULL", (103,)) in {(f.rule, f.rows) for f in report.findings}


@pytest.mark.parametrize(
    ("native", "expected"),
    [
        ("富源县青山乡", "error"),
        ("青山乡", "error"),
        ("富源县大青山镇", None),
        ("大青山乡", None),
        # the stem alone after a county names this township (bare 青山 is native, F3)
        ("富源县青山", "error"),
        ("富源县", "warning"),
        ("营上镇", None),
    ],
)
def test_native_township_is_matched_as_a_whole_name(
    native: str, expected: str | None, rulesets: Callable[[str], Any]
) -> None:
    ctx = context(rulesets("fuyuan-2006"), profile(), columns=SLATE_COLUMNS)
    slate = committee(**{"0": {"native_place": native}})
    found = [
        f.severity.value
        for f in check_slate(slate, ctx, "committee").findings
        if f.rule == "CS-NATIVE"
    ]
    assert found == ([expected] if expected else [])


@pytest.mark.parametrize(
    ("native", "expected"),
    [
        ("云南富源富村", ("error", "cs.native.same")),
        ("富源富村", ("error", "cs.native.same")),
        ("富源县富村乡", ("error", "cs.native.same")),
        ("富源富村镇海田村", ("error", "cs.native.same")),
        ("富村", ("error", "cs.native.same")),
        ("富源县富村镇", ("error", "cs.native.same")),
        ("云南富源", ("warning", "cs.native.undecided")),
        ("云南省曲靖市富源县", ("warning", "cs.native.undecided")),
        ("云南省镇雄县", ("warning", "cs.native.undecided")),
        ("大富村", ("warning", "cs.native.unclear")),
        ("富源县大富村镇", None),
        ("富源县营上镇海田村", None),
        ("富源县营上镇", None),
    ],
)
def test_native_place_in_short_forms(
    native: str, expected: tuple[str, str] | None, rulesets: Callable[[str], Any]
) -> None:
    """Before, 云南富源富村, 富源富村, 富源县富村乡 and 云南富源 passed silently for 富村镇."""
    ctx = context(rulesets("fuyuan-2006"), profile(township="富村镇"), columns=SLATE_COLUMNS)
    slate = committee(**{"0": {"native_place": native}})
    found = [
        (f.severity.value, f.message_id)
        for f in check_slate(slate, ctx, "committee").findings
        if f.rule == "CS-NATIVE"
    ]
    assert found == ([expected] if expected else [])


def test_post_below_without_its_columns_is_not_checked(rulesets: Callable[[str], Any]) -> None:
    columns = {
        k: v for k, v in SLATE_COLUMNS.items() if k not in ("current_post", "current_post_since")
    }
    ctx = context(rulesets("zhaotong-2006"), profile(villages=9), columns=columns)
    report = check_slate(committee(), ctx, "committee")
    assert "CQ-BELOW" not in {f.rule for f in report.findings}
    assert "CQ-BELOW" in {n.rule for n in report.not_checked}


def test_not_checked_names_the_real_cause(rulesets: Callable[[str], Any]) -> None:
    """zhaotong-2006 sizes the committee by villages: without them the cause is the profile."""
    ctx = context(rulesets("zhaotong-2006"), profile(villages=None), columns=SLATE_COLUMNS)
    report = check_slate(committee(), ctx, "committee")
    reasons = {n.rule: n.reason_id for n in report.not_checked}
    assert reasons["CS-EXTRA"] == "nc.seats.villages"
    ranged = context(rulesets("national-2020"), profile(), columns=SLATE_COLUMNS)
    reasons = {
        n.rule: n.reason_id for n in check_slate(committee(), ranged, "committee").not_checked
    }
    assert reasons["CS-EXTRA"] == "nc.seats"  # 7-9 seats: say which with --seats


def test_allocation_not_checked_names_only_what_is_missing(rulesets: Callable[[str], Any]) -> None:
    from electkit.core.checks.context import Subject
    from electkit.core.checks.run import evaluate
    from electkit.core.rulebase import Scope

    ctx = context(rulesets("fuyuan-2006"), profile())  # delegate_seats: 150, no units
    outcome = evaluate(Subject(Scope.DELEGATES, [person()]), ctx)
    nc = next(n for n in outcome.not_checked if n.rule == "DL-ALLOC")
    assert nc.params == {"key": "units"}


def test_blank_cells_on_a_slate_are_never_a_silent_pass(rulesets: Callable[[str], Any]) -> None:
    """A blank 籍贯 or 任现职时间 of a head, a blank 性别 or 出生年月 of the only woman or the only
    young cadre: each rule says it cannot decide, instead of passing or stating "none"."""
    ctx = context(rulesets("fuyuan-2006"), profile(villages=9), columns=SLATE_COLUMNS)
    slate = committee(
        **{
            "0": {"native_place": None, "current_post": "书记", "current_post_since": None},
            "2": {"gender": None},
            "9": {"birth_date": None},
        }
    )
    found = {(f.rule, f.message_id) for f in check_slate(slate, ctx, "committee").findings}
    assert {
        ("CS-NATIVE", "cs.native.blank"),
        ("CS-TENURE", "cs.tenure.blank"),
        ("CS-WOMAN", "cs.woman.undecided"),
        ("CS-YOUNG", "cs.young.undecided"),
        ("IN-VALUE", "cell.blank"),
    } <= found
    assert ("CS-WOMAN", "cs.woman.none") not in found


def test_discipline_members_without_kind_are_pointed_out(rulesets: Callable[[str], Any]) -> None:
    ctx = context(rulesets("zhaotong-2006"), profile(villages=9), columns=SLATE_COLUMNS)
    slate = discipline(
        posts=["纪委书记", "纪委委员", "纪委委员", "纪委委员", "纪委委员", "纪委委员"]
    )
    found = [
        f
        for f in check_slate(slate, ctx, "discipline", seats=5).findings
        if f.rule == "CS-DOFFICERS"
    ]
    assert {f.message_id for f in found} == {"cs.officers.count.unmarked"}
    assert all(f.params["unmarked"] == 5 for f in found)


def test_a_qualification_that_cannot_be_confirmed_keeps_the_rules_severity(
    rulesets: Callable[[str], Any],
) -> None:
    """A blank 参加工作时间 of the 书记 nominee: CQ-WORKYEARS is unconfirmed, an error as the rule
    is (a woman's would be a warning, as her requirement is relaxed)."""
    ctx = context(rulesets("zhaotong-2006"), profile(villages=9), columns=SLATE_COLUMNS)
    slate = committee(**{"0": {"work_start": None}, "2": {"work_start": None}})
    found = {
        (f.rows, f.severity.value)
        for f in check_slate(slate, ctx, "committee").findings
        if f.message_id == "cq.unknown"
    }
    assert ((3,), "error") in found


def test_age_band_failing_whatever_the_unknown_ages_says_so(rulesets: Callable[[str], Any]) -> None:
    ctx = context(rulesets("fuyuan-2006"), profile(villages=9), columns=SLATE_COLUMNS)
    old = {str(i): {"birth_date": dt.date(1950, 1, 1)} for i in range(7)}
    slate = committee(**old, **{"7": {"birth_date": None}})
    band = [f for f in check_slate(slate, ctx, "committee").findings if f.rule == "CS-AGE35"]
    assert [(f.message_id, f.needed, f.params["unknown"]) for f in band] == [
        ("cs.age35.unknown", 3, 1)
    ]


def test_a_deputy_renominated_as_full_time_deputy_is_the_same_post(
    rulesets: Callable[[str], Any],
) -> None:
    """副书记 for 8 years, renominated 专职副书记 (党委副书记（专职）): CS-TENURE applies."""
    ctx = context(rulesets("fuyuan-2006"), profile(villages=9), columns=SLATE_COLUMNS)
    slate = committee(
        **{"2": {"current_post": "副书记", "current_post_since": dt.date(1998, 3, 1)}}
    )
    assert slate[2].proposed_post == "专职副书记"
    found = [f.rows for f in check_slate(slate, ctx, "committee").findings if f.rule == "CS-TENURE"]
    assert found == [(5,)]


@pytest.mark.parametrize("written", ["妻子丁一", "妻子：丁一", "妻 丁一"])
def test_a_relation_written_before_the_name_is_read(
    rulesets: Callable[[str], Any], written: str
) -> None:
    ctx = context(rulesets("zhaotong-2006"), profile(villages=9), columns=SLATE_COLUMNS)
    slate = committee(**{"2": {"relatives": (written,)}})
    pairs = [
        f.subjects
        for f in check_slate(slate, ctx, "committee").findings
        if f.rule == "CS-RELATIVES"
    ]
    assert pairs == [("王三", "丁一")]
