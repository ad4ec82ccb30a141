"""Named errors the core and the readers raise; the CLI maps them to messages and exit codes."""

from __future__ import annotations

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


class ElectkitError(Exception):
    """Base class of every error electkit reports to the user instead of a traceback."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message_id for p in problems))
        self.problems = problems


class InputError(ElectkitError):
    """An input file or option cannot be used (exit 2); all problems found in one pass."""


class CountBlocked(ElectkitError):
    """An official count cannot be made yet (exit 3), e.g. unresolved double-entry disagreements."""
