"""Generate docs/rules.md (one section per rule code) and docs/cli.md (every command's help).

Both files are checked by tests/test_docs.py: edit the rule sets, this script's descriptions
or the commands' help, then run

    .venv/bin/python scripts/gen_docs.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from electkit.cli.common import usage_piece
from electkit.cli.main import app
from electkit.core.kinds import registry
from electkit.core.lint import param_label
from electkit.core.rulebase import direction_of
from electkit.core.ruleset import dump_rule
from electkit.io.rules_loader import default_vocabulary, load_ruleset, packaged_names

DOCS = Path(__file__).resolve().parent.parent / "docs"

# What each code checks, in one or two sentences (the quoted clauses come from the rule sets).
DESCRIPTIONS: dict[str, str] = {
    "EL-FULL": "Each delegate or candidate must be a full Party member (正式党员). A probationary member (预备党员), a non-member, or an empty 政治面貌 cell is a finding.",
    "EL-PROBATION": "A 留党察看 sanction not ended on the cut-off date. Without a 处分时间 it is taken as running; within one year of it, running; one to two years, a warning to verify (the sanction lasts one or two years); after two years, ended. 警告, 严重警告 and 撤销党内职务 remove no right.",
    "EL-SUSPEND": "A person marked 留置/逮捕 (rights suspended) in the 留置逮捕 column.",
    "EL-INVEST": "A delegate candidate (every delegate on the list was one) marked 立案审查 = 是. Restricts nomination only: voter rolls and write-ins are never checked against it.",
    "EL-FAMPLAN": "A delegate candidate marked 违反计划生育 = 是. Same scope as EL-INVEST.",
    "EL-IDNUM": "ID numbers (GB 11643): 18 characters, digits with an optional final X, a real non-future birth date, the MOD 11-2 check digit. A 15-digit old number is a warning.",
    "EL-IDMATCH": "The birth date or gender encoded in a valid ID number differs from the declared one. A year-month date (1985.03, 1985年3月) is compared by year and month only; a full date is compared to the day, even the 1st (1985-03-01).",
    "EL-DUP": "The same ID number twice (error); the same name and birth date twice (warning: it may be two people).",
    "EL-ROSTER": "With `check slate --roster FILE`: each candidate must be on the roster, matched by ID number, else by name and birth date, else by a unique name. The roster's own record is then checked for eligibility (EL-*) too.",
    "CQ-SANCTION": "A committee candidate with a 警告 or 严重警告 within the last 12 months (a parameter) before the cut-off.",
    "DL-CONGRESS": "A delegate congress needs at least 500 party members, or `dispersed: true` in the profile.",
    "DL-TOTAL": "The approved delegate total (profile `delegate_seats`, else the number listed): above the maximum is an error, outside the usual range a warning. `needed` = how many fewer.",
    "DL-COUNT": "Delegates listed against the approved total: more is an error, fewer a warning (vacant seats).",
    "DL-ALLOC": "Unit seats (profile `units`) must add up to the total (error) and each lie within one seat of its exact quota T·m/M (warning). fuyuan-2006 leaves the seats assigned to 党委/纪委 leaders (`leader_seats`) out of the quota test.",
    "DL-EXTRA": "For each election unit with s seats: candidates ≥ s + ceil(s/5). Checked on slates (`check slate --contest delegates`); `check delegates` reports it as not checked.",
    "DL-HIGHER": "差额 among the candidates for delegate to the higher (county) congress, elected by the township congress: candidates ≥ s + ceil(s/5), s = the profile's `higher_delegate_seats` or `check slate --contest higher --seats N`.",
    "DL-LEADERS": "The share of 代表类别 = 领导干部 within 70% ± 5 points: `ceil(0.65·N) ≤ count ≤ floor(0.75·N)`.",
    "DL-TECH": "The share of 专业技术人员 within 15% ± 5 points.",
    "DL-MODEL": "The share of 先进模范人物 within 15% ± 5 points.",
    "DL-AGE40": "At least 60% of the delegates aged 40 or under on the cut-off date: `count ≥ ceil(0.6·N)`. An unknown birth date does not count as under 40.",
    "DL-WOMEN": "Women delegates not below the women's share of the township's party members: `women·M ≥ N·W` (profile `party_members`).",
    "DL-MINORITY": "Minority delegates (民族 ≠ 汉族) not below the minority share of party members.",
    "DL-EDU": "At least 80% of the delegates with 初中 or above: `count ≥ ceil(0.8·N)`.",
    "CS-SEATS": "Committee seats: a range (national 7–9), a number with named exceptions (fuyuan: 9, 古敢水族乡 7), or a number by villages (zhaotong: 9 with ≥ 5 villages, else 7).",
    "CS-DSEATS": "Discipline committee seats: fuyuan 3–5 (principle), zhaotong 5 with ≥ 5 villages, else 3.",
    "CS-OFFICERS": "Proposed posts on the committee slate: 1 书记 and 2 副书记 (fuyuan/zhaotong: one as 乡镇长, one 专职副书记); zhaotong also 纪委书记, 组织委员, 宣传委员.",
    "CS-DOFFICERS": "Proposed posts on the discipline slate: fuyuan 1 纪委书记 + 1 纪委副书记; zhaotong by seats (5: 1 书记, 2 专职, 2 兼职; 3: 1 书记, 2 专职).",
    "CS-MEMBERS": "Posts the other committee members should cover (人大主席, 纪委书记, 副乡镇长, 武装部长, 组织委员, 宣传委员 …).",
    "CS-EXTRA": '差额 in the committee-member contest: candidates ≥ s + ceil(s/5), or the rule set\'s fixed extra by seats (zhaotong: 9 → 2, 7 → 1). Where the text fixes the number ("为"), more is a warning.',
    "CS-DEXTRA": "差额 in the discipline-committee contest, as CS-EXTRA (zhaotong: exactly 1).",
    "CS-ORDER": "Candidate lists on ballots in surname-stroke order (姓氏笔画): stroke count, then 横竖撇点折, character by character. With `blank_slot: true` a two-character name compares as surname, blank, given name, so 田富 comes before 田大利. The finding gives the correct order; `needed` = the fewest names to move. Names with equal strokes (丁/十, 于/干) may stand in either order. A name with a character missing from the stroke table is a warning (it is placed after the known characters at that position). `electkit sort` writes any list in this order; the table and its source: `src/electkit/core/strokes_data/PROVENANCE.md`.",
    "CS-POSTS": "Planned leadership posts (领导职数) by population (fuyuan: 8 up to 40,000 people, 9 above; relaxed above 100,000 or with approved offices) or by size (zhaotong: 8, 9 when `very_large`).",
    "CS-AGE35": 'More than half of the team aged 30–40 ("以35岁左右干部为主体").',
    "CS-YOUNG": "At least one team member aged 30 or under (fuyuan, whole Party and government team) or 32 or under (zhaotong, the Party slate).",
    "CS-AGE50": 'Each candidate aged 50 or over is named ("原则上不再继续提名").',
    "CS-WOMAN": "At least one woman on the slate.",
    "CS-MINORITY": "In a township marked `minority_area: true`, at least one minority member in the team.",
    "CS-NATIVE": "A proposed 书记, 乡镇长 or 纪委书记 whose 籍贯 is this township. The township may be written in full, with 乡 for 镇 or the reverse, or by its name alone (富村镇: 富村乡, 富源县富村, 云南富源富村, 富村). A 籍贯 naming only a county (云南省富源县, 云南富源), or holding the township's name inside a longer one (大富村), is a warning (cannot be decided); one ending in another township or a village (营上镇, 富源县海田村) passes.",
    "CS-TENURE": "The same post in this township held for 6 full years or more at the cut-off → exchange.",
    "CS-NEWHEAD": "A newly promoted 正职 (书记, 乡镇长) already working in this township.",
    "CS-TERMS": "Two or more terms in the same post in this township → exchange.",
    "CS-RELATIVES": "Two team members listed as relatives of each other: one must go.",
    "CS-EXCHANGE": "Team members arriving by exchange at most a third of the team: `3·x ≤ n`.",
    "CQ-WORKYEARS": "Years of work (工龄) by proposed post: 书记 ≥ 5, 副书记/纪委书记 ≥ 3. A warning for women and minority cadres (relaxed).",
    "CQ-BELOW": "A proposed 书记 needs ≥ 2 years in the post below; a current 书记, 乡镇长 or 人大主席 satisfies it. Earlier posts are not in the data: check the personnel file.",
    "CQ-EDU": "Education 大专 or above for a proposed 书记, 副书记 or 纪委书记 (relaxed for women and minority cadres).",
    "TL-QUORUM": "Voters present against those entitled: `5·P > 4·E` (more_than) or `5·P ≥ 4·E` (at_least). Failing it: status `no_quorum`, nothing counted. At exactly 4/5 the result states the other reading.",
    "TL-RETURNED": "More ballots returned than issued (R > I) makes the election void: status `void`, nobody elected.",
    "TL-BALLOT": "A ballot is invalid when the scrutineers voided it or when it agrees with more people than seats (listed agrees plus distinct written-in names). An all-blank ballot is valid.",
    "TL-CHOICE": "Each listed candidate gets agree, oppose or abstain; a written-in name is an agree for that name.",
    "TL-NOMARK": "What may be printed on a ballot (`electkit ballot`): numbers only where the rule set sets `numbered: true` (the national sets forbid any identifying mark); `write_in_rows` sets the 另选他人 rows (default: as many as seats).",
    "TL-THRESHOLD": "Elected only with `2·agree > B`, B = entitled (2020) or present (1990-based sets). Exactly half fails.",
    "TL-RANK": "When more pass than seats, seats are filled in order of agree votes.",
    "TL-TIE": "A tie across the last seat goes to a re-vote among the tied only. Never lots, never ballot or stroke order.",
    "TL-SHORT": "Fewer pass than seats: another round for the missing seats, or reduce the seats when close (2020: with voters' majority or presidium decision).",
    "TL-SCRUT": "No scrutineer (监票人) may be a candidate in the contest.",
    "IN-VALUE": "A cell that cannot be read (a date, gender, education, 政治面貌 … not in a known form), or a date that cannot be true: after the election date (an error; the date is then unknown to every rule, so no negative age or 工龄 is ever measured), before the birth date, or joining the Party before 18 (warnings). The person is kept with that value unknown.",
    "IN-TOTAL": "A 合计/总计/Total row: an error, never read as a person.",
    "IN-EMPTY": "A row with cells but no name.",
    "IN-SKIPPED": "A note line below the table (注, 说明, 填表说明, 填表人, 制表 …), or a row of notes or format hints right under the header ((年.月), （是/否）, 注：…), skipped and reported.",
    "IN-COLUMN": "A column electkit does not know; ignored and reported.",
    "RS-INFORCE": "The rule set does not apply on the election date (national-1990 and the sets extending it end on 2020-07-13, inferred); names the successor set.",
}
NON_RULE_CODES = ("IN-VALUE", "IN-TOTAL", "IN-EMPTY", "IN-SKIPPED", "IN-COLUMN", "RS-INFORCE")
QUALITY = {
    "verified": "verified text",
    "reconstructed": "verified meaning, wording reconstructed",
    "secondary": "secondary source",
    "practice": "practice (sample documents)",
    "inferred": "inferred",
    "local": "the county document's own text",
}


def rules_md() -> str:
    sets = {name: load_ruleset(name) for name in packaged_names()}
    codes: list[str] = []
    for rs in sets.values():
        codes += [c for c in rs.rules if c not in codes]
    prefix_order = {"EL": 0, "CQ": 1, "DL": 2, "CS": 3, "TL": 4}
    first_seen = {c: i for i, c in enumerate(codes)}
    codes.sort(key=lambda c: (prefix_order[c[:2]], first_seen[c]))
    out = [
        "# Rule codes",
        "",
        "Every code electkit reports, with what it checks and, for each packaged rule set that has it,",
        "the severity, the parameters and the quoted clause. Generated by `scripts/gen_docs.py` from",
        "`rules/*.yaml`; a test fails when a code lacks its section. Codes are never reused.",
        "",
        "Severity follows the wording (digest §0): binding words give **error**, hedges (一般, 原则上,",
        "左右 …) give **warning**. Errors make `check …` exit 1; warnings only under `--strict`.",
        "",
        "Printed forms (audit and result reports) quote a clause only when its wording is the",
        "document's own (verified or reconstructed text of a regulation, a county's notice). A rule",
        "whose wording comes from a secondary source, a sample or electkit's own reading is named on",
        "forms by its regulation (and article where known), and its wording goes to the form's",
        "appendix 依据说明 / Notes on sources; the terminal shows the quotation, marked",
        "(二手来源 / 实践例文).",
        "",
    ]
    for code in [*codes, *NON_RULE_CODES]:
        desc = DESCRIPTIONS.get(code)
        if desc is None:
            raise SystemExit(f"scripts/gen_docs.py: no description for {code}")
        holders = [rs for rs in sets.values() if code in rs.rules]
        title = holders[0].rules[code].title if holders else None
        out.append(f"## {code}" + (f" · {title.zh} / {title.en}" if title else ""))
        out.append("")
        out.append(desc)
        out.append("")
        for rs in holders:
            rule = rs.rules[code]
            dumped = dump_rule(rule)
            params = json.dumps(dumped.get("params", {}), ensure_ascii=False)
            out.append(
                f"- **{rs.name}** ({rule.severity.value}, kind `{dumped['kind']}`, params `{params}`, "
                f"{QUALITY[rule.source.quality]}): {rs.cite(rule)}"
            )
            if rule.note:
                out.append(f"  - note: {rule.note.zh} / {rule.note.en}")
            form = rs.form_cite(rule)
            if form.quote is None:
                named = form.title + (f"，{form.ref}" if form.ref else "")
                out.append(
                    f"  - on printed forms: {named}, without the quotation; its wording is "
                    "listed in the form's appendix 依据说明 (Notes on sources)"
                )
        if not holders:
            out.append(
                "- Not a rule of any set: reported by the readers or the rule-set loader, in every rule set."
            )
        out.append("")
    out += kinds_md()
    out += groups_md()
    out += vocabulary_md()
    return "\n".join(out)


STRICTER = {
    "higher": "larger is stricter",
    "lower": "smaller is stricter",
    "more": "more entries are stricter",
    "fewer": "fewer entries are stricter",
    "true": "true is stricter",
    "false": "false is stricter",
    "severity": "error > warning > info",
    "exact": "prescribed: any change is a conflict",
    "custom": "compared by the kind",
    "none": "not compared (not a threshold)",
}


def kinds_md() -> list[str]:
    """One section per rule kind, from the registry: what, why, where, parameters, example."""
    out = [
        "# Rule kinds",
        "",
        "Every kind a rule set may use, from the registry in `src/electkit/core/kinds/`. Each",
        "parameter says which way it makes the rule stricter: `rules lint` compares it with the",
        "same rule in every set this one extends.",
        "",
    ]
    for name, kind in sorted(registry().items()):
        out += [f"## kind `{name}`", "", kind.doc.what, "", f"Why: {kind.doc.why}", ""]
        params = kind.rule.model_fields.get("params")
        model = getattr(params, "annotation", None) if params else None
        if isinstance(model, type) and hasattr(model, "model_fields"):
            out += ["| parameter | meaning | lint |", "|---|---|---|"]
            for field_name, info in model.model_fields.items():
                direction = direction_of(model, field_name)
                label = param_label(model, field_name)
                meaning = (info.description or "").replace("|", "\\|")
                shown = STRICTER[direction.value] if direction else "—"
                out.append(f"| `{info.alias or field_name}` ({label.zh}) | {meaning} | {shown} |")
            out.append("")
        out += ["Example:", "", "```yaml", kind.doc.example, "```", ""]
    return out


# what each key of a group tests, with an example (the model's own description where it has one)
GROUP_KEYS = {
    "category": (
        "代表类别 includes any of these (a cell may name several)",
        "category: [领导干部]",
    ),
    "column": (
        "a column the rule set declares holds one of these values",
        "column: {name: 是否一线, in: [是]}",
    ),
    "age": (
        "full years (周岁) on the cut-off date, both ends included; a month-only birth date in its own month is unknown",
        "age: {max: 45}",
    ),
    "born": (
        "born on or after `from`, and before `before` (80后: from 1980-01-01, before 1990-01-01)",
        "born: {from: 1980-01-01, before: 1990-01-01}",
    ),
    "education": (
        "学历 on the scale 小学 < 初中 < 高中 = 中专 < 大专 < 本科 < 研究生 < 博士",
        "education: {at_least: 大专}",
    ),
    "rank": (
        "职级 on the rule set's rank scale (无 is below every level)",
        "rank: {at_least: 副科级}",
    ),
    "posts": ("拟任职务 names any of these posts", "posts: [书记, 乡镇长]"),
    "current_posts": ("现任职务 names any of these posts", "current_posts: [副书记]"),
    "gender": ("性别 男 or 女", "gender: 女"),
    "minority": ("少数民族 (民族 other than 汉族)", "minority: true"),
    "all": ("every condition of the list holds", "all: [{gender: 女}, {age: {max: 35}}]"),
    "any": ("at least one condition of the list holds", "any: [{minority: true}, {gender: 女}]"),
    "not": ("the condition does not hold", "not: {rank: {at_least: 副科级}}"),
}


def groups_md() -> list[str]:
    """The conditions a group may test (``share``, ``townships_with``, ``county_share``)."""
    from electkit.core.groups import _KEYS

    missing = [k for k in _KEYS if k not in GROUP_KEYS]
    if missing:
        raise SystemExit(f"scripts/gen_docs.py: no description for group keys {missing}")
    out = [
        "# Groups",
        "",
        "Who a `share`, `townships_with` or `county_share` rule counts: a `label` (both languages)",
        "and conditions on each person; several keys in one mapping must all hold. A person whose",
        "cell leaves a condition open (blank, unreadable, a month-only birth date in its month) is",
        "counted as unknown, never as in or out.",
        "",
        "| key | tests | example |",
        "|---|---|---|",
    ]
    for key in _KEYS:
        tests, example = GROUP_KEYS[key]
        out.append(f"| `{key}` | {tests} | `{example}` |")
    out.append("")
    return out


def vocabulary_md() -> list[str]:
    """The national default vocabulary every rule set starts from."""
    vocab = default_vocabulary()
    out = [
        "# Vocabulary",
        "",
        "The names rules and readers share: the national defaults",
        "(`src/electkit/rules/vocabulary/national.yaml`); a rule set's `vocabulary:` adds to them.",
        "",
        "| section | names (aliases) |",
        "|---|---|",
    ]
    for section in ("categories", "posts", "ranks", "events", "columns"):
        entries = getattr(vocab, section)
        shown = "; ".join(
            t.name + (f" ({'、'.join(t.aliases)})" if t.aliases else "") for t in entries
        )
        out.append(f"| {section} | {shown or '—'} |")
    out.append("")
    return out


def _commands(group: Any, prefix: list[str]) -> list[tuple[list[str], Any]]:
    found: list[tuple[list[str], Any]] = []
    for name in sorted(group.commands):
        cmd = group.commands[name]
        if getattr(cmd, "commands", None):
            found += _commands(cmd, [*prefix, name])
        else:
            found.append(([*prefix, name], cmd))
    return found


def cli_md() -> str:
    root = typer.main.get_command(app)
    out = [
        "# Command reference",
        "",
        "Generated by `scripts/gen_docs.py` from the commands' own help; a test fails when it is stale.",
        "Output formats, JSON fields and exit codes: [formats.md](formats.md).",
        "",
        "Exit codes: 0 no errors (warnings allowed); 1 errors found (with `--strict`, warnings too),",
        "or tampering found by `book verify`; 2 bad invocation or unreadable input; 3 an official count",
        "is blocked; 70 an internal error (a bug: please report it).",
        "",
    ]
    for path, cmd in _commands(root, []):
        out.append(f"## electkit {' '.join(path)}")
        out.append("")
        out.append((cmd.help or "").strip())
        out.append("")
        args = [p for p in cmd.params if "Argument" in type(p).__name__]
        usage = " ".join(["electkit", *path, *(usage_piece(a) for a in args), "[OPTIONS]"])
        out.append(f"`{usage}`")
        out.append("")
        rows = []
        for param in cmd.params:
            if "Argument" in type(param).__name__:
                name = f"`{param.metavar or param.name.upper()}`"
            else:
                name = ", ".join(f"`{o}`" for o in [*param.opts, *param.secondary_opts])
            help_text = getattr(param, "help", None) or ""
            default = param.default if not callable(param.default) else None
            if default not in (None, False, (), ""):
                help_text += f" [default: {getattr(default, 'value', default)}]"
            if param.required:
                help_text += " [required]"
            cell = help_text.strip().replace("|", "\\|")
            rows.append(f"| {name} | {cell} |")
        if rows:
            out += ["| | |", "|---|---|", *rows, ""]
    return "\n".join(out)


def main() -> None:
    check = "--check" in sys.argv
    stale = []
    for name, text in (("rules.md", rules_md()), ("cli.md", cli_md())):
        path = DOCS / name
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        raise SystemExit(f"stale: {', '.join(stale)} — run scripts/gen_docs.py")


if __name__ == "__main__":
    main()
