"""Layer 1, layout: the ONE matcher that finds a table's header row and reads its cells.

Every table kind (自评表 funds and indicator blocks, project lists, score lists, base-data and
itemised tables) finds its header the same way: each cell of a row is reduced by
:func:`header_key` (full-width to ASCII, spaces and line breaks removed, bracketed notes such as
"(A)", "[万元]" or "【万元】" dropped, a unit tail such as "/万元" and a trailing colon removed)
and compared with the wordings each column role accepts. A wording ending in ``*`` matches as a
prefix ("偏差原因*" takes "偏差原因分析及改进措施"). Values are read cell by cell by
:class:`CellReader`; a cell that cannot be parsed becomes an ``unreadable-value`` error finding
naming the cell, and its value is NaN — never 0.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from typing import Any, Callable

from ..errors import ValueParseError
from ..findings import Finding, Severity
from .cells import clean, decimals, header_key, parse_amount, parse_percent, parse_score, squash
from .grid import Grid, cell_ref

_YEAR = re.compile(r"(20\d{2})\s*年")
STOP_PREFIXES = ("注:", "注：", "说明", "填表人", "填报人", "备注:", "数据来源", "单位负责人")
Wanted = dict[str, tuple[str, ...]]


@functools.lru_cache(maxsize=65536)
def label_matches(key: str, options: tuple[str, ...]) -> bool:
    """Whether a reduced label is one of ``options`` (``*``-ended options match as prefixes).

    >>> label_matches("偏差原因分析", ("偏差原因*",)), label_matches("得分率", ("得分",))
    (True, False)
    """
    return any(key.startswith(o[:-1]) if o.endswith("*") else key == o for o in options)


def match_header(grid: Grid, row: int, wanted: Wanted, key_of: Callable[[object], str] = header_key
                 ) -> dict[str, int]:
    """Role → column of the cells of ``row`` whose label is one of ``wanted``'s wordings
    (each role taken once, the leftmost matching cell; each cell gives one role). ``key_of``
    reduces a label further for one table kind (e.g. a year before "决算数")."""
    found: dict[str, int] = {}
    for col, text in sorted(grid.row_texts(row).items()):
        key = key_of(text)
        name = next((n for n, options in wanted.items() if n not in found and label_matches(key, options)), None)
        if name is not None:
            found[name] = col
    return found


def match_two_rows(grid: Grid, row: int, wanted: Wanted, key_of: Callable[[object], str] = header_key
                   ) -> dict[str, int]:
    """Roles of a header written over two rows: a group header ("年度指标值" merged over three
    columns) above its sub-columns ("指标性质 | 指标值 | 度量单位"). Per column the lower row's role
    wins; each role is taken at its leftmost column."""
    by_col = {c: role for role, c in match_header(grid, row, wanted, key_of).items()}
    by_col.update({c: role for role, c in match_header(grid, row + 1, wanted, key_of).items()})
    out: dict[str, int] = {}
    for c in sorted(by_col):
        out.setdefault(by_col[c], c)
    return out


def find_header(grid: Grid, wanted: Wanted, required: tuple[str, ...], any_of: tuple[str, ...] = (),
                after: int = 0, key_of: Callable[[object], str] = header_key, two_rows: bool = False
                ) -> tuple[int, dict[str, int]] | None:
    """The first row below ``after`` holding every ``required`` role (and one of ``any_of``).

    With ``two_rows``, a header split over a row and the next (:func:`match_two_rows`) counts
    too; its second row is returned (the data start below it)."""

    def complete(cols: dict[str, int]) -> bool:
        return all(k in cols for k in required) and (not any_of or any(k in cols for k in any_of))

    for row in grid.rows():
        if row <= after:
            continue
        cols = match_header(grid, row, wanted, key_of)
        if complete(cols):
            return row, cols
        if two_rows and cols and grid.row_texts(row + 1):
            pair = match_two_rows(grid, row, wanted, key_of)
            if complete(pair):
                return row + 1, pair
    return None


@dataclass(frozen=True)
class Header:
    """Where a block's header was found and which column each role was taken from, with the
    header text as printed — what ``evalkit check --explain`` shows."""

    block: str
    row: int
    columns: dict[str, int]
    texts: dict[str, str]
    refs: str  # the grid's reference style: "a1" (worksheet) or "rowcol" (document table)

    def __init__(self, block: str, row: int, columns: dict[str, int], grid: Grid | None = None) -> None:
        object.__setattr__(self, "block", block)
        object.__setattr__(self, "row", row)
        object.__setattr__(self, "columns", dict(columns))
        texts = {role: clean(grid.raw(row, col, merged=True)).replace("\n", "") for role, col in columns.items()
                 } if grid is not None else {}
        object.__setattr__(self, "texts", texts)
        object.__setattr__(self, "refs", grid.refs if grid is not None else "a1")

    @property
    def cell(self) -> str:
        """The reference of the header row's first role cell (A1, or row and column in a document table)."""
        return cell_ref(self.row, min(self.columns.values()), self.refs) if self.columns else ""

    def describe(self) -> str:
        """One line: the header row and, per role, the column and its printed header.

        >>> Header("funds", 5, {"budget": 4}).describe()
        'funds 表头在第 5 行：budget←D'
        """
        cols = "，".join(f"{role}←{f'第{col}列' if self.refs == 'rowcol' else cell_ref(self.row, col).rstrip('0123456789')}"
                        + (f"（{self.texts[role]}）" if self.texts.get(role) else "")
                        for role, col in sorted(self.columns.items(), key=lambda kv: kv[1]))
        return f"{self.block} 表头在第 {self.row} 行：{cols}"


