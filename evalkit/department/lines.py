"""Layer 3, department tables: read tables of lines with parents: the 基础数据表 (seed 004) and itemised budgets (seed 003).

Both hold lines whose amounts must add up to their parent line: a 项目支出 and its projects, a
project and its itemised spending, 三公经费 and its parts, 资产总额 and its assets. Lines are
kept in one tidy frame, one row per (line, column): ``line`` (0-based id), ``entry`` (numbering
and "其中：" removed), ``label`` (as printed), ``level``, ``parent`` (a line id, −1 for none),
``relation`` (``part``: the parts make up the parent; ``of_which``: "其中" lines, a subset),
``measure`` (canonical column or the printed period), ``header``, ``value``, ``cell``,
``ndigits``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..findings import Finding, Severity
from ..io.cells import clean, is_blank, squash
from ..io.layout import CellReader, Header, find_header, header_key, is_stop_row, title_above, year_of
from ..io.vocabulary import Vocabulary, built_in
from ..io.workbook import Grid
from .base import DepartmentTable

_NOT_MEASURES = ("name", "level", "parent")
RATE_MEASURES = ("change_rate", "share")
SECTIONS = ("三公经费", "项目支出", "公用经费", "政府采购金额", "部门基本支出预算调整", "基本支出", "人员经费")
_NUMBERING = re.compile(r"^(?:\d+[、.．]|\(\d+\)|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\))")
_OF_WHICH = re.compile(r"^其中[:：]?")
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九", start=0)}
COLUMNS = ["line", "entry", "label", "level", "parent", "relation", "row", "measure", "header", "value", "cell",
           "ndigits"]


def placeholder(label: str) -> bool:
    """An empty label or a template's "……" filler line.

    >>> placeholder("……"), placeholder("  "), placeholder("公用经费")
    (True, True, False)
    """
    return is_blank(label) or re.fullmatch(r"[.…·。]+", squash(label)) is not None


def line_name(label: str) -> str:
    """A line's label without numbering, "其中：" or a trailing colon.

    >>> line_name("   1、公务用车购置和维护经费"), line_name("其中：公车购置"), line_name("项目支出：")
    ('公务用车购置和维护经费', '公车购置', '项目支出')
    """
    text = _OF_WHICH.sub("", squash(label))
    return _NUMBERING.sub("", text).rstrip(":")


@dataclass
class LineTable(DepartmentTable):
    """Lines with parents and amounts per column (see the module docstring for ``frame``)."""

    main_measure = "executed"

    def lines(self) -> pd.DataFrame:
        """One row per line: id, name, label, level, parent, relation, sheet row."""
        return self.frame.drop_duplicates("line")[["line", "entry", "label", "level", "parent", "relation", "row"]]

    def measures(self) -> dict[str, str]:
        """Canonical measure → printed header, in column order."""
        return dict(zip(self.frame["measure"], self.frame["header"]))

    def view(self) -> pd.DataFrame:
        """The table as printed: one row per line, one column per printed header."""
        wide = self.frame.pivot(index="line", columns="measure", values="value")
        heads = self.measures()
        out = self.lines().set_index("line")[["label", "level"]].join(wide[list(heads)])
        return out.rename(columns=heads).reset_index(drop=True)

    def _root_and_parts(self) -> tuple[float, float] | None:
        sub = self.frame[self.frame["measure"] == self.main_measure]
        parts = sub[(sub["relation"] == "part") & (sub["parent"] >= 0)].groupby("parent")["value"].sum(min_count=1)
        roots = sub[sub["line"].isin(parts.dropna().index) & (sub["parent"] < 0)].set_index("line")["value"].dropna()
        if roots.empty:
            return None
        top = roots.idxmax()
        return float(roots[top]), float(parts[top])

    @property
    def reported_total(self) -> float | None:
        found = self._root_and_parts()
        return found[0] if found else None

    @property
    def recomputed_total(self) -> float | None:
        found = self._root_and_parts()
        return round(found[1], 6) if found else None

    def budget_pairs(self) -> list[tuple[str, str]]:
        """(budget measure, executed measure) pairs to compare line by line."""
        heads = self.measures()
        return [("budget", "executed")] if "budget" in heads and "executed" in heads else []


@dataclass
class ItemisedBudget(LineTable):
    """An itemised table of lines with 层级/上级项目: budgets, spending, carry-overs (seed 003).

    The same reader takes any such table — 三公经费 this year against last, assets with 原值,
    累计折旧 and 净值 — the checks use whichever columns it has.

    >>> import evalkit as ek
    >>> t = ek.load_tables(ek.project.DATA / "zhuzhou-2019" / "预算执行明细表.xlsx")[0]
    >>> t.reported_total, t.recomputed_total
    (2057.33, 2057.33)
    """

    kind = "itemised_budget"
    kind_name = "预算执行明细表"

    def __post_init__(self) -> None:
        heads = self.measures()
        self.main_measure = next((m for m in ("executed", "current", "net", "budget") if m in heads), "executed")


@dataclass
class BaseDataTable(LineTable):
    """The 部门整体支出绩效评价基础数据表 (seed 004, annex 2).

    ``staff`` holds 编制数 (``authorised``), 实际在职人数 (``actual``) and the printed 控制率
    (``control_rate``) with their cells; ``frame`` the 经费控制情况 lines, one measure per printed
    period column ("2022年决算数", "2023年预算数", "2023年决算数").
    """

    staff: dict[str, Any] = field(default_factory=dict)

    kind = "base_data"
    kind_name = "基础数据表"

    def __post_init__(self) -> None:
        finals = [m for m in self.measures() if "决算" in m]
        self.main_measure = finals[-1] if finals else (list(self.measures()) or [""])[-1]

    def budget_pairs(self) -> list[tuple[str, str]]:
        """Each year's 预算数 column against the same year's 决算数 column."""
        heads = list(self.measures())
        return [(b, e) for b in heads for e in heads
                if "预算" in b and "决算" in e and year_of(b) is not None and year_of(b) == year_of(e)]


def _records(reader: CellReader, row: int, line: dict[str, Any], cols: dict[str, int],
             heads: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for measure, col in cols.items():
        kind = "percent" if measure in RATE_MEASURES else "amount"
        v = reader.read(row, col, kind, str(line["entry"]), heads[measure])
        out.append({**line, "measure": measure, "header": heads[measure], "value": v.value, "cell": v.cell,
                    "ndigits": v.ndigits})
    return out


def _outline(labels: list[str]) -> list[tuple[int, int, str]]:
    """(level, parent, relation) of base-data lines from their labels: sections, "1、" parts, "其中"."""
    out: list[tuple[int, int, str]] = []
    section, numbered, group = -1, -1, -1
    for i, label in enumerate(labels):
        text, name = squash(label), line_name(label)
        if _OF_WHICH.match(text) and max(numbered, section) >= 0:
            group = numbered if numbered >= 0 else section
            out.append((out[group][0] + 1, group, "of_which"))
        elif _NUMBERING.match(text) and section >= 0:
            numbered, group = i, -1
            out.append((1, section, "part"))
        elif group >= 0 and name not in SECTIONS:
            out.append((out[group][0] + 1, group, "of_which"))
        else:
            section, numbered, group = i, -1, -1
            out.append((0, -1, "part"))
    return out


_STAFF_NAMES = {"authorised": "编制数", "actual": "实际在职人数", "control_rate": "控制率"}


def _read_staff(grid: Grid, reader: CellReader, vocabulary: Vocabulary) -> dict[str, Any]:
    head = find_header(grid, vocabulary.section("staff"), ("authorised", "actual"),
                       key_of=lambda raw: re.sub(r"^20\d{2}年度?", "", header_key(raw)))
    if head is None:
        return {}
    header, cols = head
    below = next((r for r in grid.rows() if r > header and any(c in cols.values() for c in grid.row_texts(r))), None)
    staff: dict[str, Any] = {}
    if below is None:
        return staff
    for key, kind in (("authorised", "count"), ("actual", "count"), ("control_rate", "percent")):
        reader.put(staff, key, reader.read(below, cols.get(key), kind, "财政供养人员", _STAFF_NAMES[key]))
    return staff


def read_base_data(grid: Grid, vocabulary: Vocabulary | None = None) -> BaseDataTable | None:
    """The 基础数据表 on a sheet, or None when it has neither a staff block nor 经费控制情况."""
    reader = CellReader(grid)
    staff = _read_staff(grid, reader, vocabulary or built_in())
    head = next(((r, c) for (r, c), v in sorted(grid.cells.items()) if header_key(v).startswith("经费控制情况")), None)
    if head is None and not staff:
        return None
    rows: list[dict[str, Any]] = []
    first = min((r for r, _ in grid.cells), default=1)
    if head is not None:
        r0, label_col = head
        cols = {header_key(t): c for c, t in grid.row_texts(r0).items() if c > label_col and year_of(t)}
        heads = {k: k for k in cols}
        body = []
        for r in grid.rows():
            if r <= r0:
                continue
            texts = grid.row_texts(r)
            label = clean(grid.raw(r, label_col, merged=True))
            if is_stop_row(texts) or squash(label).startswith(("楼堂馆所", "厉行节约")):
                break
            if not placeholder(label):
                body.append((r, label))
        for i, ((r, label), (level, parent, relation)) in enumerate(zip(body, _outline([b[1] for b in body]))):
            line = {"line": i, "entry": line_name(label), "label": label.strip(), "level": level, "parent": parent,
                    "relation": relation, "row": r}
            rows.extend(_records(reader, r, line, cols, heads))
        first = r0
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return BaseDataTable(grid.file, grid.sheet, title_above(grid, first), frame, reader.problems, staff=staff)


def _level(raw: object) -> int | None:
    text = squash(raw)
    m = re.search(r"\d+", text)
    if m:
        return int(m.group())
    return next((_CN_DIGITS[c] for c in text if c in _CN_DIGITS), None)


def read_itemised(grid: Grid, vocabulary: Vocabulary | None = None) -> ItemisedBudget | None:
    """The itemised table on a sheet, or None when no header row has 项目名称, 层级/上级项目 and amounts."""
    head = find_header(grid, (vocabulary or built_in()).section("line_items"), ("name",), any_of=("level", "parent"))
    if head is None or not any(k not in _NOT_MEASURES for k in head[1]):
        return None
    header, cols = head
    measure_cols = {k: c for k, c in cols.items() if k not in _NOT_MEASURES}
    heads = {k: clean(grid.raw(header, c)).replace("\n", "") for k, c in measure_cols.items()}
    reader, rows = CellReader(grid), []
    lines: list[dict[str, Any]] = []
    for r in grid.rows():
        texts = grid.row_texts(r)
        if r <= header or not texts:
            continue
        if is_stop_row(texts):
            break
        label = clean(grid.raw(r, cols["name"], merged=True))
        if placeholder(label):
            continue
        level = _level(grid.raw(r, cols["level"])) if "level" in cols else None
        parent = -1
        if "parent" in cols and squash(grid.raw(r, cols["parent"])):
            wanted = line_name(clean(grid.raw(r, cols["parent"])))
            parent = next((ln["line"] for ln in reversed(lines) if ln["entry"] == wanted), -2)
            if parent == -2:
                reader.problems.append(Finding("unknown-parent", Severity.ERROR, grid.file, grid.sheet,
                                               grid.ref(r, cols["parent"]), line_name(label), wanted, None,
                                               f"上级项目“{wanted}”在本表中找不到，无法核对该行与上级的合计关系。"))
                parent = -1
        elif level is not None:
            parent = next((ln["line"] for ln in reversed(lines) if ln["level"] < level), -1)
        if level is None:
            level = lines[parent]["level"] + 1 if parent >= 0 else 0
        line = {"line": len(lines), "entry": line_name(label), "label": label.strip(), "level": level,
                "parent": parent, "relation": "of_which" if _OF_WHICH.match(squash(label)) else "part", "row": r}
        lines.append(line)
        rows.extend(_records(reader, r, line, measure_cols, heads))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    return ItemisedBudget(grid.file, grid.sheet, title_above(grid, header), frame, reader.problems,
                          (Header("line_items", header, cols, grid),))
