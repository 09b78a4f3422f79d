"""Layer 5, runner: the catalogue of departments, years and input files (``data/catalog.csv``)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import CatalogError, InputError
from ..io.sidetable import decode_text
from ..project import CATALOG, DATA, data_file, notebook_file

COLUMNS = ("entry", "year", "department_id", "department", "notebook", "inputs", "title")
#: optional: the working paper's 索引号 and 复核人 (blank shows as “（未填）” in the report head)
OPTIONAL = ("index_no", "reviewer")
# entry and department_id name folders and files under outputs/: plain names only, never a path
SAFE_ID = re.compile(r"[A-Za-z0-9\u4e00-\u9fff][A-Za-z0-9\u4e00-\u9fff._-]{0,99}")


@dataclass(frozen=True)
class Entry:
    """One report to build: which notebook, for which department and year, from which inputs.

    ``inputs`` are paths relative to ``data/`` (``;``-separated in the CSV); ``index_no`` (索引号)
    and ``reviewer`` (复核人) head the report as a working paper.
    """

    entry: str
    year: int
    department_id: str
    department: str
    notebook: str
    inputs: tuple[str, ...]
    title: str
    index_no: str = ""
    reviewer: str = ""

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


def load_catalog(path: str | Path = CATALOG, *, problems: list[CatalogError] | None = None,
                 allow_outside: bool = False) -> list[Entry]:
    """Read and validate the catalogue: every column present, ids safe, notebooks and inputs exist.

    ``entry`` and ``department_id`` must be plain names (letters, digits, Chinese, ``. _ -``)
    and ``year`` a year, as they name the report's folder and file under the outputs folder.
    Inputs must lie in the data folder or the catalogue's own folder, unless ``allow_outside``.
    A bad row raises :class:`CatalogError` naming it; with a ``problems`` list the error is
    appended there instead and the row skipped, so the other entries still build. The file
    may be UTF-8 (with or without a BOM) or GB18030/GBK, as Excel saves it.

    >>> [e.entry for e in load_catalog()][:1]
    ['yiyang-2022-xieguanyuan']
    """
    path = Path(path)
    if not path.is_file():
        raise CatalogError("找不到目录文件", file=path)
    try:
        text = decode_text(path.read_bytes(), path, "目录文件")
    except InputError as exc:
        raise CatalogError(str(exc)) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise CatalogError(f"目录文件缺少列 {', '.join(missing)}（找到 {', '.join(reader.fieldnames or [])}）",
                           file=path)
    entries = []
    seen: set[str] = set()
    for row in reader:
        line = reader.line_num  # a title may span lines inside its quotes
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        try:
            entry = _entry(row, f"第 {line} 行", path, seen, allow_outside)
        except CatalogError as exc:
            if problems is None:
                raise
            problems.append(exc)
            continue
        seen.add(entry.entry)
        entries.append(entry)
    return entries


def _entry(row: dict, where: str, path: Path, seen: set[str], allow_outside: bool) -> Entry:
    """One validated catalogue row."""
    values = {c: (row.get(c) or "").strip() for c in (*COLUMNS, *OPTIONAL)}
    for key, what in (("entry", "条目"), ("department_id", "部门编号")):
        if not SAFE_ID.fullmatch(values[key]):
            raise CatalogError(f"{where}: {what} {values[key]!r} 只能由字母、数字、汉字和 . _ - 组成"
                               "（它是输出文件夹和文件的名字）", file=path)
    if values["entry"] in seen:
        raise CatalogError(f"{where}: 条目 {values['entry']} 重复", file=path)
    if not re.fullmatch(r"(19|20)\d{2}", values["year"]):
        raise CatalogError(f"{where}: 年度 {values['year']!r} 不是四位年份", file=path)
    entry = Entry(values["entry"], int(values["year"]), values["department_id"], values["department"],
                  values["notebook"], tuple(p.strip() for p in values["inputs"].split(";") if p.strip()),
                  values["title"], values["index_no"], values["reviewer"])
    if not entry.notebook_path.is_file():
        raise CatalogError(f"{where}: 找不到报告模板 {entry.notebook_path}", file=path)
    homes = (DATA.resolve(), path.resolve().parent)
    for p, rel in zip(entry.input_paths, entry.inputs):
        if not allow_outside and not any(p.resolve().is_relative_to(home) for home in homes):
            raise CatalogError(f"{where}: 输入文件 {rel} 不在数据文件夹 {DATA} 或目录文件所在文件夹中"
                               "（需要时用 --allow-outside-inputs 明确允许）", file=path)
        if not p.exists() and not rel.startswith("generated/"):  # generated: see `evalkit samples`
            raise CatalogError(f"{where}: 找不到输入文件 {p}", file=path)
    return entry
