"""evalkit: check Chinese public-spending performance self-evaluations (绩效自评).

>>> import evalkit as ek
>>> t = ek.load_self_evaluation(ek.paths.DATA / "yiyang-2022" / "自评表.xlsx")
>>> t.rescore().total_expected
100.0
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from . import catalog, metrics, paths, plots, report
from .errors import EvalkitError, InputError
from .findings import Finding, Findings, Severity
from .forms import SelfEvaluation, load_self_evaluation, load_self_evaluations
from .labels import LABELS, display
from .rules import RuleProfile, available_profiles, load_profile
from .scoring import Rescored, rescore
from .values import parse_amount, parse_percent, parse_score, parse_target

try:
    __version__ = version("evalkit")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

__all__ = [
    "EvalkitError", "InputError", "Finding", "Findings", "Severity", "SelfEvaluation",
    "load_self_evaluation", "load_self_evaluations", "LABELS", "display", "RuleProfile",
    "available_profiles", "load_profile", "Rescored", "rescore", "parse_amount", "parse_percent",
    "parse_score", "parse_target", "metrics", "paths", "__version__",
]
