"""The registry of rule kinds.

A kind (``share``, ``officers``, ``disqualification`` …) is declared once, in one module of this
package: its rule model (with its parameter model), where it is evaluated, the check that
evaluates it, which way each parameter is stricter, the vocabulary names it uses, the columns it
reads, its documentation and its message keys. The checks, ``rules lint``, ``rules schema``,
docs/rules.md and the "not checked" lists all iterate over this registry; adding a kind is adding
a module here (the registry finds it) plus the YAML that uses it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, Generic, NamedTuple, TypeVar, Union

from pydantic import Field, TypeAdapter

from electkit.core.findings import ParamValue
from electkit.core.rulebase import RuleBase, Scope

if TYPE_CHECKING:
    from electkit.core.checks.context import CheckContext, Outcome, Subject
    from electkit.core.county import County, CountyContext
    from electkit.core.vocabulary import Vocabulary

R = TypeVar("R", bound=RuleBase)


class Weakening(NamedTuple):
    """How a rule is weaker than (or conflicts with) an ancestor's: a message and both values."""

    message_id: str
    params: dict[str, ParamValue]
    local: str
    base: str
    conflict: bool = False  # a prescribed value changed (neither weaker nor stricter)


class NameRef(NamedTuple):
    """A vocabulary name a rule uses: (section, name), e.g. ("categories", "生产和工作一线")."""

    section: str
    name: str


@dataclass(frozen=True)
class KindDoc:
    """What a kind checks, why it exists and an example of its YAML (docs/rules.md)."""

    what: str
    why: str
    example: str


def _no_columns(rule: Any) -> tuple[str, ...]:
    return ()


def _no_names(rule: Any) -> Iterator[NameRef]:
    return iter(())


@dataclass(frozen=True)
class Kind(Generic[R]):
    """One rule kind, declared once.

    ``scopes(rule)`` says what the rule is evaluated on (a delegate list, a committee slate, the
    count …); a command that looks at anything else lists the rule as not checked, with those
    scopes as the reason. ``check`` evaluates the rule on a list of people (kinds evaluated
    elsewhere — plan, counting, the ballot — have none: those code paths read their parameters).
    ``weaker`` compares the rule with an ancestor's for ``rules lint`` where the per-parameter
    directions (``Stricter``) are not enough; ``advice`` says what lint should warn of in the
    rule itself. ``county`` evaluates a county-level rule
    (``Scope.COUNTY``) on the county as data, once every township has been checked.
    """

    name: str
    rule: type[R]
    doc: KindDoc
    scopes: Callable[[R], frozenset[Scope]]
    check: Callable[[R, Subject, CheckContext], Outcome] | None = None
    messages: tuple[str, ...] = ()
    columns: Callable[[R], tuple[str, ...]] = _no_columns
    names: Callable[[R], Iterator[NameRef]] = _no_names
    weaker: Callable[[R, R, Vocabulary], Iterable[Weakening]] | None = None
    reasons: tuple[str, ...] = field(default=())  # "not checked" reason ids the check may give
    # a blank cell in a column it reads leaves the person unknown to the rule: an IN-VALUE
    # warning per cell (kinds that say what a blank means in their own findings leave it False)
    blanks: bool = False
    county: Callable[[R, County, CountyContext], Outcome] | None = None
    # what ``rules lint`` says about a rule on its own (a message id and its parameters): a
    # rule that will not check what its clause says (a ``sanction`` with no term to run out)
    advice: Callable[[R, Vocabulary], Iterable[tuple[str, dict[str, ParamValue]]]] | None = None


_KINDS: dict[str, Kind[Any]] = {}


def register(kind: Kind[R]) -> Kind[R]:
    """Add a kind to the registry (each kind module calls this once per kind)."""
    declared = kind.rule.model_fields["kind"].annotation
    if getattr(declared, "__args__", None) != (kind.name,):
        raise TypeError(
            f"rule model {kind.rule.__name__} must declare kind: Literal[{kind.name!r}]"
        )
    if kind.name in _KINDS and _KINDS[kind.name] is not kind:
        raise TypeError(f"rule kind {kind.name!r} registered twice")
    _KINDS[kind.name] = kind
    return kind


@cache
def _discover() -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


def registry() -> Mapping[str, Kind[Any]]:
    """Every registered kind by name (importing this package's modules the first time)."""
    _discover()
    return _KINDS


def kind_of(rule: RuleBase) -> Kind[Any]:
    """The kind that declares a rule."""
    return registry()[rule.kind]


@cache
def rule_adapter() -> TypeAdapter[Any]:
    """Validates one rule entry: a union of every kind's rule model, discriminated by ``kind``."""
    models = tuple(k.rule for k in registry().values())
    union = Union.__getitem__(models) if len(models) > 1 else models[0]
    annotated: Any = Annotated[union, Field(discriminator="kind")]
    return TypeAdapter(annotated)


def of_kind(rules: Iterable[RuleBase], model: type[R]) -> Iterator[R]:
    """The rules of one model, in order."""
    for rule in rules:
        if isinstance(rule, model):
            yield rule
