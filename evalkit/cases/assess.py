"""Layer 3, cases: the monthly assessment of a case export (seed 001) — totals, months, units, classes, years, ranks.

The per-case rules and the bad-row findings are in :mod:`evalkit.cases.status`; this module groups
the kept cases once by unit × class × month in DuckDB and rolls months, totals, classes, years
and ranks up from that small table. 问题解决率 = 完成/总数, 及时解决率 = 及时完成/总数, 综合解决率 =
55% × 解决率 + 45% × 及时解决率 (the profile's weight; = average points). Units are ranked by
综合解决率 within their class and month (ties share the best rank).

The figures come back as plain rows; :class:`CaseStats` turns them into pandas frames when a
notebook asks, and reads the per-case frame (``cases``) and the full table (``table``) only then.
"""

from __future__ import annotations

import json
import math
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping

from ..errors import InputError
from ..findings import Findings
from ..io.cells import squash
from ..io.sidetable import find_columns, read_side_table
from ..io.vocabulary import built_in
from ..rules.profile import RuleProfile, as_profile
from .engine import Source, open_source
from .reader import read_cases
from .status import REASONS, derive

if TYPE_CHECKING:
    import pandas as pd

    from .reader import CaseTable

STATS = ["total", "completed", "on_time", "late", "not_completed", "resolution_rate", "on_time_rate",
         "composite_rate"]
UNIT_CLASSES = ("A", "B")  # the classes units are ranked in (the 考核 groups)
ON_TIME_RULE = "按日历时间比较：处置完成（结案申请）时间 ≤ 有效截止时间（有延期的用延期截止时间）为及时"
_COUNTS = ["total", "on_time", "late", *REASONS]
_INTS = {"total", "completed", "on_time", "late", "not_completed", "year", *REASONS}


def load_units(source: str | Path | pd.DataFrame | Mapping[str, str]) -> pd.DataFrame:
    """The units table: ``unit`` → ``unit_class`` (A or B), names normalised.

    Accepts a CSV/xlsx file with columns ``unit,class`` (or 单位/责任单位 and 类别/分类), a frame, or a dict.

    >>> load_units({"中方镇": "A", "县自来水公司": "b"}).to_dict("records")
    [{'unit': '中方镇', 'unit_class': 'A'}, {'unit': '县自来水公司', 'unit_class': 'B'}]
    """
    import pandas as pd

    if isinstance(source, Mapping):
        source = pd.DataFrame({"unit": list(source), "class": list(source.values())})
    frame, file = read_side_table(source, "单位分类表")
    cols = find_columns(frame, {"unit": ("unit", "单位", "责任单位", "单位名称"),
                                "class": ("class", "unit_class", "类别", "分类", "类型")})
    unit, cls = cols["unit"], cols["class"]
    if unit is None or cls is None:
        raise InputError(f"单位分类表需要 unit 和 class 两列（找到：{'、'.join(map(str, frame.columns))}）",
                         file=None if file == "<frame>" else file)
    out = pd.DataFrame({"unit": frame[unit].map(squash), "unit_class": frame[cls].map(squash).str.upper()})
    out = out[out["unit"] != ""]
    where = None if file == "<frame>" else file
    odd = out[~out["unit_class"].isin(UNIT_CLASSES)]
    if not odd.empty:
        first = odd.iloc[0]
        raise InputError(f"单位分类表第 {int(odd.index[0]) + 2} 行：单位 {first['unit']} 的类别 “{first['unit_class']}” "
                         f"不是 {'/'.join(UNIT_CLASSES)}（共 {len(odd)} 行类别有误）", file=where)
    classes = out.groupby("unit")["unit_class"].nunique()
    twice = classes[classes > 1]
    if not twice.empty:
        name = str(twice.index[0])
        listed = "、".join(out.loc[out["unit"] == name, "unit_class"])
        raise InputError(f"单位分类表中单位 {name} 出现多次且类别不同（{listed}），无法确定其类别", file=where)
    return out.drop_duplicates("unit").reset_index(drop=True)



class Rows:
    """A small result table as plain rows (no pandas needed), and as a frame on demand."""

    def __init__(self, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
        self.columns, self.rows = columns, rows

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, r)) for r in self.rows]

    def frame(self) -> pd.DataFrame:
        import pandas as pd

        frame = pd.DataFrame(self.rows, columns=pd.Index(self.columns, dtype=object))
        for col in self.columns:
            if col in _INTS:
                frame[col] = frame[col].astype("int64")
            elif col.endswith("_rate"):
                frame[col] = frame[col].astype("float64")
            elif col == "rank":
                frame[col] = frame[col].astype("Int64")
            else:
                frame[col] = frame[col].astype("str")
        return frame


