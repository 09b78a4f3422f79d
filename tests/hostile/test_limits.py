"""Hostile workbooks: a few kilobytes that claim a huge sheet, merge a whole sheet, or unpack to
gigabytes get a clear error in seconds and well under 1 GB — checked in a child process whose
address space is capped at 1 GB and whose run is cut at 60 s."""

from __future__ import annotations

import struct
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

CHILD = textwrap.dedent("""
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))
    from evalkit.department.workbooks import check_paths
    report = check_paths([sys.argv[1]])
    print("UNREADABLE", *[str(e) for e in report.unreadable], sep="\\n")
""")


def check_in_a_box(path) -> str:
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def small_form(path, extra=None):
    wb = Workbook()
    ws = wb.active
    ws.title = "自评表"
    ws["A1"] = "项目支出绩效自评表"
    if extra:
        extra(ws)
    wb.save(path)
    return path


def test_a_tiny_workbook_claiming_cell_xfd1048576(tmp_path):
    path = small_form(tmp_path / "far.xlsx", lambda ws: ws.cell(1048576, 16384, "x"))
    assert path.stat().st_size < 10_000
    out = check_in_a_box(path)
    assert "far.xlsx" in out and "自评表" in out and "超过上限" in out


def rewrite_sheet(path, change):
    """Rewrite the first sheet's XML of an xlsx (openpyxl itself cannot write these attacks)."""
    with zipfile.ZipFile(path) as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}
    parts["xl/worksheets/sheet1.xml"] = change(parts["xl/worksheets/sheet1.xml"])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    return path


def test_a_merge_of_the_whole_sheet(tmp_path):
    path = rewrite_sheet(small_form(tmp_path / "merge.xlsx"), lambda xml: xml.replace(
        b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'))
    out = check_in_a_box(path)
    assert "merge.xlsx" in out and "超过上限" in out


def test_a_zip_bomb(tmp_path):
    path = small_form(tmp_path / "bomb.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (300 * 2**20))
    assert path.stat().st_size < 2_000_000
    out = check_in_a_box(path)
    assert "bomb.xlsx" in out and "压缩炸弹" in out


def test_an_oversized_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as fh:
        fh.write(b"PK\x03\x04")
        fh.truncate(60 * 2**20)  # sparse: 60 MB claimed, nothing written
    out = check_in_a_box(path)
    assert "huge.xlsx" in out and "超过自评表的上限" in out


@pytest.mark.parametrize("content,message", [(b"", "文件为空"), (b"PK\x03\x04garbage", "不是可读取的 xlsx"),
                                             (b"\xd0\xcf\x11\xe0garbage", "不是可读取的 xls"),
                                             ("项目,金额\n".encode(), "不是 Excel 工作簿")])
def test_broken_files_are_named_errors_not_tracebacks(tmp_path, content, message):
    from evalkit.department.workbooks import check_paths

    path = tmp_path / "bad.xls" if content.startswith(b"\xd0") else tmp_path / "bad.xlsx"
    path.write_bytes(content)
    report = check_paths([path])
    assert len(report.unreadable) == 1 and message in str(report.unreadable[0])


def test_a_reader_crash_on_one_file_is_an_error_for_that_file_and_the_others_are_checked(tmp_path, form, monkeypatch):
    import evalkit.department.workbooks as workbooks
    from evalkit.department.workbooks import check_paths

    good = form("good.xlsx")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(good.read_bytes())
    real = workbooks.read_workbook

    def read(path, *args, **kwargs):
        if Path(path).name == "broken.xlsx":
            raise struct.error("unpack requires a buffer of 8 bytes")  # what a damaged xls gives xlrd
        return real(path, *args, **kwargs)

    monkeypatch.setattr(workbooks, "read_workbook", read)
    report = check_paths([good, broken])
    assert [Path(d.file).name for d in report.documents] == ["good.xlsx"]
    assert len(report.unreadable) == 1 and "broken.xlsx" in str(report.unreadable[0])
    assert "文件可能已损坏（error: unpack requires a buffer of 8 bytes）" in str(report.unreadable[0])
