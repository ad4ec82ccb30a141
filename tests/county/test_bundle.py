"""Township bundles: a round trip gives the county the township's files unchanged; every kind
of tampering (a changed byte, an added file, a removed file, a swapped book, a rewritten book)
is refused naming the file; the same bundle twice changes nothing; a newer one replaces only
with --replace; unsafe zips are refused and nothing lands outside the county folder."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import stat
import zipfile
from pathlib import Path

import pytest

from electkit.app.bundle import import_bundle, make_bundle
from electkit.app.county import load_workspace
from electkit.core.errors import InputError
from electkit.io import bundle as bundle_io
from electkit.io.bundle import MANIFEST, RECORD, BundleRefused
from tests.county.helpers import COUNTY, RULES, one_township, run

BOOK = "计票簿.book"


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """青山乡's folder and its bundle."""
    base = tmp_path_factory.mktemp("made")
    folder = base / "青山乡"
    shutil.copytree(COUNTY / "青山乡", folder)
    shutil.copy(COUNTY / RULES, base / RULES)  # election.yaml names ../县级规则.yaml
    target = base / "青山乡.zip"
    make_bundle(folder, target)
    return folder, target


@pytest.fixture
def county(tmp_path: Path) -> Path:
    """A county workspace of one township whose folder holds only what county init wrote."""
    root = one_township(tmp_path / "county")
    shutil.rmtree(root / "青山乡")
    run("county", "init", str(root), "--lang", "en")
    assert [p.name for p in (root / "青山乡").iterdir()] == ["election.yaml"]
    return root


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def manifest_of(files: dict[str, bytes]) -> dict[str, object]:
    data: dict[str, object] = json.loads(files[MANIFEST])
    return data


def relisted(files: dict[str, bytes], **changes: object) -> dict[str, bytes]:
    """The bundle with its manifest rewritten to match its files (what a forger would do)."""
    data = manifest_of(files)
    data["files"] = [
        {"path": n, "size": len(b), "sha256": hashlib.sha256(b).hexdigest()}
        for n, b in sorted(files.items())
        if n != MANIFEST
    ]
    data.update(changes)
    return {**files, MANIFEST: json.dumps(data, ensure_ascii=False).encode()}


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_round_trip(made: tuple[Path, Path], county: Path) -> None:
    folder, target = made
    done = import_bundle(load_workspace(county), target)
    assert done.outcome == "imported" and done.kept is None
    imported = county / "青山乡"
    got = folder_bytes(imported)
    assert got.pop(RECORD) == members(target)[MANIFEST]
    assert got == folder_bytes(folder)
    manifest = manifest_of(members(target))
    assert manifest["township"] == "青山乡" and manifest["format"] == "electkit-bundle"
    assert manifest["rules"]["name"] == "fuyuan-county-example"  # type: ignore[index]
    (book,) = manifest["books"]  # type: ignore[misc]
    from electkit.app.book_state import read_book

    assert book["head"] == read_book(folder / BOOK).head
    status = run("county", "status", str(county), "-f", "json").stdout
    (row,) = json.loads(status)["townships"]
    assert row["bundle"]["id"] == done.id and row["bundle"]["changed"] == []
    assert {c["state"] for c in row["contests"]} == {"official"}
    assert not (county / ".electkit" / "replaced").exists()  # init's election.yaml: not kept


def test_the_same_bundle_twice_changes_nothing(made: tuple[Path, Path], county: Path) -> None:
    _, target = made
    workspace = load_workspace(county)
    import_bundle(workspace, target)
    before = {p: p.stat().st_mtime_ns for p in county.rglob("*")}
    again = import_bundle(workspace, target)
    assert again.outcome == "unchanged"
    assert {p: p.stat().st_mtime_ns for p in county.rglob("*")} == before
    result = run("county", "import", str(county), str(target), "--lang", "en")
    assert "nothing changed" in result.stdout


def refused(county: Path, target: Path) -> list[tuple[str, str | None]]:
    """The problems of a refused bundle, after checking nothing was filed."""
    before = folder_bytes(county / "青山乡")
    with pytest.raises(BundleRefused) as caught:
        import_bundle(load_workspace(county), target)
    assert folder_bytes(county / "青山乡") == before
    assert not list((county / ".electkit").glob("incoming/*"))
    result = run("county", "import", str(county), str(target), "--lang", "en", code=1)
    assert str(target) in result.stderr
    return [(p.message_id, p.value) for p in caught.value.problems]


