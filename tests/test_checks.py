import shutil

import pytest
from openpyxl import load_workbook

import evalkit as ek
from evalkit.checks import RULES


def edited(src, tmp_path, **cells):
    """A copy of a workbook with some cells overwritten."""
    path = tmp_path / src.name
    shutil.copy(src, path)
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    for ref, value in cells.items():
        ws[ref] = value
    wb.save(path)
    return path


def rules_of(findings):
    return sorted((f.rule, f.cell) for f in findings)


def test_clean_seed_has_no_findings(yiyang):
    assert len(ek.load_self_evaluation(yiyang).check()) == 0


def test_execution_rate_and_score_disagreement(yiyang, tmp_path):
    path = edited(yiyang, tmp_path, E5="350.9", E6="350.9")
    found = ek.load_self_evaluation(path).check()
    by_rule = {f.rule: f for f in found}
    assert by_rule["execution-rate"].cell == "G5"
    assert by_rule["execution-rate"].expected == pytest.approx(0.5)
    assert by_rule["execution-score"].cell == "H5" and by_rule["execution-score"].expected == pytest.approx(5)
    assert by_rule["total-rescored"].expected == pytest.approx(95)


def test_funds_total_against_parts(yiyang, tmp_path):
    found = ek.load_self_evaluation(edited(yiyang, tmp_path, D6="700")).check()
    assert ("funds-total", "D5") in rules_of(found)


def test_score_above_weight_and_total_sum(yiyang, tmp_path):
    found = ek.load_self_evaluation(edited(yiyang, tmp_path, H13=12)).check()
    assert ("score-cap", "H13") in rules_of(found)
    assert ("total-score", "H28") in rules_of(found)


def test_quantitative_score_below_rule_and_missing_reason(yiyang, tmp_path):
    found = ek.load_self_evaluation(edited(yiyang, tmp_path, H27=9, H28=99)).check()
    got = {f.rule: f for f in found}
    assert got["indicator-score"].cell == "H27" and got["indicator-score"].severity is ek.Severity.ERROR
    assert got["indicator-score"].expected == 10
    assert got["missing-reason"].cell == "I27"
    assert "total-score" not in got


def test_level1_weight_label(yiyang, tmp_path):
    found = ek.load_self_evaluation(edited(yiyang, tmp_path, B12="产出指标\n(40分)")).check()
    f = next(f for f in found if f.rule == "level1-weight")
    assert (f.cell, f.reported, f.expected) == ("B12", 40, 50)


def test_qualitative_out_of_band_is_a_warning(yiyang, tmp_path):
    found = ek.load_self_evaluation(edited(yiyang, tmp_path, H25=2, H28=97, I25="经费不足")).check()
    f = next(f for f in found if f.rule == "qualitative-band")
    assert f.severity is ek.Severity.WARNING and f.cell == "H25" and f.expected == "4–5"


def test_unparseable_value_is_an_error_with_its_cell(yiyang, tmp_path):
    found = ek.load_self_evaluation(edited(yiyang, tmp_path, G13="十分")).check()
    f = next(f for f in found if f.rule == "unreadable-value")
    assert f.cell == "G13" and f.reported == "十分" and "无法把" in f.message


def test_every_rule_has_a_docstring():
    assert all(fn.__doc__ for fn in RULES.values())
