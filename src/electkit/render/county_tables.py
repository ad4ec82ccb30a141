"""The tables of the county's statistics (换届情况统计表), shared by the Excel, HTML and PDF views.

Each table has a two-line header: a group (代表类别, 妇女 …) over its columns (人数, 比例), or a
single heading over both lines. A column is a count, a share of another column of the same row,
an average, or text; the county row adds the counts up, and computes each share and the average
from the county's counts — never an average of the townships' shares.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

from electkit.core.county_stats import DelegateStats, MakeupStats
from electkit.messages import t

if TYPE_CHECKING:
    from electkit.app.county_report import CountyReport, TownshipFigures

Kind = Literal["text", "count", "share", "average", "mark"]


@dataclass(frozen=True)
class Column:
    """One column: its key, heading, kind; a share names the key it is a share of."""

    key: str
    label: str
    kind: Kind
    of: str | None = None  # share: the denominator's key; average: the count of people averaged
    sum_of: str | None = None  # average: the key of the sum it divides
    weights: tuple[str, ...] = ()  # average: the columns whose sum is each row's weight


@dataclass(frozen=True)
class Group:
    """A heading over one or more columns (a single column: the heading spans both lines)."""

    label: str
    columns: tuple[Column, ...]


@dataclass(frozen=True)
class Table:
    """One table of the report: title, header groups, a row per township, the county row."""

    key: str
    title: str
    groups: tuple[Group, ...]
    rows: list[dict[str, Any]]
    total: dict[str, Any]
    note: str = ""

    @property
    def columns(self) -> list[Column]:
        """Every column, left to right."""
        return [c for g in self.groups for c in g.columns]


def _count_share(key: str, label: str, of: str, lang: str) -> Group:
    return Group(
        label,
        (
            Column(key, t("county.report.count", lang), "count"),
            Column(f"{key}_share", t("county.report.share", lang), "share", of=of),
        ),
    )


def _single(key: str, label: str, kind: Kind) -> Group:
    return Group(label, (Column(key, label, kind),))


def _township(lang: str) -> Group:
    return _single("township", t("county.col.township", lang), "text")


def tables(report: CountyReport, lang: str) -> list[Table]:
    """The report's four tables."""
    return [
        delegates(report, lang),
        elections(report, lang),
        makeup(report, lang),
        not_met(report, lang),
    ]


def _values(figures: Any, keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: None if figures is None else getattr(figures, k) for k in keys}


def _with_shares(row: dict[str, Any], table_columns: list[Column]) -> dict[str, Any]:
    """Fill in each share (exactly) from the row's counts."""
    for column in table_columns:
        if column.kind == "share" and column.of is not None:
            part, whole = row.get(column.key.removesuffix("_share")), row.get(column.of)
            row[column.key] = Fraction(part, whole) if part is not None and whole else None
        if column.kind == "average" and column.sum_of is not None and column.of is not None:
            total, count = row.get(column.sum_of), row.get(column.of)
            row[column.key] = Fraction(total, count) if total is not None and count else None
    return row


def _mark(figures: TownshipFigures, lang: str) -> str:
    return t("county.report.test_mark", lang) if figures.test else ""


DELEGATE_KEYS = tuple(f.name for f in fields(DelegateStats))


def delegates(report: CountyReport, lang: str) -> Table:
    """表一 代表: the delegates by category, women, minority, age and education."""
    groups = (
        _township(lang),
        _single("total", t("county.report.delegates_total", lang), "count"),
        _count_share("leaders", t("county.report.leaders", lang), "total", lang),
        _count_share("technical", t("county.report.technical", lang), "total", lang),
        _count_share("models", t("county.report.models", lang), "total", lang),
        _count_share("women", t("county.report.women", lang), "total", lang),
        _count_share("minority", t("county.report.minority", lang), "total", lang),
        _count_share("age40", t("county.report.age40", lang), "total", lang),
        _count_share("age45", t("county.report.age45", lang), "total", lang),
        _count_share("junior_middle", t("county.report.junior_middle", lang), "total", lang),
        _count_share("college", t("county.report.college_up", lang), "total", lang),
    )
    columns = [c for g in groups for c in g.columns]
    rows = [
        _with_shares({"township": r.name, **_values(r.delegates, DELEGATE_KEYS)}, columns)
        for r in report.townships
    ]
    total = _with_shares(
        {"township": t("county.col.total", lang), **_values(report.delegates, DELEGATE_KEYS)},
        columns,
    )
    return Table("delegates", t("county.report.table.delegates", lang), groups, rows, total)


