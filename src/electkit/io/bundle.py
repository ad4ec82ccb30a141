"""Township bundles on disk: a zip of a township folder with a manifest, read defensively.

The manifest (``electkit-bundle.json``, the zip's first member) lists every file with its size
and SHA-256, each counting book with its head hash, the rule set's name and SHA-256, electkit's
version and when the bundle was made. A bundle's id is the SHA-256 of its manifest's bytes:
staff read it out with the book heads, as they write a book's head into the minutes.

Reading a zip trusts nothing in it: a member's name must be a plain relative path (no absolute
path, drive letter, ``..``, backslash or control character), no symlink or other special file,
no name twice (also not in another case or Unicode form), no encryption, at most ``MAX_FILES``
members and ``MAX_BYTES`` in all; sizes are counted while streaming, never taken on trust.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import stat
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from electkit.core.errors import ElectkitError, InputError, Problem
from electkit.core.findings import Text, listing
from electkit.io.township_files import visible

MANIFEST = "electkit-bundle.json"
RECORD = ".electkit-bundle.json"  # in a township folder: the manifest of the bundle in use
FORMAT = "electkit-bundle"
MAX_FILES = 5000
MAX_BYTES = 2 << 30  # 2 GiB uncompressed in all
MAX_MANIFEST = 4 << 20
CHUNK = 1 << 20
_HEX64 = r"^[0-9a-f]{64}$"
_DRIVE = re.compile(r"^[A-Za-z]:")


class BundleRefused(ElectkitError):
    """A bundle whose contents do not match its manifest, or whose book fails (exit 1)."""


class ManifestFile(BaseModel):
    """One file of the bundle."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str = Field(min_length=1)
    size: int = Field(ge=0)
    sha256: str = Field(pattern=_HEX64)


class ManifestBook(BaseModel):
    """A counting book of the bundle and its head when the bundle was made."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str = Field(min_length=1)
    head: str = Field(pattern=_HEX64)
    entries: int = Field(ge=0)


class ManifestRules(BaseModel):
    """The rule set the township's profile names."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    sha256: str = Field(pattern=_HEX64)


class Manifest(BaseModel):
    """``electkit-bundle.json``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["electkit-bundle"]
    version: Literal[1]
    township: str = Field(min_length=1)
    electkit: str
    created: dt.datetime
    rules: ManifestRules | None
    files: tuple[ManifestFile, ...]
    books: tuple[ManifestBook, ...] = ()


def bundle_id(manifest_bytes: bytes) -> str:
    """A bundle's id: the SHA-256 of its manifest."""
    return hashlib.sha256(manifest_bytes).hexdigest()


def name_key(name: str) -> str:
    """How two member names are compared (a case-insensitive file system would merge them)."""
    return unicodedata.normalize("NFC", name).casefold()


def unsafe_name(name: str) -> bool:
    """Whether a member name could land outside the folder or mean something else than it says."""
    if not name or "\\" in name or any(ord(c) < 0x20 or c == "\x7f" for c in name):
        return True
    if name.startswith("/") or _DRIVE.match(name):
        return True
    parts = name.rstrip("/").split("/")
    return any(part in ("", ".", "..") for part in parts)


def created_now() -> dt.datetime:
    """When a bundle is made: ``SOURCE_DATE_EPOCH`` when set (reproducible files), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now().astimezone().replace(microsecond=0)


def sha256_file(path: Path) -> tuple[str, int]:
    """(SHA-256, size) of a file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def folder_files(folder: Path) -> list[tuple[str, Path]]:
    """The files a bundle of ``folder`` holds, as (relative POSIX path, path), sorted.

    Hidden files and folders, editor lock files and a book's -wal/-shm are left out; a symlink
    is refused (a bundle holds files, never pointers to somewhere else).
    """
    out: list[tuple[str, Path]] = []
    links: list[str] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        for name in list(dirnames):
            if (here / name).is_symlink():
                links.append(str(here / name))
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and not (here / d).is_symlink()
        )
        for name in sorted(filenames):
            path = here / name
            if path.is_symlink():
                links.append(str(path))
            elif visible(path) and path.is_file():
                out.append((path.relative_to(folder).as_posix(), path))
    if links:
        raise InputError(
            [Problem(message_id="bundle.symlink_in_folder", file=link) for link in links]
        )
    return sorted(out)


