"""Helpers for counting tests: contests and ballots in a line each."""

from __future__ import annotations

from typing import Any

from electkit.core.contest import Contest, TallyRules
from electkit.core.tally import Tally, TallyResult

_CODES = {"a": 1, "o": 2, "-": 0}


def contest(candidates: str = "甲乙丙", **values: Any) -> Contest:
    """A contest over single-character candidates (``"甲乙丙"``): 2 seats, E = P = 50 by default."""
    base: dict[str, Any] = {
        "contest": "委员",
        "seats": 2,
        "entitled": 50,
        "present": 50,
        "candidates": tuple(candidates),
    }
    base.update(values)
    return Contest.model_validate(base)


def marks(text: str) -> tuple[int, ...]:
    """``"ao-"``: agree, oppose, abstain on the candidates in ballot order."""
    return tuple(_CODES[c] for c in text)


def run(
    c: Contest,
    ballots: list[str | tuple[Any, ...]],
    rules: TallyRules | None = None,
    **kwargs: Any,
) -> TallyResult:
    """Count ballots given as ``"ao-"`` or ``("ao-", write_ins, void)``; numbered 1, 2, 3 …"""
    tally = Tally(c, rules or TallyRules(threshold_basis="entitled"), **kwargs)
    for number, ballot in enumerate(ballots, start=1):
        if isinstance(ballot, str):
            tally.add_marks(str(number), marks(ballot))
        else:
            text, write_ins, void = (*ballot, None, None)[:3]
            tally.add_marks(str(number), marks(text), tuple(write_ins or ()), void)
    return tally.result()


def repeat(ballot: str | tuple[Any, ...], times: int) -> list[str | tuple[Any, ...]]:
    """The same ballot ``times`` times."""
    return [ballot] * times


def agree_of(result: TallyResult) -> dict[str, int]:
    """Each person's agree count."""
    return {r.name: r.agree for r in result.results}
