"""Layer 3, department tables: the base class every department table shares.

Headers are found and cells read by the one layout matcher of :mod:`evalkit.io.layout`; a
table keeps where it was read, its title, a tidy ``frame`` (canonical snake_case columns, every
value with its ``*_cell`` A1 reference) and the cells that could not be parsed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import ClassVar

import pandas as pd

from ..findings import Finding
from ..io.layout import Header, year_of

TOTAL_WORDS = ("合计", "总计", "合计数", "总合计")


@dataclass
class DepartmentTable:
    """Base of the department tables: where it was read, what it is, and how it shows itself.

    Subclasses set ``kind`` and fill ``frame`` (canonical snake_case columns, every value with
    its ``*_cell`` A1 reference). ``problems`` holds the cells that could not be parsed.
    """

    file: str
    sheet: str
    title: str
    frame: pd.DataFrame
    problems: list[Finding] = field(default_factory=list)
    layout: tuple[Header, ...] = ()

    kind: ClassVar[str] = ""
    kind_name: ClassVar[str] = ""
    #: (the record attribute holding the printed total, its column, "sum" or "mean" of the frame's column)
    total_of: ClassVar[tuple[str, str, str] | None] = None

    @property
    def subject(self) -> str:
        """The table's title as printed, or the sheet name."""
        return self.title or self.sheet

    @property
    def year(self) -> int | None:
        return year_of(self.title)

    @property
    def reported_total(self) -> float | None:
        """The total the table prints (its 合计, average or main parent line), None when absent."""
        if self.total_of is None:
            return None
        line, column, _ = self.total_of
        return getattr(self, line).get(column)

    @property
    def recomputed_total(self) -> float | None:
        """That total recomputed from the table's own parts (None when they are all blank)."""
        if self.total_of is None:
            return None
        _, column, how = self.total_of
        values = self.frame[column]
        return round(float(getattr(values, how)()), 6) if values.notna().any() else None

    def view(self) -> pd.DataFrame:
        """The table as it is best read: canonical columns without cell references."""
        return self.frame[[c for c in self.frame.columns if not c.endswith(("_cell", "_ndigits")) and c != "row"]]


def plain(x: float | None) -> float | None:
    """A total for a JSON document: rounded to 4 places, None for NaN.

    >>> plain(224.05000000001), plain(float("nan"))
    (224.05, None)
    """
    return None if x is None or math.isnan(x) else round(float(x), 4)
