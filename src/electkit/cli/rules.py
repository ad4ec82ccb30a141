"""``electkit rules …``: list, show, schema and lint of rule sets."""

from __future__ import annotations

import json
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
    data = params.model_dump(mode="json", exclude_defaults=False)
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
        from electkit.core.ruleset import RULE_ADAPTER
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
            "rules": [
                {
                    **RULE_ADAPTER.dump_python(rule, mode="json"),
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
    from electkit.core.ruleset import RuleSetFile

    data = RuleSetFile.model_json_schema()
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["title"] = "electkit rule set"
    emit(json.dumps(data, ensure_ascii=False, indent=2) + "\n", output, "en")


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
    """检查地方规则集是否低于全国下限 / Report where a local rule set weakens a national floor."""
    from electkit.messages import detect_lang, t

    language = detect_lang(lang)
    with errors_reported(language):
        from electkit.core.lint import lint_lineage
        from electkit.io.rules_loader import load_ruleset
        from electkit.render.common import severity_label

        rs = load_ruleset(name)
        base = load_ruleset(rs.national_base) if rs.national_base else None
    items = lint_lineage(rs) if base else []
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
    elif base is None:
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
        _table(headers, body, fmt, language, f"{rs.name} ↔ {base.name}")
    weak = sum(1 for i in items if i.severity.value == "warning")
    raise typer.Exit(int(ExitCode.FINDINGS) if strict and weak else int(ExitCode.OK))
