"""Layer 4, formatting: headings, 万元 and percentage formats, info tables, and how a DataFrame
displays in a report (every cell escaped)."""

from __future__ import annotations

import html
import math
import re
from typing import Any

import pandas as pd
from IPython.display import HTML


def money(value: float) -> str:
    """An amount in 万元 with two decimals ("" when unknown).

    >>> money(701.8)
    '701.80'
    """
    return "" if value is None or math.isnan(value) else f"{value:,.2f}"


def percent(value: float, digits: int = 2) -> str:
    """A fraction as a percentage ("" when unknown).

    >>> percent(0.60741)
    '60.74%'
    """
    return "" if value is None or math.isnan(value) else f"{value:.{digits}%}"


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
