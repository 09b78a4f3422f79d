"""Grids (io.grid): how a person finds a cell, in a worksheet and in a report's table, and back."""

import pytest

from evalkit.io.grid import Grid, cell_ref, position


def test_references_in_both_styles_and_back():
    assert (cell_ref(12, 6), cell_ref(12, 6, "rowcol")) == ("F12", "第12行第6列")
    for row, col in ((1, 1), (12, 6), (7, 27), (130, 52)):
        assert position(cell_ref(row, col)) == position(cell_ref(row, col, "rowcol")) == (row, col)
    assert Grid("报告.docx", "表3", {}, refs="rowcol").ref(4, 2) == "第4行第2列"


@pytest.mark.parametrize("bad", ["", "12F", "第12行", "F0x"])
def test_what_is_not_a_reference_is_said(bad):
    with pytest.raises(ValueError, match="not a cell reference"):
        position(bad)
