"""Layer 3, department: what a 自评表 says of itself in words — the figures of its 年度总体目标
cells ("本项目共申请预算资金90万元", "本项目共完成预算资金89.97万元", "完成预算的83.50%") checked
against the same form's funds total, 执行率 and score (given by the caller:
:func:`evalkit.department.quantities.form_quantities` about :func:`about`), each finding placed
at the cell whose text states the figure.
"""

from __future__ import annotations

from typing import Sequence

from ..prose.check import ProseCheck, check_prose
from ..prose.claims import CellText
from ..prose.match import Quantity
from ..rules.profile import RuleProfile
from ..selfeval.form import SelfEvaluation


def about(form: SelfEvaluation) -> str:
    """What a form's own figures are about: its project (or its sheet, when it names none)."""
    return form.subject or form.sheet


def check_goals(form: SelfEvaluation, quantities: Sequence[Quantity], profile: str | RuleProfile = "national"
                ) -> ProseCheck:
    """The figures a 自评表 states in its 年度总体目标 cells, checked against ``quantities``, its
    own figures about :func:`about`; those naming a part of the project ("其中…") are listed only.

    >>> from pathlib import Path
    >>> from evalkit.department.quantities import form_quantities
    >>> from evalkit.selfeval.form import load_self_evaluations
    >>> form = load_self_evaluations(Path(__file__).parents[2] / "tests/corpus/ezhou-xingzhengshenpi-2021.xlsx")[0]
    >>> check_goals(form, form_quantities(form, subject=about(form))).counts()
    {'一致': 2, '不一致': 0, '未能对照': 1}
    """
    cells = [CellText(text, cell, form.sheet, about(form)) for cell, text in form.goals]
    return check_prose(cells, quantities, form.file, profile, f"{form.sheet} 年度总体目标")


__all__ = ["about", "check_goals"]
