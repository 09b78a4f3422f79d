"""Layer 4, annotated workbook: a copy of a submitted workbook with the findings marked on it.

Each cell a finding names is filled in its severity's colour (the worst, when several findings
name one cell) and carries an Excel comment (批注) giving every finding there: severity, rule,
reported and recomputed values, message. Findings with no cell, and a list of all of them with
links to their cells, go to an extra sheet 复核意见. Everything else in the workbook — values,
formulas, styles, merged cells, its own comments — is kept as openpyxl reads it. A legacy .xls
is converted from its cell values (formats are not carried over; the 复核意见 sheet says so).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Iterable, Sequence

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.cell import coordinate_from_string, range_boundaries
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook as Book
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from ..department.workbooks import CheckReport
from ..errors import UnreadableFile, UsageError
from ..findings import Finding, Findings
from ..io.atomic import write_atomic
from ..io.workbook import read_grids, ref
from ..rules.numbers import excel_format
from .register import (
    HEADER_FILL,
    SEVERITY_FILLS,
    SEVERITY_RANK,
    display,
    is_rate,
    set_text,
    style_table,
)

NOTES_SHEET = "复核意见"
SUFFIX = ".复核.xlsx"
AUTHOR = "evalkit 复核"
XLS_NOTE = "原文件为 .xls，本副本由其单元格数值转换而来（字体、边框等格式未保留）；原文件未改动。"


def comment_text(findings: Sequence[Finding]) -> str:
    """The comment of one cell: each finding as severity and rule, values, message.

    >>> print(comment_text([Finding("execution-score", "error", "a.xlsx", "S", "H6", "", 10.0, 5.0, "应为 5.00 分。")]))
    【错误】执行率得分（execution-score）
    报告值：10.00；复算值：5.00
    应为 5.00 分。
    """
    parts = []
    for f in findings:
        rate = is_rate(f)
        values = "；".join(f"{label}：{text}" for label, text in (("报告值", display(f.reported, rate=rate)),
                                                                 ("复算值", display(f.expected, rate=rate))) if text)
        lines = [f"【{f.severity.chinese}】{f.definition.name}（{f.rule}）", values, f.message]
        parts.append("\n".join(line for line in lines if line))
    return "\n\n".join(parts)


def _same_file(finding: Finding, source: Path) -> bool:
    path = Path(finding.file)
    return path.resolve() == source.resolve() if path.exists() else path.name == source.name


def _load(source: Path) -> tuple[Book, bool]:
    """The workbook to annotate, and whether it was converted from a legacy .xls."""
    if not source.is_file():
        raise UnreadableFile("文件不存在", file=source)
    with source.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0") and source.suffix.lower() == ".xls":
        return _from_xls(source), True
    try:
        return load_workbook(source), False
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UnreadableFile(f"只能为 .xlsx 工作簿（或可读取的 .xls）生成批注副本，此文件无法打开（{type(exc).__name__}）",
                             file=source) from exc


def _from_xls(source: Path) -> Book:
    """A new workbook holding the cell values and merged ranges of every sheet of an .xls."""
    book = Workbook()
    book.remove(book.active)
    for grid in read_grids(source):
        ws = book.create_sheet(grid.sheet[:31])
        for (row, col), value in grid.cells.items():
            cell = set_text(ws, row, col, value)
            if (row, col) in grid.percent:
                cell.number_format = excel_format("rate")
        spans: dict[tuple[int, int], tuple[int, int]] = {}
        for (row, col), anchor in grid.anchors.items():
            last = spans.get(anchor, anchor)
            spans[anchor] = (max(last[0], row), max(last[1], col))
        for (r0, c0), (r1, c1) in spans.items():
            if (r0, c0) != (r1, c1):
                ws.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)
    return book


def _anchor(ws: Worksheet, cell: str) -> str | None:
    """The cell a finding's reference points at: itself, or the top-left cell of the merged range
    holding it; None when it is not an A1 reference."""
    try:
        coordinate_from_string(cell)
    except (ValueError, TypeError):
        return None
    for merged in ws.merged_cells.ranges:
        if cell in merged:
            min_col, min_row, _, _ = range_boundaries(merged.coord)
            return ref(min_row, min_col)
    return cell


def _notes_sheet(book: Book, findings: list[Finding], placed: dict[int, str], converted: bool) -> None:
    name, n = NOTES_SHEET, 1
    while name in book.sheetnames:
        n += 1
        name = f"{NOTES_SHEET}{n}"
    ws = book.create_sheet(name)
    headers = ("序号", "严重程度", "规则", "工作表", "单元格", "报告值", "复算值", "说明", "标注")
    ws.append(list(headers))
    for i, f in enumerate(findings, start=1):
        row = i + 1
        where = placed.get(id(f), "")
        rate = is_rate(f)
        values = (i, f.severity.chinese, f"{f.definition.name}（{f.rule}）", f.sheet, f.cell,
                  display(f.reported, rate=rate), display(f.expected, rate=rate), f.message,
                  f"已在 {where} 标色并加批注" if where else "无对应单元格，仅在此列出")
        for j, value in enumerate(values, start=1):
            set_text(ws, row, j, value)
        ws.cell(row=row, column=2).fill = PatternFill("solid", fgColor=SEVERITY_FILLS[f.severity])
        if where:
            link = ws.cell(row=row, column=5)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{f.sheet}'!{where}")  # inside the workbook
            link.font = Font(color="0563C1", underline="single")
    style_table(ws, headers, {"序号": 6, "严重程度": 9, "规则": 24, "工作表": 14, "单元格": 8, "报告值": 12,
                              "复算值": 12, "说明": 60, "标注": 22})
    notes = [XLS_NOTE] if converted else []
    if not findings:
        notes.append("未发现问题。")
    for text in notes:
        cell = set_text(ws, ws.max_row + 2, 1, text)
        cell.font, cell.alignment = Font(bold=True), Alignment(wrap_text=False)
    ws.cell(row=1, column=1).fill = HEADER_FILL


def annotate_workbook(source_xlsx: str | Path, findings: Iterable[Finding], out: str | Path, *,
                      author: str = AUTHOR) -> Path:
    """Write to ``out`` a copy of ``source_xlsx`` with its findings marked (see the module).

    Only the findings of this workbook are used (same path; same file name when a finding's path
    does not exist here). ``out`` must not be the source. Written under a temporary name and
    renamed into place.

    >>> import tempfile, evalkit as ek
    >>> from openpyxl import load_workbook
    >>> src = ek.project.DATA / "zhongfang-2020" / "自评表.xlsx"
    >>> out = annotate_workbook(src, ek.check(ek.load_self_evaluation(src)), Path(tempfile.mkdtemp()) / "a.xlsx")
    >>> load_workbook(out)["附件1"]["H6"].comment.text.splitlines()[0]
    '【错误】执行率得分（execution-score）'
    """
    source, out = Path(source_xlsx), Path(out)
    if out.resolve() == source.resolve():
        raise UsageError(f"批注副本不能覆盖原文件 {source}，请换一个输出文件名")
    book, converted = _load(source)
    mine = Findings([f for f in findings if _same_file(f, source)]).sorted().items
    cells: dict[tuple[str, str], list[Finding]] = {}
    placed: dict[int, str] = {}
    for f in mine:
        anchor = _anchor(book[f.sheet], f.cell) if f.cell and f.sheet in book.sheetnames else None
        if anchor is not None:
            cells.setdefault((f.sheet, anchor), []).append(f)
            placed[id(f)] = anchor
    for (sheet, anchor), here in cells.items():
        cell = book[sheet][anchor]
        worst = min((f.severity for f in here), key=SEVERITY_RANK.__getitem__)
        cell.fill = PatternFill("solid", fgColor=SEVERITY_FILLS[worst])
        text = comment_text(here)
        if cell.comment is not None and cell.comment.text:
            text += f"\n\n原批注：{cell.comment.text}"
        comment = Comment(text, author)
        comment.width = 360
        comment.height = min(600, 40 + 16 * sum(max(1, len(line) // 22 + 1) for line in text.splitlines()))
        cell.comment = comment
    _notes_sheet(book, mine, placed, converted)
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomic(out, buffer.getvalue())
    return out


def annotated_names(files: Sequence[str | Path], outdir: str | Path) -> dict[Path, Path]:
    """Where each checked workbook's annotated copy goes: ``<stem>.复核.xlsx`` in ``outdir``;
    ``<folder>-<stem>.复核.xlsx`` when two inputs share a stem; never one of the inputs.

    >>> names = annotated_names(["/d/a/自评表.xlsx", "/d/b/自评表.xlsx", "/d/b/表.xls"], "/o")
    >>> [p.name for p in names.values()]
    ['a-自评表.复核.xlsx', 'b-自评表.复核.xlsx', '表.复核.xlsx']
    """
    paths = list(dict.fromkeys(Path(f).resolve() for f in files))
    stems = [p.stem for p in paths]
    taken = set(paths)
    out: dict[Path, Path] = {}
    for path in paths:
        base = path.stem if stems.count(path.stem) == 1 else f"{path.parent.name}-{path.stem}"
        target, n = Path(outdir).resolve() / f"{base}{SUFFIX}", 1
        while target in taken:
            n += 1
            target = Path(outdir).resolve() / f"{base}.{n}{SUFFIX}"
        taken.add(target)
        out[path] = target
    return out


def annotate_report(report: CheckReport, outdir: str | Path, *, author: str = AUTHOR) -> list[Path]:
    """One annotated copy per workbook read by a check (:func:`annotated_names`), in ``outdir``.

    Raises :class:`~evalkit.errors.InputError` naming the file when one cannot be opened; the copies
    written before it stay.
    """
    files = [d.file for d in report.documents]
    written = []
    for source, target in annotated_names(files, outdir).items():
        written.append(annotate_workbook(source, report.findings, target, author=author))
    return written
