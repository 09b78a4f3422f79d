import pytest

import evalkit as ek


def test_seed000_rescored(yiyang):
    r = ek.rescore(ek.load_self_evaluation(yiyang))
    e = r.execution
    assert (e.budget, e.executed) == (701.8, 701.8)
    assert e.rate_expected == pytest.approx(1.0)
    assert e.score_expected == pytest.approx(10.0)
    assert r.total_expected == pytest.approx(100.0)
    assert r.total_reported == 100.0
    assert r.grade_expected == "优"
    sat = r.indicators.set_index("name").loc["城管协管员满意度"]
    assert sat["method_id"] == "positive" and sat["score_expected"] == 10


def test_by_level1_sums(yiyang):
    frame = ek.rescore(ek.load_self_evaluation(yiyang)).by_level1().set_index("level1")
    assert frame.loc["产出指标", "weight"] == 50 and frame.loc["效益指标", "score_expected"] == 40
    assert frame.loc["预算执行率", "score_reported"] == 10


def test_a_table_with_only_the_initial_budget_uses_it_as_the_base(form, tmp_path):
    from openpyxl import load_workbook

    path = form("initial.xlsx", funds=(100, 100, 95, 10, "95%", 9.5))
    wb = load_workbook(path)
    for row in wb.active.iter_rows():
        for cell in row:
            if cell.value == "全年预算数(A)":
                cell.value = None
                wb.active.cell(cell.row + 1, cell.column).value = None
    wb.save(path)
    r = ek.rescore(ek.load_self_evaluation(path))
    assert r.execution.budget == 100 and r.execution.rate_expected == 0.95 and r.execution.budget_cell == "C5"


def test_execution_rate_listed_as_an_indicator_is_scored_by_the_execution_rule(form):
    from evalkit.testing.formgen import CLEAN_ROWS

    rows = [*CLEAN_ROWS, ("预算执行率(10分)", "预算执行率", "预算执行率", "100%", "96%", 10, 9.6)]
    path = form("exec-row.xlsx", rows=rows, funds=(100, 100, 95, None, "", None), total=(100, 96.6))
    r = ek.rescore(ek.load_self_evaluation(path))
    row = r.indicators.set_index("name").loc["预算执行率"]
    assert row["method_id"] == "execution" and row["score_expected"] == 9.5
    assert r.execution.weight == 0  # the 10 points live in the indicator row, not twice
    found = ek.check(ek.load_self_evaluation(path))
    assert {(f.rule, f.reported) for f in found if f.subject == "预算执行率"} == {("execution-rate", 0.96),
                                                                           ("execution-score", 9.6)}
    assert not found.by_rule("weights-total")
