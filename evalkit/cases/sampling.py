"""Reproducible audit samples of closed cases, to re-inspect on site.

Sample size by attribute sampling: the smallest ``n`` such that, if the true deviation rate
were the tolerable rate, finding no more than the expected number of deviations
(``ceil(n × expected)``) would have probability at most ``1 − confidence`` (binomial; the
probability is compared at four decimals, as the published AICPA tables are). 95% confidence,
5% tolerable, 0 expected gives 59. A finite population only caps ``n``.

Selection is reproducible: the population (closed cases, sorted by case id, so file order does
not matter) gets one uniform random key per case from ``numpy.random.default_rng(seed)``; the
cases with the smallest keys are taken, within each stratum when stratified (proportional
allocation, largest remainder, at least ``min_per_stratum`` per stratum).

The sample is exported as a 现场核查 checklist (:meth:`AuditSample.to_excel`): one row per case with
what to verify and columns for the result, ready to print on A4.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..io.atomic import write_atomic
from ..io.export import harden_workbook, safe_frame
from ..labels import display


def _binom_cdf(k: int, n: int, p: float) -> float:
    """P(X ≤ k) for X ~ Binomial(n, p), summed in log space."""
    if p <= 0:
        return 1.0
    if p >= 1:
        return 1.0 if k >= n else 0.0
    lp, lq = math.log(p), math.log1p(-p)
    return min(1.0, sum(math.exp(math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * lp
                                 + (n - i) * lq) for i in range(0, min(k, n) + 1)))


def attribute_sample_size(confidence: float = 0.95, tolerable: float = 0.05, expected: float = 0.0,
                          population: int | None = None) -> int:
    """Attribute-sampling sample size for a confidence, a tolerable and an expected deviation rate.

    Parameters
    ----------
    confidence
        Confidence level, e.g. 0.95.
    tolerable
        Tolerable deviation rate, e.g. 0.05.
    expected
        Expected deviation rate in the population; must be below ``tolerable``.
    population
        Number of cases; the size never exceeds it.

    Examples
    --------
    >>> attribute_sample_size(0.95, 0.05, 0.0), attribute_sample_size(0.95, 0.05, 0.01)
    (59, 93)
    >>> attribute_sample_size(0.90, 0.05), attribute_sample_size(population=40)
    (45, 40)
    """
    if not (0 < confidence < 1 and 0 < tolerable < 1 and 0 <= expected < tolerable):
        raise ValueError("需要 0 < confidence < 1、0 < tolerable < 1、0 ≤ expected < tolerable")
    risk = 1 - confidence
    n = 1
    while round(_binom_cdf(math.ceil(n * expected - 1e-9), n, tolerable), 4) > risk + 1e-12:
        n += 1
        if n > 100_000:  # pragma: no cover - only for absurd parameters
            raise ValueError("样本量超过 100000，请检查参数")
    return min(n, population) if population is not None else n


def _allocate(sizes: pd.Series, n: int, minimum: int) -> pd.Series:
    """Proportional allocation of ``n`` over strata by largest remainder, at least ``minimum`` each."""
    exact = sizes / sizes.sum() * n
    quota = np.floor(exact).astype("int64")
    rest = int(n - quota.sum())
    order = (exact - quota).sort_values(ascending=False, kind="stable").index[:rest]
    quota[order] += 1
    return np.minimum(np.maximum(quota, minimum), sizes).astype("int64")


@dataclass
class AuditSample:
    """A drawn sample: the cases, the parameters that reproduce it and the strata."""

    cases: pd.DataFrame
    params: dict[str, Any]
    strata: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        return self.cases.copy()

    def checklist(self) -> pd.DataFrame:
        """The sample as a 现场核查 checklist: one row per case with what to verify on site and
        empty columns for the result, the inspector and the date."""
        cases = _naive_times(self.cases)
        out = pd.DataFrame({"序号": range(1, len(cases) + 1)})
        for name, label in CHECKLIST_FIELDS.items():
            if name in cases:
                out[label] = cases[name].to_numpy()
        if "effective_deadline" not in cases and "deadline" in cases:
            out["有效截止时间"] = cases["deadline"].to_numpy()
        out["核查要点"] = VERIFY
        for label in RESULT_COLUMNS:
            out[label] = ""
        return out

    def to_excel(self, path: str | Path) -> Path:
        """Write the 现场核查 checklist (核查清单: A4 landscape, header repeated, a drop-down for the
        result), the sample with every column (样本), the parameters (参数) and the allocation (分层)."""
        path = Path(path)
        params = pd.DataFrame({"参数": list(self.params), "值": [str(v) for v in self.params.values()]})
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            safe_frame(self.checklist()).to_excel(writer, sheet_name="核查清单", index=False)
            _format_checklist(writer.book["核查清单"], len(self.cases))
            safe_frame(display(_naive_times(self.cases))).to_excel(writer, sheet_name="样本", index=False)
            safe_frame(params).to_excel(writer, sheet_name="参数", index=False)
            safe_frame(display(self.strata)).to_excel(writer, sheet_name="分层", index=False)
            harden_workbook(writer.book)  # case text such as "=HYPERLINK(…)" stays text
        write_atomic(path, buffer.getvalue())
        return path


#: Checklist columns: the case's field → its header (those the export has).
CHECKLIST_FIELDS = {"case_id": "案件编号", "duty_unit": "责任单位", "unit_class": "类别", "category": "大类",
                    "subcategory": "小类", "area": "所属区域", "reported_at": "上报时间",
                    "effective_deadline": "有效截止时间", "handled_at": "处置完成时间", "closed_at": "结案时间",
                    "status": "统计状态"}
VERIFY = "到现场核实问题已解决；核对处置完成时间不晚于有效截止时间；核对结案照片与记录一致"
RESULT_COLUMNS = ("核查结果", "现场情况说明", "核查人", "核查日期")
RESULTS = ("相符", "不相符", "无法核实")


def _format_checklist(sheet: Any, rows: int) -> None:
    """Widths, wrapped text, frozen and repeated header, A4 landscape, a drop-down for 核查结果."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    headers = [c.value for c in sheet[1]]
    for i, header in enumerate(headers, start=1):
        wide = {"核查要点": 40, "现场情况说明": 30, "责任单位": 22}.get(str(header), 16 if "时间" in str(header) else 12)
        sheet.column_dimensions[get_column_letter(i)].width = wide
    result = get_column_letter(headers.index("核查结果") + 1)
    choices = DataValidation(type="list", formula1='"' + ",".join(RESULTS) + '"', allow_blank=True)
    choices.add(f"{result}2:{result}{rows + 1}")
    sheet.add_data_validation(choices)
    sheet.freeze_panes = "C2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _naive_times(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.PeriodDtype):
            out[col] = out[col].astype("str")
    return out