def elections(report: CountyReport, lang: str) -> Table:
    """表二 选举: seats, candidates, 差额 and elected of the committee and discipline elections."""

    def group(role: str, label: str) -> Group:
        return Group(
            label,
            tuple(
                Column(f"{role}_{k}", t(key, lang), "count")
                for k, key in (
                    ("seats", "county.report.seats"),
                    ("candidates", "county.report.candidates"),
                    ("extra", "county.report.extra"),
                    ("elected", "county.report.elected"),
                )
            ),
        )

    groups = (
        _township(lang),
        group("committee", t("county.report.committee", lang)),
        group("discipline", t("county.report.discipline", lang)),
        _single("mark", t("county.report.count_kind", lang), "mark"),
    )

    def cells(role: str, figures: Any) -> dict[str, Any]:
        return {
            f"{role}_seats": None if figures is None else figures.seats,
            f"{role}_candidates": None if figures is None else figures.candidates,
            f"{role}_extra": None if figures is None else figures.extra,
            f"{role}_elected": None if figures is None else figures.elected,
        }

    rows = [
        {
            "township": r.name,
            **cells("committee", r.committee),
            **cells("discipline", r.discipline),
            "mark": _count_kind(r, lang),
        }
        for r in report.townships
    ]
    total = {
        "township": t("county.col.total", lang),
        **cells("committee", report.committee),
        **cells("discipline", report.discipline),
        "mark": t("county.report.official", lang)
        if report.official
        else t("county.report.test", lang),
    }
    return Table("elections", t("county.report.table.elections", lang), groups, rows, total)


def _count_kind(figures: TownshipFigures, lang: str) -> str:
    counted = [
        f
        for f in (figures.committee, figures.discipline)
        if f is not None and f.elected is not None
    ]
    if not counted:
        return t("county.report.not_counted", lang)
    if figures.test:
        return t("county.report.test", lang)
    if len(counted) < 2:
        return t("county.report.partly", lang)
    return t("county.report.official", lang)


MAKEUP_KEYS = tuple(f.name for f in fields(MakeupStats))


def makeup(report: CountyReport, lang: str) -> Table:
    """表三 新一届党委班子: the elected committee members' make-up."""
    groups = (
        _township(lang),
        _single("members", t("county.report.members", lang), "count"),
        Group(
            t("county.report.average_age", lang),
            (
                Column(
                    "average_age",
                    t("county.report.average_age", lang),
                    "average",
                    of="aged",
                    sum_of="age_sum",
                    weights=("upto35", "from36to45", "from46"),
                ),
            ),
        ),
        Group(
            t("county.report.age", lang),
            (
                Column("upto35", t("county.report.upto35", lang), "count"),
                Column("from36to45", t("county.report.from36to45", lang), "count"),
                Column("from46", t("county.report.from46", lang), "count"),
            ),
        ),
        _count_share("women", t("county.report.women", lang), "members", lang),
        _count_share("minority", t("county.report.minority", lang), "members", lang),
        Group(
            t("county.report.education", lang),
            (
                Column("graduate", t("county.report.graduate", lang), "count"),
                Column("bachelor", t("county.report.bachelor", lang), "count"),
                Column("college", t("county.report.college", lang), "count"),
                Column("below_college", t("county.report.below_college", lang), "count"),
            ),
        ),
        _single("exchanged", t("county.report.exchanged", lang), "count"),
        _single("avoiding", t("county.report.avoiding", lang), "count"),
        Group(
            t("county.report.officers", lang),
            (
                Column("secretary", t("county.report.secretary", lang), "count"),
                Column("deputies", t("county.report.deputies", lang), "count"),
            ),
        ),
    )
    columns = [c for g in groups for c in g.columns]

    def row(name: str, figures: Any, mark: str) -> dict[str, Any]:
        return _with_shares({"township": name + mark, **_values(figures, MAKEUP_KEYS)}, columns)

    rows = [row(r.name, r.makeup, _mark(r, lang)) for r in report.townships]
    total = row(t("county.col.total", lang), report.makeup, "")
    return Table(
        "makeup",
        t("county.report.table.makeup", lang),
        groups,
        rows,
        total,
        note=t("county.report.makeup_note", lang),
    )


def not_met(report: CountyReport, lang: str) -> Table:
    """表四 未达要求的规则: per township, each rule its plan or lists do not meet, then the
    county-level rules: the errors and warnings of each (the county row: county check's totals)."""
    groups = (
        _township(lang),
        _single("rule", t("ui.rule", lang), "text"),
        _single("errors", t("county.report.errors", lang), "count"),
        _single("warnings", t("county.report.warnings", lang), "count"),
        _single("lists", t("county.check.list", lang), "text"),
    )
    labels = {
        "plan": t("county.col.plan", lang),
        "delegates": t("county.col.delegates", lang),
        "committee": t("county.col.committee", lang),
        "discipline": t("county.col.discipline", lang),
        "county": "",
    }
    townships = [(r.name, item) for r in report.townships for item in r.not_met]
    county = t("county.report.county_rule", lang)
    rows: list[dict[str, Any]] = [
        {
            "township": name,
            "rule": item.rule,
            "errors": item.errors,
            "warnings": item.warnings,
            "lists": "、".join(labels.get(x, x) for x in item.lists),
        }
        for name, item in [*townships, *((county, item) for item in report.county_not_met)]
    ]
    total = {
        "township": t("county.col.total", lang),
        "rule": "",
        "errors": sum(int(r["errors"]) for r in rows),
        "warnings": sum(int(r["warnings"]) for r in rows),
        "lists": "",
    }
    return Table("not_met", t("county.report.table.not_met", lang), groups, rows, total)


def shown(value: Any, column: Column) -> str:
    """A cell as text (HTML, PDF): counts as integers, shares as percentages, one decimal."""
    if value is None:
        return "—" if column.kind != "text" else ""
    if column.kind == "share":
        return f"{float(value):.1%}"
    if column.kind == "average":
        return f"{float(value):.1f}"
    return str(value)
