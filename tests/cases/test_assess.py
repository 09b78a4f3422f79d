import json
import math

import numpy as np
import pandas as pd
import pytest

import evalkit as ek
from evalkit.cases.assess import assess_cases, load_units
from evalkit.errors import InputError
from evalkit.project import DATA
from evalkit.testing.casegen import ALT_HEADERS, write_export, zhongfang_2020


def zhongfang_units() -> pd.DataFrame:
    """Seed 001's A/B units, as the project's sample generator reads them."""
    return pd.read_csv(DATA / "zhongfang-2020" / "units.csv", dtype="str")

UNITS = DATA / "zhongfang-2020" / "units.csv"


def pct(x: float) -> float:
    return round(x * 100, 2)


# --- seed 001: the generated year reproduces the report ------------------------------------------

@pytest.fixture(scope="module")
def seed001():
    return assess_cases(zhongfang_2020(zhongfang_units()), units=UNITS)


def test_seed001_year_figures(seed001):
    t = seed001.total
    assert (t["total"], t["completed"], t["on_time"], t["late"], t["not_completed"]) == (14664, 8907, 5867, 3040, 5757)
    assert (pct(t["resolution_rate"]), pct(t["on_time_rate"]), pct(t["composite_rate"])) == (60.74, 40.01, 51.41)
    assert seed001.excluded == 0
    assert seed001.months["total"].sum() == 14664 and len(seed001.months) == 12
    year = seed001.years.iloc[0]
    assert (year["year"], year["completed"]) == (2020, 8907)


def test_seed001_units_classes_and_ranks(seed001):
    units = seed001.units
    assert set(units["unit_class"]) == {"A", "B"}
    # 2365 cases were never dispatched: in the totals, in no unit's row
    assert units["total"].sum() == 12299
    assert seed001.findings.count("info") == 2365 and {f.rule for f in seed001.findings} == {"case-no-unit"}
    for (_, _), group in units.groupby(["month", "unit_class"]):
        assert group["rank"].min() == 1
        top = group.loc[group["rank"] == 1, "composite_rate"]
        assert (top >= group["composite_rate"].max() - 1e-12).all()
    classes = seed001.classes.groupby("unit_class")["total"].sum()
    assert classes.sum() == 12299
    assert len(load_units(UNITS)) == 32 and (load_units(UNITS)["unit_class"] == "A").sum() == 18


def test_seed001_from_csv_file_same_figures(tmp_path):
    path = write_export(zhongfang_2020(zhongfang_units(), headers=ALT_HEADERS), tmp_path / "中方县2020案件.csv", encoding="gb18030",
                        time_format="%Y/%m/%d %H:%M:%S")
    stats = assess_cases(path, units=UNITS, cache=False)
    assert (stats.total["completed"], stats.total["on_time"]) == (8907, 5867)
    assert stats.table.headers["case_id"] == "任务号" and stats.table.headers["duty_unit"] == "处置部门"


# --- hand-computed edge cases ------------------------------------------------------------------



def test_per_case_status_and_month(edge_frame, unit_table):
    stats = assess_cases(edge_frame, units=unit_table)
    c = stats.cases.set_index("case_id")
    # an extension replaces the deadline and moves the case to the new deadline's month
    assert str(c.loc["001", "month"]) == "2020-04" and c.loc["001", "status"] == "on_time"
    # completion exactly at the deadline is on time; one second later is late (0.55 points)
    assert c.loc["002", "status"] == "on_time" and c.loc["002", "points"] == 1.0
    assert c.loc["003", "status"] == "late" and c.loc["003", "points"] == 0.55
    # check failed / no check yet / never handled: not completed, each with its reason
    assert c.loc[["004", "005", "006"], "status"].tolist() == ["not_completed"] * 3
    assert c.loc[["004", "005", "006"], "open_reason"].tolist() == ["check_failed", "check_pending", "no_request"]
    assert (c.loc[["004", "005", "006"], "points"] == 0).all()
    # the month is half-open: 23:59:59 on the 31st is March, 00:00 on the 1st is April
    assert str(c.loc["007", "month"]) == "2020-03" and str(c.loc["008", "month"]) == "2020-04"


