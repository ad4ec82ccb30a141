"""The app layer is imported by the CLI's commands and the county commands: importing any of its
modules loads none of the heavy modules (they are imported inside the functions that use them)."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import electkit.app
from tests.cli.test_lazy_imports import HEAVY

MODULES = sorted(f"electkit.app.{m.name}" for m in pkgutil.iter_modules(electkit.app.__path__))

PROBE = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(sorted(sys.modules)))
"""


def test_app_modules_import_nothing_heavy() -> None:
    assert "electkit.app.check" in MODULES
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *MODULES], capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    assert not loaded & set(HEAVY)
