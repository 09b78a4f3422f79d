"""Layer 4, formatting: headings, 万元 and percentage formats, info tables, and how a DataFrame
displays in a report (every cell escaped)."""

from __future__ import annotations

import html
import re
from typing import Any, Iterable

import pandas as pd
from IPython.display import HTML

from ..findings import COLUMNS, Finding
from ..labels import LABELS
from ..rulebook import rule_name
from ..rules.numbers import excel_format, figure, money, percent, points

__all__ = ["money", "percent", "points", "figure", "excel_format", "finding_value", "findings_table",
           "FINDING_COLUMNS", "FINDING_LABELS", "rates_as_percent", "chinese_headers_of", "heading", "info_table", "frame_html", "note"]

#: The columns of a findings table or CSV: the contract's nine, then how much is at stake.
FINDING_COLUMNS = [*COLUMNS, "difference", "amount", "material"]
FINDING_LABELS = {"amount": "涉及金额(万元)"}  # of a finding: the amount at stake


def finding_value(finding: Finding, name: str) -> str:
    """A finding's ``reported``, ``expected`` or ``difference`` in the format of its kind: 万元 with
    two decimals, a rate as a percentage at the precision the table printed, a score with two
    decimals; a rate's difference in percentage points.

    >>> f = Finding("execution-rate", "error", "a.xlsx", "S", "G5", "p", 0.9917, 8907 / 14664, "…", "rate", 2,
    ...             difference=0.9917 - 8907 / 14664)
    >>> finding_value(f, "reported"), finding_value(f, "expected"), finding_value(f, "difference")
    ('99.17%', '60.74%', '38.43 个百分点')
    """
    value = getattr(finding, name)
    if name == "amount":
        return money(value)
    if name == "difference" and finding.quantity == "rate" and isinstance(value, float):
        digits = 2 if finding.decimals is None else max(finding.decimals, 2)
        return f"{value * 100:.{digits}f} 个百分点"
    return figure(value, finding.quantity, finding.decimals)


def findings_table(findings: Iterable[Finding], *, chinese_headers: bool = False) -> pd.DataFrame:
    """One row per finding, its figures as people read them (:func:`finding_value`), 重大 as 是/"";
    with ``chinese_headers`` the rule as its Chinese name and every column under its Chinese label
    (what a CSV for Excel wants).

    >>> f = Finding("funds-total", "error", "/d/a.xlsx", "S", "D5", "p", 120.0, 100.0, "…", "amount",
    ...             difference=20.0, amount=20.0, material=True)
    >>> findings_table([f], chinese_headers=True).iloc[0][["规则", "严重程度", "报告值", "差额", "重大"]].tolist()
    ['资金来源合计（funds-total）', '错误', '120.00', '20.00', '是']
    """
    rows = []
    for f in findings:
        row: dict[str, Any] = {c: getattr(f, c) for c in COLUMNS}
        row["severity"] = f.severity.chinese if chinese_headers else f.severity.value
        if chinese_headers:
            row["rule"] = f"{rule_name(f.rule)}（{f.rule}）"
        for name in ("reported", "expected", "difference", "amount"):
            row[name] = finding_value(f, name)
        row["material"] = ("是" if chinese_headers else "yes") if f.material else ""
        rows.append(row)
    frame = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    return chinese_headers_of(frame.rename(columns=FINDING_LABELS)) if chinese_headers else frame


def chinese_headers_of(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its canonical column names replaced by their Chinese labels (:data:`LABELS`)."""
    return frame.rename(columns=lambda c: LABELS.get(c, c))


def rates_as_percent(frame: pd.DataFrame, columns: Iterable[str], digits: int = 2) -> pd.DataFrame:
    """A copy of ``frame`` whose rate columns (fractions) read as percentages ("92.31%", "" when
    unknown) — for tables and CSV people open; JSON keeps the fractions.

    >>> rates_as_percent(pd.DataFrame({"r": [0.92308, float("nan")]}), ["r"])["r"].tolist()
    ['92.31%', '']
    """
    out = frame.copy()
    for col in columns:
        if col in out.columns:
            out[col] = out[col].map(lambda x: percent(x, digits))
    return out


def heading(title: str, subtitle: str = "") -> HTML:
    """The report's title block."""
    sub = f"<p>{html.escape(subtitle)}</p>" if subtitle else ""
    return HTML(f"<h1>{html.escape(title)}</h1>{sub}")


def info_table(pairs: dict[str, Any]) -> pd.DataFrame:
    """A two-column 项目 / 内容 table from label → value pairs."""
    return pd.DataFrame({"项目": list(pairs), "内容": [str(v) for v in pairs.values()]})


# A cell that reads as a number: "701.80", "1,124.66", "-3", "60.74%".
_NUMBERLIKE = re.compile(r"[-+]?[\d,]*\.?\d+%?")


def frame_html(frame: pd.DataFrame) -> str:
    """A DataFrame as an auditor reads it: no 0, 1, 2 … row numbers (a meaningful index is
    kept), numbers right-aligned with two decimals, text left-aligned, 是 / 否 for true / false,
    blanks for missing.

    >>> page = frame_html(pd.DataFrame({"项目": ["经费"], "金额": [701.8], "比率": ["60.74%"], "一致": [False]}))
    >>> "701.80" in page and ">0<" not in page and "text-align: left" in page and ">否<" in page
    True
    """
    # pandas' Styler does not escape by default: every cell, header and index label taken from an
    # input is escaped here, so a workbook's "<img onerror=…>" shows as text in the report
    styler = (frame.style.format(precision=2, na_rep="", escape="html")
              .format_index(escape="html", axis=0).format_index(escape="html", axis=1)
              .set_table_attributes('class="dataframe"')  # the notebook's own table style
              .set_table_styles([{"selector": "th.col_heading", "props": [("text-align", "center")]}]))
    if isinstance(frame.index, pd.RangeIndex):
        styler = styler.hide(axis="index")
    flags = [col for col in frame.columns if pd.api.types.is_bool_dtype(frame[col])]
    if flags:
        styler = styler.format(lambda v: "是" if v else "否", subset=flags, na_rep="", escape="html")
    text = [col for col in frame.columns if not _numeric_column(frame[col])]
    if text:
        styler = styler.set_properties(subset=text, **{"text-align": "left"})
    numbers = [col for col in frame.columns if col not in text]
    if numbers:
        styler = styler.set_properties(subset=numbers, **{"text-align": "right"})
    return styler.to_html()


def _numeric_column(column: pd.Series) -> bool:
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        return True
    values = [str(v).strip() for v in column if v is not None and str(v).strip() not in ("", "nan")]
    return bool(values) and all(_NUMBERLIKE.fullmatch(v) for v in values)


def note(text: str) -> HTML:
    """A short Chinese remark in the report (e.g. which on-time rule was used)."""
    return HTML(f"<p><small>{html.escape(text)}</small></p>")
