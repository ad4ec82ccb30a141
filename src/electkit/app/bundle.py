"""Township bundles: ``electkit bundle`` packs a township folder, ``electkit county import``
files bundles into the county workspace after verifying everything (docs/county.md).

An import never leaves a folder half-written: the bundle is extracted and verified in a
temporary folder of the workspace (``.electkit/``), then put in place with one rename; a folder
it replaces is kept under ``.electkit/replaced/``, never deleted.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from electkit.app.county import Workspace
    from electkit.core.errors import Problem
    from electkit.io.bundle import Manifest, OpenedBundle

WORK_DIR = ".electkit"


@dataclass(frozen=True)
class Bundled:
    """A bundle written: its id (SHA-256 of the manifest), its manifest and where it is."""

    id: str
    manifest: Manifest
    path: Path


def make_bundle(folder: Path, output: Path) -> Bundled:
    """Pack a township folder (inputs, counting books, reports) with its manifest.

    Every counting book must pass its own verify and be closed (no -wal file left by a teller
    still entering); the rule set is the one the folder's election.yaml names.
    """
    import json

    from electkit import __version__
    from electkit.app.book_state import read_book
    from electkit.app.election import load_election
    from electkit.core.errors import InputError, Problem
    from electkit.io.book import BookDamaged
    from electkit.io.bundle import (
        BundleRefused,
        Manifest,
        ManifestBook,
        ManifestFile,
        ManifestRules,
        bundle_id,
        created_now,
        folder_files,
        sha256_file,
        write_zip,
    )
    from electkit.io.township_files import BOOK_SUFFIX, ELECTION_FILE

    if not folder.is_dir():
        raise InputError([Problem(message_id="bundle.no_folder", file=str(folder))])
    if folder.resolve() in output.resolve().parents:
        raise InputError([Problem(message_id="bundle.output_inside", file=str(output))])
    election = load_election(folder / ELECTION_FILE)
    files = folder_files(folder)
    books: list[ManifestBook] = []
    problems: list[Problem] = []
    broken: list[str] = []
    for name, path in files:
        if not name.endswith(BOOK_SUFFIX):
            continue
        try:
            state = read_book(path)
        except BookDamaged as exc:  # changed outside electkit beyond what verify reads
            problems += exc.problems
            broken.append(name)
            continue
        if not state.intact:
            problems.append(
                Problem(
                    message_id="bundle.book_broken",
                    file=str(path),
                    params={"entry": str(state.broken_at or "—")},
                )
            )
        wal = Path(f"{path}-wal")
        if wal.exists() and wal.stat().st_size:
            problems.append(Problem(message_id="bundle.book_in_use", file=str(path)))
        books.append(ManifestBook(path=name, head=state.head, entries=state.entries))
    if problems:
        tampered = bool(broken) or any(p.message_id == "bundle.book_broken" for p in problems)
        raise BundleRefused(problems) if tampered else InputError(problems)
    listed = []
    for name, path in files:
        digest, size = sha256_file(path)
        listed.append(ManifestFile(path=name, size=size, sha256=digest))
    rules = election.ruleset
    manifest = Manifest(
        format="electkit-bundle",
        version=1,
        township=election.profile.township,
        electkit=__version__,
        created=created_now(),
        rules=ManifestRules(name=rules.name, sha256=rules.sha256()),
        files=tuple(listed),
        books=tuple(books),
    )
    raw = (
        json.dumps(manifest.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
    ).encode()
    write_zip(output, manifest, raw, files)
    return Bundled(bundle_id(raw), manifest, output)


Outcome = Literal["imported", "replaced", "unchanged"]


@dataclass(frozen=True)
class Imported:
    """One bundle filed into the workspace (or found there already)."""

    path: Path
    township: str
    folder: Path
    id: str
    outcome: Outcome
    previous: str | None = None  # the id of the bundle it replaced
    kept: Path | None = None  # where the replaced folder was kept
    notes: tuple[Problem, ...] = field(default=())


def import_bundle(workspace: Workspace, path: Path, *, replace: bool = False) -> Imported:
    """Verify one bundle and file it into its township's folder.

    Raises BundleRefused (a changed, added or missing file; a book that fails its verify or
    whose head differs from the manifest) or InputError (not a bundle, unsafe, a township the
    county does not have, a folder holding other work, an older bundle, ``--replace`` needed).
    """
    from electkit.core.errors import InputError, Problem
    from electkit.io.bundle import RECORD, bundle_record, open_bundle

    opened = open_bundle(path)
    manifest = opened.manifest
    row = workspace.county.row(manifest.township)
    if row is None:
        raise InputError(
            [
                Problem(
                    message_id="bundle.unknown_township",
                    file=str(path),
                    value=manifest.township,
                    params={"county": workspace.county.county},
                )
            ]
        )
    folder = workspace.root / row.directory
    record = bundle_record(folder) if folder.is_dir() else None
    notes = _rules_notes(workspace, opened)
    if record is not None and record.id == opened.id:
        if not record.changed:
            return Imported(path, row.name, folder, opened.id, "unchanged", notes=notes)
        if not replace:
            raise InputError(
                [
                    Problem(
                        message_id="bundle.folder_changed",
                        file=str(folder),
                        params={"files": _few(record.changed)},
                    )
                ]
            )
    elif record is not None:
        if manifest.created <= record.manifest.created:
            raise InputError(
                [
                    Problem(
                        message_id="bundle.older",
                        file=str(path),
                        params={
                            "made": manifest.created.isoformat(),
                            "current": record.manifest.created.isoformat(),
                            "id": record.id[:12],
                        },
                    )
                ]
            )
        if not replace:
            raise InputError(
                [
                    Problem(
                        message_id="bundle.needs_replace",
                        file=str(path),
                        params={"id": record.id[:12], "folder": str(folder)},
                    )
                ]
            )
    other = workspace.own_work(row) if record is None and folder.is_dir() else []
    if other and not replace:
        raise InputError(
            [
                Problem(
                    message_id="bundle.folder_has_work",
                    file=str(folder),
                    params={"files": _few(other)},
                )
            ]
        )
    staging = _staging(workspace.root, opened.id)
    try:
        _verify_into(opened, staging)
        (staging / RECORD).write_bytes(opened.manifest_bytes)
        if record is None and not other and folder.is_dir():
            # only the election.yaml county init derived (it can be derived again): not kept
            shutil.rmtree(folder)
        kept = _swap(workspace.root, folder, staging, opened.id)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        with contextlib.suppress(OSError):
            staging.parent.rmdir()  # the incoming folder, once empty
    outcome: Outcome = "replaced" if record is not None or other else "imported"
    notes = (*notes, *_rules_found(folder))
    return Imported(
        path,
        row.name,
        folder,
        opened.id,
        outcome,
        previous=None if record is None else record.id,
        kept=kept,
        notes=notes,
    )


def _few(names: tuple[str, ...] | list[str]) -> str:
    shown = list(names[:8])
    return "、".join(shown) + ("…" if len(names) > 8 else "")


def _staging(root: Path, bundle: str) -> Path:
    staging = root / WORK_DIR / "incoming" / f"{bundle[:12]}-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    return staging


def _verify_into(opened: OpenedBundle, staging: Path) -> None:
    """Extract into ``staging`` (hashes checked), then check each book: its own verify, and
    its head against the manifest's; the profile must be the manifest's township's."""
    from electkit.app.book_state import read_book
    from electkit.core.county import folder_key
    from electkit.core.errors import InputError, Problem
    from electkit.io.book import BookDamaged
    from electkit.io.bundle import BundleRefused, extract, sha256_file
    from electkit.io.profile import load_profile
    from electkit.io.township_files import BOOK_SUFFIX, ELECTION_FILE

    extract(opened, staging)
    manifest = opened.manifest
    declared = {b.path: b for b in manifest.books}
    problems: list[Problem] = []
    for entry in manifest.files:
        if not entry.path.endswith(BOOK_SUFFIX):
            continue
        book = declared.get(entry.path)
        if book is None:
            problems.append(
                Problem(
                    message_id="bundle.book_undeclared", file=str(opened.path), value=entry.path
                )
            )
            continue
        try:
            state = read_book(staging / entry.path)
        except BookDamaged as exc:  # its structure changed outside electkit: tampering
            problems += [
                p.model_copy(
                    update={
                        "file": str(opened.path),
                        "value": entry.path,
                        "params": {**p.params, "book": entry.path},
                    }
                )
                for p in exc.problems
            ]
            continue
        if not state.intact:
            problems.append(
                Problem(
                    message_id="bundle.book_broken",
                    file=str(opened.path),
                    value=entry.path,
                    params={"entry": str(state.broken_at or "—")},
                )
            )
        elif state.head != book.head:
            problems.append(
                Problem(
                    message_id="bundle.book_head",
                    file=str(opened.path),
                    value=entry.path,
                    params={"found": state.head[:12], "listed": book.head[:12]},
                )
            )
        if sha256_file(staging / entry.path)[0] != entry.sha256:  # reading must not change it
            problems.append(
                Problem(message_id="bundle.changed", file=str(opened.path), value=entry.path)
            )
    if problems:
        raise BundleRefused(problems)
    election = staging / ELECTION_FILE
    if not election.is_file():
        raise InputError([Problem(message_id="bundle.no_profile", file=str(opened.path))])
    township = load_profile(election).township
    if folder_key(township) != folder_key(manifest.township):
        raise BundleRefused(
            [
                Problem(
                    message_id="bundle.township_mismatch",
                    file=str(opened.path),
                    value=township,
                    params={"listed": manifest.township},
                )
            ]
        )


