import shutil

import pytest
from openpyxl import load_workbook

import evalkit as ek
from evalkit.selfeval.checks import CHECKS as RULES
from evalkit.testing.formgen import CLEAN_ROWS


def edited(src, tmp_path, **cells):
    """A copy of a workbook with some cells overwritten."""
    path = tmp_path / src.name
    shutil.copy(src, path)
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    for ref, value in cells.items():
        ws[ref] = value
    wb.save(path)
    return path


def rules_of(findings):
    return sorted((f.rule, f.cell) for f in findings)


def test_clean_seed_has_no_findings(yiyang):
    assert len(ek.check(ek.load_self_evaluation(yiyang))) == 0


def test_execution_rate_and_score_disagreement(yiyang, tmp_path):
    path = edited(yiyang, tmp_path, E5="350.9", E6="350.9")
    found = ek.check(ek.load_self_evaluation(path))
    by_rule = {f.rule: f for f in found}
    assert by_rule["execution-rate"].cell == "G5"
    assert by_rule["execution-rate"].expected == pytest.approx(0.5)
    assert by_rule["execution-score"].cell == "H5" and by_rule["execution-score"].expected == pytest.approx(5)
    assert by_rule["total-rescored"].expected == pytest.approx(95)


def test_funds_total_against_parts(yiyang, tmp_path):
    found = ek.check(ek.load_self_evaluation(edited(yiyang, tmp_path, D6="700")))
    assert ("funds-total", "D5") in rules_of(found)


def test_score_above_weight_and_total_sum(yiyang, tmp_path):
    found = ek.check(ek.load_self_evaluation(edited(yiyang, tmp_path, H13=12)))
    assert ("score-cap", "H13") in rules_of(found)
    assert ("total-score", "H28") in rules_of(found)


def test_quantitative_score_below_rule_and_missing_reason(yiyang, tmp_path):
    found = ek.check(ek.load_self_evaluation(edited(yiyang, tmp_path, H27=9, H28=99)))
    got = {f.rule: f for f in found}
    assert got["indicator-score"].cell == "H27" and got["indicator-score"].severity is ek.Severity.ERROR
    assert got["indicator-score"].expected == 10
    assert got["missing-reason"].cell == "I27"
    assert "total-score" not in got


def test_level1_weight_label(yiyang, tmp_path):
    found = ek.check(ek.load_self_evaluation(edited(yiyang, tmp_path, B12="产出指标\n(40分)")))
    f = next(f for f in found if f.rule == "level1-weight")
    assert (f.cell, f.reported, f.expected) == ("B12", 40, 50)


def test_qualitative_out_of_band_is_a_warning(yiyang, tmp_path):
    found = ek.check(ek.load_self_evaluation(edited(yiyang, tmp_path, H25=2, H28=97, I25="经费不足")))
    f = next(f for f in found if f.rule == "qualitative-band")
    assert f.severity is ek.Severity.WARNING and f.cell == "H25" and f.expected == "4–5"


def test_unparseable_value_is_an_error_with_its_cell(yiyang, tmp_path):
    found = ek.check(ek.load_self_evaluation(edited(yiyang, tmp_path, G13="十分")))
    f = next(f for f in found if f.rule == "unreadable-value")
    assert f.cell == "G13" and f.reported == "十分" and "无法把" in f.message


def test_every_rule_has_a_docstring():
    assert all(fn.__doc__ for fns in RULES.values() for fn in fns)


def triples(findings):
    return sorted((f.rule, f.cell, f.severity.value) for f in findings)


def test_seed001_every_disagreement(zhongfang):
    found = ek.check(ek.load_self_evaluation(zhongfang))
    assert triples(found) == [
        ("execution-score", "H6", "error"),      # 50% executed but full 10 points
        ("indicator-score", "H16", "warning"),   # cost ceiling 60万元 kept (30万元): rule gives 10, not 8
        ("indicator-score", "H21", "error"),     # satisfaction ≥95% met: 10, not 9
        ("missing-reason", "I21", "warning"),
        ("total-rescored", "H22", "warning"),
        ("total-score", "H22", "error"),         # 950 printed for 95
    ]
    by = {(f.rule, f.cell): f for f in found}
    assert by[("execution-score", "H6")].expected == 5
    assert by[("total-score", "H22")].reported == 950 and by[("total-score", "H22")].expected == 95
    assert by[("total-rescored", "H22")].expected == 93


