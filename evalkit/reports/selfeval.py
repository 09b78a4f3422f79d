"""Layer 4, self-evaluation views: a re-scored 自评表 as the report shows it — funds and
execution, reported beside recomputed scores, total and grade, a one-paragraph conclusion."""

from __future__ import annotations

import html
import math
from pathlib import Path

import pandas as pd

from ..io.cells import records
from ..labels import display
from ..rules.formulas import normalise_grade
from ..selfeval.form import SelfEvaluation
from ..selfeval.rescore import Rescored
from .format import money, percent


def execution_table(rescored: Rescored) -> pd.DataFrame:
    """The funds lines with the execution rate and score, reported beside recomputed."""
    e = rescored.execution
    funds = list(records(rescored.source.funds))
    rows = [{"资金项目": r.label, "年初预算数(万元)": money(r.budget_initial), "全年预算数(万元)": money(r.budget),
             "全年执行数(万元)": money(r.executed)} for r in funds]
    frame = pd.DataFrame(rows)
    frame["执行率(报)"] = [percent(e.rate_reported) if r.item == "total" else "" for r in funds]
    frame["执行率(算)"] = [percent(e.rate_expected) if r.item == "total" else "" for r in funds]
    frame["得分(报)"] = [f"{e.score_reported:.10g}" if r.item == "total" else "" for r in funds]
    frame["得分(算)"] = [f"{e.score_expected:.2f}" if r.item == "total" else "" for r in funds]
    return frame


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


def score_table(rescored: Rescored) -> pd.DataFrame:
    """The indicator table with reported and recomputed scores, Chinese headers."""
    cols = ["level1", "level2", "name", "target", "actual", "weight", "score", "method", "score_expected",
            "score_min", "score_max"]
    frame = rescored.indicators[cols].rename(columns={"score": "score_reported"})
    return display(frame.round({"score_expected": 2, "score_min": 2, "score_max": 2}))


def rescored_html(rescored: Rescored) -> str:
    """How a :class:`~evalkit.selfeval.rescore.Rescored` shows itself in a notebook."""
    e = rescored.execution
    head = (f"执行率 {e.rate_expected:.2%}（报 {e.rate_reported:.2%}），执行得分 "
            f"{e.score_expected:.2f}（报 {e.score_reported}）；总分 复算 {rescored.total_expected:.2f}"
            f"（报 {rescored.total_reported}），等级 {rescored.grade_expected}")
    return f"<p>{html.escape(head)}</p>" + score_table(rescored).to_html(index=False, na_rep="")


def form_html(table: SelfEvaluation) -> str:
    """How a :class:`~evalkit.selfeval.form.SelfEvaluation` shows itself in a notebook."""
    title = html.escape(f"{table.meta.get('year') or ''} {table.subject}（{Path(table.file).name} / {table.sheet}）")
    funds = display(table.funds[["label", "budget_initial", "budget", "executed", "weight",
                                 "rate_reported", "score_reported"]])
    inds = display(table.indicators[["level1", "level2", "name", "target", "actual", "weight", "score", "reason"]])
    return f"<h4>{title}</h4>" + funds.to_html(index=False, na_rep="") + inds.to_html(index=False, na_rep="")
