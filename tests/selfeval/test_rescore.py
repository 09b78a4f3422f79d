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
