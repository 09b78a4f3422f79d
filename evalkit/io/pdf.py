"""Layer 1, PDF reports: the prose lines and the ruled tables of a PDF with a text layer.

pdfium (pypdfium2, in C) gives each page's characters and ruling paths; pdfplumber's table finder
turns the rulings into cells (pdfminer's slow page parsing is not used).

Each page's tables are found from their ruling lines; a page without any ruling falls back to
text alignment. A table is laid out from its cells' edges (a cell spanning several column or row
edges is a merged cell: the grid's anchors) and filled with the characters inside each cell. A
table that runs on at the top of the next page with the same columns is one grid (a repeated
header row is dropped; a merged cell cut by the page break is joined again). Prose lines are
joined into paragraphs (a line ending short of the right margin, or an indented line, ends one),
each with its page ("第3页"). A PDF in which no page has text is a scan: refused, no OCR.
"""

from __future__ import annotations

import bisect
import ctypes
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import UnreadableFile

MAX_PAGES = 2000
SCANNED = "是扫描件（没有文字层），无法读取；evalkit 不做文字识别（OCR）"
_LINES = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3, "intersection_tolerance": 3}
_TEXT = {"vertical_strategy": "text", "horizontal_strategy": "text", "min_words_vertical": 3, "min_words_horizontal": 2}
_PAGE_NUMBER = re.compile(r"^[-—–\s第]*\d+[-—–\s页/共\d]*$")
# A font that draws 门 and ⻔ with one glyph may map it back to either: the CJK radical forms a PDF's
# text layer gives (seen from Chromium with Noto Sans CJK) read as the characters they stand for;
# control characters (an unmapped space) as spaces; the two-em dash as the two dashes it replaced.
_RADICALS = dict(zip("⺠⻄⻅⻆⻉⻋⻓⻔⻘⻚⻛⻜⻝⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳⺟⺝⺼",
                     "民西见角贝车长门青页风飞食马骨鬼鱼鸟卤麦黄黾齐齿龙龟母月月"))
_GLYPHS = str.maketrans({**_RADICALS, "\u2e3a": "——", "\u2e3b": "———",
                         **{chr(i): " " for i in range(32) if chr(i) not in "\n"}})


@dataclass
class _Table:
    page: int
    top: float
    bottom: float
    xs: list[float]
    cells: dict[tuple[int, int], str] = field(default_factory=dict)
    anchors: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    rows: int = 0


@dataclass
class _Line:
    page: int
    text: str
    x0: float
    x1: float
    top: float
    size: float


