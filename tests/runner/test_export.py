"""An executed notebook → its report page (runner.export)."""

import nbformat

from evalkit.runner.export import report_page, warm_up


def executed_notebook():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell('import evalkit as ek\nek.reports.heading("复核报告")', execution_count=1)
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": "<h1>复核报告</h1>",
                                                                  "text/plain": "<标题>"})]
    nb.cells = [nbformat.v4.new_markdown_cell("## 基本信息"), cell]
    nb.metadata["title"] = "测试报告"
    return nb


def test_a_page_shows_outputs_not_code_with_its_footer_and_font(tmp_path):
    warm_up()
    nb = executed_notebook()
    page = report_page(nb, "<p>数据来源与生成信息</p>", tmp_path / "fonts")
    assert "<h1>复核报告</h1>" in page and "基本信息" in page and "<title>测试报告</title>" in page
    assert "import evalkit" not in page  # code hidden
    assert page.index("数据来源与生成信息") > page.index("复核报告")
    assert "@font-face" in page and len(list((tmp_path / "fonts").glob("*.otf"))) == 1
    assert report_page(nb, "<p>数据来源与生成信息</p>", tmp_path / "fonts") == page


def test_a_page_prints_on_numbered_a4_with_wide_tables_on_landscape_pages(tmp_path):
    page = report_page(executed_notebook(), "", tmp_path / "fonts")
    css = page[page.index("@page {"):]
    assert "size: A4;" in css and '"第 " counter(page) " 页 / 共 " counter(pages) " 页"' in css
    assert "@page wide { size: A4 landscape;" in css and "page: wide" in css
    assert "thead { display: table-header-group; }" in css and "break-after: avoid" in css
    assert "max-width: 1400px" in page and "evalkit-table" in page  # on screen: capped, tables in their own box
