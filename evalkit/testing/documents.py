"""Published reports made from real content, to test the document readers: a seed report's text
(prose in order) with, where the text has a flattened table, its transcribed worksheet, written as
.docx (python-docx), .html (rowspan/colspan for merged cells) and .pdf (the HTML printed by Chromium).

The seed texts flatten a table either as one cell per line ending in " |" or as one cell per line
starting with a tab (Word's export, rows separated by blank lines). Each flattened table is matched
to the transcription sheet sharing most of its cell texts; a transcription matched to no flattened
table (figures the report gives as prose) is appended under "附表". A flattened table with no
transcription is left out.

>>> blocks = seed_blocks("前言\\n序号 |\\n项目 |\\n1 |\\n甲 |\\n结语")
>>> [(kind, len(body)) for kind, body in blocks]
[('p', 1), ('t', 4), ('p', 1)]
"""

from __future__ import annotations

import html
import importlib.util
from dataclasses import dataclass, field
from pathlib import Path

from ..browser import Printer
from ..io.cells import squash
from ..io.grid import Grid
from ..io.workbook import read_grids

_SHORT = 12  # a line this short between two tab-cells is part of a cell (a wrapped header)
FONT_FILE = "NotoSansCJKsc-Regular.otf"  # shipped in the mplfonts wheel: Chinese prints without system fonts
STYLE = ("@page { size: A4; margin: 15mm; } body { font-family: 'seed cjk', 'Noto Sans CJK SC', sans-serif; font-size: 10.5pt; "
         "line-height: 1.5; } p { margin: 0 0 4pt 0; text-indent: 2em; } "
         "table { border-collapse: collapse; margin: 6pt 0; width: 100%; font-size: 8pt; } "
         "td { border: 0.75pt solid #000; padding: 2pt 3pt; vertical-align: middle; } tr { break-inside: avoid; }")


@dataclass
class Report:
    """A report to write: its title and its parts in order, each a paragraph (str) or a table (Grid)."""

    name: str
    parts: list[str | Grid] = field(default_factory=list)

    @property
    def grids(self) -> list[Grid]:
        return [p for p in self.parts if isinstance(p, Grid)]


def seed_blocks(text: str) -> list[tuple[str, list[str]]]:
    """The seed text as ("p", [line]) paragraphs and ("t", cells) flattened tables, in order."""
    lines = text.splitlines()
    kinds = ["t" if (line.startswith("\t") or line.rstrip().endswith("|")) else ("" if not line.strip() else "p")
             for line in lines]
    tabs = [i for i, line in enumerate(lines) if line.startswith("\t")]
    for a, b in zip(tabs, tabs[1:]):  # short lines between two tab-cells continue a cell
        if all(kinds[i] != "p" or len(lines[i].strip()) <= _SHORT for i in range(a + 1, b)):
            for i in range(a + 1, b):
                kinds[i] = "t" if kinds[i] == "p" else kinds[i]
    blocks: list[tuple[str, list[str]]] = []
    for line, kind in zip(lines, kinds):
        if kind == "p":
            blocks.append(("p", [line.strip()]))
        elif kind == "t":
            cell = line.strip().removesuffix("|").strip()
            if blocks and blocks[-1][0] == "t":
                blocks[-1][1].append(cell)
            else:
                blocks.append(("t", [cell]))
    return blocks


def _match(cells: list[str], grids: list[Grid]) -> Grid | None:
    flat = {squash(c) for c in cells} - {""}
    best, score = None, 0.0
    for grid in grids:
        texts = {squash(v) for v in grid.cells.values()} - {""}
        share = len(flat & texts) / max(1, len(texts))
        if share > score:
            best, score = grid, share
    return best if score >= 0.3 else None


