"""Layer 3, cases: the figures of a case export as a report's text can be compared with them.

A self-evaluation report states its cases in words: "共接收…问题案件14664件，派发给相关责任部门
12299件，完成8907件…全年问题案件解决率60.74%，及时解决率40.01%，综合解决率51.41%" (seed 001).
:func:`case_quantities` gives the same figures recomputed case by case from the export — the
counts (by the words a text uses for them: 接收/案件 for the total, 完成/解决, 及时完成, 超时完成,
未完成, and the stages 立案, 派遣/派发, 处置, 结案), the three rates of the whole and of each
unit, and the funnel's 立案率/处置率/结案率/按时结案率 — as :class:`~evalkit.prose.match.Quantity`
records with ``source`` "export": the whole period's figures speak for the report as a whole.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Iterable

from ..prose.match import EXPORT, Quantity

if TYPE_CHECKING:
    from .assess import CaseStats
    from .funnel import Funnel

WHOLE = "全部案件"  # the sheet named in a whole-export figure's place: 案件导出.csv“全部案件”
NOTE = "导出表逐件统计"

#: Statistic → (label, the words a text names that count by).
COUNTS = {"total": ("案件总数", ("案件", "接收", "受理", "案件总数")),
          "completed": ("完成数", ("完成", "解决", "办结")),
          "on_time": ("及时完成数", ("及时完成", "按时完成", "按期完成", "及时解决", "按时解决", "及时办结")),
          "late": ("超时完成数", ("超时完成", "超期完成", "逾期完成")),
          "not_completed": ("未完成数", ("未完成", "未解决", "未办结"))}
#: Funnel stage → the words a text names it by.
STAGES = {"立案": ("立案",), "派遣": ("派遣", "派发"), "处置": ("处置",), "结案": ("结案",)}
#: Statistic → the rate word a text uses (:data:`evalkit.prose.names.RATE_WORDS`).
RATES = {"resolution_rate": "解决率", "on_time_rate": "及时解决率", "composite_rate": "综合解决率"}
#: Funnel indicator → the rate word.
FUNNEL_RATES = {"立案率": "立案率", "处置率": "处置率", "结案率": "结案率", "按期结案率": "按时结案率"}


def _count(label: str, words: Iterable[str], value: float, file: str) -> Iterable[Quantity]:
    for word in words:
        yield Quantity("count", label, word, float(value), 0, file, WHOLE, "", note=NOTE, source=EXPORT)


def _rate(label: str, measure: str, value: float, file: str, subject: str = "") -> Quantity | None:
    if value is None or math.isnan(float(value)):
        return None
    return Quantity("rate", label, subject, float(value), 2, file, subject or WHOLE, "", measure, note=NOTE,
                    source=EXPORT)


def case_quantities(stats: CaseStats, funnel: Funnel | None = None) -> list[Quantity]:
    """The export's counts and rates, of the whole and of each unit, for a text's claims.

    >>> from evalkit.project import DATA
    >>> from evalkit.cases.assess import assess_cases
    >>> q = case_quantities(assess_cases(DATA / "generated/zhongfang-2020/案件导出.csv"))
    >>> [(x.subject, x.value) for x in q if x.kind == "count" and x.subject in ("接收", "完成")]
    [('接收', 14664.0), ('完成', 8907.0)]
    """
    file, total = stats.file, stats.total
    out: list[Quantity | None] = []
    for stat, (label, words) in COUNTS.items():
        if total.get(stat) is not None:
            out.extend(_count(label, words, total[stat], file))
    if funnel is not None:
        counts = dict(zip(funnel.stages["stage"], funnel.stages["count"]))
        for stage, words in STAGES.items():
            if stage in counts:
                out.extend(_count(f"{stage}数", words, counts[stage], file))
        for indicator, rate in zip(funnel.rates["indicator"], funnel.rates["recomputed_rate"]):
            if indicator in FUNNEL_RATES:
                out.append(_rate(indicator, FUNNEL_RATES[indicator], rate, file))
    for stat, word in RATES.items():
        out.append(_rate(word, word, total.get(stat, math.nan), file))
    for row in stats.unit_years.to_dict("records"):
        for stat, word in RATES.items():
            out.append(_rate(f"{row['duty_unit']} {word}", word, row[stat], file, str(row["duty_unit"])))
    return [q for q in out if q is not None]


__all__ = ["case_quantities"]
