"""Layer 3, cases: read case exports of the 数字城管 platform into one canonical frame, fast, with a Parquet cache.

An export has one row per case, as .xlsx, .xls or .csv (UTF-8 or GB18030). Its header row is
found by its labels (title rows above it are skipped) and each header is matched, after
normalising full-width characters and spaces, against the usual wordings of each field
(:data:`FIELDS`); an explicit ``columns`` mapping overrides the guess. Extra columns are kept
under their own names. Case ids stay text; times are parsed from Excel date cells or text in
the common forms, and every cell that cannot be read is kept in :attr:`CaseTable.bad_cells`
(never silently dropped).

Readers: python-calamine for xlsx/xls, the pyarrow engine of pandas for CSV. A table read
once may be cached as Parquet in a folder the caller names (the project's ``.cache/cases/``),
keyed by the file's content hash.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping

from ..errors import InputError
from ..io.cells import clean, column_letter
from ..io.sidetable import decode_text, text_encoding
from ..lazy import lazy
from .headers import (
    FIELDS,
    HEADER_SCAN,
    TEXT_FIELDS,
    TIME_FIELDS,
    header_row,
    match_headers,
    refuse_duplicate_fields,
)
from .times import date_only, parse_times, unreadable_times

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    import pyarrow as pa
else:
    np, pd, pa = lazy("numpy"), lazy("pandas"), lazy("pyarrow")

_CACHE_VERSION = "cases-3"  # 3: date-only deadlines run to the day's end, UTC offsets
_CHUNK = 100_000
def _read_csv(path: Path, raw: bytes, columns: Mapping[str, str] | None) -> tuple[pd.DataFrame, int, int]:
    """Read a CSV (or tab-separated text): UTF-16 and GB18030 are transcoded to UTF-8 first, the
    pyarrow engine does the rest."""
    if text_encoding(raw) != "utf-8-sig":  # UTF-8 goes to pyarrow as it is; GBK and UTF-16 are transcoded
        raw = decode_text(raw, path, "CSV 文件").encode("utf-8")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    head = raw[: 1 << 16].decode("utf-8", errors="ignore").splitlines()[:HEADER_SCAN]
    sep = "\t" if head and head[0].count("\t") > head[0].count(",") else ","
    rows = list(csv.reader(head, delimiter=sep))
    skip = header_row(rows)
    headers = [h.strip() for h in rows[skip]] if rows else []
    refuse_duplicate_fields(headers, columns, path)
    fields = match_headers(headers, columns)
    text = {h: "str" for name, h in fields.items() if name in TEXT_FIELDS}
    try:
        frame = pd.read_csv(io.BytesIO(raw), engine="pyarrow", skiprows=skip, dtype=text or None, sep=sep)
    except Exception as exc:  # pyarrow raises its own error types for malformed CSV
        raise InputError(f"无法读取 CSV：{exc}", file=path) from exc
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame, skip + 2, 0


TEXT_SUFFIXES = (".csv", ".tsv", ".txt")


def _read_excel(path: Path, sheet: str | int | None, columns: Mapping[str, str] | None) -> CaseTable:
    """Read a worksheet with python-calamine (the engine pandas uses for read_excel), in chunks of
    rows, each normalised at once, so the Python objects of only one chunk are alive at a time."""
    from python_calamine import CalamineWorkbook

    sheet_name = sheet if isinstance(sheet, str) else ""
    try:
        book = CalamineWorkbook.from_path(str(path))
        ws = book.get_sheet_by_name(sheet) if isinstance(sheet, str) else book.get_sheet_by_index(sheet or 0)
        start = ws.start or (0, 0)
        rows = ws.iter_rows()
        head = list(islice(rows, HEADER_SCAN))
    except Exception as exc:  # calamine raises plain errors for non-workbooks and missing sheets
        raise InputError(f"无法读取工作簿（{exc}）", file=path, sheet=sheet_name or None) from exc
    if not head:
        raise InputError("工作表是空的", file=path, sheet=sheet_name or None)
    skip = header_row(head)
    refuse_duplicate_fields([str(h).strip() for h in head[skip]], columns, path)
    headers = _dedupe([str(h).strip() for h in head[skip]])
    first_row, first_col = start[0] + skip + 2, start[1]
    pending, parts, offset = head[skip + 1:], [], 0
    while True:
        chunk = pending + list(islice(rows, max(0, _CHUNK - len(pending))))
        pending = []
        frame = pd.DataFrame(chunk, columns=pd.Index(headers, dtype=object)) if chunk else \
            pd.DataFrame({h: pd.Series(dtype=object) for h in headers})
        frame.columns = headers
        parts.append(_normalise(frame, path, sheet_name, first_row + offset, first_col, columns))
        offset += len(chunk)
        if len(chunk) < max(_CHUNK, 1) and not pending:
            break
    return _concat(parts)


def _concat(parts: list[CaseTable]) -> CaseTable:
    """One table from the tables of consecutive chunks."""
    first = parts[0]
    if len(parts) == 1:
        return first
    frame = pd.concat([p.frame for p in parts], ignore_index=True)
    for col in frame.columns:
        if frame[col].dtype == object:  # an extra column read as numbers in one chunk and text in another
            frame[col] = frame[col].astype("str").where(frame[col].notna())
    bad = [p.bad_cells for p in parts if not p.bad_cells.empty]
    return CaseTable(first.file, first.sheet, frame, first.headers, first.letters,
                     pd.concat(bad, ignore_index=True) if bad else first.bad_cells)


def _dedupe(headers: list[str]) -> list[str]:
    """Make header names unique the way pandas does ("x", "x.1", ...); blanks become "列N"."""
    seen: dict[str, int] = {}
    out = []
    for i, h in enumerate(headers):
        h = h or f"列{i + 1}"
        if h in seen:
            seen[h] += 1
            h = f"{h}.{seen[h]}"
        else:
            seen[h] = 0
        out.append(h)
    return out


def _as_text(values: pd.Series) -> pd.Series:
    """Text of a column: numbers from Excel cells without a trailing ".0", NFKC, trimmed."""
    if values.dtype == object:
        num = pd.to_numeric(values.where(values.map(type).isin((int, float))), errors="coerce")
        whole = num.notna() & (num == np.floor(num))
        values = values.where(~whole, num.where(whole).astype("Int64").astype("str"))
    elif pd.api.types.is_numeric_dtype(values):
        whole = values.notna() & (values == np.floor(values))
        values = values.astype("str").where(~whole, values.where(whole).astype("Int64").astype("str"))
    return map_unique(values.astype("str"), clean)


def map_unique(values: pd.Series, fn: Callable[[str], str]) -> pd.Series:
    """Apply a text function once per distinct value (columns repeat few values); "" becomes NaN.

    A column of plain ASCII (e.g. case ids) is only trimmed, without a Python call per value.

    >>> map_unique(pd.Series(["　中方镇 ", "中方镇", None]), clean).tolist()
    ['中方镇', '中方镇', nan]
    """
    import pyarrow.compute as pc

    text = values.astype("str")
    if bool(pc.all(pc.string_is_ascii(pa.array(text.fillna(""), type=pa.large_string()))).as_py()):
        out = text.str.strip()
        return out.where(out != "")
    codes, uniques = pd.factorize(text)
    cleaned = pd.array([fn(u) or None for u in uniques], dtype="str")
    return pd.Series(pd.api.extensions.take(cleaned, codes, allow_fill=True), index=values.index, name=values.name)


@dataclass
class CaseTable:
    """A case export read into canonical columns.

    ``frame`` has one row per case: the canonical fields present in the file (times as
    ``datetime64``, text as ``str``), the file's other columns under their own names, and
    ``row``, the row number in the file (1-based, as Excel shows it). ``headers`` maps each
    canonical field to the header it came from and ``letters`` to its column letter.
    ``bad_cells`` lists the time cells that could not be read: ``row``, ``field``, ``raw``.
    """

    file: str
    sheet: str
    frame: pd.DataFrame
    headers: dict[str, str]
    letters: dict[str, str]
    bad_cells: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["row", "field", "raw"]))
    from_cache: bool = False

    def cell(self, name: str, row: int) -> str:
        """The A1 reference of a field's cell in a given row (e.g. ``"F12"``)."""
        return f"{self.letters.get(name, '')}{row}"


