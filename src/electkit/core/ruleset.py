"""Rule sets: the header of a rule-set file, the effective rule set after ``extends:``.

Inheritance works on the parsed YAML: a child's rule with a known code is deep-merged onto
the parent's (so a county may override one parameter), a new code is added, and
``disabled: true`` removes an inherited rule. The merged result is validated as a whole.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping
from typing import Any, NamedTuple, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from electkit.core.findings import Text
from electkit.core.kinds import rule_adapter
from electkit.core.rulebase import QUOTED_ON_FORMS, RuleBase, Source
from electkit.core.vocabulary import Vocabulary

Rule = RuleBase

NAME_PATTERN = r"^[a-z0-9][a-z0-9_.-]*$"


class Document(BaseModel):
    """A document rules are quoted from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str = Field(min_length=1)
    where: str | None = Field(default=None, description="address or location of the copy used")


class InForce(BaseModel):
    """The dates a rule set applies between (``until`` exclusive)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    since: dt.date | None = None
    until: dt.date | None = None
    until_source: str | None = None
    successor: str | None = None


class ChecklistItem(BaseModel):
    """A qualitative condition the review group confirms by hand (printed on the audit report)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str = Field(min_length=1)
    ref: str = Field(min_length=1)
    doc: str = Field(min_length=1)


class RuleSetHeader(BaseModel):
    """The keys of a rule-set file other than ``rules``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=NAME_PATTERN)
    title: Text
    national: bool = False
    extends: str | None = None
    in_force: InForce | None = None
    documents: dict[str, Document] = Field(default_factory=dict)
    checklist: list[ChecklistItem] = Field(default_factory=list)
    vocabulary: Vocabulary | None = Field(
        default=None,
        description="categories, posts, ranks, event kinds and columns this set adds",
    )


class RuleOverride(BaseModel):
    """A child's entry for an inherited code: any field may be left out and is inherited."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    severity: str | None = None
    title: Text | None = None
    source: Source | None = None
    note: Text | None = None
    params: dict[str, Any] | None = None
    disabled: bool = False


R = TypeVar("R")

# how the terminal marks a quotation that is not the regulation's own wording
WORDING_MARKS = {"secondary": "二手来源，须与原文核对", "practice": "实践例文，非条例原文"}


class FormCitation(NamedTuple):
    """What a printed form names as a rule's basis (see ``RuleSet.form_cite``)."""

    quote: str | None  # the clause, only when its wording is the document's own
    title: str  # the document a form names: the regulation or the county's notice
    ref: str | None  # its article or section, when known
    wording: str | None  # the unquoted wording, for the form's 依据说明 appendix
    wording_from: str | None  # the title (and place) of the text that wording comes from


def dump_rule(rule: RuleBase) -> dict[str, Any]:
    """A rule as JSON-ready data, keyed as in the YAML (``all``, ``from``, ``in`` …)."""
    data: dict[str, Any] = rule_adapter().dump_python(rule, mode="json", by_alias=True)
    return data


class RuleSet(BaseModel):
    """The effective rule set after inheritance."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    title: Text
    national: bool
    chain: tuple[str, ...]
    national_base: str | None = Field(default=None, description="nearest national set extended")
    in_force: InForce | None
    documents: dict[str, Document]
    rules: dict[str, Rule]
    origin: dict[str, str]
    checklist: tuple[ChecklistItem, ...] = ()
    vocabulary: Vocabulary = Field(default_factory=Vocabulary)
    overridden: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    # the effective sets this one extends, nearest first (set by the loader; not part of the
    # content or its hash): what `rules lint` compares each override with
    _ancestors: tuple[RuleSet, ...] = PrivateAttr(default=())

    @property
    def ancestors(self) -> tuple[RuleSet, ...]:
        """The effective rule sets this one extends, nearest first."""
        return self._ancestors

    def with_ancestors(self, ancestors: tuple[RuleSet, ...]) -> RuleSet:
        """This set, knowing the sets it extends (nearest first)."""
        self._ancestors = ancestors
        return self

    def get(self, code: str) -> Rule | None:
        """The rule with this code, if the set has it."""
        return self.rules.get(code)

    def of_kind(self, kind: type[R]) -> Iterator[R]:
        """Every rule of one kind, in file order."""
        for rule in self.rules.values():
            if isinstance(rule, kind):
                yield rule

    def title_of(self, doc: str) -> str:
        """A document's own title (its key when the set does not list it)."""
        document = self.documents.get(doc)
        return document.title if document else doc

    def cite(self, rule: Rule) -> str:
        """The quoted clause with its place: what the terminal prints beside a finding.

        A quotation from a secondary source or a sample is marked as such.
        """
        mark = WORDING_MARKS.get(rule.source.quality)
        place = self.cite_ref(rule.source.doc, rule.source.ref)
        return f"“{rule.source.text}”（{place}{'；' + mark if mark else ''}）"

    def form_cite(self, rule: Rule) -> FormCitation:
        """What a printed form names for a rule: the quotation only when its wording is the
        document's own (verified or reconstructed text of the regulation, the county's notice);
        otherwise the regulation (``source.basis``) by title and article where known, with the
        wording left for the form's appendix 依据说明."""
        source = rule.source
        doc = source.basis.doc if source.basis else source.doc
        ref = source.basis.ref if source.basis else source.ref
        title = self.title_of(doc)
        if ref is not None and ref in title:  # "纪律处分条例" beside 《中国共产党纪律处分条例》
            ref = None
        if source.quality in QUOTED_ON_FORMS:
            return FormCitation(source.text, title, ref, None, None)
        return FormCitation(None, title, ref, source.text, self.cite_ref(source.doc, source.ref))

    def cite_ref(self, doc: str, ref: str) -> str:
        """A document's title and a place in it: 富源县…通知，三(一)1(1)② (the place is left out
        when the title already says it)."""
        title = self.title_of(doc)
        return title if ref in title else f"{title}，{ref}"

    def sha256(self) -> str:
        """SHA-256 of the effective content, printed on reports so the rules used are known."""
        payload = json.dumps(
            {
                "name": self.name,
                "rules": {code: dump_rule(r) for code, r in self.rules.items()},
                "documents": {k: d.model_dump(mode="json") for k, d in self.documents.items()},
                "vocabulary": self.vocabulary.model_dump(mode="json"),
            },
            ensure_ascii=False,
            sort_keys=True,
        )
        return hashlib.sha256(payload.encode()).hexdigest()

    def is_in_force(self, on: dt.date) -> bool:
        """Whether the set applies on a date (unknown bounds count as open)."""
        if self.in_force is None:
            return True
        if self.in_force.since and on < self.in_force.since:
            return False
        return not (self.in_force.until and on >= self.in_force.until)


