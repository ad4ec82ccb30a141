"""Shared fixtures."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from electkit.core.ruleset import RuleSet
from electkit.io.rules_loader import load_ruleset


@pytest.fixture(scope="session")
def rulesets() -> Callable[[str], RuleSet]:
    """Load a packaged rule set once per session."""
    cache: dict[str, RuleSet] = {}

    def get(name: str) -> RuleSet:
        if name not in cache:
            cache[name] = load_ruleset(name)
        return cache[name]

    return get
