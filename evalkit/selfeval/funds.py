"""Layer 3, the funds block of a self-evaluation table (项目资金 / 年度资金总额 and its lines).

Each line (年度资金总额, 其中：当年财政拨款, 上年结转, … or 基本支出/项目支出) is read under the
columns the header gave (年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分); breakdown cells
written as "label: amount" ("按收入性质分：2030.12") are kept apart. With no 分值 column, the
execution points printed in the header ("(20分)", "得分 (20分*执行率)") are the total line's weight.
"""

from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd

from ..errors import LayoutNotFound
from ..io.cells import clean, decimals, parse_amount, small_frame, squash
from ..io.layout import CellReader
from ..labels import LABELS

_WEIGHT_IN_HEADER = re.compile(r"\((\d+(?:\.\d+)?)分[)*×]")      # "(20分)", "(20分*执行率)"
_PAIR = re.compile(r"^(?:其中:)?(?P<label>[^:\d]+?):(?P<value>[\d.,]*(?:万元|万|元)?)$")


def _pair(text: str) -> re.Match[str] | None:
    """A "label: amount" cell of a breakdown ("财政拨款：30万元", or a heading "按收入性质分："); a
    line label with a trailing colon and no amount ("年度资金总额：") is not one."""
    m = _PAIR.match(text)
    return m if m and (m.group("value") or m.group("label").startswith("按")) else None


def _pair_amount(raw: object) -> float | None:
    """The amount of a "label: amount" cell ("其中：财政拨款：30万元" → 30.0)."""
    m = _PAIR.match(squash(raw))
    return parse_amount(m.group("value")) if m else None


def read_funds(reader: CellReader, header: int, cols: dict[str, int], stop: int, subject: str,
               items: dict[str, tuple[str, ...]]
               ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The funds lines under the header row ``header`` (one record per line kind of ``items``,
    the first of each kind) and the "label: amount" breakdown cells, rows up to ``stop``.

    Raises :class:`LayoutNotFound` when no line is the total (年度资金总额, 合计, 预算资金 …)."""
    grid = reader.grid
    first_amount = min(cols.values())
    rows, pairs = [], []
    seen: set[str] = set()
    for r in range(header + 1, stop):
        texts = grid.row_texts(r)
        if not texts:
            continue
        for c, text in texts.items():
            m = _pair(text)
            if m and grid.anchors.get((r, c), (r, c)) == (r, c):
                value_text = m.group("value")
                amount = math.nan
                if value_text:
                    amount = reader.read(r, c, "amount", subject, "资金明细", parse=_pair_amount).value
                pairs.append({"label": m.group("label"), "amount": amount, "cell": grid.ref(r, c), "row": r, "col": c})
        label_cells = [(c, t) for c, t in texts.items() if c < first_amount and not _pair(t)]
        if not label_cells and r == header + 1:  # one line whose label is merged down from the header ("预算资金")
            label_cells = [(c, t) for c in range(1, first_amount)
                           if grid.anchors.get((r, c), (r, c))[0] == header and (t := grid.text(r, c, merged=True))
                           and c not in cols.values()]
        if not label_cells:
            continue
        label = label_cells[-1][1]
        item = next((key for key, words in items.items() if any(w in label for w in words)
                     and not (key == "total" and label.startswith("其中"))), None)
        if item is None or item in seen:
            continue
        seen.add(item)
        rec: dict[str, Any] = {"item": item, "label": clean(grid.raw(*grid.anchors.get((r, label_cells[-1][0]), (r, label_cells[-1][0])))).replace("\n", ""),
                                  "row": r}
        for name, kind in (("budget_initial", "amount"), ("budget", "amount"), ("executed", "amount"),
                           ("weight", "score"), ("rate", "percent"), ("score", "score")):
            col = cols.get(name)
            if col is not None and grid.anchors.get((r, col), (r, col)) != (r, col):
                col = None  # a merged cell belongs to another line
            key = {"rate": "rate_reported", "score": "score_reported"}.get(name, name)
            reader.put(rec, key, reader.read(r, col, kind, subject, f"资金{LABELS[name]}"))
        rows.append(rec)
    funds = small_frame(rows)
    if "total" in seen and "weight" not in cols:
        _weight_from_header(reader, header, first_amount, funds)
    if "total" not in seen:
        raise LayoutNotFound("找到资金表头，但没有“年度资金总额”一行", file=grid.file, sheet=grid.sheet,
                         cell=grid.ref(header, first_amount))
    return funds, small_frame(pairs, columns=["label", "amount", "cell", "row", "col"])


def _weight_from_header(reader: CellReader, header: int, first_amount: int, funds: pd.DataFrame) -> None:
    """With no 分值 column, the execution points printed in the funds header: "预算执行情况(万元)
    (20分)" or "得分 (20分*执行率)" (湖北) set the total line's weight, pointing at that cell."""
    grid = reader.grid
    for c, text in sorted(grid.row_texts(header).items()):
        m = _WEIGHT_IN_HEADER.search(text)
        if m:
            index = funds.index[funds["item"] == "total"][0]
            funds.loc[index, ["weight", "weight_cell", "weight_ndigits"]] = [
                float(m.group(1)), grid.ref(*grid.anchors.get((header, c), (header, c))), decimals(m.group(1))]
            return
