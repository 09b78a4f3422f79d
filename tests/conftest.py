"""Shared fixtures: the seed workbooks under data/ and small workbooks built in tmp_path."""

from __future__ import annotations

import os
from pathlib import Path

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
def form(tmp_path):
    """Factory: ``form(name, **quirks)`` writes a layout variant into tmp_path."""
    def make(name: str = "variant.xlsx", **kwargs) -> Path:
        return write_form(tmp_path / name, **kwargs)
    return make
