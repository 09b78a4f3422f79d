"""Marked tables (reports.marked): the cells findings point at, highlighted by severity, with 差额."""

from evalkit.findings import Finding
from evalkit.reports.marked import Cell, marked_table


def finding(severity, cell, file="/d/a.xlsx", sheet="表1"):
    return Finding("total-row", severity, file, sheet, cell, "合计", 282.19, 302.19, f"{cell} 合计不符", "amount",
                   difference=-20.0)


def test_the_worst_finding_of_a_cell_decides_its_mark_and_all_are_in_its_hover_text():
    row = [Cell("282.19", "/d/a.xlsx", "表1", "D11", True), Cell("213.05", "/d/a.xlsx", "表1", "E11", True)]
    t = marked_table(["全年预算", "全年执行"], [row], [finding("warning", "D11"), finding("error", "D11"),
                                                   finding("info", "E11")])
    assert t.marked() == {"D11": "evalkit-wrong", "E11": "evalkit-hint"}
    page = t.html()
    assert "D11 错误：D11 合计不符；D11 存疑：D11 合计不符" in page and "D11 · 应为 302.19 · 差额 -20.00" in page


def test_a_finding_marks_only_its_own_file_and_sheet():
    row = [Cell("1", "/d/a.xlsx", "表1", "D11"), Cell("2", "/d/b.xlsx", "表1", "D11"), Cell("3", "/d/a.xlsx", "表2", "D11")]
    t = marked_table(["a", "b", "c"], [row], [finding("error", "D11")])
    assert t.html().count('class="evalkit-wrong"') == 1


def test_unplaced_cells_carry_no_reference_and_total_rows_are_bold():
    t = marked_table(["项目", "复算"], [["甲", Cell("1.00", numeric=True)], ["合计", "2.00"]], [], totals=[1])
    page = t.html()
    assert "title=" not in page and page.count('class="evalkit-total"') == 1 and '<td class="num">1.00</td>' in page
    assert t.to_frame().values.tolist() == [["甲", "1.00"], ["合计", "2.00"]]


def test_cell_text_and_messages_are_escaped():
    bad = Finding("total-row", "error", "/d/a.xlsx", "S", "A1", "x", 1, 2, "<img src=x onerror=alert(1)>", "amount")
    page = marked_table(["<b>h</b>"], [[Cell("<i>v</i>", "/d/a.xlsx", "S", "A1")]], [bad]).html()
    assert "<img" not in page and "<i>" not in page and "<b>h" not in page and "&lt;img" in page
