"""Layer 1, side tables: the small tables that come with a case export or a report — units and
their classes, published counts, assessment components — read one way.

A side table is a CSV (UTF-8, with or without BOM) or a workbook's first sheet, every cell read
as text (empty cells as ""), or a DataFrame given directly. Its columns are found by their
wordings after :func:`evalkit.io.cells.squash` and lower-casing, so ``unit`` and 责任单位 both
name the unit column.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeAlias

import pandas as pd

from ..errors import InputError
from .cells import squash

Source: TypeAlias = "str | Path | pd.DataFrame"


def read_side_table(source: Source, what: str) -> tuple[pd.DataFrame, str]:
    """The table as text cells, and the file it came from ("<frame>" for a DataFrame).

    ``what`` names the table in the error message (e.g. "单位分类表").

    >>> frame, file = read_side_table(pd.DataFrame({"unit": ["中方镇"]}), "单位分类表")
    >>> file, frame.columns.tolist()
    ('<frame>', ['unit'])
    """
    if isinstance(source, pd.DataFrame):
        return source.copy(), "<frame>"
    from python_calamine import CalamineError

    path = Path(source)
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
            frame = pd.read_excel(path, dtype="str", engine="calamine", keep_default_na=False)
        else:
            frame = pd.read_csv(path, dtype="str", encoding="utf-8-sig", keep_default_na=False)
    except (OSError, ValueError, CalamineError) as exc:
        raise InputError(f"无法读取{what}（{exc}）", file=path) from exc
    return frame, str(path)


def find_columns(frame: pd.DataFrame, wanted: dict[str, tuple[str, ...]]) -> dict[str, str | None]:
    """Role → the frame's column whose squashed, lower-cased header is one of the role's wordings.

    >>> find_columns(pd.DataFrame(columns=["责任单位", "Class"]), {"unit": ("unit", "责任单位"), "class": ("class",)})
    {'unit': '责任单位', 'class': 'Class'}
    """
    names = {squash(c).lower(): c for c in frame.columns}
    return {role: next((names[w] for w in words if w in names), None) for role, words in wanted.items()}


def header_of(path: str | Path) -> set[str]:
    """The stripped header cells of a CSV side table (to tell a units table from a counts table)."""
    frame, _ = read_side_table(path, "附表")
    return {str(c).strip() for c in frame.columns}
