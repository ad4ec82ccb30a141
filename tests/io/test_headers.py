"""Header matching: every spelling of an alias, and no alias shared by two fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from electkit.io.headers import PERSON_HEADERS, PERSON_LOOKUP, build_lookup, header_key
from electkit.io.roster import read_roster
from electkit.io.units import UNIT_HEADERS
from tests.helpers import write_csv


@pytest.mark.parametrize("aliases", [PERSON_HEADERS, UNIT_HEADERS], ids=["person", "unit"])
def test_no_two_fields_share_a_header(aliases: dict[str, tuple[str, ...]]) -> None:
    owners: dict[str, set[str]] = {}
    for fieldname, names in aliases.items():
        for alias in names:
            owners.setdefault(header_key(alias), set()).add(fieldname)
    assert {key: fields for key, fields in owners.items() if len(fields) > 1} == {}


def test_a_shared_header_is_refused() -> None:
    with pytest.raises(ValueError, match="party-status"):
        build_lookup({"party_status": ("party_status",), "other": ("party-status",)})


@pytest.mark.parametrize(
    "written", ["party_status", "Party Status", "PartyStatus", "party-status", "PARTY_STATUS"]
)
def test_spellings_of_an_english_header(written: str) -> None:
    assert PERSON_LOOKUP[header_key(written)] == "party_status"


def test_english_headers_as_people_type_them(tmp_path: Path) -> None:
    """Before, Birth Date matched but Party Status, ID Number, Joined Party and Under
    Investigation were 'unknown column … ignored', and their rules were not checked."""
    header = "NAME,Gender ,Birth Date,Education,Party Status,ID Number,Joined Party,"
    header += "Under Investigation,Family-Planning Violation"
    person = "王伟芳,女,1966.01,初中,中共党员,53032519660101100X,1990.07,否,否"
    path = write_csv(tmp_path / "english.csv", [header.split(","), person.split(",")])
    roster = read_roster(path)
    assert set(roster.columns) == {
        "name",
        "gender",
        "birth_date",
        "education",
        "party_status",
        "id_number",
        "joined_party",
        "under_investigation",
        "family_planning_violation",
    }
    assert not [f for f in roster.findings if f.rule == "IN-COLUMN"]