def seed_report(text_path: Path, workbooks: list[Path]) -> Report:
    """A seed report: its prose, with each flattened table replaced by its transcription sheet."""
    sheets = [g for wb in workbooks for g in read_grids(wb)]
    unused = list(sheets)
    report = Report(text_path.stem)
    for kind, body in seed_blocks(text_path.read_text(encoding="utf-8")):
        if kind == "p":
            report.parts.append(body[0])
        elif (grid := _match(body, unused)) is not None:
            unused.remove(grid)
            report.parts.append(grid)
    if unused:
        report.parts.append("附表")
        report.parts.extend(unused)
    return report


def cell_text(value: object) -> str:
    """A worksheet value as a report prints it: text as is, 20 → "20", 170.35 → "170.35"."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return "" if value is None else str(value)


def merges(grid: Grid) -> dict[tuple[int, int], tuple[int, int]]:
    """Top-left → (rows, columns) of every merged range of a grid."""
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for (r, c), (ar, ac) in grid.anchors.items():
        rows, cols = spans.get((ar, ac), (1, 1))
        spans[(ar, ac)] = (max(rows, r - ar + 1), max(cols, c - ac + 1))
    return spans


def extent(grid: Grid) -> tuple[int, int]:
    """Rows and columns a table needs: its cells, and merged ranges running past the last value."""
    return (max([grid.max_row, *(r for r, _ in grid.anchors)]), max([grid.max_col, *(c for _, c in grid.anchors)]))


def write_docx(report: Report, path: Path) -> Path:
    """The report as a Word document: paragraphs, and tables with their merged cells."""
    import docx

    document = docx.Document()
    for part in report.parts:
        if isinstance(part, str):
            document.add_paragraph(part)
            continue
        table = document.add_table(*extent(part))
        table.style = "Table Grid"
        for (r, c), (rows, cols) in merges(part).items():
            table.cell(r - 1, c - 1).merge(table.cell(r + rows - 2, c + cols - 2))
        for (r, c), value in part.cells.items():
            table.cell(r - 1, c - 1).text = cell_text(value)
    document.save(str(path))
    return path


def cjk_font() -> Path | None:
    """Noto Sans CJK SC inside the installed ``mplfonts`` package (not imported: it loads matplotlib)."""
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "fonts" / FONT_FILE
    return path if path.is_file() else None


def html_page(report: Report, *, font: Path | None = None) -> str:
    """The report as a web page: paragraphs, and tables with rowspan/colspan for merged cells;
    with ``font``, a local font file for the Chinese text (for printing on a machine without one)."""
    face = f"@font-face {{ font-family: 'seed cjk'; src: url('{font.resolve().as_uri()}'); }} " if font else ""
    out = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
           f"<title>{html.escape(report.name)}</title><style>{face}{STYLE}</style></head><body>"]
    for part in report.parts:
        if isinstance(part, str):
            out.append(f"<p>{html.escape(part)}</p>")
            continue
        spans, (last_row, last_col) = merges(part), extent(part)
        out.append("<table>")
        for r in range(1, last_row + 1):
            out.append("<tr>")
            for c in range(1, last_col + 1):
                if (r, c) in part.anchors and part.anchors[(r, c)] != (r, c):
                    continue
                rows, cols = spans.get((r, c), (1, 1))
                attrs = (f' rowspan="{rows}"' if rows > 1 else "") + (f' colspan="{cols}"' if cols > 1 else "")
                text = "<br>".join(html.escape(line) for line in cell_text(part.cells.get((r, c))).split("\n"))
                out.append(f"<td{attrs}>{text}</td>")
            out.append("</tr>")
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)


def write_html(report: Report, path: Path, *, font: Path | None = None) -> Path:
    """The report as a UTF-8 web page (see :func:`html_page`)."""
    path.write_text(html_page(report, font=font), encoding="utf-8")
    return path


def write_pdf(report: Report, path: Path, printer: Printer | None = None) -> Path:
    """The report printed by headless Chromium from its web page (written beside it as .html)."""
    page = write_html(report, path.with_suffix(".print.html"), font=cjk_font())
    if printer is None:
        with Printer() as own:
            own.print(page, path)
    else:
        printer.print(page, path)
    return path
