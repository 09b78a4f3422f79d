"""Layer 1, workbooks: a worksheet as a grid of raw cells with merged ranges and number formats, from xlsx or
xls; the tables of a published report (.docx, .html, text .pdf) come as grids the same way.

:class:`Grid` and :func:`ref` live in :mod:`evalkit.io.grid` and are re-exported here.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import UnreadableFile
from .cells import column_letter
from .document import DOCUMENT_SUFFIXES, document_kind, read_document
from .grid import Grid, ref
from .xlsxml import SheetXml, check_file, check_size, inspect_xlsx

__all__ = ["Grid", "column_letter", "ref", "read_grids"]


def _xlsx_grids(path: Path) -> list[Grid]:
    """Every sheet of an xlsx, read with python-calamine (values and merges) plus the percent
    formats from its XML; openpyxl only when calamine cannot read the file."""
    from python_calamine import CalamineWorkbook

    sheets = inspect_xlsx(path)  # limits first; then percent formats and formulas without a value
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception:  # calamine's errors have no common base: let openpyxl say what is wrong
        return _xlsx_grids_openpyxl(path)
    grids = []
    for name in book.sheet_names:
        try:
            sheet = book.get_sheet_by_name(name)
        except Exception:  # a chart sheet or a broken part: not a table
            continue
        ranges = sheet.merged_cell_ranges or []
        merged = sum((r1 - r0 + 1) * (c1 - c0 + 1) for (r0, c0), (r1, c1) in ranges)
        start = sheet.start or (0, 0)
        check_size(path, name, sheet.height + start[0], sheet.width + start[1], merged)
        cells: dict[tuple[int, int], object] = {}
        for r, row in enumerate(sheet.to_python(skip_empty_area=False), start=1):
            for c, value in enumerate(row, start=1):
                if value is None or value == "" or (isinstance(value, str) and not value.strip()):
                    continue
                if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
                    value = int(value)  # as openpyxl gives a whole number
                cells[(r, c)] = value
        anchors = {}
        for (r0, c0), (r1, c1) in ranges:
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    anchors[(r + 1, c + 1)] = (r0 + 1, c0 + 1)
        xml = sheets.get(name, SheetXml())
        grids.append(Grid(str(path), name, cells, anchors, xml.percent & set(cells), xml.uncached - set(cells)))
    return grids


def _xlsx_grids_openpyxl(path: Path) -> list[Grid]:
    import openpyxl
    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, AttributeError) as exc:
        raise UnreadableFile(f"不是可读取的 xlsx 工作簿（{type(exc).__name__}: {exc}）", file=path) from exc
    grids = []
    for sheet in book.worksheets:
        merged = sum((r.max_row - r.min_row + 1) * (r.max_col - r.min_col + 1) for r in sheet.merged_cells.ranges)
        check_size(path, sheet.title, sheet.max_row, sheet.max_column, merged)
        cells: dict[tuple[int, int], object] = {}
        percent: set[tuple[int, int]] = set()
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
                    continue
                cells[(cell.row, cell.column)] = cell.value
                if isinstance(cell.value, (int, float)) and "%" in (cell.number_format or ""):
                    percent.add((cell.row, cell.column))
        anchors = {}
        for rng in sheet.merged_cells.ranges:
            top = (rng.min_row, rng.min_col)
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    anchors[(r, c)] = top
        grids.append(Grid(str(path), sheet.title, cells, anchors, percent))
    return grids


def _xls_grids(path: Path) -> list[Grid]:
    import xlrd
    from xlrd.compdoc import CompDocError

    try:
        book = xlrd.open_workbook(str(path), formatting_info=True)
    except (xlrd.XLRDError, CompDocError, ValueError, IndexError, AssertionError) as exc:  # xlrd's damaged-file errors
        raise UnreadableFile(f"不是可读取的 xls 工作簿（{type(exc).__name__}: {exc}）", file=path) from exc
    grids = []
    for sheet in book.sheets():
        check_size(path, sheet.name, sheet.nrows, sheet.ncols,
                    sum((r1 - r0) * (c1 - c0) for r0, r1, c0, c1 in sheet.merged_cells))
        cells: dict[tuple[int, int], object] = {}
        percent: set[tuple[int, int]] = set()
        for r in range(sheet.nrows):
            for c in range(sheet.ncols):
                cell = sheet.cell(r, c)
                if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    continue
                value = cell.value
                if isinstance(value, str) and not value.strip():
                    continue
                cells[(r + 1, c + 1)] = value
                if cell.ctype == xlrd.XL_CELL_NUMBER:
                    fmt = book.format_map.get(book.xf_list[cell.xf_index].format_key)
                    if fmt is not None and "%" in fmt.format_str:
                        percent.add((r + 1, c + 1))
        anchors = {}
        for r0, r1, c0, c1 in sheet.merged_cells:
            for r in range(r0, r1):
                for c in range(c0, c1):
                    anchors[(r + 1, c + 1)] = (r0 + 1, c0 + 1)
        grids.append(Grid(str(path), sheet.name, cells, anchors, percent))
    return grids


def read_grids(path: str | Path) -> list[Grid]:
    """Every sheet of an ``.xlsx``/``.xlsm`` or legacy ``.xls`` workbook as a :class:`Grid`; for a
    report published as ``.docx``, ``.html``/``.htm`` or text ``.pdf`` (the type sniffed from the
    content), every table of it (see :func:`evalkit.io.document.read_document`).

    Raises :class:`InputError` naming the file when it is missing, empty, encrypted or not a
    workbook or report.
    """
    path = Path(path)
    check_file(path, "自评表")
    with path.open("rb") as fh:  # the type is sniffed from the first bytes, not the whole file
        head = fh.read(8)
    suffix = path.suffix.lower()
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        if suffix in {".xlsx", ".xlsm", ".docx"}:
            raise UnreadableFile("文件受密码保护或已加密（OLE 容器），请先解除保护再检查", file=path)
        return _xls_grids(path)
    if document_kind(path) is not None or suffix in DOCUMENT_SUFFIXES:
        return read_document(path).grids  # a report, or says which kind of report it is not
    if head.startswith(b"PK"):
        return _xlsx_grids(path)
    raise UnreadableFile(f"不是 Excel 工作簿（扩展名 {suffix or '无'}，文件头不是 xlsx/xls）", file=path)
