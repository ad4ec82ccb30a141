"""Output files: a missing folder is made, a device is written through, and a failure is said in
the user's language (never "无法写入输出文件：No such file or directory")."""

from __future__ import annotations

import errno
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from electkit.cli.main import app
from electkit.core.errors import InputError
from electkit.io.inputs import os_error_text
from electkit.io.output import is_device as _is_device
from electkit.render.common import problem_line, write_atomic
from tests.helpers import EXAMPLES

TALLY = EXAMPLES / "tally"
runner = CliRunner()


def _failure(path: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        write_atomic(path, "x")
    (problem,) = caught.value.problems
    return [problem_line(problem, lang) for lang in ("zh", "en")]


def test_report_commands_make_a_missing_output_folder(tmp_path: Path) -> None:
    target = tmp_path / "out" / "2026" / "result.html"
    args = ["report", "result", str(TALLY / "committee.yaml"), str(TALLY / "committee.csv")]
    result = runner.invoke(app, [*args, "-o", str(target), "--lang", "zh"])
    assert result.exit_code == 0, result.stderr
    assert "中共青山乡第十届委员会委员" in target.read_text(encoding="utf-8")
    ballot = tmp_path / "ballots" / "b.html"
    result = runner.invoke(app, ["ballot", str(TALLY / "committee.yaml"), "-o", str(ballot)])
    assert result.exit_code == 0 and ballot.is_file()


def test_a_folder_in_the_way_and_a_full_disk_are_said_in_both_languages(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    zh, en = _failure(tmp_path / "file" / "sub" / "x.txt")
    assert zh.endswith("无法写入输出文件：路径中有一部分是文件而不是文件夹")
    assert en.endswith("cannot write the output file: part of the path is a file, not a folder")
    if Path("/dev/full").exists():  # the kernel's always-full device: ENOSPC on every write
        assert _is_device(Path("/dev/full"))  # else write_atomic would replace it (as root)
        zh, en = _failure(Path("/dev/full"))
        assert "磁盘已满" in zh and "No space" not in zh and "the disk is full" in en
        assert stat.S_ISCHR(Path("/dev/full").stat().st_mode)  # written through, not replaced


def test_a_device_is_written_through_not_replaced() -> None:
    write_atomic(Path("/dev/null"), "nothing")
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


@pytest.mark.parametrize(
    ("code", "zh", "en"),
    [
        (errno.ENOENT, "文件或文件夹不存在", "no such file or folder"),
        (errno.EACCES, "没有权限", "permission denied"),
        (errno.EPERM, "没有权限", "permission denied"),
        (errno.ENOSPC, "磁盘已满", "the disk is full"),
        (errno.EROFS, "只读", "read-only"),
        (errno.EISDIR, "文件夹", "folder"),
    ],
)
def test_common_system_errors_are_translated(code: int, zh: str, en: str) -> None:
    import os

    text = os_error_text(OSError(code, os.strerror(code)))
    assert zh in text.zh and en in text.en
    assert os.strerror(code) not in text.zh


def test_an_uncommon_system_error_keeps_its_words_and_name() -> None:
    text = os_error_text(OSError(errno.EXDEV, "Invalid cross-device link"))
    assert text.zh == text.en == "Invalid cross-device link (EXDEV)"
