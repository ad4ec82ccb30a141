"""electkit: township Party committee elections checked against the rules (乡镇党委换届选举)."""

import _signal  # the C module itself: installing a handler must not wait for enum's import
import sys as _sys


def _running_as_electkit() -> bool:
    """Whether this process is the ``electkit`` command (not a library user, not the tests)."""
    argv = list(getattr(_sys, "orig_argv", []))
    if "-m" in argv[1:]:
        at = argv.index("-m", 1)
        return argv[at + 1 : at + 2] == ["electkit"]
    return len(argv) > 1 and argv[1].replace("\\", "/").rsplit("/", 1)[-1] in (
        "electkit",
        "electkit.exe",
        "electkit-script.py",
    )


def _quiet_interrupt(_signum: int, _frame: object) -> None:
    """Ctrl-C while electkit is still starting (importing): leave quietly, exit 130."""
    import os

    _sys.stderr.write("\n")
    os._exit(130)


if _running_as_electkit():  # the first ~30 ms, before main() takes Ctrl-C over
    _signal.signal(_signal.SIGINT, _quiet_interrupt)

__version__ = "0.1.0"
