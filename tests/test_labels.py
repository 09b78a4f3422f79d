"""Chinese display names of columns, and of rules in the reports."""

import pandas as pd

import evalkit as ek
from evalkit.labels import display
from evalkit.project import DATA


def test_names_are_used_in_displays():
    assert display(pd.DataFrame(columns=["rule", "cell"])).columns.tolist() == ["规则", "单元格"]
    page = ek.reports.views.to_html(ek.check(ek.load_self_evaluation(DATA / "zhongfang-2020" / "自评表.xlsx")))
    assert "执行率得分" in page and 'title="execution-score"' in page
