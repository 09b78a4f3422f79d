"""What an xlsx's XML says beyond its values (io.xlsxml): percent formats, formulas saved without
a value, sheet names, and the limits checked before any reader opens the file."""

import pytest
from openpyxl import Workbook

from evalkit.errors import UnreadableFile
from evalkit.io.xlsxml import check_size, inspect_xlsx


def test_percent_cells_and_formulas_without_a_value_by_sheet_name(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "收支 & 执行"  # escaped in workbook.xml
    ws["A1"], ws["B1"], ws["C1"] = 0.9917, 0.5, "=A1*2"
    ws["A1"].number_format = "0.00%"
    ws["B1"].number_format = "0.00"
    other = wb.create_sheet("第二页")
    other["D4"] = 1
    other["D4"].number_format = "0%"
    wb.save(path := tmp_path / "x.xlsx")
    sheets = inspect_xlsx(path)
    assert set(sheets) == {"收支 & 执行", "第二页"}
    assert sheets["收支 & 执行"].percent == {(1, 1)} and sheets["收支 & 执行"].uncached == {(1, 3)}
    assert sheets["第二页"].percent == {(4, 4)} and sheets["第二页"].uncached == set()


def test_the_limits_name_the_file_and_sheet(tmp_path):
    with pytest.raises(UnreadableFile, match="x.xlsx 工作表 甲: 工作表范围 1048576 行 × 16384 列超过上限"):
        check_size(tmp_path / "x.xlsx", "甲", 1_048_576, 16_384, 0)
    with pytest.raises(UnreadableFile, match="合并单元格共覆盖 2,000,000 个单元格"):
        check_size(tmp_path / "x.xlsx", "甲", 10, 10, 2_000_000)
    check_size(tmp_path / "x.xlsx", "甲", 1000, 100, 1000)  # a real table passes
