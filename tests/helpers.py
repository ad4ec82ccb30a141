"""Helpers for tests: build people, profiles, contexts and roster files in a few lines."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from electkit.core.checks.context import CheckContext
from electkit.core.idnumber import check_digit
from electkit.core.models import ElectionProfile, Gender, PartyStatus, Person
from electkit.core.ruleset import RuleSet

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "qingshan"
ELECTION_DATE = dt.date(2006, 3, 20)


def make_id(birth: dt.date, female: bool = False, seq: int = 1, region: str = "530325") -> str:
    """A valid 18-digit ID number for a birth date and gender."""
    body = f"{region}{birth:%Y%m%d}{seq % 10}{(seq % 50) * 2 + (0 if female else 1):02d}"[:17]
    return body + check_digit(body)


def person(row: int = 2, name: str | None = None, **values: Any) -> Person:
    """A full member, 男, 汉族, 初中, born 1975-06-01, 否 in every flag column, unless told
    otherwise."""
    base: dict[str, Any] = {
        "row": row,
        "name": name or f"人员{row}",
        "gender": Gender.MALE,
        "ethnicity": "汉族",
        "minority": False,
        "birth_date": dt.date(1975, 6, 1),
        "education": 2,
        "education_label": "初中",
        "party_status": PartyStatus.FULL,
        "party_status_label": "中共党员",
        "category": "领导干部",
        # a filled-in roster says 否 (a blank flag cell is a finding of its own)
        "suspended": False,
        "under_investigation": False,
        "family_planning_violation": False,
    }
    base.update(values)
    if "categories" in values:
        base.pop("category")
    elif "category" in base:  # one category, as most tests write it
        category = base.pop("category")
        base["categories"] = None if category is None else (category,)
    base["name_key"] = base["name"].replace(" ", "").replace("\u3000", "")
    return Person(**base)


def profile(**values: Any) -> ElectionProfile:
    """青山乡 on 2006-03-20 with 1200 members (300 women, 96 minority), unless told otherwise."""
    base: dict[str, Any] = {
        "township": "青山乡",
        "election_date": ELECTION_DATE,
        "rules": "fuyuan-2006",
        "villages": 17,
        "population": 38000,
        "party_members": {"total": 1200, "women": 300, "minority": 96},
        "delegate_seats": 150,
    }
    base.update(values)
    return ElectionProfile.model_validate(base)


ALL_COLUMNS = {
    "name": "姓名",
    "gender": "性别",
    "ethnicity": "民族",
    "birth_date": "出生年月",
    "education": "学历",
    "party_status": "政治面貌",
    "category": "代表类别",
    "id_number": "身份证号",
    "discipline": "党纪处分",
    "discipline_date": "处分时间",
    "suspended": "留置逮捕",
    "under_investigation": "立案审查",
    "family_planning_violation": "违反计划生育",
    "unit": "选举单位",
}


def context(
    ruleset: RuleSet, prof: ElectionProfile | None = None, columns: dict[str, str] | None = None
) -> CheckContext:
    """A check context with every column present unless told otherwise."""
    return CheckContext(
        profile=prof or profile(),
        ruleset=ruleset,
        file="名单.csv",
        columns=ALL_COLUMNS if columns is None else columns,
        today=dt.date(2026, 1, 1),
    )


def write_csv(path: Path, rows: Sequence[Sequence[Any]], encoding: str = "utf-8") -> Path:
    """Write rows as CSV in an encoding (what Excel/WPS would save)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def require_tool(name: str, package: str) -> str:
    """The path of a program the tests need; a failure (never a skip) naming the Debian
    package when it is missing: ``scripts/system-deps.sh`` installs it for ``make test``, so a
    missing one is a broken set-up that CI must see, not a test quietly not run."""
    import shutil

    import pytest

    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: install {package} (bash scripts/system-deps.sh)")
    return found
