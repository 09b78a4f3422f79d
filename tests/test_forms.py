import pytest

import evalkit as ek
from evalkit.errors import InputError


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
    assert t.total["weight"] == 100 and t.total["score"] == 100 and t.total["score_cell"] == "H28"


def test_not_a_workbook(tmp_path):
    bad = tmp_path / "report.xlsx"
    bad.write_text("not a workbook")
    with pytest.raises(InputError, match="report.xlsx.*不是 Excel 工作簿"):
        ek.load_self_evaluation(bad)


def test_empty_file(tmp_path):
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="文件为空"):
        ek.load_self_evaluation(empty)


def test_workbook_without_table_names_the_labels(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "随便什么"
    path = tmp_path / "other.xlsx"
    wb.save(path)
    with pytest.raises(InputError, match="没有找到绩效自评表.*全年预算数"):
        ek.load_self_evaluation(path)
