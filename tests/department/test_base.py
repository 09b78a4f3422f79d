"""The base of every department table (department.base): subject, year, totals, the tidy view."""

import math

import pandas as pd
import pytest

import evalkit as ek
from evalkit.department.base import DepartmentTable, plain
from evalkit.project import DATA


def bare(title="", **frame):
    return DepartmentTable("/d/表.xlsx", "Sheet1", title, pd.DataFrame(frame))


def test_subject_is_the_title_else_the_sheet_and_the_year_comes_from_the_title():
    assert bare("某局2023年度项目预算执行表").subject == "某局2023年度项目预算执行表"
    assert bare("某局2023年度项目预算执行表").year == 2023
    assert bare().subject == "Sheet1" and bare().year is None


def test_a_table_without_a_total_line_has_no_totals():
    t = bare(value=[1.0, 2.0])
    assert (t.reported_total, t.recomputed_total) == (None, None)


def test_view_drops_cell_references_precision_and_row():
    t = bare(row=[4], project=["甲"], budget=[10.0], budget_cell=["C4"], budget_ndigits=[2])
    assert t.view().columns.tolist() == ["project", "budget"]


def test_totals_of_the_seed_tables():
    budget = ek.load_tables(DATA / "duji-2024" / "项目预算执行表.xlsx")[0]
    assert budget.subject == "杜集区城市管理局2024年度项目预算执行情况表" and budget.year == 2024
    assert (budget.reported_total, budget.recomputed_total) == (213.05, 224.05)  # 合计 printed vs sum of projects
    scores = ek.load_tables(DATA / "duji-2024" / "项目自评得分表.xlsx")[0]
    assert scores.reported_total == 96.4 and scores.recomputed_total == pytest.approx(96.427143)


def test_plain_rounds_for_json_and_blanks_nan():
    assert plain(224.05000000001) == 224.05 and plain(0.123456) == 0.1235
    assert plain(None) is None and plain(math.nan) is None and plain(float("nan")) is None
