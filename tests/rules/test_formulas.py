import math

import pytest

from evalkit.io.cells import parse_target as p
from evalkit.rules.formulas import execution_score, grade, normalise_grade, score_indicator, totals_agree
from evalkit.rules.profile import load_profile

NATIONAL = load_profile()
LINEAR = load_profile("linear")


def test_execution_score_caps_at_weight():
    assert execution_score(30 / 60, 10) == 5
    assert execution_score(2627.30 / 2628.42, 10) == pytest.approx(9.99574, abs=1e-5)
    assert execution_score(1.3, 20) == 20
    assert math.isnan(execution_score(math.nan, 10))


def test_grades():
    assert [grade(x, NATIONAL) for x in (100, 90, 89.99, 80, 60, 59.9)] == ["优", "优", "良", "良", "中", "差"]
    assert normalise_grade("优秀") == "优" and normalise_grade("合格") == "中" and normalise_grade("x") is None


def test_positive_partial():
    s = score_indicator(p("到达90%以上"), p("85%"), 5, NATIONAL)
    assert s.method == "positive" and s.expected == pytest.approx(85 / 90 * 5)


def test_positive_capped_and_overachievement_ratio():
    s = score_indicator(p("500辆以上"), p(5840), 8, NATIONAL)
    assert s.expected == 8 and s.achievement == pytest.approx(11.68)


def test_reverse_ratio_and_linear():
    over = (p("≤100万元"), p("125万元"))
    assert score_indicator(*over, 10, NATIONAL).expected == pytest.approx(8.0)
    assert score_indicator(*over, 10, LINEAR).expected == pytest.approx(7.5)
    assert score_indicator(p("≤100万元"), p("90万元"), 10, NATIONAL).expected == 10


def test_cost_amount_is_inferred_reverse():
    s = score_indicator(p("1307.04万元"), p("1491.59万元"), 10, NATIONAL, context="成本指标 经济成本指标")
    assert s.method == "reverse" and s.inferred and s.expected == pytest.approx(1307.04 / 1491.59 * 10)


def test_equal_zero_is_reverse():
    assert score_indicator(p("=0"), p("0"), 5, NATIONAL).expected == 5
    assert score_indicator(p("=0"), p("2"), 5, NATIONAL).method == "reverse"


def test_completion_percentage_of_a_count_target():
    s = score_indicator(p("不少于90人"), p("100%"), 10, NATIONAL)
    assert s.method == "completion" and s.expected == 10


def test_qualitative_bands():
    same = score_indicator(p("长效"), p("长效"), 10, NATIONAL)
    assert (same.method, same.low, same.high) == ("qualitative", 8, 10)
    partial = score_indicator(p("增长10%"), p("稍有增长"), 5, NATIONAL)
    assert (partial.band, partial.low, partial.high) == ("partial", 2.5, 4.0)
    failed = score_indicator(p("不断提高"), p("未完成"), 10, LINEAR)
    assert (failed.low, failed.high) == (0, 6)


def test_incomparable_units_are_unscorable():
    assert score_indicator(p("≥90人"), p("30万元"), 5, NATIONAL).method == "unscorable"


def test_one_total_agreement_rule():
    # a 0.007 gap disagrees (it used to show "不一致" with no finding); half a cent agrees
    assert not totals_agree(90.0, 90.007)
    assert totals_agree(90.0, 90.005) and totals_agree(90.0, 89.996)
    assert not totals_agree(math.nan, 90.0)
