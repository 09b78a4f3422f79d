"""Layer 3, self-evaluation tables: re-score a table by a rule profile — execution, indicators,
total, grade. How a re-scored table is shown lives in :mod:`evalkit.reports.selfeval`."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..io.cells import parse_target, records
from ..rules.formulas import describe, execution_score, grade, score_indicator, totals_agree
from ..rules.metrics import execution_rate
from ..rules.profile import RuleProfile, as_profile

if TYPE_CHECKING:
    from .form import SelfEvaluation


@dataclass
class Rescored:
    """A table re-scored by the rules, reported and recomputed side by side.

    ``execution`` holds the funds total line with ``rate_expected`` and ``score_expected``;
    ``indicators`` the indicator frame plus ``method``, ``score_expected`` (a point value, or for a
    qualitative band the reported score held inside its band), ``score_min``/``score_max`` and
    ``achievement``.
    """

    source: SelfEvaluation
    profile: RuleProfile
    execution: dict[str, Any]
    indicators: pd.DataFrame

    @functools.cached_property
    def rows(self) -> list:
        """The indicator rows (with recomputed columns) as attribute objects, computed once."""
        return list(records(self.indicators))

    @property
    def total_expected(self) -> float:
        """Execution score plus every indicator's recomputed score."""
        parts = [self.execution["score_expected"], *self.indicators["score_expected"].tolist()]
        return float(sum(0.0 if math.isnan(p) else p for p in parts))

    @property
    def total_reported(self) -> float:
        return float(self.source.total.get("score", math.nan))

    @property
    def total_agrees(self) -> bool | None:
        """Whether the printed total equals the recomputed one (:func:`~evalkit.rules.formulas.totals_agree`);
        None when none is printed."""
        reported = self.total_reported
        return None if math.isnan(reported) else totals_agree(reported, self.total_expected)

    @property
    def grade_expected(self) -> str:
        return grade(round(self.total_expected, self.profile.score_decimals), self.profile)

    def by_level1(self) -> pd.DataFrame:
        """分值, reported and recomputed score per 一级指标 (plus the execution line)."""
        ind = self.indicators
        rows = [{"level1": "预算执行率", "weight": self.execution["weight"],
                 "score_reported": self.execution["score_reported"],
                 "score_expected": self.execution["score_expected"]}]
        for name, group in ind.groupby("level1", sort=False):
            rows.append({"level1": name, "weight": group["weight"].sum(min_count=1),
                         "score_reported": group["score"].sum(min_count=1),
                         "score_expected": group["score_expected"].sum(min_count=1)})
        return pd.DataFrame(rows)


def rescore(table: SelfEvaluation, profile: str | RuleProfile = "national") -> Rescored:
    """Recompute the execution rate and score and every indicator's score of ``table``.

    >>> import evalkit as ek
    >>> t = ek.load_self_evaluation(ek.project.DATA / "yiyang-2022" / "自评表.xlsx")
    >>> r = rescore(t); (float(r.execution["rate_expected"]), r.total_expected)
    (1.0, 100.0)
    """
    prof = as_profile(profile)
    key = repr(prof)
    if key in table._rescored:
        return table._rescored[key]
    total = table.funds.set_index("item").loc["total"]
    denominator = total[prof.execution_denominator]
    weight = total["weight"] if not math.isnan(total["weight"]) else float(prof.execution_points)
    rate = float(execution_rate(total["executed"], denominator))
    execution = {
        "budget": float(denominator), "executed": float(total["executed"]), "weight": float(weight),
        "rate_reported": float(total["rate_reported"]), "rate_expected": rate,
        "score_reported": float(total["score_reported"]), "score_expected": execution_score(rate, weight),
        "rate_cell": total["rate_reported_cell"], "score_cell": total["score_reported_cell"],
        "rate_ndigits": int(total["rate_reported_ndigits"]), "score_ndigits": int(total["score_reported_ndigits"]),
        "executed_cell": total["executed_cell"], "budget_cell": total[f"{prof.execution_denominator}_cell"],
    }
    extra_rows = []
    for row in records(table.indicators):
        result = score_indicator(parse_target(row.target), parse_target(row.actual), row.weight, prof,
                                 context=f"{row.level1} {row.level2} {row.name}")
        if result.low == result.high:
            expected = result.low
        elif math.isnan(row.score):
            expected = result.low
        else:
            expected = min(max(row.score, result.low), result.high)
        extra_rows.append({"method": describe(result), "method_id": result.method, "inferred": result.inferred,
                        "score_expected": expected, "score_min": result.low, "score_max": result.high,
                        "achievement": result.achievement, "band": result.band, "note": result.note})
    extra = pd.DataFrame(extra_rows, index=table.indicators.index,
                         columns=["method", "method_id", "inferred", "score_expected", "score_min", "score_max",
                                  "achievement", "band", "note"])
    result = Rescored(table, prof, execution, pd.concat([table.indicators, extra], axis=1))
    table._rescored[key] = result
    return result