def test_monthly_figures_by_hand(edge_frame, unit_table):
    stats = assess_cases(edge_frame, units=unit_table)
    march = stats.months.set_index("month").loc["2020-03"]
    # March: 002 on time, 003 late, 004-006 not done, 007 on time, 009 on time -> 7 cases
    assert (march["total"], march["completed"], march["on_time"], march["late"], march["not_completed"]) == (7, 4, 3, 1, 3)
    assert march["resolution_rate"] == pytest.approx(4 / 7)
    assert march["on_time_rate"] == pytest.approx(3 / 7)
    assert march["composite_rate"] == pytest.approx((3 + 0.55) / 7)  # the average points
    april = stats.months.set_index("month").loc["2020-04"]
    assert (april["total"], april["on_time"]) == (2, 2)
    assert (march["check_failed"], march["check_pending"], march["no_request"]) == (1, 1, 1)


def test_rankings_ties_and_unit_without_cases(edge_frame, unit_table):
    stats = assess_cases(edge_frame, units=unit_table)
    u = stats.units.set_index(["month", "duty_unit"])
    # March: 甲 (002 on time, 003 late) 0.775; 乙 (004-006 nothing, 007 on time) 0.25; 丙 (009) 1.0
    assert u.loc[("2020-03", "甲单位"), "composite_rate"] == pytest.approx(0.775)
    assert u.loc[("2020-03", "乙单位"), "composite_rate"] == pytest.approx(0.25)
    assert [u.loc[("2020-03", n), "rank"] for n in ("丙单位", "甲单位", "乙单位")] == [1, 2, 3]
    # April: 甲 (001) and 丙 (008) both 100%: they share rank 1
    assert [u.loc[("2020-04", n), "rank"] for n in ("甲单位", "丙单位")] == [1, 1]
    # 丁 and 戊 have no case: no row, no rank, in any month or the year
    assert not {"丁单位", "戊单位"} & set(stats.units["duty_unit"]) and "戊单位" not in set(stats.unit_years["duty_unit"])
    assert stats.unit_years.set_index("duty_unit").loc["丙单位", "rank"] == 1
    assert list(stats.classes["unit_class"].unique()) == ["A"]


def test_no_units_table_ranks_everyone_together(edge_frame):
    stats = assess_cases(edge_frame)
    march = stats.units[stats.units["month"] == "2020-03"]
    assert (march["unit_class"] == "").all() and march["rank"].notna().all()
    assert stats.classes.empty


# --- bad rows: reported with their row numbers, handled by the stated rule -----------------------

def bad_frame(edge_frame: pd.DataFrame) -> pd.DataFrame:
    frame = edge_frame.iloc[[1, 6, 8]].reset_index(drop=True)  # 002, 007, 009: all completed
    more = pd.DataFrame([
        ("010", "甲单位", "2020-03-01 09:00", "2020-02-30 18:00", "", "2020-03-01 10:00", "通过"),  # no such day
        ("002", "甲单位", "2020-03-01 09:00", "2020-03-02 18:00", "", "2020-03-01 10:00", "通过"),  # duplicate id
        ("011", "甲单位", "2020-03-09 09:00", "2020-03-08 18:00", "", "2020-03-08 10:00", "通过"),  # before report
        ("012", "不明单位", "2020-03-01 09:00", "2020-03-02 18:00", "", "2020-03-01 10:00", "通过"),
        ("013", "", "2020-03-01 09:00", "2020-03-02 18:00", "", "", ""),
        ("014", "乙单位", "2020-03-01 09:00", "2020-03-02 18:00", "", "2020-03-01 10:00", "待定"),
        ("015", "乙单位", "2020-03-01 09:00", "", "", "", ""),
    ], columns=frame.columns)
    return pd.concat([frame, more], ignore_index=True)


def test_bad_rows_are_reported_with_rows_and_rules(edge_frame, unit_table):
    stats = assess_cases(bad_frame(edge_frame), units=unit_table)
    by_rule = {f.rule: f for f in stats.findings}
    assert by_rule["case-time"].cell == "D5" and "第 5 行" in by_rule["case-time"].message
    assert by_rule["case-time"].reported == "2020-02-30 18:00"
    assert by_rule["case-duplicate"].cell == "A6" and "第 2 行" in by_rule["case-duplicate"].message
    assert by_rule["case-deadline-before-report"].severity.value == "warning"
    assert by_rule["case-unknown-unit"].subject == "012" and by_rule["case-unknown-unit"].cell == "B8"
    assert by_rule["case-no-unit"].severity.value == "info"
    assert by_rule["case-check-result"].reported == "待定"
    assert by_rule["case-no-deadline"].cell == "D11"
    excluded = stats.cases[stats.cases["excluded"]].set_index("row")["excluded_reason"].to_dict()
    assert excluded == {5: "时间无法解析", 6: "案件编号重复", 11: "无截止时间"}
    # kept: 002, 007, 009, 011 (before report), 012 (unknown unit), 013 (no unit), 014 (odd check)
    t = stats.total
    assert (t["total"], t["completed"]) == (7, 5) and stats.excluded == 3
    u = stats.units.set_index("duty_unit")
    assert u.loc["不明单位", "unit_class"] == "" and pd.isna(u.loc["不明单位", "rank"])
    assert stats.cases.set_index("case_id").loc["014", "open_reason"] == "check_pending"


