"""Layer 3, prose: a rate stated in the text recomputed from the figures stated beside it.

"全年实际执行额为 224.05万元，总体执行率75.5%" after "部门预算总额为282.19万元": 224.05 / 282.19 =
79.40%, not 75.5% — the text contradicts itself whatever the tables say. "接收…问题案件14664件…
完成8907件…全年问题案件解决率60.74%" agrees (8907 / 14664 = 60.74%), and "综合解决率51.41%" is
55% × 60.74% + 45% × 40.01% as the profile weighs them. A rate is recomputed only from a
numerator and a denominator stated before it in the same paragraph (the nearest ones); the
formulas are those of :mod:`evalkit.rules.metrics` and of the case statistics.
"""

from __future__ import annotations

from typing import Sequence

from ..rules.profile import RuleProfile, as_profile
from .claims import Claim
from .match import Match, Quantity, claim_agrees, claim_measure
from .names import key

#: rate → (numerator, denominator): a count whose name holds one of the words, or an amount of a measure.
FORMULAS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "执行率": (("amount:executed",), ("amount:budget",)),
    "到位率": (("amount:received",), ("amount:budget",)),
    "使用率": (("amount:executed",), ("amount:received",)),
    "解决率": (("完成", "解决"), ("接收", "案件总数", "总数", "受理")),
    "及时解决率": (("及时完成", "及时解决", "按时完成"), ("接收", "案件总数", "总数", "受理")),
    "立案率": (("立案",), ("上报", "采集", "发现")),
    "流失率": (("流失",), ("配备", "配置", "招聘")),
}
_NOT_NUMERATOR = {"解决率": ("及时", "按时", "超时", "未")}


def _fits(claim: Claim, words: tuple[str, ...], rate: str) -> bool:
    for word in words:
        if word.startswith("amount:"):
            if claim.kind == "amount" and claim_measure(claim) == word.split(":")[1]:
                return True
        elif claim.kind == "count" and word in key(claim.label) and not any(
                w in claim.label for w in _NOT_NUMERATOR.get(rate, ())):
            return True
    return False


def _nearest(before: Sequence[Claim], words: tuple[str, ...], rate: str) -> Claim | None:
    return next((c for c in reversed(before) if _fits(c, words, rate)), None)


def _quantity(claim: Claim, value: float, label: str, note: str) -> Quantity:
    return Quantity("rate", label, "", value, 2, claim.file, claim.where, claim.sheet, claim_measure(claim), None, note,
                    "text")


def derived_counterparts(claims: Sequence[Claim], profile: str | RuleProfile = "national"
                         ) -> dict[int, Quantity]:
    """For each rate claim (by index) that can be recomputed from the figures before it in its
    paragraph, the recomputed rate as a :class:`Quantity` (``cell`` "", ``sheet`` the paragraph)."""
    weight = as_profile(profile).resolution_weight
    out: dict[int, Quantity] = {}
    rates: dict[tuple[str, str], float] = {}
    for i, claim in enumerate(claims):
        if claim.kind != "rate":
            continue
        same = [c for c in claims[:i] if c.where == claim.where and c.file == claim.file]
        measure = claim_measure(claim)
        rates[(claim.where, measure)] = float(claim.value)
        if measure == "综合解决率":
            a, b = rates.get((claim.where, "解决率")), rates.get((claim.where, "及时解决率"))
            if a is not None and b is not None:
                out[i] = _quantity(claim, weight * a + (1 - weight) * b, "综合解决率",
                                   f"{weight:.0%}×解决率 + {1 - weight:.0%}×及时解决率")
            continue
        if measure not in FORMULAS:
            continue
        numerator_words, denominator_words = FORMULAS[measure]
        numerator = _nearest(same, numerator_words, measure)
        denominator = _nearest(same, denominator_words, measure)
        if numerator is None or denominator is None or numerator is denominator or not float(denominator.value):
            continue
        value = float(numerator.value) / float(denominator.value)
        out[i] = _quantity(claim, value, f"{numerator.label}{numerator.text} ÷ {denominator.label}{denominator.text}",
                           "正文所述数字")
    return out


def add_derived(matches: list[Match], profile: str | RuleProfile = "national") -> list[Match]:
    """The matches with each recomputable rate's own recomputation added as a counterpart."""
    units = int(as_profile(profile).rounding_units)
    for i, q in derived_counterparts([m.claim for m in matches], profile).items():
        matches[i].counterparts.append((q, claim_agrees(matches[i].claim, q.value, units, q.decimals)))
    return matches


__all__ = ["FORMULAS", "add_derived", "derived_counterparts"]
