"""``electkit rules …``: list, show, schema and lint of rule sets."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from electkit.cli.common import (
    App,
    ExitCode,
    Format,
    FormatOption,
    LangOption,
    console,
    emit,
    errors_reported,
)

app = App(help="规则集 / Rule sets: list, show, schema, lint.", no_args_is_help=True)


@app.command("list")
def list_(fmt: Format = FormatOption, lang: str | None = LangOption) -> None:
    """列出内置规则集 / List the packaged rule sets."""
    from electkit.messages import detect_lang, t

    language = detect_lang(lang)
    with errors_reported(language):
        from electkit.io.rules_loader import load_ruleset, packaged_names

        sets = [load_ruleset(name) for name in packaged_names()]
    rows = [
        {
            "name": rs.name,
            "title": rs.title.get(language),
            "extends": rs.chain[1] if len(rs.chain) > 1 else None,
            "national": rs.national,
            "in_force": rs.in_force.model_dump(mode="json") if rs.in_force else None,
            "rules": len(rs.rules),
            "sha256": rs.sha256(),
        }
        for rs in sets
    ]
    if fmt is Format.json:
        emit(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", None, language)
        return
    headers = [t(f"ui.{k}", language) for k in ("name", "title", "extends", "rules_count")]
    body = [
        [str(r["name"]), str(r["title"]), str(r["extends"] or ""), str(r["rules"])] for r in rows
    ]
    _table(headers, body, fmt, language)


def _table(
    headers: list[str], body: list[list[str]], fmt: Format, lang: str, title: str | None = None
) -> None:
    if fmt is Format.table:
        from rich.table import Table

        from electkit.render.common import folded

        table = Table(title=title, title_justify="left")
        for header in headers:
            table.add_column(header)
        for row in body:
            table.add_row(*row)
        console().print(folded(table))
        return
    from tabulate import tabulate

    text = (f"{title}\n\n" if title else "") + tabulate(
        body,
        headers=headers,
        tablefmt="github" if fmt is Format.markdown else "simple",
        disable_numparse=True,  # text stays as written (0.60 is not 0.6)
    )
    emit(text + "\n", None, lang)


def _params(rule: object) -> str:
    params = getattr(rule, "params", None)
    if params is None:
        return ""
    data = params.model_dump(mode="json", exclude_defaults=False, by_alias=True, exclude_none=True)
    return json.dumps(data, ensure_ascii=False)


@app.command("show")
def show(
    name: str = typer.Argument(
        ..., metavar="NAME", help="规则集名称或 .yaml 路径 / rule-set name or path"
    ),
    fmt: Format = FormatOption,
    lang: str | None = LangOption,
) -> None:
    """显示继承后的有效规则及其依据 / Show the effective rules after inheritance, each with its source."""
    from electkit.messages import detect_lang, t

    language = detect_lang(lang)
    with errors_reported(language):
        from electkit.core.ruleset import dump_rule
        from electkit.io.rules_loader import load_ruleset

        rs = load_ruleset(name)
    if fmt is Format.json:
        data = {
            "name": rs.name,
            "title": rs.title.model_dump(),
            "chain": list(rs.chain),
            "national_base": rs.national_base,
            "sha256": rs.sha256(),
            "in_force": rs.in_force.model_dump(mode="json") if rs.in_force else None,
            "documents": {k: d.model_dump(mode="json") for k, d in rs.documents.items()},
            "vocabulary": rs.vocabulary.model_dump(mode="json", exclude_defaults=True),
            "rules": [
                {
                    **dump_rule(rule),
                    "origin": rs.origin.get(code),
                    "cite": rs.cite(rule),
                }
                for code, rule in rs.rules.items()
            ],
        }
        emit(json.dumps(data, ensure_ascii=False, indent=2) + "\n", None, language)
        return
    from electkit.render.common import severity_label

    headers = [
        t(f"ui.{k}", language)
        for k in ("code", "severity", "title", "params", "origin", "quality", "source")
    ]
    body = [
        [
            code,
            severity_label(rule.severity, language),
            rule.title.get(language),
            _params(rule),
            rs.origin.get(code, ""),
            t(f"quality.{rule.source.quality}", language),
            rs.cite(rule),
        ]
        for code, rule in rs.rules.items()
    ]
    title = (
        f"{rs.name}: {rs.title.get(language)} ({' → '.join(rs.chain)}) SHA-256 {rs.sha256()[:12]}"
    )
    _table(headers, body, fmt, language, title)


@app.command("schema")
def schema(
    output: Path | None = typer.Option(None, "--output", "-o", help="写入文件 / write to a file"),
) -> None:
    """输出规则集文件格式的 JSON Schema(供编辑器自动补全) / JSON Schema of the rule-set format."""
    from electkit.core.schema import ruleset_schema

    emit(json.dumps(ruleset_schema(), ensure_ascii=False, indent=2) + "\n", output, "en")


@app.command("upgrade")
def upgrade(
    path: Path = typer.Argument(..., metavar="FILE", help="规则集 .yaml 文件 / a rule-set file"),
    write: bool = typer.Option(
        False, "--write", help="改写文件(否则只显示改动) / rewrite the file (else show the diff)"
    ),
    lang: str | None = LangOption,
) -> None:
    """把0.1版写法的规则集改写为现行写法，显示改动并证明含义不变 / Rewrite a rule set written for 0.1
    in the current forms, showing the diff; its rules mean the same."""
    from electkit.messages import detect_lang, t

    language = detect_lang(lang)
    with errors_reported(language):
        from electkit.io.rules_upgrade import upgrade_file, verify_upgrade
        from electkit.render.common import write_atomic

        result = upgrade_file(path)
        if result.changes:
            verify_upgrade(result)
            if write:
                write_atomic(path, result.data(), replace_input=True)
    if not result.changes:
        console().print(t("rules.upgrade.none", language, file=str(path)))
        return
    emit(result.diff(), None, language)
    key = "rules.upgrade.written" if write else "rules.upgrade.dry"
    sys.stderr.write(t(key, language, file=str(path), count=len(result.changes)) + "\n")


@app.command("lint")
def lint_cmd(
    name: str = typer.Argument(
        ..., metavar="NAME", help="规则集名称或 .yaml 路径 / rule-set name or path"
    ),
    fmt: Format = FormatOption,
    lang: str | None = LangOption,
    strict: bool = typer.Option(
        False, "--strict", help="有削弱全国下限之处即返回1 / exit 1 on any weakening"
    ),
) -> None:
    """检查地方规则集是否低于全国下限、是否使用了未声明的名称 / Report where a local rule set weakens a
    national floor, and names it does not declare (exit 1)."""
    from electkit.messages import detect_lang, t

    language = detect_lang(lang)
    with errors_reported(language):
        from electkit.core.lint import lint_lineage, own_items
        from electkit.io.rules_loader import load_ruleset
        from electkit.render.common import severity_label

        rs = load_ruleset(name)
        base = load_ruleset(rs.national_base) if rs.national_base else None
    items = lint_lineage(rs) if base else own_items(rs)
    if fmt is Format.json:
        data = {
            "ruleset": rs.name,
            "national": base.name if base else None,
            "items": [
                {
                    "rule": i.rule,
                    "type": i.type,
                    "severity": i.severity.value,
                    "message": t(
                        i.message_id, language, **i.params, local=i.local, national=i.national
                    ),
                    "local": i.local,
                    "national": i.national,
                    "local_source": i.local_source,
                    "national_source": i.national_source,
                    "against": (i.against or base.name) if base else None,
                }
                for i in items
            ],
        }
        emit(json.dumps(data, ensure_ascii=False, indent=2) + "\n", None, language)
    elif base is None and not items:
        console().print(t("lint.national", language, name=rs.name))
    else:
        headers = [
            t(f"ui.{k}", language)
            for k in ("rule", "type", "severity", "message", "local", "compared")
        ]
        body = [
            [
                i.rule,
                t(f"lint.type.{i.type}", language),
                severity_label(i.severity, language),
                t(i.message_id, language, **i.params, local=i.local, national=i.national),
                i.local_source or "",
                i.national_source or "",
            ]
            for i in items
        ]
        _table(headers, body, fmt, language, f"{rs.name} ↔ {base.name if base else '—'}")
    # an undeclared name is an error (checks refuse the set); weakenings fail only under --strict
    errors = sum(1 for i in items if i.severity.value == "error")
    weak = sum(1 for i in items if i.severity.value == "warning")
    failed = errors or (strict and weak)
    raise typer.Exit(int(ExitCode.FINDINGS) if failed else int(ExitCode.OK))
