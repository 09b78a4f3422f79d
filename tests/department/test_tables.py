"""Readers of department tables: the seed workbooks and a corpus of layout variants."""

import math

import pytest
import xlwt

import evalkit as ek
from evalkit.project import DATA
from evalkit.testing.sheets import write_rows as write

DUJI_BUDGET = DATA / "duji-2024" / "项目预算执行表.xlsx"
DUJI_SCORES = DATA / "duji-2024" / "项目自评得分表.xlsx"


# --- seed 002: project budget table and score list ---------------------------------------------

def test_seed002_project_budget_as_printed():
    t = ek.load_table(DUJI_BUDGET)
    assert isinstance(t, ek.ProjectBudgetTable) and t.kind == "project_budget" and t.year == 2024
    assert t.frame["project"].tolist() == ["智慧城管", "文明创建", "执法人员培训", "垃圾分类", "城管进社区",
                                           "执法车辆维护", "农村环境卫生"]
    assert t.frame["budget"].sum() == pytest.approx(302.19)
    row = t.frame.set_index("project").loc["城管进社区"]
    assert (row["budget"], row["executed"], row["rate_reported"]) == (35.84, 33.79, pytest.approx(0.9429))
    assert (row["executed_cell"], row["rate_reported_cell"], row["rate_reported_ndigits"]) == ("E8", "F8", 2)
    assert t.total["executed"] == 213.05 and t.total["executed_cell"] == "E11"
    assert t.total["budget"] == 282.19 and t.total["rate_reported"] == pytest.approx(0.755)
    assert t.total["rate_reported_ndigits"] == 1
    assert (t.reported_total, t.recomputed_total) == (213.05, 224.05)
    assert t.problems == []


def test_seed002_score_list_with_average():
    t = ek.load_table(DUJI_SCORES)
    assert isinstance(t, ek.ScoreList) and t.kind == "score_list"
    assert t.frame["score"].tolist() == [100, 100, 100, 99.43, 93.14, 92.42, 90]
    assert t.frame["grade_reported"].tolist() == ["优秀"] * 4 + ["良好", "良好", "合格"]
    assert t.frame["grade_reported_cell"].tolist()[-1] == "D10"
    assert (t.average["score"], t.average["score_cell"], t.average["score_ndigits"]) == (96.4, "C11", 1)
    assert t.recomputed_total == pytest.approx(674.99 / 7)


# --- layout variants --------------------------------------------------------------------------

def budget_variant(tmp_path, name="变体.xlsx"):
    """Reordered and extra columns, full-width headers with line breaks, numbers as text with units,
    blank filler rows, rates as numbers in % format, 合计 in the 序号 column merged across."""
    rows = [
        [None, None, None, None, None, None, None],
        ["备注", "项目名称", "执行率（％）", "全年\n执行（万元）", "资金来源", "全年预算\n（万元）", "序号"],
        [None] * 7,
        ["", "智慧城管", 0.6566, "111.85万元", "财政", "1,703,500元", "1"],
        [None] * 7,
        ["", "文明创建", 0.6205, " 12.41 ", "财政", "20", "2"],
        ["合计", None, 0.6528, "124.26", None, "190.35", None],
        ["注：本表据决算填报", None, None, None, None, None, None],
    ]
    return write(tmp_path, name, rows, merges=["A7:B7"], percent=["C4", "C6", "C7"])


def test_variant_layout_budget_table(tmp_path):
    t = ek.load_table(budget_variant(tmp_path))
    assert t.frame["project"].tolist() == ["智慧城管", "文明创建"]
    assert t.frame["budget"].tolist() == [pytest.approx(170.35), 20]
    assert t.frame["executed"].tolist() == [111.85, 12.41]
    assert t.frame["rate_reported_ndigits"].tolist() == [2, 2]
    assert (t.total["executed_cell"], t.total["budget"]) == ("D7", 190.35)
    assert ek.check(t).cells("error") == []


def test_variant_score_list_extra_columns_and_grade_words(tmp_path):
    rows = [["2023年度项目绩效自评结果"], [],
            ["自评\n等级", "项目名称", "主管科室", "自评得分（分）"],
            ["优", "甲项目", "一科", "95分"], [None], ["良", "乙项目", "二科", 85.5], ["中等", "丙项目", "三科", 61],
            ["平均分", None, None, "80.5"]]
    t = ek.load_table(write(tmp_path, "得分.xlsx", rows))
    assert t.frame["score"].tolist() == [95, 85.5, 61] and t.average["score_cell"] == "D8"
    assert t.year == 2023 and ek.check(t).cells("error") == []


def test_legacy_xls_is_read(tmp_path):
    book = xlwt.Workbook()
    ws = book.add_sheet("预算执行")
    rows = [["序号", "项目类别", "全年预算(万元)", "全年执行(万元)", "执行率"],
            [1, "甲", 10.0, 5.0, "50%"], [2, "乙", 20.0, 20.0, "100%"], ["", "合计", 30.0, 26.0, "86.67%"]]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            ws.write(r, c, value)
    path = tmp_path / "旧版.xls"
    book.save(str(path))
    t = ek.load_table(path)
    assert t.frame["executed"].tolist() == [5, 20] and t.total["executed_cell"] == "D4"
    assert ek.check(t).cells("error") == [("total-row", "D4")]


# --- unreadable values and missing tables -------------------------------------------------------

def test_unreadable_cell_is_an_error_naming_the_cell_never_zero(tmp_path):
    rows = [["项目名称", "全年预算", "全年执行", "执行率"], ["甲", "十万", "5", "50%"], ["合计", "10", "5", "50%"]]
    t = ek.load_table(write(tmp_path, "坏值.xlsx", rows))
    assert math.isnan(t.frame["budget"].iloc[0])
    (f,) = [f for f in ek.check(t) if f.rule == "unreadable-value"]
    assert (f.cell, f.reported, f.severity) == ("B2", "十万", ek.Severity.ERROR) and "无法把" in f.message
