"""Layer 1, grids: one table as its non-empty raw cells with merged ranges, whatever file it came from
(a worksheet of an xlsx/xls, a table of a .docx, .html or .pdf report), and how a person finds a cell."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from openpyxl.utils.cell import coordinate_to_tuple

from .cells import column_letter, squash


def ref(row: int, col: int) -> str:
    """A1 reference of a 1-based (row, column).

    >>> ref(12, 6)
    'F12'
    """
    return f"{column_letter(col - 1)}{row}"


def cell_ref(row: int, col: int, refs: str = "a1") -> str:
    """A cell's reference in the given style: "a1" → "D5", "rowcol" → "第5行第4列"; ``col`` 0 gives the row alone.

    >>> cell_ref(5, 4), cell_ref(5, 4, "rowcol")
    ('D5', '第5行第4列')
    """
    return f"第{row}行第{col}列" if refs == "rowcol" else ref(row, col)


_A1 = re.compile(r"[A-Z]+[1-9]\d*")
_ROWCOL = re.compile(r"第(\d+)行第(\d+)列")


def position(reference: str) -> tuple[int, int]:
    """The 1-based (row, column) of a reference in either style (:func:`cell_ref`).

    >>> position("F12"), position("第12行第6列")
    ((12, 6), (12, 6))
    """
    if m := _ROWCOL.fullmatch(reference):
        return int(m.group(1)), int(m.group(2))
    if _A1.fullmatch(reference):
        return coordinate_to_tuple(reference)
    raise ValueError(f"not a cell reference: {reference!r}")


@dataclass
class Grid:
    """The non-empty cells of one sheet: ``cells[(row, col)]`` is the raw value (1-based).

    ``anchors`` maps every cell inside a merged range to the range's top-left cell;
    ``percent`` holds the cells whose number format shows a percentage; ``uncached`` the formula
    cells saved without a calculated value (written by a program, never opened in Excel).
    """

    file: str
    sheet: str
    cells: dict[tuple[int, int], object]
    anchors: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    percent: set[tuple[int, int]] = field(default_factory=set)
    uncached: set[tuple[int, int]] = field(default_factory=set)  # formulas saved without a calculated value
    refs: str = "a1"  # how a person finds a cell: "a1" (worksheets) or "rowcol" (document tables)

    def ref(self, row: int, col: int) -> str:
        """Where a person finds the cell: "F12" in a worksheet, "第12行第6列" in a document table.

        >>> Grid("a.docx", "表3", {}, refs="rowcol").ref(5, 4), Grid("a.xlsx", "S", {}).ref(5, 4)
        ('第5行第4列', 'D5')
        """
        return cell_ref(row, col, self.refs)

    @functools.cached_property
    def max_row(self) -> int:
        return max((r for r, _ in self.cells), default=0)

    @functools.cached_property
    def max_col(self) -> int:
        return max((c for _, c in self.cells), default=0)

    def raw(self, row: int, col: int, *, merged: bool = False) -> object:
        """The raw value; with ``merged`` a cell inside a merged range gives the range's value."""
        if merged and (row, col) in self.anchors:
            return self.cells.get(self.anchors[(row, col)])
        return self.cells.get((row, col))

    def text(self, row: int, col: int, *, merged: bool = False) -> str:
        """The squashed text of a cell (see :func:`evalkit.io.cells.squash`)."""
        return squash(self.raw(row, col, merged=merged))

    @functools.cached_property
    def _texts(self) -> dict[int, dict[int, str]]:
        by_row: dict[int, dict[int, str]] = {}
        for (r, c), v in sorted(self.cells.items()):
            text = squash(v)
            if text:
                by_row.setdefault(r, {})[c] = text
        return by_row

    def row_texts(self, row: int) -> dict[int, str]:
        """Column → squashed text of the non-empty cells of one row (computed once per sheet)."""
        return self._texts.get(row, {})

    def rows(self) -> list[int]:
        """The numbers of the rows holding any text, in order."""
        return list(self._texts)
