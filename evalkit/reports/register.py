"""Layer 4, findings register (发现清单): the working paper auditors keep in Excel.

A cover sheet (封面) says what was reviewed, by whom, when (Beijing time), under which rule
profile and evalkit version, and names every input file by its full path and SHA-256. The sheet
发现清单 holds one row per finding with a stable id (so next year's register can be matched with
this one, see :mod:`evalkit.reports.tracking`), real Excel numbers for the reported and
recomputed values and their difference, and empty columns for the audited unit and the reviewer
to fill (说明, 复核意见, 整改状态 from a drop-down list, 整改日期).
"""

from __future__ import annotations

import io
import math
import numbers
from collections import Counter
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..department.workbooks import CheckReport
from ..findings import Finding, Findings, Severity
from ..io.atomic import sha256_file, write_atomic
from ..io.export import clean_text, harden_workbook
from ..rulebook import RULES, rule_name
from ..rules.numbers import BEIJING, excel_format
from ..rules.profile import RuleProfile
from ..version import __version__

COVER_SHEET = "封面"
SHEET = "发现清单"
RULES_SHEET = "规则说明"
HEADERS = ("序号", "编号", "严重程度", "规则", "文件", "工作表", "单元格", "报告值", "复算值", "差额", "说明",
           "被审计单位说明", "复核意见", "整改状态", "整改日期")
TO_FILL = ("被审计单位说明", "复核意见", "整改状态", "整改日期")
STATUSES = ("未整改", "整改中", "已整改", "不需整改")
WIDTHS = {"序号": 6, "编号": 34, "严重程度": 9, "规则": 24, "文件": 20, "工作表": 14, "单元格": 8, "报告值": 13,
          "复算值": 13, "差额": 13, "说明": 50, "被审计单位说明": 30, "复核意见": 30, "整改状态": 11, "整改日期": 12}
# rules whose reported and recomputed values are rates (fractions): shown as percentages
RATE_RULES = frozenset({"execution-rate", "project-rate", "total-rate-recomputed", "control-rate", "change-rate",
                        "share-of-total", "counts-rate"})
AMOUNT_FORMAT = excel_format("amount")
COUNT_FORMAT = "#,##0"
DATE_FORMAT = "yyyy-mm-dd"
# fill colours by severity: error red-ish, warning amber, note blue-ish
SEVERITY_FILLS = {Severity.ERROR: "F4CCCC", Severity.WARNING: "FFE599", Severity.INFO: "CFE2F3"}
SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
TO_FILL_FILL = PatternFill("solid", fgColor="E2EFDA")
WRAP = Alignment(wrap_text=True, vertical="top")


