"""The ballot reader: one fixture file per failure mode in tests/data/tally/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from electkit.core.errors import InputError, Problem
from electkit.core.findings import Text
from electkit.core.tally import Tally, TallyResult
from electkit.io.ballots import BallotFile, read_ballots
from electkit.io.contest import load_contest
from electkit.messages import t

DATA = Path(__file__).resolve().parent.parent / "data" / "tally"


def tally_file(name: str, **options: Any) -> tuple[TallyResult, BallotFile]:
    contest, ruleset = load_contest(DATA / "contest.yaml")
    from electkit.core.contest import tally_rules

    tally = Tally(contest, tally_rules(contest, ruleset))
    source = read_ballots(DATA / name, contest, tally.add_marks, **options)
    return tally.result(), source


def problems(name: str, **options: Any) -> list[Problem]:
    with pytest.raises(InputError) as info:
        tally_file(name, **options)
    return info.value.problems


def keys(found: list[Problem]) -> list[tuple[str, int | None, str | None]]:
    """(message, row, column): what the tests compare instead of prose."""
    return [(p.message_id, p.row, p.column) for p in found]


def test_good_file_with_every_kind_of_mark() -> None:
    result, source = tally_file("good.csv")
    assert (source.encoding, source.ballots, source.header_row) == ("utf-8", 8, 1)
    assert (result.returned, result.valid, result.invalid) == (8, 6, 2)
    counts = {r.name: (r.agree, r.oppose, r.abstain) for r in result.results}
    assert counts == {"丁一": (5, 0, 1), "王建国": (3, 2, 1), "李春": (0, 2, 4), "张三": (1, 0, 0)}
    assert [(b.ballot, b.kind) for b in result.invalid_ballots] == [
        ("0004", "over_vote"),
        ("0005", "void"),
    ]
    assert {(w.written, w.counted_as) for w in result.write_ins} == {
        ("王建囯", "王建国"),
        ("张三", "张三"),
    }
    assert result.threshold_basis == "entitled" and result.threshold == 5  # national-2020, E = 9
    assert result.status == "shortfall" and result.elected == ("丁一",)


def test_gbk_file_is_read_as_gb18030() -> None:
    result, source = tally_file("gbk_ballots.csv")
    assert source.encoding == "gb18030"
    assert result.returned == 3 and result.invalid == 1
    assert {r.name: r.agree for r in result.results}["王建国"] == 2


def test_utf8_with_bom_and_tabs_and_title_rows() -> None:
    assert tally_file("utf8_bom.csv")[1].encoding == "utf-8-sig"
    assert tally_file("tab_separated.csv")[0].valid == 2
    result, source = tally_file("title_row.csv")
    assert source.header_row == 2 and result.valid == 2


def test_blank_lines_are_not_ballots() -> None:
    result, source = tally_file("blank_lines.csv")
    assert result.returned == source.ballots == 2


def test_encoding_option_is_honoured() -> None:
    found = problems("gbk_ballots.csv", encoding="utf-8")
    assert keys(found) == [("encoding.failed", None, None)]
    assert found[0].params["tried"] == "utf-8"
    assert tally_file("gbk_ballots.csv", encoding="gbk")[1].encoding == "gbk"


def test_undecodable_file() -> None:
    (problem,) = problems("undecodable.csv")
    assert problem.message_id == "encoding.failed"
    assert problem.params["tried"] == "utf-8, gb18030"


def test_ambiguous_zero_mark() -> None:
    found = problems("ambiguous_zero_mark.csv")
    assert keys(found) == [("tally.mark.zero", 2, "C (王建国)")]
    assert found[0].value == "0"


def test_unknown_marks_are_all_reported() -> None:
    found = problems("unknown_mark.csv")
    assert keys(found) == [
        ("tally.mark.unknown", 2, "C (王建国)"),
        ("tally.mark.unknown", 3, "B (丁一)"),
    ]
    assert [p.value for p in found] == ["✗", "?"]


def test_duplicate_ballot_numbers_name_the_first_row() -> None:
    found = problems("duplicate_ballot.csv")
    assert keys(found) == [("tally.ballot.duplicate", 4, "A (选票编号)")]
    assert (found[0].value, found[0].params["first"]) == ("0017", 2)
    found = problems("duplicate_ballot_text.csv")
    assert keys(found) == [("tally.ballot.duplicate", 3, "A (选票编号)")]


def test_unknown_candidate_column() -> None:
    found = problems("unknown_candidate_column.csv")
    assert keys(found) == [("tally.column.unknown", 1, "E (张三)")]


def test_missing_candidate_column() -> None:
    found = problems("missing_candidate_column.csv")
    assert keys(found) == [("tally.column.missing", 1, None)]
    assert found[0].params["names"] == Text(zh="李春", en="李春")


def test_lists_in_problems_read_in_either_language(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "two.xlsx", [["选票编号", "丁一", "王建国", "李春"], [1, 1, 1, None]])
    (found,) = problems(str(path), sheet="Sheet9")
    assert t(found.message_id, "zh", **found.params).endswith("现有：计票")
    missing = tmp_path / "missing.csv"
    missing.write_text("选票编号,丁一\n1,○\n", encoding="utf-8")
    (found,) = problems(str(missing))
    assert "王建国、李春" in t(found.message_id, "zh", **found.params)
    assert "王建国, 李春" in t(found.message_id, "en", **found.params)


def test_duplicate_column() -> None:
    assert keys(problems("duplicate_column.csv")) == [("tally.column.duplicate", 1, "E (丁 一)")]


def test_wrong_number_of_cells() -> None:
    found = problems("wrong_cell_count.csv")
    assert keys(found) == [("tally.row.cells", 3, None), ("tally.row.cells", 4, None)]
    assert (found[0].params["got"], found[0].params["expected"]) == (3, 6)


def test_cells_beyond_the_header() -> None:
    assert keys(problems("extra_cells.csv")) == [("tally.row.extra_cells", 3, "G")]


def test_unlabeled_column_with_content() -> None:
    assert keys(problems("unlabeled_column.csv")) == [("tally.row.unlabeled", 3, "C")]


def test_missing_ballot_number() -> None:
    assert keys(problems("missing_ballot_number.csv")) == [
        ("tally.ballot.missing", 2, "A (选票编号)")
    ]


def test_total_row() -> None:
    assert keys(problems("total_row.csv")) == [("tally.ballot.total_row", 3, "A (选票编号)")]


def test_void_column_saying_no() -> None:
    assert keys(problems("void_says_no.csv")) == [("tally.void.negative", 2, "F (废票)")]


def test_write_in_with_only_a_mark_or_an_oppose() -> None:
    assert keys(problems("write_in_only_mark.csv")) == [
        ("tally.write_in.no_name", 2, "E (另选他人)")
    ]
    assert keys(problems("write_in_oppose.csv")) == [("tally.write_in.oppose", 2, "E (另选他人)")]


def test_no_header_row() -> None:
    assert keys(problems("no_header.csv")) == [("tally.no_header", None, None)]


def test_every_problem_of_a_file_in_one_pass() -> None:
    found = problems("many_problems.csv")
    assert keys(found) == [
        ("tally.mark.zero", 2, "B (丁一)"),
        ("tally.mark.unknown", 3, "C (王建国)"),
        ("tally.void.negative", 5, "F (废票)"),
        ("tally.row.cells", 6, None),
        ("tally.ballot.duplicate", 4, "A (选票编号)"),
    ]
    assert found[-1].params["first"] == 2


def test_over_votes_and_write_ins_from_a_file() -> None:
    result, _ = tally_file("over_vote.csv")
    assert [(b.ballot, b.agreed) for b in result.invalid_ballots] == [("1", 3), ("2", 3)]
    assert result.valid == 2  # 3: 王建国 written in and already agreed; 4: 丁一 and 张三


def test_missing_file_and_unknown_type(tmp_path: Path) -> None:
    assert keys(problems("nowhere.csv")) == [("file.not_found", None, None)]
    odd = tmp_path / "ballots.pdf"
    odd.write_bytes(b"%PDF")
    contest, _ = load_contest(DATA / "contest.yaml")
    with pytest.raises(InputError) as info:
        read_ballots(odd, contest, lambda *a: None)
    assert info.value.problems[0].message_id == "table.unknown_type"
    with pytest.raises(InputError) as info:
        read_ballots(DATA / "good.csv", contest, lambda *a: None, sheet="Sheet1")
    assert info.value.problems[0].message_id == "table.sheet_on_csv"


def test_problem_list_is_capped(tmp_path: Path) -> None:
    path = tmp_path / "all_bad.csv"
    path.write_text(
        "选票编号,丁一,王建国,李春\n" + "".join(f"{i},0,0,0\n" for i in range(1, 501)),
        encoding="utf-8",
    )
    contest, _ = load_contest(DATA / "contest.yaml")
    with pytest.raises(InputError) as info:
        read_ballots(path, contest, lambda *a: None)
    found = info.value.problems
    assert len(found) == 1001
    assert found[-1].message_id == "tally.more_problems" and found[-1].params["count"] == 500


def xlsx(path: Path, rows: list[list[Any]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "计票"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_excel_ballots_with_number_cells(tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "ballots.xlsx",
        [
            ["选票编号", "丁一", "王建国", "李春", "另选他人"],
            [1, 1, 1, None, None],
            [2, "○", None, "×", "王建囯"],
            [3, None, None, None, None],
        ],
    )
    result, source = tally_file(str(path), sheet="计票")
    assert (source.encoding, source.sheet) == (None, "计票")
    assert result.valid == 3
    assert {r.name: r.agree for r in result.results}["王建国"] == 2


def test_excel_zero_and_unknown_sheet(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "zero.xlsx", [["选票编号", "丁一", "王建国", "李春"], [1, 0, 1, None]])
    assert keys(problems(str(path))) == [("tally.mark.zero", 2, "B (丁一)")]
    assert keys(problems(str(path), sheet="Sheet9")) == [("table.no_such_sheet", None, None)]


def test_utf16_without_bom_is_an_input_error() -> None:
    assert keys(problems("good.csv", encoding="utf-16")) == [("encoding.failed", None, None)]


def test_candidate_columns_in_any_order(tmp_path: Path) -> None:
    path = tmp_path / "shuffled.csv"
    path.write_text(
        "废票,李春,选票编号,王建国,另选他人,丁一\n,,1,○,,×\n,○,2,,,○\n", encoding="utf-8"
    )
    result, _ = tally_file(str(path))
    counts = {r.name: (r.agree, r.oppose) for r in result.results}
    assert counts == {"丁一": (1, 1), "王建国": (1, 0), "李春": (1, 0)}
