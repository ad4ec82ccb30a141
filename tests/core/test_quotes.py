"""Every clause a county rule set quotes is in the seed document, character for character."""

from __future__ import annotations

from pathlib import Path

import pytest

from electkit.io.rules_loader import load_ruleset

SEED = (Path(__file__).resolve().parent.parent / "data" / "seed" / "seed-2-6.txt").read_text(
    encoding="utf-8"
)
TEXT = SEED.replace("\n", "")


def _quotes(name: str) -> list[tuple[str, str]]:
    rs = load_ruleset(name)
    out = [
        (code, rule.source.text)
        for code, rule in rs.rules.items()
        if rule.source.quality == "local"
    ]
    out += [("checklist", item.text) for item in rs.checklist]
    return out


@pytest.mark.parametrize("name", ["fuyuan-2006", "zhaotong-2006"])
def test_local_quotes_are_verbatim(name: str) -> None:
    quotes = _quotes(name)
    assert quotes
    for code, text in quotes:
        for part in text.split("…"):  # an ellipsis marks a cut inside the quote
            assert part.strip() in TEXT, f"{name} {code}: {part!r} is not in the seed"


def test_the_seed_quirks_are_kept() -> None:
    assert "《中国共产程》" in TEXT  # a garbled 《中国共产党章程》, not fixed silently
    assert "渔洞乡" in TEXT and "鱼洞乡" in TEXT
