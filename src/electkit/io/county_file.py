"""county.yaml and the county sheet staff keep (a row per township, Chinese headers).

``read_county`` reads county.yaml; ``read_county_sheet`` reads the townships' rows from a
.xlsx/.xls/.csv (``electkit template county`` writes one); ``county_yaml`` and
``election_yaml`` write the workspace's YAML files, always the same bytes for the same data.
Every problem names the file, the line or row (as Excel numbers it), the column and the value.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

from electkit.core.county import CountyProfile, TownshipRow
from electkit.core.errors import InputError, Problem, ValueProblem, ValueProblems
from electkit.core.findings import Text
from electkit.core.models import MonthDate
from electkit.io import cells
from electkit.io.headers import build_lookup, find_header, normalize
from electkit.io.tables import Cell, read_table
from electkit.io.yamlfile import LazyNode, detail_text, node_line, read_model

if TYPE_CHECKING:
    from electkit.io.xlsx_templates import Column

COUNTY_FILE = "county.yaml"

# the county sheet's columns: field → headers staff write (Chinese first), and how each is read
SHEET_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("乡镇", "乡镇名称", "乡(镇)", "单位", "township", "name"),
    "folder": ("文件夹", "目录", "folder"),
    "election_date": ("选举日期", "换届日期", "党代会日期", "election_date"),
    "villages": ("村(社区)数", "村数", "行政村数", "村委会数", "村(居)委会数", "villages"),
    "population": ("人口", "总人口", "乡镇人口", "人口数", "population"),
    "township_class": ("乡镇类别", "类别", "乡镇分类", "township_class"),
    "party_members": ("党员数", "党员总数", "党员人数", "party_members"),
    "women": ("女党员数", "女党员", "妇女党员数", "women_members"),
    "minority": ("少数民族党员数", "少数民族党员", "minority_members"),
    "delegate_seats": ("代表名额", "党代表名额", "代表总数", "delegate_seats"),
    "leadership_posts": ("领导职数", "leadership_posts"),
    "minority_area": ("少数民族聚居", "民族乡", "minority_area"),
    "dispersed": ("驻地分散", "党组织驻地分散", "dispersed"),
    "very_large": ("特大乡镇", "very_large"),
    "offices_approved": ("设办事机构", "经批准设有办事机构", "offices_approved"),
}
SHEET_LOOKUP = build_lookup(SHEET_HEADERS)
_NUMBERS = (
    "villages",
    "population",
    "party_members",
    "women",
    "minority",
    "delegate_seats",
    "leadership_posts",
)
_FLAGS = ("minority_area", "dispersed", "very_large", "offices_approved")
_TOTALS = {"合计", "总计", "小计", "共计", "total", "全县", "全县合计"}
EXAMPLE_MARK = "示例"


def template_columns() -> list[Column]:
    """The columns of the county sheet ``electkit template county`` writes (with an example row)."""
    from electkit.io.xlsx_templates import EXAMPLE_MARK as MARK
    from electkit.io.xlsx_templates import YES_NO, Column

    return [
        Column("序号", 6, MARK),
        Column("乡镇", 12, "某某乡"),
        Column("选举日期", 12, "2026-03-20", text=True),
        Column("村(社区)数", 10, 12),
        Column("人口", 10, 38000),
        Column("党员数", 10, 1200),
        Column("女党员数", 10, 300),
        Column("少数民族党员数", 14, 96),
        Column("代表名额", 10, 150),
        Column("领导职数", 10, ""),
        Column("少数民族聚居", 12, "否", YES_NO),
        Column("驻地分散", 10, "否", YES_NO),
        Column("特大乡镇", 10, "否", YES_NO),
        Column("设办事机构", 10, "否", YES_NO),
        Column("乡镇类别", 10, "", text=True),
        Column("文件夹", 12, ""),
        Column("备注", 16),
    ]


def read_county(path: Path) -> CountyProfile:
    """county.yaml as a CountyProfile; InputError naming the file, line and key."""
    keys = Text(zh="county:、rules:、round:、townships:", en="county:, rules:, round:, townships:")
    try:
        return read_model(path, CountyProfile, keys, more=partial(_across_rows, path))
    except InputError as exc:
        problems = exc.problems
        # a row that failed leaves the list short: that says nothing more than the row's problem
        if any((p.column or "").startswith("townships[") for p in problems):
            problems = [p for p in problems if p.column != "townships"]
        raise InputError(sorted(problems, key=lambda p: p.row or 0)) from None


def _valid(row: dict[str, Any]) -> bool:
    try:
        TownshipRow.model_validate(row)
    except ValidationError:
        return False
    return True


def _across_rows(path: Path, data: dict[str, Any], node: LazyNode) -> list[Problem]:
    """The county-wide problems (a name twice, a shared folder, a row without a date) of a
    county.yaml whose rows have problems of their own, which stop pydantic before it gets to
    them: checked on each row's name, folder and date alone, so every problem is said at once."""

    rows = data.get("townships")
    if not isinstance(rows, list):
        return []
    # a value written wrong is said by the full read: here it stands in as given, so that it
    # is not also reported as missing (a date) or as clashing (a folder)
    said = dt.date(2000, 1, 1)
    date = data.get("election_date")
    if date is not None and not _valid({"name": "-", "election_date": date}):
        date = said
    reduced: list[dict[str, Any]] = []
    places: list[int] = []  # the index in county.yaml of each reduced row
    for index, row in enumerate(rows):
        if not isinstance(row, dict) or not _valid({"name": row.get("name")}):
            continue  # no name to compare: said already
        kept: dict[str, Any] = {"name": row["name"]}
        if "folder" in row:
            good = _valid({**kept, "folder": row["folder"]})
            kept["folder"] = row["folder"] if good else f"folder-written-wrong-{index}"
        if "election_date" in row:
            good = _valid({**kept, "election_date": row["election_date"]})
            kept["election_date"] = row["election_date"] if good else said
        reduced.append(kept)
        places.append(index)
    if not reduced:
        return []
    try:
        CountyProfile.model_validate(
            {"county": "-", "rules": "-", "round": "-", "election_date": date, "townships": reduced}
        )
    except ValidationError as exc:
        out = []
        for err in exc.errors(include_url=False):
            ours = (err.get("ctx") or {}).get("error")
            if not isinstance(ours, ValueProblems):
                continue  # the top level (a date written wrong) is said by the full read
            for below, item in ours.items:
                place = places[int(below[1])]
                out.append(
                    Problem(
                        message_id=item.message_id,
                        params=dict(item.params),
                        file=str(path),
                        row=node_line(node, ["townships", place]),
                        column=f"townships[{place}]",
                    )
                )
        return out
    return []


