"""Per-case status and bad-row findings (cases.status), in SQL over the engine's table."""

import pandas as pd
import pytest

from evalkit.cases.engine import open_source
from evalkit.cases.status import derive
from evalkit.errors import InputError
from evalkit.io.vocabulary import built_in
from evalkit.rules.profile import load_profile

WORDS = built_in().section("check_result")


def frame(rows):
    return pd.DataFrame(rows, columns=["案件编号", "责任单位", "上报时间", "处置截止时间", "处置完成时间", "核查结果"])


def test_status_reason_points_and_the_findings_in_order():
    src = open_source(frame([
        ("1", "甲", "2020-03-01 09:00", "2020-03-02 18:00", "2020-03-02 18:00", "通过"),   # on time (at the deadline)
        ("2", "甲", "2020-03-01 09:00", "2020-03-02 18:00", "2020-03-02 18:01", "通过"),   # late
        ("3", "乙", "2020-03-01 09:00", "2020-03-02 18:00", "2020-03-02 10:00", "不通过"),  # check failed
        ("4", "乙", "2020-03-01 09:00", "2020-03-02 18:00", "", ""),                       # no request
        ("5", "乙", "2020-03-01 09:00", "2020-03-02 18:00", "2020-03-02 10:00", "待定"),    # odd wording: pending
        ("1", "甲", "2020-03-01 09:00", "2020-03-02 18:00", "2020-03-02 10:00", "通过"),   # duplicate of row 2
        ("", "", "2020-03-05 09:00", "2020-03-04 18:00", "坏时间", "通过"),                   # no id, no unit, bad time
    ]))
    findings = derive(src, [("甲", "A")], load_profile("national"), WORDS)
    cases = src.query("SELECT row, status, open_reason, points, excluded_reason, unit_class FROM cases ORDER BY row")
    assert cases == [(2, "on_time", "", 1.0, "", "A"), (3, "late", "", 0.55, "", "A"),
                     (4, "not_completed", "check_failed", 0.0, "", ""), (5, "not_completed", "no_request", 0.0, "", ""),
                     (6, "not_completed", "check_pending", 0.0, "", ""), (7, "on_time", "", 1.0, "案件编号重复", "A"),
                     (8, "not_completed", "no_request", 0.0, "时间无法解析", "")]
    assert [(f.rule, f.cell) for f in findings] == [
        ("case-time", "E8"), ("case-duplicate", "A7"), ("case-deadline-before-report", "D8"),
        ("case-check-result", "F6"), ("case-unknown-unit", "B4"), ("case-unknown-unit", "B5"),
        ("case-unknown-unit", "B6")]
    assert "案件 （无编号）：处置完成时间 “坏时间”" in findings.items[0].message
    assert findings.items[1].reported == "2" and "与第 2 行重复" in findings.items[1].message


def test_date_only_deadlines_are_flagged_when_the_profile_asks(tmp_path):
    profile = tmp_path / "flag.toml"
    profile.write_text('name = "flag"\nbase = "national"\n[cases]\ndate_only_deadline = "flag"\n', encoding="utf-8")
    src = open_source(frame([("1", "甲", "2020-03-01 09:00", "2020-03-02", "2020-03-02 20:00", "通过")]))
    findings = derive(src, None, load_profile(profile), WORDS)
    assert [(f.rule, f.cell, f.reported) for f in findings] == [("case-time", "D2", "2020-03-02")]
    assert src.query("SELECT status FROM cases") == [("on_time",)]  # 20:00 is before the day's end


def test_required_fields_missing_or_all_blank_are_input_errors():
    with pytest.raises(InputError, match="缺少必需字段 处置完成时间"):
        derive(open_source(frame([("1", "甲", "", "2020-03-02 18:00", "", "通过")]).drop(columns="处置完成时间")),
               None, load_profile("national"), WORDS)
    with pytest.raises(InputError, match="责任单位 整列为空"):
        derive(open_source(frame([("1", "", "", "2020-03-02 18:00", "", "通过")])), None, load_profile("national"), WORDS)
