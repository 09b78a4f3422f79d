import pytest

import evalkit as ek
from evalkit.errors import InputError
from evalkit.testing.formgen import VARIANTS, write_form


def test_reads_seed000_funds_with_cells(yiyang):
    t = ek.load_self_evaluation(yiyang)
    assert t.kind == "project" and t.year == 2022
    assert t.meta["project"] == "城市管理协管员聘用经费"
    assert t.meta["unit"] == "益阳市城市管理和综合执法局"
    total = t.funds.set_index("item").loc["total"]
    assert (total["budget_initial"], total["budget"], total["executed"]) == (701.8, 701.8, 701.8)
    assert total["budget_cell"] == "D5" and total["executed_cell"] == "E5"
    assert total["weight"] == 10 and total["rate_reported"] == 1.0 and total["score_reported"] == 10
    assert list(t.funds["item"]) == ["total", "current", "carryover", "other"]
    assert t.problems == []


def test_reads_seed000_indicators(yiyang):
    ind = ek.load_self_evaluation(yiyang).indicators
    assert len(ind) == 12  # the placeholder rows "……", "指标1：" without values are skipped
    assert ind["weight"].sum() == 90 and ind["score"].sum() == 90
    assert set(ind["level1"]) == {"产出指标", "效益指标"}
    assert ind.groupby("level1")["level1_weight"].first().to_dict() == {"产出指标": 50, "效益指标": 40}
    first = ind.iloc[0]
    assert (first["level2"], first["name"], first["score_cell"]) == ("数量指标", "协管员人数", "H12")
    last = ind.iloc[-1]
    assert (last["level2"], last["target"], last["actual"]) == ("服务对象满意度指标", "≥90%", "100%")


def test_total_row(yiyang):
    t = ek.load_self_evaluation(yiyang)
    assert t.total.weight == 100 and t.total.score == 100 and t.total.score_cell == "H28"


