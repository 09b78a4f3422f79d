"""Layer 3, self-evaluation tables: re-score a table by a rule profile — execution, indicators,
total, grade. How a re-scored table is shown lives in :mod:`evalkit.reports.selfeval`."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping

import pandas as pd

from ..io.cells import parse_target, records, rows_of, small_frame
from ..rules.formulas import IndicatorScore, describe, execution_score, grade, score_indicator, totals_agree
from ..rules.metrics import execution_rate
from ..rules.profile import RuleProfile, as_profile

if TYPE_CHECKING:
    from .form import SelfEvaluation


@dataclass(frozen=True)
class Execution:
    """Budget execution of a table, reported beside recomputed (amounts in 万元, rates as
    fractions; NaN where the table prints nothing), with the cells and printed precision."""

    budget: float
    executed: float
    weight: float
    rate_reported: float
    rate_expected: float
    score_reported: float
    score_expected: float
    rate_cell: str
    score_cell: str
    rate_ndigits: int
    score_ndigits: int
    executed_cell: str
    budget_cell: str


@dataclass
class Rescored:
    """A table re-scored by the rules, reported and recomputed side by side.

    ``execution`` is the funds total line (:class:`Execution`) with ``rate_expected`` and ``score_expected``;
    ``indicators`` the indicator frame plus ``method``, ``score_expected`` (a point value, or for a
    qualitative band the reported score held inside its band), ``score_min``/``score_max`` and
    ``achievement``.
    """

    source: SelfEvaluation
    profile: RuleProfile
    execution: Execution
    indicators: pd.DataFrame

    @functools.cached_property
    def rows(self) -> list:
        """The indicator rows (with recomputed columns) as attribute objects, computed once."""
        return list(records(self.indicators))

    @functools.cached_property
    def lines(self) -> list[tuple[dict, float, float]]:
        """The funds lines other than the total, each with the budget it is executed against and
        its recomputed rate: ``(line, budget, rate_expected)``."""
        out = []
        for line in rows_of(self.source.funds[self.source.funds["item"] != "total"]):
            budget = line[execution_base(line, self.profile)]
            out.append((line, budget, float(execution_rate(line["executed"], budget))))
        return out

    @functools.cached_property
    def unreadable(self) -> list[str]:
        """The cells the recomputed total depends on that could not be read (an unreadable cell
        is never counted as 0): the funds total line's amounts, weight and score, and every
        indicator's target, actual, weight and score."""
        bad = {f.cell for f in self.source.problems}
        if not bad:
            return []
        e = self.execution
        needed = [e.budget_cell, e.executed_cell, e.score_cell]
        for col in ("target_cell", "actual_cell", "weight_cell", "score_cell"):
            if col in self.indicators:
                needed.extend(self.indicators[col].dropna().astype(str).tolist())
        funds = self.source.funds
        if "weight_cell" in funds and (funds["item"] == "total").any():
            needed.append(str(funds.loc[funds["item"] == "total", "weight_cell"].iloc[0]))
        return [c for c in dict.fromkeys(needed) if c in bad]

    @property
    def total_expected(self) -> float:
        """Execution score plus every indicator's recomputed score; NaN (无法复算) when a cell it
        depends on could not be read."""
        if self.unreadable:
            return math.nan
        parts = [self.execution.score_expected, *self.indicators["score_expected"].tolist()]
        return float(sum(0.0 if math.isnan(p) else p for p in parts))

    @property
    def total_reported(self) -> float:
        return float(self.source.total.score)

    @property
    def total_agrees(self) -> bool | None:
        """Whether the printed total equals the recomputed one (:func:`~evalkit.rules.formulas.totals_agree`);
        None when none is printed."""
        reported, expected = self.total_reported, self.total_expected
        return None if math.isnan(reported) or math.isnan(expected) else totals_agree(reported, expected)

    @property
    def grade_expected(self) -> str:
        """The grade of the recomputed total, or "无法复算" when a cell it depends on is unreadable."""
        if math.isnan(self.total_expected):
            return "无法复算"
        return grade(round(self.total_expected, self.profile.score_decimals), self.profile)

    def by_level1(self) -> pd.DataFrame:
        """分值, reported and recomputed score per 一级指标 (plus the execution line)."""
        ind = self.indicators
        rows = [{"level1": "预算执行率", "weight": self.execution.weight,
                 "score_reported": self.execution.score_reported,
                 "score_expected": self.execution.score_expected}]
        for name, group in ind.groupby("level1", sort=False):
            rows.append({"level1": name, "weight": group["weight"].sum(min_count=1),
                         "score_reported": group["score"].sum(min_count=1),
                         "score_expected": group["score_expected"].sum(min_count=1)})
        return pd.DataFrame(rows)


