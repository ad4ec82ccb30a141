"""Read YAML files safely, and point at the line of a key when a value is wrong."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from electkit.core.errors import InputError, Problem, ValueProblem, ValueProblems
from electkit.core.findings import Text
from electkit.io.inputs import check_input, note_read, read_failed

_NO_TIMESTAMPS = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# libyaml's C parser when PyYAML has it (several times faster), the pure-Python one otherwise
_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc]
    """A safe loader without implicit timestamps: dates stay text and pydantic reads them, so an
    impossible date (2006-13-40) is a field error, not a crash inside the YAML parser. A key
    given twice in one mapping is an error (the second would silently win)."""

    yaml_implicit_resolvers = _NO_TIMESTAMPS

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[Any] = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
            except TypeError:  # an unhashable key: the base constructor reports it
                break
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class LazyNode:
    """The node tree of a YAML text, composed only when an error needs a line number."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._node: yaml.Node | None = None
        self._done = False

    def resolve(self) -> yaml.Node | None:
        """The composed node tree (None for an empty document)."""
        if not self._done:
            self._node = yaml.compose(self._text, Loader=_Loader)
            self._done = True
        return self._node


MAX_YAML_BYTES = 16 << 20  # a profile, contest or rule set is a few KB; the largest ≈ 100 KB

# The first bytes of files that people pick by mistake where a YAML file is asked for
_BINARY_KINDS = (
    (b"PK\x03\x04", "yaml.is_excel"),  # .xlsx (and other zip archives)
    (b"\xd0\xcf\x11\xe0", "yaml.is_old_office"),  # .xls, .doc
    (b"%PDF", "yaml.is_pdf"),
)


def read_yaml(path: Path) -> tuple[Any, LazyNode]:
    """Parse a YAML file; return the data and its (lazily composed) node tree, for line numbers.

    The text is read as the CSV reader reads a table (BOM, else UTF-8, else GB18030: Notepad's
    "ANSI" on Chinese Windows). Raises InputError naming the file (and line) when it cannot be
    read or parsed, and saying what the file looks like when it is not YAML at all.
    """
    text, _used, _head = read_yaml_text(path)
    try:
        data = yaml.load(text, Loader=_Loader)  # _Loader is a safe loader
    except (yaml.YAMLError, ValueError) as exc:
        if _looks_like_table(text):
            raise InputError([Problem(message_id="yaml.is_table", file=str(path))]) from None
        mark = getattr(exc, "problem_mark", None)
        detail = str(getattr(exc, "problem", None) or exc)
        raise InputError(
            [
                Problem(
                    file=str(path),
                    row=mark.line + 1 if mark else None,
                    **syntax_problem(detail),
                )
            ]
        ) from None
    if not isinstance(data, dict) and _looks_like_table(text):
        raise InputError([Problem(message_id="yaml.is_table", file=str(path))])
    return data, LazyNode(text)


def read_yaml_text(path: Path) -> tuple[str, str, bytes]:
    """The text of a YAML file, the encoding it was read with and its first four bytes (for
    ``encoding.encode_as_read``); InputError when it is no text file."""
    from electkit.io.encoding import decode

    check_input(path)  # a device or pipe (/dev/zero) is refused before it is opened
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_YAML_BYTES + 1)
        note_read(path)
    except OSError as exc:
        raise read_failed(path, exc) from None
    for magic, message_id in _BINARY_KINDS:
        if data.startswith(magic):
            raise InputError([Problem(message_id=message_id, file=str(path))])
    if len(data) > MAX_YAML_BYTES:
        raise InputError(
            [
                Problem(
                    message_id="yaml.too_large", file=str(path), params={"mb": MAX_YAML_BYTES >> 20}
                )
            ]
        )
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError([Problem(message_id="yaml.is_binary", file=str(path))])
    try:
        text, used = decode(data, str(path))
    except InputError:
        raise InputError([Problem(message_id="yaml.not_text", file=str(path))]) from None
    return text, used, data[:4]


_CELL_SEPARATORS = re.compile(r"[,\t，]")


def _looks_like_table(text: str) -> bool:
    """Whether text that is not a YAML mapping reads as rows of a CSV or tab-separated table."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    head = lines[:5]
    return bool(head) and all(len(_CELL_SEPARATORS.findall(line)) >= 2 for line in head)


# The YAML parser's common complaints (libyaml's and PyYAML's wording), said in our words
_SYNTAX_KINDS = (
    (re.compile(r"^duplicate key (.*)$"), "duplicate"),
    (re.compile(r"mapping values are not allowed"), "colon"),
    (re.compile(r"could not find expected ':'"), "no_colon"),
    (re.compile(r"did not find expected key|expected <block end>"), "key"),
    (re.compile(r"cannot start any token|tab character"), "character"),
    (re.compile(r"unexpected end of stream"), "end"),
    (re.compile(r"unknown escape character"), "escape"),
    (re.compile(r"expected ',' or '\]'"), "list"),
    (re.compile(r"expected ',' or '\}'"), "mapping"),
    (re.compile(r"expected '-' indicator"), "dash"),
    (re.compile(r"found undefined alias"), "alias"),
)


def syntax_problem(detail: str) -> dict[str, Any]:
    """The message id and parameters of a YAML syntax error: a known kind, or the parser's text."""
    for pattern, kind in _SYNTAX_KINDS:
        found = pattern.search(detail)
        if found is None:
            continue
        if kind == "duplicate":
            return {"message_id": "yaml.syntax.duplicate", "params": {"key": found.group(1)}}
        return {"message_id": f"yaml.syntax.{kind}"}
    return {"message_id": "yaml.syntax", "params": {"detail": detail}}


