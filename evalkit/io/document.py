"""Layer 1, published reports: a self-evaluation report as a Word file (.docx), a saved web page
(.html/.htm) or a PDF with a text layer, read into its prose paragraphs and its tables.

Every table becomes the same :class:`~evalkit.io.grid.Grid` the spreadsheet reader gives, so the
layout engine, the rules and the findings work on it unchanged; its ``sheet`` says where a person
finds it ("表3": the third table of a .docx or web page; "第2页表1": the first table starting on
page 2 of a PDF) and its cells are referenced as "第5行第4列". The type is sniffed from the content,
not the name. A PDF without a text layer (a scan) is refused: evalkit does no OCR.

>>> document_kind(Path(__file__))  # a Python file is no report
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UnreadableFile
from .grid import Grid
from .pdf import read_pdf
from .webpage import read_html
from .word import read_docx
from .xlsxml import check_file

DOCUMENT_SUFFIXES = {".docx", ".html", ".htm", ".pdf"}
_HTML_START = re.compile(rb"\s*(?:<!--.*?-->\s*|<\?xml[^>]*>\s*)*<(?:!doctype\s+html|html|head|body|meta|title|table|"
                         rb"div|p|h[1-6])[\s>/]", re.I | re.S)
_BOMS = (b"\xef\xbb\xbf",)


@dataclass
class Paragraph:
    """One paragraph of prose (a heading too), with where a person finds it: "第12段" or "第3页"."""

    text: str
    where: str


@dataclass
class Document:
    """A published report: its prose in document order and its tables as grids."""

    file: str
    kind: str  # "docx" | "html" | "pdf"
    paragraphs: list[Paragraph] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)


def document_kind(path: str | Path) -> str | None:
    """"docx", "pdf" or "html" as sniffed from the file's first bytes; None for anything else.

    An xlsx is a zip too: only a zip holding ``word/document.xml`` is a Word document.
    """
    try:
        with Path(path).open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return None
    if head.lstrip()[:5] == b"%PDF-" or (b"%PDF-" in head[:1024] and head.startswith((b"\x00", b"\r", b"\n", b" "))):
        return "pdf"
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as archive:
                return "docx" if "word/document.xml" in archive.namelist() else None
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
    for bom in _BOMS:
        head = head.removeprefix(bom)
    return "html" if _HTML_START.match(head) else None


def read_document(path: str | Path) -> Document:
    """Read a report published as .docx, .html/.htm or text .pdf.

    Raises :class:`~evalkit.errors.UnreadableFile` naming the file when it is missing, empty, too
    big, encrypted, damaged, scanned (no text layer) or not a report of those kinds.
    """
    path = Path(path)
    check_file(path, "报告文件")
    kind = document_kind(path)
    if kind is None:
        with path.open("rb") as fh:
            head = fh.read(8)
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise UnreadableFile("文件受密码保护或是旧版 Word（.doc）/Excel 格式（OLE 容器），请另存为 .docx 或解除保护后再检查",
                                 file=path)
        if path.suffix.lower() in {".html", ".htm"}:
            kind = "html"  # a page saved without the usual first tag: read it as a page all the same
        else:
            raise UnreadableFile(f"不是可读取的报告文件（扩展名 {path.suffix.lower() or '无'}，内容不是 docx/html/pdf）",
                                 file=path)
    reader = {"docx": read_docx, "html": read_html, "pdf": read_pdf}[kind]
    prose, tables = reader(path)
    return Document(str(path), kind, [Paragraph(text, where) for text, where in prose],
                    [Grid(str(path), sheet, cells, anchors, refs="rowcol") for sheet, cells, anchors in tables])
