"""An election's profile and its rule set, loaded once and shared by every job of a township."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from electkit.core.lint import LintItem
    from electkit.core.models import ElectionProfile
    from electkit.core.ruleset import RuleSet


@dataclass(frozen=True)
class Rules:
    """A loaded rule set with its deviations from the national floor (linted once)."""

    ruleset: RuleSet
    lint_items: list[LintItem]


@dataclass(frozen=True)
class Election:
    """A township's election profile (election.yaml) and the rule set it is checked against."""

    path: Path
    profile: ElectionProfile
    ruleset: RuleSet
    lint_items: list[LintItem]


def load_rules(ref: str, relative_to: Path | None = None, referrer: Path | None = None) -> Rules:
    """A rule set by name or path, with its lint items (packaged sets are cached by io).

    ``referrer`` is the file whose ``rules:`` named it: a bad reference names its file and line.
    """
    from electkit.core.lint import lint_lineage
    from electkit.io.rules_loader import load_ruleset

    ruleset = load_ruleset(ref, relative_to=relative_to, referrer=referrer)
    return Rules(ruleset, lint_lineage(ruleset))


def load_election(election: Path, rules: str | Rules | None = None) -> Election:
    """The profile and its rule set: ``rules`` given (a name, a path or one already loaded) wins
    over the profile's ``rules:``, which is read relative to election.yaml.

    Raises InputError (``cli.no_rules``) when neither names a rule set, and
    (``rules.undeclared``) when a rule names a category, post, rank, event kind or column the
    rule set does not declare: such a rule would be evaluated as always failing.
    """
    from electkit.core.errors import InputError, Problem
    from electkit.io.profile import load_profile
    from electkit.io.rules_loader import require_declared

    profile = load_profile(election)
    if not isinstance(rules, Rules):
        ref = rules or profile.rules
        if not ref:
            raise InputError([Problem(message_id="cli.no_rules", file=str(election))])
        from_profile = election if not rules else None  # else --rules, named on the command line
        rules = load_rules(
            ref, relative_to=election.parent if not rules else None, referrer=from_profile
        )
    require_declared(rules.ruleset)
    return Election(election, profile, rules.ruleset, rules.lint_items)
