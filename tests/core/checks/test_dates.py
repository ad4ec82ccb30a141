"""Impossible dates: after the election (error, not used) or before birth (warning)."""

from __future__ import annotations

import datetime as dt

from electkit.core.checks.dates import check_dates
from electkit.core.checks.delegates import check_delegates
from electkit.core.findings import Severity
from electkit.core.models import MonthDate
from electkit.io.rules_loader import load_ruleset
from tests.helpers import ALL_COLUMNS, context, person

COLUMNS = {**ALL_COLUMNS, "joined_party": "入党时间", "work_start": "参加工作时间"}


def test_birth_after_the_election_is_an_error_and_the_date_is_not_used() -> None:
    ctx = context(load_ruleset("fuyuan-2006"), columns=COLUMNS)
    unborn = person(3, "丁一", birth_date=MonthDate(2030, 1, 1))
    kept, found = check_dates([person(2), unborn], ctx)
    assert [(f.rule, f.severity, f.rows, f.column, f.value) for f in found] == [
        ("IN-VALUE", Severity.ERROR, (3,), "出生年月", "2030-01")
    ]
    assert found[0].params == {"date": "2006-03-20"}
    assert kept[1].birth_date is None and kept[0].birth_date == dt.date(1975, 6, 1)


def test_a_date_in_the_election_month_is_possible() -> None:
    ctx = context(load_ruleset("fuyuan-2006"), columns=COLUMNS)
    _, found = check_dates([person(2, work_start=MonthDate(2006, 3, 1))], ctx)
    assert found == []


def test_work_before_birth_and_party_before_18_are_warnings() -> None:
    ctx = context(load_ruleset("fuyuan-2006"), columns=COLUMNS)
    p = person(
        2,
        birth_date=dt.date(1972, 5, 1),
        work_start=MonthDate(1950, 1, 1),
        joined_party=dt.date(1988, 1, 1),  # aged 15
    )
    _, found = check_dates([p], ctx)
    assert sorted((f.message_id, f.column, f.severity) for f in found) == [
        ("cell.date_before_birth", "参加工作时间", Severity.WARNING),
        ("cell.joined_under_18", "入党时间", Severity.WARNING),
    ]


def test_column_absent_means_no_check() -> None:
    cols = {k: v for k, v in ALL_COLUMNS.items() if k != "birth_date"}
    ctx = context(load_ruleset("fuyuan-2006"), columns=cols)
    _, found = check_dates([person(2, birth_date=dt.date(2030, 1, 1))], ctx)
    assert found == []


def test_an_unborn_delegate_is_not_counted_as_young() -> None:
    ctx = context(load_ruleset("fuyuan-2006"), columns=COLUMNS)
    report = check_delegates([person(2, birth_date=dt.date(2030, 1, 1))], ctx)
    assert ("IN-VALUE", (2,), "出生年月") in [f.key() for f in report.findings]
    age = next(c for c in report.composition if c.rule == "DL-AGE40")
    assert age.count == 0


def test_an_id_number_born_after_the_election_is_an_error() -> None:
    from tests.helpers import make_id

    ctx = context(load_ruleset("fuyuan-2006"), columns=COLUMNS)
    late = person(3, "丁一", birth_date=None, id_number=make_id(dt.date(2007, 1, 1)))
    report = check_delegates([person(2, id_number=make_id(dt.date(1975, 6, 1))), late], ctx)
    assert [(f.rule, f.message_id, f.rows) for f in report.findings if f.rule == "EL-IDNUM"] == [
        ("EL-IDNUM", "el.id.after_election", (3,))
    ]


def test_years_from_a_start_after_the_cutoff_are_zero_never_negative() -> None:
    from electkit.core.models import full_years

    assert full_years(dt.date(2006, 1, 1), dt.date(2005, 12, 31)) == 0
    assert full_years(dt.date(2001, 1, 1), dt.date(2005, 12, 31)) == 4


def test_a_blank_birth_date_is_taken_from_a_valid_id_number() -> None:
    from tests.helpers import make_id

    ctx = context(load_ruleset("fuyuan-2006"), columns=COLUMNS)
    blank = person(2, "丁一", birth_date=None, id_number=make_id(dt.date(1980, 5, 6)))
    kept, found = check_dates([blank], ctx)
    assert kept[0].birth_date == dt.date(1980, 5, 6)
    assert [(f.message_id, f.severity, f.rows) for f in found] == [
        ("cell.birth_from_id", Severity.INFO, (2,))
    ]
    bad = person(3, "于二", birth_date=None, id_number="530325198005060000")  # wrong check digit
    kept, found = check_dates([bad], ctx)
    assert kept[0].birth_date is None and found == []