def test_seed004_every_disagreement(lusong):
    found = ek.check(ek.load_self_evaluation(lusong))
    assert triples(found) == [
        ("execution-rate", "G4", "error"),        # 2627.30 / 2628.42 = 99.96%, printed 99.17%
        ("execution-score", "H4", "error"),       # 9.5 for 10.00
        ("funds-breakdown", "B5", "error"),       # 按收入性质分 2623.42 ≠ 全年预算数 2628.42
        ("indicator-score", "H21", "error"),      # 85% of ≥90%: 4.72, printed 4
        ("indicator-score", "H29", "warning"),    # cost 1307.04 → 1491.59: 8.76, printed 8 (inferred reverse)
        ("overachievement", "F13", "warning"),
        ("overachievement", "F14", "warning"),
        ("score-without-actual", "F15", "warning"),
        ("score-without-actual", "F16", "warning"),
        ("total-rescored", "H35", "warning"),
    ]
    rate = next(f for f in found if f.rule == "execution-rate")
    assert rate.reported == pytest.approx(0.9917) and rate.expected == pytest.approx(2627.30 / 2628.42)


def test_printed_grade_against_its_total(form):
    good = ek.load_self_evaluation(form("good.xlsx", grade="优秀"))
    assert good.total.grade == "优秀" and not ek.check(good).by_rule("grade")
    bad = ek.check(ek.load_self_evaluation(form("bad.xlsx", grade="良好"))).by_rule("grade")
    assert [(f.cell, f.reported, f.expected, f.severity.value) for f in bad] == [("B18", "良好", "优", "error")]
    odd = ek.check(ek.load_self_evaluation(form("odd.xlsx", grade="很好"))).by_rule("grade")
    assert odd[0].severity is ek.Severity.WARNING


def test_numeric_percentage_rate_compared_at_its_shown_precision(form):
    ok = ek.load_self_evaluation(form("num.xlsx", funds=(100, 100, 95, 10, 0.95, 9.5)))
    assert ok.funds.iloc[0]["rate_reported_ndigits"] == 0 and not ek.check(ok).by_rule("execution-rate")
    near = ek.load_self_evaluation(form("near.xlsx", funds=(100, 100, 95.004, 10, 0.95, 9.5)))
    assert not ek.check(near).by_rule("execution-rate")  # 95.004% shown as 95%
    off = ek.load_self_evaluation(form("off.xlsx", funds=(100, 100, 95, 10, 0.9517, 9.5)))
    assert ek.check(off).by_rule("execution-rate")[0].cell == "G5"


UNFILLED = [(l1, l2, name, target, "", w, None) for l1, l2, name, target, _, w, _ in CLEAN_ROWS]


def test_an_unfilled_form_is_one_finding_not_a_total_of_ten(form):
    path = form("unfilled.xlsx", rows=UNFILLED, funds=(100, 100, 95, 10, "", None), total=(100, None))
    table = ek.load_self_evaluation(path)
    assert table.unfilled
    found = ek.check(table)
    assert [(f.rule, f.severity.value) for f in found] == [("form-unfilled", "error")]
    assert "未填写" in found.items[0].message
    (doc,) = ek.check_paths([path]).documents
    assert doc.recomputed_total is None and doc.grade is None


def test_total_above_what_the_printed_parts_allow(form):
    rows = [*CLEAN_ROWS[:-1], (*CLEAN_ROWS[-1][:6], None)]  # the last score (分值 10) left blank
    found = ek.check(ek.load_self_evaluation(form("max.xlsx", rows=rows, total=(100, 99.6))))
    (f,) = found.by_rule("total-exceeds-max")
    assert f.severity.value == "error" and f.reported == 99.6 and f.expected == pytest.approx(96.5)
    fine = ek.check(ek.load_self_evaluation(form("fine.xlsx", rows=rows, total=(100, 86.5))))
    assert not fine.by_rule("total-exceeds-max")


def test_far_over_execution_is_a_warning(form):
    found = ek.check(ek.load_self_evaluation(form("over.xlsx", funds=(100, 100, 120, 10, "120%", 10),
                                                   total=(100, 97))))
    (f,) = found.by_rule("over-execution")
    assert f.severity.value == "warning" and f.cell == "E5" and "120.00%" in f.message
    assert not ek.check(ek.load_self_evaluation(form("near.xlsx", funds=(100, 100, 104, 10, "104%", 10),
                                                      total=(100, 97)))).by_rule("over-execution")


def test_indicator_header_without_rows_is_an_error_not_a_silent_non_read(form):
    empty = [(l1, l2, name, "", "", None, None) for l1, l2, name, *_ in CLEAN_ROWS]
    with pytest.raises(ek.LayoutNotFound, match="其下没有任何"):
        ek.load_self_evaluation(form("empty.xlsx", rows=empty, total=(None, None)))


def test_a_total_printed_in_the_header_lines_must_match_the_total_row(form):
    path = form("header.xlsx")
    wb = load_workbook(path)
    wb.active["E2"], wb.active["F2"] = "自评得分：", "95分"
    wb.save(path)
    table = ek.load_self_evaluation(path)
    assert (table.total.header_score, table.total.header_score_cell) == (95, "F2")
    (f,) = [f for f in ek.check(table).by_rule("total-score") if f.cell == "F2"]
    assert (f.reported, f.expected) == (95, 96.5) and "表头自评得分" in f.message
    wb.active["F2"] = 96.5
    wb.save(path)
    assert not [f for f in ek.check(ek.load_self_evaluation(path)) if f.cell == "F2"]


