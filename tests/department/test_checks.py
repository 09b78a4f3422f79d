"""Spot-check rules of department tables, asserted on the seeds' own figures."""

import shutil

import pytest
from openpyxl import load_workbook

import evalkit as ek
from evalkit.department.checks import CHECKS as RULES
from evalkit.project import DATA
from evalkit.selfeval.checks import CHECKS as FORM_RULES

DUJI_BUDGET = DATA / "duji-2024" / "项目预算执行表.xlsx"
DUJI_SCORES = DATA / "duji-2024" / "项目自评得分表.xlsx"
ZHUZHOU = DATA / "zhuzhou-2019" / "预算执行明细表.xlsx"
LUSONG_BASE = DATA / "lusong-2023" / "基础数据表.xlsx"
LUSONG_TEXT = DATA / "lusong-2023" / "正文支出数据.xlsx"


def edited(src, tmp_path, sheet=0, **cells):
    """A copy of a seed workbook with some cells of one sheet overwritten."""
    path = tmp_path / src.name
    shutil.copy(src, path)
    wb = load_workbook(path)
    ws = wb.worksheets[sheet]
    for ref, value in cells.items():
        ws[ref] = value
    wb.save(path)
    return path


def found(path, sheet=0):
    return ek.check(ek.load_tables(path)[sheet])


def where(findings):
    return sorted((f.rule, f.severity.value, f.cell) for f in findings)


# --- seed 002 ---------------------------------------------------------------------------------

def test_seed002_budget_findings():
    got = found(DUJI_BUDGET)
    # 33.79 / 35.84 = 94.2801%, printed 94.29%: one step of its last digit off, a rounding difference
    assert where(got) == [("project-rate", "info", "F8"), ("total-rate-recomputed", "warning", "F11"),
                          ("total-row", "error", "C11"), ("total-row", "error", "D11"),
                          ("total-row", "error", "E11")]
    by_cell = {f.cell: f for f in got}
    assert (by_cell["F8"].reported, by_cell["F8"].expected) == (pytest.approx(0.9429), pytest.approx(33.79 / 35.84))
    assert "94.28%" in by_cell["F8"].message and by_cell["F8"].subject == "城管进社区"
    assert by_cell["F8"].rounding and "属舍入差异" in by_cell["F8"].message and not by_cell["F8"].material
    assert by_cell["E11"].material and by_cell["E11"].amount == pytest.approx(11.0)  # 213.05 against 224.05
    assert (by_cell["E11"].reported, by_cell["E11"].expected) == (213.05, 224.05)
    assert (by_cell["C11"].reported, by_cell["C11"].expected) == (282.19, 302.19)
    # 75.5% agrees with the printed 213.05/282.19 — the rate rule is silent on F11 — but not with the sums
    assert by_cell["F11"].expected == pytest.approx(224.05 / 302.19) and "74.1%" in by_cell["F11"].message


def test_seed002_wrong_grades():
    got = found(DUJI_SCORES)
    assert [(f.rule, f.cell, f.reported, f.expected) for f in got] == [
        ("grade-band", "D8", "良好", "优"), ("grade-band", "D9", "良好", "优"), ("grade-band", "D10", "合格", "优")]
    assert all(f.severity is ek.Severity.ERROR for f in got)


def test_average_line_against_the_scores(tmp_path):
    assert not found(DUJI_SCORES).by_rule("average-score")  # 96.4 = mean 96.43 at one decimal
    (f,) = found(edited(DUJI_SCORES, tmp_path, C11=97.4)).by_rule("average-score")
    assert (f.cell, f.reported, f.expected) == ("C11", 97.4, pytest.approx(96.4271, abs=1e-4))


def test_grades_follow_the_profile(tmp_path):
    path = edited(DUJI_SCORES, tmp_path, D8="优秀", D9="优", D10="A档", C4=101)
    got = {(f.rule, f.cell): f for f in found(path)}
    assert ("grade-band", "D8") not in got and ("grade-band", "D9") not in got
    assert got[("grade-band", "D10")].severity is ek.Severity.WARNING  # an unrecognised grade word
    assert got[("score-range", "C4")].expected == 100


