"""Reading PDF reports (pdfium): ruled tables with merged cells, prose, and the files refused."""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest
from PIL import Image

from evalkit.errors import UnreadableFile
from evalkit.io.pdf import SCANNED, read_pdf


def _text(doc: pdfium.PdfDocument, page: object, x: float, y: float, text: str) -> None:
    obj = raw.FPDFPageObj_NewTextObj(doc.raw, b"Helvetica", ctypes.c_float(10))
    buffer = ctypes.create_string_buffer(text.encode("utf-16-le") + b"\0\0")
    raw.FPDFText_SetText(obj, ctypes.cast(buffer, ctypes.POINTER(raw.FPDF_WCHAR)))
    raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
    raw.FPDFPage_InsertObject(page, obj)


def _box(page: object, x: float, y: float, w: float, h: float) -> None:
    obj = raw.FPDFPageObj_CreateNewRect(x, y, w, h)
    raw.FPDFPath_SetDrawMode(obj, raw.FPDF_FILLMODE_NONE, 1)
    raw.FPDFPage_InsertObject(page, obj)


def _ruled_pdf(path):
    """A page with a line of prose and a 3×3 ruled table whose first cell spans two columns."""
    doc = pdfium.PdfDocument.new()
    page = doc.new_page(400, 400)
    _text(doc, page.raw, 40, 360, "Budget report")
    top, h = 320, 20
    _box(page.raw, 40, top - h, 200, h)  # row 1: "Project" over columns 1-2, "Total" in column 3
    _box(page.raw, 240, top - h, 100, h)
    for r in (1, 2):
        for c in range(3):
            _box(page.raw, 40 + 100 * c, top - h * (r + 1), 100, h)
    for x, y, text in [(45, 306, "Project"), (245, 306, "Total"), (45, 286, "name"), (145, 286, "code"),
                       (245, 286, "amount"), (45, 266, "Roads"), (145, 266, "R1"), (245, 266, "12.5")]:
        _text(doc, page.raw, x, y, text)
    raw.FPDFPage_GenerateContent(page.raw)
    doc.save(path)
    return path


def test_a_ruled_table_gives_cells_and_the_merged_header_as_anchors(tmp_path):
    prose, grids = read_pdf(_ruled_pdf(tmp_path / "r.pdf"))
    assert prose == [("Budget report", "第1页")]
    (sheet, cells, anchors), = grids
    assert sheet == "第1页表1"
    assert cells == {(1, 1): "Project", (1, 3): "Total", (2, 1): "name", (2, 2): "code", (2, 3): "amount",
                     (3, 1): "Roads", (3, 2): "R1", (3, 3): "12.5"}
    assert anchors == {(1, 1): (1, 1), (1, 2): (1, 1)}


def test_a_scan_without_a_text_layer_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "扫描件.pdf"
    Image.new("RGB", (210, 297), "white").save(path, "PDF")
    with pytest.raises(UnreadableFile, match="OCR") as caught:
        read_pdf(path)
    assert SCANNED in str(caught.value) and "扫描件.pdf" in str(caught.value)


def _encrypted() -> bytes:
    """A one-page PDF whose /Encrypt dictionary's password entries match no empty password."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
               b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -4 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>"]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    ident = "ab" * 16
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<{ident}> <{ident}>] >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return out


def test_an_encrypted_pdf_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "加密.pdf"
    path.write_bytes(_encrypted())
    with pytest.raises(UnreadableFile, match="密码") as caught:
        read_pdf(path)
    assert "加密.pdf" in str(caught.value)


def test_a_damaged_pdf_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "坏.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    with pytest.raises(UnreadableFile, match="已损坏") as caught:
        read_pdf(path)
    assert "坏.pdf" in str(caught.value)