def select_sample(cases: pd.DataFrame, *, seed: int, size: int | None = None, confidence: float = 0.95,
                  tolerable: float = 0.05, expected: float = 0.0, by: str | None = None,
                  min_per_stratum: int = 1) -> AuditSample:
    """Draw a reproducible sample of closed cases.

    Parameters
    ----------
    cases
        A case frame with canonical columns (``CaseStats.cases`` or ``CaseTable.frame``). Closed
        cases are those with a 结案时间, or, without that column, those completed; rows left out
        of the statistics (``excluded``) are never drawn.
    seed
        The random seed; record it with the sample (it is in ``params``).
    size
        Sample size; by default :func:`attribute_sample_size` of the other three parameters.
    by
        Column to stratify by (e.g. ``"duty_unit"``), or ``None``.
    min_per_stratum
        Smallest number of cases drawn from each stratum (capped by its size); can raise the
        total above ``size``.

    Examples
    --------
    >>> df = pd.DataFrame({"case_id": [f"{i:04d}" for i in range(200)],
    ...                    "closed_at": pd.to_datetime(["2020-01-05"] * 200), "duty_unit": ["甲", "乙"] * 100})
    >>> s = select_sample(df, seed=7)
    >>> len(s.cases), s.cases["case_id"].tolist() == select_sample(df.iloc[::-1], seed=7).cases["case_id"].tolist()
    (59, True)
    >>> select_sample(df, seed=7, by="duty_unit").strata["drawn"].tolist()
    [30, 29]
    """
    pop = cases
    if "excluded" in pop:
        pop = pop[~pop["excluded"]]
    if "closed_at" in pop:
        pop = pop[pop["closed_at"].notna()]
    elif "status" in pop:
        pop = pop[pop["status"].isin(["on_time", "late"])]
    pop = pop.sort_values("case_id", kind="stable").reset_index(drop=True)
    n = size if size is not None else attribute_sample_size(confidence, tolerable, expected, len(pop))
    n = min(n, len(pop))
    key = pd.Series(np.random.default_rng(seed).random(len(pop)), index=pop.index)
    if by is None:
        chosen = key.nsmallest(n).index
        strata = pd.DataFrame({"stratum": ["(全部)"], "population": [len(pop)], "drawn": [n]})
    else:
        groups = pop[by].fillna("(空)")
        sizes = groups.value_counts().sort_index()
        quota = _allocate(sizes, n, min_per_stratum)
        rank = key.groupby(groups).rank(method="first")
        chosen = pop.index[rank <= groups.map(quota)]
        strata = pd.DataFrame({"stratum": sizes.index, "population": sizes.to_numpy(), "drawn": quota.to_numpy()})
    sample = pop.loc[chosen].assign(random_key=key[chosen])
    sample = sample.sort_values(([by] if by else []) + ["random_key"], kind="stable").reset_index(drop=True)
    params = {"seed": seed, "confidence": confidence, "tolerable": tolerable, "expected": expected,
              "population": len(pop), "size": len(sample), "stratified_by": by or "", "min_per_stratum":
              min_per_stratum if by else 0, "method": "属性抽样（二项分布）；按案件编号排序后以随机种子生成随机数，取最小者"}
    return AuditSample(sample, params, strata)
