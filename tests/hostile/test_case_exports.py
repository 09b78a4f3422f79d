"""Hostile and careless case exports: the verification-result vocabulary is closed (no unknown
wording counts as passed), and each odd row is reported by row and value."""

from __future__ import annotations

import pandas as pd
import pytest

from evalkit.cases.assess import assess_cases


def export(results: list[str]) -> pd.DataFrame:
    n = len(results)
    return pd.DataFrame({
        "案件编号": [f"C{i:03d}" for i in range(n)], "责任单位": ["甲单位"] * n,
        "上报时间": ["2020-03-01 09:00"] * n, "处置截止时间": ["2020-03-02 18:00"] * n,
        "处置完成时间": ["2020-03-01 10:00"] * n, "核查结果": results,
    })


@pytest.mark.parametrize("wording", ["不予通过", "未能通过", "没通过", "没有通过", "驳回", "不 通 过", "核查未通过"])
def test_failing_wordings_are_never_counted_as_passed(wording):
    stats = assess_cases(export(["通过", wording]))
    assert stats.total["completed"] == 1 and stats.total["not_completed"] == 1
    assert not [f for f in stats.findings if f.rule == "case-check-result"]


@pytest.mark.parametrize("wording", ["通过?", "基本通过", "待定", "通过(有条件)", "OK"])
def test_unknown_wordings_are_reported_and_not_counted_as_passed(wording):
    stats = assess_cases(export(["通过", wording]))
    assert stats.total["completed"] == 1
    [finding] = [f for f in stats.findings if f.rule == "case-check-result"]
    assert wording in finding.message and "不计为通过" in finding.message and finding.cell.endswith("3")


def base_rows() -> pd.DataFrame:
    return pd.DataFrame({"案件编号": ["A1", "A2", "A3"], "责任单位": ["甲单位"] * 3,
                         "上报时间": ["2020-03-01 09:00"] * 3,
                         "处置截止时间": ["2020-03-02", "20200302", "2020-03-02 12:00"],
                         "处置完成时间": ["2020-03-02 17:00", "2020-03-02T17:00:00+08:00", "2020-03-02T03:30:00Z"],
                         "核查结果": ["通过"] * 3})


def test_date_only_deadlines_run_to_the_end_of_the_day_and_offsets_are_beijing_time():
    stats = assess_cases(base_rows())
    cases = stats.cases.set_index("case_id")
    assert str(cases.loc["A1", "effective_deadline"]) == "2020-03-02 23:59:59"
    assert str(cases.loc["A2", "effective_deadline"]) == "2020-03-02 23:59:59"  # yyyymmdd, a day too
    assert str(cases.loc["A2", "handled_at"]) == "2020-03-02 17:00:00"
    assert str(cases.loc["A3", "handled_at"]) == "2020-03-02 11:30:00"  # 03:30 UTC is 11:30 in Beijing
    assert stats.total["on_time"] == 3 and not list(stats.findings)


@pytest.mark.parametrize("kind", ["utf-16", "tsv", "gbk"])
def test_utf16_tab_separated_and_gbk_exports_read_the_same(tmp_path, kind):
    frame = base_rows()
    path = tmp_path / ("cases.tsv" if kind == "tsv" else "cases.csv")
    if kind == "tsv":
        frame.to_csv(path, index=False, sep="\t")
    else:
        frame.to_csv(path, index=False, encoding=kind)
    stats = assess_cases(path)
    assert stats.total["total"] == 3 and stats.total["on_time"] == 3


def test_duplicated_headers_empty_required_columns_and_bad_unit_tables_are_clear_errors(tmp_path):
    from evalkit.errors import InputError

    path = tmp_path / "dup.csv"
    path.write_text("案件编号,责任单位,责任单位,处置截止时间,处置完成时间,核查结果\n"
                    "A1,甲,乙,2020-03-02 18:00,2020-03-02 17:00,通过\n", encoding="utf-8")
    with pytest.raises(InputError, match="dup.csv.*表头 “责任单位” 出现两次（第 B 列和第 C 列）"):
        assess_cases(path)
    empty = base_rows().assign(处置截止时间="")
    with pytest.raises(InputError, match="必需字段 处置截止时间 整列为空"):
        assess_cases(empty)
    with pytest.raises(InputError, match="甲单位 出现多次且类别不同（A、B）"):
        assess_cases(base_rows(), units=pd.DataFrame({"单位": ["甲单位", "甲单位"], "类别": ["A", "B"]}))
    with pytest.raises(InputError, match="类别 “Z” 不是 A/B"):
        assess_cases(base_rows(), units={"甲单位": "Z"})


def test_counts_with_units_parse_and_negative_or_unreadable_counts_are_errors():
    from evalkit.cases.funnel import check_counts
    from evalkit.errors import InputError

    table = pd.DataFrame({"indicator": ["上报案件数", "结案数", "结案率"], "count": ["522815件", "518,160件", ""],
                          "reported_rate": ["", "", "99.11%"]})
    checked = check_counts(table)
    assert checked.table["count"].tolist()[:2] == [522815, 518160]
    for bad, shown in (("-5", "“-5”"), ("五百件", "“五百件”"), ("9 5", "“9 5”")):
        spoiled = table.assign(count=[bad, "518,160件", ""])
        with pytest.raises(InputError, match=f"B2.*{shown}"):
            check_counts(spoiled)


def test_a_profile_can_ask_for_date_only_deadlines_to_be_flagged(tmp_path):
    from evalkit.rules.profile import load_profile

    profile = tmp_path / "flag.toml"
    profile.write_text('name = "flag"\nbase = "national"\n[cases]\ndate_only_deadline = "flag"\n', encoding="utf-8")
    plain = assess_cases(base_rows())
    flagged = assess_cases(base_rows(), profile=load_profile(profile))
    assert not [f for f in plain.findings if f.rule == "case-time"]
    found = [f for f in flagged.findings if f.rule == "case-time"]
    assert [(f.cell, f.severity.value) for f in found] == [("D2", "warning"), ("D3", "warning")]
    assert "只有日期 2020-03-02，按当日 23:59:59 计" in found[0].message
    assert flagged.total == plain.total  # counted the same way, only flagged
