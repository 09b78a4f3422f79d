"""Layer 3, self-evaluation tables: read a self-evaluation table (项目支出 / 部门整体支出绩效自评表) by finding its labels.

Blocks are located by their labels wherever they sit; columns are matched by header text, so
column order, extra columns, filler rows and merged or once-per-group labels do not matter.
Every value keeps the A1 reference of its cell. Cells that cannot be parsed become ``error``
findings (rule ``unreadable-value``) naming the cell, and their value is NaN — never 0.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import LayoutNotFound
from ..findings import Finding
from ..io.cells import clean, is_blank, small_frame, squash
from ..io.grid import position
from ..io.layout import CellReader, Header, find_header, header_key, label_matches
from ..io.vocabulary import Vocabulary, built_in
from ..io.workbook import Grid, read_grids
from ..labels import LABELS
from .funds import read_funds

_WEIGHT_IN_LABEL = re.compile(r"\((\d+(?:\.\d+)?)分\)")
# "产出指标50分" / "效益30%" / "预算执行率(10分)" in a note on the 一级 weights
NOTE_WEIGHT = re.compile(r"(产出|效益|满意度|预算执行)[^\d，,；;、。]{0,6}?(\d+(?:\.\d+)?)\s*[分%]")
TOTAL_LABELS = ("总分", "合计", "总计", "总得分", "项目总得分", "得分合计")   # the label of the 总分 row
_OPERATOR = re.compile(r"[≥≤=＝﹦><＞＜]|大于等于|小于等于|等于|大于|小于|定性")


@dataclass
class Total:
    """The 总分 row and the printed grade: reported weight and score (NaN when not printed),
    their cells, the score's printed precision, the sheet row, and the grade with its cell."""

    weight: float = math.nan
    weight_cell: str = ""
    score: float = math.nan
    score_cell: str = ""
    score_ndigits: int = 0
    row: int | None = None
    grade: str = ""
    grade_cell: str = ""
    header_score: float = math.nan      # a total printed in the header lines too ("自评得分 98")
    header_score_cell: str = ""

    @property
    def printed(self) -> float:
        """The self-reported total: the 总分 row's, else the one printed in the header lines."""
        return self.score if not math.isnan(self.score) else self.header_score


@dataclass
class SelfEvaluation:
    """One self-evaluation table read from a workbook sheet.

    Attributes
    ----------
    meta : project / department / unit names and the year, as printed.
    funds : one row per funds line (``item`` total/current/carryover/other), amounts in 万元,
        with ``*_cell`` columns holding each value's A1 reference.
    funds_breakdown : "label: amount" pairs a department table prints inside the funds block
        (按收入性质分 / 按支出性质分 and their parts).
    indicators : one row per 三级指标 with its 一级/二级 labels filled in, target and actual
        text, 分值, 得分, 偏差原因, and their cell references.
    total : the 总分 row and printed grade (:class:`Total`).
    problems : cells that could not be parsed, as ``error`` findings.
    goals : the text cells of the 年度总体目标 block — what the unit set out to do and says it
        did ("本项目共完成预算资金89.97万元…") — as (cell reference, text), for the figures they state.
    """

    file: str
    sheet: str
    kind: str
    meta: dict[str, str]
    funds: pd.DataFrame
    funds_breakdown: pd.DataFrame
    indicators: pd.DataFrame
    total: Total
    problems: list[Finding] = field(default_factory=list)
    layout: tuple[Header, ...] = ()
    end_row: int = 0
    goals: tuple[tuple[str, str], ...] = ()
    _rescored: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def subject(self) -> str:
        """The project name, or the unit's name for a department-wide table."""
        return self.meta.get("project") or self.meta.get("unit") or Path(self.file).stem

    @property
    def year(self) -> int | None:
        y = self.meta.get("year")
        return int(y) if y else None

    @property
    def unfilled(self) -> bool:
        """True when no indicator has a score or an actual value, and neither the execution line nor the
        total has a score: the unit did not fill the table in."""
        ind = self.indicators
        execution = self.funds.loc[self.funds["item"] == "total", "score_reported"]
        return bool(ind["score"].isna().all() and ind["actual"].map(is_blank).all() and math.isnan(self.total.score)
                    and execution.isna().all())


