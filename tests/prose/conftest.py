"""The seed reports' texts and their transcribed tables, shared by the prose tests."""

from __future__ import annotations

import pytest

from evalkit.department.quantities import quantities_of
from evalkit.department.workbooks import read_paths
from evalkit.project import DATA
from evalkit.prose.plain import read_plain

FOLDERS = {"000": "yiyang-2022", "001": "zhongfang-2020", "002": "duji-2024", "003": "zhuzhou-2019",
           "004": "lusong-2023"}


def seed_text(seed: str):
    return next((DATA / "seeds").glob(f"{seed}_*.txt"))


@pytest.fixture(scope="session")
def seed_paragraphs():
    """Seed → the prose paragraphs of its text."""
    return {seed: read_plain(seed_text(seed)) for seed in FOLDERS}


@pytest.fixture(scope="session")
def seed_quantities():
    """Seed → the figures of its transcribed tables (its folder under data/)."""
    out = {}
    for seed, folder in FOLDERS.items():
        read, unreadable = read_paths([DATA / folder])
        assert not unreadable
        out[seed] = quantities_of([f for r in read for f in r.forms], [t for r in read for t in r.tables])
    return out
