"""Find and load rule sets: a packaged name (``fuyuan-2006``) or a path to a user's YAML."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from electkit.core.errors import InputError, Problem, ValueProblem
from electkit.core.findings import ParamValue, Text
from electkit.core.kinds import rule_adapter
from electkit.core.ruleset import RuleSet, RuleSetHeader, merge_rule_entries
from electkit.core.vocabulary import Vocabulary
from electkit.io.yamlfile import LazyNode, node_line, read_yaml, validation_problems

MAX_DEPTH = 8


def packaged_dir() -> Path:
    """The directory of the rule sets installed with the package."""
    return Path(str(resources.files("electkit") / "rules"))


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    """The national default vocabulary every rule set starts from (rules/vocabulary/national.yaml)."""
    path = packaged_dir() / "vocabulary" / "national.yaml"
    data, node = read_yaml(path)
    try:
        return Vocabulary.model_validate(data)
    except ValidationError as exc:
        raise InputError(validation_problems(exc, path, node)) from None


def packaged_names() -> list[str]:
    """Names of the packaged rule sets, sorted."""
    return sorted(p.stem for p in packaged_dir().glob("*.yaml"))


def resolve_path(
    ref: str, relative_to: Path | None = None, *, referrer: Path | None = None, key: str = "rules"
) -> Path:
    """A rule-set reference as a file: a packaged name, or a ``.yaml``/``.yml`` file (relative to
    ``relative_to`` when it is there). Anything else is refused before a byte is read, so that a
    ``rules:`` line cannot make electkit read, and echo, an arbitrary file.

    ``referrer`` is the file whose ``key`` (``rules:``, ``extends:``) named ``ref``: a problem
    names that file and line.
    """
    if is_path(ref):
        if not ref.lower().endswith((".yaml", ".yml")):
            raise _reference_problem("rules.not_yaml", ref, referrer, key)
        path = Path(ref)
        if not path.is_absolute() and relative_to is not None:
            candidate = relative_to / path
            if candidate.exists():
                return candidate
        if not path.exists():
            if referrer is None and relative_to is None:  # typed on the command line
                raise _reference_problem("rules.file_not_found_cwd", ref, None, key)
            raise _reference_problem("rules.file_not_found", ref, referrer, key)
        return path
    path = packaged_dir() / f"{ref}.yaml"
    if not path.exists():
        raise _reference_problem("rules.unknown", ref, referrer, key)
    return path


def is_path(ref: str) -> bool:
    """Whether a rule-set reference is written as a file rather than a packaged name."""
    return ref.lower().endswith((".yaml", ".yml")) or "/" in ref or "\\" in ref


def _reference_problem(message_id: str, ref: str, referrer: Path | None, key: str) -> InputError:
    """A bad reference, named where it was written (file, line, key), or as given on the CLI."""
    row = None
    if referrer is not None:
        try:
            _data, node = read_yaml(referrer)
            row = node_line(node, (key,))
        except InputError:  # the referrer was read a moment ago; if not now, name it without a line
            pass
    params: dict[str, ParamValue] = {"known": ", ".join(packaged_names())}
    if message_id == "rules.file_not_found_cwd":
        params["cwd"] = str(Path.cwd())
    return InputError(
        [
            Problem(
                message_id=message_id,
                file=str(referrer) if referrer is not None else None,
                row=row,
                column=key if referrer is not None else None,
                value=ref,
                params=params,
            )
        ]
    )


class _Raw:
    """One parsed rule-set file with its node tree."""

    def __init__(self, path: Path, data: dict[str, Any], node: LazyNode) -> None:
        self.path = path
        self.data = data
        self.node = node


def _read(path: Path) -> _Raw:
    """A rule-set file; a file that is not one is refused without showing any of its content."""
    data, node = read_yaml(path)
    if not _looks_like_ruleset(data):
        raise InputError(
            [
                Problem(
                    message_id="rules.not_ruleset",
                    file=str(path),
                    params={"known": ", ".join(packaged_names())},
                )
            ]
        )
    return _Raw(path, data, node)


def _looks_like_ruleset(data: Any) -> bool:
    """A mapping with a ``name`` and ``rules`` or ``extends``: then problems inside it are told in
    full (keys, values, lines); anything else is not a rule set and none of it is repeated."""
    return (
        isinstance(data, dict)
        and isinstance(data.get("name"), str)
        and (isinstance(data.get("rules"), list) or isinstance(data.get("extends"), str))
    )


def load_ruleset(
    ref: str,
    relative_to: Path | None = None,
    *,
    referrer: Path | None = None,
    extends_from: Path | None = None,
) -> RuleSet:
    """Load a rule set and everything it extends; every problem names its file, line and key.

    The packaged sets are loaded once per process (a check also loads the national set a local
    one extends, for the deviation warnings); a user's files are read every time.
    ``extends_from``: the folder a relative ``extends:`` of the file itself is resolved against,
    when that is not the file's own (a copy checked elsewhere, as ``rules upgrade`` does).
    """
    path = resolve_path(ref, relative_to, referrer=referrer)
    if path.parent == packaged_dir():
        return _load_packaged(path.stem)
    return _load(ref, relative_to, referrer, extends_from)


@lru_cache(maxsize=16)
def _load_packaged(name: str) -> RuleSet:
    return _load(name, None, None)


def _load(
    ref: str, relative_to: Path | None, referrer: Path | None, extends_from: Path | None = None
) -> RuleSet:
    chain: list[_Raw] = []
    seen: set[Path] = set()
    path = resolve_path(ref, relative_to, referrer=referrer)
    folder = extends_from or path.parent
    while True:
        raw = _read(path)
        resolved = path.resolve()
        if resolved in seen or len(chain) >= MAX_DEPTH:
            raise InputError([Problem(message_id="rules.cycle", file=str(path))])
        seen.add(resolved)
        chain.append(raw)
        parent = raw.data.get("extends")
        if not parent:
            break
        if not isinstance(parent, str):
            raise InputError(
                [
                    Problem(
                        message_id="yaml.invalid",
                        file=str(path),
                        column="extends",
                        value=str(parent),
                        params={
                            "detail": Text(
                                zh="应为规则集名称或路径", en="expected a rule-set name or path"
                            )
                        },
                    )
                ]
            )
        path = resolve_path(parent, folder, referrer=raw.path, key="extends")
        folder = path.parent
    ordered = list(reversed(chain))  # root first
    ancestors = tuple(_build(ordered[:k]) for k in range(len(ordered) - 1, 0, -1))
    for i, ancestor in enumerate(ancestors):
        ancestor.with_ancestors(ancestors[i + 1 :])
    return _build(ordered).with_ancestors(ancestors)


def _build(chain: list[_Raw]) -> RuleSet:
    """Validate each file from the root down, merging each child's rules onto its parent's."""
    problems: list[Problem] = []
    raw_rules: dict[str, dict[str, Any]] = {}
    origin: dict[str, str] = {}
    overridden: dict[str, list[str]] = {}
    documents: dict[str, Any] = {}
    checklist: list[Any] = []
    header: RuleSetHeader | None = None
    in_force = None
    vocabulary = default_vocabulary()
    for raw in chain:
        head_data = {k: v for k, v in raw.data.items() if k != "rules"}
        try:
            header = RuleSetHeader.model_validate(head_data)
        except ValidationError as exc:
            problems += validation_problems(exc, raw.path, raw.node)
            continue
        documents.update(header.documents)
        checklist += header.checklist
        if header.vocabulary is not None:
            try:
                vocabulary = vocabulary.merged(header.vocabulary)
            except ValueProblem as exc:
                problems.append(
                    Problem(
                        message_id=exc.message_id,
                        params=exc.params,
                        file=str(raw.path),
                        column="vocabulary",
                    )
                )
        in_force = header.in_force or in_force
        entries = raw.data.get("rules") or []
        if not isinstance(entries, list):
            problems.append(
                Problem(
                    message_id="yaml.invalid",
                    file=str(raw.path),
                    column="rules",
                    params={"detail": Text(zh="应为规则列表", en="expected a list of rules")},
                )
            )
            continue
        good_entries = []
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict) or not isinstance(entry.get("code"), str):
                problems.append(
                    Problem(
                        message_id="yaml.invalid",
                        file=str(raw.path),
                        column=f"rules[{index}]",
                        params={
                            "detail": Text(zh="每条规则都须有 code", en="each rule needs a code")
                        },
                    )
                )
                continue
            good_entries.append((index, entry))
        merged, over, added = merge_rule_entries(raw_rules, [e for _, e in good_entries])
        for index, entry in good_entries:
            code = entry["code"]
            if code not in merged:
                continue
            try:
                rule_adapter().validate_python(merged[code])
            except ValidationError as exc:
                problems += validation_problems(
                    exc,
                    raw.path,
                    raw.node,
                    prefix=("rules", index),
                    label=code,
                    tag=merged[code].get("kind"),
                )
        for code in over + added:
            origin[code] = header.name
            if code in over:
                overridden.setdefault(code, []).append(header.name)
        raw_rules = merged
    if problems or header is None:
        raise InputError(problems)
    missing_docs = [
        Problem(
            message_id="rules.unknown_doc",
            file=str(chain[-1].path),
            column=code,
            value=raw["source"]["doc"],
        )
        for code, raw in raw_rules.items()
        if raw["source"]["doc"] not in documents
    ]
    if missing_docs:
        raise InputError(missing_docs)
    rules = {code: rule_adapter().validate_python(raw) for code, raw in raw_rules.items()}
    headers = [
        RuleSetHeader.model_validate({k: v for k, v in r.data.items() if k != "rules"})
        for r in reversed(chain)
    ]
    return RuleSet(
        name=header.name,
        title=header.title,
        national=header.national,
        chain=tuple(h.name for h in headers),
        national_base=next((h.name for h in headers[1:] if h.national), None),
        in_force=in_force,
        documents=documents,
        rules=rules,
        origin=origin,
        overridden={k: tuple(v) for k, v in overridden.items()},
        checklist=tuple(checklist),
        vocabulary=vocabulary,
    )


def require_declared(rs: RuleSet) -> None:
    """Refuse a rule set whose rules name anything its vocabulary does not declare (a check
    would evaluate a rule that always fails): InputError naming each rule and name."""
    from electkit.core.lint import undeclared

    items = undeclared(rs)
    if items:
        raise InputError(
            [
                Problem(
                    message_id="rules.undeclared",
                    column=item.rule,
                    value=item.local,
                    params={**item.params, "ruleset": rs.name},
                )
                for item in items
            ]
        )
