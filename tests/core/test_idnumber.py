import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from electkit.core.idnumber import IdInfo, IdProblem, check_digit, parse_id

TODAY = dt.date(2026, 1, 1)


def test_known_valid_number() -> None:
    # the GB 11643 worked example: 11010519491231002X
    info = parse_id("11010519491231002X", TODAY)
    assert isinstance(info, IdInfo)
    assert info.birth_date == dt.date(1949, 12, 31)
    assert info.female is True


def test_check_digit_x() -> None:
    assert check_digit("11010519491231002") == "X"


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        ("11010519491231002", "length"),
        ("1101051949123100XX", "digits"),
        ("11010519491331002X", "birth_date"),
        ("110105202912310021", "future"),
        ("110105194912310021", "check"),
        ("１１０１０５１９４９１２３１００２Ｘ", "digits"),
    ],
)
def test_problems(number: str, kind: str) -> None:
    result = parse_id(number, TODAY)
    assert isinstance(result, IdProblem)
    assert result.kind == kind


def test_old_15_digit_number() -> None:
    info = parse_id("110105491231002", TODAY)
    assert isinstance(info, IdInfo)
    assert info.old_15 and info.birth_date == dt.date(1949, 12, 31) and info.female


@given(
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.dates(dt.date(1900, 1, 1), TODAY),
    st.text(alphabet="0123456789", min_size=3, max_size=3),
    st.sampled_from("0123456789X"),
)
def test_parse_id_checks_the_digit_as_gb_11643_defines_it(
    region: str, birth: dt.date, serial: str, last: str
) -> None:
    # parse_id computes the MOD 11-2 sum with one int(); check_digit spells out the weights
    body = f"{region}{birth:%Y%m%d}{serial}"
    result = parse_id(body + last, TODAY)
    if last == check_digit(body):
        assert result == IdInfo(birth, serial[2] in "02468", False)
    else:
        assert result == IdProblem("check", check_digit(body))
