"""Spot-check files and folders: read every workbook, run every rule, keep going past failures."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .checks import check_self_evaluation
from .errors import InputError
from .findings import Findings
from .forms import load_self_evaluations
from .rules import RuleProfile
from .scoring import as_profile, rescore

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


def check_paths(paths: list[str | Path], profile: str | RuleProfile = "national") -> CheckReport:
    """Check every workbook under ``paths``; one unreadable file never hides the others' findings."""
    prof = as_profile(profile)
    report = CheckReport()
    for path in expand(paths):
        try:
            tables = load_self_evaluations(path)
        except InputError as exc:
            report.unreadable.append(exc)
            continue
        for table in tables:
            rescored = rescore(table, prof)
            report.documents.append({
                "file": str(path), "sheet": table.sheet, "kind": table.kind, "subject": table.subject,
                "year": table.year, "reported_total": table.total.get("score"),
                "recomputed_total": round(rescored.total_expected, 4), "grade": rescored.grade_expected,
            })
            report.findings.extend(check_self_evaluation(table, prof))
    return report