def _cluster(values: list[float], tolerance: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def _nearest(edges: list[float], v: float) -> int:
    i = bisect.bisect_left(edges, v)
    if i == len(edges) or (i > 0 and v - edges[i - 1] < edges[i] - v):
        return i - 1
    return i


def _join(lines: list[str]) -> str:
    """Lines of one cell or paragraph: no space between two Chinese characters (a wrap), else a break."""
    out = ""
    for line in lines:
        if out and not (out[-1].isascii() or line[0].isascii()):
            out += line
        else:
            out += ("\n" if out else "") + line
    return out


def _text_lines(chars: list[dict]) -> list[tuple[float, float, float, float, str]]:
    """Characters grouped into lines: (x0, x1, top, size, text), top to bottom."""
    rows: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        if rows and abs(ch["top"] - rows[-1][0]["top"]) <= max(2.0, 0.4 * ch["size"]):
            rows[-1].append(ch)
        else:
            rows.append([ch])
    out = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        text, last = "", None
        for ch in row:
            if last is not None and ch["x0"] - last["x1"] > 0.25 * ch["size"] and not text.endswith(" "):
                text += " "
            text += ch["text"]
            last = ch
        if text.strip():
            out.append((row[0]["x0"], row[-1]["x1"], row[0]["top"], row[0]["size"], text.strip()))
    return out


def _table(page_no: int, found: object, chars: list[dict]) -> _Table | None:
    boxes = [c for c in found.cells if c is not None]  # type: ignore[attr-defined]
    xs = _cluster([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _cluster([b[1] for b in boxes] + [b[3] for b in boxes])
    if len(xs) < 2 or len(ys) < 2:
        return None
    table = _Table(page_no, ys[0], ys[-1], xs, rows=len(ys) - 1)
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for x0, top, x1, bottom in boxes:
        c0, c1, r0, r1 = _nearest(xs, x0), _nearest(xs, x1), _nearest(ys, top), _nearest(ys, bottom)
        for r in range(r0 + 1, max(r1, r0 + 1) + 1):
            for c in range(c0 + 1, max(c1, c0 + 1) + 1):
                owner[(r, c)] = (r0 + 1, c0 + 1)
                if r1 - r0 > 1 or c1 - c0 > 1:
                    table.anchors[(r, c)] = (r0 + 1, c0 + 1)
    inside: dict[tuple[int, int], list[dict]] = {}
    for ch in chars:
        cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
        slot = (bisect.bisect(ys, cy), bisect.bisect(xs, cx))
        if slot in owner:
            inside.setdefault(owner[slot], []).append(ch)
    for slot, cell_chars in inside.items():
        text = _join([line[4] for line in _text_lines(cell_chars)])
        if text:
            table.cells[slot] = text
    return table


def _continues(first: _Table, second: _Table) -> bool:
    return len(first.xs) == len(second.xs) and all(abs(a - b) <= 2 for a, b in zip(first.xs, second.xs))


def _append(first: _Table, second: _Table) -> None:
    """Add the rows of ``second`` (the same table on the next page) below those of ``first``."""
    repeated = 0
    for k in range(1, min(3, first.rows, second.rows - 1) + 1):
        head = [first.cells.get((r, c)) for r in range(1, k + 1) for c in range(1, len(first.xs))]
        again = [second.cells.get((r, c)) for r in range(1, k + 1) for c in range(1, len(first.xs))]
        if head == again and any(head):
            repeated = k
    shift = first.rows - repeated
    for c in range(1, len(first.xs)):  # a merged cell cut by the page break: its lower part is empty
        below = (1 + repeated, c)
        top_b = second.anchors.get(below, below)
        last = (first.rows, c)
        if below in second.cells or top_b != below or second.cells.get(top_b):
            continue
        if last in first.anchors and first.anchors[last][0] < first.rows or second.anchors.get(below):
            anchor = first.anchors.get(last, last)
            first.anchors[last] = anchor
            for (r, cc), a in list(second.anchors.items()):
                if a == below:
                    second.anchors[(r, cc)] = anchor
                    first.anchors[(r + shift, cc)] = anchor
            first.anchors[(below[0] + shift, c)] = anchor
    for (r, c), text in second.cells.items():
        if r > repeated:
            first.cells[(r + shift, c)] = text
    for (r, c), (ar, ac) in second.anchors.items():
        if r > repeated and (r + shift, c) not in first.anchors:
            first.anchors[(r + shift, c)] = (ar + shift, ac) if ar > repeated else (ar, ac)
    first.rows += second.rows - repeated
    first.bottom = second.bottom


def _paragraphs(lines: list[_Line], left: float, right: float) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    current: list[_Line] = []

    def flush() -> None:
        if current:
            out.append((_join([line.text for line in current]), f"第{current[0].page}页"))
            current.clear()

    for line in lines:
        if current and (line.x0 > left + 1.5 * line.size or current[-1].x1 < right - 2 * line.size):
            flush()
        current.append(line)
    flush()
    return out


class _Page:
    """What pdfplumber's table finder asks of a page, from pdfium: its ruling edges and its characters."""

    def __init__(self, width: float, height: float, edges: list[dict], chars: list[dict]) -> None:
        self.bbox = (0.0, 0.0, width, height)
        self.edges = edges
        self.chars = chars

    def extract_words(self, **settings: Any) -> list[dict]:
        from pdfplumber.utils import extract_words

        return extract_words(self.chars, **settings)


def _open(path: Path) -> object:
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == raw.FPDF_ERR_PASSWORD:
            raise UnreadableFile("PDF 受密码保护或已加密，请先解除保护再检查", file=path) from exc
        raise UnreadableFile(f"PDF 已损坏，无法读取（{exc}）", file=path) from exc


def _chars(textpage: object, height: float) -> list[dict]:
    """The page's characters as pdfplumber would give them: text, x0/x1 (the advance), top/bottom
    (from the baseline, the font's descent and its size in page space) and size; pdfium's
    generated spaces and line breaks left out."""
    import pypdfium2.raw as raw

    box, matrix = raw.FS_RECTF(), raw.FS_MATRIX()
    ox, oy, descent = ctypes.c_double(), ctypes.c_double(), ctypes.c_float()
    descents: dict[tuple[int | None, float], float] = {}
    out: list[dict] = []
    pending = ""
    for i in range(raw.FPDFText_CountChars(textpage)):
        if raw.FPDFText_IsGenerated(textpage, i) == 1:
            continue
        code = raw.FPDFText_GetUnicode(textpage, i)
        if 0xD800 <= code < 0xDC00:  # the first half of a character outside the BMP: joined with the next
            pending = chr(code)
            continue
        text = (pending + chr(code)).encode("utf-16", "surrogatepass").decode("utf-16", "replace") if pending else chr(code)
        pending = ""
        raw.FPDFText_GetLooseCharBox(textpage, i, ctypes.byref(box))
        raw.FPDFText_GetMatrix(textpage, i, ctypes.byref(matrix))
        raw.FPDFText_GetCharOrigin(textpage, i, ctypes.byref(ox), ctypes.byref(oy))
        font_size = raw.FPDFText_GetFontSize(textpage, i)
        font = raw.FPDFTextObj_GetFont(raw.FPDFText_GetTextObject(textpage, i))
        key = (ctypes.cast(font, ctypes.c_void_p).value, font_size)
        if key not in descents:
            ok = font and font_size and raw.FPDFFont_GetDescent(font, ctypes.c_float(font_size), ctypes.byref(descent))
            descents[key] = descent.value / font_size if ok else 0.0
        size = font_size * math.hypot(matrix.c, matrix.d)
        bottom = height - (oy.value + descents[key] * size)
        x0, x1 = ox.value, box.right
        if abs(box.left - x0) > 0.01 and unicodedata.east_asian_width(text[0]) in "WF":
            x1 = x0 + size  # pdfium gave the glyph's ink, not its advance: a full-width character is one em
        out.append({"text": text, "x0": x0, "x1": x1, "top": bottom - size, "bottom": bottom,
                    "doctop": bottom - size, "size": size, "upright": matrix.b == 0 and matrix.c == 0})
    return out


def _paths(page: object) -> list[object]:
    """The path objects of a page, those inside form objects too (as pypdfium2's get_objects, without
    a Python object per page object)."""
    import pypdfium2.raw as raw

    out: list[object] = []
    todo: list[tuple[object, int]] = [(page, 0)]
    while todo:
        parent, depth = todo.pop()
        form = parent is not page
        count = raw.FPDFFormObj_CountObjects(parent) if form else raw.FPDFPage_CountObjects(parent)
        for i in range(count):
            obj = raw.FPDFFormObj_GetObject(parent, i) if form else raw.FPDFPage_GetObject(parent, i)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_PATH:
                out.append(obj)
            elif kind == raw.FPDF_PAGEOBJ_FORM and depth < 15:
                todo.append((obj, depth + 1))
    return out


def _edges(page: object, height: float) -> tuple[list[dict], bool]:
    """The ruling edges of a page's straight-line paths (a rectangle gives its four sides) and
    whether there are any; curves are no ruling."""
    import pypdfium2.raw as raw
    from pdfplumber.utils import rect_to_edges

    edges: list[dict] = []
    matrix, x, y = raw.FS_MATRIX(), ctypes.c_float(), ctypes.c_float()
    for handle in _paths(page.raw):  # type: ignore[attr-defined]
        points, closed, curved = [], False, False
        for k in range(raw.FPDFPath_CountSegments(handle)):
            segment = raw.FPDFPath_GetPathSegment(handle, k)
            curved |= raw.FPDFPathSegment_GetType(segment) == raw.FPDF_SEGMENT_BEZIERTO
            raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
            points.append((x.value, y.value))
            closed |= bool(raw.FPDFPathSegment_GetClose(segment))
        if curved or len(points) < 2:
            continue
        raw.FPDFPageObj_GetMatrix(handle, ctypes.byref(matrix))
        on_page = [(matrix.a * px + matrix.c * py + matrix.e, height - (matrix.b * px + matrix.d * py + matrix.f))
                   for px, py in points]
        xs, ys = sorted({round(p[0], 3) for p in on_page}), sorted({round(p[1], 3) for p in on_page})
        if closed and len(on_page) <= 5 and len(xs) == len(ys) == 2:  # a rectangle: four sides, as pdfplumber's
            edges.extend(rect_to_edges({"object_type": "rect", "x0": xs[0], "x1": xs[1], "top": ys[0], "bottom": ys[1],
                                        "doctop": ys[0], "y0": height - ys[1], "y1": height - ys[0],
                                        "width": xs[1] - xs[0], "height": ys[1] - ys[0]}))
            continue
        for (ax, ay), (bx, by) in zip(on_page, on_page[1:] + on_page[:1] if closed else on_page[1:]):
            if abs(ax - bx) < 0.01 or abs(ay - by) < 0.01:  # a straight ruling; slanted lines are no table
                x0, x1, t, b = min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)
                edges.append({"object_type": "line", "x0": x0, "x1": x1, "top": t, "bottom": b, "doctop": t,
                              "y0": height - b, "y1": height - t, "width": x1 - x0, "height": b - t,
                              "orientation": "h" if abs(ay - by) < 0.01 else "v"})
    return edges, bool(edges)


def read_pdf(path: Path) -> tuple[list[tuple[str, str]], list[tuple[str, dict, dict]]]:
    """The paragraphs (text, "第N页") and the tables ("第N页表K") of a PDF with a text layer."""
    pdf = _open(path)
    try:
        return _read(path, pdf)
    finally:
        pdf.close()  # type: ignore[attr-defined]


def _read(path: Path, pdf: object) -> tuple[list[tuple[str, str]], list[tuple[str, dict, dict]]]:
    from pdfplumber.table import TableFinder

    items: list[_Line | _Table] = []
    any_text = False
    count = len(pdf)  # type: ignore[arg-type]
    if count > MAX_PAGES:
        raise UnreadableFile(f"PDF 共 {count} 页，超过上限 {MAX_PAGES} 页，不予读取", file=path)
    for page_no in range(1, count + 1):
        try:
            page = pdf[page_no - 1]  # type: ignore[index]
            width, height = page.get_width(), page.get_height()
            textpage = page.get_textpage()
            every = _chars(textpage, height)
        except Exception as exc:  # pdfium reports a damaged page as PdfiumError or a ctypes error
            raise UnreadableFile(f"PDF 第 {page_no} 页已损坏，无法读取（{exc}）", file=path) from exc
        chars = [{**c, "text": c["text"].translate(_GLYPHS)} for c in every]
        chars = [c for c in chars if c["text"].strip()]
        if not chars:
            textpage.close()
            page.close()
            continue
        any_text = True
        edges, ruled = _edges(page, height)
        found = TableFinder(_Page(width, height, edges, every), _LINES if ruled else _TEXT).tables  # type: ignore[arg-type]
        tables = [t for f in found if (t := _table(page_no, f, chars)) and t.rows > 1 and len(t.xs) > 2]
        tables.sort(key=lambda t: t.top)
        rest = [c for c in chars if not any(t.top - 1 <= c["top"] <= t.bottom + 1 and t.xs[0] - 1 <= c["x0"]
                                            <= t.xs[-1] + 1 for t in tables)]
        page_items: list[tuple[float, _Line | _Table]] = [(t.top, t) for t in tables]
        for x0, x1, top, size, text in _text_lines(rest):
            footer = (top < height * 0.06 or top > height * 0.92) and _PAGE_NUMBER.match(text)
            if not footer:
                page_items.append((top, _Line(page_no, text, x0, x1, top, size)))
        page_items.sort(key=lambda item: item[0])
        first = page_items[0][1] if page_items else None
        if (isinstance(first, _Table) and items and isinstance(items[-1], _Table)
                and items[-1].page < page_no and _continues(items[-1], first)):
            _append(items[-1], first)
            page_items.pop(0)
        items.extend(item for _, item in page_items)
        textpage.close()
        page.close()
    if not any_text:
        raise UnreadableFile(SCANNED, file=path)
    lines = [i for i in items if isinstance(i, _Line)]
    left = min((line.x0 for line in lines), default=0.0)
    right = max((line.x1 for line in lines), default=0.0)
    prose: list[tuple[str, str]] = []
    grids: list[tuple[str, dict, dict]] = []
    run: list[_Line] = []
    per_page: dict[int, int] = {}
    for item in [*items, None]:
        if isinstance(item, _Line):
            run.append(item)
            continue
        prose.extend(_paragraphs(run, left, right))
        run = []
        if isinstance(item, _Table):
            per_page[item.page] = per_page.get(item.page, 0) + 1
            grids.append((f"第{item.page}页表{per_page[item.page]}", dict(item.cells), dict(item.anchors)))
    return prose, grids
