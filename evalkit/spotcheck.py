"""Spot-check files and folders: read every workbook, run every rule, keep going past failures."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .checks import check_self_evaluation
from .crosscheck import cross_check
from .errors import InputError
from .findings import Findings
from .forms import SelfEvaluation, read_sheet
from .grid import read_grids
from .rules import RuleProfile
from .scoring import as_profile, rescore
from .table_checks import check_table
from .tablecells import plain
from .tables import LOOKED_FOR, Table, read_tables

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls"}


@dataclass
class CheckReport:
    """Documents read, their findings, and the inputs that could not be read (with why)."""

    documents: list[dict[str, object]] = field(default_factory=list)
    findings: Findings = field(default_factory=Findings)
    unreadable: list[InputError] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {"documents": self.documents, "findings": [f.to_dict() for f in self.findings],
                "unreadable": [str(e) for e in self.unreadable]}


def expand(paths: list[str | Path]) -> list[Path]:
    """Files as given; folders walked for workbooks (sorted, Office lock files ``~$*`` skipped)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.suffix.lower() in WORKBOOK_SUFFIXES
                              and f.is_file() and not f.name.startswith("~$")))
        else:
            out.append(p)
    return out


def read_workbook(path: str | Path) -> tuple[list[SelfEvaluation], list[Table]]:
    """The self-evaluation tables and the department tables of one workbook, sheet by sheet.

    Raises :class:`InputError` naming the file and the labels looked for when it holds neither.
    """
    forms: list[SelfEvaluation] = []
    tables: list[Table] = []
    for grid in read_grids(path):
        found = read_tables(grid)
        try:
            form = read_sheet(grid)
        except InputError as exc:
            if not found:
                raise InputError(f"{exc}；也没有找到部门数据表（找过：{LOOKED_FOR}）") from exc
            form = None  # a department table's 全年预算/全年执行 header is not half a 自评表
        forms.extend([form] if form is not None else [])
        tables.extend(found)
    if not forms and not tables:
        raise InputError("没有找到绩效自评表或部门数据表：任何工作表都没有“全年预算数/全年执行数”资金表头和"
                         f"“一级指标/二级指标/三级指标/分值/得分”指标表头，也没有{LOOKED_FOR}", file=path)
    return forms, tables


def check_workbooks(read: list[tuple[Path, list[SelfEvaluation], list[Table]]],
                    profile: str | RuleProfile = "national") -> CheckReport:
    """Documents and findings of workbooks already read (``(path, forms, tables)`` triples).

    The documents of one folder are also compared with each other
    (:func:`evalkit.crosscheck.cross_check`): one folder holds one department's year.
    """
    prof = as_profile(profile)
    report = CheckReport()
    folders: dict[Path, tuple[list[SelfEvaluation], list[Table]]] = {}
    for path, forms, tables in read:
        seen = folders.setdefault(Path(path).resolve().parent, ([], []))
        seen[0].extend(forms)
        seen[1].extend(tables)
        for table in forms:
            rescored = rescore(table, prof)
            report.documents.append({
                "file": str(path), "sheet": table.sheet, "kind": table.kind, "subject": table.subject,
                "year": table.year, "reported_total": table.total.get("score"),
                "recomputed_total": round(rescored.total_expected, 4), "grade": rescored.grade_expected,
            })
            report.findings.extend(check_self_evaluation(table, prof))
        for dept in tables:
            report.documents.append({
                "file": str(path), "sheet": dept.sheet, "kind": dept.kind, "subject": dept.subject,
                "year": dept.year, "reported_total": plain(dept.reported_total),
                "recomputed_total": plain(dept.recomputed_total),
            })
            report.findings.extend(check_table(dept, prof))
    for forms, tables in folders.values():
        report.findings.extend(cross_check(forms, tables))
    return report


def read_paths(paths: list[str | Path]) -> tuple[list[tuple[Path, list[SelfEvaluation], list[Table]]],
                                                 list[InputError]]:
    """Read every workbook under ``paths``: the (path, forms, tables) read, and the unreadable."""
    read, unreadable = [], []
    for path in expand(paths):
        try:
            forms, tables = read_workbook(path)
        except InputError as exc:
            unreadable.append(exc)
            continue
        read.append((path, forms, tables))
    return read, unreadable


def check_paths(paths: list[str | Path], profile: str | RuleProfile = "national") -> CheckReport:
    """Check every workbook under ``paths``; one unreadable file never hides the others' findings.

    A workbook may hold self-evaluation tables (自评表) and/or department tables (项目预算执行表,
    得分表, 基础数据表, 预算执行明细表); each table read is one document.
    """
    read, unreadable = read_paths(paths)
    report = check_workbooks(read, profile)
    report.unreadable.extend(unreadable)
    return report
