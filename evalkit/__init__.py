"""evalkit: check Chinese public-spending performance self-evaluations (绩效自评).

The curated face of the library. Layers, each importing only from itself and layers below::

    L0  errors, rulebook, findings, labels, version      what a finding is; which rules exist
    L1  io/        bytes → cells: cells, workbook, layout (the one header matcher), sidetable, atomic
    L2  rules/     policy: profile (validated TOML), formulas, metrics
    L3  selfeval/  自评表: form, rescore, checks
        department/ department tables: base, tables, lines, checks, crosscheck, workbooks, submission
        cases/     数字城管 exports (never imports selfeval or department)
    L4  reports/   all a person reads: format, fonts, charts, views, selfeval/department/cases tables, xlsx
    L5  project    the checkout (data/, notebooks/, outputs/, .cache/); loaders read inputs named relative
                   to data/; runner/ builds the reports
    L6  cli        the ``evalkit`` command

Every name below loads on first use, so ``import evalkit`` (and ``evalkit --version``) imports
neither pandas nor matplotlib; in IPython, result objects show themselves as tables.

>>> import evalkit as ek
>>> t = ek.load_self_evaluation(ek.project.DATA / "yiyang-2022" / "自评表.xlsx")
>>> ek.rescore(t).total_expected
100.0
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

from .errors import CatalogError, EvalkitError, InputError, LayoutNotFound, ProfileError, UsageError
from .version import __version__

# name → module it is taken from (relative to evalkit); loaded on first access.
_LAZY: dict[str, str] = {
    "Finding": "findings", "Findings": "findings", "Severity": "findings",
    "Rule": "rulebook", "RULES": "rulebook", "rule_name": "rulebook",
    "LABELS": "labels", "display": "labels",
    "parse_amount": "io.cells", "parse_percent": "io.cells", "parse_score": "io.cells", "parse_target": "io.cells",
    "RuleProfile": "rules.profile", "load_profile": "rules.profile", "available_profiles": "rules.profile",
    "SelfEvaluation": "selfeval.form", "load_self_evaluation": "selfeval.form",
    "load_self_evaluations": "selfeval.form", "Rescored": "selfeval.rescore", "rescore": "selfeval.rescore",
    "check_self_evaluation": "selfeval.checks",
    "ProjectBudgetTable": "department.tables", "ScoreList": "department.tables", "load_tables": "department.workbooks",
    "BaseDataTable": "department.lines", "ItemisedBudget": "department.lines", "check_table": "department.checks",
    "check": "department.workbooks", "check_paths": "department.workbooks", "load_table": "department.workbooks", "Department": "department.submission",
    "CaseTable": "cases.reader", "read_cases": "cases.reader", "CaseStats": "cases.assess",
    "assess_cases": "cases.assess", "load_units": "cases.assess", "Funnel": "cases.funnel",
    "case_funnel": "cases.funnel", "CountsCheck": "cases.funnel", "check_counts": "cases.funnel",
    "AuditSample": "cases.sampling", "attribute_sample_size": "cases.sampling", "select_sample": "cases.sampling",
    "OverallScores": "cases.overall", "overall_scores": "cases.overall", "CaseReport": "cases.report",
    "generate_cases": "testing.casegen", "write_export": "testing.casegen",
    "load_department": "loaders", "load_counts": "loaders", "load_case_report": "loaders", "data_file": "project",
    "Overview": "runner.overview", "load_overview": "runner.overview",
}
# modules reachable as attributes: ek.project, ek.reports, ek.charts (= evalkit.reports.charts) …
_MODULES = {"project": "project", "reports": "reports", "charts": "reports.charts", "metrics": "rules.metrics",
            "catalog": "runner.catalog"}

__all__ = ["__version__", "EvalkitError", "InputError", "LayoutNotFound", "ProfileError", "CatalogError",
           "UsageError", *_LAZY, *_MODULES]


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return importlib.import_module(f"{__name__}.{_MODULES[name]}")
    if name in _LAZY:
        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def _show_results_in_ipython() -> None:
    """In a running IPython shell, show result objects through :mod:`evalkit.reports.views`
    (registered by type name, so nothing heavy is imported until an object is shown)."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is None:
        return
    formatter = shell.display_formatter.formatters["text/html"]

    def show(obj: object) -> str:
        return importlib.import_module(f"{__name__}.reports.views").to_html(obj)

    for module, name in (("findings", "Findings"), ("selfeval.form", "SelfEvaluation"),
                         ("selfeval.rescore", "Rescored"), ("department.base", "DepartmentTable"),
                         ("cases.assess", "CaseStats"), ("cases.funnel", "Funnel"), ("cases.funnel", "CountsCheck"),
                         ("cases.overall", "OverallScores"), ("cases.sampling", "AuditSample")):
        formatter.for_type_by_name(f"{__name__}.{module}", name, show)


_show_results_in_ipython()
