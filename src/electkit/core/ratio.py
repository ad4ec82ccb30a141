"""Exact ratios for rule parameters: "3/5", "60%", "0.6" all become Fraction(3, 5)."""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, PlainSerializer, WithJsonSchema

from electkit.core.errors import ValueProblem


def parse_ratio(value: Any) -> Fraction:
    """Read a ratio exactly; floats go through their shortest decimal form (0.6 → 3/5)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        raise ValueProblem("val.ratio")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    if isinstance(value, str):
        text = value.strip().replace("％", "%")
        try:
            if text.endswith("%"):
                return Fraction(Decimal(text[:-1].strip())) / 100
            if "/" in text:
                num, den = text.split("/", 1)
                return Fraction(int(num.strip()), int(den.strip()))
            return Fraction(Decimal(text))
        except (ValueError, InvalidOperation, ZeroDivisionError):
            pass
    raise ValueProblem("val.ratio")


def format_ratio(value: Fraction) -> str:
    """The ratio as staff read it: a percentage with at most two decimals (14.29%)."""
    hundredths = round(value * 10000)
    whole, frac = divmod(hundredths, 100)
    return f"{whole}%" if frac == 0 else f"{whole}.{frac:02d}".rstrip("0") + "%"


def format_share(value: Fraction) -> str:
    """A ratio as a decimal for machine output: two places, or four when two are not exact (0.60, 0.3333)."""
    text = format_decimal(value, 2)
    return text if Fraction(text) == value else format_decimal(value, 4)


def format_required(
    low: Fraction | None,
    high: Fraction | None,
    *,
    human: bool,
    low_strict: bool = False,
    high_strict: bool = False,
) -> str:
    """A requirement on a share: ">= 0.60" / "0.65-0.75" (machine) or "≥ 60%" / "65%–75%"
    (human); a strict bound (超过, 不满) reads "> 30%" / "< 20%"."""
    fmt = format_ratio if human else format_share
    above = (">" if low_strict else "≥" if human else ">=") + " "
    below = ("<" if high_strict else "≤" if human else "<=") + " "
    if low is not None and high is not None:
        if not (low_strict or high_strict):
            return f"{fmt(low)}{'–' if human else '-'}{fmt(high)}"
        return f"{above}{fmt(low)}, {below}{fmt(high)}"
    if low is not None:
        return above + fmt(low)
    if high is not None:
        return below + fmt(high)
    return ""


def format_decimal(value: Fraction, places: int = 4) -> str:
    """A fraction as a decimal rounded half-up to ``places`` digits, without floats (12.3457)."""
    scale = 10**places
    scaled = (value * scale * 2 + 1) // 2  # half-up on the exact value
    sign = "-" if scaled < 0 else ""
    whole, frac = divmod(abs(scaled), scale)
    return f"{sign}{whole}.{frac:0{places}d}"


def ceil_mul(ratio: Fraction, n: int) -> int:
    """ceil(ratio·n) exactly: the smallest count with count/n ≥ ratio."""
    return math.ceil(ratio * n)


def floor_mul(ratio: Fraction, n: int) -> int:
    """floor(ratio·n) exactly: the largest count with count/n ≤ ratio."""
    return math.floor(ratio * n)


Ratio = Annotated[
    Fraction,
    BeforeValidator(parse_ratio),
    PlainSerializer(lambda f: f"{f.numerator}/{f.denominator}", return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {
                    "type": "string",
                    "pattern": r"^\s*\d+\s*/\s*\d+\s*$|^\s*\d+(\.\d+)?\s*[%％]?\s*$",
                },
                {"type": "number", "minimum": 0},
            ],
            "description": "a ratio: 3/5, 60% or 0.6",
        }
    ),
]


def _within_one(value: Fraction) -> Fraction:
    if not 0 <= value <= 1:
        raise ValueProblem("val.share_range")
    return value


Share = Annotated[Ratio, AfterValidator(_within_one)]
"""A ratio between 0 and 1 (a share of a list, of seats, of voters)."""