def _rollup(src: Source, keys: list[str], where: str, weights: tuple[float, float], rank_by: str = "",
            rank_unclassified: bool = False) -> Rows:
    """Sum the unit × month counts over ``keys``; the three rates; the rank within (``rank_by``, class)."""
    sums = ", ".join(f"coalesce(sum({c}), 0)::BIGINT AS {c}" for c in _COUNTS)
    rank, order = "NULL AS rank", ", ".join(keys)
    if rank_by:
        rankable = "total > 0" + ("" if rank_unclassified else " AND unit_class <> ''")
        rank = (f"CASE WHEN {rankable} THEN rank() OVER (PARTITION BY {rank_by}, unit_class "
                f"ORDER BY round(composite_rate, 12) DESC) END AS rank")
        order = f"{rank_by}, unit_class, rank NULLS LAST, duty_unit"
    cur = src.con.execute(f"""
        WITH s AS (SELECT {', '.join(keys + [sums])} FROM unit_months WHERE {where}
                   {f"GROUP BY {', '.join(keys)}" if keys else ""}),
        r AS (SELECT *, on_time + late AS completed, total - on_time - late AS not_completed,
                     CASE WHEN total = 0 THEN 'NaN'::DOUBLE ELSE (on_time + late)::DOUBLE / total END AS resolution_rate,
                     CASE WHEN total = 0 THEN 'NaN'::DOUBLE ELSE on_time::DOUBLE / total END AS on_time_rate FROM s),
        c AS (SELECT *, ? * resolution_rate + ? * on_time_rate AS composite_rate FROM r)
        SELECT {', '.join(keys + STATS + list(REASONS))}, {rank} FROM c {f"ORDER BY {order}" if order else ""}""",
                          list(weights))
    columns = keys + STATS + list(REASONS) + (["rank"] if rank_by else [])
    return Rows(columns, [r if rank_by else r[:-1] for r in cur.fetchall()])


def _group(src: Source) -> int:
    """Table ``unit_months``: the kept cases counted once by unit × class × month; the number left out."""
    reasons = ", ".join(f"count_if(open_reason = '{r}') AS {r}" for r in REASONS)
    src.con.execute(f"""
        CREATE OR REPLACE TEMP TABLE grouped AS
        SELECT duty_unit, unit_class, month, excluded, count(*) AS total, count_if(is_on_time) AS on_time,
               count_if(is_late) AS late, {reasons}
        FROM cases GROUP BY ALL""")
    src.con.execute(f"""
        CREATE OR REPLACE TEMP TABLE unit_months AS
        SELECT duty_unit, unit_class, strftime(month, '%Y-%m') AS month, year(month)::BIGINT AS year,
               total, on_time, late, {', '.join(REASONS)}
        FROM grouped WHERE NOT excluded""")
    return int(src.query("SELECT coalesce(sum(total), 0) FROM grouped WHERE excluded")[0][0])


class _Frame:
    """A statistics table of :class:`CaseStats` as a pandas frame, built from its rows on first use."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, stats: CaseStats, owner: type | None = None) -> pd.DataFrame:
        frame = stats._tables[self.name].frame()
        stats.__dict__[self.name] = frame  # later reads find the frame itself
        return frame


class CaseStats:
    """The assessment of one case export: per month, per unit × month, per class, per year — and per case.

    ``months``/``units``/``classes``/``years``/``unit_years`` are frames of :data:`STATS` plus the
    reasons of non-completion; ``units`` and ``unit_years`` carry ``rank`` within their class.
    ``cases`` (one row per case: the export's columns plus ``effective_deadline``, ``month``,
    ``is_on_time``, ``is_late``, ``status``, ``open_reason``, ``points``, ``unit_class``,
    ``excluded`` and ``excluded_reason``) and ``table`` (the export as read) are built on first use.
    """

    clock = "calendar"
    rule = ON_TIME_RULE

    def __init__(self, src: Source, findings: Findings, tables: dict[str, Rows], excluded: int,
                 read_table: Callable[[], CaseTable]) -> None:
        self.file, self.findings, self.excluded = src.file, findings, excluded
        self._src, self._tables, self._read_table = src, tables, read_table
        self.total: dict[str, Any] = tables["total"].records()[0]
        self.from_cache = src.from_cache

    months = _Frame()
    units = _Frame()
    classes = _Frame()
    years = _Frame()
    unit_years = _Frame()

    @cached_property
    def table(self) -> CaseTable:
        """The export as the spreadsheet reader reads it (every column)."""
        return self._src.table if self._src.table is not None else self._read_table()

    @cached_property
    def cases(self) -> pd.DataFrame:
        """One row per case: the export's columns and what the rules made of it."""
        import pandas as pd

        derived = self._src.con.execute(
            "SELECT row, duty_unit, excluded_reason, excluded, effective_deadline, month, is_on_time, is_late, "
            "status, open_reason, points, unit_class FROM cases ORDER BY row").df()
        frame = self.table.frame
        frame = frame.drop(columns=[c for c in frame.columns if str(c).endswith("_date_only")])
        if len(frame) != len(derived) or not (frame["row"].to_numpy() == derived["row"].to_numpy()).all():
            raise InputError(f"案件表读取了两次，行数不一致（{len(frame)} 行与 {len(derived)} 行），文件可能在读取期间被修改",
                             file=self.file)
        derived.index = frame.index
        frame = frame.assign(duty_unit=derived["duty_unit"].astype("str").where(derived["duty_unit"].notna()))
        for col in derived.columns[2:]:
            frame[col] = derived[col]
        frame["effective_deadline"] = frame["effective_deadline"].astype("datetime64[s]")
        frame["month"] = pd.to_datetime(frame["month"]).dt.to_period("M")
        for col in ("excluded_reason", "status", "open_reason", "unit_class"):
            frame[col] = frame[col].astype("str")
        return frame

    def to_frame(self, by: str = "month") -> pd.DataFrame:
        """The statistics ``by`` month, unit (× month), class (× month), year or unit_year."""
        names = {"month": "months", "unit": "units", "class": "classes", "year": "years", "unit_year": "unit_years"}
        if by not in names:
            raise ValueError(f"by must be one of {sorted(names)}")
        return getattr(self, names[by]).copy()

    def to_dict(self) -> dict[str, Any]:
        """``{"total": S, "months": [S + month], "units": [S + unit, class, month, rank]}``, rates as fractions."""
        rename = {"duty_unit": "unit", "unit_class": "class"}

        def records(name: str, extra: list[str]) -> list[dict[str, Any]]:
            return [{rename.get(k, k): _plain(r[k]) for k in extra + STATS} for r in self._tables[name].records()]

        return {"total": {k: _plain(self.total[k]) for k in STATS},
                "months": records("months", ["month"]),
                "units": records("units", ["duty_unit", "unit_class", "month", "rank"])}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def summary(self) -> str:
        """One Chinese line: totals and the three rates of the whole export."""
        t = self.total
        return (f"案件 {t['total']} 件，完成 {t['completed']} 件（及时 {t['on_time']}，超时 {t['late']}），"
                f"未完成 {t['not_completed']} 件；问题解决率 {_pct(t['resolution_rate'])}，及时解决率 "
                f"{_pct(t['on_time_rate'])}，综合解决率 {_pct(t['composite_rate'])}；不计入统计 {self.excluded} 件")


