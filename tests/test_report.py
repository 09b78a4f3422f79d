from evalkit import report


def test_formats():
    assert report.money(701.8) == "701.80" and report.money(float("nan")) == ""
    assert report.percent(8907 / 14664) == "60.74%"
    assert "<h1>标题</h1>" in report.heading("标题").data
    assert list(report.info_table({"年度": 2022})["内容"]) == ["2022"]
