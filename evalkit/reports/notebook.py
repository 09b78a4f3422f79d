"""Layer 4, notebook set-up: the first call of every report notebook (``ek.reports.setup()``)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from . import charts, views
from .format import frame_html


def register_table_display(shell: Any = None) -> None:
    """In IPython, display every DataFrame through :func:`~evalkit.reports.format.frame_html`."""
    if shell is None:
        from IPython import get_ipython

        shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, frame_html)


def setup() -> None:
    """Set up a report notebook: charts (font, house style, PNG display), tables
    (:func:`~evalkit.reports.format.frame_html`) and every result object's view."""
    charts.setup()
    register_table_display()
    views.register()
