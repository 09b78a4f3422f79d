"""Workbooks as grids (io.workbook): cells, merged ranges, percent formats; unreadable files said plainly."""

import zipfile

import pytest
import xlwt
from openpyxl import Workbook

import evalkit as ek
from evalkit.errors import InputError, UnreadableFile
from evalkit.io.workbook import column_letter, read_grids, ref


def test_not_a_workbook(tmp_path):
    bad = tmp_path / "report.xlsx"
    bad.write_text("not a workbook")
    with pytest.raises(InputError, match="report.xlsx.*不是 Excel 工作簿"):
        ek.load_self_evaluation(bad)


def test_empty_file(tmp_path):
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="文件为空"):
        ek.load_self_evaluation(empty)


def test_xlsx_named_file_that_is_encrypted_says_so(tmp_path):
    fake = tmp_path / "locked.xlsx"
    fake.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    with pytest.raises(InputError, match="密码保护"):
        ek.load_self_evaluation(fake)


def test_empty_missing_and_text_files_are_unreadable(tmp_path):
    empty = tmp_path / "空.xlsx"
    empty.write_bytes(b"")
    text = tmp_path / "文本.xlsx"
    text.write_text("项目名称,全年预算数\n", encoding="utf-8")
    cases = {empty: "文件为空（0 字节）", tmp_path / "无此.xlsx": "文件不存在",
             text: "不是 Excel 工作簿（扩展名 .xlsx，文件头不是 xlsx/xls）"}
    for path, message in cases.items():
        with pytest.raises(UnreadableFile) as err:
            read_grids(path)
        assert str(err.value) == f"工作簿 {path.absolute()}: {message}" and err.value.file == str(path)


def test_a_zip_that_is_not_a_workbook_is_unreadable(tmp_path):
    path = tmp_path / "压缩包.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "x")
    with pytest.raises(UnreadableFile, match="压缩包.xlsx.*不是可读取的 xlsx 工作簿"):
        read_grids(path)
    (tmp_path / "截断.xlsx").write_bytes(b"PK\x03\x04truncated")
    with pytest.raises(UnreadableFile, match="BadZipFile"):
        read_grids(tmp_path / "截断.xlsx")


def test_seed_grid_cells_and_references(yiyang):
    (grid,) = read_grids(yiyang)
    assert grid.sheet == "项目支出绩效自评表" and grid.file == str(yiyang)
    assert grid.raw(5, 4) == "\u3000701.8" and grid.text(5, 4) == "701.8"  # raw as written, text squashed
    assert grid.text(4, 4) == "全年预算数"
    assert grid.row_texts(4)[4] == "全年预算数" and grid.rows()[0] == 1 and grid.max_row >= 28


def test_merged_ranges_percent_formats_and_blank_cells(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "S"
    ws["A1"], ws["B2"], ws["C2"], ws["D2"] = "标题", 0.5, "  ", 7
    ws["B2"].number_format = "0.00%"
    ws.merge_cells("A1:C1")
    wb.save(tmp_path / "m.xlsx")
    (grid,) = read_grids(tmp_path / "m.xlsx")
    assert grid.raw(1, 3) is None and grid.raw(1, 3, merged=True) == "标题" and grid.text(1, 2, merged=True) == "标题"
    assert grid.percent == {(2, 2)} and (2, 3) not in grid.cells  # spaces only: an empty cell
    assert (grid.max_row, grid.max_col) == (2, 4)


def test_legacy_xls_sheets_merges_and_percent_formats(tmp_path):
    book = xlwt.Workbook()
    ws = book.add_sheet("旧表")
    ws.write_merge(0, 0, 0, 2, "标题")
    ws.write(1, 0, 0.95, xlwt.easyxf(num_format_str="0.00%"))
    ws.write(1, 1, 701.8)
    book.add_sheet("空表")
    book.save(str(tmp_path / "旧.xls"))
    first, second = read_grids(tmp_path / "旧.xls")
    assert (first.sheet, second.sheet, second.cells) == ("旧表", "空表", {})
    assert first.raw(1, 3, merged=True) == "标题" and first.raw(2, 2) == 701.8 and first.percent == {(2, 1)}


def test_references_and_letters():
    assert (ref(12, 6), ref(1, 27)) == ("F12", "AA1")
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


def test_a_damaged_xls_is_unreadable(tmp_path):
    damaged = tmp_path / "损坏.xls"
    damaged.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    with pytest.raises(UnreadableFile, match="损坏.xls"):
        read_grids(damaged)
