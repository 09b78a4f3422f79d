"""Hostile input: text taken from a workbook never reaches a report's HTML unescaped.

Every object a report notebook displays is rendered here through IPython's own display
formatter, set up exactly as ``ek.reports.setup()`` sets it up in a report kernel.
"""

from __future__ import annotations

import pytest
from IPython.core.interactiveshell import InteractiveShell
from openpyxl import load_workbook

import evalkit as ek
from evalkit.reports.notebook import register_table_display
from evalkit.reports.views import register

ATTACK = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def shell():
    shell = InteractiveShell.instance()
    register_table_display(shell)
    register(shell)
    yield shell
    InteractiveShell.clear_instance()


def html_of(shell, obj) -> str:
    data, _ = shell.display_formatter.format(obj)
    return data.get("text/html", "")


@pytest.fixture
def hostile_form(form, tmp_path):
    path = form("hostile.xlsx", rows=[
        ("产出指标(50分)", "数量指标", ATTACK, "≥100次", "120次", 20, 20),
        ("产出指标(50分)", "质量指标", "案件办结率", "95%以上", "96%", 20, 20),
        ("产出指标(50分)", "成本指标", "项目成本", "≤100万元", "95万元", 10, 10),
        ("效益指标(30分)", "社会效益指标", "市容环境", "明显改善", "基本改善", 30, 27),
        ("满意度指标(10分)", "服务对象满意度指标", "群众满意度", "≥90%", "85%", 10, 9),
    ])
    wb = load_workbook(path)
    ws = wb.active
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == "项目名称":
                ws.cell(cell.row, cell.column + 1, ATTACK)
    wb.save(path)
    return path


def test_every_view_of_a_self_evaluation_escapes_workbook_text(shell, hostile_form):
    table = ek.load_self_evaluation(hostile_form)
    assert table.meta["project"] == ATTACK
    rescored = ek.rescore(table)
    shown = [
        ek.reports.heading(ATTACK, ek.reports.selfeval.conclusion(rescored)),
        ek.reports.info_table({"项目名称": table.meta["project"], ATTACK: ATTACK}),
        ek.reports.selfeval.execution_table(rescored),
        ek.reports.selfeval.score_table(rescored),
        ek.reports.selfeval.totals_table(rescored),
        ek.check(table),
        table,
        rescored,
    ]
    for obj in shown:
        page = html_of(shell, obj)
        assert page, f"{type(obj).__name__} has no HTML view"
        assert "<img" not in page, f"{type(obj).__name__} passes raw HTML from the workbook"
    assert "&lt;img src=x onerror=alert(1)&gt;" in html_of(shell, ek.reports.selfeval.score_table(rescored))


def test_a_plain_frame_with_hostile_cells_and_headers_is_escaped(shell):
    import pandas as pd

    frame = pd.DataFrame({ATTACK: [ATTACK, "<script>alert(2)</script>"], "金额": [1.5, 2]})
    page = html_of(shell, frame)
    assert "<img" not in page and "<script" not in page
    assert page.count("&lt;img") == 2  # the header and the cell


def test_a_report_built_from_a_hostile_workbook_and_catalogue_shows_the_text(hostile_form, tmp_path):
    # the real self_evaluation notebook, run by the runner and exported as the report page
    from evalkit.runner.build import run_entry
    from evalkit.runner.catalog import load_catalog

    catalog = tmp_path / "catalog.csv"
    catalog.write_text("entry,year,department_id,department,notebook,inputs,title\n"
                       f"hostile-2024,2024,dept-x,\"{ATTACK}\",self_evaluation,{hostile_form},\"{ATTACK}复核\"\n",
                       encoding="utf-8")
    entry = load_catalog(catalog)[0]
    result = run_entry(entry, tmp_path / "outputs")
    assert result.status == "ok", result.error
    page = result.report.read_text(encoding="utf-8")
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
