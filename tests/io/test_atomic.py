"""Atomic writes (io.atomic): a file appears whole or not at all."""

import pytest

from evalkit.io.atomic import write_atomic


def test_write_atomic_leaves_no_partial_file(tmp_path):
    target = tmp_path / "a.html"
    write_atomic(target, "完整")
    assert target.read_text(encoding="utf-8") == "完整" and [p.name for p in tmp_path.iterdir()] == ["a.html"]


def test_text_is_utf8_bytes_as_given_and_folders_are_made(tmp_path):
    write_atomic(tmp_path / "a" / "b" / "t.txt", "复核 701.8")
    write_atomic(tmp_path / "raw.bin", b"\x00\xff")
    assert (tmp_path / "a" / "b" / "t.txt").read_bytes() == "复核 701.8".encode("utf-8")
    assert (tmp_path / "raw.bin").read_bytes() == b"\x00\xff"


def test_a_failed_write_leaves_no_temp_file_and_the_previous_file_untouched(tmp_path):
    target = tmp_path / "index.html"
    write_atomic(target, "旧版")
    with pytest.raises(TypeError):
        write_atomic(target, 12345)  # type: ignore[arg-type]  # neither text nor bytes
    assert target.read_text(encoding="utf-8") == "旧版"
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]


def test_a_failed_first_write_leaves_nothing(tmp_path):
    with pytest.raises(TypeError):
        write_atomic(tmp_path / "new.json", ["not", "bytes"])  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_an_overwrite_replaces_the_whole_file(tmp_path):
    target = tmp_path / "m.json"
    write_atomic(target, "x" * 1000)
    write_atomic(target, "短")
    assert target.read_text(encoding="utf-8") == "短" and oct(target.stat().st_mode & 0o777) == "0o644"
