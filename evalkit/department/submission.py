"""Layer 3, department tables: everything a department handed in for one year, read together.

:func:`load_department` reads the workbooks (自评表, project budget list, score list, 基础数据表,
itemised budgets), runs every check (including the comparisons across documents) and offers
display-ready frames: documents, projects' budgets and execution, scores and grades reported
against recomputed, base-data ratios, findings by severity.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import pandas as pd

from ..errors import InputError
from ..findings import Findings, Severity
from ..io.cells import rows_of
from ..prose.match import claims_frame
from ..rulebook import rule_name
from ..rules.formulas import grade, normalise_grade
from ..rules.metrics import change_rate, control_rate, execution_rate
from ..rules.profile import RuleProfile, as_profile
from ..selfeval.form import SelfEvaluation
from ..selfeval.rescore import rescore
from .base import DepartmentTable
from .lines import BaseDataTable, ItemisedBudget, LineTable
from .tables import ProjectBudgetTable, ScoreList
from .workbooks import CheckReport, check_workbooks, read_paths

KIND_NAMES = {"project": "项目支出绩效自评表", "department": "部门整体支出绩效自评表"}


@dataclass
class Department:
    """The documents of one department and year, their checks, and the frames its report shows."""

    files: list[Path]
    forms: list[SelfEvaluation]
    tables: Sequence[DepartmentTable]
    report: CheckReport
    profile: RuleProfile

    @property
    def findings(self) -> Findings:
        return self.report.findings

    def summary(self) -> str:
        """One Chinese sentence: what was read and what was found."""
        bad = self.report.unreadable
        unread = f"其中 {len(bad)} 个文件无法读取（{'；'.join(str(e) for e in bad)}）；" if bad else ""
        text = f"、{len(self.report.prose)} 份报告正文" if self.report.prose else ""
        return (f"读取 {len(self.files)} 个文件、{len(self.report.documents)} 张表{text}；{unread}"
                f"{self.findings.summary()}。")

    def documents(self) -> pd.DataFrame:
        """One row per table read: file, sheet, kind, subject, reported and recomputed totals."""
        rows = []
        for d in self.report.documents:
            kind = KIND_NAMES.get(d.kind) or next((t.kind_name for t in self.tables if t.kind == d.kind), d.kind)
            rows.append({"文件": Path(d.file).name, "工作表": d.sheet, "表类型": kind,
                         "对象": d.subject, "合计/总分(报)": _num(d.reported_total),
                         "合计/总分(算)": _num(d.recomputed_total)})
        for p in self.report.prose:
            counts = p.counts()
            rows.append({"文件": Path(p.file).name, "工作表": "正文", "表类型": "报告正文",
                         "对象": f"正文所述数字 {len(p.matches)} 处（一致 {counts['一致']}、不一致 {counts['不一致']}、"
                                 f"未能对照 {counts['未能对照']}）", "合计/总分(报)": None, "合计/总分(算)": None})
        for e in self.report.unreadable:  # said in the report, never left out silently
            rows.append({"文件": Path(e.file or "").name, "工作表": e.sheet or "", "表类型": "无法读取",
                         "对象": str(e), "合计/总分(报)": None, "合计/总分(算)": None})
        return pd.DataFrame(rows)

    def projects(self) -> pd.DataFrame:
        """Projects' budgets and execution from project lists and 自评表 funds, rates recomputed.

        Canonical columns: ``project``, ``budget``, ``executed``, ``rate_reported``, ``rate_expected``.
        """
        rows = []
        for t in self.tables:
            if isinstance(t, ProjectBudgetTable):
                for r in rows_of(t.frame):
                    rows.append({"project": r["project"], "budget": r["budget"], "executed": r["executed"],
                                 "rate_reported": r["rate_reported"]})
        for form in self.forms:
            e = rescore(form, self.profile).execution
            rows.append({"project": form.subject, "budget": e.budget, "executed": e.executed,
                         "rate_reported": e.rate_reported})
        frame = pd.DataFrame(rows, columns=["project", "budget", "executed", "rate_reported"])
        frame["rate_expected"] = execution_rate(frame["executed"], frame["budget"])
        return frame

    def scores(self) -> pd.DataFrame:
        """Scores and grades, reported against what the rules give (score lists and 自评表 totals)."""
        rows = []
        for t in self.tables:
            if isinstance(t, ScoreList):
                for r in rows_of(t.frame):
                    expected = grade(r["score"], self.profile) if not math.isnan(r["score"]) else ""
                    rows.append({"项目": r["project"], "总分(报)": _num(r["score"]), "总分(算)": None,
                                 "等级(报)": r.get("grade_reported", ""),
                                 "等级(算)": expected,
                                 "一致": normalise_grade(r.get("grade_reported", "")) == expected})
        for form in self.forms:
            rs = rescore(form, self.profile)
            rows.append({"项目": form.subject, "总分(报)": _num(rs.total_reported),
                         "总分(算)": round(rs.total_expected, 2), "等级(报)": form.total.grade,
                         "等级(算)": rs.grade_expected, "一致": bool(rs.total_agrees)})
        return pd.DataFrame(rows, columns=["项目", "总分(报)", "总分(算)", "等级(报)", "等级(算)", "一致"])

    def ratios(self) -> pd.DataFrame:
        """Base-data ratios: 在职人员控制率, and each line's change and execution between columns
        (rates as fractions; :func:`evalkit.reports.department.ratios_table` formats them)."""
        rows = []
        for t in self.tables:
            if isinstance(t, BaseDataTable) and t.staff:
                s = t.staff
                rows.append({"指标": "在职人员控制率", "公式": "实际在职人数 / 编制数",
                             "分子": s.get("actual"), "分母": s.get("authorised"),
                             "复算": float(control_rate(s.get("actual"), s.get("authorised"))),
                             "报告": s.get("control_rate", math.nan)})
            if isinstance(t, LineTable):
                rows.extend(_line_ratios(t))
        return pd.DataFrame(rows, columns=["指标", "公式", "分子", "分母", "复算", "报告"])

    def claims(self) -> pd.DataFrame:
        """Every figure the reports' texts state (.docx/.html/.pdf inputs), with the table cell it
        was compared with and its status: 一致, 不一致 or 未能对照 (no counterpart: listed, not flagged).

        >>> Department([], [], [], CheckReport(), as_profile("national")).claims().columns.tolist()[:4]
        ['文件', '位置', '类别', '对象']
        """
        frames = [p.frame() for p in self.report.prose]
        if not frames:
            return claims_frame([]).reindex(columns=["文件", *claims_frame([]).columns])
        return pd.concat(frames, ignore_index=True)

    def findings_by_severity(self) -> pd.DataFrame:
        """Counts of findings per rule and severity (Chinese headers), most serious first."""
        frame = self.findings.to_frame()
        if frame.empty:
            return pd.DataFrame(columns=["规则", "名称", "错误", "存疑", "提示"])
        counts = frame.pivot_table(index="rule", columns="severity", values="message", aggfunc="count",
                                   fill_value=0)
        for sev in Severity:
            if sev.value not in counts:
                counts[sev.value] = 0
        counts = counts[[s.value for s in Severity]].sort_values(["error", "warning", "info"], ascending=False)
        counts = counts.rename(columns={s.value: s.chinese for s in Severity}).rename_axis("规则").reset_index()
        counts.insert(1, "名称", counts["规则"].map(rule_name))
        return counts

    def findings_table(self, severity: str | None = None) -> Findings:
        """The findings (of one severity), sorted by file, sheet and severity."""
        items = [f for f in self.findings.sorted() if severity is None or f.severity.value == severity]
        return Findings(items)


def _num(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else round(float(value), 2)


def _line_ratios(t: LineTable) -> list[dict[str, Any]]:
    """Change rates between the two latest 决算/支出 columns and execution (决算/预算) of root lines."""
    heads = t.measures()
    finals = [m for m, h in heads.items() if "决算" in h]
    budgets = [m for m, h in heads.items() if "预算" in h]
    wide = t.frame.pivot(index="line", columns="measure", values="value")
    lines = t.lines().set_index("line")
    roots = lines[lines["level"] == lines["level"].min()]
    rows = []
    pairs = []
    if len(finals) >= 2:
        pairs.append(("变动率", finals[-1], finals[-2]))
    elif {"current", "previous"} <= set(heads):
        pairs.append(("变动率", "current", "previous"))
    for line, info in roots.iterrows():
        for name, now, before in pairs:
            a, b = wide.at[line, now], wide.at[line, before]
            if not (math.isnan(a) or math.isnan(b)):
                printed = wide.at[line, "change_rate"] if "change_rate" in wide else math.nan
                rows.append({"指标": f"{info['entry']}{name}", "公式": f"({heads[now]} − {heads[before]}) / {heads[before]}",
                             "分子": round(a - b, 2), "分母": b, "复算": float(change_rate(a, b)), "报告": printed})
        if finals and budgets:
            a, b = wide.at[line, finals[-1]], wide.at[line, budgets[-1]]
            if not (math.isnan(a) or math.isnan(b)) and b:
                rows.append({"指标": f"{info['entry']}执行率", "公式": f"{heads[finals[-1]]} / {heads[budgets[-1]]}",
                             "分子": a, "分母": b, "复算": float(execution_rate(a, b)), "报告": math.nan})
        elif isinstance(t, ItemisedBudget) and {"budget", "executed"} <= set(heads):
            a, b = wide.at[line, "executed"], wide.at[line, "budget"]
            if not (math.isnan(a) or math.isnan(b)) and b:
                rows.append({"指标": f"{info['entry']}执行率", "公式": "执行数 / 预算数", "分子": a, "分母": b,
                             "复算": float(execution_rate(a, b)), "报告": math.nan})
    return rows


def load_department(inputs: list[str | Path], profile: str | RuleProfile = "national") -> Department:
    """Read and check a department's workbooks and published reports (.docx/.html/.pdf: their
    tables, and the figures their text states, :meth:`Department.claims`).

    One unreadable workbook never hides the others: it is listed in the report (its summary and
    :meth:`Department.documents` name it and why) and the rest is checked. Raises
    :class:`InputError` only when no input can be read.

    >>> from evalkit.project import DATA
    >>> d = load_department([DATA / "duji-2024/项目预算执行表.xlsx", DATA / "duji-2024/项目自评得分表.xlsx"])
    >>> d.findings.count("error"), d.findings.count("info"), len(d.projects())  # 94.29% for 94.2801%: 提示
    (6, 1, 7)
    """
    prof = as_profile(profile)
    files = [Path(p) for p in inputs]
    read, unreadable = read_paths(files)
    if not read:
        if unreadable:
            raise unreadable[0]
        raise InputError(f"没有可读取的工作簿或报告：{', '.join(map(str, inputs))}")
    report = check_workbooks(read, prof)
    report.unreadable.extend(unreadable)
    forms = [f for r in read for f in r.forms]
    tables = [t for r in read for t in r.tables]
    return Department(files, forms, tables, report, prof)


__all__ = ["Department", "load_department"]
