"""The one header matcher and cell reader (io.layout)."""

import math

import pytest
from openpyxl import Workbook

from evalkit.io.layout import (
    CellReader,
    Header,
    Value,
    find_header,
    header_key,
    is_stop_row,
    label_matches,
    parse_count,
    title_above,
    year_of,
)
from evalkit.io.workbook import read_grids
from evalkit.project import DATA

FUNDS = {"budget": ("全年预算", "全年预算数"), "executed": ("全年执行数",), "reason": ("偏差原因*",)}


def grid_of(tmp_path, cells, merges=(), percent=()):
    """The only sheet of a workbook holding ``cells`` ({"B30": value})."""
    wb = Workbook()
    ws = wb.active
    ws.title = "表"
    for ref, value in cells.items():
        ws[ref] = value
    for rng in merges:
        ws.merge_cells(rng)
    for ref in percent:
        ws[ref].number_format = "0.00%"
    wb.save(tmp_path / "t.xlsx")
    (grid,) = read_grids(tmp_path / "t.xlsx")
    return grid


@pytest.mark.parametrize("raw,key", [
    ("全年预算\n（万元）", "全年预算"), ("全年预算(万元)", "全年预算"), ("全年预算[万元]", "全年预算"),
    ("全年预算【万元】", "全年预算"), ("全年预算/万元", "全年预算"), ("执行率/%", "执行率"), ("总分(分)", "总分"),
    ("人数／人", "人数"), ("项目名称：", "项目名称"), ("项目名称:", "项目名称"), ("执行率（B/A)", "执行率"),
    ("　年度 指标值 ", "年度指标值"), (None, ""),
])
def test_header_key_strips_notes_units_and_colon(raw, key):
    assert header_key(raw) == key


def test_label_matches_whole_wordings_and_star_prefixes():
    assert label_matches("偏差原因分析及改进措施", ("偏差原因*",))
    assert not label_matches("得分率", ("得分",)) and label_matches("得分", ("分值", "得分"))


def test_find_header_finds_a_low_header_row_and_skips_incomplete_ones(tmp_path):
    grid = grid_of(tmp_path, {
        "A1": "2023年度项目支出绩效自评表", "B5": "全年预算",  # one role only: not the header
        "A30": "序号", "B30": "全年预算【万元】", "C30": "全年执行数\n（万元）", "D30": "偏差原因分析及改进措施",
        "B31": 100, "C31": 95})
    assert find_header(grid, FUNDS, required=("budget", "executed")) == (30, {"budget": 2, "executed": 3,
                                                                              "reason": 4})
    assert find_header(grid, FUNDS, required=("budget", "executed"), after=30) is None
    assert find_header(grid, FUNDS, required=("budget",), any_of=("reason",))[0] == 30


def test_a_header_over_two_rows(tmp_path):
    wanted = {"name": ("三级指标",), "target": ("年度指标值", "指标值"), "nature": ("指标性质",), "unit": ("度量单位",)}
    grid = grid_of(tmp_path, {"A1": "三级指标", "B1": "年度指标值", "B2": "指标性质", "C2": "指标值", "D2": "度量单位",
                              "A3": "巡查次数", "B3": "≥", "C3": 200, "D3": "次"}, merges=["B1:D1"])
    assert find_header(grid, wanted, required=("name", "target", "unit")) is None
    assert find_header(grid, wanted, required=("name", "target", "unit"), two_rows=True) == (
        2, {"name": 1, "nature": 2, "target": 3, "unit": 4})


def test_cell_reader_values_cells_precision_and_problems(tmp_path):
    grid = grid_of(tmp_path, {"A1": "十万", "B1": "30万元", "C1": 0.9917, "D1": "99.17%", "E1": "83人", "F1": "—"},
                   percent=["C1"])
    reader = CellReader(grid)
    assert reader.read(1, 2, "amount", "甲", "全年预算数") == Value(30.0, "B1", 0)
    assert reader.read(1, 3, "percent", "甲", "执行率") == Value(0.9917, "C1", 2)  # 99.17% shown: 2 decimals
    text = reader.read(1, 4, "percent", "甲", "执行率")
    assert (text.value, text.cell, text.ndigits) == (pytest.approx(0.9917), "D1", 2)
    assert reader.read(1, 5, "count", "甲", "人数").value == 83
    assert math.isnan(reader.read(1, 6, "amount", "甲", "全年执行数").value) and reader.problems == []
    bad = reader.read(1, 1, "amount", "甲", "全年预算数")
    assert math.isnan(bad.value) and bad.cell == "A1"  # never 0
    (f,) = reader.problems
    assert (f.rule, f.cell, f.sheet, f.reported) == ("unreadable-value", "A1", "表", "十万")
    assert f.message.startswith("全年预算数：无法把")
    assert math.isnan(reader.read(1, None, "amount", "甲", "x").value)


def test_header_describe_names_each_role_column_and_printed_text(yiyang):
    grid = read_grids(yiyang)[0]
    row, cols = find_header(grid, FUNDS, required=("budget", "executed"))
    assert Header("funds", row, cols, grid).describe() == "funds 表头在第 4 行：budget←D（全年预算数），executed←E（全年执行数）"
    assert Header("funds", row, cols).cell == "D4"


def test_titles_years_counts_and_stop_rows():
    grid = read_grids(DATA / "duji-2024" / "项目预算执行表.xlsx")[0]
    assert title_above(grid, 3) == "杜集区城市管理局2024年度项目预算执行情况表"
    assert year_of("2024 年度") == 2024 and year_of("1999年") is None
    assert (parse_count("100名"), parse_count(83), parse_count("—")) == (100.0, 83.0, None)
    assert is_stop_row({1: "注:本表据决算填报"}) and is_stop_row({3: "填表人：张三"}) and not is_stop_row({1: "合计"})


def test_a_whole_number_score_is_checked_to_a_tenth_typed_or_printed(tmp_path):
    # 廊坊 2019 prints 得分 9 where the rule gives 8.62: flagged from the workbook and from a report's table alike
    grid = grid_of(tmp_path, {"A1": 9, "B1": "9", "C1": 9.0, "D1": "8.62", "E1": 9.5})
    reader = CellReader(grid)
    assert [reader.read(1, c, "score", "甲", "得分").ndigits for c in range(1, 6)] == [1, 1, 1, 2, 1]
