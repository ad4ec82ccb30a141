"""Blank cells in the columns a rule reads: never silently "not in the group".

A blank 代表类别, 性别, 出生年月 … leaves the person unknown to every rule that reads it (the
shares report how many are unknown and stay undecided when they could change the result): each
such cell is an IN-VALUE warning. Kinds that say what a blank means in their own findings (a
blank 立案审查 is an error under the flag rule's code, a blank 籍贯 leaves avoidance unconfirmed …)
are not repeated here. A cell the reader could not read already has its IN-VALUE finding.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import compress, repeat
from operator import attrgetter, is_

from electkit.core.checks.context import CheckContext
from electkit.core.findings import Finding, Severity
from electkit.core.kinds import kind_of
from electkit.core.models import Person
from electkit.core.rulebase import Scope


def unreadable_cells(read_findings: Sequence[Finding]) -> frozenset[tuple[int, str]]:
    """(row, column) of every cell the reader reported as unreadable."""
    return frozenset(
        (f.rows[0], f.column) for f in read_findings if f.rule == "IN-VALUE" and f.rows and f.column
    )


def blank_cells(
    people: Sequence[Person],
    ctx: CheckContext,
    scope: Scope,
    read_findings: Sequence[Finding] = (),
) -> list[Finding]:
    """A finding for each blank cell in a column a rule of this scope reads."""
    fields: list[str] = []
    for rule in ctx.ruleset.rules.values():
        kind = kind_of(rule)
        if kind.blanks and scope in kind.scopes(rule):
            fields += kind.columns(rule)
    fields = [f for f in dict.fromkeys(fields) if ctx.has(f)]
    unreadable = unreadable_cells(read_findings)
    out: list[Finding] = []
    for name in fields:
        column = ctx.columns[name]
        values = _column(people, name)
        blank = list(compress(people, map(is_, values, repeat(None))))
        if len(people) > 1 and len(blank) == len(people):  # an empty column: one finding
            out.append(
                Finding(
                    rule="IN-VALUE",
                    severity=Severity.WARNING,
                    message_id="cell.column_blank",
                    file=ctx.file,
                    column=column,
                )
            )
            continue
        message = "cell.blank_id" if name == "id_number" else "cell.blank"
        out += [
            Finding(
                rule="IN-VALUE",
                severity=Severity.WARNING,
                message_id=message,
                subjects=(p.name,),
                rows=(p.row,),
                file=ctx.file,
                column=column,
            )
            for p in blank
            if (p.row, column) not in unreadable
        ]
    return sorted(out, key=lambda f: f.rows)


def _column(people: Sequence[Person], name: str) -> list[object]:
    """One field of every person (column by column: a list may have 100,000 rows)."""
    if name.startswith("column:"):
        key = name.removeprefix("column:")
        return [dict(p.extra).get(key) for p in people]
    return list(map(attrgetter("categories" if name == "category" else name), people))
