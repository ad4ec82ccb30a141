"""The parts every rule kind shares: the source of a rule, its base model, the parameter base."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from electkit.core.findings import Severity, Text

CODE_PATTERN = r"^[A-Z]{2}-[A-Z0-9]+$"

Quality = Literal["verified", "reconstructed", "secondary", "practice", "inferred", "local"]
Contest = Literal["committee", "discipline"]
Relaxed = Literal["women", "minority"]


# the qualities whose wording is the document's own: a printed form may quote only these
QUOTED_ON_FORMS: frozenset[str] = frozenset({"verified", "reconstructed", "local"})


class Basis(BaseModel):
    """The regulation a printed form names for a rule whose wording is not the regulation's own."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    doc: str = Field(
        min_length=1, description="key of the regulation in the rule set's `documents`"
    )
    ref: str | None = Field(default=None, description="its article, when known")


class Source(BaseModel):
    """Where a rule comes from: the quoted text, the clause, the document and how sure we are."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str = Field(min_length=1, description="the quoted clause, exactly as in the source")
    ref: str = Field(
        min_length=1, description="article or section, e.g. 'art. 5' or '第2篇 三(一)1(3)④'"
    )
    doc: str = Field(min_length=1, description="key of the document in the rule set's `documents`")
    quality: Quality = Field(
        description="verified | reconstructed | secondary | practice | inferred | local"
    )
    basis: Basis | None = Field(
        default=None,
        description="the regulation (and article, when known) a printed form names instead of "
        "`doc` when the wording came from elsewhere (a secondary source, a sample, a summary)",
    )


class _Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Rule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=CODE_PATTERN)
    severity: Severity
    title: Text
    source: Source
    note: Text | None = None
