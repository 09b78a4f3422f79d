"""Layer 4, self-evaluation views: a re-scored 自评表 as the report shows it — funds and
execution, reported beside recomputed scores, total and grade, a one-paragraph conclusion."""

from __future__ import annotations

import html
import math
from pathlib import Path
from typing import Iterable

import pandas as pd

from ..findings import Finding
from ..io.cells import rows_of
from ..labels import display
from ..rules.formulas import normalise_grade
from ..selfeval.form import SelfEvaluation
from ..selfeval.rescore import Rescored
from .format import money, percent, points
from .marked import Cell, MarkedTable, apart, marked_table

EXECUTION_HEADERS = ["资金项目", "年初预算数(万元)", "全年预算数(万元)", "全年执行数(万元)", "执行率(报)", "执行率(算)",
                     "执行率差额", "执行得分(报)", "执行得分(算)", "得分差额"]
SCORE_HEADERS = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分(报)", "得分(算)", "得分差额"]


def execution_table(rescored: Rescored, findings: Iterable[Finding] = ()) -> MarkedTable:
    """The funds lines as printed (the cells ``findings`` point at marked), the execution rate and
    score of the total line reported beside recomputed, with their 差额; the total line in bold."""
    e, form = rescored.execution, rescored.source
    rows: list[list[Cell | str]] = []
    totals: list[int] = []
    for r in rows_of(form.funds):
        total = r.get("item") == "total"
        cells: list[Cell | str] = [Cell(money(r.get(k)), form.file, form.sheet, r.get(f"{k}_cell") or "", True)
                 for k in ("budget_initial", "budget", "executed")]
        if total:
            totals.append(len(rows))
            cells += [Cell(percent(e.rate_reported, e.rate_ndigits), form.file, form.sheet, e.rate_cell, True),
                      Cell(percent(e.rate_expected), numeric=True),
                      Cell(apart(e.rate_reported, e.rate_expected, "rate"), numeric=True),
                      Cell(points(e.score_reported), form.file, form.sheet, e.score_cell, True),
                      Cell(points(e.score_expected), numeric=True),
                      Cell(apart(e.score_reported, e.score_expected, "score"), numeric=True)]
        else:
            cells += [""] * 6
        rows.append([r.get("label", ""), *cells])
    return marked_table(EXECUTION_HEADERS, rows, findings, totals=totals)


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def conclusion(rescored: Rescored) -> str:
    """One Chinese paragraph: reported vs recomputed total and grade."""
    reported = rescored.total_reported
    verdict = "一致" if rescored.total_agrees else f"不一致（相差 {rescored.total_expected - reported:+.2f} 分）"
    return (f"自评总分 {reported:.10g} 分；按“{rescored.profile.description}”规则复算 {rescored.total_expected:.2f} 分，"
            f"等级“{rescored.grade_expected}”，与自评{verdict}。")


def totals_table(rescored: Rescored) -> pd.DataFrame:
    """总分 and 等级: as printed, as the rules give them, and whether they agree.

    A grade the table does not print is compared with nothing (blank, not "否").

    >>> import evalkit as ek
    >>> t = ek.load_self_evaluation(ek.project.DATA / "zhongfang-2020" / "自评表.xlsx")
    >>> totals_table(ek.rescore(t))["一致"].tolist()
    [False, <NA>]
    """
    reported = rescored.total_reported
    expected = round(rescored.total_expected, 2)
    printed = str(rescored.source.total.grade or "").strip()
    return pd.DataFrame({
        "项目": ["总分", "等级"],
        "自评": ["" if math.isnan(reported) else f"{reported:.10g}", printed],
        "复算": [f"{expected:.2f}", rescored.grade_expected],
        "一致": pd.array([rescored.total_agrees,
                          normalise_grade(printed) == rescored.grade_expected if printed else None], dtype="boolean"),
    })


def score_frame(rescored: Rescored) -> pd.DataFrame:
    """The indicator table with reported and recomputed scores, Chinese headers."""
    cols = ["level1", "level2", "name", "target", "actual", "weight", "score", "method", "score_expected",
            "score_min", "score_max"]
    frame = rescored.indicators[cols].rename(columns={"score": "score_reported"})
    return display(frame.round({"score_expected": 2, "score_min": 2, "score_max": 2}))


def score_table(rescored: Rescored, findings: Iterable[Finding] = ()) -> MarkedTable:
    """Each indicator as printed — 指标值, 实际完成值, 分值, 得分 (the cells ``findings`` point at
    marked) — beside the score the rules give (a band for a qualitative one) and the 差额."""
    form = rescored.source
    rows = []
    for r in rows_of(rescored.indicators):
        low, high = r["score_min"], r["score_max"]
        band = f"{points(low)}–{points(high)}" if not math.isnan(low) and not math.isclose(low, high) else ""
        rows.append([r["level1"], r["level2"], r["name"],
                     Cell(_text(r["target"]), form.file, form.sheet, r.get("target_cell") or ""),
                     Cell(_text(r["actual"]), form.file, form.sheet, r.get("actual_cell") or ""),
                     Cell(points(r["weight"]), form.file, form.sheet, r.get("weight_cell") or "", True),
                     Cell(points(r["score"]), form.file, form.sheet, r.get("score_cell") or "", True),
                     Cell(band or points(r["score_expected"]), numeric=True),
                     Cell("" if band else apart(r["score"], r["score_expected"], "score"), numeric=True)])
    return marked_table(SCORE_HEADERS, rows, findings)


def rescored_html(rescored: Rescored) -> str:
    """How a :class:`~evalkit.selfeval.rescore.Rescored` shows itself in a notebook."""
    e = rescored.execution
    head = (f"执行率 {e.rate_expected:.2%}（报 {e.rate_reported:.2%}），执行得分 "
            f"{e.score_expected:.2f}（报 {e.score_reported}）；总分 复算 {rescored.total_expected:.2f}"
            f"（报 {rescored.total_reported}），等级 {rescored.grade_expected}")
    return f"<p>{html.escape(head)}</p>" + score_frame(rescored).to_html(index=False, na_rep="")


def form_html(table: SelfEvaluation) -> str:
    """How a :class:`~evalkit.selfeval.form.SelfEvaluation` shows itself in a notebook."""
    title = html.escape(f"{table.meta.get('year') or ''} {table.subject}（{Path(table.file).name} / {table.sheet}）")
    funds = display(table.funds[["label", "budget_initial", "budget", "executed", "weight",
                                 "rate_reported", "score_reported"]])
    inds = display(table.indicators[["level1", "level2", "name", "target", "actual", "weight", "score", "reason"]])
    return f"<h4>{title}</h4>" + funds.to_html(index=False, na_rep="") + inds.to_html(index=False, na_rep="")


def key_figures(rescored: Rescored) -> dict[str, str]:
    """The key figures of a re-scored 自评表 for the report head: the recomputed execution rate,
    the total reported and recomputed, and the grade as printed and as the rules give it."""
    e = rescored.execution
    return {"执行率(复算)": percent(e.rate_expected), "自评总分": points(rescored.total_reported),
            "复算总分": points(rescored.total_expected),
            "等级(报/算)": f"{rescored.source.total.grade or '未写'} / {rescored.grade_expected}"}
