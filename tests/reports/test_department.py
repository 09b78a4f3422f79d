"""Department views (reports.department): projects and ratios as the report shows them, tables in a notebook."""

import pandas as pd

import evalkit as ek
from evalkit.department.base import DepartmentTable
from evalkit.project import DATA
from evalkit.reports.department import key_figures, projects_table, ratios_table, scores_table, table_html

DUJI_BUDGET = DATA / "duji-2024" / "项目预算执行表.xlsx"
LUSONG_BASE = DATA / "lusong-2023" / "基础数据表.xlsx"
DUJI = ["duji-2024/项目预算执行表.xlsx", "duji-2024/项目自评得分表.xlsx"]
LUSONG = ["lusong-2023/整体支出绩效自评表.xlsx", "lusong-2023/基础数据表.xlsx", "lusong-2023/正文支出数据.xlsx"]


def only(path):
    (table,) = ek.load_tables(path)
    return table


def test_tables_display_themselves():
    html = ek.reports.views.to_html(only(DUJI_BUDGET))
    assert "项目预算执行表" in html and "全年执行数" in html and "城管进社区" in html
    assert "2022年决算数" in ek.reports.views.to_html(only(LUSONG_BASE))
    assert "编制数 100" in ek.reports.views.to_html(only(LUSONG_BASE))


def test_projects_table_marks_the_wrong_cells_and_always_shows_the_total_row():
    t = projects_table(ek.load_department(DUJI))
    p = t.to_frame().set_index("项目")
    assert p.columns.tolist() == ["年初预算(万元)", "全年预算(万元)", "全年执行(万元)", "执行率(报)", "执行率(算)", "执行率差额"]
    assert p.loc["城管进社区"].tolist() == ["35.84", "35.84", "33.79", "94.29%", "94.28%", "+0.01 个百分点"]
    assert p.loc["文明创建", "全年预算(万元)"] == "20.00" and len(p) == 8  # 7 projects and the 合计 row
    # the 合计 row as printed (282.19, 213.05, 75.5% at its printed precision) beside 224.05 / 302.19
    assert p.loc["合计"].tolist() == ["282.19", "282.19", "213.05", "75.5%", "74.14%", "+1.36 个百分点"]
    assert t.marked() == {"F8": "evalkit-hint", "C11": "evalkit-wrong", "D11": "evalkit-wrong", "E11": "evalkit-wrong",
                          "F11": "evalkit-doubt"}
    page = t.html()
    assert page.count('class="evalkit-total"') == 1 and "D11 · 应为 302.19 · 差额 -20.00" in page
    assert 'title="D11 错误：合计行全年预算 282.19 万元不等于各项目之和 302.19 万元' in page


def test_projects_table_of_a_whole_department_form():
    (row,) = projects_table(ek.load_department(LUSONG)).to_frame().to_dict("records")
    assert (row["全年预算(万元)"], row["全年执行(万元)"]) == ("2,628.42", "2,627.30")
    assert (row["执行率(报)"], row["执行率(算)"]) == ("99.17%", "99.96%")


def test_scores_table_marks_the_grades_outside_their_band():
    t = scores_table(ek.load_department(DUJI))
    s = t.to_frame().set_index("项目")
    assert s.loc["文明创建", ["总分(报)", "等级(报)", "等级(算)"]].tolist() == ["92.42", "良好", "优"]
    assert t.marked() == {"D8": "evalkit-wrong", "D9": "evalkit-wrong", "D10": "evalkit-wrong"}


def test_key_figures_of_a_department():
    figures = key_figures(ek.load_department(DUJI))
    assert figures["执行率(复算)"] == "74.14%" and figures["全年预算合计(万元，复算)"] == "302.19"
    assert figures["项目"] == "7" and figures["自评平均分(报)"] == "96.43"


def test_ratios_table_percentages_and_blanks_for_unprinted_rates():
    d = ek.load_department(LUSONG)
    r = ratios_table(d).set_index("指标")
    assert r.loc["在职人员控制率", ["分子", "分母", "复算", "报告"]].tolist() == [83, 100, "83.00%", "83.00%"]
    assert r.loc["项目支出执行率", ["复算", "报告"]].tolist() == ["83.78%", ""]  # the report prints no rate here
    assert r.loc["三公经费变动率", "复算"] == "-20.26%"
    assert d.ratios()["复算"].dtype == float  # the model keeps numbers; only the view formats them


def test_a_table_title_is_escaped(tmp_path):
    t = DepartmentTable(str(tmp_path / "a.xlsx"), "S<1>", "<b>标题</b>", pd.DataFrame({"project": ["<i>甲</i>"]}))
    page = table_html(t)
    assert "<b>" not in page and "&lt;b&gt;标题&lt;/b&gt;" in page and "S&lt;1&gt;" in page
    assert "<i>" not in page and "&lt;i&gt;甲&lt;/i&gt;" in page