def read_county_sheet(
    path: Path,
    *,
    county: str,
    rules: str,
    round_: str,
    election_date: dt.date | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
) -> CountyProfile:
    """The county's townships from the sheet staff keep; every problem collected before raising."""
    table = read_table(path, sheet=sheet, encoding=encoding)
    header = find_header(table.rows, SHEET_LOOKUP, required="name", min_matches=2)
    if header is None:
        expected = "、".join(h[0] for h in SHEET_HEADERS.values())
        raise InputError(
            [
                Problem(
                    message_id="county.sheet.no_header",
                    file=table.path,
                    params={"expected": expected},
                )
            ]
        )
    problems: list[Problem] = [
        Problem(
            message_id="county.sheet.duplicate_column",
            file=table.path,
            row=header.row,
            column=text,
            params={"first": header.written[field]},
        )
        for field, text, _index in header.duplicates
    ]
    rows: list[TownshipRow] = []
    numbers: list[int] = []  # the sheet row of each township read
    for number, row in table.rows:
        if number <= header.last_row:
            continue
        read = _sheet_row(row, number, header.columns, header.written, table.path, problems)
        if read is not None:
            rows.append(read)
            numbers.append(number)
    # a date cell that could not be read is said already: not again as "no date"
    bad_dates = {
        p.row for p in problems if p.message_id == "county.sheet.date" and p.row is not None
    }
    if not rows and not problems:
        problems.append(Problem(message_id="county.sheet.no_rows", file=table.path))
    data = {
        "county": county,
        "rules": rules,
        "round": round_,
        "election_date": election_date,
        "townships": rows,
    }
    try:  # the rows read are checked together even when others failed: one pass
        county_profile = CountyProfile.model_validate(data) if rows else None
    except ValidationError as exc:
        problems += [
            p
            for p in _sheet_problems(exc, table.path, numbers, header.written)
            if not (p.message_id == "county.val.no_date" and p.row in bad_dates)
        ]
    if problems or county_profile is None:
        raise InputError(problems)
    return county_profile


