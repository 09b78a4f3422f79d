"""Generated 自评表 workbooks (testing.formgen): each layout quirk, read back cell by cell."""

import pytest
from openpyxl import load_workbook

from evalkit.testing.formgen import CLEAN_ROWS, VARIANTS, write_form


def sheet(path):
    return load_workbook(path).active


def cells(ws):
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}


def test_plain_form_cells(tmp_path):
    path = write_form(tmp_path / "plain.xlsx")
    ws = sheet(path)
    assert path == tmp_path / "plain.xlsx" and ws.title == "自评表"
    got = cells(ws)
    assert (got["A1"], got["B2"], got["F3"]) == ("2023年度项目支出绩效自评表", "城区巡查保洁", "某区城管执法大队")
    assert [got[f"{c}5"] for c in "CDEFGH"] == [100, 100, 95, 10, "95%", 9.5]
    assert [got[f"{c}11"] for c in "BCDEFGHI"] == ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值",
                                                   "得分", "偏差原因分析及改进措施"]
    assert (got["D12"], got["E12"], got["F12"], got["G12"], got["H12"]) == ("巡查次数", "≥200次", "240次", 20, 20)
    assert got["I15"] == "进一步提升" and "I12" not in got  # a reason only where points were lost
    assert (got["A17"], got["G17"], got["H17"]) == ("总分", 100, 96.5)
    # 一级 labels merged per group: 产出指标 over rows 12-14
    assert [str(r) for r in ws.merged_cells.ranges] == ["B12:B14"]


def test_once_per_group_offset_and_grade(tmp_path):
    ws = sheet(write_form(tmp_path / "v.xlsx", merged=False, offset=(3, 2), grade="优", sheet="项目一"))
    got = cells(ws)
    assert ws.title == "项目一" and not ws.merged_cells.ranges
    assert got["C4"] == "2023年度项目支出绩效自评表" and got["D14"] == "一级指标"
    assert got["D15"] == "产出指标(50分)" and "D16" not in got and "D17" not in got  # written once per group
    assert (got["C20"], got["C21"], got["D21"]) == ("总分", "评价等级", "优")


def test_numbers_as_text_full_width_labels_and_extra_column(tmp_path):
    got = cells(sheet(write_form(tmp_path / "q.xlsx", text_numbers=True, fullwidth=True, extra_column=True)))
    assert (got["C5"], got["D5"], got["F5"], got["G5"]) == ("\u3000100万元", "\u3000100万元", "\u300010分", "95%")
    assert got["A4"] == "项目\n资金（万元）" and got["D4"] == "全年\n预算数（A）"
    assert got["I11"] == "得分\n计算方法" and got["I12"] == "按公式" and got["J11"] == "偏差\n原因分析及改进措施"
    assert got["B12"] == "产出\n指标（50分）" and got["G12"] == "\u300020分"


def test_filler_rows_and_own_rows_and_totals(tmp_path):
    rows = CLEAN_ROWS[:2]
    got = cells(sheet(write_form(tmp_path / "f.xlsx", filler=True, merged=False, rows=rows, total=(40, 40),
                                 funds=(50, 50, 25, 10, "50%", 5))))
    assert got["D12"] == "巡查次数" and not any(k.endswith("13") for k in got) and got["D14"] == "案件办结率"
    assert (got["A16"], got["G16"], got["H16"]) == ("总分", 40, 40) and got["E5"] == 25


@pytest.mark.parametrize("name", VARIANTS)
def test_every_named_variant_writes_a_workbook(tmp_path, name):
    ws = sheet(write_form(tmp_path / f"{name}.xlsx", **VARIANTS[name]))
    texts = [v for v in cells(ws).values() if isinstance(v, str)]
    assert any("巡查次数" in t for t in texts) and any(t.startswith("总分") for t in texts)