NO_WEIGHT_COLUMN = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "得分", "偏差原因分析及改进措施"]


def test_weights_printed_only_in_the_level1_labels(form):
    table = ek.load_self_evaluation(form("labels.xlsx", columns=NO_WEIGHT_COLUMN))
    assert table.indicators["weight"].isna().all() and table.indicators["level1_weight"].tolist()[0] == 50
    r = ek.rescore(table)
    assert r.total_expected == 96.5
    assert ek.check(table).cells() == []
    rows = [*CLEAN_ROWS[:3], ("效益指标(30分)", "社会效益指标", "市容环境", "不断提高", "不断提高", 30, 33),
            CLEAN_ROWS[4]]
    found = ek.check(ek.load_self_evaluation(form("over.xlsx", columns=NO_WEIGHT_COLUMN, rows=rows, total=(100, 102.5))))
    (f,) = found.by_rule("score-cap")
    assert (f.subject, f.reported, f.expected) == ("效益指标", 33, 30)


def test_basic_and_project_spending_lines_each_checked(form):
    path = form("whole.xlsx")
    wb = load_workbook(path)
    ws = wb.active
    ws["B7"], ws["C7"], ws["D7"], ws["E7"], ws["F7"], ws["G7"], ws["H7"] = "基本支出", 60, 60, 60, 5, "100%", 5
    ws["B8"], ws["C8"], ws["D8"], ws["E8"], ws["F8"], ws["G8"], ws["H8"] = "项目支出", 40, 40, 35, 5, "90%", 5
    wb.save(path)
    found = ek.check(ek.load_self_evaluation(path))
    assert ("execution-rate", "G8") in found.cells("error") and ("execution-score", "H8") in found.cells("error")
    assert not [c for c in found.cells() if c[1] in ("G7", "H7")]


def test_level1_weights_against_the_tables_own_note(corpus_file, tmp_path):
    # 中江 2022 prints 产出70/效益20/满意度10 (+10 for execution); the template's note asks for 50/30/10/10.
    # The note itself is not in the transcription (cut off in the source), so it is added here under the table.
    import xlrd
    from openpyxl import Workbook

    from evalkit.department.workbooks import check_paths

    src = corpus_file("deyang-zhongjiang-2022")
    assert not [f for f in check_paths([src]).findings if f.rule == "level1-note"]  # no note, no comparison
    sheet = xlrd.open_workbook(str(src)).sheet_by_index(0)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet.name
    for r in range(sheet.nrows):
        for c in range(sheet.ncols):
            if sheet.cell_value(r, c) != "":
                ws.cell(r + 1, c + 1, sheet.cell_value(r, c))
    note_row = sheet.nrows + 2
    ws.cell(note_row, 1, "注：1.一级指标权重统一设置为：产出指标50分、效益指标30分、服务对象满意度指标10分、预算执行率10分。")
    wb.save(path := tmp_path / "with-note.xlsx")
    found = [f for f in check_paths([path]).findings if f.rule == "level1-note"]
    assert {(f.subject, f.reported, f.expected) for f in found} == {("产出指标", 70, 50), ("效益指标", 20, 30)}
    assert all(f.severity.value == "warning" and f"A{note_row}" in f.message for f in found)


def test_planted_cent_is_a_rounding_difference_and_20_wan_is_material(yiyang, tmp_path):
    # 益阳: 年度资金总额 701.8 = 当年财政拨款 701.8; plant 701.81 (a cent) and 721.8 (20 万元)
    (cent,) = ek.check(ek.load_self_evaluation(edited(yiyang, tmp_path, D5=701.81))).by_rule("funds-total")
    assert (cent.cell, cent.severity.value, cent.rounding, cent.material) == ("D5", "info", True, False)
    assert cent.difference == pytest.approx(0.01) and "属舍入差异" in cent.message
    assert cent.message.startswith("年度资金总额的全年预算数 701.81 万元不等于各资金来源之和 701.80 万元。")
    found = ek.check(ek.load_self_evaluation(edited(yiyang, tmp_path, D5=721.8)))
    (gap,) = found.by_rule("funds-total")
    assert (gap.severity.value, gap.rounding, gap.material, gap.amount) == ("error", False, True, pytest.approx(20))
    rate = found.by_rule("execution-rate")[0]  # 701.8 / 721.8 = 97.23%, printed 100%: 20 万元 at stake
    assert rate.severity.value == "error" and rate.material and rate.amount == pytest.approx(20)
    assert found.by_amount().items[0].amount == pytest.approx(20) and "其中重大" in found.summary()
