from openpyxl import load_workbook

from evalkit.cli import main


def test_xlsx_findings_link_to_their_cells(zhongfang, tmp_path, capsys):
    out = tmp_path / "out" / "复核发现.xlsx"
    assert main(["check", str(zhongfang), "--format", "xlsx", "-o", str(out)]) == 0
    assert "错误 3 项" in capsys.readouterr().out
    wb = load_workbook(out)
    ws = wb["复核发现"]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["规则", "严重程度", "文件", "工作表", "单元格"]
    rows = {(r[0].value, r[4].value): r for r in ws.iter_rows(min_row=2)}
    link = rows[("执行率得分（execution-score）", "H6")][4].hyperlink.target
    assert link.endswith("#'附件1'!H6") and link.startswith("../")
    assert rows[("执行率得分（execution-score）", "H6")][1].value == "错误"
    assert wb["文件"]["D2"].value == "生态环境保护专项:智慧城管服务"


def test_xlsx_needs_an_output_path(zhongfang, capsys):
    assert main(["check", str(zhongfang), "--format", "xlsx"]) == 2
    assert "-o" in capsys.readouterr().err


def test_xlsx_figures_are_numbers_with_excel_formats(zhongfang, lusong, tmp_path, capsys):
    out = tmp_path / "复核发现.xlsx"
    assert main(["check", str(zhongfang), str(lusong), "--format", "xlsx", "-o", str(out)]) == 0
    ws = load_workbook(out)["复核发现"]
    header = [c.value for c in ws[1]]
    assert header[-3:] == ["差额", "涉及金额(万元)", "重大"]
    col = {name: header.index(name) for name in ("规则", "报告值", "复算值")}
    rows = {r[col["规则"]].value: r for r in ws.iter_rows(min_row=2)}
    score = rows["执行率得分（execution-score）"]
    assert isinstance(score[col["报告值"]].value, (int, float)) and score[col["报告值"]].number_format == "0.00"
    assert score[col["复算值"]].number_format == "0.00"
    rates = [r for r in ws.iter_rows(min_row=2) if r[col["规则"]].value == "预算执行率（execution-rate）"]
    (rate,) = rates  # 芦淞: 99.17% printed for 99.96%
    assert (rate[col["报告值"]].value, rate[col["报告值"]].number_format) == (0.9917, "0.00%")
    assert rate[col["复算值"]].number_format == "0.00%"
