"""Matplotlib charts with Chinese text that renders on any machine; styling set in one place.

The CJK font is Noto Sans CJK SC shipped inside the ``mplfonts`` wheel; it is registered with
matplotlib's font manager at run time (nothing is written into site-packages).
"""

from __future__ import annotations

import importlib.resources
import io
from typing import TYPE_CHECKING

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure

if TYPE_CHECKING:
    from .scoring import Rescored

FONT_FILE = "NotoSansCJKsc-Regular.otf"
FONT_NAME = "Noto Sans CJK SC"
COLOURS = {"reported": "#8da0cb", "expected": "#fc8d62", "error": "#d62728", "ok": "#2ca02c"}
_ready = False


def setup() -> str:
    """Register the bundled CJK font and the house style once; returns the font's name."""
    global _ready
    if not _ready:
        path = importlib.resources.files("mplfonts") / "fonts" / FONT_FILE
        font_manager.fontManager.addfont(str(path))
        matplotlib.rcParams.update({
            "font.family": "sans-serif",
            "font.sans-serif": [FONT_NAME, "DejaVu Sans"],
            "axes.unicode_minus": False,
            "figure.dpi": 100,
            "savefig.dpi": 110,
            "figure.figsize": (8, 4),
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
        })
        _register_png_display()
        _ready = True
    return FONT_NAME


def to_png(fig: Figure) -> bytes:
    """The figure as PNG bytes at the house resolution."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=matplotlib.rcParams["savefig.dpi"])
    return buffer.getvalue()


def _register_png_display() -> None:
    """In IPython, show a returned :class:`Figure` as one PNG (figures here bypass pyplot)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency, but plots work without it
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["image/png"].for_type(Figure, to_png)


def new_figure(width: float = 8, height: float = 4) -> Figure:
    """A figure not attached to pyplot: displayed once when a notebook cell returns it."""
    setup()
    return Figure(figsize=(width, height), layout="tight")


def scores_by_level1(rescored: "Rescored") -> Figure:
    """Grouped bars: reported vs recomputed score per 一级指标, with each 分值 as a marker."""
    frame = rescored.by_level1()
    fig = new_figure()
    ax = fig.subplots()
    x = range(len(frame))
    width = 0.38
    ax.bar([i - width / 2 for i in x], frame["score_reported"], width, label="自评得分",
           color=COLOURS["reported"])
    ax.bar([i + width / 2 for i in x], frame["score_expected"], width, label="复算得分",
           color=COLOURS["expected"])
    ax.scatter(list(x), frame["weight"], marker="_", s=900, color="black", label="分值", zorder=3)
    ax.set_xticks(list(x), frame["level1"])
    ax.set_ylabel("分")
    ax.set_title(f"{rescored.source.subject}：各一级指标得分（自评 vs 复算）")
    ax.legend(loc="upper right")
    return fig
