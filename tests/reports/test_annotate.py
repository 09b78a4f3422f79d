import hashlib

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font

from evalkit.department.workbooks import check_paths
from evalkit.errors import InputError, UsageError
from evalkit.findings import Finding, Severity
from evalkit.reports.annotate import XLS_NOTE, annotate_report, annotate_workbook, annotated_names
from evalkit.reports.register import SEVERITY_FILLS

RED, AMBER, BLUE = (SEVERITY_FILLS[s] for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))


def rgb(cell):
    return cell.fill.fgColor.rgb[-6:] if cell.fill.fill_type == "solid" else None


def look(cell):
    """What a cell looks like: font, fill and number format, compared field by field."""
    font, fill = cell.font, cell.fill
    colour = font.color.rgb if font.color is not None else None
    return (font.name, font.b, font.i, font.sz, font.u, colour, fill.fill_type, fill.fgColor.rgb,
            cell.number_format, cell.alignment.horizontal, cell.alignment.wrap_text)


def commented(ws):
    return {c.coordinate: c.comment.text for row in ws.iter_rows() for c in row if c.comment}


def test_seed_cells_are_coloured_and_commented_exactly_where_the_findings_are(zhongfang, tmp_path):
    report = check_paths([zhongfang])
    before = hashlib.sha256(zhongfang.read_bytes()).hexdigest()
    out = annotate_workbook(zhongfang, report.findings, tmp_path / "自评表.复核.xlsx")
    assert hashlib.sha256(zhongfang.read_bytes()).hexdigest() == before  # the input is untouched
    wb, original = load_workbook(out), load_workbook(zhongfang)
    ws = wb["附件1"]
    notes = commented(ws)
    assert set(notes) == {f.cell for f in report.findings} == {"H6", "H16", "H21", "I21", "H22"}
    for f in report.findings:
        assert f"（{f.rule}）" in notes[f.cell] and f.message in notes[f.cell]
    assert notes["H6"].startswith("【错误】执行率得分（execution-score）\n报告值：10.00；复算值：5.00\n")
    # two findings on H22 (an error and a warning): one comment, the error's colour
    assert notes["H22"].count("【") == 2 and "total-score" in notes["H22"] and "total-rescored" in notes["H22"]
    assert (rgb(ws["H6"]), rgb(ws["H22"]), rgb(ws["H16"]), rgb(ws["I21"])) == (RED, RED, AMBER, AMBER)
    assert ws["H6"].comment.author == "evalkit 复核"
    # everything else as it was: values, merged cells, fonts and fills of the cells without findings
    old = original["附件1"]
    assert {str(r) for r in ws.merged_cells.ranges} == {str(r) for r in old.merged_cells.ranges}
    for row in old.iter_rows():
        for cell in row:
            new = ws[cell.coordinate]
            assert new.value == cell.value
            if cell.coordinate not in notes:
                assert look(new) == look(cell)
    listed = wb["复核意见"]
    assert [c.value for c in listed[1]][:5] == ["序号", "严重程度", "规则", "工作表", "单元格"]
    assert listed.max_row == 1 + len(report.findings)
    assert listed["E2"].value == "H6" and listed["E2"].hyperlink.location == "'附件1'!H6"


def test_rates_show_as_percentages_in_the_comment(lusong, tmp_path):
    report = check_paths([lusong])
    out = annotate_workbook(lusong, report.findings, tmp_path / "a.xlsx")
    ws = load_workbook(out)["整体支出绩效自评表"]
    assert "报告值：99.17%；复算值：99.96%" in ws["G4"].comment.text
    assert set(commented(ws)) == {f.cell for f in report.findings}


def built(tmp_path):
    """A small workbook with a formula, a merged range, its own comment and a formula-like text."""
    wb = Workbook()
    ws = wb.active
    ws.title = "表1"
    ws["A1"], ws["B2"], ws["B3"], ws["C3"] = "项目", 10, 20, "=B2+B3"
    ws["D3"].font = Font(bold=True)
    ws.merge_cells("A5:C5")
    ws["A5"] = "合计"
    ws["B2"].comment = Comment("单位自己的批注", "单位")
    path = tmp_path / "表.xlsx"
    wb.save(path)
    return path


