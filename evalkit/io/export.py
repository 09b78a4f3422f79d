"""Layer 1, export safety: text taken from the audited units' files is written to xlsx and CSV
as text, never as something a spreadsheet would execute or choke on.

A cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to
Excel (formula or CSV injection): in xlsx it is stored as a text cell, unchanged; in CSV it
gets a leading apostrophe. Control characters, which xlsx cannot hold, are removed.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def clean_text(value: Any) -> Any:
    """``value`` with control characters removed when it is text (other values unchanged).

    >>> clean_text("甲\\x07单位"), clean_text(3.5)
    ('甲单位', 3.5)
    """
    return _CONTROLS.sub("", value) if isinstance(value, str) else value


_PLAIN_NUMBER = re.compile(r"[-+]?\d[\d,]*(\.\d+)?%?")


def csv_text(value: Any) -> Any:
    """A value as CSV may carry it: text that a spreadsheet would run as a formula gets a leading
    apostrophe; numbers stay numbers.

    >>> csv_text("=HYPERLINK(\\"http://x\\")"), csv_text("-20.00 万元"), csv_text(-20.0), csv_text("城管局")
    ('\\'=HYPERLINK("http://x")', "'-20.00 万元", -20.0, '城管局')

    A figure written as evalkit formats it ("-20.00", "-10.89%", "+1,234.50") is a number to a
    spreadsheet, never a formula, and stays as it is:

    >>> csv_text("-20.00"), csv_text("-10.89%"), csv_text("-2+3")
    ('-20.00', '-10.89%', "'-2+3")
    """
    value = clean_text(value)
    if isinstance(value, str) and value.startswith(_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame, *, for_csv: bool = False) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (and column names) are safe to export: control
    characters removed, and for CSV the formula-like ones prefixed (:func:`csv_text`)."""
    fix = csv_text if for_csv else clean_text
    out = frame.rename(columns=lambda c: fix(str(c)) if isinstance(c, str) else c)
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(fix)
    return out


def harden_workbook(book: Any) -> int:
    """Turn every formula cell of an openpyxl workbook into a text cell with the same content
    (evalkit writes no formulas: each one came from an input's text); return how many were.

    Call it after filling the workbook and before saving it."""
    count = 0
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
                    count += 1
    return count
