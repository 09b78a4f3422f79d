"""The written forms of times (cases.forms): a value DuckDB parses with SQL_FORMATS reads the same in
the pandas parser, so the engine and the spreadsheet reader agree cell by cell."""

import duckdb
import pandas as pd
import pytest

from evalkit.cases.forms import DATE_ONLY_RE, SQL_FORMATS
from evalkit.cases.times import date_only, parse_times

SAMPLES = ["2020-03-05 14:22:07", "2020-3-5 9:05", "2020/03/05 14:22:07", "2020/3/5 14:22", "2020-03-05", "2020/3/5",
           " 2020-03-05 14:22 ", "2020-02-29 23:59:59", "1999-12-31 00:00"]


@pytest.mark.parametrize("value", SAMPLES)
def test_sql_formats_read_like_the_pandas_parser(value):
    sql = duckdb.execute("SELECT try_strptime(?, ?)", [value, SQL_FORMATS]).fetchall()[0][0]
    assert sql is not None and pd.Timestamp(sql) == parse_times(pd.Series([value], dtype="str"))[0]
    day = duckdb.execute("SELECT regexp_full_match(?, ?)", [value, DATE_ONLY_RE]).fetchall()[0][0]
    assert day == bool(date_only(pd.Series([value], dtype="str"))[0])


@pytest.mark.parametrize("value", ["2020-02-30 10:00", "2020-03-05T14:22", "2020年3月5日", "43900.5", "20200305",
                                   "2020-03-05 24:00"])
def test_other_forms_are_left_to_the_pandas_parser(value):
    assert duckdb.execute("SELECT try_strptime(?, ?)", [value, SQL_FORMATS]).fetchall()[0][0] is None
