"""Layer 4, xlsx: write spot-check results to an xlsx workbook for field work, each finding linked to its cell."""

from __future__ import annotations

import io
import os
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from ..department.workbooks import CheckReport
from ..findings import Finding, Severity
from ..io.atomic import write_atomic
from ..io.export import clean_text, harden_workbook
from ..labels import LABELS
from ..rulebook import rule_name
from .format import FINDING_COLUMNS as _FINDING_COLUMNS
from .format import FINDING_LABELS as _FINDING_LABELS
from .format import excel_format

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


def _number_format(finding: Finding, name: str) -> str:
    """The Excel number format of a finding's figure: '#,##0.00' for 万元, '0.00%' (at the printed
    precision) for rates, '0.00' for scores; the amount at stake is always 万元.

    >>> f = Finding("execution-rate", "error", "a.xlsx", "S", "G5", "p", 0.9917, 0.6074, "…", "rate", 2)
    >>> _number_format(f, "reported"), _number_format(f, "amount")
    ('0.00%', '#,##0.00')
    """
    return excel_format("amount" if name == "amount" else finding.quantity, finding.decimals)


def write_findings_xlsx(report: CheckReport, out: str | Path) -> Path:
    """Write 复核发现 (one row per finding, linked to its source cell) and 文件 (documents read).

    报告值, 复算值, 差额 and 涉及金额 are numbers with Excel number formats of their kind (万元 and
    scores with two decimals, rates as percentages at the printed precision); 重大 marks findings
    with more than the profile's materiality threshold at stake.

    The workbook is written to a temporary name and renamed into place.
    """
    out = Path(out)
    wb = Workbook()
    ws = wb.active
    ws.title = "复核发现"
    ws.append([_FINDING_LABELS.get(c, LABELS.get(c, c)) for c in _FINDING_COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for f in report.findings.sorted():
        row = f.to_dict()
        row["severity"] = Severity(row["severity"]).chinese
        row["rule"] = f"{rule_name(f.rule)}（{f.rule}）"
        row["file"] = Path(f.file).name
        row["material"] = "重大" if f.material else ""
        ws.append([clean_text(row[c] if not isinstance(row[c], (list, dict)) else str(row[c])) for c in _FINDING_COLUMNS])
        fill = PatternFill("solid", fgColor=_FILLS[f.severity.value])
        for cell in ws[ws.max_row]:
            cell.fill = fill
        for name in ("reported", "expected", "difference", "amount"):  # real numbers, in the format of their kind
            cell = ws.cell(row=ws.max_row, column=_FINDING_COLUMNS.index(name) + 1)
            if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                cell.number_format = _number_format(f, name)
        link = ws.cell(row=ws.max_row, column=_FINDING_COLUMNS.index("cell") + 1)
        link.hyperlink = source_link(f.file, f.sheet, f.cell, out)
        link.font = Font(color="0563C1", underline="single")
    widths = {"rule": 30, "severity": 8, "file": 24, "sheet": 16, "cell": 8, "subject": 24, "reported": 12,
              "expected": 12, "message": 80, "difference": 12, "amount": 14, "material": 6}
    for i, c in enumerate(_FINDING_COLUMNS, start=1):
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
