"""Reading files: encodings, newlines, offsets as Python reads the file, and clear errors."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from readertui import source as source_mod
from readertui.formats import guess_format, sniff_format
from readertui.source import ArticleError, decode, read_source


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_utf8_bom_is_kept_at_offset_zero_like_python_reads_it(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", codecs.BOM_UTF8 + "Hello — world".encode())
    src = read_source(path)
    assert src.text == path.open(encoding="utf-8").read() == "\ufeffHello — world"


def test_crlf_and_cr_become_lf_like_universal_newlines(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", b"one\r\ntwo\rthree\n")
    assert read_source(path).text == "one\ntwo\nthree\n" == path.open(encoding="utf-8").read()


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    path = write(tmp_path, "a.txt", "Grüße\r\n".encode("utf-16"))
    src = read_source(path)
    assert src.text == "Grüße\n"
    assert src.encoding == "utf-16"


def test_sha256_is_of_the_bytes_on_disk(tmp_path: Path) -> None:
    import hashlib

    data = b"same text\r\n"
    path = write(tmp_path, "a.txt", data)
    assert read_source(path).sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "is empty"),
        ("blank.txt", b"  \n\n\t\n", "is empty"),
        ("bom-only.txt", codecs.BOM_UTF8, "is empty"),
        ("nul.txt", b"text\x00more", "binary"),
        ("image.txt", bytes(range(1, 256)) * 4, "binary"),
        ("latin1.txt", "café au lait".encode("latin-1"), "not valid UTF-8 (byte 0xe9 at offset 3)"),
        ("report.pdf", b"%PDF-1.4 ...", ".pdf files are not supported"),
    ],
)
def test_bad_files_get_one_clear_line(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(ArticleError) as info:
        read_source(path)
    text = str(info.value)
    assert message in text
    assert str(path) in text
    assert "\n" not in text


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="no such file"):
        read_source(tmp_path / "nope.txt")
    with pytest.raises(ArticleError, match="is a folder"):
        read_source(tmp_path)


def test_huge_file_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(source_mod, "MAX_BYTES", 10)
    path = write(tmp_path, "big.txt", b"x" * 11)
    with pytest.raises(ArticleError, match="too large"):
        read_source(path)


def test_decode_reports_utf16_errors() -> None:
    with pytest.raises(ArticleError, match="not valid UTF-16"):
        decode(codecs.BOM_UTF16_LE + b"\x00\xd8", "x")


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
        ("# Title\n\nSome *emphasis* and a [link](http://x).\n", "markdown"),
        ("> a quotation\n", "markdown"),
        ("Just words on a line.\n\nAnother paragraph.\n", "text"),
    ],
)
def test_unknown_extensions_are_sniffed(head: str, fmt: str) -> None:
    assert sniff_format(head) == fmt


def test_extension_decides_format(tmp_path: Path) -> None:
    text = b"# Not a heading in plain text\n"

    def format_of(name: str, data: bytes) -> str:
        source = read_source(write(tmp_path, name, data))
        return guess_format(source.path, source.text)

    assert format_of("a.txt", text) == "text"
    assert format_of("a.md", text) == "markdown"
    assert format_of("a.htm", b"<p>x</p>") == "html"
    assert format_of("a.article", text) == "markdown"
