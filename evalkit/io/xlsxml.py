"""Layer 1, xlsx XML: what an xlsx says in its XML that a value reader does not give, read once
per sheet before any reader opens the file.

- **Limits**: a few kilobytes can claim cell XFD1048576, merge a whole sheet or unpack to
  gigabytes; readers would allocate all of it. The archive's unpacked size, each sheet's used
  range (from its cell references) and merged area are measured first and refused beyond
  :data:`MAX_UNZIPPED_BYTES`, :data:`MAX_SHEET_CELLS` and :data:`MAX_MERGED_CELLS`.
- **Percent formats**: which cells show their number as a percentage (python-calamine gives
  values, not formats).
- **Formulas without a value**: cells saved with a formula and no calculated result (written
  by a program, never opened in Excel) — unreadable, not blank.
"""

from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UnreadableFile

# Limits of what a self-evaluation workbook may be: real ones are a few hundred cells; a hostile
# or broken one must fail in seconds and well under 1 GB, not hang.
MAX_FILE_BYTES = 50 * 2**20
MAX_UNZIPPED_BYTES = 200 * 2**20
MAX_SHEET_CELLS = 5_000_000
MAX_MERGED_CELLS = 1_000_000
_EXCEL_ROWS, _EXCEL_COLS = 1_048_576, 16_384

