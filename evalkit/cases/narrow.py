"""Layer 3, cases: the narrow table of an export in DuckDB — the needed columns cleaned and typed in SQL.

One parallel pass parses the plain times (:data:`~evalkit.cases.forms.SQL_FORMATS`) and keeps
every other non-blank time cell aside; the distinct odd times go through the spreadsheet
reader's parser (:func:`evalkit.cases.times.parse_times`), and the units, check results and case
ids whose cleaning changes them through :func:`~evalkit.io.cells.clean`, once per distinct value,
so a cell reads the same whichever reader meets it. The result is the view ``cases_src`` (``row``,
``case_id``, ``duty_unit``, ``check_result``, the times, ``deadline_day``/``extended_deadline_day``)
and the table ``bad`` (``row``, ``field``, ``raw``: time cells that hold something unreadable).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import duckdb

from ..io.cells import clean, squash
from ..lazy import lazy
from .forms import DATE_ONLY_RE, SQL_FORMATS
from .headers import TIME_FIELDS
from .times import date_only, parse_times, unreadable_times

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa
else:
    pd, pa = lazy("pandas"), lazy("pyarrow")

DEADLINES = ("deadline", "extended_deadline")
#: The times the rules read; the other time columns are only checked for unreadable cells.
USED_TIMES = ("reported_at", "deadline", "extended_deadline", "handled_at", "closed_at")
_WHITESPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"  # what str.strip() removes from ASCII text
def normalise(con: duckdb.DuckDBPyConnection, relation: str, types: dict[str, str], first_row: int | None,
              given_bad: str = "", materialise: bool = True) -> int:
    """``relation`` (one column per field present, named after it) → view ``cases_src`` and table ``bad``; the row count.

    One parallel pass (a table for text input, a view over Parquet) keeps the text fields and the
    times the rules read, parsed in SQL, and marks the rows holding a time in another form. Only
    when there are such rows are their time cells gathered (``odd_cells``, a second pass); their
    distinct values, and the units, check results and case ids whose cleaning changes them, are
    read in Python, once each, into small tables, and ``cases_src`` joins only those that are not
    empty. ``first_row`` numbers the rows in file order (``None``: ``relation`` has ``row``).
    """
    cols: list[str] = ["CAST(row AS BIGINT) AS row"] if first_row is None else []
    for name in ("case_id", "duty_unit", "check_result"):
        cols.append(f"{_as_text(name, types[name])} AS {name}" if name in types else f"NULL::VARCHAR AS {name}")
    inner, plain, odd, maybe = [], [], {}, []
    # the times the rules read (a 结案时间 only counts when there is no 核查结果); the others are only
    # checked for unreadable cells
    used_times = [n for n in USED_TIMES if n != "closed_at" or "check_result" not in types]
    for name in TIME_FIELDS:
        kind = types.get(name, "")
        text = _as_text(name, kind)
        used = name in used_times
        if not kind or "TIMESTAMP" in kind or kind == "DATE":
            cols += [f"CAST({name} AS TIMESTAMP) AS {name}" if kind else f"NULL::TIMESTAMP AS {name}"] if used else []
        else:
            inner.append(f"try_strptime({text}, {SQL_FORMATS!r}) AS q_{name}")
            plain.append(f"CASE WHEN q_{name} >= TIMESTAMP '1900-01-01' AND q_{name} < TIMESTAMP '2101-01-01' "
                         f"THEN q_{name} END AS p_{name}")
            cols += [f"CASE WHEN {_day(name, text)} THEN p_{name} + INTERVAL 86399 SECOND ELSE p_{name} END AS {name}"
                     ] if used else []
            maybe.append(f"(p_{name} IS NULL AND {text} IS NOT NULL)")  # cheap; blanks are sorted out below
            odd[name] = (f"CASE WHEN p_{name} IS NOT NULL OR {text} IS NULL THEN NULL "
                         f"WHEN trim({text}, {literal(_WHITESPACE)}) <> '' THEN {text} END")
    for name in DEADLINES:
        kind = types.get(name, "")
        if f"{name}_date_only" in types:  # the spreadsheet reader marked them
            cols.append(f"coalesce({name}_date_only, false) AS {name}_day")
        elif name in odd:
            cols.append(f"p_{name} IS NOT NULL AND {_day(name, _as_text(name, kind))} AS {name}_day")
        else:
            cols.append(f"false AS {name}_day")
    any_odd = " OR ".join(f"({e}) IS NOT NULL" for e in odd.values()) or "false"

    def parsed(rel: str) -> str:
        return f"(SELECT *, {', '.join(plain)} FROM (SELECT *, {', '.join(inner)} FROM {rel}))" if inner else rel

    if materialise:
        con.execute(f"CREATE TEMP TABLE raw AS SELECT {', '.join(cols)}, {' OR '.join(maybe) or 'false'} AS odd "
                    f"FROM {parsed(relation)}")
        numbered = relation if first_row is None else \
            f"(SELECT row_number() OVER () + {first_row - 1} AS row, * FROM {relation})"
        if first_row is not None:  # the table keeps file order: its rowid is the record's position
            con.execute(f"CREATE TEMP VIEW raw_rows AS SELECT rowid + {first_row} AS row, * FROM raw")
        else:
            con.execute("CREATE TEMP VIEW raw_rows AS SELECT * FROM raw")
        has_odd = bool(con.execute("SELECT count(*) FROM raw WHERE odd").fetchall()[0][0])
    else:
        numbered = relation
        con.execute(f"CREATE TEMP VIEW raw_rows AS SELECT {', '.join(cols)} FROM {parsed(relation)}")
        has_odd = bool(odd)
    if has_odd:  # a second pass, over the rows holding an odd time only
        con.execute(f"CREATE TEMP TABLE odd_cells AS SELECT row, "
                    f"{', '.join(f'{e} AS {n}' for n, e in odd.items())} FROM {parsed(numbered)} WHERE {any_odd}")

    select = {name: f"r.{name}" for name in ("row", "case_id", "duty_unit", "check_result", *used_times,
                                                *(f"{n}_day" for n in DEADLINES))}
    select.update({name: "NULL::TIMESTAMP" for name in USED_TIMES if name not in used_times})
    joins, bad = [], ["SELECT NULL::BIGINT AS row, NULL::VARCHAR AS field, NULL::VARCHAR AS raw WHERE false"]
    edge = "ascii(case_id) <= 32 OR ascii(right(case_id, 1)) <= 32"  # a character str.strip() may remove
    for name, where, fn in (("case_id", f"strlen(case_id) <> length(case_id) OR {edge}", _clean_or_none),
                            ("duty_unit", "duty_unit IS NOT NULL", _unit_or_none),
                            ("check_result", "check_result IS NOT NULL", _clean_or_none)):
        values = [r[0] for r in con.execute(f"SELECT DISTINCT {name} FROM raw_rows WHERE {where}").fetchall()]
        if _map_text(con, name, values, fn):
            joins.append(f"LEFT JOIN map_{name} ON map_{name}.v = r.{name}")
            select[name] = f"CASE WHEN map_{name}.v IS NULL THEN r.{name} ELSE map_{name}.out END"
    for name in odd if has_odd else ():
        if not _map_times(con, name):
            continue
        bad.append(f"SELECT o.row, '{name}', o.{name} FROM odd_cells o JOIN map_{name} m ON m.v = o.{name} "
                   "WHERE m.unreadable")
        if name not in used_times:
            continue
        if "LEFT JOIN odd_cells o ON o.row = r.row" not in joins:
            joins.append("LEFT JOIN odd_cells o ON o.row = r.row")
        joins.append(f"LEFT JOIN map_{name} ON map_{name}.v = o.{name}")
        value = f"CASE WHEN map_{name}.v IS NULL THEN r.{name} ELSE map_{name}.t END"
        if name in DEADLINES:  # a deadline given as a day runs to the day's end
            select[f"{name}_day"] = f"CASE WHEN map_{name}.v IS NULL THEN r.{name}_day ELSE map_{name}.day END"
            value = f"CASE WHEN map_{name}.day THEN map_{name}.t + INTERVAL 86399 SECOND ELSE ({value}) END"
        select[name] = value
    con.execute(f"CREATE TEMP VIEW cases_src AS SELECT {', '.join(f'{e} AS {n}' for n, e in select.items())} "
                f"FROM raw_rows r {' '.join(joins)}")
    if given_bad:
        bad.append(f"SELECT CAST(row AS BIGINT), CAST(field AS VARCHAR), CAST(raw AS VARCHAR) FROM {given_bad}")
    con.execute(f"CREATE TEMP TABLE bad AS SELECT * FROM ({' UNION ALL '.join(bad)}) ORDER BY field, row")
    duplicates(con)
    return int(con.execute("SELECT count(*) FROM raw_rows").fetchall()[0][0])


def duplicates(con: duckdb.DuckDBPyConnection) -> None:
    """Table ``dups`` (case_id, first_row): the ids on more than one row of ``cases_src``.

    The ids are first grouped by their 64-bit hash (cheap on many millions of rows); only the
    rows whose hash repeats are then grouped by the id itself."""
    con.execute("CREATE OR REPLACE TEMP TABLE dup_hashes AS SELECT hash(case_id) AS h FROM cases_src "
                "WHERE case_id IS NOT NULL GROUP BY h HAVING count(*) > 1")
    con.execute("CREATE OR REPLACE TEMP TABLE dups (case_id VARCHAR, first_row BIGINT)")
    if con.execute("SELECT count(*) FROM dup_hashes").fetchall()[0][0]:  # only then a second pass
        con.execute("INSERT INTO dups SELECT case_id, min(row) FROM cases_src WHERE case_id IS NOT NULL "
                    "AND hash(case_id) IN (SELECT h FROM dup_hashes) GROUP BY case_id HAVING count(*) > 1")


def _day(name: str, text: str) -> str:
    """SQL: a deadline cell read in SQL gave a day alone (a time in those forms always has a colon)."""
    if name not in DEADLINES:
        return "false"
    return f"(NOT contains({text}, ':') AND regexp_full_match({text}, {literal(DATE_ONLY_RE)}))"


def _map_text(con: duckdb.DuckDBPyConnection, name: str, values: list[str], fn: Callable[[str], str | None]) -> bool:
    """Table ``map_<name>`` (v → out): ``fn`` applied once to each distinct value of the column, kept
    where it changes the value; True when there is any."""
    changed = [(v, out) for v in values if v is not None and (out := fn(v)) != v]
    if not changed:
        return False
    con.register("mapped", pa.table({"v": pa.array([v for v, _ in changed], pa.string()),
                                     "out": pa.array([o for _, o in changed], pa.string())}))
    con.execute(f"CREATE TEMP TABLE map_{name} AS SELECT * FROM mapped")
    con.unregister("mapped")
    return True


def _map_times(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Table ``map_<name>``: the distinct odd values of a time column read by the spreadsheet reader's
    parser (time, day alone, unreadable); True when there is any."""
    values = [r[0] for r in con.execute(f"SELECT DISTINCT {name} FROM odd_cells WHERE {name} IS NOT NULL").fetchall()]
    if not values:
        return False
    series = pd.Series(values, dtype="str")
    parsed = parse_times(series)
    frame = pd.DataFrame({"v": series, "t": parsed, "day": date_only(series),
                          "unreadable": unreadable_times(series, parsed)})
    con.register("odd_times", frame)
    con.execute(f"CREATE TEMP TABLE map_{name} AS SELECT v, CAST(t AS TIMESTAMP) AS t, day, unreadable FROM odd_times")
    con.unregister("odd_times")
    return True


def _as_text(name: str, kind: str) -> str:
    """A column as text: whole numbers without ".0" (as the spreadsheet reader gives them)."""
    if kind in ("DOUBLE", "FLOAT") or kind.startswith("DECIMAL"):
        return (f"CASE WHEN {name} = floor({name}) THEN CAST(CAST({name} AS HUGEINT) AS VARCHAR) "
                f"ELSE CAST({name} AS VARCHAR) END")
    return name if kind == "VARCHAR" else f"CAST({name} AS VARCHAR)"


def _clean_or_none(value: str) -> str | None:
    return clean(value) or None


def _unit_or_none(value: str) -> str | None:
    return squash(clean(value)) or None




def literal(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"
