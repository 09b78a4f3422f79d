import pandas as pd
import pytest

from evalkit.cases.assess import assess_cases
from evalkit.cases.overall import overall_scores
from evalkit.errors import InputError


def stats():
    rows = [("1", "甲", "2020-01-10 18:00", "2020-01-10 09:00", "通过"),
            ("2", "甲", "2020-01-10 18:00", "2020-01-11 09:00", "通过"),
            ("3", "乙", "2020-01-10 18:00", "2020-01-10 09:00", "通过"),
            ("4", "丙", "2020-02-10 18:00", "2020-02-10 09:00", "通过")]
    frame = pd.DataFrame(rows, columns=["案件编号", "责任单位", "处置截止时间", "处置完成时间", "核查结果"])
    return assess_cases(frame, units={"甲": "A", "乙": "A", "丙": "A"})


def test_overall_60_20_20_with_capped_list():
    parts = pd.DataFrame({"unit": ["甲", "乙", "丙"], "month": ["2020-01", "2020-01", "2020-01"],
                          "spot_check": [90, 80, 70], "supervision": [100, 80, 60], "adjustment": [-8, 1, 0]})
    o = overall_scores(stats(), parts)
    f = o.frame.set_index(["month", "duty_unit"])
    # 甲: 综合解决率 (1 + 0.55) / 2 = 77.5 → 0.6×77.5 + 0.2×90 + 0.2×100 − 5 (capped from −8)
    assert f.loc[("2020-01", "甲"), "overall"] == pytest.approx(46.5 + 18 + 20 - 5)
    assert f.loc[("2020-01", "乙"), "overall"] == pytest.approx(60 + 16 + 16 + 1)
    assert [f.loc[("2020-01", u), "rank"] for u in ("乙", "甲")] == [1, 2]
    # 丙 has no case in January: no 数字城管 score, not ranked
    assert pd.isna(f.loc[("2020-01", "丙"), "overall"]) and pd.isna(f.loc[("2020-01", "丙"), "rank"])
    rules = sorted(x.rule for x in o.findings)
    assert rules == ["assessment-cap", "assessment-missing"]  # 甲 capped; 丙 in February has no components
    assert o.findings.by_rule("assessment-cap")[0].cell == "E2"


def test_components_table_needs_its_columns():
    with pytest.raises(InputError, match="spot_check"):
        overall_scores(stats(), pd.DataFrame({"unit": ["甲"], "month": ["2020-01"], "supervision": [1]}))