def _sheet_row(
    row: list[Cell],
    number: int,
    columns: dict[str, int],
    written: dict[str, str],
    path: str,
    problems: list[Problem],
) -> TownshipRow | None:
    """One township's row, or None for a blank row or the template's example row."""

    def cell(field: str) -> Cell:
        index = columns.get(field)
        return row[index] if index is not None and index < len(row) else None

    texts = [cells.text_of(c) for c in row]
    if not any(texts) or any(t.startswith(EXAMPLE_MARK) for t in texts[:2]):
        return None
    name = cells.text_of(cell("name"))
    if normalize(name) in _TOTALS:
        problems.append(
            Problem(message_id="county.sheet.total_row", file=path, row=number, value=name)
        )
        return None
    if not name:
        problems.append(
            Problem(
                message_id="county.sheet.no_name", file=path, row=number, column=written["name"]
            )
        )
        return None
    data: dict[str, Any] = {"name": name}

    def bad(field: str, message_id: str) -> None:
        problems.append(
            Problem(
                message_id=message_id,
                file=path,
                row=number,
                column=written[field],
                value=cells.text_of(cell(field)),
            )
        )

    for field in _NUMBERS:
        if field not in columns:
            continue
        try:
            value = _count(cell(field))
        except cells.CellError:
            bad(field, "county.sheet.number")
            continue
        if value is not None:
            data[field] = value
    for field in _FLAGS:
        if field not in columns:
            continue
        try:
            flag = cells.parse_yes_no(cell(field))
        except cells.CellError:
            bad(field, "county.sheet.yes_no")
            continue
        if flag:
            data[field] = True
    if "election_date" in columns:
        try:
            date = cells.parse_date(cell("election_date"))
        except cells.CellError:
            bad("election_date", "county.sheet.date")
        else:
            if isinstance(date, MonthDate):  # a congress is held on a day, not in a month
                bad("election_date", "county.sheet.date")
            elif date is not None:
                data["election_date"] = dt.date(date.year, date.month, date.day)
    if "folder" in columns and cells.text_of(cell("folder")):
        data["folder"] = cells.text_of(cell("folder"))
    if "township_class" in columns and cells.text_of(cell("township_class")):
        data["township_class"] = cells.text_of(cell("township_class"))
    # the cells read so far are validated too, so every problem of the row is said in one pass
    members = {k: data.pop(k) for k in ("party_members", "women", "minority") if k in data}
    if members:
        if "party_members" not in members:
            problems.append(
                Problem(
                    message_id="county.sheet.parts_without_total",
                    file=path,
                    row=number,
                    column=written.get("party_members", "党员数"),
                )
            )
        else:
            data["party_members"] = {"total": members.pop("party_members"), **members}
    try:
        # a row with bad cells is still returned (its problems stop the read): the county-wide
        # checks (a name twice, a shared folder) then see it too, in the same pass
        return TownshipRow.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = [str(p) for p in err["loc"]]
            field = {"total": "party_members"}.get(loc[-1], loc[-1]) if loc else "name"
            ours = (err.get("ctx") or {}).get("error")
            problems.append(
                Problem(
                    file=path,
                    row=number,
                    column=written.get(field, written.get("party_members")),
                    value=None if isinstance(err.get("input"), dict) else str(err.get("input")),
                    **(
                        {"message_id": ours.message_id, "params": dict(ours.params)}
                        if isinstance(ours, ValueProblem)
                        else {
                            "message_id": "county.sheet.invalid",
                            "params": {"detail": detail_text(err)},
                        }
                    ),
                )
            )
        # the row's name, folder and date alone, for the county-wide checks
        try:
            return TownshipRow.model_validate(
                {k: data[k] for k in ("name", "folder", "election_date") if k in data}
            )
        except ValidationError:  # the name or the folder itself is wrong: said above
            return None


