"""Formatting helpers for report notebooks: headings, 万元 and percentage formats, info tables."""

from __future__ import annotations

import html
import math

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


def info_table(pairs: dict[str, object]) -> pd.DataFrame:
    """A two-column 项目 / 内容 table from label → value pairs."""
    return pd.DataFrame({"项目": list(pairs), "内容": [str(v) for v in pairs.values()]})
