"""A seeded mutator over the example files: what a clumsy hand, a broken export or a hostile
sender makes of a roster, a slate, a ballot file, a contest or an election file.

Each mutation is a pure function of (data, random generator): the same seed gives the same
inputs on every machine, so a failure in CI is replayed exactly with ``ELECTKIT_FUZZ_SEED``.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable

# values people and programs really put into cells, and hostile ones
JUNK = [
    "",
    " ",
    "合计",
    "注：",
    '=HYPERLINK("http://x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "\x1b[2J\x1b[31m当选",
    "\u202e王五",
    "\x00",
    "\r\n",
    "1" * 5000,
    "-1",
    "1e309",
    "nan",
    "１９８５．０３",
    "1985.13",
    "0000-00-00",
    "2006-02-30",
    "9" * 20,
    "○○",
    "×",
    "√",
    "废票",
    "是",
    "男女",
    "𠀀𪚥",
    "😀",
    "a,b",
    '"',
    "'",
    "\\",
    "{{x}}",
    "<script>alert(1)</script>",
    "[red]当选[/red]",
    "中共预备党员",
    "留党察看二年",
    "11010519491231002X",
    "530325194801138971",
    "&nbsp;",
    "%s%n",
    "\t",
    "NULL",
    "true",
    "~",
    "- - -",
    "x" * 300,
]
YAML_JUNK = [
    "-1",
    "0",
    "1" * 5000,
    "1e309",
    ".nan",
    "~",
    "[]",
    "{}",
    "[1, [2, [3]]]",
    '"\\x1b[2J"',
    "!!python/object/apply:os.system ['true']",
    "&a [*a]",
    "*undefined",
    "2006-02-30",
    "'合计'",
    "|\n  multi\n  line",
    "yes",
    "no",
    "0x1F",
    "1_000",
    '"' + "长" * 500 + '"',
]

Mutation = Callable[[bytes, random.Random], bytes]


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    """A few bytes changed at random (a bad disk, a bad transfer)."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        if out:
            out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    """The file cut off at a random byte (a copy interrupted)."""
    return data[: rng.randrange(len(data) + 1)]


def drop_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    if len(lines) > 1:
        del lines[rng.randrange(len(lines))]
    return b"\n".join(lines)


def duplicate_line(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    at = rng.randrange(len(lines))
    lines.insert(at, lines[at])
    return b"\n".join(lines)


def swap_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return b"\n".join(lines)


def as_gbk(data: bytes, rng: random.Random) -> bytes:
    """The same text saved by Excel on Chinese Windows (GBK, or GB18030 where GBK lacks it)."""
    text = data.decode("utf-8-sig", "replace")
    return text.encode(rng.choice(["gbk", "gb18030"]), "replace")


def with_bom(data: bytes, rng: random.Random) -> bytes:
    return b"\xef\xbb\xbf" + data


def crlf(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b"\n", b"\r\n")


def cell(data: bytes, rng: random.Random) -> bytes:
    """One CSV cell replaced by a junk value (quoted when it needs to be)."""
    import csv

    text = data.decode("utf-8-sig", "replace")
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return data
    row = rng.randrange(len(rows))
    if rows[row]:
        rows[row][rng.randrange(len(rows[row]))] = rng.choice(JUNK)
    else:
        rows[row].append(rng.choice(JUNK))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def column(data: bytes, rng: random.Random) -> bytes:
    """A column dropped or added, on every row (a header renamed, an export with extra fields)."""
    import csv

    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig", "replace"))))
    if not rows or not rows[0]:
        return data
    at = rng.randrange(len(rows[0]) + 1)
    if rng.random() < 0.5 and at < len(rows[0]):
        rows = [r[:at] + r[at + 1 :] for r in rows]
    else:
        value = rng.choice(JUNK)
        rows = [[*r[:at], value, *r[at:]] for r in rows]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def yaml_value(data: bytes, rng: random.Random) -> bytes:
    """One YAML value replaced by a junk one (a typo, a wrong type, a hostile tag)."""
    lines = _lines(data)
    candidates = [
        i for i, line in enumerate(lines) if b": " in line and not line.lstrip().startswith(b"#")
    ]
    if not candidates:
        return data
    i = rng.choice(candidates)
    key = lines[i].split(b": ", 1)[0]
    lines[i] = key + b": " + rng.choice(YAML_JUNK).encode("utf-8")
    return b"\n".join(lines)


def yaml_key(data: bytes, rng: random.Random) -> bytes:
    """A key renamed, duplicated or indented wrongly."""
    lines = _lines(data)
    i = rng.randrange(len(lines))
    choice = rng.randrange(3)
    if choice == 0:
        lines[i] = b"  " + lines[i]
    elif choice == 1:
        lines.insert(i, lines[i])
    else:
        lines[i] = lines[i].replace(b":", b"_x:", 1)
    return b"\n".join(lines)


TEXT: list[Mutation] = [
    cell,
    cell,
    cell,
    column,
    drop_line,
    duplicate_line,
    swap_lines,
    truncate,
    flip_bytes,
    as_gbk,
    with_bom,
    crlf,
]
YAML: list[Mutation] = [
    yaml_value,
    yaml_value,
    yaml_value,
    yaml_key,
    drop_line,
    duplicate_line,
    truncate,
    flip_bytes,
    as_gbk,
    with_bom,
]


def xlsx_cells(data: bytes, rng: random.Random) -> bytes:
    """Cells of a real workbook changed through openpyxl: junk text, numbers, dates, formulas."""
    import datetime as dt

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[rng.randrange(len(book.worksheets))]
    values: list[object] = [
        *JUNK,
        0,
        -1,
        1.5,
        10**20,
        dt.datetime(1900, 1, 1),
        dt.date(2006, 3, 20),
        True,
        None,
    ]
    for _ in range(rng.randint(1, 5)):
        row = rng.randint(1, max(sheet.max_row, 1) + 2)
        col = rng.randint(1, max(sheet.max_column, 1) + 1)
        value = rng.choice(values)
        if isinstance(value, str):
            value = "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 32)  # what XML holds
        sheet.cell(row=row, column=col, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_bytes(data: bytes, rng: random.Random) -> bytes:
    """The zip itself damaged: bytes flipped or the file cut short."""
    return rng.choice([flip_bytes, truncate])(data, rng)


XLSX: list[Mutation] = [xlsx_cells, xlsx_cells, xlsx_cells, xlsx_bytes]


def mutate(data: bytes, kinds: list[Mutation], rng: random.Random) -> tuple[bytes, list[str]]:
    """One to three mutations in a row; the data and the names of what was done."""
    done = []
    for _ in range(rng.randint(1, 3)):
        mutation = rng.choice(kinds)
        try:
            data = mutation(data, rng)
        except Exception:  # an earlier mutation made it unreadable for this one: keep it so
            continue
        done.append(mutation.__name__)
    return data, done
