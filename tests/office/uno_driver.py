"""Edit and save spreadsheets through a real LibreOffice Calc, as a county office does.

Run by the system Python, which has LibreOffice's ``uno`` module (Debian python3-uno)::

    /usr/bin/python3 tests/office/uno_driver.py JOBS.json

JOBS.json is a list of jobs; each opens ``source``, applies ``edits`` in order and stores the
document as ``target`` with a LibreOffice export filter (``filter``, ``options``). Edits:

- ``["delete_rows", first, count]`` / ``["insert_rows", first, count]`` (0-based row index)
- ``["delete_columns", first, count]``
- ``["type", "B5", "text"]``: the text typed into a cell through Calc's own input (dispatch
  ``.uno:EnterString``), read as Calc reads typing: digits typed into a General cell become a
  number, into a Text cell they stay text
- ``["format", "A:P", "@"]``: a number format code for whole columns (``@`` = Text,
  ``General`` = the standard format)

One headless soffice serves every job; it runs on a private profile and is ended at the end.
Prints one line per job: ``ok TARGET`` or ``error TARGET: detail``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

_REMOTE: dict[str, object] = {}


def _props(**values: object) -> tuple[object, ...]:
    out = []
    for key, value in values.items():
        prop = PropertyValue()
        prop.Name = key
        prop.Value = value
        out.append(prop)
    return tuple(out)


def _connect(pipe: str, proc: subprocess.Popen[bytes]) -> object:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            _REMOTE["context"] = ctx
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except NoConnectException:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _columns(sheet: object, spec: str) -> object:
    first, _, last = spec.partition(":")
    return sheet.getCellRangeByName(f"{first}1:{last or first}1048576")


_GENERAL = "General"


def _number_format(doc: object, code: str) -> int:
    formats = doc.getNumberFormats()
    locale = uno.createUnoStruct("com.sun.star.lang.Locale")
    if code == _GENERAL:
        return formats.getStandardFormat(0, locale)  # NumberFormat.ALL: the standard format
    key = formats.queryKey(code, locale, False)
    return key if key != -1 else formats.addNew(code, locale)


def _type(doc: object, cell: str, text: str) -> None:
    """Enter text into a cell as the keyboard does (the cell's format decides how it is read:
    digits typed into a Text cell stay text, into a General cell they become a number)."""
    frame = doc.getCurrentController().getFrame()
    ctx = _REMOTE["context"]
    helper = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
    helper.executeDispatch(frame, ".uno:GoToCell", "", 0, _props(ToPoint=cell))
    helper.executeDispatch(frame, ".uno:EnterString", "", 0, _props(StringName=text))


def _apply(doc: object, edit: list[object]) -> None:
    sheet = doc.getSheets().getByIndex(0)
    action = edit[0]
    if action == "delete_rows":
        sheet.getRows().removeByIndex(int(edit[1]), int(edit[2]))
    elif action == "insert_rows":
        sheet.getRows().insertByIndex(int(edit[1]), int(edit[2]))
    elif action == "delete_columns":
        sheet.getColumns().removeByIndex(int(edit[1]), int(edit[2]))
    elif action == "type":
        _type(doc, str(edit[1]), str(edit[2]))
    elif action == "format":
        _columns(sheet, str(edit[1])).NumberFormat = _number_format(doc, str(edit[2]))
    else:
        raise ValueError(f"unknown edit {action!r}")


def run(jobs: list[dict[str, object]]) -> int:
    """Do every job in one soffice; return the number that failed."""
    profile = Path(tempfile.mkdtemp(prefix="electkit-lo-"))
    pipe = f"electkit{os.getpid()}"
    proc = subprocess.Popen(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    failed = 0
    try:
        desktop = _connect(pipe, proc)
        for job in jobs:
            target = Path(str(job["target"])).resolve()
            try:
                source = Path(str(job["source"])).resolve()
                doc = desktop.loadComponentFromURL(
                    source.as_uri(), "_blank", 0, _props(Hidden=True)
                )
                if doc is None:  # e.g. a stale lock file (.~lock.NAME#) beside it
                    raise RuntimeError(f"LibreOffice did not open {source}")
                try:
                    for edit in job.get("edits", []):  # type: ignore[attr-defined]
                        _apply(doc, edit)
                    options = {"FilterName": job["filter"]}
                    if job.get("options"):
                        options["FilterOptions"] = job["options"]
                    doc.storeToURL(target.as_uri(), _props(**options))
                finally:
                    doc.close(True)
                print(f"ok {target}", flush=True)
            except Exception as exc:
                failed += 1
                print(f"error {target}: {exc}", flush=True)
        with contextlib.suppress(Exception):  # the bridge goes down with soffice
            desktop.terminate()
    finally:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)
    return failed


if __name__ == "__main__":
    sys.exit(1 if run(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))) else 0)
