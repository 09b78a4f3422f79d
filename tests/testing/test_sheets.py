from openpyxl import load_workbook

import evalkit as ek
from evalkit.testing.sheets import write_rows


def test_rows_merges_and_percent_formats_land_where_asked(tmp_path):
    path = write_rows(tmp_path, "t.xlsx", [["项目名称", "全年预算", "全年执行", "执行率"], ["甲", 10, 9, 0.9], [None, None]],
                      merges=["A3:D3"], percent=["D2"])
    ws = load_workbook(path).active
    assert ws["B2"].value == 10 and ws["D2"].number_format == "0.00%" and "A3:D3" in ws.merged_cells
    table = ek.load_table(path)
    assert table.kind == "project_budget" and table.frame["rate_reported"].tolist() == [0.9]
