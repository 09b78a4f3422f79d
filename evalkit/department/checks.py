"""Layer 3, department tables: the spot-check rules, each a small named function with a stable id.

A rule is registered with :func:`rule` for the kinds of table it applies to and yields
findings; :func:`check_table` runs them all (lazily collected, none stops the others). Totals
must equal their parts and every printed rate must be reproducible from the printed amounts at
its printed precision (:func:`evalkit.io.cells.agrees`); grades must match the profile's bands.
Every finding then passes :func:`evalkit.rules.tolerance.settle` (rounding differences, amount
at stake, materiality).
"""

from __future__ import annotations

import math
from typing import Any, Callable, Iterator

from ..findings import Finding, Findings, Severity
from ..io.cells import agrees, rows_of
from ..rulebook import get_rule
from ..rules.formulas import grade, normalise_grade
from ..rules.metrics import change_rate, control_rate, ratio
from ..rules.numbers import money, percent, points
from ..rules.profile import RuleProfile, as_profile
from ..rules.tolerance import settle_all
from .base import DepartmentTable
from .lines import RATE_MEASURES, BaseDataTable, LineTable
from .tables import ProjectBudgetTable, ScoreList

# A check takes the kind of table it is registered for (a DepartmentTable subclass) and a profile.
Check = Callable[[Any, RuleProfile], Iterator[Finding]]
CHECKS: dict[str, tuple[tuple[str, ...], Check]] = {}
LINE_KINDS = ("base_data", "itemised_budget")


def rule(rule_id: str, *kinds: str) -> Callable[[Check], Check]:
    """Register a check under the id of a rulebook rule for the given kinds of table."""
    get_rule(rule_id)

    def register(fn: Check) -> Check:
        CHECKS[rule_id] = (kinds, fn)
        fn.rule_id = rule_id  # type: ignore[attr-defined]
        return fn

    return register


