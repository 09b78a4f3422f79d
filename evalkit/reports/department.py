"""Layer 4, department views: a department's projects and base-data ratios as the report shows
them (万元 to two decimals, rates as percentages)."""

from __future__ import annotations

import html
import math
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from ..department.base import DepartmentTable
from ..department.lines import BaseDataTable
from ..department.tables import ProjectBudgetTable, ScoreList
from ..io.cells import rows_of
from ..labels import display
from ..rules.formulas import grade
from ..rules.metrics import execution_rate
from ..selfeval.rescore import rescore
from .format import money, percent, points
from .marked import Cell, MarkedTable, apart, marked_table

if TYPE_CHECKING:
    from ..department.submission import Department


PROJECT_HEADERS = ["项目", "年初预算(万元)", "全年预算(万元)", "全年执行(万元)", "执行率(报)", "执行率(算)", "执行率差额"]


def _project_row(where: tuple[str, str], name: str, rec: dict, budget: float, executed: float) -> list:
    """One row of the projects table: the printed amounts and rate (marked by their cells) and
    the rate recomputed from ``budget`` and ``executed``."""
    file, sheet = where
    expected = float(execution_rate(executed, budget))
    return [name, *(Cell(money(rec.get(k)), file, sheet, rec.get(f"{k}_cell") or "", True)
                    for k in ("budget_initial", "budget", "executed")),
            Cell(percent(rec.get("rate_reported"), rec.get("rate_reported_ndigits")), file, sheet, rec.get("rate_reported_cell") or "", True),
            Cell(percent(expected), numeric=True),
            Cell(apart(rec.get("rate_reported"), expected, "rate"), numeric=True)]


def projects_table(dept: Department) -> MarkedTable:
    """Every project's budget, execution and rate as printed beside the rate recomputed, with the
    cells the findings point at marked, and each project list's 合计 row always shown: printed,
    and recomputed from its parts (a list printed without one gets a computed 合计 row)."""
    rows: list[list] = []
    totals: list[int] = []
    for t in dept.tables:
        if not isinstance(t, ProjectBudgetTable):
            continue
        where = (t.file, t.sheet)
        parts = rows_of(t.frame)
        for r in parts:
            rows.append(_project_row(where, r["project"], r, r["budget"], r["executed"]))
        budget = sum(r["budget"] for r in parts if not math.isnan(r["budget"]))
        executed = sum(r["executed"] for r in parts if not math.isnan(r["executed"]))
        totals.append(len(rows))
        if t.total:
            rows.append(_project_row(where, "合计", t.total, budget, executed))
        else:
            rows.append(["合计（表中未列，按各项复算）", "", Cell(money(budget), numeric=True),
                         Cell(money(executed), numeric=True), "", Cell(percent(float(execution_rate(executed, budget))), numeric=True), ""])
    for form in dept.forms:
        e = rescore(form, dept.profile).execution
        rec = {"budget": e.budget, "budget_cell": e.budget_cell, "executed": e.executed,
               "executed_cell": e.executed_cell, "rate_reported": e.rate_reported, "rate_reported_cell": e.rate_cell}
        rows.append(_project_row((form.file, form.sheet), form.subject, rec, e.budget, e.executed))
    return marked_table(PROJECT_HEADERS, rows, dept.findings, totals=totals)


def scores_table(dept: Department) -> MarkedTable:
    """Scores and grades as printed beside what the rules give, the cells the findings point at
    marked (a score list's average line and each 自评表's total included)."""
    rows: list[list] = []
    for t in dept.tables:
        if not isinstance(t, ScoreList):
            continue
        for r in rows_of(t.frame):
            score = r["score"]
            rows.append([r["project"], Cell(points(score), t.file, t.sheet, r.get("score_cell") or "", True), "",
                         Cell(r.get("grade_reported", ""), t.file, t.sheet, r.get("grade_reported_cell") or ""),
                         "" if math.isnan(score) else grade(score, dept.profile)])
    for form in dept.forms:
        rs = rescore(form, dept.profile)
        rows.append([form.subject, Cell(points(rs.total_reported), form.file, form.sheet, form.total.score_cell or "",
                                        True),
                     Cell(points(rs.total_expected), numeric=True),
                     Cell(str(form.total.grade or ""), form.file, form.sheet, form.total.grade_cell or ""),
                     rs.grade_expected])
    return marked_table(["项目", "总分(报)", "总分(算)", "等级(报)", "等级(算)"], rows, dept.findings)


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


def key_figures(dept: Department) -> dict[str, str]:
    """The department's key figures for the report head: tables read, projects, budget and
    execution summed from the parts, the recomputed execution rate, and the mean score."""
    p = dept.projects()
    figures = {"表格": str(len(dept.report.documents))}
    if len(p):
        budget, executed = p["budget"].sum(min_count=1), p["executed"].sum(min_count=1)
        figures.update({"项目": str(len(p)), "全年预算合计(万元，复算)": money(budget),
                        "全年执行合计(万元，复算)": money(executed), "执行率(复算)": percent(float(execution_rate(executed, budget)))})
    scores = dept.scores()["总分(报)"].dropna()
    if len(scores):
        figures["自评平均分(报)"] = points(scores.mean())
    return figures
