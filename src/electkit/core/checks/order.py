"""CS-ORDER: a list as printed (ballot, slate, list of the elected) follows surname-stroke order.

The printed order passes when the names' stroke keys never decrease: names that compare equal
stroke by stroke (the same name, or 丁x/十x) may stand in either order. Otherwise one finding
gives the correct order, which is the printed list sorted stably by stroke key (tied names keep
their printed order), and ``needed`` = the smallest number of names to move: the list's length
minus its longest run of names (not necessarily adjacent) already in order. ``subjects`` and
``rows`` name one such smallest set of names to move; ``measured`` is the printed order and
``required`` the correct one, joined with 、; the message's ``order`` parameter is the correct
order as a list of the reader's language (甲、乙 or 甲, 乙).

A name with characters missing from the stroke table gets its own warning: it was placed after
the known characters at that position, which a person must verify.

Callers pass the lists the rule covers (delegate and committee-member candidates on ballots,
lists of the elected); 书记/副书记 lists follow the order the higher committee approved (digest
CS-ORDER) and are not passed.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from electkit.core.checks.context import CheckContext
from electkit.core.findings import Finding, Severity, listing
from electkit.core.rulebase import RuleBase
from electkit.core.strokes import stroke_key, unknown_chars

PrintedName = tuple[int, str]
"""A name as printed, with its row (as the spreadsheet numbers it)."""


def check_order(
    rule: RuleBase, names: Sequence[PrintedName], ctx: CheckContext, *, blank_slot: bool = True
) -> list[Finding]:
    """CS-ORDER over ``names`` in printed order: the order finding, then unknown-character warnings."""
    keys = [stroke_key(name, blank_slot).strokes for _, name in names]
    findings: list[Finding] = []
    in_order = in_order_positions(keys)
    if len(in_order) < len(names):
        correct = sorted(range(len(names)), key=lambda i: keys[i])
        moved = [i for i in range(len(names)) if i not in in_order]
        sep = "、"
        findings.append(
            ctx.finding(
                rule,
                "cs.order.unsorted",
                subjects=tuple(names[i][1] for i in moved),
                rows=tuple(names[i][0] for i in moved),
                field_name="name",
                measured=sep.join(name for _, name in names),
                required=sep.join(names[i][1] for i in correct),
                needed=len(moved),
                order=listing(names[i][1] for i in correct),
                count=len(names),
            )
        )
    for row, name in names:
        missing = unknown_chars(name)
        if missing:
            findings.append(
                ctx.finding(
                    rule,
                    "cs.order.unknown",
                    severity=Severity.WARNING,
                    subjects=(name,),
                    rows=(row,),
                    field_name="name",
                    value=name,
                    chars="".join(missing),
                )
            )
    return findings


def in_order_positions(keys: Sequence[tuple[int, ...]]) -> set[int]:
    """The positions of one longest non-decreasing subsequence of ``keys`` (O(n log n))."""
    tails: list[tuple[int, ...]] = []  # the smallest last key of a run of each length
    tail_at: list[int] = []  # the position holding that key
    previous: list[int] = [-1] * len(keys)
    for position, key in enumerate(keys):
        length = bisect.bisect_right(tails, key)
        if length:
            previous[position] = tail_at[length - 1]
        if length == len(tails):
            tails.append(key)
            tail_at.append(position)
        else:
            tails[length] = key
            tail_at[length] = position
    kept: set[int] = set()
    position = tail_at[-1] if tail_at else -1
    while position >= 0:
        kept.add(position)
        position = previous[position]
    return kept