def test_workbook_without_table_names_the_labels(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "随便什么"
    path = tmp_path / "other.xlsx"
    wb.save(path)
    with pytest.raises(InputError, match="没有找到绩效自评表.*全年预算数"):
        ek.load_self_evaluation(path)


@pytest.mark.parametrize("quirks", VARIANTS.values(), ids=VARIANTS.keys())
def test_layout_variants_read_the_same(form, quirks):
    t = ek.load_self_evaluation(form(**quirks))
    total = t.funds.set_index("item").loc["total"]
    assert (total["budget"], total["executed"], total["weight"], total["rate_reported"], total["score_reported"]) == (
        100, 95, 10, 0.95, 9.5)
    ind = t.indicators
    assert list(ind["name"]) == ["巡查次数", "案件办结率", "项目成本", "市容环境", "群众满意度"]
    assert list(ind["level1"]) == ["产出指标"] * 3 + ["效益指标", "满意度指标"]
    assert list(ind["level1_weight"]) == [50, 50, 50, 30, 10]
    assert list(ind["weight"]) == [20, 20, 10, 30, 10] and list(ind["score"]) == [20, 20, 10, 27, 10]
    assert ind.iloc[1]["target"] == "95%以上"
    assert (t.total.weight, t.total.score) == (100, 96.5)
    assert t.problems == []
    errors = [f for f in ek.check(t) if f.severity is ek.Severity.ERROR]
    assert errors == []


def test_several_tables_in_one_workbook(tmp_path):
    from openpyxl import load_workbook


    path = write_form(tmp_path / "two.xlsx")
    wb = load_workbook(path)
    copy = wb.copy_worksheet(wb["自评表"])
    copy.title = "项目二"
    wb.save(path)
    tables = ek.load_self_evaluations(path)
    assert [t.sheet for t in tables] == ["自评表", "项目二"]
    with pytest.raises(InputError, match="2 张自评表"):
        ek.load_self_evaluation(path)
    assert ek.load_self_evaluation(path, sheet="项目二").sheet == "项目二"


def test_legacy_xls(tmp_path):
    import xlwt

    book = xlwt.Workbook()
    ws = book.add_sheet("自评表")
    cells = {(0, 0): "项目名称", (0, 1): "旧格式项目", (1, 2): "全年预算数", (1, 3): "全年执行数", (1, 4): "分值",
             (1, 5): "执行率", (1, 6): "得分", (2, 1): "年度资金总额", (2, 2): 50, (2, 3): 40, (2, 4): 10,
             (2, 5): "80%", (2, 6): 8, (4, 1): "一级指标", (4, 2): "二级指标", (4, 3): "三级指标",
             (4, 4): "年度指标值", (4, 5): "实际完成值", (4, 6): "分值", (4, 7): "得分", (5, 1): "产出指标(90分)",
             (5, 2): "数量指标", (5, 3): "培训人次", (5, 4): "≥100人次", (5, 5): "90人次", (5, 6): 90, (5, 7): 81,
             (6, 0): "总分", (6, 6): 100, (6, 7): 89}
    for (r, c), v in cells.items():
        ws.write(r, c, v)
    ws.write_merge(7, 8, 1, 2, "合并单元格")
    path = tmp_path / "legacy.xls"
    book.save(str(path))
    t = ek.load_self_evaluation(path)
    assert t.meta["project"] == "旧格式项目"
    assert t.indicators.iloc[0]["score_cell"] == "H6"
    assert ek.rescore(t).total_expected == pytest.approx(89)
    assert [(f.rule, f.cell) for f in ek.check(t)] == [("missing-reason", "H6")]  # no 偏差原因 column at all


def test_seed004_department_table(lusong):
    t = ek.load_self_evaluation(lusong)
    assert t.kind == "department" and t.meta["unit"] == "株洲市芦淞区城市管理综合行政执法大队"
    assert len(t.indicators) == 14 and t.indicators["weight"].sum() == 90
    pairs = t.funds_breakdown.set_index("label")["amount"]
    assert pairs["按收入性质分"] == 2623.42 and pairs["项目支出"] == 1125.78
    assert t.total.score == 94


def test_several_tables_one_under_another_on_one_sheet(tmp_path):
    """A department often prints one 自评表 per project down a single sheet: each is read on its own."""
    from openpyxl import load_workbook

    from evalkit.testing.formgen import write_form

    first = write_form(tmp_path / "a.xlsx")
    second = write_form(tmp_path / "b.xlsx", funds=(50, 50, 25, 10, "50%", 5), total=(100, 91.5))
    book, other = load_workbook(first), load_workbook(second).active
    ws, shift = book.active, book.active.max_row + 3
    for row in other.iter_rows():
        for cell in row:
            if cell.value is not None:
                ws.cell(cell.row + shift, cell.column, cell.value)
    for rng in other.merged_cells.ranges:
        ws.merge_cells(start_row=rng.min_row + shift, start_column=rng.min_col, end_row=rng.max_row + shift,
                       end_column=rng.max_col)
    ws.cell(2 + shift, 2, "第二个项目")
    book.save(first)
    tables = ek.load_self_evaluations(first)
    assert [t.subject for t in tables] == ["城区巡查保洁", "第二个项目"]
    assert [t.total.score for t in tables] == [96.5, 91.5]
    assert [len(t.indicators) for t in tables] == [5, 5]
    assert ek.rescore(tables[1]).execution.rate_expected == 0.5
    assert tables[1].layout[0].row == 4 + shift


def test_indicator_header_without_level_columns_and_a_kind_in_the_sign_column(corpus_file):
    # 重庆 部门整体: 指标名称 | 计量单位 | 指标性质 (定量指标/定性指标) | 年初指标值 … 指标权重(分) | 指标得分(分)
    path = corpus_file("chongqing-kexuecheng-rongmeiti-2021")
    assert ek.load_self_evaluation(path).kind == "department"  # titled 部门整体绩效自评表
    ind = ek.load_self_evaluation(path).indicators.set_index("name")
    row = ind.loc["政府采购执行率"]
    assert (row["target"], row["actual"], row["weight"], row["score"]) == ("100%", "72.74%", 2, 2)
    assert row["score_cell"] == "J17" and row["level1"] == ""
    flagged = {(f.cell, f.rule) for f in ek.check(ek.load_self_evaluation(path))}
    assert ("J17", "indicator-score") in flagged


def test_block_weight_left_of_the_level1_column(corpus_file):
    # 湖北: "年度绩效目标1 (80分)" spans the indicator rows; no 分值 column
    path = corpus_file("huangshi-zhujian-haimian-2022")
    t = ek.load_self_evaluation(path)
    assert set(t.indicators["block_weight"]) == {80} and set(t.indicators["block_cell"]) == {"A9"}
    assert t.total.score == 99.55
    assert not [f for f in ek.check(t) if f.rule == "weights-total"]


def test_a_total_printed_only_in_the_header_is_the_reported_total(corpus_file):
    # 银川 2021: "自评得分 98" above the table, no 总分 row in what was published
    t = ek.load_self_evaluation(corpus_file("yinchuan-liuzhong-gongyong-2021"))
    assert t.total.score != t.total.score and t.total.header_score == 98 and t.total.printed == 98
    assert t.total.header_score_cell == "B4"
    messages = [f.message for f in ek.check(t) if f.rule == "total-score"]
    assert messages == ["表头自评得分 98.00 与各项得分之和 84.00 不一致。"]  # not also "未找到总分得分"


def test_the_goals_block_text_cells_are_kept_with_their_cells():
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[1] / "corpus"
    t = ek.load_self_evaluation(corpus / "ezhou-xingzhengshenpi-2021.xlsx")
    assert dict(t.goals)["F11"] == "本年度财政拨款为150万元:执行数为125.25万元,完成预算的83.50%。"
    assert [cell for cell, _ in t.goals] == ["B11", "F11"]  # the 预期目标 / 实际完成情况 labels are not kept
