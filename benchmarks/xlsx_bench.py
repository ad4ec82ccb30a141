"""Benchmark: reading workbooks — the extent guard's cost, and a crafted sheet it refuses.

    .venv/bin/python benchmarks/xlsx_bench.py [--rows 300] [--runs 7] [--baseline DIR]

1. A real 300-row delegate list as .xlsx (the generator of check_delegates_bench.py, written by
   openpyxl): `electkit check delegates` wall time and peak RSS, median of ``--runs`` (issue 10's
   target: ≤ 0.3 s wall, start-up included), and in-process the time of reading the list and of
   the guard alone. ``--baseline DIR`` runs the same command with the source tree in DIR (e.g.
   ``git archive main | tar -x -C DIR``) first on PYTHONPATH: the code before the guard.
2. A crafted 53 MB sheet whose ``<dimension>`` says A1:B2 while its data reaches XFD700000:
   the guard's time and memory to refuse it (without the guard calamine asks for 11 billion
   cells and the process aborts or is killed).
3. A 150,000-row ballot sheet (15 columns, within the ballot limits): the guard's share of
   reading it.

Figures are recorded in benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from check_delegates_bench import compiled, roster_xlsx

BIN = Path(sys.executable).parent
ELECTION = (
    "township: 青山乡\nelection_date: 2006-03-20\nrules: fuyuan-2006\n"
    "party_members: {total: 1200, women: 300, minority: 96}\n"
)


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in MB (GNU time) and exit code of one run."""
    start = time.perf_counter()
    result = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *cmd], capture_output=True, text=True, check=False, env=env
    )
    wall = time.perf_counter() - start
    peak_kb = int(re.findall(r"^(\d+)$", result.stderr, flags=re.M)[-1])
    return wall, peak_kb // 1024, result.returncode


def check_command(path: Path, election: Path) -> list[str]:
    return [sys.executable, "-m", "electkit", "check", "delegates", str(path), "-e", str(election)]


def crafted(path: Path, rows: int = 700_000) -> Path:
    """A sheet that declares A1:B2 and holds data as far as XFD``rows`` (about 53 MB)."""
    out = io.BytesIO()
    out.write(
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
        b'.org/spreadsheetml/2006/main"><dimension ref="A1:B2"/><sheetData>'
    )
    for r in range(1, rows + 1):
        out.write(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>1</v></c>'.encode())
        if r == rows:
            out.write(f'<c r="XFD{r}"><v>1</v></c>'.encode())
        out.write(b"</row>")
    out.write(b"</sheetData></worksheet>")
    return _workbook(path, out.getvalue())


def ballots(path: Path, rows: int = 150_000, columns: int = 15) -> Path:
    out = io.BytesIO()
    out.write(
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
        b'.org/spreadsheetml/2006/main"><sheetData>'
    )
    letters = [chr(65 + i) for i in range(columns)]
    for r in range(1, rows + 1):
        cells = "".join(
            f'<c r="{c}{r}" t="inlineStr"><is><t>{"○" if (r + i) % 3 else "×"}</t></is></c>'
            for i, c in enumerate(letters)
        )
        out.write(f'<row r="{r}">{cells}</row>'.encode())
    out.write(b"</sheetData></worksheet>")
    return _workbook(path, out.getvalue())


def _workbook(path: Path, sheet: bytes) -> Path:
    ns = "http://schemas.openxmlformats.org"
    parts = {
        "[Content_Types].xml": f'<Types xmlns="{ns}/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>",
        "_rels/.rels": f'<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" '
        f'Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{ns}/spreadsheetml/2006/main" xmlns:r="{ns}/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{ns}/package/2006/relationships"><Relationship Id="rId1" '
        f'Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def in_process(label: str, call: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        try:
            call()  # type: ignore[operator]
        except Exception as exc:  # the refusal of the crafted sheet is the point
            if type(exc).__name__ != "InputError":
                raise
        times.append(time.perf_counter() - start)
    best = statistics.median(times)
    print(f"  {label}: median {best * 1000:.1f} ms over {repeat}")
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=300)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--baseline", type=Path, help="a source tree to compare with")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="electkit-xlsx-"))
    election = work / "election.yaml"
    election.write_text(ELECTION, encoding="utf-8")

    from electkit.io.excel_guard import BALLOTS, LISTS, inspect_zip
    from electkit.io.roster import read_roster
    from electkit.io.tables import read_table

    roster = roster_xlsx(work, args.rows)
    print(f"1. {args.rows}-row delegate list, {roster.stat().st_size:,} bytes")
    command = check_command(roster, election)
    trees = [("this tree", None)]
    if args.baseline is not None:
        trees.insert(0, ("baseline", args.baseline.resolve() / "src"))
    for _label, src in trees:
        compiled(src if src is not None else Path(__file__).resolve().parent.parent / "src")
    envs = []
    for _label, src in trees:
        env = dict(os.environ)
        if src is not None:
            env["PYTHONPATH"] = str(src)
        envs.append(env)
        timed(command, env)  # warm the page cache
    runs: list[list[tuple[float, int, int]]] = [[] for _ in trees]
    for _ in range(args.runs):  # interleaved, so a change in the machine's load hits both
        for i, env in enumerate(envs):
            runs[i].append(timed(command, env))
    for (label, _src), done in zip(trees, runs, strict=True):
        print(
            f"  check delegates ({label}): median {statistics.median(r[0] for r in done):.3f} s, "
            f"min {min(r[0] for r in done):.3f} s, peak {max(r[1] for r in done)} MB, "
            f"exit {done[0][2]}"
        )
    data = roster.read_bytes()
    in_process("read the list (read_roster)", lambda: read_roster(roster), 20)
    in_process(
        "the guard alone (inspect_zip)", lambda: inspect_zip(data, "r", LISTS, ods=False), 20
    )

    hostile = crafted(work / "crafted.xlsx")
    size = zipfile.ZipFile(hostile).getinfo("xl/worksheets/sheet1.xml").file_size
    print(f"2. crafted sheet: {size / 1e6:.0f} MB of XML, dimension A1:B2, data to XFD700000")
    wall, peak, code = timed([sys.executable, "-m", "electkit", "sort", str(hostile)])
    print(f"  electkit sort: {wall:.2f} s, peak {peak} MB, exit {code}")
    blob = hostile.read_bytes()
    in_process("the guard alone", lambda: inspect_zip(blob, "c", BALLOTS, ods=False), 3)

    sheet = ballots(work / "ballots.xlsx")
    print(f"3. 150,000 ballots × 15 columns, {sheet.stat().st_size / 1e6:.1f} MB")
    blob = sheet.read_bytes()
    guard = in_process("the guard alone", lambda: inspect_zip(blob, "b", BALLOTS, ods=False), 3)
    whole = in_process(
        "read the sheet (guard + calamine)", lambda: read_table(sheet, limits=BALLOTS), 3
    )
    print(f"  the guard's share: {guard / whole:.0%}")


if __name__ == "__main__":
    main()
