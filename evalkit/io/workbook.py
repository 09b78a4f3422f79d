"""Layer 1, workbooks: a worksheet as a grid of raw cells with merged ranges and number formats, from xlsx or xls."""

from __future__ import annotations

import functools
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries

from ..errors import UnreadableFile
from .cells import squash


def ref(row: int, col: int) -> str:
    """A1 reference of a 1-based (row, column).

    >>> ref(12, 6)
    'F12'
    """
    return f"{get_column_letter(col)}{row}"


def column_letter(index: int) -> str:
    """The Excel letter of a 0-based column index.

    >>> column_letter(0), column_letter(25), column_letter(26)
    ('A', 'Z', 'AA')
    """
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


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


# Limits of what a self-evaluation workbook may be: real ones are a few hundred cells; a hostile
# or broken one must fail in seconds and well under 1 GB, not hang.
MAX_FILE_BYTES = 50 * 2**20
MAX_UNZIPPED_BYTES = 200 * 2**20
MAX_SHEET_CELLS = 5_000_000
MAX_MERGED_CELLS = 1_000_000
_CELL_REF = re.compile(rb'<(?:\w+:)?c\s[^>]*?r="([A-Z]{1,3})(\d{1,7})"')
_CELL_ELEMENT = re.compile(rb'<(?:\w+:)?c\s[^>]*?r="([A-Z]{1,3})(\d{1,7})"[^>]*?(?<!/)>(.*?)</(?:\w+:)?c>', re.S)
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c\s[^>]*>")
_STYLE_ATTR = re.compile(rb'\ss="(\d+)"')
_REF_ATTR = re.compile(rb'\sr="([A-Z]+)(\d+)"')
_MERGE_XML = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([^\"]+)\"")


def _check_zip(path: Path) -> None:
    """Refuse an xlsx whose parts would unpack to more than :data:`MAX_UNZIPPED_BYTES` (a zip
    bomb), before anything is decompressed."""
    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(info.file_size for info in archive.infolist())
            if size > MAX_UNZIPPED_BYTES:
                raise UnreadableFile(f"工作簿解压后 {size / 2**20:.0f} MB，超过上限 {MAX_UNZIPPED_BYTES / 2**20:.0f} MB"
                                     "（可能是压缩炸弹），不予读取", file=path)
            names = {part: name for name, part in _sheet_parts(archive).items()}
            for info in archive.infolist():  # readers allocate the used range and expand merges: measure first
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    xml = archive.read(info)
                    merged = sum(_area(m.group(1).decode("ascii", "replace")) for m in _MERGE_XML.finditer(xml))
                    rows = cols = 0
                    for m in _CELL_REF.finditer(xml):
                        rows, cols = max(rows, int(m.group(2))), max(cols, _column_index(m.group(1).decode()))
                    _check_size(path, names.get(info.filename, info.filename), rows, cols, merged)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnreadableFile(f"不是可读取的 xlsx 工作簿（{type(exc).__name__}: {exc}）", file=path) from exc


def _area(ref_range: str) -> int:
    """How many cells an A1-style range covers ("A1:C2" → 6; a bad reference counts 0)."""
    try:
        c1, r1, c2, r2 = range_boundaries(ref_range)
    except (ValueError, TypeError):
        return 0
    return (int(r2 or r1 or 1) - int(r1 or 1) + 1) * (int(c2 or c1 or 1) - int(c1 or 1) + 1)


def _check_size(path: Path, sheet: str, rows: int, cols: int, merged: int) -> None:
    """Refuse a sheet whose used range or merged cells exceed the limits (a few bytes can claim
    cell XFD1048576 or merge a whole sheet)."""
    if rows * cols > MAX_SHEET_CELLS:
        raise UnreadableFile(f"工作表范围 {rows} 行 × {cols} 列超过上限 {MAX_SHEET_CELLS:,} 个单元格，不予读取",
                             file=path, sheet=sheet)
    if merged > MAX_MERGED_CELLS:
        raise UnreadableFile(f"合并单元格共覆盖 {merged:,} 个单元格，超过上限 {MAX_MERGED_CELLS:,}，不予读取",
                             file=path, sheet=sheet)


def _percent_cells(archive: zipfile.ZipFile, sheet_xml: str) -> set[tuple[int, int]]:
    """The cells of one sheet whose number format shows a percentage, read from the styles and
    the sheet's XML (python-calamine gives values, not formats)."""
    try:
        styles = archive.read("xl/styles.xml")
    except KeyError:
        return set()
    custom = {m.group(1).decode(): m.group(2).decode("utf-8", "replace")
              for m in re.finditer(rb'<(?:\w+:)?numFmt\s[^>]*?numFmtId="(\d+)"[^>]*?formatCode="([^"]*)"', styles)}
    xfs = re.search(rb"<(?:\w+:)?cellXfs\b.*?</(?:\w+:)?cellXfs>", styles, re.S)
    percent_xf = set()
    for i, m in enumerate(re.finditer(rb"<(?:\w+:)?xf\b[^>]*>", xfs.group(0) if xfs else b"")):
        fmt = re.search(rb'numFmtId="(\d+)"', m.group(0))
        fid = fmt.group(1).decode() if fmt else "0"
        if fid in ("9", "10") or "%" in custom.get(fid, "").replace("\\%", "").replace('"%"', ""):
            percent_xf.add(str(i).encode())
    if not percent_xf:
        return set()
    try:
        xml = archive.read(sheet_xml)
    except KeyError:
        return set()
    cells = set()
    for m in _CELL_TAG.finditer(xml):
        style, where = _STYLE_ATTR.search(m.group(0)), _REF_ATTR.search(m.group(0))
        if style and where and style.group(1) in percent_xf:
            cells.add((int(where.group(2)), _column_index(where.group(1).decode())))
    return cells


def _uncached_formulas(archive: zipfile.ZipFile, sheet_xml: str) -> set[tuple[int, int]]:
    """The formula cells of one sheet saved without a value (``<f>`` and no ``<v>``)."""
    try:
        xml = archive.read(sheet_xml)
    except KeyError:
        return set()
    if b"<f" not in xml and b":f" not in xml:
        return set()
    out = set()
    for m in _CELL_ELEMENT.finditer(xml):
        body = m.group(3)
        if _FORMULA.search(body) and not _VALUE.search(body):
            out.add((int(m.group(2)), _column_index(m.group(1).decode())))
    return out


def _column_index(letters: str) -> int:
    """"A" → 1, "AB" → 28."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its XML part, from workbook.xml and its relationships."""
    try:
        book = archive.read("xl/workbook.xml")
        rels = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {m.group(1): m.group(2).decode() for m in re.finditer(
        rb'<(?:\w+:)?Relationship\s[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels)}
    targets.update({m.group(2): m.group(1).decode() for m in re.finditer(
        rb'<(?:\w+:)?Relationship\s[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)})
    parts = {}
    for m in re.finditer(rb"<(?:\w+:)?sheet\s[^>]*>", book):
        name = re.search(rb'name="([^"]*)"', m.group(0))
        rid = re.search(rb'r:id="([^"]*)"', m.group(0))
        if name and rid and rid.group(1) in targets:
            target = targets[rid.group(1)].lstrip("/")
            parts[_unescape(name.group(1).decode("utf-8"))] = target if target.startswith("xl/") else f"xl/{target}"
    return parts


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def _xlsx_grids(path: Path) -> list[Grid]:
    """Every sheet of an xlsx, read with python-calamine (values and merges) plus the percent
    formats from its XML; openpyxl only when calamine cannot read the file."""
    from python_calamine import CalamineWorkbook

    _check_zip(path)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception:  # calamine's errors have no common base: let openpyxl say what is wrong
        return _xlsx_grids_openpyxl(path)
    grids = []
    with zipfile.ZipFile(path) as archive:
        parts = _sheet_parts(archive)
        for name in book.sheet_names:
            try:
                sheet = book.get_sheet_by_name(name)
            except Exception:  # a chart sheet or a broken part: not a table
                continue
            ranges = sheet.merged_cell_ranges or []
            merged = sum((r1 - r0 + 1) * (c1 - c0 + 1) for (r0, c0), (r1, c1) in ranges)
            start = sheet.start or (0, 0)
            _check_size(path, name, sheet.height + start[0], sheet.width + start[1], merged)
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
            percent = _percent_cells(archive, parts[name]) & set(cells) if name in parts else set()
            uncached = _uncached_formulas(archive, parts[name]) - set(cells) if name in parts else set()
            grids.append(Grid(str(path), name, cells, anchors, percent, uncached))
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
        _check_size(path, sheet.title, sheet.max_row, sheet.max_column, merged)
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
        _check_size(path, sheet.name, sheet.nrows, sheet.ncols,
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
    """Every sheet of an ``.xlsx``/``.xlsm`` or legacy ``.xls`` workbook as a :class:`Grid`.

    Raises :class:`InputError` naming the file when it is missing, empty, encrypted or not a
    workbook.
    """
    path = Path(path)
    if not path.is_file():
        raise UnreadableFile("文件不存在", file=path)
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile("文件为空（0 字节）", file=path)
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(f"文件 {size / 2**20:.0f} MB，超过自评表的上限 {MAX_FILE_BYTES / 2**20:.0f} MB，不予读取",
                             file=path)
    with path.open("rb") as fh:  # the type is sniffed from the first bytes, not the whole file
        head = fh.read(8)
    suffix = path.suffix.lower()
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        if suffix in {".xlsx", ".xlsm"}:
            raise UnreadableFile("文件受密码保护或已加密（OLE 容器），请先解除保护再检查", file=path)
        return _xls_grids(path)
    if head.startswith(b"PK"):
        return _xlsx_grids(path)
    raise UnreadableFile(f"不是 Excel 工作簿（扩展名 {suffix or '无'}，文件头不是 xlsx/xls）", file=path)