def write_zip(
    target: Path, manifest: Manifest, manifest_bytes: bytes, files: list[tuple[str, Path]]
) -> None:
    """Write the bundle: the manifest first, then every file; the zip appears complete or not
    at all. A file that changed since the manifest was made (a teller still entering into the
    book) is named and nothing is written."""
    from electkit.io.output import atomic_output

    listed = {f.path: (f.sha256, f.size) for f in manifest.files}
    with (
        atomic_output(target) as handle,
        zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        archive.writestr(_info(MANIFEST), manifest_bytes)
        moved = []
        for name, path in files:
            digest, size = hashlib.sha256(), 0
            with path.open("rb") as source, archive.open(_info(name), "w") as sink:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    sink.write(chunk)
            if listed.get(name) != (digest.hexdigest(), size):
                moved.append(name)
        if moved:
            raise InputError(
                [Problem(message_id="bundle.moving", file=str(target), value=n) for n in moved]
            )


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    return info


@dataclass(frozen=True)
class OpenedBundle:
    """A bundle whose zip passed the safety checks: its manifest and its members."""

    path: Path
    manifest_bytes: bytes
    manifest: Manifest
    members: dict[str, zipfile.ZipInfo]  # file name → member (directories left out)

    @property
    def id(self) -> str:
        """The bundle's id."""
        return bundle_id(self.manifest_bytes)


def _refuse(path: Path, message_id: str, **params: Any) -> InputError:
    return InputError([Problem(message_id=message_id, file=str(path), params=params)])


def open_bundle(path: Path) -> OpenedBundle:
    """Open a bundle zip and check its members and manifest (nothing is extracted yet).

    InputError (exit 2) for a file that is not a zip, a zip that is not an electkit bundle or an
    unsafe one; BundleRefused (exit 1) when its members are not exactly the manifest's files.
    """
    if not path.is_file():
        raise _refuse(path, "file.not_found")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse(path, "bundle.not_zip") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_FILES + 1:
            raise _refuse(path, "bundle.too_many", count=len(infos), limit=MAX_FILES)
        problems: list[Problem] = []
        members: dict[str, zipfile.ZipInfo] = {}
        seen: dict[str, str] = {}
        total = 0
        for info in infos:
            name = info.filename
            kind = (info.external_attr >> 16) & 0o170000
            if unsafe_name(name):
                problems.append(
                    Problem(message_id="bundle.unsafe_name", file=str(path), value=name)
                )
            elif kind == stat.S_IFLNK:
                problems.append(Problem(message_id="bundle.symlink", file=str(path), value=name))
            elif kind not in (0, stat.S_IFREG, stat.S_IFDIR) and not info.is_dir():
                problems.append(Problem(message_id="bundle.special", file=str(path), value=name))
            elif info.flag_bits & 0x1:
                problems.append(Problem(message_id="bundle.encrypted", file=str(path), value=name))
            elif name_key(name.rstrip("/")) in seen:
                problems.append(
                    Problem(
                        message_id="bundle.duplicate",
                        file=str(path),
                        value=name,
                        params={"other": seen[name_key(name.rstrip("/"))]},
                    )
                )
            else:
                seen[name_key(name.rstrip("/"))] = name
                if not info.is_dir():
                    members[name] = info
                    total += info.file_size
        if problems:
            raise InputError(problems)
        if total > MAX_BYTES:
            raise _refuse(path, "bundle.too_large", size=total, limit=MAX_BYTES)
        if MANIFEST not in members:
            raise _refuse(path, "bundle.not_bundle")
        manifest_info = members.pop(MANIFEST)
        if manifest_info.file_size > MAX_MANIFEST:
            raise _refuse(path, "bundle.bad_manifest", detail=Text(zh="清单过大", en="too large"))
        try:
            raw = archive.read(manifest_info)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise _refuse(path, "bundle.bad_manifest", detail=str(exc)) from None
    manifest = _manifest(path, raw)
    _compare(path, manifest, members)
    return OpenedBundle(path, raw, manifest, members)


def _manifest(path: Path, raw: bytes) -> Manifest:
    try:
        data = json.loads(raw.decode("utf-8"))
        manifest = Manifest.model_validate(data)
    except (UnicodeDecodeError, ValueError) as exc:  # json's and pydantic's errors
        detail: Text | str
        if isinstance(exc, ValidationError):
            from electkit.io.yamlfile import detail_text

            parts = [(".".join(map(str, e["loc"])), detail_text(e)) for e in exc.errors()]
            detail = Text(
                zh="；".join(f"{where}：{what.zh}" for where, what in parts),
                en="; ".join(f"{where}: {what.en}" for where, what in parts),
            )
        elif isinstance(exc, json.JSONDecodeError):  # where the JSON breaks, in both languages
            detail = Text(
                zh=f"不是有效的 JSON(第{exc.lineno}行第{exc.colno}列有误)",
                en=f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
            )
        else:
            detail = Text(zh="不是 UTF-8 文本", en="not UTF-8 text")
        raise _refuse(path, "bundle.bad_manifest", detail=detail) from None
    bad = [f.path for f in manifest.files if unsafe_name(f.path) or f.path.endswith("/")]
    bad += [b.path for b in manifest.books if b.path not in {f.path for f in manifest.files}]
    if bad:
        raise _refuse(path, "bundle.bad_manifest", detail=listing(bad))
    return manifest


def _compare(path: Path, manifest: Manifest, members: dict[str, zipfile.ZipInfo]) -> None:
    """Every member is a listed file, of its listed size, and every listed file is a member."""
    listed = {f.path: f for f in manifest.files}
    problems = [
        Problem(message_id="bundle.added", file=str(path), value=name)
        for name in sorted(members)
        if name not in listed
    ]
    problems += [
        Problem(message_id="bundle.missing", file=str(path), value=name)
        for name in sorted(listed)
        if name not in members
    ]
    problems += [
        Problem(message_id="bundle.changed", file=str(path), value=name)
        for name, info in sorted(members.items())
        if name in listed and info.file_size != listed[name].size
    ]
    if problems:
        raise BundleRefused(problems)


def extract(bundle: OpenedBundle, target: Path) -> None:
    """Write every file of the bundle under ``target`` (a new, empty directory), checking each
    one's size and SHA-256 against the manifest as it streams; BundleRefused names every file
    that differs."""
    listed = {f.path: f for f in bundle.manifest.files}
    root = target.resolve()
    problems: list[Problem] = []
    with zipfile.ZipFile(bundle.path) as archive:
        for name, info in sorted(bundle.members.items()):
            expected = listed[name]
            destination = (target / PurePosixPath(name)).resolve()
            if root not in destination.parents:  # unsafe_name has refused this already
                raise _refuse(bundle.path, "bundle.unsafe_name", value=name)
            destination.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            size = 0
            try:
                with archive.open(info) as source, destination.open("xb") as sink:
                    while chunk := source.read(CHUNK):
                        size += len(chunk)
                        if size > expected.size:
                            break
                        digest.update(chunk)
                        sink.write(chunk)
            except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError):
                problems.append(
                    Problem(message_id="bundle.changed", file=str(bundle.path), value=name)
                )
                continue
            if size != expected.size or digest.hexdigest() != expected.sha256:
                problems.append(
                    Problem(message_id="bundle.changed", file=str(bundle.path), value=name)
                )
    if problems:
        raise BundleRefused(problems)