def is_stop_row(texts: dict[int, str]) -> bool:
    """A note below a table ("说明：…", "填表人…") ends it."""
    return any(t.startswith(STOP_PREFIXES) for t in texts.values())


def title_above(grid: Grid, header: int) -> str:
    """The longest text above the header row (a merged title), or ""."""
    texts = [clean(v).replace("\n", "") for (r, _), v in grid.cells.items() if r < header and isinstance(v, str)]
    texts = [t for t in texts if not t.startswith("单位")]
    return max(texts, key=len, default="")


def year_of(text: str) -> int | None:
    """The first year written as "20xx年" in ``text``.

    >>> year_of("杜集区城市管理局2024年度项目预算执行表"), year_of("无")
    (2024, None)
    """
    m = _YEAR.search(text)
    return int(m.group(1)) if m else None


def parse_count(raw: object) -> float | None:
    """A head count: 83, "83人", "100名".

    >>> parse_count("83人"), parse_count(100)
    (83.0, 100.0)
    """
    if isinstance(raw, str):
        raw = re.sub(r"[人名个]$", "", squash(raw))
    return parse_score(raw)


Parser = Callable[[object], "float | None"]
_KINDS: dict[str, tuple[Parser, str]] = {
    "amount": (parse_amount, "金额"), "percent": (parse_percent, "百分比"),
    "score": (parse_score, "分数"), "count": (parse_count, "人数"),
}


@dataclass(frozen=True)
class Value:
    """A number read from one cell: value (NaN when empty or unreadable), A1 cell, decimals written."""

    value: float
    cell: str
    ndigits: int


class CellReader:
    """Reads numbers from a grid and collects the cells that cannot be parsed."""

    def __init__(self, grid: Grid) -> None:
        self.grid = grid
        self.problems: list[Finding] = []

    def read(self, row: int, col: int | None, kind: str, subject: str, what: str,
             parse: Parser | None = None) -> Value:
        """Read one cell as ``kind`` (amount, percent, score or count); problems are recorded.

        ``parse`` replaces the kind's parser (e.g. to take the amount out of "其中：30万元").
        ``ndigits`` is the precision the figure was written with: a percentage's in percentage
        points, an amount stored as a number at least 2 (万元 to the cent), a score at least 1
        (a whole-number score, typed or printed as text, is checked to a tenth).
        """
        if col is None:
            return Value(math.nan, "", 0)
        raw, cell = self.grid.raw(row, col), self.grid.ref(row, col)
        if raw is None and (row, col) in self.grid.uncached:  # a formula never calculated: not a blank
            self.problems.append(Finding("unreadable-value", Severity.ERROR, self.grid.file, self.grid.sheet, cell,
                                         subject, "（公式）", None, f"{what}：单元格是公式但没有计算结果（文件未在"
                                         "Excel 中计算保存），无法读取，不按空值或 0 处理"))
            return Value(math.nan, cell, 0)
        try:
            if parse is not None:
                value = parse(raw)
            elif kind == "percent":
                value = parse_percent(raw, percent_format=(row, col) in self.grid.percent)
            else:
                value = _KINDS[kind][0](raw)
        except ValueParseError as exc:
            self.problems.append(Finding("unreadable-value", Severity.ERROR, self.grid.file, self.grid.sheet, cell,
                                         subject, clean(raw), None, f"{what}：{exc}"))
            return Value(math.nan, cell, 0)
        nd = decimals(raw)
        if kind == "percent" and value is not None and not isinstance(raw, str) and (
                (row, col) in self.grid.percent or abs(value) <= 1.5):
            nd = max(nd - 2, 0)
        elif kind == "amount" and not isinstance(raw, str):
            nd = max(nd, 2)
        elif kind == "score":
            nd = max(nd, 1)  # a whole-number score is checked to a tenth, typed or printed: 9 is not 8.62
        return Value(math.nan if value is None else float(value), cell, nd)

    def put(self, rec: dict[str, Any], name: str, value: Value) -> None:
        """Store a value in a record as ``name``, ``name_cell`` and ``name_ndigits``."""
        rec[name], rec[f"{name}_cell"], rec[f"{name}_ndigits"] = value.value, value.cell, value.ndigits
