"""Layer 5, runner: all departments of the catalogue side by side, each linked to its own report."""

from __future__ import annotations

import html
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..cases.report import load_case_report
from ..department.submission import load_department
from ..errors import EvalkitError
from ..io.cells import rows_of
from ..project import CACHE, data_file
from ..reports.format import percent
from .catalog import Entry, load_catalog

COLUMNS = ["entry", "year", "department", "title", "kind", "link", "total_reported", "total_expected", "errors",
           "warnings", "infos", "execution_rate", "composite_rate", "problem"]


def _department_row(entry: Entry) -> dict[str, Any]:
    dept = load_department(list(entry.input_paths))
    projects = dept.projects()
    totals = [d for d in dept.report.documents if d.is_self_evaluation]
    return {
        "total_reported": totals[0].reported_total if len(totals) == 1 else math.nan,
        "total_expected": totals[0].recomputed_total if len(totals) == 1 else math.nan,
        "errors": dept.findings.count("error"), "warnings": dept.findings.count("warning"),
        "infos": dept.findings.count("info"),
        "execution_rate": (projects["executed"].sum() / projects["budget"].sum()) if len(projects) else math.nan,
    }


def _cases_row(entry: Entry) -> dict[str, Any]:
    rep = load_case_report(list(entry.input_paths), cache=CACHE / "cases")
    findings = list(rep.stats.findings) + (list(rep.counts.findings) if rep.counts else [])
    count = {s: sum(f.severity.value == s for f in findings) for s in ("error", "warning", "info")}
    return {"errors": count["error"], "warnings": count["warning"], "infos": count["info"],
            "composite_rate": rep.stats.total["composite_rate"]}


ROWS = {"self_evaluation": _department_row, "department": _department_row, "cases": _cases_row}


@dataclass
class Overview:
    """One row per catalogue entry; ``here`` is the folder the overview report is written to."""

    rows: pd.DataFrame

    def frame(self) -> pd.DataFrame:
        return self.rows.copy()

    def summary(self) -> str:
        r = self.rows
        return (f"共 {len(r)} 份报告；错误 {int(r['errors'].sum())} 项，存疑 {int(r['warnings'].sum())} 项，"
                f"提示 {int(r['infos'].sum())} 项；无法读取 {int((r['problem'] != '').sum())} 份。")

    def table(self) -> "HTMLTable":
        """The overview as an HTML table with each title linking to its report."""
        return HTMLTable(self.rows)


@dataclass
class HTMLTable:
    """Renders the overview rows with links (a plain DataFrame would escape them)."""

    rows: pd.DataFrame

    def _repr_html_(self) -> str:
        head = ["年度", "部门", "报告", "总分(报)", "总分(算)", "错误", "存疑", "提示", "预算执行率", "综合解决率", "备注"]
        body = []
        for r in rows_of(self.rows):
            text = [r["year"], html.escape(r["department"]),
                    f"<a href='{html.escape(r['link'])}'>{html.escape(r['title'])}</a>"]
            numbers = [_fmt(r["total_reported"]), _fmt(r["total_expected"], 2), r["errors"], r["warnings"],
                       r["infos"], percent(r["execution_rate"]), percent(r["composite_rate"])]
            colour = "#f8d7da" if r["errors"] or r["problem"] else ("#fff3cd" if r["warnings"] else "#e6f4ea")
            body.append(f"<tr style='background:{colour}'>"
                        + "".join(f"<td style='text-align:left'>{c}</td>" for c in text)
                        + "".join(f"<td style='text-align:right'>{c}</td>" for c in numbers)
                        + f"<td style='text-align:left'>{html.escape(r['problem'])}</td></tr>")
        return ("<table class='dataframe'><thead><tr>" + "".join(f"<th>{h}</th>" for h in head)
                + "</tr></thead><tbody>" + "".join(body) + "</tbody></table>")


def _fmt(x: object, decimals: int | None = None) -> str:
    """A total as printed (``decimals=None``) or rounded to ``decimals``; blank when unknown."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    return f"{x:.10g}" if decimals is None else f"{x:.{decimals}f}"


def load_overview(catalog: str | Path = "catalog.csv") -> Overview:
    """Check every entry of the catalogue (except overviews) and link its report.

    Links are relative to the overview's own report folder (``outputs/<year>/<department_id>/``).
    An entry whose inputs cannot be read is listed with the reason, never left out.

    >>> ov = load_overview()
    >>> ov.rows.set_index("entry").loc["zhongfang-2020-zhihui", "errors"]
    np.int64(3)
    """
    entries = load_catalog(data_file(catalog), problems=[])  # bad rows: reported by the run that built this
    own = next((e for e in entries if e.notebook == "overview"), None)
    here = Path(own.output_dir) if own else Path(".")
    rows = []
    for e in entries:
        if e.notebook == "overview":
            continue
        link = Path(os.path.relpath(e.output_dir / f"{e.entry}.html", here)).as_posix()
        row: dict[str, Any] = {"entry": e.entry, "year": e.year, "department": e.department, "title": e.title,
                                  "kind": e.notebook, "link": link, "total_reported": math.nan,
                                  "total_expected": math.nan, "errors": 0, "warnings": 0, "infos": 0,
                                  "execution_rate": math.nan, "composite_rate": math.nan, "problem": ""}
        try:
            row.update(ROWS[e.notebook](e) if e.notebook in ROWS else {"problem": f"未知的报告类型 {e.notebook}"})
        except EvalkitError as exc:
            row["problem"] = str(exc)
        except Exception as exc:  # a damaged input can break any reader: listed, never hiding the others
            row["problem"] = f"读取时出错（{type(exc).__name__}: {exc}）"
        rows.append(row)
    frame = pd.DataFrame(rows, columns=COLUMNS).sort_values(["year", "department", "entry"], ignore_index=True)
    for col in ("errors", "warnings", "infos"):
        frame[col] = frame[col].astype("int64")
    return Overview(frame)
