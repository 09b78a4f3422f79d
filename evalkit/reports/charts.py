"""Layer 4, charts: matplotlib charts with Chinese text that renders on any machine; styling
set in one place.

The CJK font (:mod:`evalkit.reports.fonts`) is registered with matplotlib's font manager at run
time (nothing is written into site-packages).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ..selfeval.rescore import Rescored
from .fonts import FONT_NAME, font_path

if TYPE_CHECKING:
    import pandas as pd
COLOURS = {"reported": "#8da0cb", "expected": "#fc8d62", "error": "#d62728", "ok": "#2ca02c"}
_ready = False


def setup() -> str:
    """Register the bundled CJK font and the house style once, and (in IPython) how figures
    display; returns the font's name."""
    global _ready
    if not _ready:
        font_manager.fontManager.addfont(font_path())
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


def scores_by_level1(rescored: Rescored) -> Figure:
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


def budget_execution(projects: "pd.DataFrame") -> Figure:
    """Horizontal bars of each project's 全年预算 and 全年执行 (万元), the recomputed rate written beside."""
    frame = projects.iloc[::-1]
    fig = new_figure(8, max(2.5, 0.45 * len(frame) + 1.2))
    ax = fig.subplots()
    y = list(range(len(frame)))
    ax.barh([i + 0.2 for i in y], frame["budget"], 0.4, label="全年预算", color=COLOURS["reported"])
    ax.barh([i - 0.2 for i in y], frame["executed"], 0.4, label="全年执行", color=COLOURS["expected"])
    for i, (executed, rate) in enumerate(zip(frame["executed"], frame["rate_expected"])):
        if rate == rate:
            ax.text(executed, i - 0.2, f" {rate:.2%}", va="center", fontsize=9)
    ax.set_yticks(y, frame["project"])
    ax.set_xlim(0, max(frame["budget"].max(), frame["executed"].max(), 0) * 1.15 or 1)  # room for the rates
    ax.set_xlabel("万元")
    ax.set_title("各项目预算与执行（标注为复算执行率）")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=2, frameon=False, borderaxespad=1)
    return fig


def findings_by_rule(counts: "pd.DataFrame") -> Figure:
    """Stacked bars of findings per rule, coloured by severity (from ``Department.findings_by_severity``)."""
    fig = new_figure(8, max(2.5, 0.4 * len(counts) + 1.2))
    ax = fig.subplots()
    frame = counts.iloc[::-1]
    left = [0] * len(frame)
    for column, colour in (("错误", COLOURS["error"]), ("存疑", "#f0ad4e"), ("提示", "#5bc0de")):
        ax.barh(frame["名称"], frame[column], left=left, color=colour, label=column)
        left = [a + b for a, b in zip(left, frame[column])]
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("项数")
    ax.set_title("复核发现：按规则与严重程度")
    ax.legend(loc="lower right")
    return fig


def rates_trend(months: "pd.DataFrame") -> Figure:
    """Monthly 问题解决率, 及时解决率 and 综合解决率 (lines, percent)."""
    fig = new_figure()
    ax = fig.subplots()
    for column, label in (("resolution_rate", "问题解决率"), ("on_time_rate", "及时解决率"),
                          ("composite_rate", "综合解决率")):
        ax.plot(months["month"], months[column] * 100, marker="o", label=label)
    ax.set_ylabel("%")
    ax.set_ylim(0, 100)
    ax.tick_params(axis="x", rotation=45)
    ax.set_title("各月案件解决率")
    ax.legend(loc="lower right")
    return fig


def heatmap(frame: "pd.DataFrame", title: str = "各单位各月综合解决率") -> Figure:
    """A unit × month heat map of a rate (0–100%); blank cells where a unit had no case."""
    fig = new_figure(9, max(3, 0.28 * len(frame) + 1.5))
    ax = fig.subplots()
    image = ax.imshow(frame.to_numpy(dtype="float64") * 100, aspect="auto", cmap="RdYlGn", vmin=0, vmax=100)
    ax.set_xticks(range(frame.shape[1]), list(frame.columns), rotation=45, fontsize=8)
    ax.set_yticks(range(frame.shape[0]), list(frame.index), fontsize=8)
    ax.grid(False)
    fig.colorbar(image, ax=ax, label="%")
    ax.set_title(title)
    return fig


def funnel_chart(stages: "pd.DataFrame") -> Figure:
    """Horizontal bars of the case funnel (上报 → 立案 → 派遣 → 处置 → 结案) with shares of 上报."""
    frame = stages.iloc[::-1]
    fig = new_figure(8, 3.2)
    ax = fig.subplots()
    ax.barh(frame["stage"], frame["count"], color=COLOURS["reported"])
    for i, (count, share) in enumerate(zip(frame["count"], frame["of_reported"])):
        ax.text(count, i, f" {count:,}（{share:.1%}）", va="center", fontsize=9)
    ax.set_xlabel("件")
    ax.set_title("案件流转漏斗")
    return fig


def findings_overview(frame: "pd.DataFrame") -> Figure:
    """Stacked bars of errors and warnings per catalogue entry (from ``Overview.frame``); notes,
    which can run to thousands for a case export, are left to the table."""
    rows = frame.iloc[::-1]
    fig = new_figure(8, max(2.5, 0.45 * len(rows) + 1.2))
    ax = fig.subplots()
    kinds = {"self_evaluation": "项目自评", "department": "部门", "cases": "案件"}
    labels = [f"{y} {d}（{kinds.get(k, k)}）" for y, d, k in zip(rows["year"], rows["department"], rows["kind"])]
    left = [0] * len(rows)
    for column, name, colour in (("errors", "错误", COLOURS["error"]), ("warnings", "存疑", "#f0ad4e")):
        ax.barh(range(len(rows)), rows[column], left=left, color=colour, label=name)
        left = [a + b for a, b in zip(left, rows[column])]
    ax.set_yticks(range(len(rows)), labels)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("项数")
    ax.set_title("各报告复核发现（错误与存疑；提示见上表）")
    ax.legend(loc="lower right")
    return fig