def node_line(tree: yaml.Node | LazyNode | None, loc: Sequence[int | str]) -> int | None:
    """The 1-based line of the deepest node reachable along ``loc`` (a pydantic error location)."""
    node = tree.resolve() if isinstance(tree, LazyNode) else tree
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if str(key.value) == str(part):
                    node = value
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return line
            node = node.value[part]
        else:
            return line
        line = node.start_mark.line + 1
    return line


def format_loc(loc: Sequence[int | str]) -> str:
    """A pydantic location as a key path: ``rules[3].params.ratio``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def validation_problems(
    exc: ValidationError,
    path: Path,
    node: yaml.Node | LazyNode | None,
    prefix: Sequence[int | str] = (),
    label: str | None = None,
    tag: str | None = None,
) -> list[Problem]:
    """Turn a pydantic error into problems with file, line, key path and what was expected.

    ``tag`` is the discriminator value pydantic puts first in a union member's location.
    """
    problems = []
    for err in exc.errors(include_url=False):
        loc = list(err["loc"])
        if tag is not None and loc and loc[0] == tag:
            loc = loc[1:]
        full = [*prefix, *loc]
        value = err.get("input")
        ours = (err.get("ctx") or {}).get("error")
        if isinstance(ours, ValueProblems):  # several, each at its own place below
            for below, item in ours.items:
                place = [*full, *below]
                problems.append(
                    Problem(
                        file=str(path),
                        row=node_line(node, place),
                        column=(f"{label} " if label else "") + format_loc(place),
                        message_id=item.message_id,
                        params=dict(item.params),
                    )
                )
            continue
        problems.append(
            Problem(
                file=str(path),
                row=node_line(node, full),
                column=(f"{label} " if label else "") + format_loc(full),
                value=None if isinstance(value, dict | list) else str(value),
                # our validators say what is wrong in both languages (the catalogues)
                **(
                    {"message_id": ours.message_id, "params": dict(ours.params)}
                    if isinstance(ours, ValueProblem)
                    else {"message_id": "yaml.invalid", "params": {"detail": detail_text(err)}}
                ),
            )
        )
    return problems


# pydantic's error types in Chinese; other types keep pydantic's English beside a Chinese lead
_ZH_DETAIL = {
    "missing": "缺少此项",
    "extra_forbidden": "不认识的键(是否拼写有误？)",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "date_parsing": "应为日期，如 2006-03-20",
    "date_from_datetime_parsing": "应为日期，如 2006-03-20",
    "date_from_datetime_inexact": "应为日期，如 2006-03-20",
    "date_type": "应为日期，如 2006-03-20",
    "string_type": "应为文字",
    "string_too_short": "不能为空",
    "list_type": "应为列表，如 [甲, 乙]",
    "tuple_type": "应为列表，如 [甲, 乙]",
    "dict_type": "应为键值对",
    "model_type": "应为键值对",
    "too_short": "不能为空",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应不大于 {le}",
    "literal_error": "应为以下之一：{expected}",
    "union_tag_invalid": "kind 应为以下之一：{expected_tags}",
    "union_tag_not_found": "缺少 kind",
}


def _pattern_words() -> dict[str, Text]:
    from electkit.core.rulebase import CODE_PATTERN
    from electkit.core.ruleset import NAME_PATTERN

    return {
        CODE_PATTERN: Text(
            zh="规则代码应为两个大写字母、连字符，再接大写字母或数字，如 DL-WOMEN、CS-AGE35",
            en="a rule code is two capital letters, a hyphen, then capitals or digits, e.g. "
            "DL-WOMEN, CS-AGE35",
        ),
        NAME_PATTERN: Text(
            zh="规则集名称只能用小写字母、数字、连字符、下划线和点，且以字母或数字开头，如 linxi-2026",
            en="a rule-set name is lower-case letters, digits, hyphens, underscores and dots, beginning with a letter or digit, e.g. linxi-2026",
        ),
    }


# pydantic's English where it misleads: a bare year (2006) is read as a Unix timestamp
_EN_DETAIL = {
    "date_from_datetime_inexact": "expected a date, e.g. 2006-03-20",
}


def detail_text(err: Any) -> Text:
    """What pydantic expected, in both languages."""
    english = _EN_DETAIL.get(str(err.get("type")), str(err["msg"]))
    if err.get("type") == "string_pattern_mismatch":  # say what the pattern means, not the regex
        words = _pattern_words().get(str((err.get("ctx") or {}).get("pattern")))
        if words is not None:
            return words
    template = _ZH_DETAIL.get(str(err.get("type")))
    if template is None:
        return Text(zh=f"取值有误({english})", en=english)
    context = {k: str(v) for k, v in (err.get("ctx") or {}).items()}
    try:
        chinese = template.format(**context)
    except (KeyError, IndexError):
        chinese = f"{template}({english})"
    return Text(zh=chinese, en=english)


M = TypeVar("M", bound=BaseModel)


def read_model(
    path: Path,
    model: type[M],
    keys: Text,
    more: Callable[[dict[str, Any], LazyNode], list[Problem]] | None = None,
) -> M:
    """A YAML file whose top level is a mapping, validated as ``model``; InputError naming the
    file, the line and the key path (``keys`` says which top-level keys are expected).

    ``more`` finds the problems pydantic's first errors keep it from reaching (checks across
    rows that run only once every row is valid), from the data as read, so they come in the
    same pass."""
    data, node = read_yaml(path)
    if not isinstance(data, dict):
        detail = Text(zh=f"顶层应为 {keys.zh} 等键", en=f"expected {keys.en} … at the top level")
        raise InputError(
            [Problem(message_id="yaml.invalid", file=str(path), params={"detail": detail})]
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = validation_problems(exc, path, node)
        if more is not None:
            problems += [p for p in more(data, node) if p not in problems]
        raise InputError(problems) from None