def test_a_changed_byte_is_refused_naming_the_file(
    made: tuple[Path, Path], county: Path, tmp_path: Path
) -> None:
    files = members(made[1])
    data = bytearray(files["tally/committee.yaml"])
    data[-2] ^= 1
    files["tally/committee.yaml"] = bytes(data)
    assert refused(county, rezip(tmp_path / "b.zip", files)) == [
        ("bundle.changed", "tally/committee.yaml")
    ]


def test_an_added_file_is_refused_naming_it(
    made: tuple[Path, Path], county: Path, tmp_path: Path
) -> None:
    files = {**members(made[1]), "reports/extra.csv": b"a,b\n"}
    assert refused(county, rezip(tmp_path / "b.zip", files)) == [
        ("bundle.added", "reports/extra.csv")
    ]


def test_a_removed_file_is_refused_naming_it(
    made: tuple[Path, Path], county: Path, tmp_path: Path
) -> None:
    files = members(made[1])
    del files["delegates.xlsx"]
    assert refused(county, rezip(tmp_path / "b.zip", files)) == [
        ("bundle.missing", "delegates.xlsx")
    ]


def test_a_swapped_book_is_refused(made: tuple[Path, Path], county: Path, tmp_path: Path) -> None:
    other = (COUNTY / "龙潭彝族乡" / BOOK).read_bytes()  # a real, intact book of another meeting
    files = {**members(made[1]), BOOK: other}
    assert refused(county, rezip(tmp_path / "b.zip", files)) == [("bundle.changed", BOOK)]
    # with the manifest's hashes forged to match, the book's head still gives it away
    forged = rezip(tmp_path / "c.zip", relisted(files))
    assert refused(county, forged) == [("bundle.book_head", BOOK)]


RELOCK = (
    "CREATE TRIGGER entries_append_only BEFORE UPDATE ON entries"
    " BEGIN SELECT RAISE(ABORT, 'the counting book is append-only'); END;"
)


@pytest.mark.parametrize(
    ("relock", "message"),
    [(True, "bundle.book_broken"), (False, "book.damaged.schema")],
    ids=["entry rewritten", "structure changed"],
)
def test_a_rewritten_book_is_refused(
    made: tuple[Path, Path], county: Path, tmp_path: Path, relock: bool, message: str
) -> None:
    """An entry rewritten (its trigger put back: the book's own verify finds it), or the
    book's structure left changed (refused on opening): both refused, with the manifest's
    hashes forged to match."""
    copy = tmp_path / BOOK
    shutil.copy(made[0] / BOOK, copy)
    conn = sqlite3.connect(copy)
    conn.executescript(
        "DROP TRIGGER entries_append_only;"
        'UPDATE entries SET payload = replace(payload, \'"via":"import"\', \'"via":"enter"\')'
        " WHERE seq = 10;" + (RELOCK if relock else "")
    )
    conn.close()
    files = relisted({**members(made[1]), BOOK: copy.read_bytes()})
    assert refused(county, rezip(tmp_path / "b.zip", files)) == [(message, BOOK)]


def test_another_township_in_the_manifest_is_refused(
    made: tuple[Path, Path], county: Path, tmp_path: Path
) -> None:
    files = relisted(members(made[1]), township="青山乡 ")
    with pytest.raises(InputError) as caught:  # not a township of this county (the name differs)
        import_bundle(
            load_workspace(county), rezip(tmp_path / "b.zip", relisted(files, township="石桥镇"))
        )
    assert caught.value.problems[0].message_id == "bundle.unknown_township"


