"""Reading Word reports: paragraphs in order, tables with gridSpan/vMerge merged cells as anchors."""

from __future__ import annotations

import docx
import pytest

from evalkit.errors import UnreadableFile
from evalkit.io.word import read_docx


def test_merged_cells_written_by_python_docx_become_anchors(tmp_path):
    document = docx.Document()
    document.add_paragraph("一、项目概况")
    table = document.add_table(rows=4, cols=4)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "项目"  # vMerge over two rows
    table.cell(0, 1).merge(table.cell(0, 3)).text = "金额（万元）"  # gridSpan over three columns
    for col, text in enumerate(["预算", "执行", "执行率"], start=1):
        table.cell(1, col).text = text
    table.cell(2, 0).merge(table.cell(3, 1)).text = "合计"  # both: two rows by two columns
    table.cell(2, 2).text, table.cell(2, 3).text = "10", "100%"
    document.add_paragraph("结语")
    path = tmp_path / "报告.docx"
    document.save(path)
    prose, grids = read_docx(path)
    assert prose == [("一、项目概况", "第1段"), ("结语", "第2段")]
    (sheet, cells, anchors), = grids
    assert sheet == "表1"
    assert cells[(1, 1)] == "项目" and cells[(1, 2)] == "金额（万元）" and cells[(2, 4)] == "执行率"
    assert cells[(3, 1)] == "合计" and cells[(3, 3)] == "10" and (2, 1) not in cells
    assert anchors[(2, 1)] == (1, 1) and anchors[(1, 3)] == anchors[(1, 4)] == (1, 2)
    assert {anchors[k] for k in [(3, 2), (4, 1), (4, 2)]} == {(3, 1)}
    assert (2, 2) not in anchors and (3, 3) not in anchors


def test_a_zip_that_is_no_word_document_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "假.docx"
    path.write_bytes(b"PK\x03\x04broken")
    with pytest.raises(UnreadableFile) as caught:
        read_docx(path)
    assert "假.docx" in str(caught.value)
