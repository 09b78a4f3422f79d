"""Layer 3, self-evaluation tables: the registry of spot-check rules and what every check shares.

A check is a function ``(table, rescored) -> Iterator[Finding]`` registered with :func:`rule`
under the id of a rule of the rulebook; :mod:`.checks` runs them all. Findings that compare a
printed figure with a recomputed one say which kind of figure (``quantity``) and at which
precision it was printed (``decimals``): :func:`evalkit.rules.tolerance.settle` decides from
those whether a difference is a mere rounding difference and how much is at stake.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Callable, Iterator

from ..findings import Finding, Severity
from ..io.cells import agrees
from ..rulebook import get_rule
from .rescore import Rescored

if TYPE_CHECKING:
    from .form import SelfEvaluation

Check = Callable[["SelfEvaluation", Rescored], Iterator[Finding]]
CHECKS: dict[str, list[Check]] = {}  # rule id → the checks that report it


def rule(rule_id: str) -> Callable[[Check], Check]:
    """Register a check under the id of a rule of the rulebook (a rule may have several checks)."""
    get_rule(rule_id)

    def register(fn: Check) -> Check:
        CHECKS.setdefault(rule_id, []).append(fn)
        fn.rule_id = rule_id  # type: ignore[attr-defined]
        return fn

    return register


def _finding(table: SelfEvaluation, rule_id: str, severity: Severity, cell: str, subject: str,
             reported: object, expected: object, message: str, quantity: str = "", decimals: int | None = None,
             amount: float | None = None) -> Finding:
    return Finding(rule_id, severity, table.file, table.sheet, cell, subject, reported, expected, message,
                   quantity=quantity, decimals=decimals, amount=amount)


def _nan(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _printed_disagrees(reported: float, expected: float, ndigits: int, scale: float = 1) -> bool:
    """Both figures known and the printed one not the recomputed one at its printed precision."""
    return not (_nan(reported) or _nan(expected)) and not agrees(reported * scale, expected * scale, ndigits)
