import pytest

import evalkit as ek
from evalkit.errors import InputError

DUJI = ["duji-2024/项目预算执行表.xlsx", "duji-2024/项目自评得分表.xlsx"]
LUSONG = ["lusong-2023/整体支出绩效自评表.xlsx", "lusong-2023/基础数据表.xlsx", "lusong-2023/正文支出数据.xlsx"]


def test_duji_projects_scores_and_findings():
    d = ek.load_department(DUJI)
    p = d.projects().set_index("project")
    assert len(p) == 7 and p.loc["城管进社区", "rate_reported"] == pytest.approx(0.9429)
    assert p.loc["城管进社区", "rate_expected"] == pytest.approx(33.79 / 35.84)
    scores = d.scores().set_index("项目")
    assert scores.loc["智慧城管", "等级(报)"] == "良好" and scores.loc["智慧城管", "等级(算)"] == "优"
    assert not scores.loc["垃圾分类", "一致"] and scores.loc["城管进社区", "一致"]
    counts = d.findings_by_severity().set_index("规则")
    assert counts.loc["grade-band", "错误"] == 3 and counts.loc["total-row", "错误"] == 3
    assert d.summary().startswith("读取 2 个文件、2 张表；错误 6 项")  # 94.29% for 94.2801%: a rounding difference


def test_lusong_ratios_and_cross_document_findings():
    d = ek.load_department(LUSONG)
    ratios = ek.reports.department.ratios_table(d).set_index("指标")
    assert ratios.loc["在职人员控制率", "复算"] == "83.00%" and ratios.loc["在职人员控制率", "报告"] == "83.00%"
    assert ratios.loc["项目支出执行率", "复算"] == "83.78%"  # 1124.66 / 1342.35
    assert len(d.findings.by_rule("same-quantity")) == 3
    scores = d.scores()
    assert scores.iloc[0]["总分(报)"] == 94 and scores.iloc[0]["总分(算)"] == pytest.approx(95.98)


def test_itemised_change_rate_reported_and_recomputed():
    ratios = ek.reports.department.ratios_table(ek.load_department(["zhuzhou-2019/预算执行明细表.xlsx"]))
    row = ratios[ratios["指标"].str.contains("三公")].iloc[0]
    assert row["复算"] == "-10.89%" and row["报告"] == "-10.89%"


def test_unreadable_input_is_an_error(tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_text("no")
    with pytest.raises(InputError, match="x.xlsx"):
        ek.load_department([str(bad)])


def test_one_unreadable_workbook_is_named_in_the_report_and_the_others_still_checked(tmp_path):
    from evalkit.project import DATA

    bad = tmp_path / "坏文件.xlsx"
    bad.write_text("no")
    d = ek.load_department([DATA / "duji-2024/项目预算执行表.xlsx", bad, DATA / "duji-2024/项目自评得分表.xlsx"])
    assert d.findings.count("error") == 6 and len(d.projects()) == 7  # as without the bad file
    assert "其中 1 个文件无法读取" in d.summary() and "坏文件.xlsx" in d.summary()
    row = d.documents().set_index("文件").loc["坏文件.xlsx"]
    assert row["表类型"] == "无法读取" and "不是" in row["对象"]


def test_a_department_without_base_data_has_no_ratios():
    # the department notebook then says so instead of showing an empty table
    assert ek.load_department(DUJI).ratios().empty


def test_claims_of_a_report_text_with_their_cells_and_status(tmp_path):
    from evalkit.testing.documents import seed_report, write_docx

    books = [ek.project.DATA / p for p in DUJI]
    docx = write_docx(seed_report(next((ek.project.DATA / "seeds").glob("002_*.txt")), books), tmp_path / "duji.docx")
    d = ek.load_department([docx])
    claims = d.claims()
    assert list(claims.columns[:3]) == ["文件", "位置", "类别"] and set(claims["文件"]) == {"duji.docx"}
    row = claims[(claims["位置"] == "第20段") & (claims["正文数字"] == "282.19万元")].iloc[0]
    assert (row["表中数字"], row["单元格"], row["状态"]) == ("302.19万元", "duji.docx“表1”第11行第4列", "不一致")
    assert "表中印的是 282.19万元" in row["说明"]
    assert (claims["状态"] == "未能对照").sum() > 0
    assert "正文所述数字" in d.documents().iloc[-1]["对象"] and "1 份报告正文" in d.summary()
    assert ek.load_department(DUJI).claims().empty
