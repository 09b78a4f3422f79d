"""Layer 4, rectification tracking (整改跟踪): filled findings registers read back and merged.

Each register (:mod:`evalkit.reports.register`, filled in by the audited unit and the reviewer)
is read by its header texts, so reordered or extra columns do no harm. The merge has one row per
finding id across all registers, in the order the registers were reviewed: where it was listed,
its latest 整改状态 and 复核意见, and whether a finding once marked 已整改 was listed again in a
later register (重复出现).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Sequence

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.styles import PatternFill
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from ..errors import InputError, UnreadableFile
from ..io.atomic import write_atomic
from ..io.export import harden_workbook
from .register import COVER_SHEET, DATE_FORMAT, SHEET, style_table

REQUIRED = ("编号", "整改状态")
FIELDS = ("编号", "严重程度", "规则", "文件", "工作表", "单元格", "说明", "被审计单位说明", "复核意见", "整改状态", "整改日期")
FIXED = "已整改"
REPEATED = "重复出现"
LISTED = "已列出"  # listed in a register whose 整改状态 was left empty
REPEATED_FILL = PatternFill("solid", fgColor="F4CCCC")


@dataclass
class Register:
    """One findings register read back: where, which year, when reviewed and by whom, its rows."""

    path: Path
    year: int | None
    reviewed_on: date | None
    reviewer: str
    rows: list[dict[str, str]] = field(default_factory=list)
    label: str = ""
    written: str = ""  # 生成时间 as on the cover (YYYY-MM-DD HH:MM:SS): orders registers of one day

    def default_label(self) -> str:
        """How the register is named in the tracking workbook: year and review date.

        >>> Register(Path("a.xlsx"), 2022, date(2023, 3, 1), "").default_label()
        '2022年度（复核 2023-03-01）'
        """
        year = f"{self.year}年度" if self.year else self.path.stem
        return f"{year}（复核 {self.reviewed_on.isoformat()}）" if self.reviewed_on else year


def _text(value: Any) -> str:
    """A cell's value as stripped text; a date as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _key(value: Any) -> str:
    """A header text compared without spaces and line breaks."""
    return re.sub(r"\s+", "", _text(value))


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = re.search(r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})", _text(value))
    if not match:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        return None


def _header(ws: Worksheet) -> tuple[int, dict[str, int]] | None:
    """The header row of a register table among the first rows of a sheet: (row, header → column)."""
    for r, row in enumerate(ws.iter_rows(min_row=1, max_row=10, values_only=True), start=1):
        columns: dict[str, int] = {}
        for c, value in enumerate(row):
            columns.setdefault(_key(value), c)
        if all(name in columns for name in REQUIRED):
            return r, columns
    return None


