"""Tolerance and materiality: rounding differences become 提示, large amounts are 重大."""

import dataclasses

import pytest

from evalkit.findings import Finding, Severity
from evalkit.rules.profile import load_profile
from evalkit.rules.tolerance import is_rounding, rounding_steps, settle

NATIONAL = load_profile()


def rate_finding(printed: float, decimals: int = 2) -> Finding:
    # seed figures: 8907 / 14664 = 60.7406%
    return Finding("execution-rate", Severity.ERROR, "a.xlsx", "S", "G5", "项目", printed, 8907 / 14664,
                   "执行率报错。", "rate", decimals)


@pytest.mark.parametrize("printed, rounding", [(0.6075, True), (0.6073, True), (0.6076, False), (0.6072, False)])
def test_one_step_of_the_printed_precision_is_a_rounding_difference(printed, rounding):
    f = settle(rate_finding(printed), NATIONAL)
    assert f.rounding is rounding
    assert f.severity is (Severity.INFO if rounding else Severity.ERROR)
    assert f.difference == pytest.approx(printed - 8907 / 14664)
    if rounding:
        assert f.message.startswith("执行率报错。相差 0.01 个百分点") and f.message.endswith("属舍入差异。")
    else:
        assert f.message == "执行率报错。"


def test_a_rate_printed_as_a_whole_percent_gets_no_whole_point():
    # 61% is right for 60.74% (agrees), 62% is one printed step off but the coarsest step of a rate is 0.01 point
    assert not is_rounding(rate_finding(0.62, 0), NATIONAL)


def test_amounts_round_to_a_cent_and_a_20_wan_gap_is_material():
    cent = Finding("funds-total", Severity.ERROR, "a.xlsx", "S", "D5", "p", 701.81, 701.8, "不等。", "amount", 2)
    assert settle(cent, NATIONAL).severity is Severity.INFO and not settle(cent, NATIONAL).material
    gap = settle(dataclasses.replace(cent, reported=721.8), NATIONAL)
    assert (gap.severity, gap.rounding, gap.material) == (Severity.ERROR, False, True)
    assert gap.amount == pytest.approx(20.0) and gap.message == "不等。"
    small = settle(dataclasses.replace(cent, reported=706.8), NATIONAL)
    assert small.severity is Severity.ERROR and not small.material  # 5 万元 ≤ the 10 万元 threshold


def test_scores_printed_to_a_tenth_and_whole_points():
    tenth = Finding("indicator-score", Severity.ERROR, "a.xlsx", "S", "H9", "p", 9.5, 9.4286, "…", "score", 1)
    assert settle(tenth, NATIONAL).rounding  # 9.4 is right, 9.5 one tenth off
    whole = dataclasses.replace(tenth, reported=9.0, expected=8.4, decimals=0)
    assert not settle(whole, NATIONAL).rounding  # 8 is right; a whole point is no rounding difference


def test_only_equality_rules_and_numbers_are_settled():
    cap = Finding("score-cap", Severity.ERROR, "a.xlsx", "S", "H9", "p", 10.01, 10.0, "…", "score", 2)
    assert settle(cap, NATIONAL).severity is Severity.ERROR  # over the cap is over the cap
    text = Finding("grade", Severity.ERROR, "a.xlsx", "S", "H20", "p", "良", "优", "…")
    assert settle(text, NATIONAL) == text


def test_the_profile_switches_tolerance_and_threshold(tmp_path):
    strict = tmp_path / "strict.toml"
    strict.write_text('name = "strict"\nbase = "national"\n[tolerance]\nunits = 0\n[materiality]\namount = 50\n',
                      encoding="utf-8")
    prof = load_profile(strict)
    assert settle(rate_finding(0.6075), prof).severity is Severity.ERROR
    gap = Finding("funds-total", Severity.ERROR, "a.xlsx", "S", "D5", "p", 721.8, 701.8, "不等。", "amount", 2)
    assert not settle(gap, prof).material and settle(gap, NATIONAL).material


def test_rounding_steps_accepts_either_rounding_of_a_half():
    assert rounding_steps(0.2, 0.25, 1) == 0 and rounding_steps(0.3, 0.25, 1) == 0
