"""Layer 5: the generated sample data of the checkout, written under ``data/generated/`` (never
committed): case exports too big to commit, from the seeds' own figures
(:mod:`evalkit.testing.casegen`), and a seed report as published — its text and tables as a Word
document (:mod:`evalkit.testing.documents`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

import pandas as pd

from .project import DATA
from .testing.casegen import write_export, zhongfang_2020
from .testing.documents import seed_report, write_docx

SEEDS = DATA / "seeds"


def _zhongfang_sample(path: Path) -> None:
    write_export(zhongfang_2020(pd.read_csv(DATA / "zhongfang-2020" / "units.csv", dtype="str")), path)


def _published(text: str, workbooks: list[str]) -> Callable[[Path], None]:
    """A seed report as the Word document a unit publishes: its text (``data/seeds/``), with its
    tables as transcribed under ``data/``."""
    def make(path: Path) -> None:
        report = seed_report(next(SEEDS.glob(f"{text}_*.txt")), [DATA / w for w in workbooks])
        staging = path.with_name(f".{path.name}.part")  # renamed into place: never a half-written sample
        write_docx(report, staging)
        os.replace(staging, path)
    return make


#: Generated samples (never committed): path under ``data/`` → the function writing it there.
SAMPLES = {"generated/zhongfang-2020/案件导出.csv": _zhongfang_sample,
           "generated/zhongfang-2020/自评报告.docx": _published("001", ["zhongfang-2020/自评表.xlsx"]),
           "generated/duji-2024/自评报告.docx": _published("002", ["duji-2024/项目预算执行表.xlsx",
                                                                "duji-2024/项目自评得分表.xlsx"])}


def ensure_samples(force: bool = False) -> list[Path]:
    """Write the generated sample case exports under ``data/generated/`` (never committed);
    returns the files written (none when they exist, unless ``force``)."""
    written = []
    for rel, make in SAMPLES.items():
        path = DATA / rel
        if force or not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            make(path)
            written.append(path)
    return written