_CELL = re.compile(rb'<(?:\w+:)?c\s([^>]*?)(/?)>')
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d{1,7})"')
_STYLE = re.compile(rb'\bs="(\d+)"')
_CELL_END = re.compile(rb"</(?:\w+:)?c>")
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([^"]+)"')
_NUMFMT = re.compile(rb'<(?:\w+:)?numFmt\s[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"')
_CELL_XFS = re.compile(rb"<(?:\w+:)?cellXfs\b.*?</(?:\w+:)?cellXfs>", re.S)
_XF = re.compile(rb"<(?:\w+:)?xf\b[^>]*>")
_PERCENT_BUILT_IN = {b"9", b"10"}  # 0% and 0.00%


@dataclass
class SheetXml:
    """What one sheet's XML says beyond its values."""

    percent: set[tuple[int, int]] = field(default_factory=set)
    uncached: set[tuple[int, int]] = field(default_factory=set)


def check_file(path: Path, what: str) -> None:
    """Refuse a missing or empty input, or one over :data:`MAX_FILE_BYTES`, naming ``what`` it is
    (自评表, 报告文件) in the message; read nothing of it."""
    if not path.is_file():
        raise UnreadableFile("文件不存在", file=path)
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile("文件为空（0 字节）", file=path)
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(f"文件 {size / 2**20:.0f} MB，超过{what}的上限 {MAX_FILE_BYTES / 2**20:.0f} MB，不予读取",
                             file=path)


def check_size(path: Path, sheet: str, rows: int, cols: int, merged: int) -> None:
    """Refuse a sheet whose used range or merged cells exceed the limits."""
    if rows * cols > MAX_SHEET_CELLS:
        raise UnreadableFile(f"工作表范围 {rows} 行 × {cols} 列超过上限 {MAX_SHEET_CELLS:,} 个单元格，不予读取",
                             file=path, sheet=sheet)
    if merged > MAX_MERGED_CELLS:
        raise UnreadableFile(f"合并单元格共覆盖 {merged:,} 个单元格，超过上限 {MAX_MERGED_CELLS:,}，不予读取",
                             file=path, sheet=sheet)


def merged_area(ref_range: str) -> int:
    """How many cells an A1-style range covers; whole rows or columns count in full.

    >>> merged_area("A1:C2"), merged_area("A:A"), merged_area("??")
    (6, 1048576, 0)
    """
    from openpyxl.utils.cell import range_boundaries  # openpyxl loads only when a workbook is read

    try:
        c1, r1, c2, r2 = range_boundaries(ref_range)
    except (ValueError, TypeError):
        return 0
    rows = (r2 or _EXCEL_ROWS) - (r1 or 1) + 1
    cols = (c2 or _EXCEL_COLS) - (c1 or 1) + 1
    return rows * cols


def inspect_xlsx(path: Path) -> dict[str, SheetXml]:
    """Check an xlsx against the limits and read, per sheet name, its percent cells and its
    formulas without a value. Raises :class:`UnreadableFile` naming the file (and sheet)."""
    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(info.file_size for info in archive.infolist())
            if size > MAX_UNZIPPED_BYTES:
                raise UnreadableFile(f"工作簿解压后 {size / 2**20:.0f} MB，超过上限 {MAX_UNZIPPED_BYTES / 2**20:.0f} MB"
                                     "（可能是压缩炸弹），不予读取", file=path)
            names = {part: name for name, part in _sheet_parts(archive).items()}
            percent_styles = _percent_styles(archive)
            out = {}
            for info in archive.infolist():
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    name = names.get(info.filename, info.filename)
                    out[name] = _inspect_sheet(path, name, archive.read(info), percent_styles)
            return out
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableFile(f"不是可读取的 xlsx 工作簿（{type(exc).__name__}: {exc}）", file=path) from exc


def _inspect_sheet(path: Path, name: str, xml: bytes, percent_styles: set[bytes]) -> SheetXml:
    from openpyxl.utils.cell import column_index_from_string

    check_size(path, name, 0, 0, sum(merged_area(m.group(1).decode("ascii", "replace")) for m in _MERGE.finditer(xml)))
    facts = SheetXml()
    rows = cols = 0
    formulas = b"<f" in xml or b":f" in xml
    for m in _CELL.finditer(xml):
        where = _REF.search(m.group(1))
        if where is None:
            continue
        cell = (int(where.group(2)), column_index_from_string(where.group(1).decode()))
        rows, cols = max(rows, cell[0]), max(cols, cell[1])
        style = _STYLE.search(m.group(1)) if percent_styles else None
        if style and style.group(1) in percent_styles:
            facts.percent.add(cell)
        if formulas and not m.group(2):  # a cell with content: does it hold a formula and no value?
            end = _CELL_END.search(xml, m.end())
            body = xml[m.end():end.start()] if end else b""
            if _FORMULA.search(body) and not _VALUE.search(body):
                facts.uncached.add(cell)
    check_size(path, name, rows, cols, 0)
    return facts


def _percent_styles(archive: zipfile.ZipFile) -> set[bytes]:
    """The indexes (as they appear in ``s="…"``) of the cell styles that show a percentage."""
    try:
        styles = archive.read("xl/styles.xml")
    except KeyError:
        return set()
    custom = {m.group(1): m.group(2).decode("utf-8", "replace") for m in _NUMFMT.finditer(styles)}
    xfs = _CELL_XFS.search(styles)
    out = set()
    for i, m in enumerate(_XF.finditer(xfs.group(0) if xfs else b"")):
        fmt = re.search(rb'numFmtId="(\d+)"', m.group(0))
        fid = fmt.group(1) if fmt else b"0"
        if fid in _PERCENT_BUILT_IN or "%" in custom.get(fid, "").replace("\\%", "").replace('"%"', ""):
            out.add(str(i).encode())
    return out


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML part, from workbook.xml and its relationships."""
    try:
        book = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets: dict[bytes, str] = {}
    for m in re.finditer(rb"<(?:\w+:)?Relationship\s[^>]*>", rels):
        ident, where = re.search(rb'\bId="([^"]+)"', m.group(0)), re.search(rb'\bTarget="([^"]+)"', m.group(0))
        if ident and where:
            part = where.group(1).decode().lstrip("/")
            targets[ident.group(1)] = part if part.startswith("xl/") else f"xl/{part}"
    parts: dict[str, str] = {}
    for m in re.finditer(rb"<(?:\w+:)?sheet\s[^>]*>", book):
        name, ident = re.search(rb'\bname="([^"]*)"', m.group(0)), re.search(rb'\br:id="([^"]*)"', m.group(0))
        if name and ident and ident.group(1) in targets:
            parts[html.unescape(name.group(1).decode("utf-8"))] = targets[ident.group(1)]
    return parts
