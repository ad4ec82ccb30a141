import codecs

import pytest

from electkit.core.errors import InputError
from electkit.io.encoding import decode, encode_as_read

TEXT = "姓名,性别\n王芳,女\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("gb18030"), "gb18030"),
        ("王".encode("gbk"), "gb18030"),  # two bytes: a guessing library would misread this
    ],
)
def test_policy(data: bytes, expected: str) -> None:
    text, used = decode(data, "x.csv")
    assert used == expected
    assert text.lstrip("\ufeff").startswith(("姓名", "王"))


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        codecs.BOM_UTF32_BE + TEXT.encode("utf-32-be"),
        TEXT.encode("gbk"),
    ],
)
def test_text_is_written_back_as_it_was_read(data: bytes) -> None:
    text, used = decode(data, "x.csv")
    assert encode_as_read(text, data[:4], used) == data


def test_explicit_encoding_wins() -> None:
    data = "名單".encode("big5")
    text, used = decode(data, "x.csv", "big5")
    assert (text, used) == ("名單", "big5")


def test_failure_names_file_offset_and_fix() -> None:
    with pytest.raises(InputError) as caught:
        decode(b"\xff\xfe\xff" * 0 + b"ok,\x80\xff\x80\xff", "bad.csv")
    problem = caught.value.problems[0]
    assert problem.file == "bad.csv"
    assert problem.message_id == "encoding.failed"
    assert problem.params["offset"] == 3


def test_unknown_encoding_name() -> None:
    with pytest.raises(InputError) as caught:
        decode(b"x", "x.csv", "no-such-codec")
    assert caught.value.problems[0].message_id == "encoding.unknown"
