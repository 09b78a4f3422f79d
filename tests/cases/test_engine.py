"""The case engine (cases.engine): every input lands in DuckDB as the same narrow table — CSV and
Parquet read by DuckDB itself, workbooks and other encodings by the spreadsheet reader — cached by
size, modification time and inode."""

import os

import duckdb
import pytest

from evalkit.cases.engine import open_source
from evalkit.cases.reader import read_cases
from evalkit.errors import InputError
from evalkit.testing.casegen import write_export

COLUMNS = ("row, case_id, duty_unit, check_result, reported_at, deadline, extended_deadline, handled_at, closed_at, "
           "deadline_day, extended_deadline_day")


def narrow(src) -> tuple[list, list]:
    return (src.query(f"SELECT {COLUMNS} FROM cases_src ORDER BY row"),
            src.query("SELECT row, field, raw FROM bad ORDER BY field, row"))


def test_duckdb_and_the_spreadsheet_reader_give_the_same_narrow_table(tmp_path, messy_export):
    csv = write_export(messy_export, tmp_path / "cases.csv")
    direct = open_source(csv)
    assert direct.table is None and direct.rows == 3000  # DuckDB read the file itself
    for other in (open_source(read_cases(csv)), open_source(write_export(messy_export, tmp_path / "cases.xlsx")),
                  open_source(write_export(messy_export, tmp_path / "gbk.csv", encoding="gb18030"))):
        assert narrow(other) == narrow(direct)
    rows, bad = narrow(direct)
    assert [(field, raw) for _, field, raw in bad] == ([("handled_at", "不详")] * 12 + [("registered_at", "未知")] * 4
                                                       + [("reported_at", "2020-13-45 10:00")] * 8)
    handled = {str(r[7]) for r in rows}
    assert "2020-03-05 18:00:00" in handled  # 2020-03-05T10:00:00+00:00 is 18:00 in Beijing
    assert "2020-03-10 12:00:00" in handled  # Excel serial 43900.5
    days = [r for r in rows if r[9]]
    written = messy_export["处置截止时间"].astype("str").str.fullmatch(r"\d{4}-\d{2}-\d{2}").sum()
    assert len(days) == written > 20 and all(str(r[5]).endswith("23:59:59") for r in days)  # a day alone ends at 23:59:59
    assert sum(1 for r in rows if r[10]) == 10 and sum(1 for r in rows if r[5] is None) == 15  # blank deadlines
    assert not any(r[1] and (r[1] != r[1].strip() or r[1].startswith("编号 ")) for r in rows)
    assert "不存在单位" in {r[2] for r in rows} and not any(r[2] and "　" in r[2] for r in rows)


def test_parquet_file_and_partitions_number_rows_as_one_table(tmp_path, messy_export):
    csv = write_export(messy_export, tmp_path / "cases.csv")
    con = duckdb.connect()
    source = f"read_csv('{csv}', all_varchar=true)"
    con.execute(f"COPY (SELECT * FROM {source}) TO '{tmp_path / 'one.parquet'}' (FORMAT parquet)")
    (tmp_path / "parts").mkdir()
    for k in range(3):
        con.execute(f"COPY (SELECT * FROM {source} LIMIT 1000 OFFSET {k * 1000}) "
                    f"TO '{tmp_path / 'parts' / f'part-{k}.parquet'}' (FORMAT parquet)")
    expected = narrow(open_source(csv))
    assert narrow(open_source(tmp_path / "one.parquet")) == expected
    assert narrow(open_source(tmp_path / "parts")) == expected
    typed = tmp_path / "typed.parquet"  # times stored as timestamps: taken as they are
    con.execute(f"COPY (SELECT 案件编号, 责任单位, try_cast(处置截止时间 AS TIMESTAMP) AS 处置截止时间, "
                f"try_cast(处置完成时间 AS TIMESTAMP) AS 处置完成时间, 核查结果 FROM read_csv('{csv}', all_varchar=true) "
                f"WHERE try_cast(处置截止时间 AS TIMESTAMP) IS NOT NULL LIMIT 5) TO '{typed}' (FORMAT parquet)")
    src = open_source(typed)
    assert src.rows == 5 and src.query("SELECT count(deadline) FROM cases_src") == [(5,)]
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="没有 .parquet"):
        open_source(tmp_path / "empty")


def test_the_cache_is_keyed_by_size_mtime_and_inode_and_survives_damage(tmp_path, messy_export):
    csv = write_export(messy_export, tmp_path / "cases.csv")
    cache = tmp_path / "cache"
    first = open_source(csv, cache=cache)
    again = open_source(csv, cache=cache)
    assert not first.from_cache and again.from_cache and narrow(again) == narrow(first)
    assert again.headers == first.headers and again.letters == first.letters
    stat = csv.stat()
    os.utime(csv, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # touched: read again
    assert not open_source(csv, cache=cache).from_cache
    for part in cache.glob("*.parquet"):
        part.write_bytes(b"PAR1 broken")
    rebuilt = open_source(csv, cache=cache)
    assert not rebuilt.from_cache and narrow(rebuilt) == narrow(first)
    assert open_source(csv, cache=cache).from_cache


def test_unreadable_inputs_are_input_errors(tmp_path):
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("案件编号,责任单位,处置截止时间\n1,甲,2020-01-01 10:00\n2,乙,2020-01-02 10:00,多余,多余\n",
                      encoding="utf-8")
    with pytest.raises(InputError, match="ragged.csv"):
        open_source(ragged)
    with pytest.raises(InputError, match="无法读取 Parquet"):
        (tmp_path / "x.parquet").write_bytes(b"not parquet")
        open_source(tmp_path / "x.parquet")


def test_a_cache_that_cannot_be_written_is_left_out(tmp_path, messy_export):
    csv = write_export(messy_export, tmp_path / "cases.csv")
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    src = open_source(csv, cache=blocked)
    assert src.rows == 3000 and not src.from_cache and blocked.is_file()
