"""Layer 4, marked tables: a table as printed, with every cell a finding points at highlighted.

A report's table is built from cells that know where they were printed (file, sheet, cell). The
findings are matched to those places: a cell with an error is ``td.evalkit-wrong`` (red), with a
doubt ``td.evalkit-doubt`` (amber), with a hint ``td.evalkit-hint`` (blue). Such a cell shows,
under the printed value, its reference, the recomputed value and the 差额, so the mark survives
printing; the finding's sentence is its hover text. Every other cell that came from a sheet has its
reference as hover text. Total rows (合计) are set in bold and are never left out.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import pandas as pd

from ..findings import Finding, Severity
from .format import finding_value

#: CSS class of a marked cell, by the worst severity of its findings
MARK_CLASS = {Severity.ERROR: "evalkit-wrong", Severity.WARNING: "evalkit-doubt", Severity.INFO: "evalkit-hint"}
_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}

STYLE = """<style>
table.evalkit-marked { border-collapse: collapse; font-size: 13px; margin: 0.5em 0; }
table.evalkit-marked th, table.evalkit-marked td { border: 1px solid #ccc; padding: 2px 6px; vertical-align: top; }
table.evalkit-marked td:not(.num) { text-align: left; }  /* beats the notebook theme's right-aligned cells */
table.evalkit-marked th { background: #f3f3f3; text-align: center; }
table.evalkit-marked td.num { text-align: right; white-space: nowrap; }
table.evalkit-marked tr.evalkit-total td { font-weight: bold; background: #fafafa; }
table.evalkit-marked td.evalkit-wrong { background: #f8d3d3; outline: 2px solid #c62828; outline-offset: -2px; }
table.evalkit-marked td.evalkit-doubt { background: #fdebc8; outline: 2px solid #e69500; outline-offset: -2px; }
table.evalkit-marked td.evalkit-hint { background: #dcebf9; }
table.evalkit-marked .evalkit-diff { display: block; font-size: 11px; font-weight: normal; color: #7a1f1f; }
</style>"""


@dataclass(frozen=True)
class Cell:
    """One cell of a marked table: its text as shown and where the value was printed (empty
    ``ref`` for a computed value); ``numeric`` right-aligns it."""

    text: str
    file: str = ""
    sheet: str = ""
    ref: str = ""
    numeric: bool = False


def apart(reported: float | None, expected: float | None, quantity: str) -> str:
    """Reported minus recomputed as a 差额 column shows it: percentage points for a rate, two
    decimals otherwise ("" when either is unknown or they agree).

    >>> apart(0.755, 224.05 / 302.19, "rate"), apart(10, 5, "score"), apart(0.5, 0.5, "rate"), apart(None, 1, "score")
    ('+1.36 个百分点', '+5.00', '', '')
    """
    if any(v is None or math.isnan(v) for v in (reported, expected)):
        return ""
    gap = float(reported) - float(expected)  # type: ignore[arg-type]
    if abs(gap) < 5e-5:
        return ""
    return f"{gap * 100:+.2f} 个百分点" if quantity == "rate" else f"{gap:+.2f}"


def _key(file: str, sheet: str, ref: str) -> tuple[str, str, str]:
    return (str(Path(file).resolve()) if file else "", sheet, ref)


class Marks:
    """The findings of a report by the place they point at (file, sheet, cell)."""

    def __init__(self, findings: Iterable[Finding]) -> None:
        self._by_place: dict[tuple[str, str, str], list[Finding]] = {}
        for f in findings:
            if f.cell:
                self._by_place.setdefault(_key(f.file, f.sheet, f.cell), []).append(f)
        for found in self._by_place.values():
            found.sort(key=lambda f: _RANK[f.severity])
        self.used: set[tuple[str, str, str]] = set()

    def at(self, cell: Cell) -> list[Finding]:
        """The findings at ``cell``'s place, most serious first."""
        if not cell.ref:
            return []
        key = _key(cell.file, cell.sheet, cell.ref)
        found = self._by_place.get(key, [])
        if found:
            self.used.add(key)
        return found

    def __len__(self) -> int:
        return len(self._by_place)


def _td(cell: Cell, marks: Marks) -> str:
    classes = ["num"] if cell.numeric else []
    text = html.escape(cell.text)
    title = cell.ref
    found = marks.at(cell)
    if found:
        worst = found[0]
        classes.append(MARK_CLASS[worst.severity])
        title = "；".join(f"{cell.ref} {f.severity.chinese}：{f.message}" for f in found)
        detail = [cell.ref]
        expected = finding_value(worst, "expected")
        if expected and expected != cell.text:
            detail.append(f"应为 {expected}")
        difference = finding_value(worst, "difference")
        if difference:
            detail.append(f"差额 {difference}")
        text += f'<span class="evalkit-diff">{html.escape(" · ".join(detail))}</span>'
    attrs = f' class="{" ".join(classes)}"' if classes else ""
    attrs += f' title="{html.escape(title)}" data-cell="{html.escape(cell.ref)}"' if title else ""
    return f"<td{attrs}>{text}</td>"


@dataclass
class MarkedTable:
    """A table of :class:`Cell` rows under ``headers``, with the findings that may point at its
    cells; ``totals`` are the numbers (0-based) of its total rows. Shows itself as HTML; reads
    back as texts (:meth:`to_frame`) and as the marked cells (:meth:`marked`)."""

    headers: list[str]
    rows: list[list[Cell]]
    findings: list[Finding]
    totals: set[int]
    caption: str = ""

    def to_frame(self) -> pd.DataFrame:
        """The cells' texts under the headers (what a reader sees, without the marks)."""
        return pd.DataFrame([[c.text for c in row] for row in self.rows], columns=self.headers)

    def marked(self) -> dict[str, str]:
        """Reference → CSS class of every marked cell (``{"D11": "evalkit-wrong", …}``)."""
        marks = Marks(self.findings)
        return {c.ref: MARK_CLASS[found[0].severity] for row in self.rows for c in row if (found := marks.at(c))}

    def html(self) -> str:
        marks = Marks(self.findings)
        head = "".join(f"<th>{html.escape(h)}</th>" for h in self.headers)
        body = []
        for i, row in enumerate(self.rows):
            cls = ' class="evalkit-total"' if i in self.totals else ""
            body.append(f"<tr{cls}>" + "".join(_td(c, marks) for c in row) + "</tr>")
        cap = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return (f'{STYLE}<table class="evalkit-marked">{cap}<thead><tr>{head}</tr></thead>'
                f"<tbody>{''.join(body)}</tbody></table>")

    def _repr_html_(self) -> str:
        return self.html()


def marked_table(headers: Sequence[str], rows: Sequence[Sequence[Cell | str]], findings: Iterable[Finding],
                 *, totals: Iterable[int] = (), caption: str = "") -> MarkedTable:
    """A :class:`MarkedTable` of ``rows`` (plain strings become unplaced cells) under ``headers``
    with the cells ``findings`` point at marked; the rows numbered in ``totals`` are total rows.

    >>> f = Finding("total-row", "error", "a.xlsx", "表1", "C11", "合计", 282.19, 302.19, "合计不符", "amount",
    ...             difference=-20.0)
    >>> t = marked_table(["项目", "全年预算"], [["合计", Cell("282.19", "a.xlsx", "表1", "C11", True)]], [f], totals=[0])
    >>> t.marked(), t.to_frame().values.tolist()
    ({'C11': 'evalkit-wrong'}, [['合计', '282.19']])
    >>> page = t.html()
    >>> 'class="num evalkit-wrong"' in page and "应为 302.19" in page and "差额 -20.00" in page
    True
    """
    cells = [[c if isinstance(c, Cell) else Cell(str(c)) for c in row] for row in rows]
    return MarkedTable(list(headers), cells, list(findings), set(totals), caption)
