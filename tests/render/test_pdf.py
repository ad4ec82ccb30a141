"""Reports rendered for real: WeasyPrint with the Noto CJK font, read back with poppler. These
tools are installed by `make test` (scripts/system-deps.sh): a missing one fails the test, it is
never skipped. The layout of every report, and the same HTML printed by headless Chromium, are
checked in test_layout.py."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from electkit.cli.main import app
from electkit.core.errors import InputError
from electkit.io.roster import read_roster
from electkit.render.pdf import missing_glyphs, write_pdf
from tests.helpers import EXAMPLES

runner = CliRunner()
ELECTION = str(EXAMPLES / "election.yaml")
SETUP = "install it with: bash scripts/system-deps.sh (make test does)"


def tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is missing; {SETUP}"
    return path


@pytest.fixture(scope="module")
def audit_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("audit")
    files = {}
    for suffix in ("pdf", "html"):
        target = out / f"audit.{suffix}"
        result = runner.invoke(
            app,
            [
                "report",
                "audit",
                ELECTION,
                "-d",
                str(EXAMPLES / "delegates.xlsx"),
                "--slate",
                str(EXAMPLES / "committee.xlsx"),
                "--contest",
                "committee",
                "-o",
                str(target),
                "--lang",
                "zh",
            ],
        )
        assert result.exit_code == 0, result.stderr
        files[suffix] = target
    return files


def test_pdf_text_has_every_delegate_and_the_counts(audit_files: dict[str, Path]) -> None:
    text = subprocess.run(
        [tool("pdftotext"), "-layout", str(audit_files["pdf"]), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = re.sub(r"\s+", "", text)
    lines = [re.sub(r"\s+", "", line) for line in text.splitlines()]
    for person in read_roster(EXAMPLES / "delegates.xlsx").persons:
        # a name (范　萍敏 keeps its full-width space) is on its person's line of the table
        assert any(person.name_key in line for line in lines), person.name
    # the workbook's 1978.1 cells are text: no "January or October?" warnings (issue 12)
    assert "代表资格审查报告" in flat and "共150人；错误3项，提醒2项" in flat
    assert "妇女代表33名，占22%" in flat
    assert "审查小组组长(签字)" in flat


def test_the_example_audit_prints_without_overlap(audit_files: dict[str, Path]) -> None:
    from tests.pdf_layout import layout_problems

    assert layout_problems(audit_files["pdf"], margin_mm=16) == []


def test_pdf_uses_only_the_cjk_fonts(audit_files: dict[str, Path]) -> None:
    fonts = subprocess.run(
        [tool("pdffonts"), str(audit_files["pdf"])], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    names = {line.split()[0].split("+")[-1] for line in fonts if line.strip()}
    assert names and all(name.startswith("Noto-Serif-CJK-SC") for name in names), names


def test_page_renders_to_ink(audit_files: dict[str, Path], tmp_path: Path) -> None:
    from PIL import Image

    subprocess.run(
        [
            tool("pdftoppm"),
            "-r",
            "40",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            str(audit_files["pdf"]),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    with Image.open(next(tmp_path.glob("page*.png"))) as page:
        dark = sum(page.convert("L").histogram()[:128])
    assert dark > 500  # text was drawn, the page is not blank


def test_missing_glyph_fails_naming_the_characters(tmp_path: Path) -> None:
    document = "<html><body><p>王芳 𓀀 ✗</p></body></html>"
    lacking = missing_glyphs(document)
    assert "𓀀" in lacking["Noto Serif CJK SC"] and "✗" in lacking["Noto Serif CJK SC"]
    with pytest.raises(InputError) as caught:
        write_pdf(document, tmp_path / "x.pdf")
    problem = caught.value.problems[0]
    assert problem.message_id == "pdf.missing_glyphs" and "U+13000" in str(problem.params["chars"])
    assert not (tmp_path / "x.pdf").exists()
