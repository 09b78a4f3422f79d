"""The figures of a department's tables, for its report's text to be matched with (department.quantities)."""

import pytest

import evalkit as ek
from evalkit.department.quantities import form_quantities, quantities_of, table_quantities
from evalkit.project import DATA


def by_place(quantities):
    return {(q.kind, q.subject, q.measure): q for q in quantities}


def test_project_budget_list_projects_and_recomputed_total():
    (table,) = ek.load_tables(DATA / "duji-2024" / "项目预算执行表.xlsx")
    q = by_place(table_quantities(table))
    assert q[("amount", "智慧城管", "budget")].value == 170.35 and q[("amount", "智慧城管", "budget")].cell == "D4"
    rate = q[("rate", "城管进社区", "执行率")]
    assert rate.value == pytest.approx(33.79 / 35.84) and rate.printed == pytest.approx(0.9429) and rate.cell == "F8"
    total = q[("amount", "", "budget")]
    assert (total.value, total.printed, total.cell, total.note) == (pytest.approx(302.19), 282.19, "D11", "各项目之和")
    assert q[("amount", "", "executed")].value == pytest.approx(224.05) and q[("amount", "", "executed")].printed == 213.05
    total_rate = q[("rate", "", "执行率")]
    assert total_rate.value == pytest.approx(224.05 / 302.19) and total_rate.printed == 0.755 and total_rate.decimals == 1


def test_score_list_scores_grades_and_average():
    (table,) = ek.load_tables(DATA / "duji-2024" / "项目自评得分表.xlsx")
    q = by_place(table_quantities(table))
    assert q[("score", "智慧城管", "total")].value == 93.14
    assert (q[("grade", "智慧城管", "grade")].value, q[("grade", "智慧城管", "grade")].printed) == ("优", "良好")
    average = q[("score", "", "average")]
    assert average.value == pytest.approx(96.427, abs=1e-3) and average.printed == 96.4 and average.cell == "C11"


def test_self_evaluation_total_is_the_sum_of_its_printed_scores(zhongfang, yiyang):
    q = by_place(form_quantities(ek.load_self_evaluation(zhongfang)))
    total = q[("score", "", "total")]
    assert (total.value, total.printed, total.cell) == (95, 950, "H22")
    assert q[("grade", "", "grade")].value == "优"
    assert q[("amount", "", "budget")].value == 60 and q[("amount", "", "executed")].value == 30
    assert q[("rate", "", "执行率")].value == 0.5
    named = form_quantities(ek.load_self_evaluation(yiyang), subject="城市管理协管员聘用经费")
    assert {x.subject for x in named} == {"城市管理协管员聘用经费"}


def test_base_data_lines_of_this_year_and_staff():
    tables = ek.load_tables(DATA / "lusong-2023" / "基础数据表.xlsx")
    q = by_place(quantities_of([], tables))
    line = q[("amount", "城市管理综合行政执法经费", "executed")]
    assert (line.value, line.cell) == (159.54, "D14")  # 2023年决算数; 2022's column is not this year's
    assert q[("amount", "城市管理综合行政执法经费", "budget")].value == 409.05
    assert q[("count", "实际在职人数", "")].value == 83 and q[("count", "编制", "")].value == 100
    assert q[("rate", "", "控制率")].value == 0.83
    assert not any("2022" in x.label for x in quantities_of([], tables))


def test_a_form_funds_total_printed_0_is_its_sources_sum_with_the_0_beside():
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[1] / "corpus"
    q = by_place(form_quantities(ek.load_self_evaluation(corpus / "chizhou-guichi-tangxi-2022.xlsx")))
    executed, initial = q[("amount", "", "executed")], q[("amount", "", "initial")]
    assert (executed.value, executed.printed, executed.cell, executed.decimals) == (89.974, 0, "E7", 3)
    assert executed.note == "各资金来源之和" and (initial.value, initial.cell) == (90, "C7")
