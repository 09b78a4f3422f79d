from types import SimpleNamespace

import pytest

from evalkit.cases.assess import assess_cases
from evalkit.cases.funnel import case_funnel
from evalkit.cases.quantities import case_quantities
from evalkit.project import DATA
from evalkit.prose.check import check_prose

EXPORT = DATA / "generated/zhongfang-2020/案件导出.csv"


@pytest.fixture(scope="module")
def quantities():
    stats = assess_cases(EXPORT, units=DATA / "zhongfang-2020/units.csv")
    return case_quantities(stats, case_funnel(stats.table))


def _value(quantities, kind, subject="", measure=""):
    return {q.value for q in quantities if q.kind == kind and q.subject == subject and q.measure == measure}


def test_the_export_figures_seed_001_states(quantities):
    assert _value(quantities, "count", "接收") == {14664} and _value(quantities, "count", "完成") == {8907}
    assert _value(quantities, "count", "派发") == {12299} and _value(quantities, "count", "结案") == {8907}
    assert _value(quantities, "count", "及时完成") == {5867} and _value(quantities, "count", "未完成") == {5757}
    assert round(_value(quantities, "rate", measure="解决率").pop(), 4) == 0.6074  # 8907 / 14664
    assert round(_value(quantities, "rate", measure="综合解决率").pop(), 4) == 0.5141
    assert round(_value(quantities, "rate", measure="按时结案率").pop(), 4) == 0.4001  # 5867 / 14664
    assert all(q.source == "export" and q.file == str(EXPORT) for q in quantities)


def test_each_unit_has_its_three_rates(quantities):
    unit = [q for q in quantities if q.subject == "县住房和城乡建设局"]
    assert {q.measure for q in unit} == {"解决率", "及时解决率", "综合解决率"}
    assert round(next(q.value for q in unit if q.measure == "解决率"), 4) == 0.7616  # 329 / 432


def test_a_claim_naming_nothing_is_compared_with_the_whole_and_a_unit_with_its_own(quantities):
    text = [SimpleNamespace(text="全年及时解决率45.00%。县住房和城乡建设局问题解决率76.16%，共接收案件14664件。", where="第3段")]
    c = check_prose(text, quantities, "报告.txt")
    assert c.counts() == {"一致": 2, "不一致": 1, "未能对照": 0}
    (f,) = c.findings
    assert (f.rule, f.cell, f.reported) == ("prose-figure", "第3段", pytest.approx(0.45))
    assert "案件导出.csv“全部案件”（及时解决率）按导出表逐件统计复算为 40.01%" in f.message


def test_a_month_s_figures_are_listed_not_compared_with_the_year(quantities):
    text = [SimpleNamespace(text="3月共接收案件1248件，问题解决率60.34%。一季度及时解决率41.00%。", where="第5段"),
            SimpleNamespace(text="截至2020年12月31日，共接收问题案件14664件。", where="第6段")]
    c = check_prose(text, quantities, "报告.txt")
    assert c.counts() == {"一致": 1, "不一致": 0, "未能对照": 3} and not c.findings  # to a date: the whole
