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


def test_the_published_report_agrees_with_the_export():
    rep = ek.load_case_report(INPUTS + ["generated/zhongfang-2020/自评报告.docx"])
    assert rep.prose is not None and rep.prose.counts() == {"一致": 7, "不一致": 0, "未能对照": 17}
    frame = rep.prose.frame()
    agreed = frame[frame["单元格"] == "案件导出.csv“全部案件”"]
    assert agreed["正文数字"].tolist() == ["14664件", "12299件", "8907件", "8907件", "60.74%", "40.01%", "51.41%"]


def test_a_report_stating_other_figures_than_the_export_gets_findings(tmp_path):
    from evalkit.project import DATA

    text = next((DATA / "seeds").glob("001_*.txt")).read_text(encoding="utf-8")
    changed = tmp_path / "自评报告.txt"
    changed.write_text(text.replace("完成8907件", "完成8970件").replace("解决率60.74%", "解决率65.74%"), encoding="utf-8")
    rep = ek.load_case_report(INPUTS + [str(changed)])
    prose = [f for f in rep.findings if f.rule.startswith("prose")]
    assert [(f.rule, f.reported) for f in prose] == [("prose-figure", 8970), ("prose-figure", pytest.approx(0.6574)),
                                                    ("prose-rate", pytest.approx(0.6574)),
                                                    ("prose-rate", pytest.approx(0.5141))]
    assert prose[0].expected == 8907 and "8970件" in prose[0].message and prose[0].cell == "第39行"


def test_two_reports_or_two_units_tables_are_refused():
    with pytest.raises(InputError, match="两个同类文件"):
        ek.load_case_report(INPUTS + ["zhongfang-2020/units.csv"])