def _meta(grid: Grid, span: tuple[int, int], labels: dict[str, tuple[str, ...]]) -> tuple[dict[str, str], str]:
    """Names and year printed above a table: cells in rows ``span`` = (after, before), exclusive."""
    after, before = span
    meta: dict[str, str] = {}
    kind = "project"
    for (r, c), raw in sorted(grid.cells.items()):
        if not after < r < before:
            continue
        text = squash(raw)
        if "整体支出" in text or "部门整体" in text:  # 部门整体支出绩效自评表, 部门整体绩效自评表 (重庆)
            kind = "department"
        if not meta.get("year"):
            m = re.search(r"(20\d{2})年度?", text)
            if m:
                meta["year"] = m.group(1)
        key = header_key(text)
        for name, options in labels.items():
            if name in meta or not (label_matches(key, options) or (name == "unit" and key.endswith(("部门名称", "单位名称")))):
                continue
            if name == "unit" and "部门" in key:
                kind = "department"
            cell = next(((r, cc) for cc in range(c + 1, grid.max_col + 1)
                         if squash(grid.raw(r, cc)) and grid.anchors.get((r, cc), (r, cc)) == (r, cc)), None)
            meta[name] = clean(grid.raw(*cell)) if cell else ""
            meta[f"{name}_cell"] = grid.ref(*cell) if cell else ""
    return meta, kind


def _unit(grid: Grid, row: int, cols: dict[str, int]) -> str:
    return clean(grid.raw(row, cols["target_unit"])) if "target_unit" in cols else ""


def _target_text(grid: Grid, row: int, cols: dict[str, int]) -> str:
    """The target as one text: a template that writes it in three columns (指标性质 | 指标值 |
    度量单位: "≥", 95, "%") gives "≥95%"."""
    value = clean(grid.raw(row, cols["target"]))
    if "target_op" not in cols and "target_unit" not in cols or not value:
        return value
    op = clean(grid.raw(row, cols["target_op"])) if "target_op" in cols else ""
    if not _OPERATOR.fullmatch(op):  # 指标性质 may be a kind ("定量指标"), not a sign
        op = ""
    unit = _unit(grid, row, cols)
    return f"{op}{value}{unit if not value.endswith(unit) else ''}"


def _actual_text(grid: Grid, row: int, cols: dict[str, int]) -> str:
    """The actual value; a bare number under a 度量单位 column takes that unit (95 → "95%")."""
    actual = clean(grid.raw(row, cols["actual"]))
    unit = _unit(grid, row, cols)
    if unit and re.fullmatch(r"[+-]?[\d,]*\.?\d+", actual):
        return actual + unit
    return actual


def _indicators(reader: CellReader, header: int, cols: dict[str, int], subject: str, end: int
                ) -> tuple[pd.DataFrame, Total]:
    grid = reader.grid
    rows = []
    total = Total()
    level1 = level1_cell = level2 = ""
    level1_weight = math.nan
    for r in range(header + 1, end):
        texts = grid.row_texts(r)
        if any(t in TOTAL_LABELS for t in texts.values()):
            label_col = min(c for c, t in texts.items() if t in TOTAL_LABELS)
            numeric = [c for c in sorted(texts) if c > label_col and grid.anchors.get((r, c), (r, c)) == (r, c)]
            wcol = cols.get("weight") if cols.get("weight") in numeric else (
                numeric[0] if len(numeric) > 1 and "weight" in cols else None)
            scol = cols["score"] if cols["score"] in numeric else (
                numeric[-1] if len(numeric) > 1 or "weight" not in cols and numeric else None)
            weight = reader.read(r, wcol, "score", subject, "总分分值")
            score = reader.read(r, scol, "score", subject, "总分得分")
            # a blank 总分 score still has its cell (under the 得分 column): findings point at it
            total = Total(weight.value, weight.cell, score.value, score.cell or grid.ref(r, cols["score"]), score.ndigits, r)
            break
        l1 = grid.text(r, cols["level1"], merged=True) if "level1" in cols else ""
        if l1 and l1 not in ("一级指标",):
            if l1 != level1:
                level1, level2 = l1, ""
                anchor = grid.anchors.get((r, cols["level1"]), (r, cols["level1"]))
                level1_cell = grid.ref(*anchor)
                m = _WEIGHT_IN_LABEL.search(l1)
                level1_weight = float(m.group(1)) if m else math.nan
        l2 = grid.text(r, cols["level2"], merged=True) if "level2" in cols else ""
        if l2:
            level2 = l2
        block, block_weight, block_cell = _block(grid, r, cols)
        name = clean(grid.raw(r, cols["name"])).replace("\n", "") if "name" in cols else ""
        fields = {k: grid.raw(r, cols[k]) for k in ("target", "actual", "weight", "score") if k in cols}
        if all(is_blank(v) for v in fields.values()):
            continue
        rec: dict[str, Any] = {
            "level1": _WEIGHT_IN_LABEL.sub("", level1), "level1_weight": level1_weight, "level1_cell": level1_cell,
            "level2": level2, "name": name, "row": r,
            "block": block, "block_weight": block_weight, "block_cell": block_cell,
            "target": _target_text(grid, r, cols), "target_cell": grid.ref(r, cols["target"]),
            "actual": _actual_text(grid, r, cols), "actual_cell": grid.ref(r, cols["actual"]),
            "reason": clean(grid.raw(r, cols["reason"])) if "reason" in cols else "",
            "reason_cell": grid.ref(r, cols["reason"]) if "reason" in cols else "",
        }
        label = name or f"第{r}行指标"
        for key, what in (("weight", "指标分值"), ("score", "指标得分")):
            reader.put(rec, key, reader.read(r, cols.get(key), "score", subject, f"{label} {what}"))
        rows.append(rec)
    frame = small_frame(rows, columns=["level1", "level1_weight", "level1_cell", "block", "block_weight",
                                        "block_cell", "level2", "name", "target",
                                        "actual", "weight", "score", "reason", "row", "target_cell",
                                        "actual_cell", "weight_cell", "score_cell", "reason_cell",
                                        "weight_ndigits", "score_ndigits"])
    return frame, total


