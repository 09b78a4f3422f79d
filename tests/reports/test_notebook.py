"""Notebook set-up (reports.notebook): every DataFrame shown through frame_html."""

from types import SimpleNamespace

import pandas as pd

from evalkit.reports.format import frame_html
from evalkit.reports.notebook import register_table_display


class FakeFormatter:
    def __init__(self):
        self.registered = {}

    def for_type(self, kind, fn):
        self.registered[kind] = fn


def fake_shell():
    html = FakeFormatter()
    return SimpleNamespace(display_formatter=SimpleNamespace(formatters={"text/html": html})), html


def test_data_frames_are_shown_through_frame_html():
    shell, html = fake_shell()
    register_table_display(shell)
    assert html.registered == {pd.DataFrame: frame_html}
    shown = html.registered[pd.DataFrame](pd.DataFrame({"项目": ["协管员经费"], "金额": [701.8], "一致": [True]}))
    assert "协管员经费" in shown and "701.80" in shown and ">是<" in shown and ">0<" not in shown  # no row numbers


def test_outside_ipython_nothing_happens():
    register_table_display()  # no running shell: returns quietly
