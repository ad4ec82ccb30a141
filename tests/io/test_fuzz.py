"""Random bytes and random cells never raise anything but electkit's own error."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from electkit.core.checks.delegates import check_delegates
from electkit.core.errors import InputError
from electkit.io.roster import read_roster
from electkit.io.rules_loader import load_ruleset
from tests.helpers import context, profile

HEADERS = [
    "序号",
    "姓名",
    "性别",
    "民族",
    "出生年月",
    "学历",
    "政治面貌",
    "入党时间",
    "代表类别",
    "身份证号",
    "党纪处分",
    "处分时间",
    "立案审查",
    "违反计划生育",
    "选举单位",
    "备注",
]
RULES = load_ruleset("fuyuan-2006")
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

cell_text = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "1985.03",
            "1985.1",
            "合计",
            "注：",
            "中共预备党员",
            "留党察看",
            "是",
            "否",
            "女",
            "0",
            "",
            "  ",
            "１９８５",
            "11010519491231002X",
            "=1+1",
            "\x00",
        ]
    ),
)


@SETTINGS
@given(data=st.binary(max_size=600), suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_random_bytes(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    try:
        read_roster(path)
    except InputError as exc:
        assert exc.problems


@SETTINGS
@given(
    rows=st.lists(st.lists(cell_text, min_size=0, max_size=len(HEADERS) + 2), max_size=8),
    encoding=st.sampled_from(["utf-8", "gb18030", "utf-16"]),
)
def test_random_cells_through_the_whole_check(
    tmp_path: Path, rows: list[list[str]], encoding: str
) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    path = tmp_path / "cells.csv"
    try:
        path.write_bytes(buf.getvalue().encode(encoding))
    except UnicodeEncodeError:
        return
    try:
        roster = read_roster(path)
    except InputError as exc:
        assert exc.problems
        return
    report = check_delegates(
        roster.persons, context(RULES, profile(), roster.columns), input_findings=roster.findings
    )
    assert report.people == len(roster.persons)
    for finding in report.findings:
        assert finding.rule and finding.message_id