def test_formulas_merged_cells_own_comments_and_cell_less_findings(tmp_path):
    path = built(tmp_path)
    findings = [Finding("total-row", "error", str(path), "表1", "B2", "", 10, 12, "合计不符。"),
                Finding("over-budget", "info", str(path), "表1", "B5", "", 1.0, 2.0, "在合并区域内。"),
                Finding("grade", "warning", str(path), "表1", "", "", "良", "优", "=没有单元格的发现"),
                Finding("grade", "warning", str(tmp_path / "别的.xlsx"), "表1", "A1", "", "良", "优", "别的文件")]
    out = annotate_workbook(path, findings, tmp_path / "out" / "表.复核.xlsx", author="evalkit 复核（张三）")
    wb = load_workbook(out)
    ws = wb["表1"]
    assert ws["C3"].value == "=B2+B3" and ws["C3"].data_type == "f"  # the unit's formula is kept
    assert ws["D3"].font.bold and "A5:C5" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["B2"].comment.text.endswith("原批注：单位自己的批注") and rgb(ws["B2"]) == RED
    assert ws["B2"].comment.author == "evalkit 复核（张三）"
    assert rgb(ws["A5"]) == BLUE and "over-budget" in ws["A5"].comment.text  # B5 is inside A5:C5
    assert ws["A1"].comment is None  # the other file's finding is not put here
    notes = wb["复核意见"]
    rows = {r[7].value: r for r in notes.iter_rows(min_row=2) if r[0].value}
    cell_less = rows["=没有单元格的发现"]
    assert cell_less[7].data_type == "s" and cell_less[8].value == "无对应单元格，仅在此列出"
    assert rows["在合并区域内。"][8].value == "已在 A5 标色并加批注"
    assert len(rows) == 3


def test_xls_is_converted_from_its_values(tmp_path):
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("附件1")
    sheet.write_merge(0, 0, 0, 2, "项目支出绩效自评表")
    sheet.write(1, 1, 9.5)
    book.save(str(tmp_path / "旧.xls"))
    source = tmp_path / "旧.xls"
    finding = Finding("execution-score", "error", str(source), "附件1", "B2", "", 9.5, 10.0, "应为 10.00 分。")
    wb = load_workbook(annotate_workbook(source, [finding], tmp_path / "旧.复核.xlsx"))
    ws = wb["附件1"]
    assert ws["A1"].value == "项目支出绩效自评表" and "A1:C1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["B2"].value == 9.5 and "execution-score" in ws["B2"].comment.text and rgb(ws["B2"]) == RED
    assert any(c.value == XLS_NOTE for r in wb["复核意见"].iter_rows() for c in r)


def test_bad_inputs_are_clear_errors(zhongfang, tmp_path):
    fake = tmp_path / "假.xlsx"
    fake.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(InputError, match="假.xlsx.*只能为 .xlsx 工作簿"):
        annotate_workbook(fake, [], tmp_path / "out.xlsx")
    with pytest.raises(UsageError, match="不能覆盖原文件"):
        annotate_workbook(zhongfang, [], zhongfang)
    with pytest.raises(InputError, match="文件不存在"):
        annotate_workbook(tmp_path / "无.xlsx", [], tmp_path / "out.xlsx")


def test_one_copy_per_checked_workbook_never_over_an_input(yiyang, zhongfang, tmp_path):
    report = check_paths([yiyang, zhongfang])
    written = annotate_report(report, tmp_path)
    assert [p.name for p in written] == ["yiyang-2022-自评表.复核.xlsx", "zhongfang-2020-自评表.复核.xlsx"]
    assert load_workbook(written[0])["复核意见"]["A3"].value == "未发现问题。"
    clash = tmp_path / "甲.复核.xlsx"
    names = annotated_names([tmp_path / "甲.xlsx", clash], tmp_path)
    assert names[(tmp_path / "甲.xlsx").resolve()].name == "甲.2.复核.xlsx"
    assert names[clash.resolve()].name == "甲.复核.复核.xlsx"
