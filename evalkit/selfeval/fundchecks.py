"""Layer 3, self-evaluation tables: the rules on the funds block — totals against their sources,
printed 执行率 against the amounts, execution points against the rate."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Iterator

from ..findings import Finding, Severity
from ..io.cells import agrees, decimals, parse_target, rows_of
from ..rules.formulas import execution_score as execution_score_of
from ..rules.numbers import money, percent, points
from .registry import _finding, _nan, _printed_disagrees, rule
from .rescore import Rescored

if TYPE_CHECKING:
    from .form import SelfEvaluation

USES = ("basic", "projects")  # funds lines by use; the others are by source


def _stake(rate_reported: float, rate_expected: float, budget: float) -> float | None:
    """The 万元 at stake in a wrong rate: how much spending the printed rate claims beyond (or
    short of) what was spent — the rate's error times the budget it is taken of."""
    if _nan(rate_reported) or _nan(rate_expected) or _nan(budget):
        return None
    return round(abs(rate_reported - rate_expected) * budget, 6)


def funds_lines(table: SelfEvaluation) -> tuple[dict | None, list[dict], list[dict]]:
    """The funds block's 年度资金总额 line (None when not printed), its lines by source
    (当年财政拨款, 上年结转, 其他资金 …) and its lines by use (基本支出, 项目支出; [] unless both)."""
    lines = {row["item"]: row for row in rows_of(table.funds)}
    sources = [row for item, row in lines.items() if item != "total" and item not in USES]
    uses = [lines[u] for u in USES if u in lines]
    return lines.get("total"), sources, uses if len(uses) == len(USES) else []


def parts_sum(parts: list[dict], col: str) -> float | None:
    """The sum of one column over funds lines (None when none of them prints it)."""
    values = [row[col] for row in parts if not _nan(row.get(col, math.nan))]
    return round(float(sum(values)), 6) if values else None


@rule("funds-total")
def funds_total(table: SelfEvaluation, r: Rescored) -> Iterator[Finding]:
    """年度资金总额 must equal its sources (当年财政拨款 + 上年结转 + 其他资金 …), and, where the table
    also splits it by use, 基本支出 + 项目支出 — column by column."""
    total_line, sources, uses = funds_lines(table)
    if total_line is None:
        return
    for parts, what in ((sources, "各资金来源之和"), (uses, "基本支出与项目支出之和")):
        for col, name in (("budget_initial", "年初预算数"), ("budget", "全年预算数"), ("executed", "全年执行数")):
            expected = parts_sum(parts, col)
            total = total_line.get(col, math.nan)
            if expected is None or _nan(total):
                continue
            if not agrees(total, expected, 2):
                yield _finding(table, "funds-total", Severity.ERROR, total_line[f"{col}_cell"], table.subject,
                               total, expected, f"年度资金总额的{name} {money(total)} 万元不等于{what} "
                               f"{money(expected)} 万元。", "amount", 2)


@rule("funds-breakdown")
def funds_breakdown(table: SelfEvaluation, r: Rescored) -> Iterator[Finding]:
    """按收入性质分 / 按支出性质分 totals must equal 全年预算数, and their parts must add up."""
    pairs = table.funds_breakdown
    if pairs.empty:
        return
    budget = r.execution.budget
    for _, head in pairs[pairs["label"].str.startswith("按")].iterrows():
        label, amount = head["label"], head["amount"]
        if not _nan(amount) and not _nan(budget) and not agrees(amount, budget, 2):
            yield _finding(table, "funds-breakdown", Severity.ERROR, head["cell"], table.subject, amount, budget,
                           f"“{label}”合计 {money(amount)} 万元与全年预算数 {money(budget)} 万元不一致。", "amount", 2)
        parts = pairs[(pairs["col"] == head["col"]) & (pairs["row"] > head["row"])]["amount"].dropna()
        if not parts.empty and not _nan(amount) and not agrees(amount, float(parts.sum()), 2):
            yield _finding(table, "funds-breakdown", Severity.ERROR, head["cell"], table.subject, amount,
                           round(float(parts.sum()), 6),
                           f"“{label}”合计 {money(amount)} 万元不等于其下各项之和 {money(float(parts.sum()))} 万元。",
                           "amount", 2)


