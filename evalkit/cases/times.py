"""Layer 3, cases: the times of a case export — Excel date cells, Excel serial numbers and text
in the common written forms — parsed vectorised; what cannot be read is told apart from blank."""

from __future__ import annotations

import pandas as pd

# Text times in the common written forms (2020/3/5 14:22, 2020年3月5日 14时22分) are rewritten to
# "2020-3-5 14:22" and tried against these formats (pandas' strptime accepts unpadded fields).
_TIME_SUBS = ((r"[年月/]", "-"), (r"日", " "), (r"[时点]", ":"), (r"分(?=\d)", ":"), (r"[分秒]", ""),
              (r"\s+", " "), (r"^\s|\s$", ""))
_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S.%f")
_SERIAL_RE = r"^\d{5}(?:\.\d+)?$"
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")


def parse_times(values: pd.Series) -> pd.Series:
    """Parse a column of times (vectorised): Excel date cells, serial numbers or common text.

    Blank cells give NaT; so do cells that cannot be read — compare with :func:`is_blank_cell`
    to find them.

    >>> parse_times(pd.Series(["2020/3/5 14:22", "2020年3月5日 14时22分", "2020-03-05 14:22:00", ""])).tolist()
    [Timestamp('2020-03-05 14:22:00'), Timestamp('2020-03-05 14:22:00'), Timestamp('2020-03-05 14:22:00'), NaT]
    """
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.astype("datetime64[s]")
    if pd.api.types.is_numeric_dtype(values):
        return (_EXCEL_EPOCH + pd.to_timedelta(values.astype("float64"), unit="D")).astype("datetime64[s]")
    blank = is_blank_cell(values)
    out = pd.to_datetime(values.where(~blank), errors="coerce", format="ISO8601").astype("datetime64[s]")
    todo = out.isna() & ~blank
    if todo.any():
        text = values[todo].astype("str").str.normalize("NFKC")
        for pattern, repl in _TIME_SUBS:
            text = text.str.replace(pattern, repl, regex=True)
        for fmt in _TIME_FORMATS:
            left = out.isna() & todo
            if not left.any():
                break
            out.loc[left] = pd.to_datetime(text[left[todo]], errors="coerce", format=fmt).astype("datetime64[s]")
        left = out.isna() & todo
        serial = text[left[todo]]
        serial = pd.to_numeric(serial.where(serial.str.fullmatch(_SERIAL_RE).fillna(False).astype(bool)),
                               errors="coerce")
        if serial.notna().any():
            out.loc[left] = (_EXCEL_EPOCH + pd.to_timedelta(serial, unit="D")).astype("datetime64[s]")
    return out


def is_blank_cell(values: pd.Series) -> pd.Series:
    """True where a cell is empty: missing, "" or (in a text column) only spaces.

    In a column of mixed cells (dates and text) only "" counts; spaces-only cells there are
    caught after parsing (see :func:`_unreadable`).
    """
    missing = values.isna().to_numpy()
    if values.dtype == object:
        missing = missing | (values.to_numpy() == "")
    elif pd.api.types.is_string_dtype(values):
        missing = missing | values.str.strip().eq("").fillna(True).to_numpy(dtype=bool)
    return pd.Series(missing, index=values.index, dtype=bool)


def unreadable_times(raw: pd.Series, parsed: pd.Series) -> pd.Series:
    """Cells that hold something but did not parse as a time."""
    failed = parsed.isna() & ~is_blank_cell(raw)
    if failed.any():
        failed[failed] = raw[failed].astype("str").str.strip().ne("")
    return failed