def _nan(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def _pct(x: float, ndigits: int) -> str:
    """A fraction as a percentage at a given precision.

    >>> _pct(0.9428013, 2), _pct(-0.1088664, 2)
    ('94.28%', '-10.89%')
    """
    return percent(x, ndigits)


def _find(table: DepartmentTable, rule_id: str, severity: Severity, cell: str, subject: str,
          reported: object, expected: object, message: str, quantity: str = "", decimals: int | None = None,
          amount: float | None = None) -> Finding:
    return Finding(rule_id, severity, table.file, table.sheet, cell, subject, reported, expected, message,
                   quantity=quantity, decimals=decimals, amount=amount)


# --- project budget table ---------------------------------------------------------------------

def _budget_rows(table: ProjectBudgetTable) -> list[dict[str, Any]]:
    rows = rows_of(table.frame)
    return rows + ([table.total] if table.total else [])


@rule("project-rate", "project_budget")
def project_rate(table: ProjectBudgetTable, profile: RuleProfile) -> Iterator[Finding]:
    """Each printed 执行率 (the 合计 row's too) must equal 全年执行 / 全年预算 at its precision."""
    for row in _budget_rows(table):
        rate, nd = row["rate_reported"], int(row["rate_reported_ndigits"])
        expected = float(ratio(row["executed"], row["budget"]))
        if _nan(rate) or _nan(expected) or agrees(rate * 100, expected * 100, nd):
            continue
        yield _find(table, "project-rate", Severity.ERROR, row["rate_reported_cell"], row["project"], rate, expected,
                    f"“{row['project']}”执行率报 {_pct(rate, nd)}，按 {money(row['executed'])}/{money(row['budget'])} "
                    f"万元应为 {_pct(expected, nd)}。", "rate", nd, abs(rate - expected) * row["budget"])


@rule("total-row", "project_budget")
def total_row(table: ProjectBudgetTable, profile: RuleProfile) -> Iterator[Finding]:
    """The 合计 row must equal the sum of the projects, column by column."""
    if not table.total:
        return
    for key, name in (("budget_initial", "年初预算"), ("budget", "全年预算"), ("executed", "全年执行")):
        printed, parts = table.total[key], table.frame[key].dropna()
        if _nan(printed) or parts.empty:
            continue
        summed = round(float(parts.sum()), 6)
        nd = int(table.total[f"{key}_ndigits"])
        if not agrees(printed, summed, nd):
            yield _find(table, "total-row", Severity.ERROR, table.total[f"{key}_cell"], "合计", printed, summed,
                        f"合计行{name} {money(printed)} 万元不等于各项目之和 {money(summed)} 万元"
                        f"（差 {printed - summed:+,.2f}）。", "amount", nd)


@rule("total-rate-recomputed", "project_budget")
def total_rate_recomputed(table: ProjectBudgetTable, profile: RuleProfile) -> Iterator[Finding]:
    """When the 合计 amounts are wrong, the 合计 执行率 is checked against the projects' sums too."""
    t = table.total
    if not t or _nan(t["rate_reported"]):
        return
    executed, budget = float(table.frame["executed"].sum()), float(table.frame["budget"].sum())
    if agrees(t["executed"], executed, 2) and agrees(t["budget"], budget, 2):
        return
    expected, nd = float(ratio(executed, budget)), int(t["rate_reported_ndigits"])
    if not _nan(expected) and not agrees(t["rate_reported"] * 100, expected * 100, nd):
        yield _find(table, "total-rate-recomputed", Severity.WARNING, t["rate_reported_cell"], "合计",
                    t["rate_reported"], expected,
                    f"合计执行率报 {_pct(t['rate_reported'], nd)}，按各项目之和 {money(executed)}/{money(budget)} 万元"
                    f"应为 {_pct(expected, nd)}，合计行金额有误时执行率随之失真。", "rate", nd,
                    abs(t["rate_reported"] - expected) * budget)


# --- score list -------------------------------------------------------------------------------

@rule("grade-band", "score_list")
def grade_band(table: ScoreList, profile: RuleProfile) -> Iterator[Finding]:
    """A printed 等级 must be the grade the total earns under the profile's bands (优 ≥ 90 …)."""
    bands = "，".join(f"{name} ≥ {low:.10g}" for name, low in profile.grades if low > 0)
    for row in rows_of(table.frame):
        if _nan(row["score"]) or not row["grade_reported"]:
            continue
        expected, printed = grade(row["score"], profile), normalise_grade(row["grade_reported"])
        if printed is None:
            yield _find(table, "grade-band", Severity.WARNING, row["grade_reported_cell"], row["project"],
                        row["grade_reported"], expected,
                        f"“{row['project']}”的等级“{row['grade_reported']}”无法识别，按总分 {points(row['score'])} 应为“{expected}”。")
        elif printed != expected:
            yield _find(table, "grade-band", Severity.ERROR, row["grade_reported_cell"], row["project"],
                        row["grade_reported"], expected,
                        f"“{row['project']}”总分 {points(row['score'])} 按等级标准（{bands}）应为“{expected}”，"
                        f"自评为“{row['grade_reported']}”。")


@rule("average-score", "score_list")
def average_score(table: ScoreList, profile: RuleProfile) -> Iterator[Finding]:
    """A printed average must equal the mean of the listed scores at its precision."""
    avg, scores = table.average, table.frame["score"].dropna()
    if not avg or _nan(avg["score"]) or scores.empty:
        return
    mean = float(scores.mean())
    nd = int(avg["score_ndigits"])
    if not agrees(avg["score"], mean, nd):
        yield _find(table, "average-score", Severity.ERROR, avg["score_cell"], avg["label"], avg["score"], mean,
                    f"平均分报 {points(avg['score'])}，{len(scores)} 个项目总分的平均为 {points(mean)}。", "score", nd)


@rule("score-range", "score_list")
def score_range(table: ScoreList, profile: RuleProfile) -> Iterator[Finding]:
    """A total can be neither negative nor above the profile's full marks."""
    for row in rows_of(table.frame):
        if not _nan(row["score"]) and not 0 <= row["score"] <= profile.total_weight + 1e-9:
            yield _find(table, "score-range", Severity.ERROR, row["score_cell"], row["project"], row["score"],
                        profile.total_weight, f"“{row['project']}”总分 {points(row['score'])} 超出 0–{profile.total_weight:.10g} 分。",
                        "score")


# --- tables of lines --------------------------------------------------------------------------

def _by_line(table: LineTable) -> dict[int, dict[str, dict[str, Any]]]:
    """line id → measure → record (name, value, cell, ndigits, …)."""
    out: dict[int, dict[str, dict[str, Any]]] = {}
    for rec in rows_of(table.frame):
        out.setdefault(int(rec["line"]), {})[rec["measure"]] = rec
    return out


@rule("parts-total", *LINE_KINDS)
def parts_total(table: LineTable, profile: RuleProfile) -> Iterator[Finding]:
    """A parent line must equal the sum of its parts; "其中" lines may not exceed it."""
    lines, frame = _by_line(table), table.frame
    children = frame[(frame["parent"] >= 0) & ~frame["measure"].isin(RATE_MEASURES)]
    for (parent, measure, relation), group in children.groupby(["parent", "measure", "relation"], sort=True):
        values = group["value"].dropna()
        head = lines[int(parent)][measure]
        if values.empty or _nan(head["value"]):
            continue
        summed, printed, what = round(float(values.sum()), 6), head["value"], f"“{head['entry']}”的{head['header']}"
        if relation == "part" and not agrees(printed, summed, int(head["ndigits"])):
            yield _find(table, "parts-total", Severity.ERROR, head["cell"], head["entry"], printed, summed,
                        f"{what} {money(printed)} 不等于其下 {len(values)} 项之和 {money(summed)}"
                        f"（差 {printed - summed:+,.2f}）。", "amount", int(head["ndigits"]))
        elif relation == "of_which" and summed > printed + 0.005:
            yield _find(table, "parts-total", Severity.ERROR, head["cell"], head["entry"], printed, summed,
                        f"{what} {money(printed)} 小于其“其中”各项之和 {money(summed)}。", "amount", 2)


def _identity(table: LineTable, rule_id: str, target: str, compute: Callable[[dict, int], Any], formula: str
              ) -> Iterator[Finding]:
    """Findings where a line's printed ``target`` column differs from ``compute(values, line)``."""
    for line, measures in _by_line(table).items():
        if target not in measures or _nan(measures[target]["value"]):
            continue
        got, nd, scale = measures[target], int(measures[target]["ndigits"]), 100 if target in RATE_MEASURES else 1
        try:
            expected = float(compute({m: r["value"] for m, r in measures.items()}, line))
        except KeyError:  # the table has no such column
            return
        if _nan(expected) or agrees(got["value"] * scale, expected * scale, nd):
            continue
        shown = [_pct(x, nd) if scale == 100 else money(x) for x in (got["value"], expected)]
        yield _find(table, rule_id, Severity.ERROR, got["cell"], got["entry"], got["value"], expected,
                    f"“{got['entry']}”的{got['header']}报 {shown[0]}，按{formula}应为 {shown[1]}。",
                    "rate" if scale == 100 else "amount", nd)


@rule("carryover", "itemised_budget")
def carryover(table: LineTable, profile: RuleProfile) -> Iterator[Finding]:
    """A printed 结转 must equal 预算 − 执行 of its line."""
    yield from _identity(table, "carryover", "carryover", lambda v, _: v["budget"] - v["executed"], "预算数−执行数")


@rule("change-amount", "itemised_budget")
def change_amount(table: LineTable, profile: RuleProfile) -> Iterator[Finding]:
    """A printed 增减额 must equal 本年 − 上年."""
    yield from _identity(table, "change-amount", "change", lambda v, _: v["current"] - v["previous"], "本年数−上年数")


@rule("change-rate", "itemised_budget")
def change_rate_rule(table: LineTable, profile: RuleProfile) -> Iterator[Finding]:
    """A printed 增减率 must equal (本年 − 上年) / 上年 (seed 003 三公经费: −10.89%)."""
    yield from _identity(table, "change-rate", "change_rate", lambda v, _: change_rate(v["current"], v["previous"]),
                         "(本年数−上年数)/上年数")


@rule("net-value", "itemised_budget")
def net_value(table: LineTable, profile: RuleProfile) -> Iterator[Finding]:
    """A printed 净值 must equal 原值 − 累计折旧(摊销)."""
    yield from _identity(table, "net-value", "net", lambda v, _: v["original"] - v["depreciation"], "原值−累计折旧(摊销)")


@rule("share-of-total", "itemised_budget")
def share_of_total(table: LineTable, profile: RuleProfile) -> Iterator[Finding]:
    """A printed 占比 must equal the line's amount over its top line's amount."""
    lines = _by_line(table)
    base = "net" if "net" in table.measures() else table.main_measure
    top: dict[int, int] = {}
    for rec in rows_of(table.lines()):
        top[rec["line"]] = rec["line"] if rec["parent"] < 0 else top.get(rec["parent"], rec["parent"])
    total = {line: lines[top[line]].get(base, {}).get("value", math.nan) for line in lines}
    yield from _identity(table, "share-of-total", "share", lambda v, line: ratio(v[base], total[line]),
                         f"本行{table.measures().get(base, '')}/总额")


@rule("over-budget", "project_budget", *LINE_KINDS)
def over_budget(table: ProjectBudgetTable | LineTable, profile: RuleProfile) -> Iterator[Finding]:
    """Spending above its budget needs a budget adjustment behind it: a judgement call."""
    if isinstance(table, ProjectBudgetTable):
        pairs = [("budget", "executed", r) for r in rows_of(table.frame)]
        found = [(r["project"], r[b], r[e], r[f"{e}_cell"], "全年预算", "全年执行") for b, e, r in pairs]
    else:
        found = []
        for measures in _by_line(table).values():
            for b, e in table.budget_pairs():
                if b in measures and e in measures:
                    rb, re_ = measures[b], measures[e]
                    found.append((re_["entry"], rb["value"], re_["value"], re_["cell"], rb["header"], re_["header"]))
    for name, budget, executed, cell, bname, ename in found:
        if not _nan(budget) and not _nan(executed) and executed > budget + 0.005:
            yield _find(table, "over-budget", Severity.WARNING, cell, name, executed, budget,
                        f"“{name}”{ename} {money(executed)} 超过{bname} {money(budget)}，应核实是否有预算调整。", "amount")


@rule("control-rate", "base_data")
def control_rate_rule(table: BaseDataTable, profile: RuleProfile) -> Iterator[Finding]:
    """The printed 控制率 must equal 实际在职人数 / 编制数; staff above the quota is a warning."""
    s = table.staff
    if not s or _nan(s["authorised"]) or _nan(s["actual"]):
        return
    expected = float(control_rate(s["actual"], s["authorised"]))
    nd = int(s["control_rate_ndigits"])
    if not _nan(s["control_rate"]) and not agrees(s["control_rate"] * 100, expected * 100, nd):
        yield _find(table, "control-rate", Severity.ERROR, s["control_rate_cell"], "财政供养人员", s["control_rate"],
                    expected, f"控制率报 {_pct(s['control_rate'], nd)}，按实际在职人数 {s['actual']:.10g}/编制数 "
                    f"{s['authorised']:.10g} 应为 {_pct(expected, nd)}。", "rate", nd)
    if s["actual"] > s["authorised"]:
        yield _find(table, "control-rate", Severity.WARNING, s["actual_cell"], "财政供养人员", s["actual"],
                    s["authorised"], f"实际在职人数 {s['actual']:.10g} 超过编制数 {s['authorised']:.10g}。")


def check_table(table: DepartmentTable, profile: str | RuleProfile = "national") -> Findings:
    """Run every rule registered for the table's kind; unreadable cells come first.

    >>> import evalkit as ek
    >>> t = ek.load_tables(ek.project.DATA / "duji-2024" / "项目自评得分表.xlsx")[0]
    >>> sorted((f.rule, f.cell) for f in check_table(t))
    [('grade-band', 'D10'), ('grade-band', 'D8'), ('grade-band', 'D9')]
    """
    prof = as_profile(profile)
    found = Findings(list(table.problems))
    for kinds, fn in CHECKS.values():
        if table.kind in kinds:
            found.extend(settle_all(fn(table, prof), prof))
    return found
