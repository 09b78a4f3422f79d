"""The working-paper head of a report (reports.workpaper): fields, key figures, drafted conclusion, register."""

import re

from openpyxl import load_workbook

import evalkit as ek
from evalkit.findings import Finding
from evalkit.reports.workpaper import UNSET, draft_conclusion, head, today

DUJI = ["duji-2024/项目预算执行表.xlsx", "duji-2024/项目自评得分表.xlsx"]


def test_the_head_of_the_duji_report_names_the_unit_index_and_dates():
    dept = ek.load_department(DUJI)
    h = head("2024年度杜集区城市管理局项目预算执行与自评得分复核", unit="杜集区城市管理局", year=2024,
             index_no="JXFH-2024-01", reviewer="李四", figures=ek.reports.department.key_figures(dept),
             findings=dept.findings, subject="杜集区城市管理局报送的 2 张表")
    assert h.fields["被审计单位"] == "杜集区城市管理局" and h.fields["索引号"] == "JXFH-2024-01"
    assert h.fields["复核人"] == "李四" and h.fields["复核日期"] == today() and re.fullmatch(r"\d{4}-\d\d-\d\d", today())
    assert h.figures["执行率(复算)"] == "74.14%" and (h.figures["错误"], h.figures["存疑"], h.figures["重大"]) == ("6", "1", "3")
    assert h.counts == {"error": 6, "warning": 1, "info": 1, "material": 3}
    page = h.html()
    for label in ("被审计单位", "项目", "索引号", "复核人", "复核日期"):
        assert f"<th>{label}</th>" in page
    assert 'class="evalkit-conclusion"' in page and 'class="evalkit-figure bad"' in page
    text = h.conclusion
    assert text.startswith("经复核杜集区城市管理局报送的 2 张表，发现错误 6 项（其中重大 3 项，涉及金额 51.00 万元）、存疑 1 项、提示 1 项")
    assert "合计行（C11、D11、E11）" in text and "等级区间（D8、D9、D10）" in text and "对存疑事项作出书面说明" in text


def test_blank_catalogue_fields_are_said_not_invented():
    h = head("复核")
    assert h.fields["复核人"] == UNSET and h.fields["索引号"] == UNSET and h.fields["项目"] == "复核"
    assert h.conclusion == "" and h.links == {}  # no findings given: nothing drafted


def test_the_head_carries_its_figures_in_order_as_metadata():
    h = head("复核", figures={"b": "2", "a": "1", "空": ""}, findings=[])
    html, metadata = h._repr_html_()
    assert metadata["evalkit"]["figures"][:2] == [("b", "2"), ("a", "1")]  # "空" left out: unknown
    assert metadata["evalkit"]["counts"]["error"] == 0 and "<h1>复核</h1>" in html


def test_titles_and_fields_are_escaped():
    page = head("<script>x</script>", unit="<b>单位</b>").html()
    assert "<script>x" not in page and "&lt;b&gt;单位&lt;/b&gt;" in page


def test_the_register_is_written_and_linked(tmp_path):
    wrong = Finding("total-row", "error", str(ek.project.DATA / DUJI[0]), "项目预算执行表", "D11", "合计", 282.19,
                    302.19, "合计不符", "amount", difference=-20.0)
    out = tmp_path / "e.发现清单.xlsx"
    h = head("复核", unit="杜集区城市管理局", year=2024, reviewer="李四", findings=[wrong], register=out)
    assert h.links == {"发现清单（xlsx，可填写说明与整改）": "e.发现清单.xlsx"}
    assert 'href="e.发现清单.xlsx"' in h.html()
    wb = load_workbook(out)
    assert wb["发现清单"].max_row == 2  # the header and the one finding


def test_a_clean_table_is_concluded_as_acceptable_and_hints_are_mentioned():
    hint = Finding("project-rate", "info", "a.xlsx", "S", "F8", "p", 0.9429, 0.9428, "…", "rate", 2)
    assert draft_conclusion([hint], "某表") == "经复核某表，未发现报告值与评分规则或其自身数字不符之处。另有提示 1 项，供参考。复核意见：自评数据可予认可。"
