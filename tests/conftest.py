"""Shared fixtures: the seed workbooks under data/, small workbooks built in tmp_path, a hand-worked case export."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

from evalkit.project import DATA  # noqa: E402
from evalkit.testing.formgen import write_form  # noqa: E402


@pytest.fixture
def yiyang() -> Path:
    """Seed 000: 益阳 2022 协管员聘用经费 — a clean table, total 100."""
    return DATA / "yiyang-2022" / "自评表.xlsx"


@pytest.fixture
def zhongfang() -> Path:
    """Seed 001: 中方县 2020 智慧城管服务 — execution scored 10 at 50%, total printed 950."""
    return DATA / "zhongfang-2020" / "自评表.xlsx"


@pytest.fixture
def lusong() -> Path:
    """Seed 004: 芦淞区 2023 部门整体支出 — rate 99.17% printed for 99.96%, breakdown off by 5."""
    return DATA / "lusong-2023" / "整体支出绩效自评表.xlsx"



@pytest.fixture
def corpus_file(tmp_path):
    """Factory: ``corpus_file(stem)`` builds one real published table of tests/corpus/ into tmp_path."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent / "corpus"))
    import build

    def make(stem: str) -> Path:
        return build.build(build.load(build.HERE / f"{stem}.toml"), tmp_path)
    return make


@pytest.fixture
def form(tmp_path):
    """Factory: ``form(name, **quirks)`` writes a layout variant into tmp_path."""
    def make(name: str = "variant.xlsx", **kwargs) -> Path:
        return write_form(tmp_path / name, **kwargs)
    return make


@pytest.fixture
def edge_frame() -> pd.DataFrame:
    """Nine cases covering extensions, deadlines at the second, failed and missing checks."""
    rows = [
        # id, unit, reported, deadline, extended, handled, check
        ("001", "甲单位", "2020-03-29 09:00", "2020-03-30 18:00", "2020-04-02 18:00", "2020-04-01 10:00", "通过"),
        ("002", "甲单位", "2020-03-30 09:00", "2020-03-31 18:00", "", "2020-03-31 18:00", "通过"),
        ("003", "甲单位", "2020-03-30 09:00", "2020-03-31 18:00", "", "2020-03-31 18:00:01", "通过"),
        ("004", "乙单位", "2020-03-01 09:00", "2020-03-05 18:00", "", "2020-03-05 10:00", "不通过"),
        ("005", "乙单位", "2020-03-01 09:00", "2020-03-05 18:00", "", "2020-03-05 10:00", ""),
        ("006", "乙单位", "2020-03-01 09:00", "2020-03-05 18:00", "", "", ""),
        ("007", "乙单位", "2020-03-30 09:00", "2020-03-31 23:59:59", "", "2020-03-31 12:00", "通过"),
        ("008", "丙单位", "2020-03-30 09:00", "2020-04-01 00:00:00", "", "2020-03-31 12:00", "通过"),
        ("009", "丙单位", "2020-03-02 09:00", "2020-03-03 18:00", "", "2020-03-03 10:00", "通过"),
    ]
    return pd.DataFrame(rows, columns=["案件编号", "责任单位", "上报时间", "处置截止时间", "延期截止时间",
                                       "处置完成时间", "核查结果"])


@pytest.fixture
def unit_table() -> dict[str, str]:
    """The classes of the units of :func:`edge_frame` (and two units without cases)."""
    return {"甲单位": "A", "乙单位": "A", "丙单位": "A", "丁单位": "A", "戊单位": "B"}


@pytest.fixture(scope="session")
def messy_export(tmp_path_factory) -> pd.DataFrame:
    """A generated export of 3000 cases with the mess real exports carry, planted at random rows:
    Chinese and date-only times, serial numbers, UTC offsets, unreadable and blank times, padded and
    non-ASCII ids, duplicates, full-width spaces around units, unknown units, odd check wordings."""
    import numpy as np

    from evalkit.testing.casegen import generate_cases

    rng = np.random.default_rng(5)
    frame = generate_cases(3000, year=2020, seed=3).astype(object)

    def rows(k: int) -> np.ndarray:
        return rng.choice(len(frame), k, replace=False)

    def put(column: str, k: int, make) -> None:
        for i in rows(k):
            frame.at[i, column] = make(frame.at[i, column])

    def stamp(value, fmt: str):
        return value.strftime(fmt) if isinstance(value, pd.Timestamp) else value

    put("处置截止时间", 40, lambda v: stamp(v, "%Y年%m月%d日 %H时%M分"))
    put("处置截止时间", 30, lambda v: stamp(v, "%Y-%m-%d"))
    put("延期截止时间", 10, lambda v: "20200315")
    put("处置完成时间", 12, lambda v: "不详")
    put("处置完成时间", 10, lambda v: "2020-03-05T10:00:00+00:00")
    put("处置完成时间", 10, lambda v: "43900.5")
    put("处置截止时间", 10, lambda v: "")
    put("处置截止时间", 5, lambda v: "   ")
    put("上报时间", 8, lambda v: "2020-13-45 10:00")
    put("立案时间", 4, lambda v: "未知")
    put("核查结果", 20, lambda v: str(rng.choice(["不 通过", "通过?", "基本通过", " 通过 ", "驳回", "ＯＫ"])))
    put("责任单位", 20, lambda v: f"　{v} ")
    put("责任单位", 6, lambda v: "不存在单位")
    put("案件编号", 8, lambda v: f" {v}")
    put("案件编号", 8, lambda v: f"编号{v}")
    put("案件编号", 8, lambda v: frame.at[int(rng.integers(0, len(frame))), "案件编号"])
    put("案件编号", 5, lambda v: "")
    return frame
