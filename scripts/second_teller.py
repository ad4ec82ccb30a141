"""Derive a second teller's ballot file from the first, with one planted mistake (for make demo).

    python scripts/second_teller.py FIRST.csv SECOND.csv --ballot 017 [--fix FIX.csv]

examples/qingshan/tally/committee-teller2.csv, the second teller 李强's file of the README's
counting-book walkthrough, is this script's output for the example's committee.csv and 017.

SECOND.csv is FIRST.csv with the first candidate's mark on one ballot turned round (○ ↔ ×,
an empty box becomes ×), as a teller mistyping one key would; FIX.csv holds the header and that
ballot's true row, which the second teller imports to correct the entry after ``book diff``.
Both are written as UTF-8 with a BOM; FIRST.csv may be UTF-8 or GB18030.
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

TURNED = {"○": "×", "〇": "×", "√": "×", "×": "○", "": "×"}


def read(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030")
    return list(csv.reader(io.StringIO(text)))


def write(path: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_text("\ufeff" + buffer.getvalue(), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    parser.add_argument("--ballot", required=True, help="the ballot number to mistype")
    parser.add_argument("--fix", type=Path, help="where to write the true row")
    args = parser.parse_args()
    rows = read(args.first)
    header, body = rows[0], rows[1:]
    planted = [row for row in body if row and row[0] == args.ballot]
    if len(planted) != 1:
        raise SystemExit(f"ballot {args.ballot} is not in {args.first} exactly once")
    true_row = planted[0]
    mistyped = [*true_row]
    mistyped[1] = TURNED.get(true_row[1].strip(), "×")
    write(args.second, [header, *[mistyped if row is true_row else row for row in body]])
    print(f"{args.second}: ballot {args.ballot}, {header[1]} {true_row[1] or '-'} → {mistyped[1]}")
    if args.fix:
        write(args.fix, [header, true_row])
        print(f"{args.fix}: the true row")


if __name__ == "__main__":
    main()
