import math

import pandas as pd
import pytest

import evalkit as ek
from evalkit.cases.funnel import case_funnel, check_counts, indicator_key
from evalkit.cases.reader import table_from_frame
from evalkit.project import DATA
from evalkit.testing.casegen import zhuzhou_2019


def test_seed003_funnel_at_full_size():
    f = case_funnel(table_from_frame(zhuzhou_2019()), start="2019-01-01", end="2020-01-01")
    stages = dict(zip(f.stages["stage"], f.stages["count"]))
    assert stages == {"上报": 559342, "立案": 526260, "派遣": 526260, "处置": 522815, "结案": 525059}
    rates = f.rates.set_index("indicator")
    assert round(rates.loc["立案率", "recomputed_rate"] * 100) == 94
    assert rates.loc["结案率", "denominator"] == 526260  # 应结案数: all registered cases are due in 2019
    assert round(rates.loc["按期结案率", "recomputed_rate"] * 100, 2) == 92.19
    assert round(rates.loc["处置率", "recomputed_rate"] * 100, 2) == 99.35
    # the report's 结案 count exceeds its 处置 count; the funnel says so
    assert [x.message[:3] for x in f.findings] == ["结案数"]


def test_funnel_rates_by_hand():
    rows = [  # registered, deadline, extended, handled, closed, rework
        ("2020-01-01 08:00", "2020-01-02 08:00", "", "2020-01-02 08:00", "2020-01-02 09:00", 0),
        ("2020-01-01 08:00", "2020-01-02 08:00", "2020-01-05 08:00", "2020-01-04 08:00", "2020-01-04 09:00", 1),
        ("2020-01-01 08:00", "2020-01-02 08:00", "", "2020-01-03 08:00", "2020-01-03 09:00", 0),
        ("2020-01-01 08:00", "2020-01-02 08:00", "", "", "", 0),
        ("", "", "", "", "", 0),
        ("2020-01-30 08:00", "2020-02-02 08:00", "", "2020-02-01 08:00", "", 0),
    ]
    frame = pd.DataFrame(rows, columns=["立案时间", "处置截止时间", "延期截止时间", "处置完成时间", "结案时间", "返工次数"])
    f = case_funnel(table_from_frame(frame), start="2020-01-01", end="2020-02-01")
    r = f.rates.set_index("indicator")
    assert (r.loc["立案率", "numerator"], r.loc["立案率", "denominator"]) == (5, 6)
    assert (r.loc["处置率", "numerator"], r.loc["处置率", "denominator"]) == (3, 4)  # the February case is not due
    assert r.loc["按期处置率", "numerator"] == 2 and r.loc["按期结案率", "numerator"] == 2
    assert r.loc["结案率", "recomputed_rate"] == pytest.approx(0.75)
    assert r.loc["返工率", "recomputed_rate"] == pytest.approx(0.25)
    assert "按期结案率" in ek.reports.views.to_html(f) and f.to_dict()["stages"][0]["of_previous"] is None


def test_seed003_counts_table():
    check = check_counts(DATA / "zhuzhou-2019" / "case_counts.csv")
    t = check.table.set_index("indicator")
    assert t.loc["立案", "status"] == "ok" and t.loc["立案", "formula"] == "立案数/上报数"
    assert t.loc["处置", "status"] == "no-denominator" and t.loc["处置", "reproduced_by"] == "立案数"
    assert t.loc["结案", "status"] == "no-denominator" and t.loc["结案", "reproduced_by"] == ""
    assert t.loc["结案", "implied_denominator"] == "529748–529800"
    assert t.loc["按时结案", "status"] == "unchecked"
    rules = [(f.rule, f.severity.value, f.cell) for f in check.findings]
    assert ("counts-rate", "warning", "C4") in rules and ("counts-rate", "error", "C5") in rules
    assert ("funnel-order", "warning", "B5") in rules and ("counts-uncheckable", "info", "C6") in rules


def test_seed001_counts_and_composite():
    table = pd.DataFrame({"指标": ["案件总数", "派遣", "完成", "问题及时解决率", "综合解决率"],
                          "数量": ["14664", "12299", "8907", "", ""],
                          "比率": ["", "", "60.74%", "40.01%", "51.41%"]})
    t = check_counts(table).table.set_index("指标" if False else "indicator")
    assert t.loc["完成", "status"] == "ok" and t.loc["综合解决率", "status"] == "ok"
    assert t.loc["问题及时解决率", "status"] == "unchecked"
    wrong = table.assign(比率=["", "", "60.74%", "40.01%", "52.41%"])
    assert check_counts(wrong).table.set_index("indicator").loc["综合解决率", "status"] == "mismatch"


def test_mismatch_with_the_standard_denominator_and_search():
    table = pd.DataFrame({"indicator": ["上报", "立案", "应结案", "结案"], "count": ["1000", "900", "880", "800"],
                          "reported_rate": ["", "90%", "", "88.89%"]})
    check = check_counts(table)
    row = check.table.set_index("indicator").loc["结案"]
    assert row["status"] == "mismatch" and row["reproduced_by"] == "立案数"
    assert math.isclose(row["recomputed_rate"], 800 / 880)
    assert "结案数/应结案数" in check.findings.by_rule("counts-rate")[0].message


def test_indicator_words():
    assert indicator_key("按期处置数") == "handled_on_time" and indicator_key("应结案数") == "due_close"
    assert indicator_key("返工率") == "rework" and indicator_key("综合解决率") == "composite"


def test_unknown_indicator_and_missing_columns():
    check = check_counts(pd.DataFrame({"indicator": ["满意度"], "count": ["5"], "reported_rate": ["95%"]}))
    assert check.table["status"].tolist() == ["unknown"] and check.findings.by_rule("counts-uncheckable")
    from evalkit.errors import InputError
    with pytest.raises(InputError, match="indicator"):
        check_counts(pd.DataFrame({"x": [1]}))
