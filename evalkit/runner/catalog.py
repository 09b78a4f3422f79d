"""Layer 5, runner: the catalogue of departments, years and input files (``data/catalog.csv``)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from ..errors import CatalogError
from ..project import CATALOG, data_file, notebook_file

COLUMNS = ("entry", "year", "department_id", "department", "notebook", "inputs", "title")


@dataclass(frozen=True)
class Entry:
    """One report to build: which notebook, for which department and year, from which inputs.

    ``inputs`` are paths relative to ``data/`` (``;``-separated in the CSV).
    """

    entry: str
    year: int
    department_id: str
    department: str
    notebook: str
    inputs: tuple[str, ...]
    title: str

    @property
    def notebook_path(self) -> Path:
        """``notebooks/<notebook>.ipynb``, or the notebook itself when given as an ``.ipynb`` path."""
        return notebook_file(self.notebook)

    @property
    def input_paths(self) -> tuple[Path, ...]:
        return tuple(data_file(p) for p in self.inputs)

    @property
    def output_dir(self) -> Path:
        """Relative folder of this entry's report under ``outputs/``."""
        return Path(str(self.year)) / self.department_id


def load_catalog(path: str | Path = CATALOG) -> list[Entry]:
    """Read and validate the catalogue: every column present, notebooks and inputs exist.

    >>> [e.entry for e in load_catalog()][:1]
    ['yiyang-2022-xieguanyuan']
    """
    path = Path(path)
    if not path.is_file():
        raise CatalogError("找不到目录文件", file=path)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise CatalogError(f"目录文件缺少列 {', '.join(missing)}（找到 {', '.join(reader.fieldnames or [])}）",
                             file=path)
        entries = []
        seen: set[str] = set()
        for line, row in enumerate(reader, start=2):
            if not any((v or "").strip() for v in row.values()):
                continue
            where = f"第 {line} 行"
            if row["entry"] in seen:
                raise CatalogError(f"{where}: 条目 {row['entry']} 重复", file=path)
            seen.add(row["entry"])
            try:
                year = int(row["year"])
            except ValueError:
                raise CatalogError(f"{where}: 年度 {row['year']!r} 不是整数", file=path) from None
            entry = Entry(row["entry"].strip(), year, row["department_id"].strip(), row["department"].strip(),
                          row["notebook"].strip(), tuple(p.strip() for p in row["inputs"].split(";") if p.strip()),
                          row["title"].strip())
            if not entry.notebook_path.is_file():
                raise CatalogError(f"{where}: 找不到报告模板 {entry.notebook_path}", file=path)
            for p, rel in zip(entry.input_paths, entry.inputs):
                if not p.exists() and not rel.startswith("generated/"):  # generated: see `evalkit samples`
                    raise CatalogError(f"{where}: 找不到输入文件 {p}", file=path)
            entries.append(entry)
    return entries
