"""Layer 2, formulas: the scoring rules of DOMAIN.md §1 — execution score, indicator scores,
grades, and the one rule for when a printed total agrees with a recomputed one."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..io.cells import Target, agrees, squash
from .profile import RuleProfile

# --- execution and grade -------------------------------------------------------------------

def totals_agree(reported: float, expected: float) -> bool:
    """THE rule for a printed total (score or amount, 2 decimals) against its recomputation:
    they agree when they differ by at most half a cent (0.005). Used by the checks and by
    every report, so a report never shows "不一致" without a finding behind it.

    >>> totals_agree(90.0, 90.004), totals_agree(90.0, 90.007), totals_agree(float("nan"), 1.0)
    (True, False, False)
    """
    return agrees(reported, expected, 2)


def execution_score(rate: float, weight: float) -> float:
    """Score of budget execution: min(执行率, 100%) × 分值; NaN when the rate is unknown.

    >>> execution_score(0.5, 10), execution_score(1.2, 10)
    (5.0, 10.0)
    """
    if rate is None or math.isnan(rate) or weight is None or math.isnan(weight):
        return math.nan
    return min(max(rate, 0.0), 1.0) * weight


_GRADE_WORDS = {"优": "优", "优秀": "优", "良": "良", "良好": "良", "中": "中", "中等": "中", "合格": "中",
                "一般": "中", "差": "差", "较差": "差", "不合格": "差"}


def grade(total: float, profile: RuleProfile) -> str:
    """The grade a total earns under the profile's bands (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差).

    >>> from evalkit.rules.profile import load_profile
    >>> grade(93.14, load_profile()), grade(59.9, load_profile())
    ('优', '差')
    """
    for name, low in profile.grades:
        if total >= low - 1e-9:
            return name
    return profile.grades[-1][0]


def normalise_grade(text: object) -> str | None:
    """Map a written grade ("优秀", "良好", "合格") to the profile's names (优/良/中/差)."""
    return _GRADE_WORDS.get(squash(text))


# --- indicators ----------------------------------------------------------------------------

@dataclass(frozen=True)
class IndicatorScore:
    """What the rules give for one indicator.

    ``method`` is ``positive`` / ``reverse`` (quantitative), ``completion`` (the actual value is a
    completion percentage of a non-percentage target), ``qualitative`` (a band), ``unscorable``
    or ``empty``. ``low``..``high`` is the admissible score range (equal for a point value).
    ``achievement`` is actual/target (reverse: target/actual), uncapped; ``inferred`` says the
    direction or method was inferred rather than written.
    """

    method: str
    low: float
    high: float
    achievement: float = math.nan
    band: str = ""
    inferred: bool = False
    note: str = ""

    @property
    def expected(self) -> float:
        """The point value for quantitative methods, NaN for a band."""
        return self.low if self.low == self.high else math.nan


_NOT_WORDS = ("未达", "未完成", "未实现", "没有", "未能", "不达标", "未开展", "未启动", "滞后")
_PARTIAL_WORDS = ("部分", "基本", "稍有", "略有", "初步", "有待", "一般", "较好")
_DONE_WORDS = ("完成", "达成", "达到", "实现", "到位", "全部", "按时", "已")
BAND_NAMES = {"achieved": "达成", "partial": "部分达成", "not_achieved": "未达成"}


def qualitative_band(target: Target, actual: Target) -> str:
    """Which band the completion text implies: achieved, partial, not_achieved, or "" (unknown)."""
    a, t = squash(actual.text), squash(target.text)
    if not a:
        return ""
    if any(w in a for w in _NOT_WORDS):
        return "not_achieved"
    if any(w in a for w in _PARTIAL_WORDS):
        return "partial"
    if a == t or any(w in a for w in _DONE_WORDS):
        return "achieved"
    return ""


def _comparable(target: Target, actual: Target) -> float | None:
    """The actual value on the target's scale, or None when the two cannot be compared."""
    if actual.number is None:
        return None
    if target.scale == actual.scale:
        return actual.number
    if actual.unit == "" and target.scale == "%" and actual.value is not None:
        return actual.value / 100 if abs(actual.value) > 1.5 else actual.value
    if actual.unit == "" or target.unit == "":
        return actual.number
    return None


