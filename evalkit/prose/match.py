"""Layer 3, prose: each figure of a report's text matched with the same quantity in its tables.

The tables give :class:`Quantity` records (department, self-evaluation and case code produce
them: :mod:`evalkit.department.quantities`). A claim is matched by kind, by measure (预算 /
执行 / 执行率 …: :mod:`evalkit.prose.names`) and by name: the table's project or line named in
the claim's own words first, then the sentence's subject, then the rest of the sentence, then
the paragraph before; the whole (合计, 总分, 平均分) when the claim speaks of a total. Every
table holding a counterpart gives one (the one agreeing in value when the names tie).

Which figure a claim is compared with: a table figure that can be recomputed (a 合计 row from
its parts, an execution rate from its amounts, a total score re-scored) is compared as
recomputed — the correct figure — and its printed value is quoted beside it. So seed 002's
"部门预算总额为282.19万元" is compared with 302.19, the sum of its projects, and the finding says
the table prints 282.19 in a 合计 row that is itself wrong; "全年实际执行额为224.05万元" agrees with
the sum 224.05 although the 合计 row prints 213.05 (that row has its own finding; the claim's
row in :func:`claims_frame` says so). A claim agrees when it equals the counterpart rounded to
the claim's own printed precision, or misses it by a rounding step (``tolerance.units``).
A claim with no counterpart is listed as 未能对照, never flagged.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import pandas as pd

from ..findings import Finding, Findings, Severity
from ..io.cells import agrees
from ..rules.formulas import normalise_grade
from ..rules.numbers import figure
from ..rules.profile import RuleProfile, as_profile
from ..rules.tolerance import rounding_steps, settle_all
from .claims import KIND_NAMES, Claim, is_total
from .names import amount_measure, key, last_occurrence, rate_measure, score_measure

AGREES, DIFFERS, UNMATCHED = "一致", "不一致", "未能对照"
TEXT_SHEET = "正文"  # a prose finding's sheet; its cell is the paragraph ("第12段", "第3页")
_QUANTITY = {"amount": "amount", "rate": "rate", "score": "score"}
EXPORT = "export"  # a Quantity's source: recomputed from a case export (:mod:`evalkit.cases.quantities`)


@dataclass(frozen=True)
class Quantity:
    """One figure of a table, as a claim can be compared with it.

    ``subject`` is the project or line ("" for the whole: a 合计 row, a report's total score);
    ``measure`` what it is (``budget``/``executed``… for amounts, the rate word for rates,
    ``total``/``average`` for scores, ``grade``, a count's name key); ``value`` the figure to
    compare (recomputed where the table allows: ``note`` says how) and ``printed`` the value
    the cell prints when that differs or was recomputed; ``file``/``sheet``/``cell`` where;
    ``source`` "text" for a rate recomputed from the text's own figures (``sheet`` its paragraph),
    "export" for a figure recomputed case by case from a case export (one without ``subject`` is
    the whole period's: a claim naming nothing in particular is compared with it).
    """

    kind: str
    label: str
    subject: str
    value: float | str
    decimals: int
    file: str
    sheet: str
    cell: str
    measure: str = ""
    printed: float | str | None = None
    note: str = ""
    source: str = "table"  # "text": a rate recomputed from figures of the text itself; "export": from a case export

    def shown(self, value: float | str | None = None) -> str:
        v = self.value if value is None else value
        if self.kind in ("grade",) or isinstance(v, str):
            return str(v)
        if self.kind == "amount":
            return f"{figure(v, 'amount')}万元"
        if self.kind == "rate":
            return figure(v, "rate", self.decimals if value is not None else max(self.decimals, 2))
        if self.kind == "score":
            return f"{float(v):g}分"
        return f"{float(v):g}"

    @property
    def from_text(self) -> bool:
        """Whether this is a rate recomputed from figures of the text itself (:mod:`evalkit.prose.derived`)."""
        return self.source == "text"

    @property
    def place(self) -> str:
        if self.from_text:  # ``sheet`` the paragraph — or the cell, ``cell`` then naming its sheet
            return f"“{self.cell}”{self.sheet}" if self.cell else f"正文{self.sheet}"
        return f"{Path(self.file).name}“{self.sheet}”{self.cell}"


@dataclass
class Match:
    """A claim, the table figures it was compared with (and whether each agrees), its status."""

    claim: Claim
    counterparts: list[tuple[Quantity, bool]] = field(default_factory=list)

    @property
    def status(self) -> str:
        if not self.counterparts:
            return UNMATCHED
        return AGREES if all(ok for _, ok in self.counterparts) else DIFFERS


def claim_measure(claim: Claim) -> str:
    """What a claim measures (see :class:`Quantity` ``measure``)."""
    if claim.kind == "amount":
        return amount_measure(claim.label) or amount_measure(claim.context) or amount_measure(claim.lead) or "executed"
    if claim.kind == "rate":
        return rate_measure(claim.label) or rate_measure(claim.context) or rate_measure(claim.lead) or key(claim.label)
    if claim.kind == "score":
        return score_measure(claim.label)
    if claim.kind == "grade":
        return "grade"
    return ""  # a count is matched by its name alone


_FILLER = re.compile(r"20\d\d年度?|\d\d年|预算|执行|支出|使用|投入|实际|年初|年末|全年|年中|资金|金额|额|数|安排|总|共|经费|"
                     r"项目|情况|的|其中|单位")


#: Words putting a figure in part of a period (a month, a quarter, a half-year, a day): an export's
#: figures are the whole period's, so such a figure is listed, not compared with them.
_PART_OF_PERIOD = re.compile(r"\d{1,2}\s*月|[一二三四五六七八九十]+月|月份|当月|本月|每月|月度|季度|上半年|下半年|\d{1,2}\s*日|当日|每日|同比|环比")


_UP_TO = re.compile(r"(截[至止]|到)\s*(\d{4}\s*年)?\s*\d{1,2}\s*月\s*(\d{1,2}\s*日)?(底|末)?")  # to a date: cumulative


def is_bare(label: str) -> bool:
    """Whether a claim's words name no particular thing ("预算", "实际支出", "项目支出"): then
    the sentence and the paragraph before say what it is about.

    >>> is_bare("年末预算执行金额"), is_bare("项目支出"), is_bare("城市管理综合执法经费专项")
    (True, True, False)
    """
    return len(_FILLER.sub("", key(label))) <= 1


def _strengths(claim: Claim, quantities: Sequence[Quantity]) -> list[float]:
    """How firmly each candidate is named by the claim (0: not at all): by its own words (4),
    the sentence's subject (3.5), the whole (3), the sentence before the figure (2), the
    paragraph before (1.5); the last two only for a claim whose words name nothing in particular,
    and then the whole too, weakly (0.5: taken only when it agrees). A report's own score and
    grade, and a case export's whole-period figure, stand for a claim naming nothing else (1)."""
    names = sorted({key(q.subject) for q in quantities if q.subject and len(key(q.subject)) >= 2}, key=len)
    label = key(claim.label)
    in_label = max((n for n in names if n in label), key=len, default="")
    subject = key(claim.subject)
    in_subject = max((n for n in names if subject and (subject in n or n in subject and 2 * len(n) >= len(subject))),
                     key=len, default="")
    bare = is_bare(claim.label)
    in_context = last_occurrence(key(claim.context), names)[0] if bare else ""
    in_lead = last_occurrence(key(claim.lead), names)[0] if bare else ""
    named = bool(in_label or in_subject)
    whole = 3.0 if is_total(claim) and not named else 0.5 if bare and not named and not in_context else 0.0
    if claim.kind == "amount" and not (amount_measure(claim.label) or amount_measure(claim.context)
                                       or amount_measure(claim.lead)):
        whole = min(whole, 0.5)  # "资产总额": a total, but of nothing the tables spend or budget
    if claim.kind in ("score", "grade") and not named and not in_context:
        whole = max(whole, 1.0)  # a report's own score and grade
    export = max(whole, 1.0) if not named and not in_context else whole  # the export's whole period
    part_of_period = _PART_OF_PERIOD.search(_UP_TO.sub("", claim.context)) is not None  # "3月共接收…": not the year's
    out = []
    for q in quantities:
        k = key(q.subject) if q.subject else ""
        if part_of_period and q.source == EXPORT:
            out.append(0.0)
        elif not k:
            out.append(export if q.source == EXPORT else whole)
        elif k == in_label:
            out.append(4.0)
        elif k == in_subject:
            out.append(3.5)
        elif k == in_context:
            out.append(2.0)
        elif k == in_lead:
            out.append(1.5)
        else:
            out.append(0.0)
    return out


def claim_agrees(claim: Claim, value: float | str, units: int, decimals: int | None = None) -> bool:
    """Whether a claim states ``value``: equal at the claim's printed precision — or at the
    table's (``decimals``, of 万元 / of a percent) when the table prints fewer places (the text's
    "1329120.67元" and a cell's 132.912 万元 agree) — or a rounding step (``units``) away."""
    if claim.kind == "grade" or isinstance(value, str):
        return normalise_grade(claim.value) == normalise_grade(value)
    if isinstance(value, float) and math.isnan(value):
        return False
    in_yuan = claim.kind == "amount" and claim.unit == "元"
    scale = 100.0 if claim.kind == "rate" else 10000.0 if in_yuan else 1.0
    places = claim.decimals if decimals is None else min(claim.decimals, decimals - 4 if in_yuan else decimals)
    reported, expected = float(claim.value) * scale, float(value) * scale
    return agrees(reported, expected, places) or rounding_steps(reported, expected, places) <= units


def _pick(claim: Claim, named: list[tuple[Quantity, float]], units: int) -> list[tuple[Quantity, bool]]:
    """The counterparts of a claim among its named candidates: those named most firmly, one per
    table (the one agreeing in value when several are); when none of them agrees and the claim's
    words name nothing in particular, a less firmly named figure that agrees is taken instead."""
    best = max(s for _, s in named)
    top = [(q, claim_agrees(claim, q.value, units, q.decimals)) for q, s in named if s == best]
    if best < 1.0:  # the whole, for words that name nothing: only when it agrees
        top = [(q, ok) for q, ok in top if ok]
    if not any(ok for _, ok in top) and is_bare(claim.label):
        weaker = [(q, True) for q, s in named if s < best and claim_agrees(claim, q.value, units, q.decimals)]
        if weaker:
            top = weaker
    tables: dict[tuple[str, str], tuple[Quantity, bool]] = {}
    for q, ok in top:
        if (q.file, q.sheet) not in tables or ok and not tables[(q.file, q.sheet)][1]:
            tables[(q.file, q.sheet)] = (q, ok)
    return list(tables.values())


def match_claims(claims: Iterable[Claim], quantities: Sequence[Quantity],
                 profile: str | RuleProfile = "national") -> list[Match]:
    """Each claim with the table figures it names (none: 未能对照), compared at its precision."""
    units = int(as_profile(profile).rounding_units)
    by_kind: dict[tuple[str, str], list[Quantity]] = {}
    for q in quantities:
        by_kind.setdefault((q.kind, q.measure), []).append(q)
    out = []
    for claim in claims:
        candidates = by_kind.get((claim.kind, claim_measure(claim)), [])
        named = [(q, s) for q, s in zip(candidates, _strengths(claim, candidates)) if s > 0]
        out.append(Match(claim, _pick(claim, named, units) if named else []))
    return out


def _quote(sentence: str, limit: int = 90) -> str:
    return sentence if len(sentence) <= limit else sentence[:limit] + "…"


def _message(claim: Claim, q: Quantity) -> str:
    said = f"{'正文' if not claim.sheet else f'单元格 {claim.where} 的文字'}称“{claim.label or claim.subject}”为 {claim.text}"
    if q.from_text:
        own = "同一单元格" if claim.sheet else "正文同段"
        return f"{said}，但按{own}所述数字复算（{q.label}{'，' + q.note if q.label == '综合解决率' else ''}）为 {q.shown()}：“{_quote(claim.sentence)}”"
    if q.note:
        printed = ""
        if q.printed is not None and q.printed != q.value:
            repeats = "，正文照搬了这个有误的数" if claim_agrees(claim, q.printed, 0) else ""
            printed = f"（表中印的是 {q.shown(q.printed)}{repeats}）"
        table = f"而 {q.place}（{q.label}）按{q.note}复算为 {q.shown()}{printed}"
    else:
        table = f"而 {q.place}（{q.label}）为 {q.shown()}"
    return f"{said}，{table}：“{_quote(claim.sentence)}”"


def prose_findings(matches: Iterable[Match], profile: str | RuleProfile = "national") -> Findings:
    """A ``prose-figure`` error for each table figure a claim disagrees with, a ``prose-rate``
    error for a rate its own paragraph's figures do not give; placed at sheet "正文", cell the
    paragraph ("第20段") — or at the cell whose text states it — the sentence quoted in the message."""
    found = []
    for m in matches:
        c = m.claim
        for q, ok in m.counterparts:
            if ok:
                continue
            reported: object = c.value
            if q.from_text:
                found.append(Finding("prose-rate", Severity.ERROR, c.file, c.sheet or TEXT_SHEET, c.where, c.subject or c.label, c.value,
                                     q.value, _message(c, q), "rate", c.decimals))
                continue
            found.append(Finding("prose-figure", Severity.ERROR, c.file, c.sheet or TEXT_SHEET, c.where,
                                 c.subject or q.subject or c.label,
                                 reported, q.value, _message(c, q), _QUANTITY.get(c.kind, ""),
                                 c.decimals if c.kind != "amount" or c.unit != "元" else c.decimals + 4))
    return settle_all(found, as_profile(profile))


def claims_frame(matches: Iterable[Match]) -> pd.DataFrame:
    """One row per claim: where, the sentence, kind, quantity named, figure, the table figure
    and cell it was compared with, and the status (一致 / 不一致 / 未能对照)."""
    rows = []
    for m in matches:
        c = m.claim
        base = {"位置": f"{c.sheet}!{c.where}" if c.sheet else c.where, "类别": KIND_NAMES[c.kind], "对象": c.subject, "名称": c.label, "正文数字": c.text,
                "句子": _quote(c.sentence, 60)}
        if not m.counterparts:
            rows.append({**base, "表中数字": "", "单元格": "", "状态": UNMATCHED, "说明": ""})
        for q, ok in m.counterparts:
            note = f"按{q.note}复算" if q.note else ""
            if q.printed is not None and q.printed != q.value:
                note += f"；表中印的是 {q.shown(q.printed)}"
            rows.append({**base, "表中数字": q.shown(), "单元格": q.place, "状态": AGREES if ok else DIFFERS,
                         "说明": note.lstrip("；")})
    return pd.DataFrame(rows, columns=["位置", "类别", "对象", "名称", "正文数字", "句子", "表中数字", "单元格", "状态",
                                       "说明"])


__all__ = ["AGREES", "DIFFERS", "EXPORT", "TEXT_SHEET", "UNMATCHED", "Match", "claim_agrees", "is_bare", "Quantity", "claim_measure", "claims_frame", "match_claims",
           "prose_findings"]
