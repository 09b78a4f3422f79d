"""Layer 3, cases: one export's assessment, rankings, funnel, counts check, audit sample, and
the published report's stated case figures checked against the export.

:func:`load_case_report` takes the report's inputs — the case export first, then optional
tables recognised by their headers: a units table (``unit,class``), a counts table
(``indicator,count,reported_rate``) — and the unit's self-evaluation report as published
(.docx/.html/.htm/.pdf, or its text as .txt), whose stated counts and rates are matched with the
export's (:mod:`evalkit.cases.quantities`); it computes everything the cases report shows
(formatted by :mod:`evalkit.reports.cases`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..findings import Findings
from ..io.sidetable import header_of
from ..prose.check import TEXT_SUFFIXES, ProseCheck, check_prose, report_paragraphs
from ..rules.profile import RuleProfile
from .assess import CaseStats, assess_cases
from .funnel import CountsCheck, Funnel, case_funnel, check_counts
from .quantities import case_quantities
from .sampling import AuditSample, select_sample


@dataclass
class CaseReport:
    """Everything the cases notebook shows, computed once."""

    stats: CaseStats
    funnel: Funnel | None
    counts: CountsCheck | None
    sample: AuditSample
    prose: ProseCheck | None = None  # the published report's stated case figures, when one is given

    def summary(self) -> str:
        return self.stats.summary()

    @property
    def findings(self) -> Findings:
        """Every finding of the report: the export's rows, the counts table's rates, the report's text."""
        return Findings([*self.stats.findings, *(self.counts.findings if self.counts else []),
                         *(self.prose.findings if self.prose else [])])

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


def _kind_of_input(path: Path) -> str:
    if path.suffix.lower() in TEXT_SUFFIXES:
        return "report"
    header = header_of(path)
    if {"unit", "class"} <= header:
        return "units"
    if {"indicator", "count"} <= header:
        return "counts"
    raise InputError(f"无法识别的附表（表头 {', '.join(sorted(header))}；需要 unit,class 或 indicator,count；"
                     f"自评报告须为 {'、'.join(sorted(TEXT_SUFFIXES))} 文件）", file=path)


def load_case_report(inputs: list[str | Path], *, sample_seed: int = 2020, sample_by: str | None = "duty_unit",
                     confidence: float = 0.95, tolerable: float = 0.05, expected: float = 0.0,
                     cache: bool | str | Path = False, profile: str | RuleProfile = "national") -> CaseReport:
    """Assess a case export (inputs[0]) with its optional units and counts tables and the
    published self-evaluation report (inputs[1:], each at most once).

    >>> from evalkit.project import DATA
    >>> r = load_case_report([DATA / "generated/zhongfang-2020/案件导出.csv", DATA / "zhongfang-2020/units.csv"])
    >>> round(r.stats.total["composite_rate"], 4), r.sample.params["population"]
    (0.5141, 8907)
    """
    if not inputs:
        raise InputError("案件报告需要至少一个输入：案件导出表")
    paths = [Path(p) for p in inputs]
    extra: dict[str, Path] = {}
    for p in paths[1:]:
        kind = _kind_of_input(p)
        if kind in extra:
            raise InputError(f"案件报告的输入中有两个同类文件（{extra[kind].name} 与 {p.name}），每类只能给一个", file=p)
        extra[kind] = p
    stats = assess_cases(paths[0], units=extra.get("units"), cache=cache, profile=profile)
    funnel = export_funnel(stats)
    counts = check_counts(extra["counts"]) if "counts" in extra else None
    sample = draw_sample(stats, seed=sample_seed, confidence=confidence, tolerable=tolerable, expected=expected,
                         by=sample_by)
    prose = check_stated_figures(stats, extra["report"], funnel, profile) if "report" in extra else None
    return CaseReport(stats, funnel, counts, sample, prose)


def export_funnel(stats: CaseStats) -> Funnel | None:
    """The funnel of an assessed export; ``None`` for an export without stage times (the report says so)."""
    try:
        return case_funnel(stats.table)
    except InputError:
        return None


def check_stated_figures(stats: CaseStats, report: str | Path, funnel: Funnel | None = None,
                         profile: str | RuleProfile = "national") -> ProseCheck:
    """The case counts and rates a published report states, each matched with the export's
    (and with the figures stated beside it): the claims and their ``prose-figure``/``prose-rate`` findings."""
    return check_prose(report_paragraphs(report), case_quantities(stats, funnel), str(report), profile)


def draw_sample(stats: CaseStats, *, seed: int = 2020, by: str | None = "duty_unit", confidence: float = 0.95,
                tolerable: float = 0.05, expected: float = 0.0) -> AuditSample:
    """The audit sample of an assessment: drawn from the completed cases left in the statistics
    (those with a 结案时间 when the export has one; see :func:`~evalkit.cases.sampling.select_sample`)."""
    cases = stats.cases
    closed = cases[(cases["status"] != "not_completed") & ~cases["excluded"]]
    return select_sample(closed, seed=seed, confidence=confidence, tolerable=tolerable, expected=expected, by=by)
