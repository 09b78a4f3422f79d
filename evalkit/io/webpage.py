"""Layer 1, web pages: the prose and the tables of a report saved from a browser (.html/.htm), with lxml.

The page is decoded as its ``<meta charset>`` says (GB2312 and GBK read as GB18030, their
superset), else as UTF-8, else as GB18030. Prose is the text of the block elements outside tables,
one paragraph per block or line break ("第12段"); each outermost table becomes a grid ("表3") laid
out with its ``rowspan``/``colspan``; a table nested in a cell is flattened into that cell's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..errors import UnreadableFile
from .xlsxml import MAX_SHEET_CELLS

Table = tuple[dict[tuple[int, int], object], dict[tuple[int, int], tuple[int, int]]]  # cells, anchors

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "iso-8859-1": "cp1252", "ascii": "utf-8"}
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "pre", "blockquote",
           "section", "article", "header", "footer", "main", "nav", "aside", "figure", "figcaption", "address",
           "center", "form", "fieldset", "hr", "tr", "caption", "body"}
_SKIP = {"script", "style", "head", "noscript", "template", "svg", "object", "iframe", "select", "button"}
_SPACES = re.compile(r"[ \t\r\n\f\u00a0]+")


@dataclass
class Span:
    """One cell of a document table as written: its text and how many rows and columns it covers."""

    text: str
    rows: int = 1
    cols: int = 1


MAX_SPAN = 1000  # a colspan or rowspan beyond this is a broken or hostile table


def place(rows: list[list[Span]], *, max_cells: int = 5_000_000) -> Table:
    """Lay out a table's rows the way a browser does (a cell goes to the first free column; spans
    cover the cells right and below): its cells and the anchors of its merged ranges.

    A rowspan is cut at the table's last row; ``max_cells`` bounds the area (ValueError beyond).

    >>> cells, anchors = place([[Span("类别", rows=2), Span("金额", cols=2)], [Span("1"), Span("2")]])
    >>> cells, anchors[(2, 1)]
    ({(1, 1): '类别', (1, 2): '金额', (2, 2): '1', (2, 3): '2'}, (1, 1))
    """
    cells: dict[tuple[int, int], object] = {}
    anchors: dict[tuple[int, int], tuple[int, int]] = {}
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(rows, start=1):
        c = 1
        for span in row:
            while (r, c) in taken:
                c += 1
            height = max(1, min(span.rows, len(rows) - r + 1, MAX_SPAN))
            width = max(1, min(span.cols, MAX_SPAN))
            if (c + width) * (r + height) > max_cells or len(taken) > max_cells:
                raise ValueError(f"表格范围超过上限 {max_cells:,} 个单元格")
            if span.text.strip():
                cells[(r, c)] = span.text
            for rr in range(r, r + height):
                for cc in range(c, c + width):
                    taken.add((rr, cc))
                    if height * width > 1:
                        anchors[(rr, cc)] = (r, c)
            c += width
    return cells, anchors


def decode(path: Path, data: bytes) -> str:
    """The page's text, decoded as its meta charset says, else UTF-8, else GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    declared = _CHARSET.search(data[:8192])
    encodings = ["utf-8", "gb18030"]
    if declared:
        name = declared.group(1).decode("ascii", "replace").lower()
        encodings.insert(0, _SUPERSETS.get(name, name))
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise UnreadableFile("网页既不是 UTF-8 也不是 GB18030/GBK 编码，无法解码", file=path)


def _line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _lines(root: object, on_table: Callable[[object], None] | None = None) -> list[str]:
    """The text of ``root`` as a browser lays it out: one line per block or line break, nested cells
    spaced. With ``on_table``, each table met is handed to it instead (the lines before it ended)."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if (line := _line("".join(current))):
            lines.append(line)
        current.clear()

    def walk(el: object) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""  # type: ignore[attr-defined]
        if tag in _SKIP or not tag:  # comments and processing instructions have no tag
            return
        if tag == "table" and on_table is not None:
            flush()
            on_table(el)
            return
        if tag == "br" or tag in _BLOCKS:
            flush()
        elif tag in ("td", "th"):
            current.append(" ")
        if el.text:  # type: ignore[attr-defined]
            current.append(el.text)  # type: ignore[attr-defined]
        for child in el:  # type: ignore[attr-defined]
            walk(child)
            if child.tail:
                current.append(child.tail)
        if tag in _BLOCKS:
            flush()

    walk(root)
    flush()
    return lines


def _cell_text(cell: object) -> str:
    """A cell's text as a browser shows it: line breaks and blocks as new lines, nested cells spaced."""
    return "\n".join(_lines(cell))


def _span(cell: object, name: str, rows_left: int) -> int:
    try:
        value = int(str(cell.get(name, "1")).strip().rstrip(";") or 1)  # type: ignore[attr-defined]
    except ValueError:
        return 1
    if name == "rowspan" and value == 0:  # "to the end of the table"
        return rows_left
    return max(1, value)


def _rows(table: object) -> list[object]:
    rows = []
    for child in table:  # type: ignore[attr-defined]
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(tr for tr in child if tr.tag == "tr")
    return rows


def _grid(path: Path, table: object, sheet: str) -> tuple[str, dict, dict]:
    trs = _rows(table)
    rows = [[Span(_cell_text(td), _span(td, "rowspan", len(trs) - i), _span(td, "colspan", 1))
             for td in tr if td.tag in ("td", "th")] for i, tr in enumerate(trs)]  # type: ignore[attr-defined]
    try:
        return (sheet, *place(rows, max_cells=MAX_SHEET_CELLS))
    except ValueError as exc:
        raise UnreadableFile(f"{exc}，不予读取", file=path, sheet=sheet) from exc


def read_html(path: Path) -> tuple[list[tuple[str, str]], list[tuple[str, dict, dict]]]:
    """The paragraphs (text, "第N段") and the outermost tables ("表N") of a saved web page, in order."""
    import lxml.html
    from lxml import etree

    text = decode(path, path.read_bytes())
    if not text.strip():
        raise UnreadableFile("网页没有内容", file=path)
    try:
        root = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*>", "", text))
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableFile(f"不是可读取的网页（{exc}）", file=path) from exc
    grids: list[tuple[str, dict, dict]] = []
    lines = _lines(root, lambda table: grids.append(_grid(path, table, f"表{len(grids) + 1}")))
    return [(line, f"第{n}段") for n, line in enumerate(lines, start=1)], grids
