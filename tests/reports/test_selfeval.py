"""Self-evaluation views (reports.selfeval): totals, execution and scores of a re-scored 自评表 as the report shows them."""

import evalkit as ek
from evalkit.reports.selfeval import (
    execution_table,
    form_html,
    key_figures,
    rescored_html,
    score_frame,
    score_table,
    totals_table,
)


def test_conclusion_text(yiyang):
    text = ek.reports.selfeval.conclusion(ek.rescore(ek.load_self_evaluation(yiyang)))
    assert "自评总分 100 分" in text and "复算 100.00 分" in text and "一致" in text


def test_zhongfang_total_printed_950_recomputed_93(zhongfang):
    r = ek.rescore(ek.load_self_evaluation(zhongfang))
    t = totals_table(r).set_index("项目")
    assert t.loc["总分", ["自评", "复算"]].tolist() == ["950", "93.00"] and not t.loc["总分", "一致"]
    assert t.loc["等级", "复算"] == "优" and t.loc["等级", "自评"] == ""  # no grade printed: compared with nothing
    text = ek.reports.selfeval.conclusion(r)
    assert "自评总分 950 分" in text and "复算 93.00 分" in text and "不一致（相差 -857.00 分）" in text


def test_zhongfang_execution_scored_10_at_50_percent(zhongfang):
    r = ek.rescore(ek.load_self_evaluation(zhongfang))
    t = execution_table(r, ek.check(r.source))
    e = t.to_frame()
    total = e.iloc[0]
    assert total["资金项目"] == "年度资金总额" and (total["全年预算数(万元)"], total["全年执行数(万元)"]) == ("60.00", "30.00")
    assert (total["执行率(报)"], total["执行率(算)"], total["执行得分(报)"], total["执行得分(算)"],
            total["得分差额"]) == ("50%", "50.00%", "10.00", "5.00", "+5.00")  # 50% as printed
    assert e["执行率(算)"].tolist()[1:] == ["", "", ""]  # only the total line carries the rate and score
    assert t.marked()["H6"] == "evalkit-wrong" and t.totals == {0}  # the execution score 10 for 5


def test_yiyang_execution_701_8_and_totals_agree(yiyang):
    r = ek.rescore(ek.load_self_evaluation(yiyang))
    t = execution_table(r, ek.check(r.source))
    total = t.to_frame().iloc[0]
    assert (total["全年预算数(万元)"], total["全年执行数(万元)"], total["执行率(算)"]) == ("701.80", "701.80", "100.00%")
    assert totals_table(r).set_index("项目").loc["总分"].tolist() == ["100", "100.00", True]
    assert t.marked() == {}


def test_score_table_shows_printed_and_recomputed_scores(yiyang, zhongfang):
    s = score_table(ek.rescore(ek.load_self_evaluation(yiyang))).to_frame()
    assert {"一级指标", "三级指标", "年度指标值", "得分(报)", "得分(算)", "得分差额"} <= set(s.columns) and len(s) == 12
    assert score_frame(ek.rescore(ek.load_self_evaluation(yiyang)))["得分(算)"].sum() == 90
    r = ek.rescore(ek.load_self_evaluation(zhongfang))
    marked = score_table(r, ek.check(r.source)).marked()
    assert marked and set(marked.values()) <= {"evalkit-wrong", "evalkit-doubt", "evalkit-hint"}


def test_key_figures_of_a_self_evaluation(zhongfang):
    figures = key_figures(ek.rescore(ek.load_self_evaluation(zhongfang)))
    assert figures == {"执行率(复算)": "50.00%", "自评总分": "950.00", "复算总分": "93.00", "等级(报/算)": "未写 / 优"}


def test_views_show_figures_and_escape_text(yiyang):
    r = ek.rescore(ek.load_self_evaluation(yiyang))
    page = rescored_html(r)
    assert "执行率 100.00%（报 100.00%）" in page and "总分 复算 100.00" in page and "城管协管员满意度" in page
    form = form_html(r.source)
    assert "2022 城市管理协管员聘用经费（自评表.xlsx / 项目支出绩效自评表）" in form and "<td>≥90%</td>" in form


def test_indicator_text_is_escaped(form):
    rows = [("产出指标(90分)", "数量指标", "<script>alert(1)</script>", "≥200次", "240次", 90, 90)]
    t = ek.load_self_evaluation(form(rows=rows, total=(100, 100)))
    for page in (form_html(t), rescored_html(ek.rescore(t))):
        assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