def deep_merge(base: Mapping[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    """``patch`` over ``base``; nested mappings merge, anything else replaces."""
    merged = dict(base)
    for key, value in patch.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


# the 0.1 shorthand of a group's conditions and the key each became
_LEGACY_GROUP = {
    "age_min": ("age", "min"),
    "age_max": ("age", "max"),
    "education_min": ("education", "at_least"),
}


def current_group(group: Mapping[str, Any]) -> dict[str, Any]:
    """A group written with 0.1's shorthand (``age_max: 40``, ``education_min: 初中``,
    ``category: 领导干部``) in the current form (``age: {max: 40}`` …); the meaning is the same."""
    out: dict[str, Any] = {}
    for key, value in group.items():
        if key in _LEGACY_GROUP:
            new, sub = _LEGACY_GROUP[key]
            out.setdefault(new, {})
            if isinstance(out[new], dict):
                out[new][sub] = value
        elif key == "category" and isinstance(value, str):
            out[key] = [value]
        else:
            out[key] = value
    return out


def _merge_params(base: Mapping[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    """A child's params over its parent's; a group is compared in one form, so a child may write
    it either way whichever way the parent did; a window (``within``) is replaced whole."""
    merged_base, merged_patch = dict(base), dict(patch)
    if isinstance(base.get("group"), Mapping) and isinstance(patch.get("group"), Mapping):
        merged_base["group"] = current_group(base["group"])
        merged_patch["group"] = current_group(patch["group"])
    for key in _WHOLE:  # one of its keys, never both: the child's replaces the parent's
        if key in merged_patch:
            merged_base.pop(key, None)
    return deep_merge(merged_base, merged_patch)


# params a child gives whole: a window is years or months, so {months: 59} over {years: 5} is
# 59 months, not both
_WHOLE = ("within",)


def merge_rule_entries(
    parent: Mapping[str, dict[str, Any]], entries: list[dict[str, Any]]
) -> tuple[dict[str, dict[str, Any]], list[str], list[str]]:
    """Apply a child's rule entries to the parent's raw rules (by code, order kept).

    Returns the merged raw rules, the codes the child overrode and the codes it added.
    A child entry with a different ``kind`` replaces the parent's rule instead of merging.
    """
    merged = {code: dict(raw) for code, raw in parent.items()}
    overridden: list[str] = []
    added: list[str] = []
    for raw_entry in entries:
        entry = {k: v for k, v in raw_entry.items() if k != "disabled"}
        code = entry["code"]
        if raw_entry.get("disabled"):
            merged.pop(code, None)
            overridden.append(code)
            continue
        if code in merged and entry.get("kind", merged[code].get("kind")) == merged[code].get(
            "kind"
        ):
            base = dict(merged[code])
            if "source" in entry:
                base.pop("note", None)  # a note explains the parent's clause, not the child's
            params = entry.get("params")
            merged[code] = deep_merge(base, entry)
            if isinstance(params, Mapping) and isinstance(base.get("params"), Mapping):
                merged[code]["params"] = _merge_params(base["params"], params)
            overridden.append(code)
        else:
            if code in merged:
                overridden.append(code)
            else:
                added.append(code)
            merged[code] = dict(entry)
    return merged, overridden, added
