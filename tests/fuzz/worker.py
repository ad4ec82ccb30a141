"""Run fuzz cases through the CLI in one process, each under a time and a memory watch.

``python -m tests.fuzz.worker CASES.json PROGRESS``: each case is ``{"name", "args"}``; the name
of the case being run is written to PROGRESS first, so that if this process dies (a native
crash, the kernel's OOM killer), the parent knows which input did it. Prints a JSON list of
failures: an exit code other than the documented ones, an exception escaping the command (a
traceback), a run over ``SECONDS``, a process grown over ``MEMORY`` bytes.
"""

from __future__ import annotations

import json
import resource
import signal
import sys
import time
from pathlib import Path

SECONDS = 30
MEMORY = 1 << 30  # 1 GiB of resident memory
DOCUMENTED = {0, 1, 2, 3}


class TooSlow(Exception):
    """A case ran past SECONDS."""


def main() -> None:
    from typer.testing import CliRunner

    from electkit.cli.main import app

    # a runaway allocation fails here instead of taking the machine: 4 GiB of address space
    limit = 4 << 30
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    def alarm(_signum: int, _frame: object) -> None:
        raise TooSlow

    signal.signal(signal.SIGALRM, alarm)
    cases = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    progress = Path(sys.argv[2])
    runner = CliRunner(env={"ELECTKIT_LANG": "zh", "COLUMNS": "120", "NO_COLOR": "1"})
    failures = []
    for case in cases:
        progress.write_text(case["name"], encoding="utf-8")
        started = time.monotonic()
        signal.alarm(SECONDS)
        try:
            result = runner.invoke(app, case["args"])
        except TooSlow:
            result = None
        finally:
            signal.alarm(0)
        elapsed = time.monotonic() - started
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        problem = None
        if result is None or isinstance(result.exception, TooSlow):
            problem = f"over {SECONDS} s"
        elif result.exception is not None and not isinstance(result.exception, SystemExit):
            problem = f"exception {type(result.exception).__name__}: {result.exception}"[:500]
        elif result.exit_code not in DOCUMENTED:
            problem = f"exit {result.exit_code}"
        elif "Traceback" in result.output or "internal error" in result.output:
            problem = "a traceback in the output"
        elif rss > MEMORY:
            problem = f"{rss >> 20} MiB resident"
        if problem is not None:
            failures.append(
                {
                    "name": case["name"],
                    "args": case["args"],
                    "problem": problem,
                    "seconds": round(elapsed, 2),
                }
            )
    sys.stdout.write(json.dumps(failures, ensure_ascii=False))


if __name__ == "__main__":
    main()