def bundle_at(folder: Path, target: Path, epoch: int, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    make_bundle(folder, target)
    return target


def test_a_newer_bundle_replaces_only_with_replace(
    made: tuple[Path, Path], county: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "青山乡"
    shutil.copytree(made[0], folder)
    shutil.copy(COUNTY / RULES, tmp_path / RULES)
    first = bundle_at(folder, tmp_path / "1.zip", 1_142_800_000, monkeypatch)
    (folder / "reports").mkdir()
    (folder / "reports" / "audit.html").write_text("<p>审查报告</p>", encoding="utf-8")
    second = bundle_at(folder, tmp_path / "2.zip", 1_142_900_000, monkeypatch)
    workspace = load_workspace(county)
    assert import_bundle(workspace, first).outcome == "imported"
    with pytest.raises(InputError) as caught:
        import_bundle(workspace, second)
    assert caught.value.problems[0].message_id == "bundle.needs_replace"
    run("county", "import", str(county), str(second), "--lang", "en", code=2)
    done = import_bundle(workspace, second, replace=True)
    assert done.outcome == "replaced" and done.kept is not None and done.kept.is_dir()
    assert (county / "青山乡" / "reports" / "audit.html").is_file()
    assert folder_bytes(done.kept)[RECORD] == members(first)[MANIFEST]  # the old one is kept
    with pytest.raises(InputError) as caught:  # never back to an older one, even with --replace
        import_bundle(workspace, first, replace=True)
    assert caught.value.problems[0].message_id == "bundle.older"


def test_a_folder_changed_after_import(made: tuple[Path, Path], county: Path) -> None:
    workspace = load_workspace(county)
    import_bundle(workspace, made[1])
    (county / "青山乡" / "discipline.xlsx").write_bytes(b"changed")
    (row,) = json.loads(run("county", "status", str(county), "-f", "json").stdout)["townships"]
    assert row["bundle"]["changed"] == ["discipline.xlsx"]
    with pytest.raises(InputError) as caught:
        import_bundle(workspace, made[1])
    assert caught.value.problems[0].message_id == "bundle.folder_changed"
    assert import_bundle(workspace, made[1], replace=True).outcome == "replaced"
    assert (county / "青山乡" / "discipline.xlsx").read_bytes() == (
        made[0] / "discipline.xlsx"
    ).read_bytes()


def test_a_folder_with_other_work_needs_replace(made: tuple[Path, Path], county: Path) -> None:
    (county / "青山乡" / "delegates.csv").write_text("姓名\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_bundle(load_workspace(county), made[1])
    assert caught.value.problems[0].message_id == "bundle.folder_has_work"
    done = import_bundle(load_workspace(county), made[1], replace=True)
    assert done.kept is not None and (done.kept / "delegates.csv").is_file()


def unsafe(tmp_path: Path, made: tuple[Path, Path], name: str, **info: int) -> Path:
    target = tmp_path / "unsafe.zip"
    shutil.copy(made[1], target)
    encrypted = info.pop("flag_bits", 0) & 0x1
    with zipfile.ZipFile(target, "a") as archive:
        entry = zipfile.ZipInfo(name)
        for key, value in info.items():
            setattr(entry, key, value)
        archive.writestr(entry, b"x")
    if encrypted:  # zipfile never writes the flag: set it in the central directory by hand
        data = bytearray(target.read_bytes())
        at = data.rindex(b"PK\x01\x02")  # the last member's central directory record
        data[at + 8] |= 0x1
        target.write_bytes(bytes(data))
    return target


@pytest.mark.parametrize(
    ("name", "info", "message"),
    [
        ("../evil.txt", {}, "bundle.unsafe_name"),
        ("/tmp/evil.txt", {}, "bundle.unsafe_name"),
        ("C:/evil.txt", {}, "bundle.unsafe_name"),
        ("tally\\..\\..\\evil.txt", {}, "bundle.unsafe_name"),
        ("tally/./x.txt", {}, "bundle.unsafe_name"),
        ("link", {"external_attr": (stat.S_IFLNK | 0o777) << 16}, "bundle.symlink"),
        ("fifo", {"external_attr": (stat.S_IFIFO | 0o644) << 16}, "bundle.special"),
        ("ELECTION.YAML", {}, "bundle.duplicate"),
        ("secret.txt", {"flag_bits": 0x1}, "bundle.encrypted"),
    ],
)
def test_unsafe_zips_are_refused(
    made: tuple[Path, Path],
    county: Path,
    tmp_path: Path,
    name: str,
    info: dict[str, int],
    message: str,
) -> None:
    target = unsafe(tmp_path, made, name, **info)
    with pytest.raises(InputError) as caught:
        import_bundle(load_workspace(county), target)
    assert [(p.message_id, p.value) for p in caught.value.problems] == [(message, name)]
    result = run("county", "import", str(county), str(target), "--lang", "en", code=2)
    assert "refused" in result.stderr
    assert not (tmp_path / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()
    assert [p.name for p in (county / "青山乡").iterdir()] == ["election.yaml"]


def test_not_a_zip_not_a_bundle_and_too_large(
    made: tuple[Path, Path], county: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def problem(path: Path) -> str:
        with pytest.raises(InputError) as caught:
            import_bundle(load_workspace(county), path)
        return caught.value.problems[0].message_id

    (tmp_path / "x.zip").write_bytes(b"PK\x03\x04 not really")
    assert problem(tmp_path / "x.zip") == "bundle.not_zip"
    assert problem(rezip(tmp_path / "y.zip", {"a.csv": b"1"})) == "bundle.not_bundle"
    files = members(made[1])
    assert problem(rezip(tmp_path / "z.zip", {**files, MANIFEST: b"{"})) == "bundle.bad_manifest"
    with pytest.raises(InputError) as caught:  # where the JSON breaks, said in each language
        import_bundle(load_workspace(county), tmp_path / "z.zip")
    from electkit.render.common import problem_line

    (bad,) = caught.value.problems
    assert "不是有效的 JSON(第1行第2列有误)" in problem_line(bad, "zh")
    assert "not valid JSON (line 1, column 2" in problem_line(bad, "en")
    assert "Expecting" not in problem_line(bad, "zh")
    monkeypatch.setattr(bundle_io, "MAX_BYTES", 1000)
    assert problem(made[1]) == "bundle.too_large"
    monkeypatch.setattr(bundle_io, "MAX_FILES", 3)
    assert problem(made[1]) == "bundle.too_many"


def test_a_bundle_cannot_be_made_of_a_book_in_use_or_broken(
    made: tuple[Path, Path], tmp_path: Path
) -> None:
    from electkit.io.book import Book
    from electkit.io.book_ops import record_returned

    folder = tmp_path / "青山乡"
    shutil.copytree(made[0], folder)
    shutil.copy(COUNTY / RULES, tmp_path / RULES)
    with Book.open(folder / BOOK) as opened:  # a teller's session still open, with an entry
        record_returned(opened, opened.contest("委员"), 118)
        with pytest.raises(InputError) as caught:
            make_bundle(folder, tmp_path / "b.zip")
        assert caught.value.problems[0].message_id == "bundle.book_in_use"
    assert not (tmp_path / "b.zip").exists()
    conn = sqlite3.connect(folder / BOOK)
    conn.executescript(
        "DROP TRIGGER entries_keep; DELETE FROM entries WHERE seq = 5;"
        "CREATE TRIGGER entries_keep BEFORE DELETE ON entries"
        " BEGIN SELECT RAISE(ABORT, 'the counting book is append-only'); END;"
    )
    conn.close()
    result = run("bundle", str(folder), "-o", str(tmp_path / "b.zip"), "--lang", "en", code=1)
    assert "fails its verify" in result.stderr
    conn = sqlite3.connect(folder / BOOK)
    conn.executescript("DROP TRIGGER entries_keep;")  # the structure changed: refused on opening
    conn.close()
    result = run("bundle", str(folder), "-o", str(tmp_path / "b.zip"), "--lang", "en", code=1)
    assert "structure was changed outside electkit" in result.stderr
    with pytest.raises(InputError) as inside:
        make_bundle(folder, folder / "b.zip")
    assert inside.value.problems[0].message_id == "bundle.output_inside"


def test_a_symlink_in_the_folder_is_not_bundled(made: tuple[Path, Path], tmp_path: Path) -> None:
    folder = tmp_path / "青山乡"
    shutil.copytree(made[0], folder)
    shutil.copy(COUNTY / RULES, tmp_path / RULES)
    os.symlink("/etc/hostname", folder / "host.txt")
    with pytest.raises(InputError) as caught:
        make_bundle(folder, tmp_path / "b.zip")
    assert caught.value.problems[0].message_id == "bundle.symlink_in_folder"


def test_the_bundle_command_prints_the_id_and_heads(
    made: tuple[Path, Path], tmp_path: Path
) -> None:
    result = run("bundle", str(made[0]), "-o", str(tmp_path / "b.zip"), "--lang", "zh")
    manifest = members(tmp_path / "b.zip")[MANIFEST]
    assert hashlib.sha256(manifest).hexdigest() in result.stdout
    assert json.loads(manifest)["books"][0]["head"] in result.stdout


def test_a_rule_set_the_county_does_not_have_is_noted(
    made: tuple[Path, Path], tmp_path: Path
) -> None:
    root = one_township(tmp_path / "county")
    shutil.rmtree(root / "青山乡")
    text = (root / "county.yaml").read_text(encoding="utf-8")
    (root / "county.yaml").write_text(
        text.replace("rules: 县级规则.yaml", "rules: fuyuan-2006"), encoding="utf-8"
    )
    (root / RULES).unlink()  # the county keeps no copy of the rule set the township used
    done = import_bundle(load_workspace(root), made[1])
    assert [n.message_id for n in done.notes] == ["bundle.other_rules", "bundle.rules_missing"]
    result = run("county", "import", str(root), str(made[1]), "--lang", "en")
    assert "nothing changed" in result.stdout
