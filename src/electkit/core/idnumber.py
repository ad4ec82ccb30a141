"""GB 11643 公民身份号码: structure, birth date, MOD 11-2 check digit.

Written here on purpose: registry libraries crash on some inputs or reject valid numbers.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass
from functools import lru_cache

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_WEIGHT_SUM = sum(_WEIGHTS)
_CHECK = "10X98765432"


def check_digit(body: str) -> str:
    """The MOD 11-2 check character for the first 17 ASCII digits."""
    if len(body) != 17:
        raise ValueError("the body of an ID number has 17 digits")
    total = sum(map(operator.mul, body.encode("ascii"), _WEIGHTS)) - 48 * _WEIGHT_SUM
    return _CHECK[total % 11]


@dataclass(frozen=True)
class IdInfo:
    """What a valid number encodes."""

    birth_date: dt.date
    female: bool
    old_15: bool


@dataclass(frozen=True)
class IdProblem:
    """Why a number is not valid: ``kind`` is length, digits, birth_date, future or check."""

    kind: str
    detail: str = ""


def parse_id(number: str, today: dt.date) -> IdInfo | IdProblem:
    """Validate an (already upper-cased, space-free) ID number and read what it encodes."""
    if len(number) == 15:
        if not number.isdigit() or not number.isascii():
            return IdProblem("digits")
        birth = _date("19" + number[6:12])
        if birth is None:
            return IdProblem("birth_date", number[6:12])
        if birth > today:
            return IdProblem("future", birth.isoformat())
        return IdInfo(birth, int(number[14]) % 2 == 0, True)
    if len(number) != 18:
        return IdProblem("length", str(len(number)))
    body, last = number[:17], number[17]
    if not (body.isdigit() and body.isascii()) or not (last.isdigit() or last == "X"):
        return IdProblem("digits")
    birth = _date(number[6:14])
    if birth is None:
        return IdProblem("birth_date", number[6:14])
    if birth > today:
        return IdProblem("future", birth.isoformat())
    # the check digit, inline (a roster may hold 100,000 numbers): the weights are 2**(17 - i)
    # mod 11 and 13 ≡ 2 (mod 11), so the weighted sum is twice the body read in base 13, mod 11
    expected = _CHECK[2 * int(body, 13) % 11]
    if expected != last:
        return IdProblem("check", expected)
    return _info(birth, number[16] in "02468")


@lru_cache(maxsize=1 << 17)
def _info(birth: dt.date, female: bool) -> IdInfo:
    """One (frozen) IdInfo per birth date and gender: a roster repeats them."""
    return IdInfo(birth, female, False)


@lru_cache(maxsize=65536)
def _date(digits: str) -> dt.date | None:
    """The date of YYYYMMDD digits (cached: a roster repeats birth dates)."""
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None
