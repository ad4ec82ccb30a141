"""Blank cells in the columns a rule reads: never silently "not in the group" or "否".

A blank 代表类别, 性别, 出生年月 … leaves the person unknown in every share that reads it (the
shares report how many are unknown and stay undecided when they could change the result); a
blank 立案审查 or 违反计划生育 leaves the person's eligibility unconfirmed, an error under the
flag rule's own code. A cell the reader could not read already has its IN-VALUE finding and gets
no second one.
"""

from __future__ import annotations

from collections.abc import Sequence

from electkit.core.checks.composition import group_fields
from electkit.core.checks.context import CheckContext
from electkit.core.findings import Finding, Severity
from electkit.core.models import Person
from electkit.core.rulekinds import FlagRule, IdMatchRule, IdNumberRule, MemberShareRule, ShareRule

_MEMBER_COLUMN = {"women": "gender", "minority": "ethnicity"}


def blank_cells(
    people: Sequence[Person],
    ctx: CheckContext,
    read_findings: Sequence[Finding] = (),
    *,
    candidates: bool = True,
    columns: Sequence[str] | None = None,
) -> list[Finding]:
    """A finding for each blank cell in a column a rule of the rule set reads.

    ``columns`` names the columns a slate's rules read (age, gender …); without it they are
    the columns of the delegate-list shares.
    """
    rs = ctx.ruleset
    fields: list[str] = []
    if columns is None:
        for share in rs.of_kind(ShareRule):
            fields += group_fields(share.params.group)
        fields += [_MEMBER_COLUMN[m.params.group] for m in rs.of_kind(MemberShareRule)]
    else:
        fields += columns
    if any(True for _ in rs.of_kind(IdNumberRule)) or any(True for _ in rs.of_kind(IdMatchRule)):
        fields.append("id_number")
    fields = [f for f in dict.fromkeys(fields) if ctx.has(f)]
    flags = [
        rule
        for rule in rs.of_kind(FlagRule)
        if ctx.has(rule.params.field) and (candidates or rule.params.scope != "candidates")
    ]
    if not fields and not flags:
        return []
    unreadable = {(f.rows[0], f.column) for f in read_findings if f.rule == "IN-VALUE" and f.rows}
    out: list[Finding] = []
    for name in fields:
        column = ctx.columns[name]
        blank = [p for p in people if getattr(p, name) is None]
        if len(people) > 1 and len(blank) == len(people):  # an empty column: one finding
            out.append(_empty_column(ctx, column))
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
    for rule in flags:
        column = ctx.columns[rule.params.field]
        blank = [p for p in people if getattr(p, rule.params.field) is None]
        if len(people) > 1 and len(blank) == len(people):  # under the rule's own code
            out.append(ctx.finding(rule, "cell.column_blank", field_name=rule.params.field))
            continue
        out += [
            ctx.finding(
                rule,
                "el.flag.blank",
                subjects=(p.name,),
                rows=(p.row,),
                field_name=rule.params.field,
            )
            for p in blank
            if (p.row, column) not in unreadable
        ]
    return sorted(out, key=lambda f: f.rows)


def _empty_column(ctx: CheckContext, column: str, severity: Severity = Severity.WARNING) -> Finding:
    """A column with a header but nothing under it: every person is unknown for it."""
    return Finding(
        rule="IN-VALUE",
        severity=severity,
        message_id="cell.column_blank",
        file=ctx.file,
        column=column,
    )
