"""Layer 3, department tables — across documents: the same amount printed in two places must agree.

A department hands in several tables for one year — the 自评表, a 基础数据表, the spending
figures of its report text, a project list. The same quantity (what 项目支出 or a named project
actually spent) then appears more than once. This module collects every *executed* amount that
carries a name, groups them by a normalised name, and reports a ``same-quantity`` warning at each
cell whose amount differs from the others (one amount can be a typo, or the tables were filled
at different times: an auditor has to look, hence a warning).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from ..findings import Finding, Findings, Severity
from ..io.cells import agrees, parse_target, rows_of
from ..prose.names import key
from ..rules.numbers import money
from ..rules.profile import RuleProfile, as_profile
from ..rules.tolerance import settle_all
from ..selfeval.form import SelfEvaluation
from .base import DepartmentTable
from .lines import LineTable, line_name
from .tables import ProjectBudgetTable


def name_key(label: str) -> str:
    """A comparable name: the line's name (:func:`~evalkit.department.lines.line_name`) keyed as
    the prose check keys it (:func:`evalkit.prose.names.key`: 专项/资金/经费/行政 … removed), so a
    table and a report's text name one quantity alike.

    >>> name_key("2、城市管理综合行政执法经费") == name_key("城市管理综合执法经费专项")
    True
    """
    return key(line_name(label))


@dataclass(frozen=True)
class Fact:
    """One named executed amount (万元) and where it was printed."""

    key: str
    label: str
    amount: float
    file: str
    sheet: str
    cell: str
    source: str


def _form_facts(form: SelfEvaluation) -> Iterable[Fact]:
    """Indicators that report an amount actually spent (e.g. 三级指标 "项目支出", 完成值 "1120.78万元")."""
    for row in rows_of(form.indicators):
        actual = parse_target(row["actual"])
        if actual.kind == "quantitative" and actual.scale == "万元" and row["name"] and actual.number is not None:
            yield Fact(name_key(row["name"]), row["name"], actual.number, form.file, form.sheet, row["actual_cell"],
                       "自评表实际完成值")


def _executed_measure(table: LineTable) -> str | None:
    """The column holding this year's spending: "executed", or the latest "20xx年决算数"."""
    heads = table.measures()
    if "executed" in heads and "决算" not in heads["executed"]:
        return "executed"
    years = {m: int(y.group(1)) for m, h in heads.items() if "决算" in h and (y := re.search(r"(20\d\d)", h))}
    if years:
        return max(years, key=lambda m: years[m])
    return "executed" if "executed" in heads else None


def _table_facts(table: DepartmentTable) -> Iterable[Fact]:
    if isinstance(table, LineTable):
        measure = _executed_measure(table)
        if measure is None:
            return
        rows = table.frame[(table.frame["measure"] == measure) & table.frame["value"].notna()]
        for row in rows_of(rows):
            yield Fact(name_key(row["label"]), row["entry"], float(row["value"]), table.file, table.sheet,
                       row["cell"], f"{table.kind_name}“{table.measures()[measure]}”")
    elif isinstance(table, ProjectBudgetTable):
        for row in rows_of(table.frame):
            if row["executed"] == row["executed"]:
                yield Fact(name_key(row["project"]), row["project"], float(row["executed"]), table.file, table.sheet,
                           row["executed_cell"], "项目预算执行表全年执行")


def cross_check(forms: Sequence[SelfEvaluation], tables: Sequence[DepartmentTable],
                profile: str | RuleProfile = "national") -> Findings:
    """``same-quantity`` warnings for named executed amounts that differ between places.

    Call it with the documents of one department and year (``check_paths`` groups by folder).
    Where one amount is printed more often than the others, only the others are reported.
    """
    return cross_check_facts(facts_of(forms, tables), profile)


def facts_of(forms: Sequence[SelfEvaluation], tables: Sequence[DepartmentTable]) -> list[Fact]:
    """The named executed amounts of some documents (what :func:`cross_check` compares; small
    enough to send between processes)."""
    return [f for form in forms for f in _form_facts(form)] + [f for t in tables for f in _table_facts(t)]


def cross_check_facts(facts: Sequence[Fact], profile: str | RuleProfile = "national") -> Findings:
    """``same-quantity`` warnings among the facts of one department and year (settled by the
    profile's tolerance and materiality: :func:`evalkit.rules.tolerance.settle`)."""
    groups: dict[str, list[Fact]] = {}
    for fact in facts:
        if fact.key:
            groups.setdefault(fact.key, []).append(fact)
    found = Findings()
    for facts in groups.values():
        distinct: list[float] = []
        for fact in facts:
            if not any(agrees(fact.amount, d, 2) for d in distinct):
                distinct.append(fact.amount)
        if len(distinct) < 2 or len({(f.file, f.sheet) for f in facts}) < 2:
            continue
        counts = Counter(next(d for d in distinct if agrees(f.amount, d, 2)) for f in facts)
        (top, n), *rest = counts.most_common()
        majority = top if not rest or rest[0][1] < n else None
        listing = "、".join(f"{money(f.amount)} 万元（{Path(f.file).name} {f.sheet}!{f.cell}，{f.source}）" for f in facts)
        for fact in facts:
            if majority is not None and agrees(fact.amount, majority, 2):
                continue
            others = sorted({f.amount for f in facts if not agrees(f.amount, fact.amount, 2)})
            found.extend([Finding("same-quantity", Severity.WARNING, fact.file, fact.sheet, fact.cell, fact.label,
                                  fact.amount, majority if majority is not None else others[0],
                                  f"“{fact.label}”的执行数在不同位置不一致：{listing}。", quantity="amount",
                                  decimals=2)])
    return settle_all(found, as_profile(profile))
