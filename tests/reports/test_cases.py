"""Case views (reports.cases): the monthly table and status breakdown of the seed-001 sample, and how case results show."""

import pytest

import evalkit as ek
from evalkit.reports.cases import (
    monthly_table,
    sample_html,
    stated_figures,
    stated_html,
    stats_html,
    status_table,
    unmatched_figures,
)

INPUTS = ["generated/zhongfang-2020/案件导出.csv", "zhongfang-2020/units.csv"]


@pytest.fixture(scope="module")
def rep():
    return ek.load_case_report(INPUTS)


def test_monthly_table_counts_and_rates(rep):
    m = monthly_table(rep)
    assert m.columns.tolist() == ["月份", "案件总数", "完成", "按期完成", "超时完成", "未完成", "问题解决率", "及时解决率",
                                  "综合解决率"]
    assert len(m) == 12 and m["月份"].astype(str).tolist()[0] == "2020-01"
    assert (m["案件总数"].sum(), m["完成"].sum(), m["按期完成"].sum(), m["超时完成"].sum(), m["未完成"].sum()) == (
        14664, 8907, 5867, 3040, 5757)
    january = m.iloc[0]
    assert (january["案件总数"], january["完成"]) == (1248, 753)
    assert (january["问题解决率"], january["及时解决率"], january["综合解决率"]) == ("60.34%", "40.79%", "51.54%")


def test_status_table_with_the_reasons_not_completed(rep):
    s = status_table(rep).set_index("类别")
    assert s.loc[["按期完成", "超时完成", "未完成"], "占比"].tolist() == ["40.01%", "20.73%", "39.26%"]
    reasons = s[s.index.str.startswith("其中：")]
    assert reasons["件数"].sum() == 5757  # the reasons split 未完成 exactly
    assert s.loc["其中：未处置或未申请结案", "件数"] == 4739
    assert s.loc["其中：核查未通过", "件数"] == 509 and s.loc["其中：待核查", "件数"] == 509


def test_statistics_and_sample_show_themselves(rep):
    page = stats_html(rep.stats)
    assert "60.34%" in page and "综合解决率" in page
    head = sample_html(rep.sample)
    assert "总体 8907 件已结案案件" in head and "随机种子 2020" in head


def test_the_stated_figures_compared_then_the_others_in_one_line():
    with_report = ek.load_case_report(["generated/zhongfang-2020/案件导出.csv", "zhongfang-2020/units.csv",
                                       "generated/zhongfang-2020/自评报告.docx"])
    table = stated_figures(with_report)
    assert list(table.columns) == ["位置", "名称", "正文数字", "复算数字", "复算依据", "状态"]
    assert len(table) == 9 and set(table["状态"]) == {"一致"}
    assert table.loc[table["名称"] == "综合解决率", "复算依据"].tolist() == ["案件导出.csv“全部案件”", "正文第38段"]
    line = unmatched_figures(with_report)
    assert line.startswith("未能对照（导出表中没有同一数字，只列出，不作为问题）17 处：第6段 安装高清摄像头 11个；")
    assert "第6段 （未写名称） 90台" in line
    html = stated_html(with_report).data
    assert html.count("<tr") == 10 and "未能对照" in html