def test_over_execution_is_a_warning(tmp_path):
    got = found(edited(DUJI_BUDGET, tmp_path, E4=180.35, F4="105.87%"))
    (f,) = got.by_rule("over-budget")
    assert (f.cell, f.severity, f.reported, f.expected) == ("E4", ek.Severity.WARNING, 180.35, 170.35)


# --- seed 003 ---------------------------------------------------------------------------------

def test_seed003_adds_up_only_personnel_overspent():
    budget, sangong, assets = (ek.check(t) for t in ek.load_tables(ZHUZHOU))
    assert where(budget) == [("over-budget", "warning", "F6")]  # 人员经费 279.97 > 248.48
    assert len(sangong) == 0 and len(assets) == 0  # −10.89%, −0.97, 40.6%, 59.23% all reproduce


def test_carryover_is_budget_minus_execution(tmp_path):
    (f,) = found(edited(ZHUZHOU, tmp_path, G20=28.51)).by_rule("carryover")
    assert (f.cell, f.reported, f.expected) == ("G20", 28.51, pytest.approx(25.81))


def test_items_must_add_up_to_the_project(tmp_path):
    got = found(edited(ZHUZHOU, tmp_path, F21=130.22))
    (f,) = got.by_rule("parts-total")
    assert (f.cell, f.subject, f.reported, f.expected) == ("F20", "系统升级维护专项经费", 574.19, 575.19)


def test_sangong_change_rate_and_amount(tmp_path):
    got = found(edited(ZHUZHOU, tmp_path, sheet=1, F4="-10.88%", E4=-0.79, D5=7.35), sheet=1)
    # −10.88% printed for −10.8866%: a rounding difference (提示), −0.79 for −0.97 an error
    assert where(got) == [("change-amount", "error", "E4"), ("change-rate", "info", "F4"),
                          ("parts-total", "error", "D4")]
    assert got.by_rule("change-rate")[0].expected == pytest.approx((7.94 - 8.91) / 8.91)


def test_assets_net_value_and_share(tmp_path):
    got = found(edited(ZHUZHOU, tmp_path, sheet=2, E6=55.91, F7="59.3%"), sheet=2)
    assert where(got) == [("net-value", "error", "E6"), ("parts-total", "error", "E4"),
                          ("share-of-total", "error", "F6"), ("share-of-total", "error", "F7")]


# --- seed 004 ---------------------------------------------------------------------------------

def test_seed004_base_data_adds_up_with_three_overspent_lines():
    got = found(LUSONG_BASE)
    assert where(got) == [("over-budget", "warning", "D13"), ("over-budget", "warning", "D19"),
                          ("over-budget", "warning", "D21")]


def test_base_data_control_rate_and_parts(tmp_path):
    got = found(edited(LUSONG_BASE, tmp_path, D4="85%", B13="1083.35", D20="170"))
    assert where(got)[:3] == [("control-rate", "error", "D4"), ("over-budget", "warning", "D13"),
                              ("over-budget", "warning", "D19")]
    parts = {f.cell: f for f in got.by_rule("parts-total")}
    assert (parts["B12"].reported, parts["B12"].expected) == (1297.27, pytest.approx(1297.09))
    assert parts["D18"].message.endswith("小于其“其中”各项之和 269.29。")


def test_seed004_text_total_is_one_cent_off():
    (f,) = found(LUSONG_TEXT)
    assert (f.rule, f.cell, f.reported, f.expected) == ("parts-total", "C4", 2612.36, 2612.37)


# --- registry and integration -----------------------------------------------------------------

def test_rules_are_documented_and_ids_do_not_clash():
    assert all(fn.__doc__ for _, fn in RULES.values())
    assert not set(RULES) & set(FORM_RULES)
