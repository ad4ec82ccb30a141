"""The parts every rule kind shares: the source of a rule, its base model, the parameter base,
where a rule is evaluated (its scopes) and which way each parameter is stricter (for lint)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from electkit.core.findings import Severity, Text

CODE_PATTERN = r"^[A-Z]{2}-[A-Z0-9]+$"

Quality = Literal["verified", "reconstructed", "secondary", "practice", "inferred", "local"]
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


class Scope(StrEnum):
    """What a rule is evaluated on: a list of people, the election's numbers, a count, a ballot."""

    DELEGATES = "delegates"  # a delegate list (代表名单)
    UNIT_CANDIDATES = "unit_candidates"  # an election unit's delegate candidates
    COMMITTEE = "committee"  # the committee slate (委员候选人)
    DISCIPLINE = "discipline"  # the discipline-committee slate (纪委委员候选人)
    HIGHER = "higher"  # candidates for delegate to the higher congress (出席上级党代会代表)
    PLAN = "plan"  # the numbers derived from the election profile
    COUNT = "count"  # counting the ballots
    BALLOT = "ballot"  # the printed ballot
    COUNTY = "county"  # every township of a county together


SLATES = frozenset({Scope.COMMITTEE, Scope.DISCIPLINE, Scope.HIGHER})
CANDIDATE_LISTS = frozenset({Scope.DELEGATES, Scope.UNIT_CANDIDATES}) | SLATES
Contest = Literal["committee", "discipline", "higher"]


class Stricter(StrEnum):
    """Which way a parameter makes its rule stricter: how ``rules lint`` compares it with an
    ancestor's value. Every parameter of every kind carries one (a test checks it)."""

    HIGHER = "higher"  # a larger number is stricter (a minimum share, a window in years)
    LOWER = "lower"  # a smaller number is stricter (a maximum, years before exchange)
    MORE = "more"  # a larger set is stricter (posts that must avoid their native township)
    FEWER = "fewer"  # a smaller set is stricter (those the rule is relaxed for)
    TRUE = "true"  # true is stricter (strict "more than")
    FALSE = "false"  # false is stricter
    SEVERITY = "severity"  # error is stricter than warning, warning than info
    EXACT = "exact"  # a prescribed value: any change is a conflict to be read by a person
    CUSTOM = "custom"  # the kind compares it itself
    NONE = "none"  # not a threshold (a label, the contest it applies to)


def stricter(direction: Stricter, **extra: Any) -> Any:
    """Field metadata: ``x: int = Field(6, json_schema_extra=stricter(Stricter.LOWER))``."""
    return {"x-stricter": direction.value, **extra}


def direction_of(model: type[BaseModel], name: str) -> Stricter | None:
    """The direction a parameter model declares for one of its fields."""
    extra = model.model_fields[name].json_schema_extra
    if isinstance(extra, dict):
        value = extra.get("x-stricter")
        if isinstance(value, str):
            return Stricter(value)
    return None


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


class Params(BaseModel):
    """The parameters of a rule kind (each field declares which way it is stricter)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class RuleBase(BaseModel):
    """What every rule has: a stable code, a kind, a severity, a title and its source."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=CODE_PATTERN)
    kind: str
    severity: Severity
    title: Text
    source: Source
    note: Text | None = None

    @property
    def parameters(self) -> Params | None:
        """The rule's parameters (None for a kind without any)."""
        params = getattr(self, "params", None)
        return params if isinstance(params, Params) else None
