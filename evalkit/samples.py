"""Layer 5: the generated sample data of the checkout — case exports too big to commit, written
under ``data/generated/`` from the seeds' own figures (:mod:`evalkit.testing.casegen`)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .project import DATA
from .testing.casegen import write_export, zhongfang_2020


def _zhongfang_sample() -> pd.DataFrame:
    return zhongfang_2020(pd.read_csv(DATA / "zhongfang-2020" / "units.csv", dtype="str"))


#: Generated sample exports (never committed): path under ``data/`` → generator.
SAMPLES = {"generated/zhongfang-2020/案件导出.csv": _zhongfang_sample}


def ensure_samples(force: bool = False) -> list[Path]:
    """Write the generated sample case exports under ``data/generated/`` (never committed);
    returns the files written (none when they exist, unless ``force``)."""
    written = []
    for rel, make in SAMPLES.items():
        path = DATA / rel
        if force or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_export(make(), path)
            written.append(path)
    return written
