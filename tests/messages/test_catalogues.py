"""Every message exists in zh and en with the same placeholders; tally ids used in code exist."""

from __future__ import annotations

import importlib
import re
import string
from pathlib import Path

import pytest

from electkit.messages import AREAS, catalogue, t

SRC = Path(__file__).resolve().parent.parent.parent / "src" / "electkit"


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("area", AREAS)
def test_zh_and_en_have_the_same_keys_and_placeholders(area: str) -> None:
    module = importlib.import_module(f"electkit.messages.{area}")
    assert set(module.ZH) == set(module.EN)
    for key in module.ZH:
        assert placeholders(module.ZH[key]) == placeholders(module.EN[key]), key


def test_every_tally_message_id_in_the_code_exists() -> None:
    used: set[str] = set()
    for path in [
        *SRC.glob("core/*.py"),
        *SRC.glob("io/*.py"),
        *SRC.glob("cli/*.py"),
        *SRC.glob("render/*.py"),
    ]:
        used |= set(
            re.findall(r'"(tally\.[a-z_]+(?:\.[a-z_]+)+)"', path.read_text(encoding="utf-8"))
        )
    # ids built at run time
    used |= {f"tally.status.{s}" for s in ("complete", "tie", "shortfall", "void", "no_quorum")}
    used |= {f"tally.next.no_quorum.{m}" for m in ("more_than", "at_least")}
    used |= {"tally.note.boundary.at_least.met", "tally.note.boundary.more_than.not_met"}
    used |= {f"tally.ui.threshold.{b}" for b in ("entitled", "present")}
    used |= {f"tally.ui.round.{f}" for f in ("tie", "shortfall")}
    used |= {
        f"tally.ui.{k}"
        for k in ("seats", "entitled", "present", "issued", "returned", "valid", "invalid")
    }
    used |= {
        f"tally.ui.{k}" for k in ("rank", "name", "agree", "oppose", "abstain", "passes", "outcome")
    }
    used |= {
        f"tally.ui.{k}" for k in ("written", "counted_as", "ballots", "ballot", "valid", "how")
    }
    assert len(used) > 60
    for lang in ("zh", "en"):
        missing = sorted(k for k in used if k not in catalogue(lang))
        assert not missing, (lang, missing)


def test_every_candidate_qualification_message_id_is_written_out() -> None:
    """CQ-* message ids are literals in the code (a test can list them) and all exist."""
    used: set[str] = set()
    for path in SRC.glob("core/**/*.py"):
        text = path.read_text(encoding="utf-8")
        assert 'f"cq.' not in text, path
        used |= set(re.findall(r'"(cq\.[a-z_]+(?:\.[a-z_]+)*)"', text))
    relaxed = {f"cq.relaxed.{r}" for r in ("women", "minority", "both", "unknown")}
    assert relaxed <= used
    for lang in ("zh", "en"):
        missing = sorted(k for k in used if k not in catalogue(lang))
        assert not missing, (lang, missing)


def test_pre_election_variants_have_a_base_message() -> None:
    for lang in ("zh", "en"):
        for key in catalogue(lang):
            if key.endswith(".pre"):
                assert key.removesuffix(".pre") in catalogue(lang), key


def test_english_summary_agrees_in_number() -> None:
    assert t("ui.summary", "en", people=1, errors=1, warnings=1) == "1 person; 1 error, 1 warning"
    assert t("ui.summary", "en", people=2, errors=0, warnings=3) == "2 people; 0 errors, 3 warnings"
    assert t("ui.summary", "zh", people=1, errors=1, warnings=0) == "共1人；错误1项，提醒0项"


# the message families a printed form (audit, result report, ballot) prints
FORM_FAMILIES = (
    *("report.", "ballot.ui.", "ballot.how.", "ballot.title", "ballot.seats", "ballot.test"),
    *("nc.", "el.", "dl.", "cs.", "cq.", "in.", "dev.", "lint.", "val.", "quality.", "code."),
    *("tally.note.", "tally.next.", "tally.status.", "tally.invalid.", "tally.ui."),
    "book.count.broken_note",
)
# messages of those families that only the terminal prints: command-line errors, and `plan`
# (a planning aid, not a form) saying which command does what it does not
TERMINAL_ONLY = ("report.bad_format", "nc.plan.")
COMMAND = re.compile(
    r"--[a-z]|\belectkit (?:check|book|tally|report|rules|ballot|plan|allocate|template|sort)\b"
    r"|\b(?:check (?:slate|delegates)|book (?:verify|diff|count|import|enter|open)|tally count)\b"
)


def test_forms_carry_no_command_lines() -> None:
    """What to type next is said in the terminal (render.common.COMMAND_HINTS), never on a form."""
    from electkit.render.common import COMMAND_HINTS

    for lang in ("zh", "en"):
        for key, text in catalogue(lang).items():
            if key.startswith(FORM_FAMILIES) and not key.startswith(TERMINAL_ONLY):
                assert not COMMAND.search(text), (lang, key, text)
        for hint in COMMAND_HINTS.values():
            assert hint in catalogue(lang) and not hint.startswith(FORM_FAMILIES)


@pytest.mark.parametrize(
    ("environ", "lang"),
    [
        ({}, "zh"),  # nothing set: a fresh server, a container, CI
        ({"LANG": "C"}, "zh"),
        ({"LANG": "C.UTF-8"}, "zh"),
        ({"LC_ALL": "POSIX"}, "zh"),
        ({"LANG": "C.utf8", "LANGUAGE": "en_US"}, "zh"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8", "ELECTKIT_LANG": "en"}, "en"),
    ],
)
def test_a_locale_that_names_no_language_gives_chinese(environ: dict[str, str], lang: str) -> None:
    from electkit.messages import detect_lang

    assert detect_lang(None, environ) == lang
    assert detect_lang("en", environ) == "en"