def _normalise(raw: pd.DataFrame, path: Path, sheet: str, first_row: int, first_col: int,
               columns: Mapping[str, str] | None) -> CaseTable:
    headers = [str(c) for c in raw.columns]
    fields = match_headers(headers, columns)
    letters = {name: column_letter(first_col + headers.index(h)) for name, h in fields.items()}
    data: dict[str, pd.Series] = {}
    bad = []
    rows = pd.Series(np.arange(first_row, first_row + len(raw), dtype="int64"), index=raw.index)
    for name, header in fields.items():
        col = raw[header]
        if name in TIME_FIELDS:
            parsed = parse_times(col)
            if name in ("deadline", "extended_deadline"):  # a deadline given as a day runs to the day's end
                day = date_only(col)
                parsed = parsed.where(~day, parsed + pd.Timedelta(hours=23, minutes=59, seconds=59))
                if day.any():
                    data[f"{name}_date_only"] = day
            failed = unreadable_times(col, parsed)
            if failed.any():
                bad.append(pd.DataFrame({"row": rows[failed], "field": name, "raw": col[failed].astype("str")}))
            data[name] = parsed
        elif name == "rework":
            text = _as_text(col)
            data[name] = pd.to_numeric(text.replace({"是": "1", "否": "0"}), errors="coerce").astype("float64")
        else:
            data[name] = _as_text(col)
    extras = {h: (raw[h].astype("str").where(raw[h].notna()) if raw[h].dtype == object else raw[h])
              for h in headers if h not in fields.values() and h not in FIELDS and h != "row"}
    frame = pd.DataFrame({"row": rows, **data, **extras}).reset_index(drop=True)
    bad_cells = (pd.concat(bad, ignore_index=True) if bad
                 else pd.DataFrame({"row": pd.Series(dtype="int64"), "field": pd.Series(dtype="str"),
                                    "raw": pd.Series(dtype="str")}))
    return CaseTable(str(path), sheet, frame, dict(fields), letters, bad_cells)


