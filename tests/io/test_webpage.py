"""Reading web pages: tables laid out with rowspan/colspan, prose per block."""

from __future__ import annotations

from evalkit.io.webpage import read_html

PAGE = """<html><head><meta charset="utf-8"></head><body><p>前言</p>
<table>
<tr><td rowspan="2">项目</td><td colspan="2">金额</td><td rowspan="3">备注</td></tr>
<tr><td>预算</td><td>执行</td></tr>
<tr><td colspan="2" rowspan="2">合计</td><td>3</td></tr>
<tr><td>4</td><td>末</td></tr>
</table><div>结语<br>另起一行</div></body></html>"""


def test_rowspan_and_colspan_give_anchors_and_cells_in_place(tmp_path):
    path = tmp_path / "报告.html"
    path.write_text(PAGE, encoding="utf-8")
    prose, grids = read_html(path)
    assert prose == [("前言", "第1段"), ("结语", "第2段"), ("另起一行", "第3段")]
    (sheet, cells, anchors), = grids
    assert sheet == "表1"
    assert cells == {(1, 1): "项目", (1, 2): "金额", (1, 4): "备注", (2, 2): "预算", (2, 3): "执行",
                     (3, 1): "合计", (3, 3): "3", (4, 3): "4", (4, 4): "末"}
    assert anchors[(2, 1)] == (1, 1) and anchors[(1, 3)] == (1, 2)
    assert anchors[(2, 4)] == anchors[(3, 4)] == (1, 4)
    assert {anchors[k] for k in [(3, 2), (4, 1), (4, 2)]} == {(3, 1)}
    assert (4, 3) not in anchors and (4, 4) not in anchors
