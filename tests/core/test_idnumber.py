import datetime as dt

import pytest

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