def table_from_frame(frame: pd.DataFrame, *, columns: Mapping[str, str] | None = None,
                     name: str = "<frame>") -> CaseTable:
    """A :class:`CaseTable` from a frame with export headers (row numbers as if its header were row 1).

    >>> t = table_from_frame(pd.DataFrame({"案卷编号": ["001"], "截止时间": ["2020年3月5日 14时22分"]}))
    >>> t.headers, str(t.frame.loc[0, "deadline"])
    ({'case_id': '案卷编号', 'deadline': '截止时间'}, '2020-03-05 14:22:00')
    """
    raw = frame.copy()
    raw.columns = _dedupe([str(c).strip() for c in raw.columns])
    return _normalise(raw.reset_index(drop=True), Path(name), "", 2, 0, columns)


def cache_key(path: Path, *parts: object) -> str:
    """A key for a file that changes when the file does: size, modification time, inode, and ``parts``.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.csv"; _ = p.write_text("x")
    >>> cache_key(p, "v1") == cache_key(p, "v1") != cache_key(p, "v2")
    True
    """
    files = sorted(path.rglob("*.parquet")) if path.is_dir() else [path]
    stamp = [(str(f), st.st_size, st.st_mtime_ns, st.st_ino) for f in files for st in [f.stat()]]
    return hashlib.sha256(json.dumps([stamp, *parts], default=str, ensure_ascii=False).encode()).hexdigest()


def read_cases(path: str | Path, *, sheet: str | int | None = None, columns: Mapping[str, str] | None = None,
               cache: bool | str | Path = False) -> CaseTable:
    """Read a case export (.xlsx, .xls or .csv) into a :class:`CaseTable`.

    Parameters
    ----------
    path
        The export file.
    sheet
        Worksheet name or index (Excel only); the first sheet by default.
    columns
        Explicit mapping ``{header in the file: canonical field}`` overriding the guess.
    cache
        A folder to cache the parsed table in as Parquet, keyed by the file's content hash
        (SHA-256); ``False`` (or ``True``, which names no folder) to always read the file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "cases.csv"
    >>> _ = p.write_text("任务号,处置部门,截止时间\\n007,中方镇,2020/3/5 14:22\\n", encoding="gb18030")
    >>> t = read_cases(p, cache=False)
    >>> t.frame.loc[0, "case_id"], str(t.frame.loc[0, "deadline"]), t.cell("deadline", 2)
    ('007', '2020-03-05 14:22:00', 'C2')
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".tsv", ".txt", ".xlsx", ".xls", ".xlsm"):
        raise InputError(f"不支持的文件类型 {suffix or '(无扩展名)'}（应为 .xlsx、.xls、.csv 或制表符分隔的 .tsv/.txt）",
                         file=path)
    folder = Path(cache) if isinstance(cache, (str, Path)) and not isinstance(cache, bool) else None
    try:
        key = cache_key(path, _CACHE_VERSION, sheet, sorted((columns or {}).items())) if folder is not None else ""
        if folder is not None and (folder / f"{key}.parquet").exists():
            try:
                return _from_cache(folder, key, path)
            except Exception:  # a damaged cache entry (partial write, disk trouble) is dropped and rebuilt
                for stale in folder.glob(f"{key}*"):
                    stale.unlink(missing_ok=True)
        raw = path.read_bytes() if suffix in TEXT_SUFFIXES else b""
    except OSError as exc:
        raise InputError(f"无法打开文件（{exc.strerror}）", file=path) from exc
    if suffix in TEXT_SUFFIXES:
        frame, first_row, first_col = _read_csv(path, raw, columns)
        del raw
        table = _normalise(frame, path, "", first_row, first_col, columns)
    else:
        if not path.is_file():
            raise InputError("无法打开文件（No such file or directory）", file=path)
        table = _read_excel(path, sheet, columns)
    if key and folder is not None:
        _to_cache(folder, key, table)
    return table


def _to_cache(folder: Path, key: str, table: CaseTable) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    meta = {"sheet": table.sheet, "headers": table.headers, "letters": table.letters}
    tmp = folder / f"{key}.tmp"
    table.bad_cells.to_parquet(folder / f"{key}.bad.parquet", index=False)
    (folder / f"{key}.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    table.frame.to_parquet(tmp, index=False)
    tmp.replace(folder / f"{key}.parquet")  # the frame last: its presence means the entry is complete


def _from_cache(folder: Path, key: str, path: Path) -> CaseTable:
    meta = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
    frame = pd.read_parquet(folder / f"{key}.parquet")
    for name in TIME_FIELDS:  # Parquet stores second resolution as milliseconds
        if name in frame:
            frame[name] = frame[name].astype("datetime64[s]")
    bad = pd.read_parquet(folder / f"{key}.bad.parquet")
    return CaseTable(str(path), meta["sheet"], frame, meta["headers"], meta["letters"], bad, from_cache=True)