def _block(grid: Grid, row: int, cols: dict[str, int]) -> tuple[str, float, str]:
    """The weighted block label left of the 一级指标 column that a row sits in ("年度绩效目标1
    (80分)", 湖北), as (label, weight, cell); ("", nan, "") when there is none."""
    for c in range(1, cols.get("level1", cols["name"])):
        text = grid.text(row, c, merged=True)
        m = _WEIGHT_IN_LABEL.search(text) if text else None
        if m:
            return text, float(m.group(1)), grid.ref(*grid.anchors.get((row, c), (row, c)))
    return "", math.nan, ""


def _weight_note(grid: Grid, span: tuple[int, int]) -> dict[str, str]:
    """The template's own note on the 一级 weights, printed under the table ("注：…产出指标50分、效益
    指标30分、满意度指标10分、预算执行率10分"): {"weight_note": text, "weight_note_cell": ref}, or {}."""
    for row in grid.rows():
        if span[0] < row < span[1]:
            for col, text in grid.row_texts(row).items():
                if text.startswith(("注", "说明", "备注")) and len(NOTE_WEIGHT.findall(text)) >= 2:
                    return {"weight_note": clean(grid.raw(row, col)), "weight_note_cell": grid.ref(row, col)}
    return {}


def _grade(grid: Grid, labels: tuple[str, ...], span: tuple[int, int]) -> tuple[str, str]:
    """The printed grade (e.g. 等级: 优秀) and its cell within rows ``span`` (exclusive), ("", "") when none."""
    for row in grid.rows():
        if not span[0] < row < span[1]:
            continue
        for col, text in grid.row_texts(row).items():
            if label_matches(header_key(text), labels):
                for c in sorted(grid.row_texts(row)):
                    if c > col and grid.anchors.get((row, c), (row, c)) == (row, c):
                        return clean(grid.raw(row, c)), grid.ref(row, c)
    return "", ""


def _table_start(grid: Grid, after: int, before: int, labels: dict[str, tuple[str, ...]]) -> int | None:
    """The first row after ``after`` and before ``before`` that starts another table: its title
    ("…自评表") or a header line (项目名称 …)."""
    for row in grid.rows():
        if after < row < before and any("自评表" in t or label_matches(header_key(t), labels["project"])
                                         for t in grid.row_texts(row).values()):
            return row
    return None


def read_sheet(grid: Grid, vocabulary: Vocabulary | None = None) -> list[SelfEvaluation]:
    """Every self-evaluation table on one sheet, top to bottom (none: an empty list).

    A department often prints one 自评表 per project one under the other; each is read on its
    own, with its own header lines. Headers are recognised by ``vocabulary`` (the built-in one by
    default)."""
    vocab = vocabulary or built_in()
    tables: list[SelfEvaluation] = []
    after = 0
    while (table := _read_table(grid, vocab, after, first=not tables)) is not None:
        tables.append(table)
        after = table.end_row
    return tables


_GOAL_TEXT = 8  # characters: shorter cells in the goals block are labels


