"""Contest files (YAML): read into a Contest with its rule set; write the next round's file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from electkit.core.contest import Contest
from electkit.core.errors import InputError, Problem
from electkit.core.ruleset import RuleSet
from electkit.io.rules_loader import is_path, load_ruleset, resolve_path
from electkit.io.yamlfile import node_line, read_yaml, validation_problems

KEY_ORDER = tuple(Contest.model_fields)


def load_contest(path: Path) -> tuple[Contest, RuleSet | None]:
    """The contest and its rule set (``rules:`` is resolved relative to the contest file).

    Raises InputError naming file, line and key for every problem found.
    """
    data, node = read_yaml(path)
    if not isinstance(data, dict):
        raise InputError(
            [
                Problem(
                    message_id="tally.contest.not_mapping",
                    file=str(path),
                    row=node_line(node, ()),
                )
            ]
        )
    problems: list[Problem] = []
    entitled, present = data.get("entitled"), data.get("present")
    over = (
        type(entitled) is int and type(present) is int and present > entitled  # not bools
    )
    if over:
        problems.append(
            Problem(
                message_id="tally.contest.present_over_entitled",
                file=str(path),
                row=node_line(node, ("present",)),
                column="present",
                params={"present": present, "entitled": entitled},
            )
        )
    try:
        contest = Contest.model_validate(data)
    except ValidationError as exc:
        found = validation_problems(exc, path, node)
        problems += [p for p in found if not (over and p.column == "present")]
        raise InputError(problems) from None
    if problems:
        raise InputError(problems)
    ruleset = (
        load_ruleset(contest.rules, relative_to=path.parent, referrer=path)
        if contest.rules
        else None
    )
    return contest, ruleset


def contest_yaml(contest: Contest, *, source: Path, target: Path, comment: str) -> str:
    """The YAML text of a contest written to ``target``.

    A ``rules:`` path that was relative to ``source`` is rewritten relative to ``target``.
    ``comment`` (one or more lines) goes on top, each line prefixed with ``# ``.
    """
    data: dict[str, Any] = contest.model_dump(exclude_none=True, exclude_defaults=False)
    if not data.get("aliases"):
        data.pop("aliases", None)
    if contest.rules and is_path(contest.rules):
        resolved = resolve_path(contest.rules, source.parent)
        data["rules"] = os.path.relpath(resolved.resolve(), target.resolve().parent)
    ordered = {key: data[key] for key in KEY_ORDER if key in data}
    ordered["candidates"] = list(contest.candidates)
    lines = [f"# {line}" for line in comment.splitlines()]
    body = yaml.safe_dump(
        ordered, allow_unicode=True, sort_keys=False, width=100, default_flow_style=None
    )
    return "\n".join(lines) + "\n" + body