_EXECUTION_WORDS = ("预算执行率", "资金执行率", "预算资金执行率", "项目预算执行率")


def execution_base(line: Mapping[str, Any], profile: RuleProfile) -> str:
    """The column a funds line's execution is measured against: the profile's denominator, or the
    other budget column when the table prints only that one (e.g. only 年初预算数)."""
    base = profile.execution_denominator
    if math.isnan(line[base]):
        return "budget_initial" if base == "budget" else "budget"
    return base


def is_execution_row(row: pd.Series) -> bool:
    """An indicator row that is the budget execution rate (some templates list it among the
    indicators): it is scored by the execution rule from the funds block's amounts."""
    return any(w in str(row.get(k, "")) for w in _EXECUTION_WORDS for k in ("name", "level2", "level1"))


def rescore(table: SelfEvaluation, profile: str | RuleProfile = "national") -> Rescored:
    """Recompute the execution rate and score and every indicator's score of ``table``.

    >>> import evalkit as ek
    >>> t = ek.load_self_evaluation(ek.project.DATA / "yiyang-2022" / "自评表.xlsx")
    >>> r = rescore(t); (float(r.execution.rate_expected), r.total_expected)
    (1.0, 100.0)
    """
    prof = as_profile(profile)
    key = repr(prof)
    if key in table._rescored:
        return table._rescored[key]
    total = table.funds.set_index("item").loc["total"]
    base = execution_base(total, prof)
    denominator = total[base]
    in_indicators = table.indicators.apply(is_execution_row, axis=1) if len(table.indicators) else pd.Series([], dtype=bool)
    if not math.isnan(total["weight"]):
        weight = total["weight"]
    else:  # no 分值 on the funds line: the execution points sit in an indicator row, or the profile's default
        weight = 0.0 if in_indicators.any() else float(prof.execution_points)
    rate = float(execution_rate(total["executed"], denominator))
    execution = Execution(
        budget=float(denominator), executed=float(total["executed"]), weight=float(weight),
        rate_reported=float(total["rate_reported"]), rate_expected=rate,
        score_reported=float(total["score_reported"]), score_expected=execution_score(rate, weight),
        rate_cell=total["rate_reported_cell"], score_cell=total["score_reported_cell"],
        rate_ndigits=int(total["rate_reported_ndigits"]), score_ndigits=int(total["score_reported_ndigits"]),
        executed_cell=total["executed_cell"], budget_cell=total[f"{base}_cell"],
    )
    extra_rows = []
    for row, execution_row in zip(records(table.indicators), in_indicators):
        if execution_row and not math.isnan(rate) and not math.isnan(row.weight):
            points = execution_score(rate, row.weight)
            scored = IndicatorScore("execution", points, points, achievement=rate,
                                    note="预算执行率指标：按资金表的执行数/预算数×分值")
        else:
            scored = score_indicator(parse_target(row.target), parse_target(row.actual), row.weight, prof,
                                     context=f"{row.level1} {row.level2} {row.name}")
        if math.isnan(scored.low) and math.isnan(row.weight) and not math.isnan(row.score):
            expected = row.score  # no 分值 to score it against (weights only in the 一级 labels): taken as printed
        elif scored.low == scored.high:
            expected = scored.low
        elif math.isnan(row.score):
            expected = scored.low
        else:
            expected = min(max(row.score, scored.low), scored.high)
        extra_rows.append({"method": describe(scored), "method_id": scored.method, "inferred": scored.inferred,
                        "score_expected": expected, "score_min": scored.low, "score_max": scored.high,
                        "achievement": scored.achievement, "band": scored.band, "note": scored.note})
    extra = small_frame(extra_rows, index=table.indicators.index,
                        columns=["method", "method_id", "inferred", "score_expected", "score_min", "score_max",
                                  "achievement", "band", "note"])
    result = Rescored(table, prof, execution, pd.concat([table.indicators, extra], axis=1))
    table._rescored[key] = result
    return result
