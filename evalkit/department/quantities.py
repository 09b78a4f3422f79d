"""Layer 3, department tables: the figures of a department's tables as :class:`~evalkit.prose.match.Quantity`,
for the claims of its report text to be matched with.

- project budget lists: each project's 全年预算, 全年执行 and 执行率 (recomputed from the
  amounts, the printed rate beside it), and the 合计 row recomputed from the projects (seed 002:
  the row prints 282.19 / 213.05 / 75.5%, its parts add up to 302.19 / 224.05, i.e. 74.14%);
- score lists: each project's 总分 and 等级 (the grade of its score), the average recomputed;
- 自评表: the total score (the sum of its printed scores), its grade, the funds total's 全年预算,
  全年执行 and 执行率 — about the whole report, or about the form's project when a folder holds
  several forms;
- 基础数据表 and itemised tables: every line's amount for this year's budget and spending
  (the latest year's 预算数/决算数, or 预算/执行 columns), and 编制数, 实际在职人数, 控制率.
"""

from __future__ import annotations

import math
import re
from typing import Any, Iterable, Sequence

from ..io.cells import agrees, rows_of
from ..prose.match import Quantity
from ..rules.formulas import grade
from ..rules.metrics import execution_rate
from ..rules.profile import RuleProfile, as_profile
from ..selfeval.form import SelfEvaluation
from ..selfeval.fundchecks import funds_lines, parts_sum
from ..selfeval.rescore import rescore
from .base import TOTAL_WORDS, DepartmentTable
from .lines import BaseDataTable, LineTable, line_name
from .tables import ProjectBudgetTable, ScoreList

_AMOUNTS = (("budget", "全年预算"), ("executed", "全年执行"))


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        return None
    return float(value)


def _project_budget(t: ProjectBudgetTable) -> Iterable[Quantity]:
    rows = rows_of(t.frame)
    for r in rows:
        for measure, name in _AMOUNTS:
            if (v := _number(r.get(measure))) is not None:
                yield Quantity("amount", f"{r['project']} {name}", r["project"], v, int(r[f"{measure}_ndigits"]),
                               t.file, t.sheet, r[f"{measure}_cell"], measure)
        budget, executed = _number(r.get("budget")), _number(r.get("executed"))
        if budget and executed is not None:
            yield Quantity("rate", f"{r['project']} 执行率", r["project"], float(execution_rate(executed, budget)),
                           int(r["rate_reported_ndigits"]) if "rate_reported_ndigits" in r else 2, t.file, t.sheet,
                           r.get("rate_reported_cell", ""), "执行率", _number(r.get("rate_reported")), "全年执行/全年预算")
    total = t.total
    if not total:
        return
    sums = {m: math.fsum(v for r in rows if (v := _number(r.get(m))) is not None) for m, _ in _AMOUNTS}
    for measure, name in _AMOUNTS:
        if f"{measure}_cell" in total:
            yield Quantity("amount", f"合计 {name}", "", sums[measure], int(total[f"{measure}_ndigits"]), t.file,
                           t.sheet, total[f"{measure}_cell"], measure, _number(total.get(measure)), "各项目之和")
    if sums["budget"]:
        yield Quantity("rate", "合计 执行率", "", float(execution_rate(sums["executed"], sums["budget"])),
                       int(total.get("rate_reported_ndigits", 2)), t.file, t.sheet, total.get("rate_reported_cell", ""),
                       "执行率", _number(total.get("rate_reported")), "各项目执行数之和/预算数之和")


def _score_list(t: ScoreList, profile: RuleProfile) -> Iterable[Quantity]:
    scores = []
    for r in rows_of(t.frame):
        if (score := _number(r.get("score"))) is None:
            continue
        scores.append(score)
        yield Quantity("score", f"{r['project']} 总分", r["project"], score, int(r["score_ndigits"]), t.file, t.sheet,
                       r["score_cell"], "total")
        yield Quantity("grade", f"{r['project']} 等级", r["project"], grade(score, profile), 0, t.file, t.sheet,
                       r.get("grade_reported_cell", ""), "grade", r.get("grade_reported") or None, "总分所在区间")
    if scores and t.average:
        yield Quantity("score", t.average.get("label", "平均分"), "", math.fsum(scores) / len(scores),
                       int(t.average.get("score_ndigits", 2)), t.file, t.sheet, t.average.get("score_cell", ""),
                       "average", _number(t.average.get("score")), "所列项目总分的平均")


