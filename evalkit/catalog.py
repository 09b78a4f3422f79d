"""The catalogue of departments, years and input files (``data/catalog.csv``)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .paths import CATALOG, DATA, NOTEBOOKS

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


def notebook_file(name: str | Path) -> Path:
    """A report notebook: a name under ``notebooks/``, or a path ending in ``.ipynb``
    (absolute, or relative to ``notebooks/``).

    >>> notebook_file("self_evaluation").name
    'self_evaluation.ipynb'
    >>> notebook_file("/srv/reports/custom.ipynb").as_posix()
    '/srv/reports/custom.ipynb'
    """
    name = str(name)
    return NOTEBOOKS / (name if name.endswith(".ipynb") else f"{name}.ipynb")


def data_file(path: str | Path) -> Path:
    """An input path: absolute as given, relative ones under ``data/``.

    >>> data_file("yiyang-2022/自评表.xlsx").parent.name
    'yiyang-2022'
    """
    path = Path(path)
    return path if path.is_absolute() else DATA / path


def load_catalog(path: str | Path = CATALOG) -> list[Entry]:
    """Read and validate the catalogue: every column present, notebooks and inputs exist.

    >>> [e.entry for e in load_catalog()][:1]
    ['yiyang-2022-xieguanyuan']
    """
    path = Path(path)
    if not path.is_file():
        raise InputError("找不到目录文件", file=path)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"目录文件缺少列 {', '.join(missing)}（找到 {', '.join(reader.fieldnames or [])}）",
                             file=path)
        entries = []
        seen: set[str] = set()
        for line, row in enumerate(reader, start=2):
            if not any((v or "").strip() for v in row.values()):
                continue
            where = f"第 {line} 行"
            if row["entry"] in seen:
                raise InputError(f"{where}: 条目 {row['entry']} 重复", file=path)
            seen.add(row["entry"])
            try:
                year = int(row["year"])
            except ValueError:
                raise InputError(f"{where}: 年度 {row['year']!r} 不是整数", file=path) from None
            entry = Entry(row["entry"].strip(), year, row["department_id"].strip(), row["department"].strip(),
                          row["notebook"].strip(), tuple(p.strip() for p in row["inputs"].split(";") if p.strip()),
                          row["title"].strip())
            if not entry.notebook_path.is_file():
                raise InputError(f"{where}: 找不到报告模板 {entry.notebook_path}", file=path)
            for p, rel in zip(entry.input_paths, entry.inputs):
                if not p.exists() and not rel.startswith("generated/"):  # generated: see `evalkit samples`
                    raise InputError(f"{where}: 找不到输入文件 {p}", file=path)
            entries.append(entry)
    return entries
