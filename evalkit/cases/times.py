"""Layer 3, cases: the times of a case export — Excel date cells, Excel serial numbers and text
in the common written forms — parsed vectorised; what cannot be read is told apart from blank."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy
from ..rules.numbers import BEIJING
from .forms import DATE_ONLY_RE, OFFSET_RE, SERIAL_RE, TIME_FORMATS, TIME_SUBS

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy("pandas")

_EXCEL_EPOCH = "1899-12-30"  # day 0 of Excel's serial numbers
LOCAL_ZONE = BEIJING.key


def date_only(values: pd.Series) -> pd.Series:
    """Text cells that give a day without a time ("2020-03-02", "2020年3月2日", "20200302"): as a
    deadline such a day runs to its end.

    >>> date_only(pd.Series(["2020-03-02", "2020/3/2 18:00", "20200302", None])).tolist()
    [True, False, True, False]
    """
    if pd.api.types.is_datetime64_any_dtype(values) or pd.api.types.is_numeric_dtype(values):
        return pd.Series(False, index=values.index)
    text = values.where(values.notna(), "").astype("str").str.normalize("NFKC")
    return text.str.fullmatch(DATE_ONLY_RE).fillna(False).astype(bool)


def _with_offset(values: pd.Series) -> pd.Series:
    """Parse the cells that carry a UTC offset, as Beijing time without a zone (NaT elsewhere)."""
    text = values.where(values.notna(), "").astype("str").str.strip()
    marked = text.str.contains(OFFSET_RE, regex=True).fillna(False).astype(bool)
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[s]")
    if marked.any():
        parsed = pd.to_datetime(text[marked], errors="coerce", utc=True, format="ISO8601")
        out.loc[marked] = parsed.dt.tz_convert(LOCAL_ZONE).dt.tz_localize(None).astype("datetime64[s]")
    return out


def parse_times(values: pd.Series) -> pd.Series:
    """Parse a column of times (vectorised): Excel date cells, serial numbers or common text.

    Blank cells give NaT; so do cells that cannot be read — compare with :func:`is_blank_cell`
    to find them.

    >>> parse_times(pd.Series(["2020/3/5 14:22", "2020年3月5日 14时22分", "2020-03-05 14:22:00", ""])).tolist()
    [Timestamp('2020-03-05 14:22:00'), Timestamp('2020-03-05 14:22:00'), Timestamp('2020-03-05 14:22:00'), NaT]
    """
    if pd.api.types.is_datetime64_any_dtype(values):
        if getattr(values.dt, "tz", None) is not None:
            values = values.dt.tz_convert(LOCAL_ZONE).dt.tz_localize(None)
        return values.astype("datetime64[s]")
    if pd.api.types.is_numeric_dtype(values):
        numbers = values.astype("float64")
        yyyymmdd = numbers.between(19000101, 21001231) & (numbers % 1 == 0)  # 20200302 is a day, not a serial
        out = (pd.Timestamp(_EXCEL_EPOCH) + pd.to_timedelta(numbers.where(~yyyymmdd), unit="D")).astype("datetime64[s]")
        if yyyymmdd.any():
            out.loc[yyyymmdd] = pd.to_datetime(numbers[yyyymmdd].astype("int64").astype("str"), format="%Y%m%d",
                                               errors="coerce").astype("datetime64[s]")
        return out
    blank = is_blank_cell(values)
    offset = _with_offset(values)
    plain = values.where(~blank & offset.isna())
    try:
        out = pd.to_datetime(plain, errors="coerce", format="ISO8601").astype("datetime64[s]")
    except (ValueError, TypeError):  # mixed or odd forms: left to the formats below
        out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[s]")
    out = out.where(offset.isna(), offset)
    todo = out.isna() & ~blank
    if todo.any():
        text = values[todo].astype("str").str.normalize("NFKC")
        for pattern, repl in TIME_SUBS:
            text = text.str.replace(pattern, repl, regex=True)
        for fmt in TIME_FORMATS:
            left = out.isna() & todo
            if not left.any():
                break
            out.loc[left] = pd.to_datetime(text[left[todo]], errors="coerce", format=fmt).astype("datetime64[s]")
        left = out.isna() & todo
        serial = text[left[todo]]
        serial = pd.to_numeric(serial.where(serial.str.fullmatch(SERIAL_RE).fillna(False).astype(bool)),
                               errors="coerce")
        if serial.notna().any():
            out.loc[left] = (pd.Timestamp(_EXCEL_EPOCH) + pd.to_timedelta(serial, unit="D")).astype("datetime64[s]")
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
