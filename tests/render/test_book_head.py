"""The head written down outside the book: on the result report and the board, text and QR code.

The QR codes are read back with a real decoder (zxing-cpp) from the PDF page rendered by poppler
and from the board's text as a terminal shows it, and what they hold is what ``book verify
--head`` then accepts.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from electkit.render.qr import qr_lines
from tests.book_helpers import TALLY, book, open_book, runner
from tests.helpers import require_tool


def decode(image: Image.Image) -> list[str]:
    import zxingcpp

    return [r.text for r in zxingcpp.read_barcodes(image)]


@pytest.fixture(scope="module")
def counted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A book of one contest counted officially (single entry): the book and the count's head."""
    run = runner()
    path = open_book(run, tmp_path_factory.mktemp("head") / "b.book", TALLY / "committee.yaml")
    book(run, "import", str(path), str(TALLY / "committee.csv"), "--clerk", "甲")
    code, out, err = book(run, "count", str(path), "--single-entry", "-f", "json")
    assert code == 0, err
    return path, str(json.loads(out)["book_head"])


def text_to_image(lines: list[str], half: bool) -> Image.Image:
    """Paint text QR lines as a terminal shows them: dark blocks on a light background."""
    rows: list[list[int]] = []
    for line in lines:
        if half:
            top = [1 if ch in "█▀" else 0 for ch in line]
            bottom = [1 if ch in "█▄" else 0 for ch in line]
            rows += [top, bottom]
        else:
            rows.append([1 if line[i : i + 2] == "██" else 0 for i in range(0, len(line), 2)])
    scale, width = 8, max(len(r) for r in rows)
    image = Image.new("L", ((width + 8) * scale, (len(rows) + 8) * scale), 255)
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                image.paste(0, ((x + 4) * scale, (y + 4) * scale, (x + 5) * scale, (y + 5) * scale))
    return image


@pytest.mark.parametrize(("encoding", "half"), [("utf-8", True), ("gbk", False)])
def test_the_text_qr_code_reads_back_in_the_consoles_encoding(encoding: str, half: bool) -> None:
    head = "ee153617df80b7510ab6620739d63dcf09d52cf5f9444ecb3c43d4d42a4b70e5"
    lines = qr_lines(head, encoding)
    "\n".join(lines).encode(encoding)  # printable on that console
    assert ("▀" in "".join(lines)) is half
    assert decode(text_to_image(lines, half)) == [head.upper()]


def test_the_board_shows_the_official_counts_head_in_full_and_as_qr(
    counted: tuple[Path, str],
) -> None:
    path, head = counted
    code, out, _ = book(runner(), "board", str(path), "--once", "--lang", "en")
    grouped = " ".join(head[i : i + 8] for i in range(0, 64, 8))
    assert code == 0 and "counted officially" in out and grouped in out
    lines = [line.split("│")[1].rstrip() for line in out.splitlines() if "▀" in line or "▄" in line]
    width = max(len(line) for line in lines)
    assert decode(text_to_image([line.ljust(width) for line in lines], half=True)) == [head.upper()]


def test_the_pdf_result_report_carries_the_head_as_text_and_qr(
    counted: tuple[Path, str], tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from electkit.cli.main import app

    path, head = counted
    pdf = tmp_path / "result.pdf"
    args = ["report", "result", "--book", str(path), "--single-entry", "-o", str(pdf)]
    result = CliRunner().invoke(app, [*args, "--lang", "zh"])
    assert result.exit_code == 0, result.output
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert " ".join(head[i : i + 8] for i in range(0, 48, 8)) in text  # grouped, as printed
    subprocess.run(
        [
            require_tool("pdftoppm", "poppler-utils"),
            "-r",
            "100",
            "-png",
            str(pdf),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    found = [t for page in sorted(tmp_path.glob("page*.png")) for t in decode(Image.open(page))]
    assert found == [head.upper()]
    # what the camera read is what verify takes
    code, _, _ = book(runner(), "verify", str(path), "--head", found[0])
    assert code == 0
    html = tmp_path / "result.html"
    args[-1] = str(html)
    assert CliRunner().invoke(app, args).exit_code == 0
    assert "<svg" in html.read_text(encoding="utf-8")
