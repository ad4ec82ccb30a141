"""``electkit county import`` and ``electkit bundle``: township folders carried as verified files."""

from __future__ import annotations

from pathlib import Path

import typer

from electkit.cli.common import ExitCode, LangOption, console, emit, errors_reported


def import_bundles(
    directory: Path = typer.Argument(
        ..., metavar="DIR", help="全县工作区(含 county.yaml) / county workspace"
    ),
    bundles: list[Path] = typer.Argument(
        ..., metavar="FILE.zip...", help="乡镇数据包 / township bundles"
    ),
    replace: bool = typer.Option(
        False,
        "--replace",
        help="用较新的数据包替换正在使用的 / replace the bundle in use by a newer one",
    ),
    lang: str | None = LangOption,
) -> None:
    """核验并导入乡镇数据包(每个文件的 SHA-256、计票簿核验和账本头) / Verify and file township bundles.

    任何文件被改动、添加或删除的数据包都会被拒绝并指明文件；同一数据包导入两次不作改动。
    退出码：1 数据包被改动(拒绝)；2 不是数据包、不安全或需要 --replace。
    A bundle with any file changed, added or missing is refused, naming the file; importing the
    same bundle twice changes nothing. Exit 1: a tampered bundle; 2: not a bundle, unsafe, or
    --replace needed.
    """
    from electkit.messages import detect_lang, t

    language = detect_lang(lang)
    code = ExitCode.OK
    with errors_reported(language):
        from electkit.app.bundle import import_bundle
        from electkit.app.county import load_workspace
        from electkit.core.errors import InputError
        from electkit.io.bundle import BundleRefused
        from electkit.render.common import problem_line

        workspace = load_workspace(directory)
        err = console(stderr=True)
        for path in bundles:
            try:
                done = import_bundle(workspace, path, replace=replace)
            except (BundleRefused, InputError) as exc:
                refused = isinstance(exc, BundleRefused)
                code = max(code, ExitCode.FINDINGS if refused else ExitCode.USAGE)
                err.print(
                    t("bundle.refused", language, path=str(path)), style="bold red", markup=False
                )
                for problem in exc.problems:
                    err.print("  " + problem_line(problem, language), markup=False, soft_wrap=True)
                continue
            key = {
                "imported": "bundle.imported",
                "replaced": "bundle.replaced",
                "unchanged": "bundle.unchanged",
            }[done.outcome]
            line = t(
                key,
                language,
                path=str(path),
                folder=str(done.folder),
                township=done.township,
                id=done.id[:12],
                previous=(done.previous or "—")[:12],
                kept=str(done.kept or "—"),
            )
            emit(line + "\n", None, language)
            for note in done.notes:
                err.print(
                    "  " + problem_line(note, language),
                    style="yellow",
                    markup=False,
                    soft_wrap=True,
                )
    raise typer.Exit(int(code))


def bundle(
    township: Path = typer.Argument(
        ..., metavar="TOWNSHIP_DIR", help="乡镇文件夹(含 election.yaml) / township folder"
    ),
    output: Path = typer.Option(..., "--output", "-o", help="数据包 .zip / bundle file"),
    lang: str | None = LangOption,
) -> None:
    """把乡镇文件夹打成数据包(含清单：各文件 SHA-256、规则集、账本头、版本、时间) / Pack a township folder.

    计票簿须通过核验且已关闭。打印的数据包编号和账本头请另行告知县里以便核对。
    Every counting book must verify and be closed. Tell the county the printed bundle id and
    book heads by another way, to compare.
    """
    from electkit.messages import detect_lang, t

    language = detect_lang(lang)
    with errors_reported(language):
        from electkit.app.bundle import make_bundle
        from electkit.io.bundle import BundleRefused
        from electkit.render.common import problem_line

        try:
            made = make_bundle(township, output)
        except BundleRefused as exc:
            err = console(stderr=True)
            for problem in exc.problems:
                err.print("  " + problem_line(problem, language), markup=False, soft_wrap=True)
            raise typer.Exit(int(ExitCode.FINDINGS)) from None
        manifest = made.manifest
        lines = [
            t(
                "bundle.made",
                language,
                path=str(output),
                township=manifest.township,
                files=len(manifest.files),
                books=len(manifest.books),
            ),
            t("bundle.id", language, id=made.id),
            *(t("bundle.book_line", language, book=b.path, head=b.head) for b in manifest.books),
            t("bundle.tell", language),
        ]
    emit("\n".join(lines) + "\n", None, language)