def form_quantities(form: SelfEvaluation, profile: str | RuleProfile = "national",
                    subject: str = "") -> list[Quantity]:
    """A 自评表's total score (sum of its printed scores), grade and funds total; ``subject`` ""
    when the form is what the whole report is about."""
    prof = as_profile(profile)
    r = rescore(form, prof)
    e = r.execution
    out: list[Quantity] = []
    scores = [s for s in [e.score_reported, *form.indicators["score"].tolist()] if _number(s) is not None]
    if scores and not form.unfilled:
        total = math.fsum(scores)
        printed = _number(form.total.reported) if hasattr(form.total, "reported") else _number(form.total.score)
        out.append(Quantity("score", "总分", subject, total, form.total.score_ndigits, form.file, form.sheet,
                            form.total.score_cell, "total", printed, "各项得分之和"))
        out.append(Quantity("grade", "等级", subject, grade(round(total, prof.score_decimals), prof), 0, form.file,
                            form.sheet, form.total.grade_cell or form.total.score_cell, "grade",
                            form.total.grade or None, "总分所在区间"))
    out.extend(_funds_total(form, subject))
    if _number(e.rate_expected) is not None:
        out.append(Quantity("rate", "执行率", subject, float(e.rate_expected), e.rate_ndigits, form.file, form.sheet,
                            e.rate_cell, "执行率", _number(e.rate_reported), "全年执行数/全年预算数"))
    return out


def _funds_total(form: SelfEvaluation, subject: str) -> Iterable[Quantity]:
    """The 年度资金总额 line's 年初预算数, 全年预算数 and 全年执行数 — recomputed from its sources
    (当年财政拨款 + 上年结转 + 其他资金) when they add up to something else, the printed total beside."""
    total, sources, _ = funds_lines(form)
    if total is None:
        return
    for col, measure, name in (("budget_initial", "initial", "年初预算数"), ("budget", "budget", "全年预算数"),
                               ("executed", "executed", "全年执行数")):
        printed, parts = _number(total.get(col)), parts_sum(sources, col)
        cell = total.get(f"{col}_cell", "")
        if parts is not None and (printed is None or not agrees(printed, parts, 2)):
            places = max(int(p.get(f"{col}_ndigits", 2)) for p in sources if _number(p.get(col)) is not None)
            yield Quantity("amount", f"年度资金总额 {name}", subject, parts, places, form.file, form.sheet, cell, measure,
                           printed, "各资金来源之和")
        elif printed is not None:
            yield Quantity("amount", f"年度资金总额 {name}", subject, printed, int(total.get(f"{col}_ndigits", 2)),
                           form.file, form.sheet, cell, measure)


def _year_measures(heads: dict[str, str]) -> dict[str, str]:
    """Canonical or printed column → budget/executed: this year's 预算数/决算数, 预算/执行 columns."""
    out = {m: m for m in heads if m in ("budget", "executed", "carryover")}
    years = {m: int(y.group(1)) for m, h in heads.items() if (y := re.search(r"(20\d\d)", h))}
    if years:
        latest = max(years.values())
        for m, h in heads.items():
            if years.get(m) == latest:
                if "决算" in h or "执行" in h:
                    out[m] = "executed"
                elif "预算" in h:
                    out[m] = "budget"
    return out


def _line_table(t: LineTable) -> Iterable[Quantity]:
    measures = _year_measures(t.measures())
    for r in rows_of(t.frame[t.frame["measure"].isin(list(measures)) & t.frame["value"].notna()]):
        entry = line_name(r["label"])
        subject = "" if entry in TOTAL_WORDS else entry
        yield Quantity("amount", f"{entry} {r['header']}", subject, float(r["value"]), int(r["ndigits"]), t.file,
                       t.sheet, r["cell"], measures[r["measure"]])
    if isinstance(t, BaseDataTable) and t.staff:
        s = t.staff
        for k, name in (("authorised", "编制"), ("actual", "实际在职人数")):
            if (v := _number(s.get(k))) is not None:
                yield Quantity("count", name, name, v, 0, t.file, t.sheet, s.get(f"{k}_cell", ""))
        actual, authorised = _number(s.get("actual")), _number(s.get("authorised"))
        if actual is not None and authorised:
            yield Quantity("rate", "在职人员控制率", "", actual / authorised, int(s.get("control_rate_ndigits", 2)),
                           t.file, t.sheet, s.get("control_rate_cell", ""), "控制率", _number(s.get("control_rate")),
                           "实际在职人数/编制数")


def table_quantities(table: DepartmentTable, profile: str | RuleProfile = "national") -> list[Quantity]:
    """The figures of one department table a report's text may state."""
    if isinstance(table, ProjectBudgetTable):
        return list(_project_budget(table))
    if isinstance(table, ScoreList):
        return list(_score_list(table, as_profile(profile)))
    if isinstance(table, LineTable):
        return list(_line_table(table))
    return []


def quantities_of(forms: Sequence[SelfEvaluation], tables: Sequence[DepartmentTable],
                  profile: str | RuleProfile = "national") -> list[Quantity]:
    """The figures of one department's documents (forms are about the whole report unless there
    are several)."""
    prof = as_profile(profile)
    named = len(forms) > 1
    out = [q for form in forms for q in form_quantities(form, prof, form.subject if named else "")]
    return out + [q for t in tables for q in table_quantities(t, prof)]


__all__ = ["form_quantities", "quantities_of", "table_quantities"]