def as_number(value: object) -> int | float | None:
    """A reported or recomputed value as a plain Python number, or None when it is not one.

    >>> as_number(3), as_number(2.5), as_number(float("nan")), as_number("良好"), as_number(True)
    (3, 2.5, None, None, None)
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        number = float(value)
        return None if math.isnan(number) or math.isinf(number) else number
    return None


def is_rate(finding: Finding) -> bool:
    """Whether a finding compares rates (fractions, shown as percentages): said by the finding's
    ``quantity`` where it carries one, else known from its rule.

    >>> is_rate(Finding("execution-rate", "error", "a.xlsx", "S", "G4", "", 0.9917, 0.9996, "…"))
    True
    """
    return getattr(finding, "quantity", "") == "rate" or finding.rule in RATE_RULES


def number_format(value: int | float, *, rate: bool = False) -> str:
    """The Excel number format of a finding's value: rates as percentages, counts as integers,
    amounts and scores with two decimals.

    >>> number_format(0.9917, rate=True), number_format(282.19), number_format(3)
    ('0.00%', '#,##0.00', '#,##0')
    """
    if rate:
        return excel_format("rate")
    return COUNT_FORMAT if isinstance(value, int) else AMOUNT_FORMAT


def display(value: object, *, rate: bool = False) -> str:
    """A finding's value as text, the way the register's number format shows it ("" when absent).

    >>> display(0.99957, rate=True), display(9.99574), display("良好"), display(None), display(float("nan"))
    ('99.96%', '10.00', '良好', '', '')
    """
    number = as_number(value)
    if number is not None:
        if rate:
            return f"{number:.2%}"
        return f"{number:,}" if isinstance(number, int) else f"{number:,.2f}"
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(clean_text(str(value)))


def difference(finding: Finding) -> int | float | None:
    """reported − expected when both are numbers, else None.

    >>> difference(Finding("total-row", "error", "a.xlsx", "S", "C11", "", 282.19, 302.19, "…"))
    -20.0
    """
    reported, expected = as_number(finding.reported), as_number(finding.expected)
    if reported is None or expected is None:
        return None
    diff = reported - expected
    return diff if isinstance(diff, int) else round(diff, 10)


def finding_ids(findings: Sequence[Finding]) -> list[str]:
    """A stable id per finding: file stem, sheet, cell and rule — the same finding in next year's
    register of the same workbook gets the same id. Two files with the same stem are told apart by
    their folder; a finding repeated at the same place gets ``#2``, ``#3``.

    >>> finding_ids([Finding("execution-score", "error", "d/自评表.xlsx", "附件1", "H6", "", 10, 5, "…"),
    ...              Finding("grade", "error", "d/自评表.xlsx", "附件1", "", "", "良", "优", "…")])
    ['自评表/附件1!H6/execution-score', '自评表/附件1/grade']
    """
    folders: dict[str, set[str]] = {}
    for f in findings:
        folders.setdefault(Path(f.file).stem, set()).add(str(Path(f.file).resolve().parent))
    seen: Counter[str] = Counter()
    out = []
    for f in findings:
        path = Path(f.file)
        stem = path.stem if len(folders[path.stem]) == 1 else f"{path.resolve().parent.name}/{path.stem}"
        place = f"{f.sheet}!{f.cell}" if f.cell else f.sheet
        base = "/".join(part for part in (stem, place, f.rule) if part)
        seen[base] += 1
        out.append(base if seen[base] == 1 else f"{base}#{seen[base]}")
    return out


def file_labels(files: Iterable[str]) -> dict[str, str]:
    """How each file is named in a table: its name, or folder/name when two share a name.

    >>> file_labels(["/a/自评表.xlsx", "/b/自评表.xlsx", "/b/基础数据表.xlsx"])["/a/自评表.xlsx"]
    'a/自评表.xlsx'
    """
    files = list(dict.fromkeys(files))
    names = Counter(Path(f).name for f in files)
    return {f: Path(f).name if names[Path(f).name] == 1 else f"{Path(f).resolve().parent.name}/{Path(f).name}"
            for f in files}


def set_text(ws: Worksheet, row: int, column: int, value: Any) -> Any:
    """Write ``value`` into a cell; text (control characters removed) is always stored as text,
    never as a formula, whatever it begins with."""
    cell = ws.cell(row=row, column=column)
    value = clean_text(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def style_table(ws: Worksheet, headers: Sequence[str], widths: Mapping[str, float]) -> None:
    """Bold grey header row, frozen and repeated on every printed page; autofilter; wrapped text;
    column widths; A4 paper, fitted to the page width."""
    for i, name in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=True)
        cell.fill = TO_FILL_FILL if name in TO_FILL else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(i)].width = widths.get(name, 14)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = WRAP
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(ws.max_row, 1)}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _inputs(source: CheckReport | Findings | Iterable[Finding], inputs: Sequence[str | Path] | None) -> list[Path]:
    """The input files to list on the cover: as given, else every file the check read or tried."""
    if inputs is not None:
        files = [str(p) for p in inputs]
    else:
        files = [f.file for f in _findings(source)]
        if isinstance(source, CheckReport):
            files = [d.file for d in source.documents] + files + [e.file for e in source.unreadable if e.file]
    seen: dict[Path, None] = {}
    for f in files:
        seen.setdefault(Path(f).resolve(), None)
    return list(seen)


def _findings(source: CheckReport | Findings | Iterable[Finding]) -> Findings:
    if isinstance(source, CheckReport):
        return source.findings.sorted()
    return Findings(list(source)).sorted()


def _cover(ws: Worksheet, source: CheckReport | Findings | Iterable[Finding], findings: Findings,
           files: list[Path], *, reviewer: str, profile: str, subject: str | None, year: int | None,
           reviewed_at: datetime) -> None:
    documents = source.documents if isinstance(source, CheckReport) else []
    if subject is None:
        subject = "；".join(dict.fromkeys(d.subject for d in documents if d.subject))
    years = sorted({d.year for d in documents if d.year}) if year is None else [year]
    ws.column_dimensions["A"].width = 16
    for col, width in zip("BCDEF", (26, 40, 60, 68, 12)):
        ws.column_dimensions[col].width = width
    ws["A1"] = "绩效自评复核发现清单"
    ws["A1"].font = Font(bold=True, size=16)
    rows: list[tuple[str, Any]] = [
        ("被审计单位/项目", subject or "（未识别）"), ("年度", "、".join(map(str, years)) or "（未识别）"),
        ("复核人", reviewer or "（未填写）"), ("复核日期", reviewed_at.date()),
        ("生成时间", f"{reviewed_at:%Y-%m-%d %H:%M:%S}（北京时间）"), ("评分规则", profile),
        ("evalkit 版本", __version__), ("发现", findings.summary()), ("输入文件", f"{len(files)} 个（见下表）")]
    for i, (label, value) in enumerate(rows, start=3):
        ws.cell(row=i, column=1, value=label).font = Font(bold=True)
        cell = set_text(ws, i, 2, value)
        if isinstance(value, date):
            cell.number_format = DATE_FORMAT
            cell.alignment = Alignment(horizontal="left")
        ws.merge_cells(start_row=i, start_column=2, end_row=i, end_column=6)
    start = 3 + len(rows) + 1
    unreadable = {Path(e.file).resolve(): str(e) for e in getattr(source, "unreadable", []) if e.file}
    headers = ("序号", "文件名", "所在文件夹", "完整路径", "SHA-256", "大小（字节）", "备注")
    for j, name in enumerate(headers, start=1):
        cell = ws.cell(row=start, column=j, value=name)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    ws.column_dimensions["G"].width = 40
    for i, path in enumerate(files, start=1):
        row = start + i
        exists = path.is_file()
        values = (i, path.name, str(path.parent), str(path), sha256_file(path) if exists else "（文件不存在）",
                  path.stat().st_size if exists else None, unreadable.get(path, ""))
        for j, value in enumerate(values, start=1):
            set_text(ws, row, j, value).alignment = WRAP
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _findings_sheet(ws: Worksheet, findings: Findings) -> None:
    ws.append(list(HEADERS))
    items = list(findings)
    labels = file_labels(f.file for f in items)
    col = {name: i for i, name in enumerate(HEADERS, start=1)}
    for i, (f, fid) in enumerate(zip(items, finding_ids(items)), start=1):
        row = i + 1
        values = {"序号": i, "编号": fid, "严重程度": f.severity.chinese, "规则": f"{rule_name(f.rule)}（{f.rule}）",
                  "文件": labels[f.file], "工作表": f.sheet, "单元格": f.cell, "说明": f.message}
        for name, value in values.items():
            set_text(ws, row, col[name], value)
        ws.cell(row=row, column=col["严重程度"]).fill = PatternFill("solid", fgColor=SEVERITY_FILLS[f.severity])
        for name, value in (("报告值", f.reported), ("复算值", f.expected), ("差额", difference(f))):
            number = as_number(value)
            cell = set_text(ws, row, col[name], number if number is not None else display(value) or None)
            if number is not None:
                cell.number_format = number_format(number, rate=is_rate(f))
        ws.cell(row=row, column=col["整改日期"]).number_format = DATE_FORMAT
    style_table(ws, HEADERS, WIDTHS)
    status = get_column_letter(col["整改状态"])
    validation = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle="整改状态", error="请从列表中选择：" + "、".join(STATUSES),
                                showInputMessage=True, promptTitle="整改状态", prompt="、".join(STATUSES))
    validation.add(f"{status}2:{status}{max(len(items) + 1, 2)}")
    ws.add_data_validation(validation)


def _rules_sheet(ws: Worksheet, findings: Findings) -> None:
    headers = ("规则编号", "名称", "默认严重程度", "规则说明", "项数")
    ws.append(list(headers))
    counts = Counter(f.rule for f in findings)
    for i, rule in enumerate(sorted(counts), start=2):
        r = RULES[rule]
        for j, value in enumerate((r.id, r.name, Severity(r.severity).chinese, r.text, counts[rule]), start=1):
            set_text(ws, i, j, value)
    style_table(ws, headers, {"规则编号": 24, "名称": 20, "默认严重程度": 12, "规则说明": 80, "项数": 8})


def write_register(source: CheckReport | Findings | Iterable[Finding], out: str | Path, *, reviewer: str = "",
                   inputs: Sequence[str | Path] | None = None, profile: str | Path | RuleProfile = "national",
                   subject: str | None = None, year: int | None = None,
                   reviewed_at: datetime | None = None) -> Path:
    """Write the findings register of a check (a :class:`CheckReport` or findings) to ``out``.

    ``inputs`` are the files listed with their SHA-256 on the cover (default: every file the check
    read or could not read, else the findings' files); ``subject`` and ``year`` default to those
    of the documents read; ``reviewed_at`` (default now) is shown in Beijing time. The workbook is
    written under a temporary name and renamed into place.

    >>> import tempfile, evalkit as ek
    >>> from evalkit.department.workbooks import check_paths
    >>> report = check_paths([ek.project.DATA / "zhongfang-2020" / "自评表.xlsx"])
    >>> out = write_register(report, Path(tempfile.mkdtemp()) / "发现清单.xlsx", reviewer="张三")
    >>> from openpyxl import load_workbook
    >>> load_workbook(out)["发现清单"]["B2"].value
    '自评表/附件1!H6/execution-score'
    """
    out = Path(out)
    if not isinstance(source, (CheckReport, Findings)):
        source = Findings(list(source))  # read once: an iterator would be spent by the first pass
    findings = _findings(source)
    when = (reviewed_at or datetime.now(timezone.utc))
    when = when.astimezone(BEIJING) if when.tzinfo else when
    wb = Workbook()
    cover = wb.active
    cover.title = COVER_SHEET
    _cover(cover, source, findings, _inputs(source, inputs), reviewer=reviewer,
           profile=str(getattr(profile, "name", profile)),
           subject=subject, year=year, reviewed_at=when)
    _findings_sheet(wb.create_sheet(SHEET), findings)
    _rules_sheet(wb.create_sheet(RULES_SHEET), findings)
    harden_workbook(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    write_atomic(out, buffer.getvalue())
    return out
