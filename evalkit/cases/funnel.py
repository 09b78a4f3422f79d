"""The case funnel 上报 → 立案 → 派遣 → 处置 → 结案, the national-standard rates, and the check of
published counts tables.

Standard rates [std] (DOMAIN.md §3), as computed here from a case export:

- 立案率 = 立案数 / 上报数 (上报数 = rows of the export: every row is a reported case);
- 处置率 = 处置数 / 应处置数, 按期处置率 = 按期处置数 / 应处置数;
- 结案率 = 结案数 / 应结案数, 按期结案率 = 按期结案数 / 应结案数, 返工率 = 返工数 / 应结案数.

应处置数 = 应结案数 = registered cases whose effective deadline falls in the period (not 立案数);
the numerators count those due cases only. 按期处置 = handled at or before the effective deadline;
按期结案 = closed and handled on time; 返工 = a 返工次数 above zero (only when the export records it).

A published counts table (indicator, count, reported rate) is checked row by row: each reported
rate against its formula at the reported precision, and when it does not reproduce (or the
formula's denominator is not in the table), which other count of the table would reproduce it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

from ..errors import InputError, ValueParseError
from ..findings import Finding, Findings, Severity
from ..io.cells import agrees, clean, column_letter, decimals, parse_percent, squash
from ..io.sidetable import read_side_table
from ..rules.metrics import ratio
from ..rules.profile import RuleProfile, as_profile
from .reader import CaseTable, read_cases

#: Stage key → (Chinese name, time column). 上报 counts rows.
STAGES: dict[str, tuple[str, str | None]] = {
    "reported": ("上报", None), "accepted": ("受理", "accepted_at"), "registered": ("立案", "registered_at"),
    "dispatched": ("派遣", "dispatched_at"), "handled": ("处置", "handled_at"), "closed": ("结案", "closed_at"),
}
#: Counts-table indicator key → (Chinese name, wordings).
INDICATORS: dict[str, tuple[str, tuple[str, ...]]] = {
    "reported": ("上报", ("上报", "采集", "发现")), "accepted": ("受理", ("受理",)),
    "registered": ("立案", ("立案",)), "dispatched": ("派遣", ("派遣", "派发")),
    "due_handle": ("应处置", ("应处置",)), "handled": ("处置", ("处置",)),
    "handled_on_time": ("按期处置", ("按期处置", "按时处置", "及时处置")),
    "due_close": ("应结案", ("应结案",)), "closed": ("结案", ("结案",)),
    "closed_on_time": ("按期结案", ("按期结案", "按时结案", "及时结案")), "rework": ("返工", ("返工",)),
    "total": ("案件总数", ("案件总数", "案件", "接收", "总数")), "completed": ("完成", ("完成", "问题解决", "解决")),
    "on_time": ("及时完成", ("及时完成", "及时解决", "问题及时解决")),
    "composite": ("综合解决", ("综合解决", "问题综合解决")),
}
#: Rate key → (numerator key, denominator keys in order of preference); the first is the standard one.
FORMULAS: dict[str, tuple[str, tuple[str, ...]]] = {
    "registered": ("registered", ("reported", "accepted")), "dispatched": ("dispatched", ("registered",)),
    "handled": ("handled", ("due_handle",)), "handled_on_time": ("handled_on_time", ("due_handle",)),
    "closed": ("closed", ("due_close",)), "closed_on_time": ("closed_on_time", ("due_close",)),
    "rework": ("rework", ("due_close",)), "completed": ("completed", ("total",)), "on_time": ("on_time", ("total",)),
}
_ORDER = [("registered", "reported"), ("dispatched", "registered"), ("handled", "dispatched"),
          ("handled", "registered"), ("closed", "registered"), ("closed", "handled")]


@dataclass
class Funnel:
    """Stage counts and standard rates of one case export."""

    file: str
    stages: pd.DataFrame
    rates: pd.DataFrame
    findings: Findings = field(default_factory=Findings)

    def to_dict(self) -> dict[str, Any]:
        clean = lambda v: None if isinstance(v, float) and math.isnan(v) else v  # noqa: E731
        return {"stages": [{k: clean(v) for k, v in r.items()} for r in self.stages.to_dict("records")],
                "rates": [{k: clean(v) for k, v in r.items()} for r in self.rates.to_dict("records")]}


def case_funnel(source: str | Path | CaseTable, *, start: str | None = None, end: str | None = None) -> Funnel:
    """The funnel and the standard rates of a case export.

    ``start``/``end`` bound the period of the due cases (half-open, e.g. ``"2019-01-01"``,
    ``"2020-01-01"``); by default every case with a deadline is due.

    >>> from evalkit.cases.reader import table_from_frame
    >>> t = table_from_frame(pd.DataFrame({"立案时间": ["2019-01-02 08:00", None], "处置截止时间": ["2019-01-03 08:00", None],
    ...                     "处置完成时间": ["2019-01-03 08:00", None], "结案时间": ["2019-01-03 09:00", None]}))
    >>> f = case_funnel(t); f.stages["count"].tolist(), float(f.rates.set_index("indicator")["recomputed_rate"]["按期结案率"])
    ([2, 1, 1, 1], 1.0)
    """
    table = source if isinstance(source, CaseTable) else read_cases(source)
    f = table.frame
    counts = {"reported": len(f)}
    for key, (_, col) in STAGES.items():
        if col and col in f:
            counts[key] = int(f[col].notna().sum())
    stages = pd.DataFrame({"stage": [STAGES[k][0] for k in counts], "count": list(counts.values())})
    stages["of_previous"] = ratio(stages["count"], stages["count"].shift(1))
    stages["of_reported"] = ratio(stages["count"], pd.Series(len(f), index=stages.index))

    rows = []
    if "registered" in counts:
        rows.append(("立案率", counts["registered"], counts["reported"], "立案数", "上报数"))
    if "deadline" in f:
        eff = f["extended_deadline"].fillna(f["deadline"]) if "extended_deadline" in f else f["deadline"]
        due = eff.notna() & (f["registered_at"].notna() if "registered_at" in f else True)
        if start is not None:
            due &= eff >= pd.Timestamp(start)
        if end is not None:
            due &= eff < pd.Timestamp(end)
        n_due = int(due.sum())
        handled = f["handled_at"].notna() if "handled_at" in f else None
        on_time = handled & (f["handled_at"] <= eff) if handled is not None else None
        if handled is not None:
            rows += [("处置率", int((due & handled).sum()), n_due, "处置数", "应处置数"),
                     ("按期处置率", int((due & on_time).sum()), n_due, "按期处置数", "应处置数")]
        if "closed_at" in f:
            closed = f["closed_at"].notna()
            rows.append(("结案率", int((due & closed).sum()), n_due, "结案数", "应结案数"))
            if on_time is not None:
                rows.append(("按期结案率", int((due & closed & on_time).sum()), n_due, "按期结案数", "应结案数"))
        if "rework" in f:
            rows.append(("返工率", int((due & (f["rework"] > 0)).sum()), n_due, "返工数", "应结案数"))
    rates = pd.DataFrame(rows, columns=["indicator", "numerator", "denominator", "numerator_name",
                                        "denominator_name"])
    rates["recomputed_rate"] = np.asarray(ratio(rates["numerator"], rates["denominator"]), dtype="float64")
    findings = Findings(_order_findings(counts, table.file, ""))
    return Funnel(table.file, stages, rates, findings)


def _order_findings(counts: Mapping[str, float], file: str, sheet: str,
                    cells: dict[str, str] | None = None) -> list[Finding]:
    """A later stage larger than an earlier one: a warning (closures may be of earlier years' cases)."""
    out = []
    for later, earlier in _ORDER:
        if later in counts and earlier in counts and counts[later] > counts[earlier]:
            a, b = INDICATORS[later][0], INDICATORS[earlier][0]
            out.append(Finding("funnel-order", Severity.WARNING, file, sheet, (cells or {}).get(later, ""),
                               f"{a}数", counts[later], counts[earlier],
                               f"{a}数 {counts[later]:.10g} 大于{b}数 {counts[earlier]:.10g}，环节数量应逐级不增，请核实口径。"))
    return out


def indicator_key(text: object) -> str | None:
    """The counts-table indicator a label means ("按时结案率" → ``closed_on_time``), or ``None``.

    >>> indicator_key("按时结案率"), indicator_key("立案数"), indicator_key("案卷上报"), indicator_key("人员")
    ('closed_on_time', 'registered', 'reported', None)
    """
    full = re.sub(r"^(数字城管系统|系统|案卷|全年|问题案件)", "", squash(text))
    for label in (full, re.sub(r"(数|率|量|条|件)$", "", full)):
        for key, (_, words) in INDICATORS.items():
            if label in words:
                return key
    return None


@dataclass
class CountsCheck:
    """Each reported rate of a counts table, recomputed by its formula and by every other count."""

    file: str
    table: pd.DataFrame
    findings: Findings


def check_counts(source: str | Path | pd.DataFrame, profile: str | RuleProfile = "national") -> CountsCheck:
    """Check a counts table with columns indicator, count, reported_rate (or 指标, 数量, 比率).

    For each row with a reported rate: the formula's numerator (the row's own count, or the
    count it refers to) over the formula's denominator; agreement at the reported precision;
    and the other counts of the table whose use as denominator would reproduce the rate,
    with the range a reproducing denominator must lie in.

    Examples
    --------
    >>> t = check_counts(pd.DataFrame({"indicator": ["上报", "立案", "结案"], "count": ["559342", "526260", "525059"],
    ...                                "reported_rate": ["", "94%", "99.11%"]}))
    >>> t.table[["indicator", "status"]].values.tolist()
    [['上报', ''], ['立案', 'ok'], ['结案', 'no-denominator']]
    """
    raw, file = read_side_table(source, "数量表")
    names = {squash(c).lower(): c for c in raw.columns}
    pick = lambda *keys: next((names[k] for k in keys if k in names), None)  # noqa: E731
    cols = (pick("indicator", "指标", "指标名称", "项目"), pick("count", "数量", "数值", "件数"),
            pick("reported_rate", "rate", "比率", "报告比率", "报告值", "率"))
    if None in cols:
        raise InputError(f"数量表需要 indicator、count、reported_rate 三列（找到：{'、'.join(map(str, raw.columns))}）",
                         file=file)
    letters = {c: column_letter(list(raw.columns).index(c)) for c in cols}
    frame = pd.DataFrame({"indicator": raw[cols[0]].map(squash), "count_text": raw[cols[1]].map(clean),  # "9 5" stays unreadable
                          "rate_text": raw[cols[2]].map(squash)})
    frame["key"] = [indicator_key(x) or "" for x in frame["indicator"]]
    frame["row"] = np.arange(2, len(frame) + 2)
    number = frame["count_text"].str.replace(",", "").str.replace(r"(?<=\d)(件|个|次|宗|起|单)$", "", regex=True)
    frame["count"] = pd.to_numeric(number, errors="coerce")
    bad = frame[((frame["count"].isna() & (number != "")) | (frame["count"] < 0))]
    if not bad.empty:
        first = bad.iloc[0]
        raise InputError(f"数量表单元格 {letters[cols[1]]}{int(first['row'])}（{first['indicator']}）的数量 "
                         f"“{first['count_text']}” 不是非负数（共 {len(bad)} 处）", file=file)
    counts = {k: float(c) for k, c in zip(frame["key"], frame["count"]) if k and not math.isnan(c)}
    cells = {k: f"{letters[cols[1]]}{r}" for k, r in zip(frame["key"], frame["row"]) if k}
    rates: dict[str, float] = {}
    findings = Findings(_order_findings(counts, file, "", cells))
    results = []
    for rec in frame.to_dict("records"):
        results.append(_check_row(rec, counts, rates, file, f"{letters[cols[2]]}{rec['row']}", findings,
                                  as_profile(profile).resolution_weight))
    out = frame[["indicator", "count"]].assign(reported_rate=frame["rate_text"])
    out = pd.concat([out, pd.DataFrame(results, index=frame.index)], axis=1)
    return CountsCheck(file, out, findings)


def _check_row(rec: dict, counts: dict[str, float], rates: dict[str, float], file: str, cell: str,
               findings: Findings, resolution_weight: float) -> dict[str, Any]:
    """Check one row's reported rate; record it in ``rates`` for the composite rate."""
    blank = {"formula": "", "recomputed_rate": math.nan, "status": "", "reproduced_by": "", "implied_denominator": ""}
    key, text, name = rec["key"] or None, rec["rate_text"], rec["indicator"]
    if not text:
        return blank
    name = name if name.endswith("率") else f"{name}率"
    try:
        parsed = parse_percent(text)
    except ValueParseError as exc:
        findings.extend([Finding("counts-rate", Severity.ERROR, file, "", cell, name, text, "", f"{exc}")])
        return {**blank, "status": "unreadable"}
    if parsed is None:  # "—": no rate printed
        return blank
    reported = parsed
    digits = decimals(text) + (2 if "%" in text else 0)
    rates[key or name] = reported
    if key == "composite":
        if "completed" not in rates or "on_time" not in rates:
            return {**blank, "status": "unchecked"}
        w = resolution_weight
        expected = w * rates["completed"] + (1 - w) * rates["on_time"]
        formula = f"{w:.0%}×解决率+{1 - w:.0%}×及时解决率"
        ok = agrees(reported, expected, digits)
        if not ok:
            findings.extend([Finding("counts-rate", Severity.ERROR, file, "", cell, name, reported, expected,
                                     f"{name} 报 {text}，按 {formula} 复算为 {expected:.2%}。")])
        return {**blank, "formula": formula, "recomputed_rate": expected,
                "status": "ok" if ok else "mismatch"}
    if key is None:
        findings.extend([Finding("counts-uncheckable", Severity.INFO, file, "", cell, name, reported, None,
                                 f"指标“{rec['indicator']}”无法识别，未复算它的比率 {text}。")])
        return {**blank, "status": "unknown"}
    num_key, den_keys = FORMULAS.get(key, (key, ()))
    numerator = rec["count"] if not math.isnan(rec["count"]) else counts.get(num_key, math.nan)
    if math.isnan(numerator):
        findings.extend([Finding("counts-uncheckable", Severity.INFO, file, "", cell, name, reported, None,
                                 f"{name} 报 {text}，表中没有其分子的数量，无法复算。")])
        return {**blank, "status": "unchecked"}
    den_key = next((k for k in den_keys if k in counts), None)
    formula = f"{INDICATORS[num_key][0]}数/{INDICATORS[den_keys[0]][0]}数" if den_keys else ""
    expected = numerator / counts[den_key] if den_key else math.nan
    if den_key and agrees(reported, expected, digits):
        return {**blank, "formula": formula, "recomputed_rate": expected, "status": "ok"}
    half = 0.5 * 10 ** -digits
    lo, hi = numerator / (reported + half), numerator / max(reported - half, 1e-12)
    others = [INDICATORS[k][0] + "数" for k, c in counts.items()
              if k != num_key and c and agrees(reported, numerator / c, digits)]
    implied = f"{math.ceil(lo):d}–{math.floor(hi):d}"
    found = f"以 {'、'.join(others)} 作分母可复现" if others else f"表中没有能复现它的分母（分母应在 {implied} 之间）"
    if den_key:
        status, sev = "mismatch", Severity.ERROR
        msg = f"{name} 报 {text}，按 {formula} 复算为 {expected:.2%}，不一致；{found}。"
    else:
        status, sev = "no-denominator", (Severity.WARNING if others else Severity.ERROR)
        msg = f"{name} 报 {text}，标准公式 {formula} 的分母不在表中；{found}。"
    findings.extend([Finding("counts-rate", sev, file, "", cell, name, reported,
                             None if math.isnan(expected) else expected, msg)])
    return {"formula": formula, "recomputed_rate": expected, "status": status, "reproduced_by": "、".join(others),
            "implied_denominator": implied}
