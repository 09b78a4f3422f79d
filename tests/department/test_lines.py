"""Line tables (department.lines): itemised budgets, 三公经费, assets and the 基础数据表, with their outline of lines."""

import math

import pytest

import evalkit as ek
from evalkit.project import DATA
from evalkit.testing.sheets import write_rows as write

ZHUZHOU = DATA / "zhuzhou-2019" / "预算执行明细表.xlsx"
LUSONG_BASE = DATA / "lusong-2023" / "基础数据表.xlsx"
LUSONG_TEXT = DATA / "lusong-2023" / "正文支出数据.xlsx"


def test_seed003_itemised_lines_and_parents():
    budget, sangong, assets = ek.load_tables(ZHUZHOU)
    assert [t.sheet for t in (budget, sangong, assets)] == ["预算执行明细", "三公经费", "资产情况"]
    lines = budget.lines().set_index("entry")
    assert lines.loc["人员经费", "parent"] == lines.loc["基本支出", "line"]
    assert (lines["parent"] == lines.loc["系统升级维护专项经费", "line"]).sum() == 15
    assert (lines["parent"] == lines.loc["城管信息采集协管员经费", "line"]).sum() == 10
    wide = budget.frame.pivot(index="entry", columns="measure", values="value")
    assert wide.loc["系统升级维护专项经费", ["budget", "executed", "carryover"]].tolist() == [600, 574.19, 25.81]
    assert wide.loc["城管信息采集协管员经费", "carryover"] == 77.07
    assert (budget.reported_total, budget.recomputed_total) == (2057.33, 2057.33)


def test_seed003_items_reproduce_both_projects_execution():
    """The seed's itemised spending adds up exactly: 574.19 and 925.69 are reproduced."""
    frame = ek.load_tables(ZHUZHOU)[0].frame
    executed = frame[frame["measure"] == "executed"]
    by_parent = executed.groupby("parent")["value"].sum().round(2)
    ids = executed.set_index("entry")["line"]
    assert by_parent[ids["系统升级维护专项经费"]] == 574.19
    assert by_parent[ids["城管信息采集协管员经费"]] == 925.69


def test_seed003_sangong_and_assets():
    _, sangong, assets = ek.load_tables(ZHUZHOU)
    row = sangong.frame[sangong.frame["line"] == 0].set_index("measure")
    assert row.loc[["previous", "current", "change"], "value"].tolist() == [8.91, 7.94, -0.97]
    assert row.loc["change_rate", "value"] == pytest.approx(-0.1089) and row.loc["change_rate", "cell"] == "F4"
    assert sangong.measures()["change_rate"] == "增减率"
    net = assets.frame[assets.frame["measure"] == "net"]["value"].tolist()
    assert net == [135.23, 0.23, 54.91, 80.09]
    assert assets.measures()["depreciation"] == "累计折旧(摊销)"  # headers are kept normalised


def test_seed004_base_data_staff_and_lines():
    t = ek.load_table(LUSONG_BASE)
    assert isinstance(t, ek.BaseDataTable) and t.year == 2023
    s = t.staff
    assert (s["authorised"], s["actual"], s["control_rate"]) == (100, 83, 0.83)
    assert (s["authorised_cell"], s["actual_cell"], s["control_rate_cell"]) == ("B4", "C4", "D4")
    assert list(t.measures()) == ["2022年决算数", "2023年预算数", "2023年决算数"]
    lines = t.lines().set_index("entry")
    assert lines.loc["协管员经费", "parent"] == lines.loc["项目支出", "line"]
    assert lines.loc["公车运行维护", "relation"] == "of_which"
    assert lines.loc["公车运行维护", "parent"] == lines.loc["公务用车购置和维护经费", "line"]
    assert lines.loc["会议费、培训费", "parent"] == lines.loc["公用经费", "line"]
    assert lines.loc["市级专项资金(一个专项一行)", "parent"] == lines.loc["项目支出", "line"]
    assert lines.loc["政府采购金额", "parent"] == -1
    v = t.frame.set_index(["entry", "measure"])
    assert v.loc[("项目支出", "2023年决算数"), ["value", "cell"]].tolist() == [1124.66, "D12"]
    assert math.isnan(v.loc[("政府采购金额", "2022年决算数"), "value"])  # "——" is "not applicable"
    assert (t.reported_total, t.recomputed_total) == (1124.66, 1124.66) and t.problems == []


def test_seed004_narrative_figures():
    t = ek.load_table(LUSONG_TEXT)
    assert t.kind == "itemised_budget" and (t.reported_total, t.recomputed_total) == (2612.36, 2612.37)


def test_variant_itemised_by_level_only_with_of_which(tmp_path):
    rows = [["层级", "科目名称", "预算数", "执行数", "结转"],
            ["1", "项目支出", "100", "90", "10"],
            ["2", "甲", "60", "50", "10"],
            ["3", "其中：设备", None, "20", None],
            ["2", "乙", "40", "40", "0"]]
    t = ek.load_table(write(tmp_path, "明细.xlsx", rows))
    lines = t.lines().set_index("entry")
    assert lines.loc["设备", ["parent", "relation"]].tolist() == [lines.loc["甲", "line"], "of_which"]
    assert lines.loc["乙", "parent"] == lines.loc["项目支出", "line"]
    assert ek.check(t).cells("error") == []


def test_variant_base_data_shifted_and_full_width(tmp_path):
    rows = [[None, None, "２０２３年度基础数据表"], [],
            [None, None, "财政供养人员情况", "编制数", "２０２３年\n实际在职人数", "控制率"],
            [None, None, None, "２０", "１８", "90.0%"],
            [None, None, "经费控制情况（万元）", "2022年决算数", "2023年预算数", "2023年决算数"],
            [None, None, "项目支出", "30", "35", "33"], [None, None, "　1、甲", "30", "35", "33"]]
    t = ek.load_table(write(tmp_path, "基础.xlsx", rows))
    assert (t.staff["authorised"], t.staff["actual"], t.staff["control_rate_ndigits"]) == (20, 18, 1)
    assert ek.check(t).cells("error") == []