def _cover(book: Any) -> tuple[int | None, date | None, str, str]:
    """Year, review date, reviewer and time written on a register's cover (None / "" where absent)."""
    if COVER_SHEET not in book.sheetnames:
        return None, None, "", ""
    labels: dict[str, Any] = {}
    for row in book[COVER_SHEET].iter_rows(min_row=1, max_row=30, max_col=2, values_only=True):
        if row and row[0] is not None:
            labels.setdefault(_key(row[0]), row[1] if len(row) > 1 else None)
    years = [int(y) for y in re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", _text(labels.get("年度")))]
    reviewer = _text(labels.get("复核人"))
    written = re.match(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", _text(labels.get("生成时间")))
    return (max(years) if years else None, _as_date(labels.get("复核日期")),
            "" if reviewer.startswith("（") else reviewer, written.group(0) if written else "")


def read_register(path: str | Path) -> Register:
    """Read a findings register (as filled in by hand) back: its cover and one dict per row.

    Raises :class:`~evalkit.errors.InputError` naming the file when it is not an xlsx workbook or
    holds no sheet with the headers 编号 and 整改状态.
    """
    path = Path(path)
    if not path.is_file():
        raise UnreadableFile("文件不存在", file=path)
    try:
        book = load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UnreadableFile(f"不是 xlsx 工作簿，无法作为复核发现清单读取（{type(exc).__name__}）", file=path) from exc
    names = [SHEET] + [n for n in book.sheetnames if n != SHEET] if SHEET in book.sheetnames else book.sheetnames
    for name in names:
        found = _header(book[name])
        if found is None:
            continue
        header_row, columns = found
        rows = []
        for values in book[name].iter_rows(min_row=header_row + 1, values_only=True):
            row = {f: _text(values[columns[f]]) if f in columns and columns[f] < len(values) else "" for f in FIELDS}
            if row["编号"]:
                rows.append(row)
        year, reviewed_on, reviewer, written = _cover(book)
        return Register(path, year, reviewed_on, reviewer, rows, written=written)
    raise InputError("不是复核发现清单：没有哪张工作表有“编号”和“整改状态”表头（应为 evalkit check --register 生成、"
                     "填写后的清单）", file=path)


def read_registers(paths: Sequence[str | Path]) -> list[Register]:
    """Read every register and put them in the order they were reviewed (review date — the end of
    its year when it has none —, then the time it was written, then as given), each with a label
    unique among them."""
    registers = [read_register(p) for p in paths]

    def when(i: int) -> tuple[date, str, int]:
        r = registers[i]
        return (r.reviewed_on or (date(r.year, 12, 31) if r.year else date.max), r.written, i)

    order = sorted(range(len(registers)), key=when)
    registers = [registers[i] for i in order]
    labels = [r.default_label() for r in registers]
    for r, label in zip(registers, labels):
        r.label = label if labels.count(label) == 1 else f"{label}·{r.path.name}"
    seen: dict[str, int] = {}
    for r in registers:  # the same file named twice: still two columns
        seen[r.label] = seen.get(r.label, 0) + 1
        if seen[r.label] > 1:
            r.label = f"{r.label}（{seen[r.label]}）"
    return registers


def merge_registers(paths: Sequence[str | Path]) -> pd.DataFrame:
    """One row per finding id across the registers ``paths``, oldest register first.

    Columns: the finding (编号 … 说明, as last listed), 首次出现, 最近出现, 出现次数, one column per
    register (its 整改状态 there, 已列出 when listed without one, empty when not listed), 最新整改状态,
    最新复核意见, 被审计单位说明 and 整改日期 (each the latest filled in), and 重复出现 for a finding
    marked 已整改 in one register and listed again in a later one. ``frame.attrs["registers"]``
    describes the registers read.
    """
    registers = read_registers(paths)
    merged: dict[str, dict[str, Any]] = {}
    for index, register in enumerate(registers):
        for row in register.rows:
            entry = merged.get(row["编号"])
            if entry is None:
                entry = merged[row["编号"]] = {"首次出现": register.label, "出现次数": 0, "_fixed": None, "重复出现": ""}
            elif register.label in entry:  # listed twice in one register: the first row counts
                continue
            for name in ("编号", "严重程度", "规则", "文件", "工作表", "单元格", "说明"):
                entry[name] = row[name] or entry.get(name, "")
            entry["最近出现"] = register.label
            entry["出现次数"] += 1
            entry[register.label] = row["整改状态"] or LISTED
            if entry["_fixed"] is not None and entry["_fixed"] < index:
                entry["重复出现"] = REPEATED
            for name, target in (("整改状态", "最新整改状态"), ("复核意见", "最新复核意见"),
                                 ("被审计单位说明", "被审计单位说明"), ("整改日期", "整改日期")):
                if row[name]:
                    entry[target] = row[name]
            if row["整改状态"] == FIXED and entry["_fixed"] is None:
                entry["_fixed"] = index
    columns = ["编号", "严重程度", "规则", "文件", "工作表", "单元格", "说明", "首次出现", "最近出现", "出现次数",
               *[r.label for r in registers], "最新整改状态", "最新复核意见", "被审计单位说明", "整改日期", REPEATED]
    frame = pd.DataFrame([{c: e.get(c, "") for c in columns} for e in merged.values()], columns=columns)
    frame["出现次数"] = frame["出现次数"].astype("int64")
    frame.attrs["registers"] = [{"清单": r.label, "文件": r.path.name, "完整路径": str(r.path.resolve()),
                                 "年度": r.year, "复核日期": r.reviewed_on, "复核人": r.reviewer, "发现数": len(r.rows)}
                                for r in registers]
    return frame


def write_tracking(frame: pd.DataFrame, out: str | Path) -> Path:
    """Write a merge (:func:`merge_registers`) as the tracking workbook 整改跟踪 (+ 复核记录 listing the
    registers read), rows flagged 重复出现 in red; written under a temporary name and renamed into place."""
    out = Path(out)
    wb = Workbook()
    ws = wb.active
    ws.title = "整改跟踪"
    headers = [str(c) for c in frame.columns]
    ws.append(headers)
    for values in frame.itertuples(index=False):
        ws.append([v if v != "" else None for v in values])
        if values[-1] == REPEATED:
            for cell in ws[ws.max_row]:
                cell.fill = REPEATED_FILL
    widths = {"编号": 34, "规则": 24, "文件": 20, "说明": 48, "最新复核意见": 30, "被审计单位说明": 30}
    widths.update({h: 18 for h in headers if h.endswith("）")})
    style_table(ws, headers, widths)
    log = wb.create_sheet("复核记录")
    records = frame.attrs.get("registers", [])
    names = ["序号", "清单", "文件", "完整路径", "年度", "复核日期", "复核人", "发现数"]
    log.append(names)
    for i, record in enumerate(records, start=1):
        log.append([i, *(record.get(n) for n in names[1:])])
        if record.get("复核日期"):
            log.cell(row=log.max_row, column=names.index("复核日期") + 1).number_format = DATE_FORMAT
    style_table(log, names, {"清单": 30, "文件": 20, "完整路径": 60, "复核日期": 12})
    harden_workbook(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    write_atomic(out, buffer.getvalue())
    return out
