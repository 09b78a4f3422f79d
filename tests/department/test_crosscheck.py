import evalkit as ek
from evalkit.department.crosscheck import cross_check, name_key
from evalkit.department.workbooks import check_paths, read_workbook
from evalkit.project import DATA


def test_name_key_ignores_numbering_and_filler_words():
    assert name_key("2、城市管理综合行政执法经费") == name_key("城市管理综合执法经费专项") == "城市管理综合执法"
    assert name_key("项目支出：") == "项目支出"


def test_seed004_same_quantities_across_documents():
    folder = DATA / "lusong-2023"
    forms, tables = [], []
    for path in sorted(folder.glob("*.xlsx")):
        f, t = read_workbook(path)
        forms += f
        tables += t
    found = cross_check(forms, tables)
    got = sorted((f.sheet, f.cell, f.reported, f.expected) for f in found)
    assert got == [
        ("基础数据表", "D12", 1124.66, 1120.78),   # 项目支出: 决算 1124.66, but 1120.78 in the 自评表 and the text
        ("基础数据表", "D14", 159.54, 155.66),     # 城市管理综合执法经费: 159.54 vs 155.66 in the text
        ("正文支出数据", "C7", 155.66, 159.54),
    ]
    assert all(f.severity is ek.Severity.WARNING and f.rule == "same-quantity" for f in found)


def test_agreeing_amounts_and_single_documents_give_nothing(yiyang):
    assert len(check_paths([yiyang]).findings.by_rule("same-quantity")) == 0
    report = check_paths([DATA / "lusong-2023"])
    assert len(report.findings.by_rule("same-quantity")) == 3
