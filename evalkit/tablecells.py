"""What every department-table reader shares: header matching, cell reading, the result base class.

Headers are matched by their text after normalisation (full-width to ASCII, line breaks and
spaces removed, bracketed notes such as "(万元)" dropped), never by address. Values are read
cell by cell; a cell that cannot be parsed becomes an ``unreadable-value`` error finding naming
the cell, and its value is NaN — never 0.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import pandas as pd

from .findings import Finding, Findings, Severity
from .grid import Grid, ref
from .labels import display
from .values import ValueParseError, clean, decimals, parse_amount, parse_percent, parse_score, squash

if TYPE_CHECKING:
    from .rules import RuleProfile

_BRACKETS = re.compile(r"\([^)]*\)|\[[^]]*\]|【[^】]*】")
_UNIT_TAIL = re.compile(r"[/／](万元|元|%|分|人|㎡)$")
_YEAR = re.compile(r"(20\d{2})\s*年")
TOTAL_WORDS = ("合计", "总计", "合计数", "总合计")
STOP_PREFIXES = ("注:", "注：", "说明", "填表人", "填报人", "备注:", "数据来源", "单位负责人")


def header_key(raw: object) -> str:
    """A header label reduced for matching: squashed, bracketed notes and unit tails removed.

    >>> header_key("全年预算\\n（万元）"), header_key("总分(分)"), header_key("执行率/%")
    ('全年预算', '总分', '执行率')
    """
    return _UNIT_TAIL.sub("", _BRACKETS.sub("", squash(raw))).rstrip(":")


def match_header(grid: Grid, row: int, wanted: dict[str, tuple[str, ...]],
                 key_of: Callable[[object], str] = header_key) -> dict[str, int]:
    """Canonical name → column of the cells of ``row`` whose label is one of ``wanted``'s options."""
    found: dict[str, int] = {}
    for col, text in sorted(grid.row_texts(row).items()):
        key = key_of(text)
        name = next((n for n, options in wanted.items() if n not in found and key in options), None)
        if name is not None:
            found[name] = col
    return found


def find_header(grid: Grid, wanted: dict[str, tuple[str, ...]], required: tuple[str, ...],
                any_of: tuple[str, ...] = (), key_of: Callable[[object], str] = header_key
                ) -> tuple[int, dict[str, int]] | None:
    """The first row holding every ``required`` label (and one of ``any_of``, if given)."""
    for row in grid.rows():
        cols = match_header(grid, row, wanted, key_of)
        if all(k in cols for k in required) and (not any_of or any(k in cols for k in any_of)):
            return row, cols
    return None


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


_KINDS: dict[str, tuple[Callable[..., float | None], str]] = {
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

    def read(self, row: int, col: int | None, kind: str, subject: str, what: str) -> Value:
        """Read one cell as ``kind`` (amount, percent, score or count); problems are recorded.

        ``ndigits`` is the precision the figure was written with: a percentage's in percentage
        points, an amount stored as a number at least 2 (万元 to the cent).
        """
        if col is None:
            return Value(math.nan, "", 0)
        raw, cell = self.grid.raw(row, col), ref(row, col)
        parse, noun = _KINDS[kind]
        try:
            if kind == "percent":
                value = parse_percent(raw, percent_format=(row, col) in self.grid.percent)
            else:
                value = parse(raw)
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
        return Value(math.nan if value is None else float(value), cell, nd)

    def put(self, rec: dict[str, object], name: str, value: Value) -> None:
        """Store a value in a record as ``name``, ``name_cell`` and ``name_ndigits``."""
        rec[name], rec[f"{name}_cell"], rec[f"{name}_ndigits"] = value.value, value.cell, value.ndigits


@dataclass
class DepartmentTable:
    """Base of the department tables: where it was read, what it is, and how it shows itself.

    Subclasses set ``kind`` and fill ``frame`` (canonical snake_case columns, every value with
    its ``*_cell`` A1 reference). ``problems`` holds the cells that could not be parsed.
    """

    file: str
    sheet: str
    title: str
    frame: pd.DataFrame
    problems: list[Finding] = field(default_factory=list)

    kind = ""
    kind_name = ""

    @property
    def subject(self) -> str:
        """The table's title as printed, or the sheet name."""
        return self.title or self.sheet

    @property
    def year(self) -> int | None:
        return year_of(self.title)

    @property
    def reported_total(self) -> float | None:
        """The total the table prints (its 合计, average or main parent line), None when absent."""
        return None

    @property
    def recomputed_total(self) -> float | None:
        """That total recomputed from the table's own parts."""
        return None

    def check(self, profile: "str | RuleProfile" = "national") -> Findings:
        """Every finding of the spot-check rules for this table (see :mod:`evalkit.table_checks`)."""
        from .table_checks import check_table

        return check_table(self, profile)

    def view(self) -> pd.DataFrame:
        """The table as it is best read: canonical columns without cell references."""
        return self.frame[[c for c in self.frame.columns if not c.endswith(("_cell", "_ndigits")) and c != "row"]]

    def _repr_html_(self) -> str:
        head = html.escape(f"{self.kind_name}：{self.subject}（{Path(self.file).name} / {self.sheet}）")
        return f"<h4>{head}</h4>" + display(self.view()).to_html(index=False, na_rep="")


def plain(x: float | None) -> float | None:
    """A total for a JSON document: rounded to 4 places, None for NaN.

    >>> plain(224.05000000001), plain(float("nan"))
    (224.05, None)
    """
    return None if x is None or math.isnan(x) else round(float(x), 4)
