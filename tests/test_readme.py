"""The README and docs/ cannot drift: every console block is the real output of its commands.

Each ```console block is marked ``<!-- run: … -->`` and written by ``make docs``
(scripts/doc_blocks.py); here the same commands run again, the installed ``electkit`` in a
scratch folder (``book enter`` in a pseudo-terminal), and the result must equal the committed
file but for times, hashes and scratch paths.
"""

from __future__ import annotations

import difflib
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.helpers import ROOT


def _doc_blocks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("doc_blocks", ROOT / "scripts" / "doc_blocks.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["doc_blocks"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


DOC_BLOCKS = _doc_blocks()
DOCUMENTS = DOC_BLOCKS.documents()


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_every_console_block_is_generated(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert DOC_BLOCKS.console_blocks_without_marker(lines) == []
    for block in DOC_BLOCKS.parse(lines):
        assert block.commands, f"{path.name}:{block.start + 1}: a generated block runs a command"


@pytest.mark.parametrize(
    "path",
    [p for p in DOCUMENTS if "<!-- run:" in p.read_text(encoding="utf-8")],
    ids=lambda p: p.name,
)
def test_generated_blocks_are_the_output_of_a_real_run(path: Path) -> None:
    committed = path.read_text(encoding="utf-8")
    generated = DOC_BLOCKS.generate(path)  # raises when a command exits otherwise than said
    want, got = DOC_BLOCKS.normalise(committed), DOC_BLOCKS.normalise(generated)
    diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True), n=1))
    assert want == got, f"{path.name} is stale: run `make docs`\n{diff}"


def test_normalising_hides_times_hashes_and_paths_only() -> None:
    norm = DOC_BLOCKS.normalise
    assert norm("更新于 20:38:15 · 账本头 90bf42dec41d") == norm(
        "更新于 09:01:02 · 账本头 0123456789ab"
    )
    assert norm("建立于 2026-11-27T20:38:07.881+00:00") == norm(
        "建立于 2027-01-01T00:00:00.000+08:00"
    )
    assert norm("[#6 2 ms]") == norm("[#6 15 ms]") and norm("[#6 2 ms]") != norm("[#7 2 ms]")
    assert norm("/tmp/electkit-docs-abc12/x") == norm("/tmp/electkit-docs-zz/x")
    assert norm(
        "账本头 709f6355 8d1527be 4f636a37 b930b639 6f27c204 f10b2af7 a94fcda8 dda6a439"
    ) == norm(
        "账本头 3e6dfee1 5b4d9ba6 125881dd 2278a270 fc383e73 952c3544 3600f69c c832f020"
    )  # a head as printed, in groups
    assert norm("新录入 141 张") != norm("新录入 140 张")
    assert norm("530325194801138971") != norm("530325194801138970")  # an ID number is no hash


def test_the_readme_lists_each_page_of_docs_once() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^- \[(docs/[\w.-]+)\]", text, flags=re.M)
    pages = sorted(f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md"))
    assert sorted(listed) == pages


def test_the_readme_names_no_file_that_is_not_there() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in set(re.findall(r"\b(examples/[\w./-]+\.(?:csv|xlsx|yaml))", text)):
        assert (ROOT / name).is_file(), name