def _plain(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _pct(x: float) -> str:
    return "—" if math.isnan(x) else f"{x:.2%}"


def assess_cases(source: str | Path | CaseTable | pd.DataFrame, *,
                 units: str | Path | pd.DataFrame | Mapping[str, str] | None = None,
                 columns: Mapping[str, str] | None = None, cache: bool | str | Path = False,
                 profile: str | RuleProfile = "national", sheet: str | int | None = None) -> CaseStats:
    """Read a case export (or take a read table or frame) and compute the monthly assessment.

    Parameters
    ----------
    source
        An export file (.xlsx/.xls/.csv), a folder of Parquet partitions or a .parquet file, a
        :class:`~evalkit.cases.reader.CaseTable`, or a frame with export headers.
    units
        Units table (unit → class A/B). Without it every unit is ranked in one group.
    columns
        Explicit ``{header: canonical field}`` mapping, overriding the header guess.
    cache
        A folder for the engine's Parquet cache (``False``: none).
    profile
        The rule profile: case points and the weights of the composite rate.
    sheet
        Worksheet name or index of a workbook (the first by default).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"案件编号": ["01", "02"], "责任单位": ["中方镇", "中方镇"],
    ...                    "处置截止时间": ["2020-03-31 18:00", "2020-03-31 18:00"],
    ...                    "处置完成时间": ["2020-03-31 18:00", "2020-04-01 09:00"], "核查结果": ["通过", "通过"]})
    >>> s = assess_cases(df)
    >>> s.total["on_time"], s.total["late"], round(s.total["composite_rate"], 3)
    (1, 1, 0.775)
    """
    prof = as_profile(profile)
    unit_table = None if units is None else load_units(units)
    src = open_source(source, sheet=sheet, columns=columns, cache=cache)
    pairs = None if unit_table is None else list(zip(unit_table["unit"], unit_table["unit_class"]))
    findings = derive(src, pairs, prof, built_in().section("check_result"))
    excluded = _group(src)
    w = prof.resolution_weight
    weights = (w, 1 - w)
    tables = {
        "total": _rollup(src, [], "true", weights),
        "months": _rollup(src, ["month"], "true", weights),
        "units": _rollup(src, ["duty_unit", "unit_class", "month"], "duty_unit IS NOT NULL", weights, "month",
                         unit_table is None),
        "classes": _rollup(src, ["unit_class", "month"], "duty_unit IS NOT NULL AND unit_class <> ''", weights),
        "years": _rollup(src, ["year"], "true", weights),
        "unit_years": _rollup(src, ["duty_unit", "unit_class", "year"], "duty_unit IS NOT NULL", weights, "year",
                              unit_table is None),
    }

    def read_table() -> CaseTable:
        return read_cases(Path(str(source)), sheet=sheet, columns=columns, cache=cache)

    return CaseStats(src, findings, tables, excluded, read_table)
