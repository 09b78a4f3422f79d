"""Layer 4, department views: a department's projects and base-data ratios as the report shows
them (万元 to two decimals, rates as percentages)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..department.base import DepartmentTable
from ..department.lines import BaseDataTable
from ..labels import display
from .format import money, percent

if TYPE_CHECKING:
    from ..department.submission import Department


def projects_table(dept: Department) -> pd.DataFrame:
    """:meth:`~evalkit.department.submission.Department.projects` formatted as an auditor reads it."""
    p = dept.projects()
    return pd.DataFrame({"项目": p["project"], "全年预算(万元)": p["budget"].map(money),
                         "全年执行(万元)": p["executed"].map(money), "执行率(报)": p["rate_reported"].map(percent),
                         "执行率(算)": p["rate_expected"].map(percent)})


def ratios_table(dept: Department) -> pd.DataFrame:
    """:meth:`~evalkit.department.submission.Department.ratios` with the rates as percentages."""
    frame = dept.ratios()
    for col in ("复算", "报告"):
        frame[col] = frame[col].map(lambda x: percent(x) if isinstance(x, float) else "")
    return frame


def table_html(table: DepartmentTable) -> str:
    """How a department table shows itself in a notebook (a base-data table adds its staff line)."""
    head = html.escape(f"{table.kind_name}：{table.subject}（{Path(table.file).name} / {table.sheet}）")
    out = f"<h4>{head}</h4>" + display(table.view()).to_html(index=False, na_rep="")
    if isinstance(table, BaseDataTable) and table.staff:
        s = table.staff
        out += html.escape(f"编制数 {s['authorised']:.10g}，实际在职人数 {s['actual']:.10g}，"
                           f"控制率(报) {s['control_rate']:.0%}").join(("<p>", "</p>"))
    return out
