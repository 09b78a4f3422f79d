"""Findings: what a check found, where, and by how much.

Layer 0 (with :mod:`evalkit.rulebook`, :mod:`evalkit.labels` and :mod:`evalkit.errors`). Every
finding carries the id of a registered :class:`~evalkit.rulebook.Rule`; building one with an
unknown id raises. How a list of findings looks in a report lives in :mod:`evalkit.reports.views`.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from .rulebook import RULES, Rule, get_rule, rule_name

if TYPE_CHECKING:
    import pandas as pd


class Severity(str, Enum):
    """How serious a finding is: a rule or arithmetic error, a judgement call, or a note."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def chinese(self) -> str:
        return {"error": "错误", "warning": "存疑", "info": "提示"}[self.value]


_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _place(f: "Finding") -> tuple:
    """Severity, rule and cell (in reading order): how findings of one sheet are ordered."""
    return (_ORDER[f.severity], f.rule, cell_order(f.cell))


_CELL = re.compile(r"([A-Z]+)([0-9]+)")


def cell_order(cell: str) -> tuple:
    """Sort key of a cell reference in reading order: row by row, then column (F9 before F10).

    >>> sorted(["F100", "F10", "B10", "F9", ""], key=cell_order)
    ['F9', 'B10', 'F10', 'F100', '']
    """
    match = _CELL.match(cell or "")
    if not match:
        return (math.inf, 0, cell or "")
    column, row = match.groups()
    return (int(row), len(column), column)
COLUMNS = ["rule", "severity", "file", "sheet", "cell", "subject", "reported", "expected", "message"]


def _plain(value: object) -> object:
    """A JSON-friendly scalar: floats rounded to 6 places, NaN as None."""
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 6)
    return value


@dataclass(frozen=True)
class Finding:
    """One disagreement between what a document reports and what its numbers or the rules give.

    ``rule`` is a stable id (e.g. ``"execution-score"``), ``cell`` the A1 reference of the cell
    holding the reported value that disagrees ("" when no single cell does), ``message`` one
    Chinese sentence saying what to look at.

    The optional fields say how much is at stake (all default to "unknown", so older code and
    JSON keep working): ``quantity`` the kind of figure compared (``"amount"`` in 万元, ``"rate"`` as
    a fraction, ``"score"`` in 分, "" for anything else), ``decimals`` the precision the reported
    figure was printed and compared at (of a percent, for a rate), ``difference`` reported − expected
    when both are numbers, ``amount`` the 万元 at stake, ``material`` whether that is above the
    profile's materiality threshold (重大), and ``rounding`` whether the difference is a mere
    rounding difference within the printed precision (then the severity is 提示). The last four
    are filled in by :func:`evalkit.rules.tolerance.settle`.
    """

    rule: str
    severity: Severity
    file: str
    sheet: str
    cell: str
    subject: str
    reported: object
    expected: object
    message: str
    quantity: str = ""
    decimals: int | None = None
    difference: float | None = None
    amount: float | None = None
    material: bool = False
    rounding: bool = False

    def __post_init__(self) -> None:
        get_rule(self.rule)  # an unregistered id is a programming error
        if not isinstance(self.severity, Severity):
            object.__setattr__(self, "severity", Severity(self.severity))

    @property
    def definition(self) -> Rule:
        """The registered rule this finding comes from."""
        return RULES[self.rule]

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["severity"] = self.severity.value
        out["reported"] = _plain(self.reported)
        out["expected"] = _plain(self.expected)
        out["difference"] = _plain(self.difference)
        out["amount"] = _plain(self.amount)
        return out