def _direction(target: Target, context: str, profile: RuleProfile) -> tuple[str, bool]:
    if target.op == ">=":
        return "positive", False
    if target.op == "<=":
        return "reverse", False
    if target.number == 0:
        return "reverse", target.op is None
    if profile.cost_is_reverse and "成本" in context:
        return "reverse", True
    return "positive", target.op is None


def score_indicator(target: Target, actual: Target, weight: float, profile: RuleProfile,
                    *, context: str = "") -> IndicatorScore:
    """Score one indicator by the profile's rules (DOMAIN.md §1).

    ``context`` is the indicator's 一级/二级 labels, used to infer that a plain amount under
    成本指标 is a ceiling.

    >>> from evalkit.io.cells import parse_target as p
    >>> from evalkit.rules.profile import load_profile
    >>> s = score_indicator(p("到达90%以上"), p("85%"), 5, load_profile()); round(s.expected, 4)
    4.7222
    """
    if weight is None or math.isnan(weight):
        return IndicatorScore("unscorable", math.nan, math.nan, note="无分值")
    if target.kind == "empty" and actual.kind == "empty":
        return IndicatorScore("empty", 0.0, weight, note="无指标值和完成值")
    if target.kind == "quantitative" and actual.kind == "quantitative":
        if target.number is None or actual.number is None:  # a quantitative Target always has a number
            return IndicatorScore("unscorable", 0.0, weight, note="指标值或完成值缺少数值")
        if target.scale != "%" and actual.unit == "%":
            share = actual.number
            return IndicatorScore("completion", min(max(share, 0), 1) * weight, min(max(share, 0), 1) * weight,
                                  achievement=share, inferred=True,
                                  note="完成值为完成程度百分比，按完成程度×分值计")
        if target.clauses > 1:
            return IndicatorScore("unscorable", 0.0, weight, inferred=True, note="复合指标值，无法按单一数值计分")
        value = _comparable(target, actual)
        if value is None:
            return IndicatorScore("unscorable", 0.0, weight,
                                  note=f"指标值单位“{target.unit}”与完成值单位“{actual.unit}”不一致")
        direction, inferred = _direction(target, context, profile)
        goal = target.number
        if direction == "positive":
            ratio = value / goal if goal else (1.0 if value >= 0 else 0.0)
            share = min(max(ratio, 0.0), 1.0)
            note = "正向指标：完成值/指标值×分值"
        else:
            if value <= goal:
                ratio, share = (goal / value if value > 0 else math.inf), 1.0
            elif profile.reverse_mode == "ratio":
                ratio = goal / value
                share = ratio
            else:
                ratio = goal / value
                share = max(0.0, 1 - (value - goal) / goal) if goal else 0.0
            note = "反向指标：" + ("指标值/完成值×分值" if profile.reverse_mode == "ratio" else "按超出比例线性扣分")
        if inferred:
            note += "（方向系推定）"
        return IndicatorScore(direction, share * weight, share * weight, achievement=ratio,
                              inferred=inferred, note=note)
    if (target.kind == "qualitative" and actual.kind == "quantitative" and actual.unit == "%"
            and actual.number is not None):
        share = min(max(actual.number, 0), 1)
        return IndicatorScore("completion", share * weight, share * weight, achievement=actual.number,
                              inferred=True, note="定性指标以百分比填报完成程度，按完成程度×分值计")
    band = qualitative_band(target, actual)
    if band:
        lo, hi = profile.bands[band]
        return IndicatorScore("qualitative", lo * weight, hi * weight, band=band,
                              note=f"定性指标：{BAND_NAMES[band]}档 {lo:.0%}–{hi:.0%}")
    return IndicatorScore("qualitative", 0.0, weight, note="定性指标：完成情况无法判定档位")


def describe(score: IndicatorScore) -> str:
    """A short Chinese label of how an indicator was scored, for tables."""
    names = {"positive": "正向", "reverse": "反向", "completion": "完成度", "qualitative": "定性",
             "unscorable": "无法计分", "empty": "空", "execution": "执行率"}
    return names[score.method] + ("(推定)" if score.inferred else "")


__all__ = ["totals_agree", "execution_score", "grade",
           "normalise_grade", "IndicatorScore", "score_indicator", "qualitative_band", "describe"]
