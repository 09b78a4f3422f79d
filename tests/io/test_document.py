"""Reading published reports: sniffing, the Document API, and files that are not what they claim."""

from __future__ import annotations

import pytest

from evalkit.errors import UnreadableFile
from evalkit.io.document import Document, Paragraph, document_kind, read_document
from evalkit.io.workbook import read_grids

PAGE = """<!DOCTYPE html><html><head><meta charset="gb2312"><title>t</title></head><body>
<h1>一、预算执行</h1><p>总体执行率75.5%。<br>第二行</p>
<table><tr><td rowspan="2">项目</td><td colspan="2">金额</td></tr><tr><td>预算</td><td>执行</td></tr>
<tr><td>甲</td><td>1.5</td><td>1</td></tr></table><p>结语</p></body></html>"""


def test_html_page_in_gbk_gives_paragraphs_and_a_grid_with_spans(tmp_path):
    path = tmp_path / "报告.htm"
    path.write_bytes(PAGE.encode("gb18030"))
    doc = read_document(path)
    assert isinstance(doc, Document) and doc.kind == "html" and document_kind(path) == "html"
    assert doc.paragraphs == [Paragraph("一、预算执行", "第1段"), Paragraph("总体执行率75.5%。", "第2段"),
                              Paragraph("第二行", "第3段"), Paragraph("结语", "第4段")]
    grid = doc.grids[0]
    assert grid.sheet == "表1" and grid.cells[(1, 2)] == "金额" and grid.cells[(3, 2)] == "1.5"
    assert grid.anchors[(2, 1)] == (1, 1) and grid.anchors[(1, 3)] == (1, 2) and grid.ref(3, 2) == "第3行第2列"
    assert read_grids(path)[0].cells == grid.cells


@pytest.mark.parametrize(("name", "data", "says"), [
    ("空.docx", b"", "文件为空"),
    ("假.docx", "这不是 Word 文档".encode(), "不是可读取的报告文件"),
    ("坏.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50, "PDF"),
    ("坏.docx", b"PK\x03\x04broken", "不是"),
])
def test_files_that_are_not_reports_are_unreadable_naming_the_file(tmp_path, name, data, says):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UnreadableFile, match=says) as caught:
        read_document(path)
    assert name in str(caught.value)
