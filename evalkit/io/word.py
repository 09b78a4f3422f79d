"""Layer 1, Word reports: the paragraphs and tables of a .docx in document order (python-docx).

Merged cells become the grid's anchors: a horizontal merge (``w:gridSpan``) covers the columns to
its right, a vertical one (``w:vMerge`` continue) joins the cell above. A table nested in a cell
is flattened into that cell's text (its rows as lines, its cells separated by spaces). Paragraphs
are numbered as a person counts them: the non-empty ones outside tables ("第12段").
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import UnreadableFile
from .xlsxml import MAX_MERGED_CELLS, MAX_SHEET_CELLS, MAX_UNZIPPED_BYTES

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _check_archive(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableFile(f"不是可读取的 Word 文档（{type(exc).__name__}: {exc}）", file=path) from exc
    if size > MAX_UNZIPPED_BYTES:
        raise UnreadableFile(f"Word 文档解压后 {size / 2**20:.0f} MB，超过上限 {MAX_UNZIPPED_BYTES / 2**20:.0f} MB，不予读取",
                             file=path)


def _text(element: object) -> str:
    """The text of a paragraph, table cell or nested table: runs joined, paragraphs as lines,
    a nested table's cells separated by spaces; tabs and breaks as spaces and lines."""
    lines: list[str] = []
    for child in element:  # type: ignore[attr-defined]
        tag = child.tag
        if tag == f"{_W}p":
            lines.append(_paragraph(child))
        elif tag == f"{_W}tbl":
            for tr in child.iter(f"{_W}tr"):
                lines.append(" ".join(_text(tc) for tc in tr.iter(f"{_W}tc")).strip())
        elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
            lines.append(_text(child))
    return "\n".join(line for line in lines if line)


def _paragraph(p: object) -> str:
    parts: list[str] = []
    for node in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}delText"):  # type: ignore[attr-defined]
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        elif node.tag in (f"{_W}tab",):
            parts.append(" ")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
    return "".join(parts).strip()


def _int_attr(element: object, child: str, default: int) -> int:
    found = element.find(child) if element is not None else None  # type: ignore[attr-defined]
    if found is None:
        return default
    try:
        return max(0, min(int(found.get(f"{_W}val", default)), 1000))
    except ValueError:
        return default


def _table(path: Path, tbl: object, sheet: str) -> tuple[str, dict, dict]:
    cells: dict[tuple[int, int], object] = {}
    anchors: dict[tuple[int, int], tuple[int, int]] = {}
    owner: dict[tuple[int, int], tuple[int, int]] = {}  # every covered slot → its cell's top-left
    rows = [tr for tr in tbl if tr.tag == f"{_W}tr"]  # type: ignore[attr-defined]
    for r, tr in enumerate(rows, start=1):
        tr_pr = tr.find(f"{_W}trPr")
        c = 1 + _int_attr(tr_pr, f"{_W}gridBefore", 0)
        for tc in tr.iter(f"{_W}tc"):
            if tc.getparent() is not tr and tc.getparent().tag != f"{_W}sdtContent":
                continue  # a cell of a nested table
            tc_pr = tc.find(f"{_W}tcPr")
            span = max(1, _int_attr(tc_pr, f"{_W}gridSpan", 1))
            vmerge = tc_pr.find(f"{_W}vMerge") if tc_pr is not None else None
            above = owner.get((r - 1, c))
            if vmerge is not None and vmerge.get(f"{_W}val", "continue") == "continue" and above is not None:
                top = above
                anchors[top] = top
                for cc in range(c, c + span):
                    anchors[(r, cc)] = top
                    owner[(r, cc)] = top
            else:
                text = _text(tc)
                if text:
                    cells[(r, c)] = text
                for cc in range(c, c + span):
                    owner[(r, cc)] = (r, c)
                    if span > 1:
                        anchors[(r, cc)] = (r, c)
            c += span
            if r * c > MAX_SHEET_CELLS or len(anchors) > MAX_MERGED_CELLS:
                raise UnreadableFile(f"表格范围超过上限 {MAX_SHEET_CELLS:,} 个单元格，不予读取", file=path, sheet=sheet)
    return sheet, cells, anchors


def read_docx(path: Path) -> tuple[list[tuple[str, str]], list[tuple[str, dict, dict]]]:
    """The paragraphs (text, "第N段") and the tables ("表N") of a .docx, in document order."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    _check_archive(path)
    try:
        body = docx.Document(str(path)).element.body
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, OSError, AttributeError) as exc:
        raise UnreadableFile(f"不是可读取的 Word 文档（{type(exc).__name__}: {exc}）", file=path) from exc
    except SyntaxError as exc:  # lxml's XMLSyntaxError: a damaged part
        raise UnreadableFile(f"Word 文档内容已损坏（{exc}）", file=path) from exc
    prose: list[tuple[str, str]] = []
    grids: list[tuple[str, dict, dict]] = []

    def walk(parent: object) -> None:
        for child in parent:  # type: ignore[attr-defined]
            if child.tag == f"{_W}p":
                text = _paragraph(child)
                if text:
                    prose.append((text, f"第{len(prose) + 1}段"))
            elif child.tag == f"{_W}tbl":
                grids.append(_table(path, child, f"表{len(grids) + 1}"))
            elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
                walk(child)

    walk(body)
    return prose, grids