def test_a_month_only_date_is_compared_by_month() -> None:
    """入党 1998.06 for someone born 1980-06-15: perhaps on the 18th birthday, not "under 18";
    work from 1972.05 for someone born 1972-05-20: the same month, not "before birth"."""
    ctx = context(load_ruleset("fuyuan-2006"), columns=COLUMNS)
    joined = person(2, birth_date=dt.date(1980, 6, 15), joined_party=MonthDate(1998, 6, 1))
    worked = person(3, birth_date=dt.date(1972, 5, 20), work_start=MonthDate(1972, 5, 1))
    _, found = check_dates([joined, worked], ctx)
    assert found == []
    early = person(4, birth_date=dt.date(1980, 6, 15), joined_party=MonthDate(1998, 5, 1))
    _, found = check_dates([early], ctx)
    assert [f.message_id for f in found] == ["cell.joined_under_18"]


def test_team_member_birth_dates_as_written_on_rosters() -> None:
    import pytest
    from pydantic import ValidationError

    from electkit.core.models import TeamMember

    assert TeamMember(name="甲", birth_date="1978.03").birth_date == MonthDate(1978, 3, 1)
    assert TeamMember(name="甲", birth_date="1978年10月").birth_date == MonthDate(1978, 10, 1)
    with pytest.raises(ValidationError, match="quote it"):
        TeamMember(name="甲", birth_date=1978.1)  # YAML's reading of an unquoted 1978.10


def test_none_written_as_a_slash_or_wu() -> None:
    from electkit.io import cells

    assert cells.parse_yes_no("/") is False and cells.parse_yes_no("无此情况") is False
    assert cells.parse_int("无") == 0


def test_team_member_dates_in_every_form_the_rosters_read() -> None:
    import pytest
    from pydantic import ValidationError

    from electkit.core.models import TeamMember

    assert TeamMember(name="甲", birth_date="1978.03.05").birth_date == dt.date(1978, 3, 5)
    assert TeamMember(name="甲", birth_date="1978年3月5日").birth_date == dt.date(1978, 3, 5)
    with pytest.raises(ValidationError, match="year and month"):
        TeamMember(name="甲", birth_date=1978)  # a year only
    with pytest.raises(ValidationError, match="does not exist"):
        TeamMember(name="甲", birth_date="1978.02.30")
    for month in ("1978.13", "0000.01"):  # before: pydantic's "month must be in 1..12"
        with pytest.raises(ValidationError, match="does not exist"):
            TeamMember(name="甲", birth_date=month)


def test_an_unquoted_year_month_in_a_profile_is_named_not_a_crash(tmp_path: object) -> None:
    """Before: the message's own {value} clashed with the problem's (KeyError, exit 70)."""
    from pathlib import Path

    from typer.testing import CliRunner

    from electkit.cli.main import app

    profile = Path(str(tmp_path)) / "election.yaml"
    profile.write_text(
        "township: 甲\nelection_date: 2021-07-15\nrules: national-2020\ngovernment_team:\n"
        "  - {name: 李四, gender: 男, birth_date: 1978.10, post: 副乡镇长}\n",
        encoding="utf-8",
    )
    for lang, words in (("zh", "被读成了数字"), ("en", "was read as a number")):
        result = CliRunner().invoke(app, ["plan", str(profile), "--lang", lang])
        assert result.exit_code == 2, result.output
        assert words in result.stderr, result.stderr
        assert ("第5行" if lang == "zh" else "row 5") in result.stderr, result.stderr
        assert "1978.1" in result.stderr and "internal error" not in result.stderr


def test_a_bare_year_as_the_election_date_is_said_in_words(tmp_path: object) -> None:
    """pydantic reads 2006 as a Unix timestamp and says "Datetimes provided to dates should
    have zero time": misleading in English and untranslated in Chinese."""
    from pathlib import Path

    from typer.testing import CliRunner

    from electkit.cli.main import app

    profile = Path(str(tmp_path)) / "election.yaml"
    profile.write_text(
        "township: 甲\nelection_date: 2006\nrules: national-2020\n", encoding="utf-8"
    )
    for lang, words in (
        ("zh", "应为日期，如 2006-03-20"),
        ("en", "expected a date, e.g. 2006-03-20"),
    ):
        result = CliRunner().invoke(app, ["plan", str(profile), "--lang", lang])
        assert result.exit_code == 2 and words in result.stderr, result.stderr
        assert "zero time" not in result.stderr
