"""HTML views (reports.views): every result object renders itself, input text escaped."""

from types import SimpleNamespace

import pytest

import evalkit as ek
from evalkit.findings import Finding, Findings, Severity
from evalkit.project import DATA
from evalkit.reports.views import RENDERERS, findings_html, register, to_html, value_text

XSS = "<img src=x onerror=alert(1)>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"


def make(sev=Severity.ERROR):
    return Finding("execution-score", sev, "/x/a.xlsx", "S", "H5", "项目", 10.0, 5.0, "执行得分不符。")


def test_html_is_colour_coded_and_chinese():
    page = ek.reports.views.to_html(Findings([make()]))
    assert "#f8d7da" in page and "错误" in page and "单元格" in page and "a.xlsx" in page
    assert "未发现问题" in ek.reports.views.to_html(Findings())


def test_input_text_is_escaped_everywhere():
    f = Finding("execution-score", Severity.ERROR, f"/x/{XSS}.xlsx", XSS, "H5", XSS, XSS, 5.0, f"说明 {XSS}")
    page = to_html(Findings([f]))
    assert XSS not in page and "<img" not in page
    assert page.count(ESCAPED) == 5  # file, sheet, subject, reported, message


def test_errors_come_first_and_rules_show_their_chinese_name():
    page = findings_html(Findings([make(Severity.INFO), make(Severity.ERROR), make(Severity.WARNING)]))
    assert page.index("#f8d7da") < page.index("#fff3cd") < page.index("#e7f1ff")
    assert 'title="execution-score"' in page and page.startswith("<p>错误 1 项，存疑 1 项，提示 1 项</p>")
    assert ">10<" in page and ">5<" in page  # figures without trailing zeros


def test_values_as_text():
    assert [value_text(v) for v in (1124.66, 0.99166667, 10.0, float("nan"), None, "≥90%", 8907)] == [
        "1124.66", "0.9917", "10", "", "", "≥90%", "8907"]


def test_every_result_type_and_its_subclasses_render():
    form = ek.load_self_evaluation(DATA / "yiyang-2022" / "自评表.xlsx")
    assert "城市管理协管员聘用经费" in to_html(form)
    assert "复算 100.00" in to_html(ek.rescore(form))
    base = ek.load_tables(DATA / "lusong-2023" / "基础数据表.xlsx")[0]  # a BaseDataTable: the DepartmentTable view
    assert type(base) not in RENDERERS and "编制数 100" in to_html(base)


def test_an_unknown_object_has_no_view():
    with pytest.raises(TypeError, match="no HTML view for dict"):
        to_html({"a": 1})
    with pytest.raises(TypeError, match="no HTML view for object"):
        to_html(object())


def test_register_tells_the_shell_about_every_result_type():
    registered = {}
    html = SimpleNamespace(for_type=lambda kind, fn: registered.setdefault(kind, fn))
    register(SimpleNamespace(display_formatter=SimpleNamespace(formatters={"text/html": html})))
    assert set(registered) == set(RENDERERS) and set(registered.values()) == {to_html}
    register()  # outside IPython: nothing to do
