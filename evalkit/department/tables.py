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
from ..io.layout import CellReader, Header, find_header, header_key, is_stop_row, label_matches, title_above
from ..io.vocabulary import Vocabulary, built_in
from ..io.workbook import Grid
from .base import TOTAL_WORDS, DepartmentTable

_AMOUNTS = ("budget_initial", "budget", "executed")


def _is_header_row(texts: dict[int, str], vocabulary: Vocabulary) -> bool:
    """A row naming two or more roles of the project or score lists starts another table."""
    words = {w for section in ("project_budget", "score_list") for options in vocabulary.section(section).values()
             for w in options}
    return sum(label_matches(header_key(t), tuple(words)) for t in texts.values()) >= 2


def _body_rows(grid: Grid, header: int, vocabulary: Vocabulary) -> list[tuple[int, dict[int, str]]]:
    """The non-empty rows under a header, up to a note or the next table's header."""
    rows = []
    for r in grid.rows():
        if r <= header:
            continue
        texts = grid.row_texts(r)
        if is_stop_row(texts) or _is_header_row(texts, vocabulary):
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


def read_project_budget(grid: Grid, vocabulary: Vocabulary | None = None) -> ProjectBudgetTable | None:
    """The project budget table on a sheet, or None when no header row has 项目/全年预算/全年执行."""
    vocab = vocabulary or built_in()
    head = find_header(grid, vocab.section("project_budget"), ("project", "budget", "executed"))
    if head is None:
        return None
    header, cols = head
    reader, title = CellReader(grid), title_above(grid, header)
    first_value = min(cols[k] for k in (*_AMOUNTS, "rate") if k in cols)
    rows, total = [], {}
    for r, texts in _body_rows(grid, header, vocab):
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
    return ProjectBudgetTable(grid.file, grid.sheet, title, frame, reader.problems,
                              (Header("project_budget", header, cols, grid),), total=total)


def read_score_list(grid: Grid, vocabulary: Vocabulary | None = None) -> ScoreList | None:
    """The score list on a sheet, or None when no header row has 项目名称 and 总分."""
    vocab = vocabulary or built_in()
    head = find_header(grid, vocab.section("score_list"), ("project", "score"))
    if head is None:
        return None
    header, cols = head
    reader, title = CellReader(grid), title_above(grid, header)
    rows: list[dict[str, Any]] = []
    average: dict[str, Any] = {}
    for r, texts in _body_rows(grid, header, vocab):
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
        rec["grade_reported_cell"] = grid.ref(r, cols["grade"]) if "grade" in cols else ""
        rows.append(rec)
    frame = pd.DataFrame(rows, columns=["seq", "project", "score", "grade_reported", "row", "score_cell",
                                        "score_ndigits", "grade_reported_cell"])
    return ScoreList(grid.file, grid.sheet, title, frame, reader.problems, (Header("score_list", header, cols, grid),),
                     average=average)
