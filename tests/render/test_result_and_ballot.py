from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from electkit.cli.main import app
from electkit.core.strokes import sort_names
from tests.helpers import EXAMPLES
from tests.render.test_pdf import tool

runner = CliRunner(env={"ELECTKIT_LANG": "en"})  # these tests read English
TALLY = EXAMPLES / "tally"


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.stderr
    return result.stdout


def pdf_layout(path: Path) -> str:
    return subprocess.run(
        [tool("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_text(path: Path) -> str:
    return re.sub(r"\s+", "", pdf_layout(path))


def test_result_report_pdf_has_the_counts_and_the_stamp(tmp_path: Path) -> None:
    out = tmp_path / "result.pdf"
    invoke(
        "report",
        "result",
        str(TALLY / "discipline.yaml"),
        str(TALLY / "discipline.csv"),
        "-o",
        str(out),
        "--lang",
        "zh",
    )
    text = pdf_text(out)
    data = json.loads(
        invoke(
            "tally",
            "count",
            str(TALLY / "discipline.yaml"),
            str(TALLY / "discipline.csv"),
            "-f",
            "json",
            "--lang",
            "zh",
        )
    )
    layout = pdf_layout(out)
    for row in data["results"]:
        assert re.search(
            rf"{row['name']}\s+{row['agree']}\s+{row['oppose']}\s+{row['abstain']}\s", layout
        ), row
    assert text.startswith("测试/非正式结果")  # the banner on the first page
    pages = int(
        re.search(
            r"^Pages:\s+(\d+)",
            subprocess.run(
                [tool("pdfinfo"), str(out)], capture_output=True, text=True, check=True
            ).stdout,
            re.M,
        ).group(1)
    )
    assert pages >= 2
    for page in range(1, pages + 1):  # the rotated stamp on every page (extracted out of order)
        one = subprocess.run(
            [tool("pdftotext"), "-f", str(page), "-l", str(page), str(out), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert set("测试非正式结果") <= set(one), page
    assert "总监票人(签字)" in text and "计票人(签字)" in text
    elected = "、".join(sort_names(data["elected"])[0])
    assert f"当选人(按姓氏笔画为序)：{elected}" in text


def test_result_report_official_json_and_csv(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    invoke(
        "report",
        "result",
        str(TALLY / "county_delegates.yaml"),
        str(TALLY / "county_delegates.csv"),
        "-o",
        str(out),
        "--official",
        "--lang",
        "en",
    )
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["official"] is True and data["status"] == "shortfall"
    assert data["elected_in_stroke_order"] == sort_names(data["elected"])[0]
    html = tmp_path / "result.html"
    invoke(
        "report",
        "result",
        str(TALLY / "county_delegates.yaml"),
        str(TALLY / "county_delegates.csv"),
        "-o",
        str(html),
        "--official",
        "--lang",
        "en",
    )
    assert "OFFICIAL" in html.read_text(encoding="utf-8") and "UNOFFICIAL" not in html.read_text(
        encoding="utf-8"
    )
    out_csv = tmp_path / "result.csv"
    invoke(
        "report",
        "result",
        str(TALLY / "committee.yaml"),
        str(TALLY / "committee.csv"),
        "-o",
        str(out_csv),
    )
    rows = list(csv.reader(io.StringIO(out_csv.read_text(encoding="utf-8-sig"))))
    assert "TEST" in rows[1][0]  # a count from files is a test unless --official
    assert any(r[:1] == ["SHA-256"] or (len(r) == 3 and len(r[2]) == 64) for r in rows)
    rows = rows[rows.index([]) + 1 :]  # the candidates' table follows the header block
    assert len(rows) == 1 + len(
        json.loads(
            invoke(
                "tally",
                "count",
                str(TALLY / "committee.yaml"),
                str(TALLY / "committee.csv"),
                "-f",
                "json",
            )
        )["results"]
    )


def test_written_in_script_is_escaped(tmp_path: Path) -> None:
    contest = tmp_path / "c.yaml"
    contest.write_text(
        "contest: 委员\nseats: 1\nentitled: 3\npresent: 3\ncandidates: [丁一, 于二]\n",
        encoding="utf-8",
    )
    ballots = tmp_path / "b.csv"
    ballots.write_text(
        "选票编号,丁一,于二,另选1\n1,,,<img src=x onerror=alert(1)>\n2,○,,\n3,○,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "r.html"
    invoke("report", "result", str(contest), str(ballots), "-o", str(out))
    html = out.read_text(encoding="utf-8")
    assert "<img" not in html and "&lt;imgsrc=xonerror=alert(1)&gt;" in html


def test_ballot_pages_order_and_marks(tmp_path: Path) -> None:
    out = tmp_path / "ballot.pdf"
    invoke("ballot", str(TALLY / "committee.yaml"), "-o", str(out), "--copies", "3", "--lang", "zh")
    info = subprocess.run(
        [tool("pdfinfo"), str(out)], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"^Pages:\s+3$", info, re.M)
    text = pdf_text(out)
    candidates = [
        "丁建平",
        "于红梅",
        "王志刚",
        "石丽娟",
        "刘德兴",
        "李春华",
        "周海燕",
        "赵文林",
        "徐明辉",
        "黄桂兰",
        "董国强",
    ]
    lines = pdf_layout(out).splitlines()
    positions = [
        next(i for i, line in enumerate(lines) if re.sub(r"\s", "", line).startswith(name))
        for name in candidates
    ]
    assert positions == sorted(positions)  # surname-stroke order, one row each
    assert "测试选票·无效" in text and "另选他人" in text and "多于应选人数9名的，选票无效" in text
    assert "页" not in text  # no page numbers: nothing may tell one copy from another
    official = tmp_path / "official.html"
    invoke(
        "ballot", str(TALLY / "committee.yaml"), "-o", str(official), "--official", "--lang", "zh"
    )
    assert "测试选票" not in official.read_text(encoding="utf-8")


def test_numbered_ballots_only_where_the_rules_allow(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "ballot",
            str(TALLY / "committee.yaml"),
            "-o",
            str(tmp_path / "b.html"),
            "--numbered",
            "--lang",
            "zh",
        ],
    )
    assert result.exit_code == 2 and "不得编号或作任何记号" in result.stderr
    rules = tmp_path / "numbered.yaml"
    rules.write_text(
        "name: numbered\ntitle: {zh: 可编号, en: numbered}\nextends: fuyuan-2006\n"
        "rules:\n  - {code: TL-NOMARK, params: {numbered: true}}\n",
        encoding="utf-8",
    )
    contest = tmp_path / "c.yaml"
    text = (TALLY / "committee.yaml").read_text(encoding="utf-8")
    contest.write_text(re.sub(r"(?m)^rules:.*$", f"rules: {rules}", text), encoding="utf-8")
    out = tmp_path / "n.html"
    invoke("ballot", str(contest), "-o", str(out), "--numbered", "--copies", "12")
    html = out.read_text(encoding="utf-8")
    assert "001" in html and "012" in html


@pytest.mark.parametrize("suffix", ["docx", "csv"])
def test_ballot_formats(tmp_path: Path, suffix: str) -> None:
    result = runner.invoke(
        app, ["ballot", str(TALLY / "committee.yaml"), "-o", str(tmp_path / f"b.{suffix}")]
    )
    assert result.exit_code == 2


def test_result_report_from_a_counting_book(tmp_path: Path) -> None:
    book = tmp_path / "q.book"
    invoke("book", "open", str(book), str(TALLY / "committee.yaml"))
    for clerk in ("张丽", "李强"):
        invoke(
            "book",
            "import",
            str(book),
            str(TALLY / "committee.csv"),
            "--contest",
            "委员",
            "--clerk",
            clerk,
        )
    out = tmp_path / "result.json"
    invoke("report", "result", "--book", str(book), "--contest", "委员", "-o", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["official"] is True and len(data["book_head"]) == 64
    direct = json.loads(
        invoke(
            "tally",
            "count",
            str(TALLY / "committee.yaml"),
            str(TALLY / "committee.csv"),
            "-f",
            "json",
        )
    )
    assert data["results"] == direct["results"] and data["elected"] == direct["elected"]
    html = tmp_path / "result.html"
    invoke(
        "report",
        "result",
        "--book",
        str(book),
        "--contest",
        "委员",
        "-o",
        str(html),
        "--lang",
        "zh",
    )
    text = html.read_text(encoding="utf-8")
    head = data["book_head"]
    grouped = " ".join(head[i : i + 8] for i in range(0, 64, 8))
    assert "正式结果" in text and grouped in text and "非正式" not in text
    # one teller only: blocked (exit 3) unless single entry is stated
    single = tmp_path / "s.book"
    invoke("book", "open", str(single), str(TALLY / "committee.yaml"))
    invoke(
        "book",
        "import",
        str(single),
        str(TALLY / "committee.csv"),
        "--contest",
        "委员",
        "--clerk",
        "张丽",
    )
    blocked = runner.invoke(
        app,
        [
            "report",
            "result",
            "--book",
            str(single),
            "--contest",
            "委员",
            "-o",
            str(tmp_path / "b.json"),
        ],
    )
    assert blocked.exit_code == 3
    invoke(
        "report",
        "result",
        "--book",
        str(single),
        "--contest",
        "委员",
        "-o",
        str(tmp_path / "u.json"),
        "--unofficial",
    )
    assert json.loads((tmp_path / "u.json").read_text(encoding="utf-8"))["official"] is False


def test_markdown_report_has_every_section_of_the_printed_one(tmp_path: Path) -> None:
    out = tmp_path / "result.md"
    args = [str(TALLY / "county_delegates.yaml"), str(TALLY / "county_delegates.csv")]
    invoke("report", "result", *args, "-o", str(out), "--lang", "zh")
    text = out.read_text(encoding="utf-8")
    for part in ("依据", "无效票", "SHA-256", "总监票人(签字)", "计票人(签字)", "会议采用的办法"):
        assert part in text, part
    en = tmp_path / "result.html"
    invoke("report", "result", *args, "-o", str(en), "--lang", "en")
    html = en.read_text(encoding="utf-8")
    assert "Generated: " in html and "Source: " in html and "Elected (in" in html
    assert not re.search(r"(Generated|Source|Elected[^<]*|signature\))：", html)


def test_a_report_never_replaces_its_own_input(tmp_path: Path) -> None:
    import shutil

    ballots = tmp_path / "committee.csv"
    shutil.copy(TALLY / "committee.csv", ballots)
    before = ballots.read_bytes()
    result = runner.invoke(
        app,
        ["report", "result", str(TALLY / "committee.yaml"), str(ballots), "-o", str(ballots)],
    )
    assert result.exit_code == 2 and "inputs" in result.stderr
    assert ballots.read_bytes() == before
    book = tmp_path / "q.book"
    invoke("book", "open", str(book), str(TALLY / "committee.yaml"))
    invoke("book", "import", str(book), str(ballots), "-c", "委员", "--clerk", "张丽")
    kept = book.read_bytes()
    args = ["report", "result", "--book", str(book), "--unofficial", "-f", "html"]
    result = runner.invoke(app, [*args, "-o", str(book)])
    assert result.exit_code == 2 and book.read_bytes() == kept
    # one contest in the book: --contest may be left out
    invoke(*args, "-o", str(tmp_path / "r.html"))


def test_an_unknown_language_is_a_usage_error() -> None:
    result = runner.invoke(app, ["rules", "list", "--lang", "fr"])
    assert result.exit_code == 2 and "zh or en" in result.stderr
    assert runner.invoke(app, ["rules", "list", "--lang", "zh_CN"]).exit_code == 0
