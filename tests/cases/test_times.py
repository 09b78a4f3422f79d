"""Times of a case export (cases.times): Excel cells, serial numbers and written text; blank told from unreadable."""

import pandas as pd

from evalkit.cases.times import is_blank_cell, parse_times, unreadable_times


def test_times_in_the_common_forms():
    got = parse_times(pd.Series(["2020/3/5 14:22", "2020-03-05 14:22:00", "2020年3月5日 14时22分", "２０２０/３/５ 14:22",
                                 "", "明天", "2020-02-30 10:00"]))
    assert got[:4].tolist() == [pd.Timestamp("2020-03-05 14:22")] * 4
    assert got[4:].isna().all()


def test_chinese_text_with_seconds_and_dotted_dates():
    got = parse_times(pd.Series(["2020年3月5日 14时22分", "2020年3月5日14时22分30秒", "2020.3.5"]))
    assert got.tolist() == [pd.Timestamp("2020-03-05 14:22"), pd.Timestamp("2020-03-05 14:22:30"),
                            pd.Timestamp("2020-03-05")]
    assert str(got.dtype) == "datetime64[s]"


def test_excel_serial_numbers_as_numbers_and_as_text():
    # 43895 is 2020-03-05 counted from Excel's 1899-12-30; .5 is noon
    assert parse_times(pd.Series([43895.5, 43895.0])).tolist() == [pd.Timestamp("2020-03-05 12:00"),
                                                                   pd.Timestamp("2020-03-05")]
    assert parse_times(pd.Series(["43895.5", "2020/3/5 14:22"])).tolist() == [pd.Timestamp("2020-03-05 12:00"),
                                                                              pd.Timestamp("2020-03-05 14:22")]


def test_date_cells_keep_whole_seconds():
    cells = pd.Series(pd.to_datetime(["2020-03-05 14:22:00.7", "2020-12-31 23:59:59"], format="ISO8601"))
    assert parse_times(cells).tolist() == [pd.Timestamp("2020-03-05 14:22"), pd.Timestamp("2020-12-31 23:59:59")]


def test_unreadable_text_is_told_apart_from_blank():
    raw = pd.Series(["2020年3月5日 14时22分", "明天", "", None, "2020-02-30 10:00", "  "], dtype=object)
    parsed = parse_times(raw)
    assert parsed.isna().tolist() == [False, True, True, True, True, True]
    assert is_blank_cell(raw).tolist() == [False, False, True, True, False, False]
    # a cell of spaces is empty, not unreadable; "明天" and the 30th of February are unreadable
    assert unreadable_times(raw, parsed).tolist() == [False, True, False, False, True, False]
