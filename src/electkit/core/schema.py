"""The JSON Schema of a rule-set file, built from the registry of rule kinds (for editors)."""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import Field, TypeAdapter

from electkit.core.kinds import registry
from electkit.core.ruleset import RuleOverride, RuleSetHeader


def ruleset_schema() -> dict[str, Any]:
    """A rule-set file: its header keys, and rules that are one of the registered kinds (each
    with its parameters) or an override of an inherited code."""
    kinds = tuple(k.rule for k in registry().values())
    rule: Any = Annotated[Union.__getitem__(kinds), Field(discriminator="kind")]
    entries: Any = list[Union[rule, RuleOverride]]  # noqa: UP007
    adapter: TypeAdapter[Any] = TypeAdapter(entries)
    rules = adapter.json_schema(by_alias=True)
    header = RuleSetHeader.model_json_schema(by_alias=True)
    defs = {**header.pop("$defs", {}), **rules.pop("$defs", {})}
    header["properties"]["rules"] = {**rules, "description": "the rules: one entry per code"}
    header["$defs"] = defs
    header["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    header["title"] = "electkit rule set"
    return header
