"""Layer 4, reports: everything a person reads — formats, fonts, charts, the HTML views of every
result object, department/case/self-evaluation tables as reports show them, xlsx exports.

Submodules load on first use (``ek.reports.charts`` imports matplotlib only when touched):
``format``, ``fonts``, ``charts``, ``views``, ``selfeval``, ``department``, ``cases``, ``xlsx``,
``register`` (findings register), ``tracking`` (registers merged), ``annotate`` (annotated copies),
``notebook``, ``marked`` (tables with the cells findings point at marked), ``workpaper`` (the
working-paper head of a report: ``workpaper.head``). ``setup``, ``heading``, ``info_table`` and ``note`` are the notebooks' shortcuts.
"""

from __future__ import annotations

import importlib
from typing import Any

SUBMODULES = ("format", "fonts", "charts", "views", "selfeval", "department", "cases", "xlsx", "register", "tracking",
              "annotate", "notebook", "marked", "workpaper")
SHORTCUTS = {"setup": "notebook", "heading": "format", "info_table": "format", "note": "format",
             "money": "format", "percent": "format"}
__all__ = [*SUBMODULES, *SHORTCUTS]


def __getattr__(name: str) -> Any:
    if name in SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in SHORTCUTS:
        return getattr(importlib.import_module(f"{__name__}.{SHORTCUTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
