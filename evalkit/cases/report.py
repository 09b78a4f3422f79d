"""Layer 3, cases: one export's assessment, rankings, funnel, counts check and audit sample.

:func:`load_case_report` takes the report's inputs — the case export first, then optional
tables recognised by their headers: a units table (``unit,class``), a counts table
(``indicator,count,reported_rate``) — and computes everything the cases report shows
(formatted by :mod:`evalkit.reports.cases`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..findings import Findings
from ..io.sidetable import header_of
from ..rules.profile import RuleProfile
from .assess import CaseStats, assess_cases
from .funnel import CountsCheck, Funnel, case_funnel, check_counts
from .sampling import AuditSample, select_sample


@dataclass
class CaseReport:
    """Everything the cases notebook shows, computed once."""

    stats: CaseStats
    funnel: Funnel | None
    counts: CountsCheck | None
    sample: AuditSample

    def summary(self) -> str:
        return self.stats.summary()

    @property
    def findings(self) -> Findings:
        """Every finding of the report: the export's rows, then the counts table's rates."""
        return Findings([*self.stats.findings, *(self.counts.findings if self.counts else [])])

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


def _kind_of_table(path: Path) -> str:
    header = header_of(path)
    if {"unit", "class"} <= header:
        return "units"
    if {"indicator", "count"} <= header:
        return "counts"
    raise InputError(f"无法识别的附表（表头 {', '.join(sorted(header))}；需要 unit,class 或 indicator,count）",
                     file=path)


def load_case_report(inputs: list[str | Path], *, sample_seed: int = 2020, sample_by: str | None = "duty_unit",
                     confidence: float = 0.95, tolerable: float = 0.05, expected: float = 0.0,
                     cache: bool | str | Path = False, profile: str | RuleProfile = "national") -> CaseReport:
    """Assess a case export (inputs[0]) with its optional units and counts tables (inputs[1:]).

    >>> from evalkit.project import DATA
    >>> r = load_case_report([DATA / "generated/zhongfang-2020/案件导出.csv", DATA / "zhongfang-2020/units.csv"])
    >>> round(r.stats.total["composite_rate"], 4), r.sample.params["population"]
    (0.5141, 8907)
    """
    if not inputs:
        raise InputError("案件报告需要至少一个输入：案件导出表")
    paths = [Path(p) for p in inputs]
    extra = {_kind_of_table(p): p for p in paths[1:]}
    stats = assess_cases(paths[0], units=extra.get("units"), cache=cache, profile=profile)
    try:
        funnel = case_funnel(stats.table if stats.table is not None else paths[0])
    except InputError:
        funnel = None  # an export without stage times has no funnel; the report says so
    counts = check_counts(extra["counts"]) if "counts" in extra else None
    sample = draw_sample(stats, seed=sample_seed, confidence=confidence, tolerable=tolerable, expected=expected,
                         by=sample_by)
    return CaseReport(stats, funnel, counts, sample)


def draw_sample(stats: CaseStats, *, seed: int = 2020, by: str | None = "duty_unit", confidence: float = 0.95,
                tolerable: float = 0.05, expected: float = 0.0) -> AuditSample:
    """The audit sample of an assessment: drawn from the completed cases left in the statistics
    (those with a 结案时间 when the export has one; see :func:`~evalkit.cases.sampling.select_sample`)."""
    cases = stats.cases
    closed = cases[(cases["status"] != "not_completed") & ~cases["excluded"]]
    return select_sample(closed, seed=seed, confidence=confidence, tolerable=tolerable, expected=expected, by=by)
