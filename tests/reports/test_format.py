import pandas as pd

from evalkit.reports import format as report


def test_formats():
    assert report.money(701.8) == "701.80" and report.money(float("nan")) == ""
    assert report.percent(8907 / 14664) == "60.74%"
    assert "<h1>标题</h1>" in report.heading("标题").data
    assert list(report.info_table({"年度": 2022})["内容"]) == ["2022"]


def test_frames_display_without_row_numbers_and_with_aligned_columns():
    frame = report.info_table({"项目名称": "城市管理协管员聘用经费", "年度": 2022})
    page = report.frame_html(frame)
    assert "城市管理协管员聘用经费" in page and 'class="row_heading' not in page
    scores = pd.DataFrame({"分值": [10.0, 5.0], "得分": [9.0, float("nan")]}, index=pd.Index(["甲", "乙"], name="指标"))
    page = report.frame_html(scores)
    assert "9.00" in page and "甲" in page and "nan" not in page  # a named index is kept


def test_findings_table_shows_figures_in_one_format():
    from evalkit.findings import Finding

    rate = Finding("execution-rate", "error", "/d/a.xlsx", "S", "G5", "p", 0.9917, 8907 / 14664, "…", "rate", 2,
                   difference=0.9917 - 8907 / 14664, amount=5635.46, material=True)
    score = Finding("execution-score", "error", "/d/a.xlsx", "S", "H5", "p", 10.0, 6.074, "…", "score", 0)
    table = report.findings_table([rate, score])
    assert table[["reported", "expected", "difference", "material"]].values.tolist() == [
        ["99.17%", "60.74%", "38.43 个百分点", "yes"], ["10.00", "6.07", "", ""]]
    chinese = report.findings_table([rate], chinese_headers=True)
    assert list(chinese.columns)[-3:] == ["差额", "涉及金额(万元)", "重大"]
    assert chinese.iloc[0]["涉及金额(万元)"] == "5,635.46" and chinese.iloc[0]["严重程度"] == "错误"
