from fractions import Fraction

import pytest

from electkit.core.ratio import (
    ceil_mul,
    floor_mul,
    format_decimal,
    format_ratio,
    format_required,
    format_share,
    parse_ratio,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3/5", Fraction(3, 5)),
        ("60%", Fraction(3, 5)),
        ("0.6", Fraction(3, 5)),
        (0.6, Fraction(3, 5)),
        (1, Fraction(1)),
        ("15％", Fraction(3, 20)),
        (" 1 / 3 ", Fraction(1, 3)),
    ],
)
def test_parse_ratio_is_exact(text: object, expected: Fraction) -> None:
    assert parse_ratio(text) == expected


@pytest.mark.parametrize("bad", ["abc", "1/0", True, None, "5/"])
def test_parse_ratio_rejects(bad: object) -> None:
    with pytest.raises(ValueError, match="ratio"):
        parse_ratio(bad)


def test_share_boundaries_use_integers() -> None:
    # 60% of 150 is exactly 90; 80% of 151 is 120.8 → 121
    assert ceil_mul(Fraction(3, 5), 150) == 90
    assert ceil_mul(Fraction(4, 5), 151) == 121
    assert floor_mul(Fraction(3, 4), 150) == 112
    # 65% of 150 = 97.5 → at least 98
    assert ceil_mul(Fraction(13, 20), 150) == 98


def test_formatting() -> None:
    assert format_ratio(Fraction(1, 7)) == "14.29%"
    assert format_ratio(Fraction(3, 5)) == "60%"
    assert format_share(Fraction(3, 5)) == "0.60"
    assert format_share(Fraction(1, 3)) == "0.3333"
    assert format_decimal(Fraction(2, 3)) == "0.6667"
    assert format_required(Fraction(3, 5), None, human=False) == ">= 0.60"
    assert format_required(Fraction(13, 20), Fraction(3, 4), human=False) == "0.65-0.75"
    assert format_required(Fraction(13, 20), Fraction(3, 4), human=True) == "65%–75%"
