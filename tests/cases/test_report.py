import pytest

import evalkit as ek
from evalkit.errors import InputError

INPUTS = ["generated/zhongfang-2020/案件导出.csv", "zhongfang-2020/units.csv"]


@pytest.fixture(scope="module")
def rep():
    return ek.load_case_report(INPUTS)


def test_seed001_year_figures(rep):
    t = rep.stats.total
    assert (t["total"], t["completed"], t["on_time"]) == (14664, 8907, 5867)
    assert "60.74%" in rep.summary() and "40.01%" in rep.summary() and "51.41%" in rep.summary()
    assert len(ek.reports.cases.monthly_table(rep)) == 12 and ek.reports.cases.monthly_table(rep)["案件总数"].sum() == 14664


def test_rankings_per_class(rep):
    a, b = rep.rankings("A"), rep.rankings("B")
    assert len(a) == 18 and len(b) == 14
    assert "全年" in a.columns and a.iloc[0]["全年"] == "1"


def test_status_breakdown_and_heatmap(rep):
    s = ek.reports.cases.status_table(rep).set_index("类别")
    assert s.loc["按期完成", "件数"] == 5867 and s.loc["超时完成", "件数"] == 3040 and s.loc["未完成", "件数"] == 5757
    assert rep.heatmap_frame().shape == (32, 12)


def test_funnel_and_sample(rep):
    stages = rep.funnel.stages.set_index("stage")["count"]
    assert stages["上报"] == 14664 and stages["派遣"] == 12299 and stages["结案"] == 8907
    assert rep.sample.params["population"] == 8907 and rep.sample.params["seed"] == 2020
    again = ek.load_case_report(INPUTS).sample.to_frame()["case_id"].tolist()
    assert again == rep.sample.to_frame()["case_id"].tolist()


def test_counts_table_is_recognised():
    rep = ek.load_case_report(INPUTS + ["zhuzhou-2019/case_counts.csv"])
    assert rep.counts is not None and rep.counts.findings


def test_unknown_side_table(tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="无法识别的附表"):
        ek.load_case_report(INPUTS[:1] + [str(other)])