@dataclass(frozen=True)
class BundleRecord:
    """The bundle a township folder holds (its manifest, kept when it was imported), and the
    files of the folder that no longer match it."""

    id: str
    manifest: Manifest
    changed: tuple[str, ...]  # changed, added or missing since the import


def bundle_record(folder: Path) -> BundleRecord | None:
    """The bundle in use in a township folder, or None when none was imported there."""
    path = folder / RECORD
    if not path.is_file():
        return None
    raw = path.read_bytes()
    try:
        manifest = Manifest.model_validate(json.loads(raw.decode("utf-8")))
    except (UnicodeDecodeError, ValueError):
        return BundleRecord(bundle_id(raw), _unknown_manifest(), (RECORD,))
    return BundleRecord(bundle_id(raw), manifest, differences(folder, manifest))


def _unknown_manifest() -> Manifest:
    return Manifest(
        format="electkit-bundle",
        version=1,
        township="?",
        electkit="?",
        created=dt.datetime(1970, 1, 1, tzinfo=dt.UTC),
        rules=None,
        files=(),
    )


def differences(folder: Path, manifest: Manifest) -> tuple[str, ...]:
    """The files of a folder that differ from a manifest: changed, added or missing."""
    listed = {f.path: f for f in manifest.files}
    present = dict(folder_files(folder))
    out = [name for name in sorted(present) if name not in listed]
    out += [name for name in sorted(listed) if name not in present]
    for name, path in sorted(present.items()):
        entry = listed.get(name)
        if entry is not None:
            digest, size = sha256_file(path)
            if (digest, size) != (entry.sha256, entry.size):
                out.append(name)
    return tuple(sorted(out))
