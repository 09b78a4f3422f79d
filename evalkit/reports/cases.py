"""Layer 4, case views: the cases report's monthly table, status breakdown and the published
report's stated figures, and how case results (statistics, funnel, counts check, overall scores,
audit sample) show themselves."""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML

from ..cases.assess import REASONS, CaseStats
from ..cases.funnel import CountsCheck, Funnel
from ..cases.overall import OverallScores
from ..cases.report import CaseReport
from ..cases.sampling import AuditSample
from ..labels import display
from ..prose.match import UNMATCHED
from .format import frame_html, percent

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


def stated_figures(rep: CaseReport) -> pd.DataFrame:
    """The published report's stated case figures that were compared — with the export's figure
    or with the figures stated beside it — one row each, narrow enough to print."""
    if rep.prose is None:
        return pd.DataFrame()
    frame = rep.prose.frame()
    frame = frame[frame["状态"] != UNMATCHED]
    return frame[["位置", "名称", "正文数字", "表中数字", "单元格", "状态"]].rename(
        columns={"表中数字": "复算数字", "单元格": "复算依据"}).reset_index(drop=True)


def unmatched_figures(rep: CaseReport) -> str:
    """The stated figures with no counterpart in the export, listed on one line (not findings)."""
    if rep.prose is None:
        return ""
    left = [m.claim for m in rep.prose.matches if not m.counterparts]
    if not left:
        return "正文所述数字均已对照。"
    shown = "；".join(f"{c.where} {c.label or c.subject or '（未写名称）'} {c.text}" for c in left)
    return f"未能对照（导出表中没有同一数字，只列出，不作为问题）{len(left)} 处：{shown}。"


def stated_html(rep: CaseReport) -> HTML:
    """The stated figures compared (:func:`stated_figures`), then those left unmatched in one line."""
    return HTML(frame_html(stated_figures(rep)) + _summary(unmatched_figures(rep)))


def key_figures(rep: CaseReport) -> dict[str, str]:
    """The key figures of a case report for its head: cases counted, the three rates of the whole
    export, and the cases left out of the statistics."""
    t = rep.stats.total
    return {"案件(件)": f"{t['total']:,}", "问题解决率": percent(t["resolution_rate"]),
            "及时解决率": percent(t["on_time_rate"]), "综合解决率": percent(t["composite_rate"]),
            "不计入统计(件)": f"{rep.stats.excluded:,}"}
