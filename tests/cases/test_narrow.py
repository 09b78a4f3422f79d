"""The narrow table (cases.narrow): text cells cleaned and times parsed in SQL, the odd ones by the
spreadsheet reader's parser, unreadable cells kept with their row and text."""

import duckdb

from evalkit.cases.narrow import literal, normalise

ROWS = [  # case id, unit, check, deadline, handled
    ("001", "甲单位", "通过", "2020-03-05 18:00", "2020-03-05 10:00"),
    (" 002\t", "　乙 单位 ", " 通过 ", "2020年3月6日 18时00分", "43900.5"),
    ("编号003", "甲单位", "不通过", "2020-03-07", "2020-03-05T10:00:00+00:00"),
    ("", None, None, "   ", "不详"),
    ("005", "甲单位", "通过", "2020/3/8 9:05", ""),
]


def load(rows=ROWS):
    con = duckdb.connect()
    con.execute("CREATE TABLE t (case_id VARCHAR, duty_unit VARCHAR, check_result VARCHAR, deadline VARCHAR, "
                "handled_at VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", [list(r) for r in rows])
    types = dict.fromkeys(["case_id", "duty_unit", "check_result", "deadline", "handled_at"], "VARCHAR")
    count = normalise(con, "(SELECT * FROM t)", types, 2)
    out = con.execute("SELECT row, case_id, duty_unit, check_result, strftime(deadline, '%Y-%m-%d %H:%M:%S'), "
                      "strftime(handled_at, '%Y-%m-%d %H:%M:%S'), deadline_day FROM cases_src ORDER BY row").fetchall()
    return count, out, con.execute("SELECT * FROM bad").fetchall()


def test_cells_are_cleaned_and_times_read_in_every_common_form():
    count, rows, bad = load()
    assert count == 5
    assert rows == [
        (2, "001", "甲单位", "通过", "2020-03-05 18:00:00", "2020-03-05 10:00:00", False),
        (3, "002", "乙单位", "通过", "2020-03-06 18:00:00", "2020-03-10 12:00:00", False),
        (4, "编号003", "甲单位", "不通过", "2020-03-07 23:59:59", "2020-03-05 18:00:00", True),
        (5, None, None, None, None, None, False),
        (6, "005", "甲单位", "通过", "2020-03-08 09:05:00", None, False),
    ]
    assert bad == [(5, "handled_at", "不详")]  # the blank and the spaces-only cells are blank, not bad


def test_missing_fields_are_null_columns_and_a_clean_file_needs_no_python_pass():
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT '1' AS case_id, '2020-01-02 03:04:05' AS deadline")
    assert normalise(con, "t", {"case_id": "VARCHAR", "deadline": "VARCHAR"}, 2) == 1
    assert con.execute("SELECT row, duty_unit, handled_at, deadline FROM cases_src").fetchall()[0][:3] == (2, None, None)
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert not any(name.startswith("map_") for name in tables)  # nothing odd: no lookup table built


def test_literal_quotes():
    assert literal("it's") == "'it''s'"
