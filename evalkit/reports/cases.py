"""Layer 4, case views: the cases report's monthly table and status breakdown, and how case
results (statistics, funnel, counts check, overall scores, audit sample) show themselves."""

from __future__ import annotations

import html

import pandas as pd

from ..cases.assess import REASONS, CaseStats
from ..cases.funnel import CountsCheck, Funnel
from ..cases.overall import OverallScores
from ..cases.report import CaseReport
from ..cases.sampling import AuditSample
from ..labels import display
from .format import percent

STATUS_NAMES = {"on_time": "按期完成", "late": "超时完成", "not_completed": "未完成"}
REASON_NAMES = {"no_request": "未处置或未申请结案", "check_failed": "核查未通过", "check_pending": "待核查"}


def monthly_table(rep: CaseReport) -> pd.DataFrame:
    """Per month: counts and the three rates, formatted (Chinese headers)."""
    m = rep.stats.months
    return pd.DataFrame({
        "月份": m["month"], "案件总数": m["total"], "完成": m["completed"], "按期完成": m["on_time"],
        "超时完成": m["late"], "未完成": m["not_completed"],
        "问题解决率": m["resolution_rate"].map(percent), "及时解决率": m["on_time_rate"].map(percent),
        "综合解决率": m["composite_rate"].map(percent)})


def status_table(rep: CaseReport) -> pd.DataFrame:
    """How many cases ended on time, late, or not completed (and why not)."""
    cases = rep.stats.cases[~rep.stats.cases["excluded"]]
    status = cases["status"].value_counts().reindex(list(STATUS_NAMES), fill_value=0).rename(STATUS_NAMES)
    reasons = cases.loc[cases["status"] == "not_completed", "open_reason"].map(REASON_NAMES).value_counts()
    rows = [{"类别": k, "件数": int(v)} for k, v in status.items()]
    rows += [{"类别": f"其中：{k}", "件数": int(v)} for k, v in reasons.items()]
    frame = pd.DataFrame(rows)
    frame["占比"] = (frame["件数"] / len(cases)).map(percent)
    return frame


def _summary(text: str) -> str:
    return f"<p>{html.escape(text)}</p>"


def stats_html(stats: CaseStats) -> str:
    months = display(stats.months.drop(columns=list(REASONS)))
    return (f"{_summary(stats.summary())}<p><small>{html.escape(stats.rule)}</small></p>"
            + months.to_html(index=False, float_format=lambda x: f"{x:.2%}")
            + _summary(stats.findings.summary()))


def funnel_html(funnel: Funnel) -> str:
    return (display(funnel.stages).to_html(index=False, float_format=lambda x: f"{x:.2%}")
            + display(funnel.rates).to_html(index=False, float_format=lambda x: f"{x:.2%}", na_rep="—")
            + _summary(funnel.findings.summary()))


def counts_html(counts: CountsCheck) -> str:
    return display(counts.table).to_html(index=False, na_rep="") + _summary(counts.findings.summary())


def overall_html(scores: OverallScores) -> str:
    return (display(scores.frame).to_html(index=False, na_rep="—", float_format=lambda x: f"{x:.2f}")
            + _summary(scores.findings.summary()))


def sample_html(sample: AuditSample) -> str:
    p = sample.params
    head = (f"抽样：总体 {p['population']} 件已结案案件，样本 {p['size']} 件；置信度 {p['confidence']:.0%}，"
            f"可容忍偏差率 {p['tolerable']:.0%}，预期偏差率 {p['expected']:.0%}，随机种子 {p['seed']}")
    return _summary(head) + display(sample.cases).to_html(index=False, na_rep="")


def key_figures(rep: CaseReport) -> dict[str, str]:
    """The key figures of a case report for its head: cases counted, the three rates of the whole
    export, and the cases left out of the statistics."""
    t = rep.stats.total
    return {"案件(件)": f"{t['total']:,}", "问题解决率": percent(t["resolution_rate"]),
            "及时解决率": percent(t["on_time_rate"]), "综合解决率": percent(t["composite_rate"]),
            "不计入统计(件)": f"{rep.stats.excluded:,}"}
