"""Layer 5, loaders: the library's loaders with input paths resolved against the project's
``data/`` folder (relative paths) and the project's cache — what notebooks and the face call."""

from __future__ import annotations

from pathlib import Path

from .cases.report import CaseReport
from .cases.report import load_case_report as _load_case_report
from .department.submission import Department
from .department.submission import load_department as _load_department
from .errors import InputError
from .project import CACHE, data_file
from .rules.profile import RuleProfile
from .samples import SAMPLES


def load_department(inputs: list[str | Path], profile: str | RuleProfile = "national") -> Department:
    """:func:`evalkit.department.submission.load_department` with inputs relative to ``data/``.

    >>> d = load_department(["duji-2024/项目预算执行表.xlsx", "duji-2024/项目自评得分表.xlsx"])
    >>> d.findings.count("error"), d.findings.count("info"), len(d.projects())  # 94.29% for 94.2801%: 提示
    (6, 1, 7)
    """
    return _load_department([data_file(p) for p in inputs], profile)


def load_case_report(inputs: list[str | Path], **options: object) -> CaseReport:
    """:func:`evalkit.cases.report.load_case_report` with inputs relative to ``data/`` and the
    project's Parquet cache. A generated sample that does not exist yet is an error that says
    to run ``evalkit samples``.

    >>> r = load_case_report(["generated/zhongfang-2020/案件导出.csv", "zhongfang-2020/units.csv"])
    >>> r.sample.params["population"]
    8907
    """
    paths = [data_file(p) for p in inputs]
    for rel, path in zip(inputs, paths):
        if str(rel) in SAMPLES and not path.exists():
            raise InputError("示例案件导出表尚未生成：请先运行 evalkit samples（或 make reports）", file=path)
    options.setdefault("cache", CACHE / "cases")
    return _load_case_report(paths, **options)  # type: ignore[arg-type]
