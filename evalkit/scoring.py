"""Re-score a self-evaluation table by a rule profile: execution, indicators, total, grade."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from .labels import display
from .metrics import execution_rate
from .rules import RuleProfile, describe, execution_score, grade, load_profile, normalise_grade, score_indicator
from .values import parse_target, records

if TYPE_CHECKING:
    from .forms import SelfEvaluation


def as_profile(profile: str | RuleProfile) -> RuleProfile:
    """A profile object from a name, a path or a profile."""
    return profile if isinstance(profile, RuleProfile) else load_profile(profile)


@dataclass
class Rescored:
    """A table re-scored by the rules, reported and recomputed side by side.

    ``execution`` holds the funds total line with ``rate_expected`` and ``score_expected``;
    ``indicators`` the indicator frame plus ``method``, ``score_expected`` (a point value, or for a
    qualitative band the reported score held inside its band), ``score_min``/``score_max`` and
    ``achievement``.
    """

    source: "SelfEvaluation"
    profile: RuleProfile
    execution: dict[str, object]
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
        """Whether the printed total equals the recomputed one (to 0.005); None when none is printed."""
        reported = self.total_reported
        return None if math.isnan(reported) else abs(reported - self.total_expected) < 0.005

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

    def execution_frame(self) -> pd.DataFrame:
        """The funds lines with the execution rate and score, reported beside recomputed."""
        from .report import money, percent

        e = self.execution
        funds = self.source.funds
        rows = [{"资金项目": r.label, "年初预算数(万元)": money(r.budget_initial), "全年预算数(万元)": money(r.budget),
                 "全年执行数(万元)": money(r.executed)} for r in records(funds)]
        frame = pd.DataFrame(rows)
        frame["执行率(报)"] = [percent(e["rate_reported"]) if r.item == "total" else "" for r in records(funds)]
        frame["执行率(算)"] = [percent(e["rate_expected"]) if r.item == "total" else "" for r in records(funds)]
        frame["得分(报)"] = [f"{e['score_reported']:.10g}" if r.item == "total" else "" for r in records(funds)]
        frame["得分(算)"] = [f"{e['score_expected']:.2f}" if r.item == "total" else "" for r in records(funds)]
        return frame

    def conclusion(self) -> str:
        """One Chinese paragraph: reported vs recomputed total and grade."""
        reported = self.total_reported
        verdict = "一致" if self.total_agrees else f"不一致（相差 {self.total_expected - reported:+.2f} 分）"
        return (f"自评总分 {reported:.10g} 分；按“{self.profile.description}”规则复算 {self.total_expected:.2f} 分，"
                f"等级“{self.grade_expected}”，与自评{verdict}。")

    def totals(self) -> pd.DataFrame:
        """总分 and 等级: as printed, as the rules give them, and whether they agree.

        A grade the table does not print is compared with nothing (blank, not "否").

        >>> import evalkit as ek
        >>> ek.load_self_evaluation(ek.paths.DATA / "zhongfang-2020" / "自评表.xlsx").rescore().totals()["一致"].tolist()
        [False, <NA>]
        """
        reported = self.total_reported
        expected = round(self.total_expected, 2)
        printed = str(self.source.total.get("grade") or "").strip()
        return pd.DataFrame({
            "项目": ["总分", "等级"],
            "自评": ["" if math.isnan(reported) else f"{reported:.10g}", printed],
            "复算": [f"{expected:.2f}", self.grade_expected],
            "一致": pd.array([self.total_agrees,
                              normalise_grade(printed) == self.grade_expected if printed else None], dtype="boolean"),
        })

    def table(self) -> pd.DataFrame:
        """The indicator table with reported and recomputed scores, Chinese headers."""
        cols = ["level1", "level2", "name", "target", "actual", "weight", "score", "method", "score_expected",
                "score_min", "score_max"]
        frame = self.indicators[cols].rename(columns={"score": "score_reported"})
        return display(frame.round({"score_expected": 2, "score_min": 2, "score_max": 2}))

    def _repr_html_(self) -> str:
        e = self.execution
        head = (f"<p>执行率 {e['rate_expected']:.2%}（报 {e['rate_reported']:.2%}），执行得分 "
                f"{e['score_expected']:.2f}（报 {e['score_reported']}）；总分 复算 {self.total_expected:.2f}"
                f"（报 {self.total_reported}），等级 {self.grade_expected}</p>")
        return head + self.table().to_html(index=False, na_rep="")


def rescore(table: "SelfEvaluation", profile: str | RuleProfile = "national") -> Rescored:
    """Recompute the execution rate and score and every indicator's score of ``table``.

    >>> import evalkit as ek
    >>> t = ek.load_self_evaluation(ek.paths.DATA / "yiyang-2022" / "自评表.xlsx")
    >>> r = t.rescore(); (float(r.execution["rate_expected"]), r.total_expected)
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