@rule("execution-rate")
def execution_rate(table: SelfEvaluation, r: Rescored) -> Iterator[Finding]:
    """The printed 执行率 must equal 全年执行数 / 全年预算数 at its printed precision — on the total
    line and on every other funds line that prints one (财政资金, 基本支出, 项目支出 …)."""
    e = r.execution
    if _printed_disagrees(e.rate_reported, e.rate_expected, e.rate_ndigits, scale=100):
        nd = e.rate_ndigits
        yield _finding(table, "execution-rate", Severity.ERROR, e.rate_cell, table.subject, e.rate_reported,
                       e.rate_expected, f"执行率报 {percent(e.rate_reported, nd)}，按 {money(e.executed)}/"
                       f"{money(e.budget)} 万元应为 {percent(e.rate_expected, nd)}。", "rate", nd,
                       _stake(e.rate_reported, e.rate_expected, e.budget))
    for row in r.rows:
        if row.method_id != "execution":
            continue
        actual = parse_target(row.actual)
        nd = decimals(actual.text)
        if actual.unit == "%" and actual.number is not None and _printed_disagrees(
                actual.number, e.rate_expected, nd, scale=100):
            yield _finding(table, "execution-rate", Severity.ERROR, row.actual_cell, row.name, actual.number,
                           e.rate_expected, f"指标“{row.name}”完成值 {row.actual}，按资金表 {money(e.executed)}/"
                           f"{money(e.budget)} 万元执行率应为 {percent(e.rate_expected, nd)}。", "rate", nd,
                           _stake(actual.number, e.rate_expected, e.budget))
    for line, budget, expected in r.lines:
        nd = int(line["rate_reported_ndigits"])
        if _printed_disagrees(line["rate_reported"], expected, nd, scale=100):
            yield _finding(table, "execution-rate", Severity.ERROR, line["rate_reported_cell"], line["label"],
                           line["rate_reported"], expected, f"“{line['label']}”执行率报 "
                           f"{percent(line['rate_reported'], nd)}，按 {money(line['executed'])}/{money(budget)} 万元"
                           f"应为 {percent(expected, nd)}。", "rate", nd, _stake(line["rate_reported"], expected, budget))


@rule("execution-score")
def execution_score(table: SelfEvaluation, r: Rescored) -> Iterator[Finding]:
    """The execution score must equal min(执行率, 100%) × 分值."""
    e = r.execution
    if _printed_disagrees(e.score_reported, e.score_expected, e.score_ndigits):
        yield _finding(table, "execution-score", Severity.ERROR, e.score_cell, table.subject, e.score_reported,
                       e.score_expected, f"预算执行得分报 {points(e.score_reported)} 分，按执行率 "
                       f"{percent(e.rate_expected, e.rate_ndigits)} × 分值 {e.weight:.10g} 应为 "
                       f"{points(e.score_expected)} 分。", "score", e.score_ndigits)
    for line, _, rate in r.lines:  # 基本支出 / 项目支出 with their own 分值
        expected = execution_score_of(rate, line["weight"])
        nd = int(line["score_reported_ndigits"])
        if _printed_disagrees(line["score_reported"], expected, nd):
            yield _finding(table, "execution-score", Severity.ERROR, line["score_reported_cell"], line["label"],
                           line["score_reported"], expected, f"“{line['label']}”执行得分报 "
                           f"{points(line['score_reported'])} 分，按执行率 × 分值 {line['weight']:.10g} 应为 "
                           f"{points(expected)} 分。", "score", nd)
    for row in r.rows:  # the execution rate listed as an indicator: scored by the same rule
        if row.method_id == "execution" and _printed_disagrees(row.score, row.score_expected, int(row.score_ndigits)):
            yield _finding(table, "execution-score", Severity.ERROR, row.score_cell, row.name, row.score,
                           row.score_expected, f"指标“{row.name}”得分报 {points(row.score)} 分，按执行率 "
                           f"{percent(e.rate_expected, e.rate_ndigits)} × 分值 {row.weight:.10g} 应为 "
                           f"{points(row.score_expected)} 分。", "score", int(row.score_ndigits))
