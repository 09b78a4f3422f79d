"""Layer 3, cases: the written forms of times in case exports — shared by the SQL parser of
:mod:`evalkit.cases.engine` and the pandas parser of :mod:`evalkit.cases.times` (no imports, so the
engine loads without pandas)."""

#: Forms DuckDB parses itself (``try_strptime``); a value it reads this way is read the same by
#: :func:`evalkit.cases.times.parse_times`. Every other value goes to that parser.
SQL_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d", "%Y/%m/%d"]
#: Text times in the common written forms (2020/3/5 14:22, 2020年3月5日 14时22分) are rewritten to
#: "2020-3-5 14:22" and tried against :data:`TIME_FORMATS` (pandas' strptime accepts unpadded fields).
TIME_SUBS = ((r"[年月/]", "-"), (r"日", " "), (r"[时点]", ":"), (r"分(?=\d)", ":"), (r"[分秒]", ""),
             (r"\s+", " "), (r"^\s|\s$", ""))
TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S.%f", "%Y%m%d",
                "%Y%m%d %H:%M:%S", "%Y%m%d %H:%M", "%Y%m%d%H%M%S")
#: An Excel serial number written as text ("43891.5").
SERIAL_RE = r"^\d{5}(?:\.\d+)?$"
#: A time written with its UTC offset ("2020-03-02T17:00+08:00", "…Z"): converted to Beijing time.
OFFSET_RE = r"\d[T ]?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[+-]\d{2}:?\d{2}|Z)$"
#: A day without a time ("2020-03-02", "2020年3月2日", "20200302"): as a deadline it runs to the day's end.
DATE_ONLY_RE = r"^\s*(?:\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|\d{8})\s*$"