def test_missing_required_field_names_headers_found(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("任务号,处置部门,备注\n1,甲,x\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        assess_cases(path, cache=False)
    msg = str(err.value)
    assert "x.csv" in msg and "处置截止时间" in msg and "任务号、处置部门、备注" in msg


# --- output ------------------------------------------------------------------------------------

def test_to_dict_shape_and_nan(edge_frame, unit_table):
    stats = assess_cases(edge_frame, units=unit_table)
    d = stats.to_dict()
    keys = {"total", "completed", "on_time", "late", "not_completed", "resolution_rate", "on_time_rate",
            "composite_rate"}
    assert set(d) == {"total", "months", "units"} and set(d["total"]) == keys
    assert set(d["months"][0]) == keys | {"month"} and set(d["units"][0]) == keys | {"unit", "class", "month", "rank"}
    assert isinstance(d["units"][0]["rank"], int) and 0 <= d["total"]["composite_rate"] <= 1
    json.loads(stats.to_json())
    html = ek.reports.views.to_html(stats)
    assert "综合解决率" in html and "日历时间" in html


def test_rates_nan_on_empty_month_never_inf(edge_frame, unit_table):
    stats = assess_cases(edge_frame.iloc[:0], units=unit_table)
    assert stats.total["total"] == 0 and math.isnan(stats.total["resolution_rate"])
    assert stats.to_dict()["total"]["composite_rate"] is None
    assert np.isfinite(assess_cases(edge_frame).months["composite_rate"]).all()


def test_units_file_reading(tmp_path):
    assert set(zhongfang_units()["class"]) == {"A", "B"}
    with pytest.raises(InputError, match="unit 和 class"):
        load_units(pd.DataFrame({"名称": ["x"]}))


# --- the engine: one answer whatever reads the export; the JSON path never loads pandas ----------

def test_duckdb_and_spreadsheet_readers_give_identical_figures_ranks_and_bad_rows(tmp_path, messy_export):
    from evalkit.cases.reader import read_cases
    from evalkit.testing.casegen import DEFAULT_UNITS

    csv = write_export(messy_export, tmp_path / "cases.csv")
    direct = assess_cases(csv, units=DEFAULT_UNITS)
    assert direct.excluded > 0 and len(direct.findings) > 50
    for other in (assess_cases(read_cases(csv), units=DEFAULT_UNITS),
                  assess_cases(write_export(messy_export, tmp_path / "cases.xlsx"), units=DEFAULT_UNITS)):
        assert other.to_dict() == direct.to_dict()
        for name in ("months", "units", "classes", "years", "unit_years"):
            pd.testing.assert_frame_equal(getattr(other, name), getattr(direct, name), rtol=1e-12, atol=0)
        def plain(stats):
            return [{k: v for k, v in f.to_dict().items() if k != "file"} for f in stats.findings]
        assert plain(other) == plain(direct)
        kept = ["row", "case_id", "duty_unit", "month", "status", "open_reason", "points", "excluded_reason"]
        pd.testing.assert_frame_equal(other.cases[kept], direct.cases[kept])


def test_the_json_of_a_csv_export_is_computed_without_pandas(tmp_path, edge_frame):
    import subprocess
    import sys

    csv = write_export(edge_frame, tmp_path / "cases.csv")
    code = ("import sys, json; from evalkit.cases.assess import assess_cases; s = assess_cases(sys.argv[1]); "
            "d = s.to_dict(); d['findings'] = [f.to_dict() for f in s.findings]; print(json.dumps(d)); "
            "print([m for m in ('pandas', 'numpy', 'pyarrow') if m in sys.modules "
            "and type(sys.modules[m]).__name__ != '_LazyModule'])")
    out = subprocess.run([sys.executable, "-c", code, str(csv)], capture_output=True, text=True, check=True).stdout
    data, loaded = out.splitlines()
    assert loaded == "[]" and json.loads(data)["total"]["total"] == 9
    assert json.loads(data)["total"] == assess_cases(csv).to_dict()["total"]
