"""Layer 4, xlsx: write spot-check results to an xlsx workbook for field work, each finding linked to its cell."""

from __future__ import annotations

import io
import os
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from ..department.workbooks import CheckReport
from ..findings import COLUMNS, Severity
from ..io.atomic import write_atomic
from ..io.export import clean_text, harden_workbook
from ..labels import LABELS
from ..rulebook import rule_name

_FILLS = {"error": "F8D7DA", "warning": "FFF3CD", "info": "E7F1FF"}
_DOC_COLUMNS = ["file", "sheet", "kind", "subject", "reported_total", "recomputed_total"]
_DOC_LABELS = {"reported_total": "总分(报)", "recomputed_total": "总分(算)"}


def source_link(source: str, sheet: str, cell: str, out: Path) -> str:
    """A hyperlink target that opens ``source`` at ``sheet!cell``, relative to the output's folder.

    >>> source_link("/d/a.xlsx", "S 1", "H6", Path("/d/out/f.xlsx"))
    "../a.xlsx#'S 1'!H6"
    """
    target = Path(os.path.relpath(Path(source).resolve(), Path(out).resolve().parent)).as_posix()
    return f"{target}#'{sheet}'!{cell}" if cell else target


def write_findings_xlsx(report: CheckReport, out: str | Path) -> Path:
    """Write 复核发现 (one row per finding, linked to its source cell) and 文件 (documents read).

    The workbook is written to a temporary name and renamed into place.
    """
    out = Path(out)
    wb = Workbook()
    ws = wb.active
    ws.title = "复核发现"
    ws.append([LABELS.get(c, c) for c in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for f in report.findings.sorted():
        row = f.to_dict()
        row["severity"] = Severity(row["severity"]).chinese
        row["rule"] = f"{rule_name(f.rule)}（{f.rule}）"
        row["file"] = Path(f.file).name
        ws.append([clean_text(row[c] if not isinstance(row[c], (list, dict)) else str(row[c])) for c in COLUMNS])
        fill = PatternFill("solid", fgColor=_FILLS[f.severity.value])
        for cell in ws[ws.max_row]:
            cell.fill = fill
        link = ws.cell(row=ws.max_row, column=COLUMNS.index("cell") + 1)
        link.hyperlink = source_link(f.file, f.sheet, f.cell, out)
        link.font = Font(color="0563C1", underline="single")
    widths = {"rule": 30, "severity": 8, "file": 24, "sheet": 16, "cell": 8, "subject": 24, "reported": 12,
              "expected": 12, "message": 80}
    for i, c in enumerate(COLUMNS, start=1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = widths[c]
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    docs = wb.create_sheet("文件")
    docs.append([_DOC_LABELS.get(c, LABELS.get(c, c)) for c in _DOC_COLUMNS])
    for d in report.documents:
        docs.append([clean_text(getattr(d, c)) for c in _DOC_COLUMNS])
    for e in report.unreadable:
        docs.append([clean_text(str(e.file or "")), "", "无法读取", clean_text(str(e)), None, None])
    harden_workbook(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    write_atomic(out, buffer.getvalue())
    return out
