"""Named errors the core and the readers raise; the CLI maps them to messages and exit codes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field

from electkit.core.findings import ParamValue


class Problem(BaseModel):
    """One reason an input cannot be used, with where it is."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    message_id: str
    params: dict[str, ParamValue] = Field(default_factory=dict)
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None


class ValueProblem(ValueError):
    """A validator's complaint as a message id and its parameters, said in both languages.

    Raised inside pydantic validators (pydantic wraps it as a ``value_error``); the YAML readers
    turn it into a Problem with the file, line and key path. ``str()`` is the English message.
    """

    def __init__(self, message_id: str, /, **params: ParamValue) -> None:
        super().__init__(message_id)
        self.message_id = message_id
        self.params = params

    def __str__(self) -> str:
        from electkit.messages import t  # late: the catalogues import the core, not the reverse

        return t(self.message_id, "en", **self.params)


class ValueProblems(ValueProblem):
    """Several complaints of one validator, each at a place below the value it validated (the
    rows of county.yaml: ``("townships", 3)``), so that a reader names each with its own line
    and all of them in one pass."""

    def __init__(self, items: list[tuple[tuple[int | str, ...], ValueProblem]]) -> None:
        first = items[0][1]
        super().__init__(first.message_id, **first.params)
        self.items = items

    def __str__(self) -> str:
        return "; ".join(str(problem) for _, problem in self.items)


class ElectkitError(Exception):
    """Base class of every error electkit reports to the user instead of a traceback."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message_id for p in problems))
        self.problems = problems


class InputError(ElectkitError):
    """An input file or option cannot be used (exit 2); all problems found in one pass."""


T = TypeVar("T")


class OnePass:
    """Problems gathered from independent steps and raised together: every problem of an input
    in one pass, not one step's after another's are fixed."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def attempt(self, step: Callable[[], T]) -> T | None:
        """The step's result, or None with its problems kept."""
        try:
            return step()
        except InputError as exc:
            self.problems += exc.problems
            return None

    def add(self, problem: Problem) -> None:
        """Keep one more problem."""
        self.problems.append(problem)

    def raise_any(self) -> None:
        """Raise InputError with every problem kept, if there is any."""
        if self.problems:
            raise InputError(self.problems)


class CountBlocked(ElectkitError):
    """An official count cannot be made yet (exit 3), e.g. unresolved double-entry disagreements."""