def _read_table(grid: Grid, vocab: Vocabulary, after: int, first: bool) -> SelfEvaluation | None:
    """The first table below row ``after``, or None. Half a table is an error (the first time:
    below a table already read, leftovers such as a notes block are not another table)."""
    funds_head = find_header(grid, vocab.section("funds"), ("executed",), any_of=("budget", "budget_initial"),
                             after=after)
    ind_head = find_header(grid, vocab.section("indicators"), ("name", "score"), any_of=("level1", "level2", "weight"),
                           after=funds_head[0] if funds_head else after, two_rows=True)
    if funds_head is None or ind_head is None:
        if not first or (funds_head is None and ind_head is None):
            return None
        if funds_head is None:
            raise LayoutNotFound("找到指标表头，但没有资金表头（全年预算数、全年执行数）", file=grid.file, sheet=grid.sheet)
        raise LayoutNotFound("找到资金表头，但没有指标表头（一级指标、二级指标、分值、得分）",
                             file=grid.file, sheet=grid.sheet)
    for need in ("name", "target", "actual"):
        if need not in ind_head[1]:
            raise LayoutNotFound(f"指标表头缺少“{LABELS[need]}”列", file=grid.file, sheet=grid.sheet,
                                 cell=grid.ref(ind_head[0], 1))
    next_funds = find_header(grid, vocab.section("funds"), ("executed",), any_of=("budget", "budget_initial"),
                             after=ind_head[0])
    end = grid.max_row + 1
    if next_funds is not None:
        end = _table_start(grid, ind_head[0], next_funds[0], vocab.section("meta")) or next_funds[0]
    meta, kind = _meta(grid, (after, funds_head[0]), vocab.section("meta"))
    reader = CellReader(grid)
    subject = meta.get("project") or meta.get("unit") or grid.sheet
    stop = next((r for r in grid.rows() if r > funds_head[0] and any(
        t.startswith("年度总体目标") or t.startswith("绩效指标") for t in grid.row_texts(r).values())), ind_head[0])
    funds, pairs = read_funds(reader, funds_head[0], funds_head[1], min(stop, ind_head[0]), subject,
                          vocab.section("funds_items"))
    indicators, total = _indicators(reader, ind_head[0], ind_head[1], subject, end)
    if indicators.empty:
        raise LayoutNotFound(f"找到指标表头（第 {ind_head[0]} 行：一级指标、二级指标、分值、得分），但其下没有任何填有"
                             "指标值、完成值、分值或得分的指标行", file=grid.file, sheet=grid.sheet,
                             cell=grid.ref(ind_head[0], min(ind_head[1].values())))
    total.grade, total.grade_cell = _grade(grid, vocab.section("grade")["grade"], (after, end))
    meta.update(_weight_note(grid, (ind_head[0], end)))
    if meta.get("self_score_cell"):
        row, col = position(meta["self_score_cell"])
        header = reader.read(row, col, "score", subject, "表头自评得分")
        total.header_score, total.header_score_cell = header.value, header.cell
    layout = (Header("funds", *funds_head, grid), Header("indicators", *ind_head, grid))
    last = max(int(total.row or 0), int(indicators["row"].max()))
    return SelfEvaluation(grid.file, grid.sheet, kind, meta, funds, pairs, indicators, total, reader.problems,
                          layout=layout, end_row=last, goals=_goal_texts(grid, stop, ind_head[0]))


def _goal_texts(grid: Grid, start: int, end: int) -> tuple[tuple[str, str], ...]:
    """The text cells of rows ``start``..``end`` - 1 (the 年度总体目标 block) long enough to state
    something (a label such as "预期目标" or "实际完成情况" is not)."""
    return tuple((grid.ref(r, c), text) for r in grid.rows() if start <= r < end
                 for c, text in grid.row_texts(r).items() if len(text) >= _GOAL_TEXT)


def load_self_evaluations(path: str | Path, vocabulary: Vocabulary | None = None) -> list[SelfEvaluation]:
    """Every self-evaluation table in a workbook (one per sheet that holds one).

    Raises :class:`InputError` when the file cannot be read or holds no table, naming the
    labels that were looked for.

    >>> import evalkit as ek
    >>> [t.subject for t in ek.load_self_evaluations(ek.project.DATA / "yiyang-2022" / "自评表.xlsx")]
    ['城市管理协管员聘用经费']
    """
    tables = [t for g in read_grids(path) for t in read_sheet(g, vocabulary)]
    if not tables:
        raise LayoutNotFound("没有找到绩效自评表：任何工作表都没有“全年预算数/全年执行数”资金表头和"
                         "“一级指标/二级指标/三级指标/分值/得分”指标表头", file=path)
    return tables


def load_self_evaluation(path: str | Path, sheet: str | None = None,
                         vocabulary: Vocabulary | None = None) -> SelfEvaluation:
    """The self-evaluation table of a workbook (the one on ``sheet`` when there are several)."""
    tables = load_self_evaluations(path, vocabulary)
    if sheet is not None:
        for t in tables:
            if t.sheet == sheet:
                return t
        raise LayoutNotFound(f"工作表 {sheet} 中没有绩效自评表；有自评表的工作表: {', '.join(t.sheet for t in tables)}",
                         file=path)
    if len(tables) > 1:
        raise LayoutNotFound(f"工作簿中有 {len(tables)} 张自评表（{', '.join(t.sheet for t in tables)}），"
                         "请用 sheet= 指定，或用 load_self_evaluations 读取全部", file=path)
    return tables[0]
