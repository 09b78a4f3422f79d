"""Layer 5, loaders: the library's loaders with input paths resolved against the project's
``data/`` folder (relative paths) and the project's cache — what notebooks and the face call."""

from __future__ import annotations

from pathlib import Path

from .cases.funnel import CountsCheck, check_counts
from .cases.report import CaseReport
from .cases.report import load_case_report as _load_case_report
from .department.submission import Department
from .department.submission import load_department as _load_department
from .errors import InputError
from .io.sidetable import header_of
from .project import CACHE, data_file
from .rules.profile import RuleProfile
from .samples import SAMPLES

COUNTS_HEADER = {"indicator", "count"}  # a counts table (指标, 数量, 比率 are read as these)
TEXT_TABLES = (".csv", ".tsv", ".txt")


def _is_counts_table(path: Path) -> bool:
    """Whether ``path`` is a CSV counts table (indicator, count, reported_rate)."""
    if path.suffix.lower() not in TEXT_TABLES or not path.is_file():
        return False
    try:
        return COUNTS_HEADER <= header_of(path)
    except InputError:
        return False


def load_counts(inputs: list[str | Path], profile: str | RuleProfile = "national") -> CountsCheck | None:
    """The case counts table among a department's inputs (relative to ``data/``), checked
    (:func:`evalkit.cases.funnel.check_counts`), or None when there is none.

    >>> c = load_counts(["zhuzhou-2019/预算执行明细表.xlsx", "zhuzhou-2019/case_counts.csv"])
    >>> c.table.loc[c.table["indicator"] == "结案", "reported_rate"].item()
    '99.11%'
    """
    found = [p for p in map(data_file, inputs) if _is_counts_table(p)]
    return check_counts(found[0], profile) if found else None


def load_department(inputs: list[str | Path], profile: str | RuleProfile = "national") -> Department:
    """:func:`evalkit.department.submission.load_department` with inputs relative to ``data/``;
    a case counts table among them is left to :func:`load_counts`.

    >>> d = load_department(["duji-2024/项目预算执行表.xlsx", "duji-2024/项目自评得分表.xlsx"])
    >>> d.findings.count("error"), d.findings.count("info"), len(d.projects())  # 94.29% for 94.2801%: 提示
    (6, 1, 7)
    """
    return _load_department([p for p in map(data_file, inputs) if not _is_counts_table(p)], profile)


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
