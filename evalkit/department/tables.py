"""Layer 3, department tables: read a department's tidy tables: its project budget list and its score list (and find all kinds).

A department (seed 002) reports its projects in one table — 年初预算, 全年预算, 全年执行, 执行率
and a 合计 row — and their self-evaluation scores in another (项目名称, 总分, 等级, perhaps an
average line). The hierarchical tables (基础数据表, itemised budgets) live in
:mod:`evalkit.department.lines`; :func:`evalkit.department.workbooks.load_tables` finds every kind
on every sheet of a workbook.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..io.cells import clean
from ..io.layout import CellReader, find_header, header_key, is_stop_row, title_above
from ..io.workbook import Grid, ref
from .base import TOTAL_WORDS, DepartmentTable

PROJECT_HEADERS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号"),
    "project": ("项目类别", "项目名称", "项目", "项目类型"),
    "budget_initial": ("年初预算", "年初预算数"),
    "budget": ("全年预算", "全年预算数", "调整后预算", "调整后预算数"),
    "executed": ("全年执行", "全年执行数", "实际执行数", "全年实际支出", "实际支出"),
    "rate": ("执行率", "预算执行率"),
}
SCORE_HEADERS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号"),
    "project": ("项目名称", "项目", "项目类别"),
    "score": ("总分", "自评总分", "自评得分", "得分", "综合得分", "评价得分"),
    "grade": ("等级", "自评等级", "评价等级", "评级", "绩效等级"),
}
_AMOUNTS = ("budget_initial", "budget", "executed")
_ANY_HEADER = {header for options in (*PROJECT_HEADERS.values(), *SCORE_HEADERS.values()) for header in options}


def _is_header_row(texts: dict[int, str]) -> bool:
    return sum(header_key(t) in _ANY_HEADER for t in texts.values()) >= 2


def _body_rows(grid: Grid, header: int) -> list[tuple[int, dict[int, str]]]:
    """The non-empty rows under a header, up to a note or the next table's header."""
    rows = []
    for r in grid.rows():
        if r <= header:
            continue
        texts = grid.row_texts(r)
        if is_stop_row(texts) or _is_header_row(texts):
            break
        rows.append((r, texts))
    return rows


def _label(grid: Grid, row: int, texts: dict[int, str], cols: dict[str, int], first_value: int) -> str:
    """The row's name: its project cell (merged cells count), else any text left of the values."""
    if "project" in cols:
        name = clean(grid.raw(row, cols["project"], merged=True)).replace("\n", "")
        if name:
            return name
    left = [clean(grid.raw(row, c)).replace("\n", "") for c in sorted(texts) if c < first_value]
    return left[-1] if left else ""


@dataclass
class ProjectBudgetTable(DepartmentTable):
    """A department's projects with 年初预算, 全年预算, 全年执行 and 执行率, and its 合计 row.

    ``frame`` has one row per project (``project``, ``budget_initial``, ``budget``, ``executed``,
    ``rate_reported`` and their ``*_cell``/``*_ndigits``); ``total`` the 合计 row the same way,
    or an empty dict when the table has none.

    >>> import evalkit as ek
    >>> t = ek.load_tables(ek.project.DATA / "duji-2024" / "项目预算执行表.xlsx")[0]
    >>> t.total["executed"], t.total["executed_cell"], t.recomputed_total
    (213.05, 'E11', 224.05)
    """

    total: dict[str, Any] = field(default_factory=dict)

    kind = "project_budget"
    kind_name = "项目预算执行表"
    total_of = ("total", "executed", "sum")


@dataclass
class ScoreList(DepartmentTable):
    """Self-evaluation scores of a department's projects: 项目名称, 总分, 等级, maybe an average line.

    ``frame`` has ``project``, ``score`` and ``grade_reported`` with their cells; ``average``
    the average line (``score``, ``score_cell``, ``score_ndigits``) or an empty dict.
    """

    average: dict[str, Any] = field(default_factory=dict)

    kind = "score_list"
    kind_name = "项目自评得分表"
    total_of = ("average", "score", "mean")


def read_project_budget(grid: Grid) -> ProjectBudgetTable | None:
    """The project budget table on a sheet, or None when no header row has 项目/全年预算/全年执行."""
    head = find_header(grid, PROJECT_HEADERS, ("project", "budget", "executed"))
    if head is None:
        return None
    header, cols = head
    reader, title = CellReader(grid), title_above(grid, header)
    first_value = min(cols[k] for k in (*_AMOUNTS, "rate") if k in cols)
    rows, total = [], {}
    for r, texts in _body_rows(grid, header):
        is_total = any(t in TOTAL_WORDS for c, t in texts.items() if c < first_value)
        name = "合计" if is_total else _label(grid, r, texts, cols, first_value)
        if not any(c >= first_value for c in texts) and not is_total:
            continue
        rec: dict[str, Any] = {"project": name or f"第{r}行", "row": r}
        if "seq" in cols:
            rec["seq"] = clean(grid.raw(r, cols["seq"]))
        for key, what in (("budget_initial", "年初预算"), ("budget", "全年预算"), ("executed", "全年执行")):
            reader.put(rec, key, reader.read(r, cols.get(key), "amount", rec["project"], what))
        reader.put(rec, "rate_reported", reader.read(r, cols.get("rate"), "percent", rec["project"], "执行率"))
        if is_total:
            total = rec
            break
        rows.append(rec)
    columns = ["seq", "project", *(c for k in (*_AMOUNTS, "rate_reported") for c in (k, f"{k}_cell", f"{k}_ndigits")),
               "row"]
    frame = pd.DataFrame(rows, columns=columns)
    return ProjectBudgetTable(grid.file, grid.sheet, title, frame, reader.problems, total=total)


def read_score_list(grid: Grid) -> ScoreList | None:
    """The score list on a sheet, or None when no header row has 项目名称 and 总分."""
    head = find_header(grid, SCORE_HEADERS, ("project", "score"))
    if head is None:
        return None
    header, cols = head
    reader, title = CellReader(grid), title_above(grid, header)
    rows: list[dict[str, Any]] = []
    average: dict[str, Any] = {}
    for r, texts in _body_rows(grid, header):
        name = _label(grid, r, texts, cols, cols["score"])
        if not name and cols["score"] not in texts:
            continue
        if "平均" in name:
            reader.put(average, "score", reader.read(r, cols["score"], "score", name, "平均分"))
            average["label"] = name
            continue
        rec: dict[str, Any] = {"seq": clean(grid.raw(r, cols["seq"])) if "seq" in cols else "",
                                  "project": name or f"第{r}行", "row": r}
        reader.put(rec, "score", reader.read(r, cols["score"], "score", rec["project"], "总分"))
        rec["grade_reported"] = clean(grid.raw(r, cols["grade"])) if "grade" in cols else ""
        rec["grade_reported_cell"] = ref(r, cols["grade"]) if "grade" in cols else ""
        rows.append(rec)
    frame = pd.DataFrame(rows, columns=["seq", "project", "score", "grade_reported", "row", "score_cell",
                                        "score_ndigits", "grade_reported_cell"])
    return ScoreList(grid.file, grid.sheet, title, frame, reader.problems, average=average)
