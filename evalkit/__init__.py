"""evalkit: check Chinese public-spending performance self-evaluations (绩效自评).

>>> import evalkit as ek
>>> t = ek.load_self_evaluation(ek.paths.DATA / "yiyang-2022" / "自评表.xlsx")
>>> t.rescore().total_expected
100.0
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from . import catalog, metrics, paths, plots, report
from .assessment import OverallScores, overall_scores
from .casegen import generate_cases, write_export
from .caseio import CaseTable, read_cases
from .casereport import CaseReport, load_case_report
from .cases import CaseStats, assess_cases, load_units
from .department import Department, load_department
from .errors import EvalkitError, InputError
from .findings import Finding, Findings, Severity
from .forms import SelfEvaluation, load_self_evaluation, load_self_evaluations
from .funnel import CountsCheck, Funnel, case_funnel, check_counts
from .labels import LABELS, display
from .overview import Overview, load_overview
from .rules import RuleProfile, available_profiles, load_profile
from .sampling import AuditSample, attribute_sample_size, select_sample
from .scoring import Rescored, rescore
from .table_checks import check_table
from .tables import BaseDataTable, ItemisedBudget, ProjectBudgetTable, ScoreList, load_tables
from .values import parse_amount, parse_percent, parse_score, parse_target

try:
    __version__ = version("evalkit")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

__all__ = [
    "Department", "load_department", "CaseReport", "load_case_report", "Overview", "load_overview",
    "EvalkitError", "InputError", "Finding", "Findings", "Severity", "SelfEvaluation",
    "load_self_evaluation", "load_self_evaluations", "LABELS", "display", "RuleProfile",
    "available_profiles", "load_profile", "Rescored", "rescore", "parse_amount", "parse_percent",
    "parse_score", "parse_target", "metrics", "paths", "__version__",
    "CaseTable", "read_cases", "CaseStats", "assess_cases", "load_units", "Funnel", "case_funnel",
    "CountsCheck", "check_counts", "AuditSample", "attribute_sample_size", "select_sample",
    "OverallScores", "overall_scores", "generate_cases", "write_export",
    "ProjectBudgetTable", "ScoreList", "BaseDataTable", "ItemisedBudget", "load_tables", "check_table",
]