_THOUSANDS = re.compile(r"(?<=\d)[,，](?=\d{3}\b)")


def _count(value: Cell) -> int | None:
    """A count as staff type it: 38000, 38,000 or ３８０００ (a number cell, or text)."""
    if isinstance(value, str):
        value = _THOUSANDS.sub("", unicodedata.normalize("NFKC", value))
    return cells.parse_int(value)


def _sheet_problems(
    exc: ValidationError, path: str, numbers: list[int], written: dict[str, str]
) -> list[Problem]:
    """The whole sheet's problems (a township twice, no election date), each at its row."""
    problems = []
    for err in exc.errors(include_url=False):
        ours = (err.get("ctx") or {}).get("error")
        if isinstance(ours, ValueProblems):
            for below, item in ours.items:
                index = below[1] if len(below) == 2 and isinstance(below[1], int) else None
                field = "folder" if item.message_id == "county.val.duplicate_folder" else "name"
                problems.append(
                    Problem(
                        message_id=item.message_id,
                        params=dict(item.params),
                        file=path,
                        row=numbers[index] if index is not None else None,
                        column=written.get(field, written.get("name")),
                    )
                )
        elif isinstance(ours, ValueProblem):
            problems.append(
                Problem(
                    message_id=ours.message_id,
                    params=dict(ours.params),
                    file=path,
                    column=written.get("name"),
                )
            )
        else:
            problems.append(
                Problem(
                    message_id="county.sheet.invalid",
                    file=path,
                    params={"detail": detail_text(err)},
                )
            )
    return problems


def _flow(data: dict[str, Any]) -> str:
    """A mapping on one line in YAML flow style: {name: 青山乡, villages: 17}."""
    text: str = yaml.safe_dump(
        data, default_flow_style=True, allow_unicode=True, sort_keys=False, width=1 << 20
    )
    return text.strip()


def _scalar(value: Any) -> str:
    """One value as YAML writes it (quoted only where it must be)."""
    text: str = yaml.safe_dump(value, allow_unicode=True, default_style=None, width=1 << 20)
    return text.removesuffix("\n...\n").strip()


def county_yaml(county: CountyProfile) -> str:
    """county.yaml's text (a row per township on one line, as a table reads)."""
    lines = [
        "# 全县换届工作区 / county workspace (electkit county init)",
        f"county: {_scalar(county.county)}",
        f"rules: {_scalar(county.rules)}",
        f"round: {_scalar(county.round)}",
    ]
    if county.election_date is not None:
        lines.append(f"election_date: {county.election_date.isoformat()}")
    lines.append("townships:")
    for row in county.townships:
        data = row.model_dump(exclude_none=True, exclude_defaults=True)
        if row.party_members is not None:
            data["party_members"] = row.party_members.model_dump(
                exclude_none=True, exclude_defaults=True
            )
        lines.append(f"  - {_flow(data)}")
    return "\n".join(lines) + "\n"


def election_yaml(data: dict[str, Any], county: str, round_: str) -> str:
    """A township's election.yaml derived from its county row (``core.county.township_profile``)."""
    lines = [
        f"# 选举概况 / election profile: {data['township']}",
        f"# 由 electkit county init 根据 {county}《{round_}》county.yaml 生成；可补充 units、government_team 等",
    ]
    for key, value in data.items():
        if isinstance(value, dict):
            lines.append(f"{key}: {_flow(value)}")
        elif isinstance(value, dt.date):
            lines.append(f"{key}: {value.isoformat()}")
        else:
            lines.append(f"{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"