@dataclass
class Findings:
    """An ordered list of findings that displays itself as a colour-coded table.

    >>> f = Findings([Finding("total-row", Severity.ERROR, "a.xlsx", "S", "A1", "p", 1, 2, "不一致")])
    >>> f.count(Severity.ERROR), len(f)
    (1, 1)
    """

    items: list[Finding] = field(default_factory=list)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def extend(self, more: Iterable[Finding]) -> None:
        self.items.extend(more)

    def count(self, severity: Severity | str) -> int:
        sev = Severity(severity)
        return sum(1 for f in self.items if f.severity is sev)

    def sorted(self) -> "Findings":
        return Findings(sorted(self.items, key=lambda f: (f.file, f.sheet, *_place(f))))

    def by_amount(self) -> "Findings":
        """The most money at stake first (``amount``, 万元); findings with no amount after them,
        errors first; ties in reading order.

        >>> f = Findings([Finding("total-row", "error", "a.xlsx", "S", f"E{i}", "合计", 0, 0, "…", "amount",
        ...                       amount=a) for i, a in ((1, 0.5), (2, None), (3, 20.0))])
        >>> [x.cell for x in f.by_amount()]
        ['E3', 'E1', 'E2']
        """
        def key(f: Finding) -> tuple:
            stake = f.amount if f.amount is not None and not math.isnan(f.amount) else None
            return (stake is None, -abs(stake or 0.0), _ORDER[f.severity], f.file, f.sheet, *_place(f)[1:])

        return Findings(sorted(self.items, key=key))

    def material(self) -> "Findings":
        """Only the material findings (重大: more than the profile's threshold at stake)."""
        return Findings([f for f in self.items if f.material])

    def by_severity(self) -> "Findings":
        """Errors first, then warnings, then notes; within each by file, sheet, rule and cell."""
        return Findings(sorted(self.items, key=lambda f: (_ORDER[f.severity], f.file, f.sheet, *_place(f)[1:])))

    def grouped(self, places: int = 5) -> pd.DataFrame:
        """One row per rule and severity: how many, the first few cells, and one message as an
        example — what a long list (say, 2,000 rows of a case export) comes to.

        >>> f = Findings([Finding("case-no-unit", Severity.INFO, "a.csv", "", f"F{i}", "", "", "", f"第 {i} 行")
        ...               for i in (12, 9, 10)])
        >>> row = f.grouped(places=2).iloc[0]
        >>> row["名称"], int(row["项数"]), row["位置"], row["示例"]
        ('无责任单位', 3, 'F9、F10 …', '第 9 行')
        """
        columns = ["规则", "名称", "严重程度", "项数", "位置", "示例"]
        rows: list[dict[str, Any]] = []
        for f in self.by_severity():
            if rows and rows[-1]["规则"] == f.rule and rows[-1]["严重程度"] == f.severity.chinese:
                rows[-1]["项数"] += 1
                if f.cell:
                    rows[-1]["cells"].append(f.cell)
                continue
            rows.append({"规则": f.rule, "名称": rule_name(f.rule), "严重程度": f.severity.chinese, "项数": 1,
                         "cells": [f.cell] if f.cell else [], "示例": f.message})
        for row in rows:
            cells = row.pop("cells")
            row["位置"] = "、".join(cells[:places]) + (" …" if len(cells) > places else "")
        import pandas as pd

        return pd.DataFrame(rows, columns=columns)

    def cells(self, severity: Severity | str | None = None) -> list[tuple[str, str]]:
        """(rule, cell) of every finding (of one severity), in order: what a test or a quick look wants.

        >>> Findings([Finding("total-row", "error", "a.xlsx", "S", "E11", "合计", 1, 2, "…")]).cells("error")
        [('total-row', 'E11')]
        """
        sev = None if severity is None else Severity(severity)
        return [(f.rule, f.cell) for f in self.items if sev is None or f.severity is sev]

    def by_rule(self, rule: str) -> list[Finding]:
        return [f for f in self.items if f.rule == rule]

    def to_frame(self) -> pd.DataFrame:
        """One row per finding, canonical column names."""
        import pandas as pd

        return pd.DataFrame([f.to_dict() for f in self.items], columns=COLUMNS)

    def to_json(self) -> str:
        return json.dumps([f.to_dict() for f in self.items], ensure_ascii=False, indent=2)

    def summary(self) -> str:
        """One Chinese line: how many of each severity."""
        line = f"错误 {self.count('error')} 项，存疑 {self.count('warning')} 项，提示 {self.count('info')} 项"
        material = sum(1 for f in self.items if f.material)
        return line + (f"（其中重大 {material} 项）" if material else "")
