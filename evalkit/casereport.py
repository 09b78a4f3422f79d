"""The cases report: one export's assessment, rankings, funnel, counts check and audit sample.

:func:`load_case_report` takes the report's inputs — the case export first, then optional CSV
tables recognised by their headers: a units table (``unit,class``), a counts table
(``indicator,count,reported_rate``) — and offers display-ready frames for the notebook.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .casegen import write_export, zhongfang_2020
from .cases import CaseStats, assess_cases
from .catalog import data_file
from .errors import InputError
from .funnel import CountsCheck, Funnel, case_funnel, check_counts
from .paths import DATA
from .report import percent
from .sampling import AuditSample, select_sample

STATUS_NAMES = {"on_time": "按期完成", "late": "超时完成", "not_completed": "未完成"}
REASON_NAMES = {"no_request": "未处置或未申请结案", "check_failed": "核查未通过", "check_pending": "待核查"}
SAMPLES = {"generated/zhongfang-2020/案件导出.csv": zhongfang_2020}


@dataclass
class CaseReport:
    """Everything the cases notebook shows, computed once."""

    stats: CaseStats
    funnel: Funnel | None
    counts: CountsCheck | None
    sample: AuditSample

    def summary(self) -> str:
        return self.stats.summary()

    def monthly(self) -> pd.DataFrame:
        """Per month: counts and the three rates, formatted (Chinese headers)."""
        m = self.stats.months
        return pd.DataFrame({
            "月份": m["month"], "案件总数": m["total"], "完成": m["completed"], "按期完成": m["on_time"],
            "超时完成": m["late"], "未完成": m["not_completed"],
            "问题解决率": m["resolution_rate"].map(percent), "及时解决率": m["on_time_rate"].map(percent),
            "综合解决率": m["composite_rate"].map(percent)})

    def rankings(self, unit_class: str) -> pd.DataFrame:
        """Rank of each unit of a class, unit × month (blank: no case that month, not ranked)."""
        u = self.stats.units[self.stats.units["unit_class"] == unit_class]
        if u.empty:
            return pd.DataFrame()
        table = u.pivot(index="duty_unit", columns="month", values="rank")
        years = self.stats.unit_years
        yearly = years[years["unit_class"] == unit_class].set_index("duty_unit")["rank"]
        table["全年"] = yearly.reindex(table.index)
        table = table.sort_values("全年")
        table = table.astype("Int64").astype("string").fillna("")
        return table.rename_axis(index="单位", columns=None).reset_index()

    def heatmap_frame(self) -> pd.DataFrame:
        """综合解决率 per unit (rows, class A first) × month (columns), NaN where no case."""
        u = self.stats.units
        table = u.pivot(index="duty_unit", columns="month", values="composite_rate")
        order = u.drop_duplicates("duty_unit").sort_values(["unit_class", "duty_unit"])["duty_unit"]
        return table.reindex(order)

    def status_breakdown(self) -> pd.DataFrame:
        """How many cases ended on time, late, or not completed (and why not)."""
        cases = self.stats.cases[~self.stats.cases["excluded"]]
        status = cases["status"].value_counts().reindex(list(STATUS_NAMES), fill_value=0).rename(STATUS_NAMES)
        reasons = cases.loc[cases["status"] == "not_completed", "open_reason"].map(REASON_NAMES).value_counts()
        rows = [{"类别": k, "件数": int(v)} for k, v in status.items()]
        rows += [{"类别": f"其中：{k}", "件数": int(v)} for k, v in reasons.items()]
        frame = pd.DataFrame(rows)
        frame["占比"] = (frame["件数"] / len(cases)).map(percent)
        return frame


def _kind_of_csv(path: Path) -> str:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        header = {h.strip() for h in next(csv.reader(fh), [])}
    if {"unit", "class"} <= header:
        return "units"
    if {"indicator", "count"} <= header:
        return "counts"
    raise InputError(f"无法识别的附表（表头 {', '.join(sorted(header))}；需要 unit,class 或 indicator,count）",
                     file=path)


def ensure_samples(force: bool = False) -> list[Path]:
    """Write the generated sample case exports under ``data/generated/`` (never committed)."""
    written = []
    for rel, make in SAMPLES.items():
        path = DATA / rel
        if force or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_export(make(), path)
            written.append(path)
    return written


def load_case_report(inputs: list[str | Path], *, sample_seed: int = 2020, sample_by: str | None = "duty_unit",
                     confidence: float = 0.95, tolerable: float = 0.05, expected: float = 0.0) -> CaseReport:
    """Assess a case export (inputs[0]) with its optional units and counts tables (inputs[1:]).

    >>> r = load_case_report(["generated/zhongfang-2020/案件导出.csv", "zhongfang-2020/units.csv"])
    >>> round(r.stats.total["composite_rate"], 4), r.sample.params["population"]
    (0.5141, 8907)
    """
    if not inputs:
        raise InputError("案件报告需要至少一个输入：案件导出表")
    paths = [data_file(p) for p in inputs]
    if str(inputs[0]) in SAMPLES and not paths[0].exists():
        ensure_samples()
    extra = {_kind_of_csv(p): p for p in paths[1:]}
    stats = assess_cases(paths[0], units=extra.get("units"))
    try:
        funnel = case_funnel(stats.table if stats.table is not None else paths[0])
    except InputError:
        funnel = None  # an export without stage times has no funnel; the report says so
    counts = check_counts(extra["counts"]) if "counts" in extra else None
    closed = stats.cases[(stats.cases["status"] != "not_completed") & ~stats.cases["excluded"]]
    sample = select_sample(closed, seed=sample_seed, confidence=confidence, tolerable=tolerable, expected=expected,
                           by=sample_by)
    return CaseReport(stats, funnel, counts, sample)
