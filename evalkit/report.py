"""Formatting helpers for report notebooks: headings, 万元 and percentage formats, info tables,
and how a DataFrame displays in a report."""

from __future__ import annotations

import html
import math
import re

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
    styler = (frame.style.format(precision=2, na_rep="")
              .set_table_attributes('class="dataframe"')  # the notebook's own table style
              .set_table_styles([{"selector": "th.col_heading", "props": [("text-align", "center")]}]))
    if isinstance(frame.index, pd.RangeIndex):
        styler = styler.hide(axis="index")
    flags = [col for col in frame.columns if pd.api.types.is_bool_dtype(frame[col])]
    if flags:
        styler = styler.format(lambda v: "是" if v else "否", subset=flags, na_rep="")
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


def setup() -> None:
    """Set up a report notebook: charts (font, house style, PNG display) and tables
    (:func:`frame_html`). The first call of every report notebook."""
    from . import plots

    plots.setup()
    register_table_display()


def register_table_display() -> None:
    """In IPython, display every DataFrame through :func:`frame_html`."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, frame_html)


# The font stack of report and index pages. First the subset of Noto Sans CJK SC that
# :func:`embed_cjk_font` embeds: it holds only the page's non-ASCII characters, so Chinese
# renders the same on any machine (a system font listed before it may claim CJK text it cannot
# draw, seen as boxes in Chromium), while Latin text falls through to the system fonts.
EMBEDDED_FONT = "evalkit Noto Sans CJK SC"
FONT_FAMILY = (f'"{EMBEDDED_FONT}", system-ui, -apple-system, "Segoe UI", Helvetica, Arial, '
               '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif')


def subset_cjk_font(text: str) -> bytes:
    """Noto Sans CJK SC (from the ``mplfonts`` wheel) cut down to the characters of ``text``.

    >>> len(subset_cjk_font("复核")) < 20_000
    True
    """
    import importlib.resources
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    from .plots import FONT_FILE

    options = subset.Options()
    options.hinting = False
    options.notdef_outline = True
    options.layout_features = ["*"]
    source = importlib.resources.files("mplfonts") / "fonts" / FONT_FILE
    buffer = io.BytesIO()
    with TTFont(str(source), lazy=True) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        font.save(buffer)
    return buffer.getvalue()


def embed_cjk_font(page: str) -> str:
    """Embed, before ``</head>``, a font holding just the non-ASCII characters ``page`` uses.

    A page then shows its Chinese text the same on a machine without Chinese fonts, and
    still fetches nothing (the font is a ``data:`` URL). Adds roughly 0.3 KB per character.

    >>> out = embed_cjk_font("<html><head></head><body>复核</body></html>")
    >>> "@font-face" in out and out.index("@font-face") < out.index("</head>")
    True
    >>> embed_cjk_font("<head></head>ascii") == "<head></head>ascii"
    True
    """
    import base64

    chars = "".join(sorted({c for c in page if ord(c) > 0x7F}))
    if not chars:
        return page
    data = base64.b64encode(subset_cjk_font(chars)).decode("ascii")
    style = (f'<style type="text/css">@font-face {{ font-family: "{EMBEDDED_FONT}"; '
             f'src: url(data:font/otf;base64,{data}) format("opentype"); }}</style>\n')
    at = page.find("</head>")
    return page[:at] + style + page[at:] if at >= 0 else style + page


def note(text: str) -> HTML:
    """A short Chinese remark in the report (e.g. which on-time rule was used)."""
    return HTML(f"<p><small>{html.escape(text)}</small></p>")