def _swap(root: Path, folder: Path, staging: Path, bundle: str) -> Path | None:
    """Put the verified folder in place; an existing folder is moved aside (and returned)."""
    import datetime as dt

    kept = None
    if folder.exists():
        stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
        kept = root / WORK_DIR / "replaced" / f"{folder.name}-{stamp}-{bundle[:12]}"
        kept.parent.mkdir(parents=True, exist_ok=True)
        os.replace(folder, kept)
    try:
        os.replace(staging, folder)
    except OSError:
        if kept is not None:
            os.replace(kept, folder)
        raise
    return kept


def _rules_found(folder: Path) -> tuple[Problem, ...]:
    """The rule set the imported election.yaml names must be reachable from the folder (a path
    such as ../县级规则.yaml means the county keeps its rule set beside county.yaml)."""
    from electkit.core.errors import InputError, Problem
    from electkit.io.profile import load_profile
    from electkit.io.rules_loader import resolve_path
    from electkit.io.township_files import ELECTION_FILE

    profile = load_profile(folder / ELECTION_FILE)
    try:
        found = profile.rules is None or resolve_path(profile.rules, relative_to=folder).exists()
    except InputError:
        found = False
    if found:
        return ()
    return (
        Problem(
            message_id="bundle.rules_missing",
            file=str(folder / ELECTION_FILE),
            value=profile.rules,
        ),
    )


def _rules_notes(workspace: Workspace, opened: OpenedBundle) -> tuple[Problem, ...]:
    """A bundle checked under another version of the county's rule set is said so (a note: the
    county checks it again under its own)."""
    from electkit.core.errors import Problem

    listed = opened.manifest.rules
    county = workspace.rules.ruleset
    if listed is None or (listed.name == county.name and listed.sha256 == county.sha256()):
        return ()
    return (
        Problem(
            message_id="bundle.other_rules",
            file=str(opened.path),
            params={
                "name": listed.name,
                "sha": listed.sha256[:12],
                "county": county.name,
                "county_sha": county.sha256()[:12],
            },
        ),
    )
