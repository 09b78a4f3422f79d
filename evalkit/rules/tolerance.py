"""Layer 2, tolerance and materiality: how much a disagreement matters.

Every check (self-evaluation, department tables, across documents) builds its findings as
before, stating the kind of figure it compared (``Finding.quantity``) and the precision it was
printed at (``Finding.decimals``); :func:`settle` — the one place this is decided — then, for
every finding, using the rule profile's ``[tolerance]`` and ``[materiality]``:

- records ``difference`` (reported − expected) when both are numbers;
- turns a *rounding difference* into a 提示 (info) whose message says so: the reported figure
  misses the recomputed one, rounded to the reported figure's own printed precision, by at most
  ``tolerance.units`` steps of that precision (the step never coarser than ``tolerance.amount`` /
  ``rate`` / ``score``). Only rules that say two figures must be equal (:data:`EQUALITY_RULES`)
  have rounding differences; a score over its cap or spending over its budget does not;
- records the ``amount`` at stake in 万元 (the difference itself for amounts, or what the check
  gave, e.g. a rate's error times its budget) and marks it ``material`` (重大) above
  ``materiality.amount`` (reports show it in a column of its own; the message is left as is).
"""

from __future__ import annotations

import dataclasses
import math
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from typing import Iterable

from ..findings import Finding, Findings, Severity
from .numbers import QUANTITIES, money
from .profile import RuleProfile

#: Rules whose findings say "this printed figure should equal that one": only these can be a
#: rounding difference.
EQUALITY_RULES = frozenset({
    "funds-total", "funds-breakdown", "execution-rate", "execution-score", "indicator-score", "level1-weight",
    "weights-total", "total-score", "total-rescored", "project-rate", "total-row", "total-rate-recomputed",
    "average-score", "parts-total", "carryover", "change-amount", "change-rate", "net-value", "share-of-total",
    "control-rate", "same-quantity",
})
_EPS = 1e-9


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value) or math.isinf(value):
        return None
    return float(value)


def _rounded(value: float, decimals: int, mode: str) -> float:
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=mode))


def rounding_steps(reported: float, expected: float, decimals: int) -> float:
    """How many steps of the last printed digit ``reported`` lies from ``expected`` rounded to
    ``decimals`` places (either rounding of an exact half; 0 when it agrees).

    >>> rounding_steps(60.75, 8907 / 14664 * 100, 2), rounding_steps(60.74, 8907 / 14664 * 100, 2)
    (1.0, 0.0)
    >>> rounding_steps(9.0, 8.4, 0), rounding_steps(100.01, 100.0, 2), rounding_steps(0.5, 0.25, 1)
    (1.0, 1.0, 2.0)
    """
    step = 10.0 ** -decimals
    return min(round(abs(reported - _rounded(expected, decimals, mode)) / step, 6)
               for mode in (ROUND_HALF_UP, ROUND_HALF_EVEN))


def is_rounding(finding: Finding, profile: RuleProfile) -> bool:
    """Whether a finding is a rounding difference within the printed precision (see the module)."""
    reported, expected = _number(finding.reported), _number(finding.expected)
    if (finding.rule not in EQUALITY_RULES or finding.quantity not in QUANTITIES or reported is None
            or expected is None or profile.rounding_units <= 0 or reported == expected):
        return False
    scale = 100.0 if finding.quantity == "rate" else 1.0  # a rate's precision is of a percent
    coarsest = profile.rounding_steps[finding.quantity]
    decimals = finding.decimals if finding.decimals is not None else max(round(-math.log10(coarsest)), 0)
    step = min(10.0 ** -decimals, coarsest)  # the last printed digit, never coarser than the profile's
    distance = rounding_steps(reported * scale, expected * scale, decimals) * 10.0 ** -decimals
    return 0 < distance <= profile.rounding_units * step + _EPS


def _difference_text(finding: Finding, difference: float) -> str:
    if finding.quantity == "rate":
        return f"{abs(difference) * 100:.{max(finding.decimals or 2, 2)}f} 个百分点"
    if finding.quantity == "amount":
        return f"{money(abs(difference))} 万元"
    return f"{abs(difference):.{max(finding.decimals or 2, 2)}f} 分"


def settle(finding: Finding, profile: RuleProfile) -> Finding:
    """The finding with its difference, amount at stake, materiality and — for a rounding
    difference — severity 提示 and a message saying so (see the module docstring).

    >>> from evalkit.rules.profile import load_profile
    >>> p = load_profile()
    >>> f = settle(Finding("execution-rate", "error", "a.xlsx", "S", "G5", "项目", 0.6075, 8907 / 14664,
    ...                    "执行率报 60.75%，应为 60.74%。", "rate", 2), p)
    >>> f.severity.value, f.rounding, f.message
    ('info', True, '执行率报 60.75%，应为 60.74%。相差 0.01 个百分点，在报告值的打印精度以内，属舍入差异。')
    >>> g = settle(Finding("funds-total", "error", "a.xlsx", "S", "D5", "项目", 120.0, 100.0, "不等。", "amount"), p)
    >>> g.severity.value, g.difference, g.amount, g.material
    ('error', 20.0, 20.0, True)
    """
    reported, expected = _number(finding.reported), _number(finding.expected)
    if finding.quantity not in QUANTITIES or reported is None or expected is None:
        return finding
    difference = reported - expected
    amount = finding.amount
    if amount is None and finding.quantity == "amount":
        amount = abs(difference)
    changes: dict[str, object] = {"difference": round(difference, 10), "amount": amount}
    if is_rounding(finding, profile):
        changes.update(severity=Severity.INFO, rounding=True, material=False,
                       message=f"{finding.message}相差 {_difference_text(finding, difference)}，"
                               "在报告值的打印精度以内，属舍入差异。")
    elif amount is not None and not math.isnan(amount) and abs(amount) > profile.materiality:
        changes["material"] = True  # shown as 重大 beside the message, which stays as the check wrote it
    return dataclasses.replace(finding, **changes)  # type: ignore[arg-type]


def settle_all(findings: Iterable[Finding], profile: RuleProfile) -> Findings:
    """:func:`settle` applied to every finding, in order."""
    return Findings([settle(f, profile) for f in findings])


__all__ = ["EQUALITY_RULES", "is_rounding", "rounding_steps", "settle", "settle_all"]
