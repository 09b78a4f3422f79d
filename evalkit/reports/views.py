"""Layer 4, views: how every result object shows itself in a notebook or a report.

Model objects hold data and computation only; this module renders them as HTML (every value
taken from an input escaped) and :func:`register` tells IPython to use these renderers, so a
notebook cell holding just the object shows it.
"""

from __future__ import annotations

import html
import math
from pathlib import Path
from typing import Any, Callable

from ..cases.assess import CaseStats
from ..cases.funnel import CountsCheck, Funnel
from ..cases.overall import OverallScores
from ..cases.sampling import AuditSample
from ..department.base import DepartmentTable
from ..findings import Findings, Severity
from ..labels import display
from ..rulebook import rule_name
from ..selfeval.form import SelfEvaluation
from ..selfeval.rescore import Rescored
from .cases import counts_html, funnel_html, overall_html, sample_html, stats_html
from .department import table_html
from .format import finding_value
from .selfeval import form_html, rescored_html

# Columns of the findings table whose text may wrap; the others stay on one line.
_WRAPPING = {"对象", "说明", "subject", "message"}
_COLOURS = {"error": "#f8d7da", "warning": "#fff3cd", "info": "#e7f1ff"}
_FIGURES = {"报告值": "reported", "复算值": "expected"}


def value_text(value: object) -> str:
    """A reported or expected value as text: numbers to at most four decimals, trailing zeros
    dropped (1124.66, 0.9917, 10), nothing for a missing value.

    >>> [value_text(v) for v in (1124.66, 0.99166667, 10.0, float("nan"), None, "≥90%")]
    ['1124.66', '0.9917', '10', '', '', '≥90%']
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return str(value)


def findings_html(findings: Findings) -> str:
    """A colour-coded findings table: errors first, the rule's Chinese name (its id on hover)."""
    if not findings.items:
        return "<p>未发现问题。</p>"
    items = findings.by_severity().items
    frame = display(Findings(items).to_frame().assign(file=lambda d: d["file"].map(lambda p: Path(p).name),
                                                       material=[f.material for f in items]))
    head = "".join(f'<th style="text-align:center;white-space:nowrap">{html.escape(str(c))}</th>'
                   for c in frame.columns)
    rows = []
    for finding, (_, row) in zip(items, frame.iterrows()):
        colour = _COLOURS[finding.severity.value]
        cells = []
        for col, value in row.items():
            if col == "严重程度":
                value = Severity(value).chinese
            if col == "重大":
                value = "重大" if value else ""
            if col in _FIGURES:  # 万元, % at the printed precision, 分: the one number format
                number = isinstance(value, (int, float)) and not isinstance(value, bool)
                cells.append(f'<td style="text-align:{"right" if number else "left"};white-space:nowrap;'
                             f'vertical-align:top">{html.escape(finding_value(finding, _FIGURES[col]))}</td>')
                continue
            if col == "规则":  # the Chinese name, the id on hover
                cells.append(f'<td style="text-align:left;white-space:nowrap;vertical-align:top" '
                             f'title="{html.escape(str(value))}">{html.escape(rule_name(str(value)))}</td>')
                continue
            number = isinstance(value, (int, float)) and not isinstance(value, bool)
            style = "text-align:right" if number else "text-align:left"
            if col not in _WRAPPING:
                style += ";white-space:nowrap"
            cells.append(f'<td style="{style};vertical-align:top">{html.escape(value_text(value))}</td>')
        rows.append(f'<tr style="background:{colour}">{"".join(cells)}</tr>')
    return (f"<p>{html.escape(findings.summary())}</p>"
            f'<table class="evalkit-findings"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


#: Every result type → the function rendering it as HTML.
RENDERERS: dict[type, Callable[[Any], str]] = {
    Findings: findings_html, SelfEvaluation: form_html, Rescored: rescored_html, DepartmentTable: table_html,
    CaseStats: stats_html, Funnel: funnel_html, CountsCheck: counts_html, OverallScores: overall_html,
    AuditSample: sample_html,
}


def to_html(obj: object) -> str:
    """The HTML of any result object (subclasses use their base class's renderer).

    >>> from evalkit.findings import Findings
    >>> to_html(Findings())
    '<p>未发现问题。</p>'
    """
    for kind in type(obj).__mro__:
        if kind in RENDERERS:
            return RENDERERS[kind](obj)
    raise TypeError(f"no HTML view for {type(obj).__name__}")


def register(shell: Any = None) -> None:
    """Tell IPython (the running shell, or ``shell``) to show every result type through :data:`RENDERERS`."""
    if shell is None:
        from IPython import get_ipython

        shell = get_ipython()
    if shell is None:
        return
    formatter = shell.display_formatter.formatters["text/html"]
    for kind in RENDERERS:
        formatter.for_type(kind, to_html)
