"""Shared fixtures: the seed workbooks under data/ and small workbooks built in tmp_path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

from evalkit.paths import DATA  # noqa: E402


@pytest.fixture
def yiyang() -> Path:
    """Seed 000: 益阳 2022 协管员聘用经费 — a clean table, total 100."""
    return DATA / "yiyang-2022" / "自评表.xlsx"
