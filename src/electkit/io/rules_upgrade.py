"""``rules upgrade``: rewrite a county's rule-set file from electkit 0.1's forms into the current
ones, keeping its comments and layout, and prove the rewrite means the same.

0.1's forms keep loading and mean what they meant; the upgrade only moves a file to the forms the
documentation and the editor schema show:

- a group's ``category: 领导干部`` → ``category: [领导干部]``, ``age_max: 40`` → ``age: {max: 40}``,
  ``age_min`` likewise, ``education_min: 初中`` → ``education: {at_least: 初中}``;
- ``kind: member_share`` with ``group: women`` → ``kind: share`` with the group 妇女 (性别 女)
  and ``at_least_members: women`` (minority likewise).
"""

from __future__ import annotations

import difflib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from electkit.core.errors import InputError, Problem
from electkit.core.ruleset import RuleSet, current_group, dump_rule

_MEMBER_GROUPS: dict[str, dict[str, Any]] = {
    "women": {"label": {"zh": "妇女", "en": "women"}, "gender": "女"},
    "minority": {"label": {"zh": "少数民族", "en": "minority"}, "minority": True},
}


@dataclass(frozen=True)
class Upgrade:
    """A file before and after, and what was rewritten (one line per change); ``encoding``,
    ``head`` and ``newline`` are how the file was written, so that the rewrite keeps them."""

    path: Path
    before: str
    after: str
    changes: list[str]
    encoding: str = "utf-8"
    head: bytes = b""
    newline: str = "\n"

    def data(self) -> bytes:
        """The rewritten file's bytes: the original's encoding, byte-order mark and line ends."""
        from electkit.io.encoding import encode_as_read

        return encode_as_read(self.after.replace("\n", self.newline), self.head, self.encoding)

    def diff(self) -> str:
        """The unified diff of the rewrite ('' when nothing changes)."""
        return "".join(
            difflib.unified_diff(
                self.before.splitlines(keepends=True),
                self.after.splitlines(keepends=True),
                fromfile=str(self.path),
                tofile=f"{self.path} (upgraded)",
            )
        )


def _yaml(text: str) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()  # round trip: comments, order and flow style are kept
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.allow_unicode = True
    # the file's own indentation of list items ("  - code:" under "rules:", or "- code:")
    offset = 2 if re.search(r"^rules:\s*(?:#.*)?\n(?:\s*#.*\n)*  - ", text, re.M) else 0
    yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
    return yaml


def upgrade_file(path: Path) -> Upgrade:
    """The rewritten text of a rule-set file; raises InputError when it cannot be read as one.

    The file is read as the rules loader reads it (BOM, else UTF-8, else GB18030).
    """
    from ruamel.yaml.error import YAMLError

    from electkit.io.yamlfile import read_yaml_text

    text, encoding, head = read_yaml_text(path)
    newline = "\r\n" if "\r\n" in text else "\n"  # Notepad's line ends are kept
    before = text.replace("\r\n", "\n")
    yaml = _yaml(before)
    try:
        data = yaml.load(before)
    except YAMLError as exc:
        raise InputError(
            [
                Problem(
                    message_id="rules.upgrade_unreadable",
                    file=str(path),
                    params={"detail": str(exc).splitlines()[0]},
                )
            ]
        ) from None
    changes: list[str] = []
    rules = data.get("rules") if hasattr(data, "get") else None
    for entry in rules or []:
        if hasattr(entry, "get"):
            changes += _upgrade_rule(entry)
    after = before
    if changes:
        out = io.StringIO()
        yaml.dump(data, out)
        after = out.getvalue()
    return Upgrade(path, before, after, changes, encoding, head, newline)


def _upgrade_rule(entry: Any) -> list[str]:
    code = entry.get("code", "?")
    changes: list[str] = []
    params = entry.get("params")
    if entry.get("kind") == "member_share" and hasattr(params, "get"):
        which = params.get("group")
        if which in _MEMBER_GROUPS:
            entry["kind"] = "share"
            params["group"] = _flow(_MEMBER_GROUPS[which])
            params["at_least_members"] = which
            changes.append(f"{code}: kind member_share → share (at_least_members: {which})")
    if hasattr(params, "get") and hasattr(params.get("group"), "get"):
        changes += [f"{code}: {c}" for c in _upgrade_group(params["group"])]
    return changes


def _upgrade_group(group: Any) -> list[str]:
    """Rewrite one group (and its nested conditions) in place, keeping key order."""
    changes: list[str] = []
    if any(k in group for k in ("age_min", "age_max", "education_min")) or isinstance(
        group.get("category"), str
    ):
        new = current_group(dict(group))
        items = list(group.items())
        for key in list(group):
            del group[key]
        done: set[str] = set()
        for key, value in items:
            target = {"age_min": "age", "age_max": "age", "education_min": "education"}.get(
                key, key
            )
            if target in done:
                continue
            done.add(target)
            value = new[target]
            group[target] = _flow(value) if isinstance(value, dict | list) else value
            if target != key or key == "category":
                changes.append(f"{key}: {_show(dict(items)[key])} → {target}: {_show(value)}")
    for key in ("all", "any"):
        for sub in group.get(key) or []:
            if hasattr(sub, "get"):
                changes += _upgrade_group(sub)
    if hasattr(group.get("not"), "get"):
        changes += _upgrade_group(group["not"])
    return changes


def _flow(value: Any) -> Any:
    """A mapping or list written inline ({max: 40}, [领导干部]), as the rule sets write groups."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(value, dict):
        mapping = CommentedMap((k, _flow(v)) for k, v in value.items())
        mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        seq = CommentedSeq(value)
        seq.fa.set_flow_style()
        return seq
    return value


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


def meaning(rs: RuleSet) -> dict[str, Any]:
    """What each rule checks, whatever form it is written in: what two files must share for one
    to replace the other."""
    from electkit.core.groups import Group

    out: dict[str, Any] = {}
    for code, rule in rs.rules.items():
        data = dump_rule(rule)
        kind, params = data["kind"], dict(data.get("params") or {})
        if kind == "member_share":
            kind = "share"
            params = {
                "group": _MEMBER_GROUPS[params["group"]],
                "at_least_members": params["group"],
            }
        if kind == "share":
            group = Group.model_validate(
                {k: v for k, v in params["group"].items() if v is not None}
            )
            params = {k: v for k, v in params.items() if v is not None and k != "group"}
            params.setdefault("of", "delegates")
            params.setdefault("tolerance", "1/20")
            params["group"] = sorted((n, repr(v)) for n, v in group.parts())
        out[code] = (kind, data["severity"], params)
    return out


def verify_upgrade(result: Upgrade) -> None:
    """Load the file as written and as rewritten and compare what their rules check; a rewrite
    that changed a meaning is refused (InputError), never written.

    The rewrite is loaded from the bytes ``--write`` would write, in a temporary folder (nothing
    is left beside the user's file), with its relative ``extends:`` resolved against the
    original file's folder.
    """
    import tempfile

    from electkit.io.rules_loader import load_ruleset

    before = load_ruleset(str(result.path))
    changed = InputError([Problem(message_id="rules.upgrade_changed", file=str(result.path))])
    with tempfile.TemporaryDirectory(prefix="electkit-upgrade-") as folder:
        copy = Path(folder) / result.path.name
        copy.write_bytes(result.data())
        try:
            after = load_ruleset(str(copy), extends_from=result.path.parent.absolute())
        except InputError:  # the rewrite does not load: a fault of the upgrade, not the file
            raise changed from None
    if meaning(before) != meaning(after):
        raise changed
