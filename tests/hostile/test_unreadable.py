"""Hostile input: a figure evalkit cannot read never feeds a conclusion — no total or grade is
recomputed over it as if it were 0, and "9 5" is not 95."""

from __future__ import annotations

import json

from openpyxl import load_workbook

import evalkit as ek
from evalkit.cli import main


def spoil(path, old, new):
    wb = load_workbook(path)
    for row in wb.active.iter_rows():
        for cell in row:
            if cell.value == old:
                cell.value = new
                wb.save(path)
                return cell.coordinate
    raise AssertionError(f"{old!r} not in the form")


def test_an_unreadable_score_makes_the_total_unrecomputable_not_zero(form, capsys):
    path = form("spoiled.xlsx")
    cell = spoil(path, 27, "2 7")  # 市容环境's score typed with a space
    table = ek.load_self_evaluation(path)
    r = ek.rescore(table)
    assert r.unreadable == [cell]
    assert r.total_expected != r.total_expected and r.grade_expected == "无法复算" and r.total_agrees is None
    found = {(f.rule, f.cell) for f in ek.check(table)}
    assert ("unreadable-value", cell) in found
    total = next(f for f in ek.check(table) if f.rule == "total-score")
    assert "无法复算" in total.message and cell in total.message and total.severity.value == "warning"
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "复算 无法复算" in out and f"{cell}" in out
    assert main(["check", str(path), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)["documents"][0]  # valid JSON: no NaN
    assert doc["recomputed_total"] is None and doc["grade"] == "无法复算"


def test_an_unreadable_weight_is_named_too(form):
    path = form("weight.xlsx")
    cell = spoil(path, 30, "三十")
    r = ek.rescore(ek.load_self_evaluation(path))
    assert r.unreadable == [cell] and r.grade_expected == "无法复算"


def test_a_formula_saved_without_its_value_is_unreadable_not_blank(form):
    # openpyxl (like many export programs) writes a formula without calculating it
    path = form("formula.xlsx")
    wb = load_workbook(path)
    for row in wb.active.iter_rows():
        for cell in row:
            if cell.value == 27:
                cell.value = "=20+7"
                coordinate = cell.coordinate
    wb.save(path)
    table = ek.load_self_evaluation(path)
    [problem] = [f for f in ek.check(table) if f.rule == "unreadable-value"]
    assert problem.cell == coordinate and "公式但没有计算结果" in problem.message
    assert ek.rescore(table).grade_expected == "无法复算"
