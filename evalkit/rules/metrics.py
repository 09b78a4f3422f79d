"""The rate functions of DOMAIN.md: NaN on a zero or missing denominator, never inf.

Each accepts scalars, NumPy arrays or pandas Series (vectorised) and returns fractions.
"""

from __future__ import annotations

from typing import Callable, TypeAlias

import numpy as np
import pandas as pd

Number: TypeAlias = "float | np.ndarray | pd.Series"


def ratio(numerator: Number, denominator: Number) -> Number:
    """numerator / denominator, NaN where the denominator is 0 or missing.

    >>> ratio(8907, 14664).round(4), bool(np.isnan(ratio(1, 0)))
    (np.float64(0.6074), True)
    """
    num = np.asarray(numerator, dtype="float64")
    den = np.asarray(denominator, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where((den == 0) | np.isnan(den), np.nan, num / np.where(den == 0, 1, den))
    if isinstance(numerator, pd.Series):
        return pd.Series(out, index=numerator.index)
    if isinstance(denominator, pd.Series):
        return pd.Series(out, index=denominator.index)
    return out[()] if out.ndim == 0 else out


Rate: TypeAlias = Callable[[Number, Number], Number]


def quotient(formula: str) -> Rate:
    """A rate that is one count or amount over another (NaN on a zero or missing denominator),
    documented by its ``formula``.

    >>> float(quotient("x / y")(1, 4)), quotient("资金到位率 = 实际到位资金 / 预算资金").__doc__
    (0.25, '资金到位率 = 实际到位资金 / 预算资金.')
    """

    def rate(numerator: Number, denominator: Number) -> Number:
        return ratio(numerator, denominator)

    rate.__doc__ = f"{formula}."
    return rate


execution_rate = quotient("执行率 = 全年执行数 / 全年预算数 (or, in 部门 evaluation, 实际支出 / 实际到位)")
arrival_rate = quotient("资金到位率 = 实际到位资金 / 预算资金")
completion_rate = quotient("实际完成率 = 实际产出数 / 计划产出数")
quality_rate = quotient("质量达标率 = 质量达标产出数 / 实际产出数")
control_rate = quotient("在职人员控制率 = 实际在职人数 / 编制数 (seed 004: 83 / 100)")
carryover_rate = quotient("结转结余率 = 结转结余 / 支出预算")
procurement_rate = quotient("政府采购执行率 = 实际政府采购金额 / 政府采购预算")
resolution_rate = quotient("问题解决率 = 完成数 / 总数")
on_time_rate = quotient("及时解决率 = 及时完成数 / 总数")


def cost_saving_rate(planned_cost: Number, actual_cost: Number) -> Number:
    """成本节约率 = (计划成本 − 实际成本) / 计划成本.

    >>> float(cost_saving_rate(60, 30))
    0.5
    """
    return ratio(np.asarray(planned_cost, dtype="float64") - np.asarray(actual_cost, dtype="float64"),
                 planned_cost)


def change_rate(current: Number, previous: Number) -> Number:
    """变动率 = (本年 − 上年) / 上年 (seed 003 三公经费: (7.94 − 8.91) / 8.91 = −10.89%).

    >>> round(float(change_rate(7.94, 8.91)), 4)
    -0.1089
    """
    return ratio(np.asarray(current, dtype="float64") - np.asarray(previous, dtype="float64"), previous)


def composite_rate(resolution: Number, on_time: Number, *, resolution_weight: float = 0.55) -> Number:
    """综合解决率 = 55% × 解决率 + 45% × 及时解决率 (seed 001).

    >>> round(float(composite_rate(8907 / 14664, 0.4001)), 4)
    0.5141
    """
    return resolution_weight * np.asarray(resolution, dtype="float64") + (1 - resolution_weight) * np.asarray(
        on_time, dtype="float64")
