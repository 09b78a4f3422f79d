"""Layer 3, cases: the case-analytics engine — an export read into DuckDB (embedded) as one narrow table.

Whatever the input, the engine ends with two tables in an in-process DuckDB database:

- ``src``: one row per case with only the fields the assessment needs — ``row`` (the row
  number in the file), ``case_id``, ``duty_unit`` (normalised), ``check_result`` (cleaned text),
  the five times as ``TIMESTAMP`` and, for the two deadlines, whether the cell gave a day without
  a time (``deadline_day``/``extended_deadline_day``);
- ``bad``: every time cell that holds something but could not be read (``row``, ``field``, ``raw``).

Inputs:

- a UTF-8 CSV/TSV, a Parquet file or a folder of Parquet partitions is read by DuckDB itself,
  only the needed columns, in parallel and out of core. Times are parsed in SQL when they are
  in the plain forms (``2020-03-05 14:22[:00]``, ``2020/3/5 14:22``, a day alone); the other
  distinct values (Chinese dates, serial numbers, UTC offsets, ...) go through the same Python
  parser the spreadsheet reader uses (:func:`evalkit.cases.times.parse_times`), so both read a
  cell alike. Text is cleaned the same way: ASCII in SQL, the rest once per distinct value;
- a workbook (.xlsx/.xls), a CSV in another encoding or a pandas frame is read by
  :mod:`evalkit.cases.reader` and handed over.

The narrow tables can be cached as Parquet in a folder the caller names, keyed by the file's
size, modification time and inode (no hashing of big files; provenance hashes separately).
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

import duckdb

from ..errors import InputError
from ..io.atomic import write_atomic
from ..io.cells import column_letter
from ..io.sidetable import text_encoding
from ..lazy import lazy
from .headers import HEADER_SCAN, TIME_FIELDS, header_row, match_headers, refuse_duplicate_fields
from .narrow import DEADLINES, literal, normalise
from .reader import CaseTable, cache_key, read_cases, table_from_frame

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy("pandas")

ENGINE_VERSION = "engine-2"
#: DuckDB's own memory (buffers, hash tables); beyond it, big inputs spill to disk.
MEMORY_LIMIT = "3GB"
#: The fields the assessment reads; every other column of an export stays in the file.
NEEDED = ("case_id", "duty_unit", "check_result") + TIME_FIELDS
_TEXT_SUFFIXES = (".csv", ".tsv", ".txt")


@dataclass
class Source:
    """An export loaded into DuckDB: the connection holding ``src`` and ``bad``, and where each field came from."""

    con: duckdb.DuckDBPyConnection
    file: str
    sheet: str
    headers: dict[str, str]
    letters: dict[str, str]
    found: list[str]
    rows: int
    from_cache: bool = False
    table: CaseTable | None = field(default=None, repr=False)

    def cell(self, name: str, row: int) -> str:
        """The A1 reference of a field's cell in a given row (e.g. ``"F12"``)."""
        return f"{self.letters.get(name, '')}{row}"

    def has(self, name: str) -> bool:
        return name in self.headers

    def query(self, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
        return self.con.execute(sql, params or []).fetchall()


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB on every core, without a progress bar, holding at most :data:`MEMORY_LIMIT`
    (or ``EVALKIT_DUCKDB_MEMORY``, e.g. ``8GB``) and spilling the rest to a temporary folder."""
    con = duckdb.connect(config={"threads": os.cpu_count() or 1, "preserve_insertion_order": True})
    try:
        con.execute("SET enable_progress_bar = false")
    except duckdb.InvalidInputException:  # in Jupyter without ipywidgets DuckDB shows no bar and refuses the setting
        pass
    con.execute(f"SET memory_limit = '{_plain_setting(os.environ.get('EVALKIT_DUCKDB_MEMORY', MEMORY_LIMIT))}'")
    con.execute(f"SET temp_directory = '{_plain_setting(str(_spill_folder()))}'")
    return con


@functools.cache
def _spill_folder() -> Path:
    """This process's folder for what DuckDB spills to disk (made only when it spills), removed at exit."""
    folder = Path(tempfile.gettempdir()) / f"evalkit-duckdb-{os.getpid()}"
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def _plain_setting(text: str) -> str:
    if not re.fullmatch(r"[\w./ -]+", text):
        raise InputError(f"DuckDB 设置值含有不允许的字符：{text!r}")
    return text


def open_source(source: str | Path | CaseTable | pd.DataFrame, *, sheet: str | int | None = None,
                columns: Mapping[str, str] | None = None, cache: bool | str | Path = False) -> Source:
    """Load an export (a file, a folder of Parquet, a read :class:`CaseTable` or a frame) into DuckDB."""
    if isinstance(source, CaseTable):
        return _from_table(source)
    if not isinstance(source, (str, Path)):
        return _from_table(table_from_frame(source, columns=columns))
    path = Path(source)
    folder = Path(cache) if isinstance(cache, (str, Path)) and not isinstance(cache, bool) else None
    direct = _direct_kind(path)
    key = ""
    if folder is not None:
        try:
            key = cache_key(path, ENGINE_VERSION, sheet, sorted((columns or {}).items()))
        except OSError as exc:
            raise InputError(f"无法打开文件（{exc.strerror}）", file=path) from exc
        cached = _from_cache(folder, key, path)
        if cached is not None:
            return cached
    if direct:
        src = _from_duckdb(path, direct, columns)
    else:
        src = _from_table(read_cases(path, sheet=sheet, columns=columns, cache=cache))
    if folder is not None:
        _to_cache(folder, key, src)
    return src


def _direct_kind(path: Path) -> str:
    """"csv" or "parquet" when DuckDB reads the input itself, else "" (the spreadsheet reader's job)."""
    if path.is_dir():
        if not any(path.rglob("*.parquet")):
            raise InputError("文件夹中没有 .parquet 文件", file=path)
        return "parquet"
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return "parquet"
    if suffix in _TEXT_SUFFIXES and path.is_file():
        with path.open("rb") as fh:
            head = fh.read(1 << 16)
        if text_encoding(head) == "utf-8-sig" and head.strip():
            return "csv"
    return ""


def _csv_relation(con: duckdb.DuckDBPyConnection, path: Path,
                  columns: Mapping[str, str] | None) -> tuple[str, list[str], int]:
    """The read_csv call for a UTF-8 export, its headers and the file row of its first record."""
    with path.open("rb") as fh:
        head = fh.read(1 << 16)
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    lines = head.decode("utf-8", errors="ignore").splitlines()[:HEADER_SCAN]
    import csv

    sep = "\t" if lines and lines[0].count("\t") > lines[0].count(",") else ","
    rows = list(csv.reader(lines, delimiter=sep))
    skip = header_row(rows)
    headers = [h.strip() for h in rows[skip]] if rows else []
    refuse_duplicate_fields(headers, columns, path)
    names = [f"c{i}" for i in range(len(headers))]
    rel = (f"read_csv({literal(str(path))}, all_varchar=true, header=true, skip={skip}, delim={literal(sep)}, "
           f"quote='\"', escape='\"', auto_detect=false, "
           f"columns={{{', '.join(f'{literal(n)}: {chr(39)}VARCHAR{chr(39)}' for n in names)}}})")
    return rel, headers, skip + 2


def _from_duckdb(path: Path, kind: str, columns: Mapping[str, str] | None) -> Source:
    con = connect()
    if kind == "csv":
        rel, headers, first_row = _csv_relation(con, path, columns)
        names = {h: f"c{i}" for i, h in reversed(list(enumerate(headers)))}  # the first of equal headers
        types = {n: "VARCHAR" for n in names.values()}
    else:
        rel, described = _parquet_relation(con, path)
        headers = list(described)
        names = {h: '"' + h.replace('"', '""') + '"' for h in headers}
        types = {names[h]: column_type for h, column_type in described.items()}
        first_row = None
    fields = match_headers(headers, columns)
    letters = {name: column_letter(headers.index(h)) for name, h in fields.items()}
    cols = {name: names[h] for name, h in fields.items() if name in NEEDED}
    src = Source(con, str(path), "", dict(fields), letters, headers, 0)
    select = ", ".join(([] if first_row else ["row"]) + [f"{cols[n]} AS {n}" for n in NEEDED if n in cols])
    try:
        src.rows = normalise(con, f"(SELECT {select or 'NULL AS nothing'} FROM {rel})", {n: types[cols[n]] for n in cols},
                   first_row, materialise=kind == "csv")
    except duckdb.Error as exc:
        raise InputError(f"无法读取{'CSV' if kind == 'csv' else ' Parquet'}：{_first_line(exc)}", file=path) from exc
    return src


def _parquet_relation(con: duckdb.DuckDBPyConnection, path: Path) -> tuple[str, dict[str, str]]:
    """The read_parquet call for a file or a folder of partitions (in name order), with ``row``
    numbering the records as if the files were one table under a header row; the columns' types."""
    files = sorted(path.rglob("*.parquet")) if path.is_dir() else [path]
    listed = f"[{', '.join(literal(str(f)) for f in files)}]"
    try:
        counts = dict(con.execute(f"SELECT file_name, num_rows FROM parquet_file_metadata({listed})").fetchall())
        described = con.execute(f"DESCRIBE SELECT * FROM read_parquet({listed}, union_by_name=true)").fetchall()
    except duckdb.Error as exc:
        raise InputError(f"无法读取 Parquet：{_first_line(exc)}", file=path) from exc
    offsets, start = [], 2
    for f in files:
        offsets.append((str(f), start))
        start += int(counts.get(str(f), 0))
    con.execute("CREATE TEMP TABLE file_offsets (filename VARCHAR, first_row BIGINT)")
    con.executemany("INSERT INTO file_offsets VALUES (?, ?)", [list(o) for o in offsets])
    rel = (f"(SELECT o.first_row + p.file_row_number AS row, p.* EXCLUDE (filename, file_row_number) "
           f"FROM read_parquet({listed}, union_by_name=true, filename=true, file_row_number=true) p "
           f"JOIN file_offsets o ON o.filename = p.filename)")
    return rel, {str(d[0]): str(d[1]) for d in described}


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _from_table(table: CaseTable) -> Source:
    """Hand a table read by :mod:`evalkit.cases.reader` (times parsed, bad cells listed) to DuckDB."""
    con = connect()
    frame = table.frame
    present = [n for n in NEEDED if n in frame]
    view = frame[["row", *present, *[f"{n}_date_only" for n in DEADLINES if f"{n}_date_only" in frame]]]
    con.register("table_frame", view)
    found = list(table.headers.values()) + [c for c in frame.columns if c not in table.headers and c != "row"
                                            and c not in NEEDED and not str(c).endswith("_date_only")]
    src = Source(con, table.file, table.sheet, dict(table.headers), dict(table.letters), found, 0, table=table)
    bad = table.bad_cells
    con.register("table_bad", bad[["row", "field", "raw"]] if len(bad) else bad.iloc[:0])
    types = {n: str(t) for n, t in con.execute("SELECT column_name, column_type FROM (DESCRIBE table_frame)").fetchall()}
    src.rows = normalise(con, "table_frame", types, None, given_bad="table_bad")
    con.unregister("table_bad")
    con.unregister("table_frame")
    return src


def _to_cache(folder: Path, key: str, src: Source) -> None:
    """Write ``cases_src``, ``bad``, ``dups`` and where each field came from, each to a file of this
    process renamed into place, the big table last (its presence marks the entry complete). A cache
    that cannot be written (full disk, no permission) is left out: the figures do not depend on it."""
    tmp = f"{os.getpid()}.tmp"
    parts = [("bad", "SELECT * FROM bad"), ("dups", "SELECT * FROM dups"), ("", "SELECT * FROM cases_src")]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        meta = {"file": src.file, "sheet": src.sheet, "headers": src.headers, "letters": src.letters,
                "found": src.found}
        write_atomic(folder / f"{key}.json", json.dumps(meta, ensure_ascii=False))
        for name, query in parts:
            final = folder / (f"{key}.{name}.parquet" if name else f"{key}.parquet")
            part = final.with_name(f"{final.name}.{tmp}")
            src.con.execute(f"COPY ({query}) TO {literal(str(part))} (FORMAT parquet, ROW_GROUP_SIZE 1000000)")
            part.replace(final)
    except (OSError, duckdb.IOException):
        for stale in folder.glob(f"{key}*{tmp}"):
            stale.unlink(missing_ok=True)


def _from_cache(folder: Path, key: str, path: Path) -> Source | None:
    """The cached tables of ``key`` (read in place), or ``None``; a damaged entry is removed, to be rebuilt."""
    if not (folder / f"{key}.parquet").exists():
        return None
    try:
        meta = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        con = connect()
        con.execute(f"CREATE TEMP VIEW cases_src AS SELECT * FROM read_parquet({literal(str(folder / f'{key}.parquet'))})")
        for table in ("bad", "dups"):
            con.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM read_parquet("
                        f"{literal(str(folder / f'{key}.{table}.parquet'))})")
        rows = int(con.execute("SELECT count(*) FROM cases_src").fetchall()[0][0])
    except Exception:  # partial write, disk trouble, an older layout: dropped and rebuilt
        for stale in folder.glob(f"{key}*"):
            stale.unlink(missing_ok=True)
        return None
    return Source(con, str(path), meta["sheet"], meta["headers"], meta["letters"], meta["found"], rows,
                  from_cache=True)
