"""Case analytics: each case's month, status and points, and the monthly assessment of seed 001.

Rules (DOMAIN.md §3, seed 001), all vectorised:

- effective deadline = the extended deadline when there is one, else the deadline;
- statistical month = the calendar month of the effective deadline, half-open
  ``[day 1 00:00, next day 1 00:00)`` (a deadline of 04-01 00:00:00 is April's);
- completed = handled (a 处置完成/结案申请 time) and the check passed (核查结果; with no such
  column, a 结案时间 counts as passed); on time when handled at or before the effective deadline
  (``handled_at <= deadline``: finishing exactly at the deadline is on time), else late.
  Times are compared as recorded (calendar time); the deadline is the platform's own, which
  it usually computes in working time;
- not completed, with its reason: ``no_request`` (not handled, or no closure request),
  ``check_failed`` (核查未通过), ``check_pending`` (closure requested, no check result yet);
- points 1 / 0.55 / 0; 问题解决率 = 完成/总数, 及时解决率 = 及时完成/总数, 综合解决率 =
  55% × 解决率 + 45% × 及时解决率 (= average points).

Bad rows are never dropped silently; each becomes a finding naming its row and cell:

- ``case-time`` a time that cannot be read: in the deadline, extension or completion time the
  case is left out of the statistics (error); in another time the value is treated as blank;
- ``case-no-deadline`` no deadline: left out (error); ``case-duplicate`` a case id seen on an
  earlier row: the later row is left out (error);
- ``case-deadline-before-report`` deadline earlier than the report time: kept as recorded (warning);
- ``case-unknown-unit`` a unit missing from the units table: kept, class "", not ranked (warning);
- ``case-no-unit`` no responsible unit (e.g. never dispatched): counted in the totals, in no
  unit's row (info); ``case-check-result`` an unreadable check result: treated as not yet checked
  (warning).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import numpy as np
import pandas as pd

from ..errors import InputError
from ..findings import Finding, Findings, Severity
from ..io.cells import squash
from ..io.sidetable import find_columns, read_side_table
from ..io.vocabulary import built_in
from ..labels import LABELS
from ..rules.metrics import composite_rate, on_time_rate, resolution_rate
from ..rules.profile import RuleProfile, as_profile
from .reader import CaseTable, map_unique, read_cases, table_from_frame

STATS = ["total", "completed", "on_time", "late", "not_completed", "resolution_rate", "on_time_rate",
         "composite_rate"]
UNIT_CLASSES = ("A", "B")  # the classes units are ranked in (the 考核 groups)
REASONS = {"no_request": "未处理或未提交结案申请", "check_failed": "核查未通过", "check_pending": "已申请结案，尚未核查"}
ON_TIME_RULE = "按日历时间比较：处置完成（结案申请）时间 ≤ 有效截止时间（有延期的用延期截止时间）为及时"
_REQUIRED = {"case_id": "案件编号", "duty_unit": "责任单位", "deadline": "处置截止时间", "handled_at": "处置完成时间"}


def load_units(source: str | Path | pd.DataFrame | Mapping[str, str]) -> pd.DataFrame:
    """The units table: ``unit`` → ``unit_class`` (A or B), names normalised.

    Accepts a CSV/xlsx file with columns ``unit,class`` (or 单位/责任单位 and 类别/分类), a frame, or a dict.

    >>> load_units({"中方镇": "A", "县自来水公司": "b"}).to_dict("records")
    [{'unit': '中方镇', 'unit_class': 'A'}, {'unit': '县自来水公司', 'unit_class': 'B'}]
    """
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


def _finding(table: CaseTable, rows: pd.DataFrame, rule: str, severity: Severity, fieldname: str,
             expected: str, message: str) -> list[Finding]:
    """One finding per bad row; ``message`` is formatted with the row's ``row``, ``case_id``, ``value``."""
    return [Finding(rule, severity, table.file, table.sheet, table.cell(fieldname, int(r.row)),
                    str(r.case_id), r.value, expected,
                    message.format(row=int(r.row), case_id=r.case_id, value=r.value))
            for r in rows.itertuples(index=False)]


def _bad(frame: pd.DataFrame, mask: pd.Series, value: pd.Series | str) -> pd.DataFrame:
    out = frame.loc[mask, ["row", "case_id"]].copy()
    out["value"] = value[mask].astype("str") if isinstance(value, pd.Series) else value
    return out


def derive(table: CaseTable, units: pd.DataFrame | None = None,
           profile: str | RuleProfile = "national") -> tuple[pd.DataFrame, Findings]:
    """Per case: effective deadline, month, status, reason, points, class — and the bad-row findings.

    Parameters
    ----------
    table
        The export as read by :func:`~evalkit.cases.reader.read_cases`.
    units
        The units table of :func:`load_units`, or ``None`` (every unit unclassified).
    profile
        The rule profile whose ``cases.points`` give each status its share of a case's points.

    Returns
    -------
    tuple
        The case frame (the table's columns plus ``effective_deadline``, ``month``, ``is_on_time``,
        ``is_late``, ``status``, ``open_reason``, ``points``, ``unit_class``, ``excluded`` and
        ``excluded_reason``) and the findings of the bad-row rules in the module docstring.
    """
    f = table.frame.copy()
    prof = as_profile(profile)
    missing = [label for name, label in _REQUIRED.items() if name not in f]
    if "check_result" not in f and "closed_at" not in f:
        missing.append("核查结果 或 结案时间")
    if missing:
        found = list(table.headers.values()) + [c for c in table.frame.columns if c not in table.headers and c != "row"]
        raise InputError(f"案件表缺少必需字段 {'、'.join(missing)}（找到的表头：{'、'.join(found) or '无'}）",
                         file=table.file)
    if len(f):
        empty = [label for name, label in _REQUIRED.items()  # 处置完成时间 may all be blank: nothing done yet
                 if name != "handled_at" and f[name].isna().all() and not (table.bad_cells["field"] == name).any()]
        if empty:
            raise InputError(f"案件表的必需字段 {'、'.join(empty)} 整列为空（{len(f)} 行），无法计算",
                             file=None if table.file == "<frame>" else table.file)
    out = Findings()
    bad = table.bad_cells
    exclude_fields = ["deadline", "extended_deadline", "handled_at"]
    if "check_result" not in f:
        exclude_fields.append("closed_at")
    bad_rows = bad.merge(f[["row", "case_id"]], on="row").rename(columns={"raw": "value"})
    for name, group in bad_rows.groupby("field", sort=True):
        label = LABELS.get(str(name), str(name))
        fatal = name in exclude_fields
        rule_text = "该案件不计入统计" if fatal else "按空值处理"
        out.extend(_finding(table, group, "case-time", Severity.ERROR if fatal else Severity.WARNING, str(name),
                            "时间", f"第 {{row}} 行 案件 {{case_id}}：{label} “{{value}}” 无法解析为时间，{rule_text}。"))
    f["excluded_reason"] = ""
    unreadable = f["row"].isin(bad.loc[bad["field"].isin(exclude_fields), "row"])
    f.loc[unreadable, "excluded_reason"] = "时间无法解析"
    no_deadline = f["deadline"].isna() & ~unreadable
    f.loc[no_deadline, "excluded_reason"] = "无截止时间"
    out.extend(_finding(table, _bad(f, no_deadline, ""), "case-no-deadline", Severity.ERROR, "deadline", "截止时间",
                        "第 {row} 行 案件 {case_id}：没有处置截止时间，无法确定统计月份，该案件不计入统计。"))
    has_id = f["case_id"].notna()
    dup = has_id & f["case_id"].duplicated(keep="first")
    if dup.any():
        first = f[has_id & ~dup].set_index("case_id")["row"]
        f.loc[dup & (f["excluded_reason"] == ""), "excluded_reason"] = "案件编号重复"
        out.extend(_finding(table, _bad(f, dup, f["case_id"].map(first).astype("str")), "case-duplicate",
                            Severity.ERROR, "case_id", "唯一编号",
                            "第 {row} 行 案件编号 {case_id} 与第 {value} 行重复，按第一次出现计，本行不计入统计。"))
    f["excluded"] = f["excluded_reason"] != ""
    if "reported_at" in f:
        early = f["deadline"] < f["reported_at"]
        out.extend(_finding(table, _bad(f, early, f["deadline"]), "case-deadline-before-report", Severity.WARNING,
                            "deadline", "不早于上报时间",
                            "第 {row} 行 案件 {case_id}：处置截止时间 {value} 早于上报时间，按记录计入统计，请核实。"))

    if prof.date_only_deadline == "flag":
        for name in ("deadline", "extended_deadline"):
            if f"{name}_date_only" in f:
                day = f[f"{name}_date_only"].fillna(False).astype(bool) & ~f["excluded"]
                out.extend(_finding(table, _bad(f, day, f[name].dt.strftime("%Y-%m-%d")), "case-time", Severity.WARNING,
                                    name, "日期和时间", "第 {row} 行 案件 {case_id}：" + LABELS.get(name, name)
                                    + " 只有日期 {value}，按当日 23:59:59 计（评分规则要求核实）。"))
    f["effective_deadline"] = f["extended_deadline"].fillna(f["deadline"]) if "extended_deadline" in f \
        else f["deadline"]
    f["month"] = f["effective_deadline"].dt.to_period("M")
    if "check_result" in f:
        result = f["check_result"].fillna("").astype(str)
        words = built_in().section("check_result")  # a closed table: nothing counts as passed by default
        key = result.str.replace(r"\s+", "", regex=True)
        failed = key.isin(words["failed"])
        passed = key.isin(words["passed"])
        odd = (key != "") & ~passed & ~failed
        out.extend(_finding(table, _bad(f, odd & ~f["excluded"], result), "case-check-result", Severity.WARNING,
                            "check_result", "通过/不通过",
                            "第 {row} 行 案件 {case_id}：核查结果 “{value}” 不在核查结果词表中（evalkit/io/vocabulary.toml "
                            "[check_result]），按尚未核查处理，不计为通过。"))
    else:
        passed, failed = f["closed_at"].notna(), pd.Series(False, index=f.index)
    handled = f["handled_at"].notna()
    done = handled & passed
    f["is_on_time"] = done & (f["handled_at"] <= f["effective_deadline"])
    f["is_late"] = done & ~f["is_on_time"]
    f["status"] = np.select([f["is_on_time"], f["is_late"]], ["on_time", "late"], "not_completed")
    f["open_reason"] = np.select([done, ~handled, failed], ["", "no_request", "check_failed"], "check_pending")
    points = prof.case_points
    f["points"] = np.where(f["is_on_time"], points["on_time"],
                           np.where(f["is_late"], points["late"], points["not_completed"]))

    f["duty_unit"] = map_unique(f["duty_unit"], squash)
    no_unit = f["duty_unit"].isna() & ~f["excluded"]
    out.extend(_finding(table, _bad(f, no_unit, ""), "case-no-unit", Severity.INFO, "duty_unit", "责任单位",
                        "第 {row} 行 案件 {case_id}：没有责任单位（未派遣），计入总数，不计入任何单位。"))
    if units is not None:
        f["unit_class"] = f["duty_unit"].map(units.set_index("unit")["unit_class"]).fillna("")
        unknown = f["duty_unit"].notna() & (f["unit_class"] == "") & ~f["excluded"]
        out.extend(_finding(table, _bad(f, unknown, f["duty_unit"]), "case-unknown-unit", Severity.WARNING,
                            "duty_unit", "单位分类表中的单位",
                            "第 {row} 行 案件 {case_id}：责任单位 “{value}” 不在单位分类表中，计入统计，不参与排名。"))
    else:
        f["unit_class"] = ""
    return f.drop(columns=[c for c in f.columns if str(c).endswith("_date_only")]), out


def summarise(cases: pd.DataFrame, keys: list[str], resolution_weight: float = 0.55) -> pd.DataFrame:
    """Totals, completed, on time, late, not completed, the three rates and the reasons, per group.

    >>> df = pd.DataFrame({"month": ["2020-01"] * 3, "is_on_time": [True, False, False],
    ...                    "is_late": [False, True, False], "open_reason": ["", "", "check_failed"]})
    >>> summarise(df, ["month"])[["total", "completed", "composite_rate"]].round(4).to_dict("records")
    [{'total': 3, 'completed': 2, 'composite_rate': 0.5167}]
    """
    flags = cases[keys].copy() if keys else pd.DataFrame(index=cases.index)
    flags["total"] = 1
    flags["on_time"] = cases["is_on_time"].astype("int64")
    flags["late"] = cases["is_late"].astype("int64")
    for reason in REASONS:
        flags[reason] = (cases["open_reason"] == reason).astype("int64")
    if keys:
        out = flags.groupby(keys, observed=True, sort=True).sum().reset_index()
    else:
        out = flags.sum().to_frame().T.astype("int64")
    out["completed"] = out["on_time"] + out["late"]
    out["not_completed"] = out["total"] - out["completed"]
    out["resolution_rate"] = resolution_rate(out["completed"], out["total"])
    out["on_time_rate"] = on_time_rate(out["on_time"], out["total"])
    out["composite_rate"] = composite_rate(out["resolution_rate"], out["on_time_rate"],
                                           resolution_weight=resolution_weight)
    return out[keys + STATS + list(REASONS)]


def _ranked(frame: pd.DataFrame, period: str, rank_unclassified: bool) -> pd.DataFrame:
    """Rank units by 综合解决率 within (period, class); ties share the best rank."""
    score = frame["composite_rate"].round(12)
    rank = score.groupby([frame[period], frame["unit_class"]], observed=True).rank(method="min", ascending=False)
    rankable = frame["total"] > 0
    if not rank_unclassified:
        rankable &= frame["unit_class"] != ""
    frame["rank"] = rank.where(rankable).astype("Int64")
    return frame


@dataclass
class CaseStats:
    """The assessment of one case export: per case, per month, per unit × month, per class, per year.

    ``months``/``units``/``classes``/``years``/``unit_years`` are frames of :data:`STATS` plus the
    reasons of non-completion; ``units`` and ``unit_years`` carry ``rank`` within their class.
    """

    file: str
    cases: pd.DataFrame
    findings: Findings
    total: dict[str, float]
    months: pd.DataFrame
    units: pd.DataFrame
    classes: pd.DataFrame
    years: pd.DataFrame
    unit_years: pd.DataFrame
    clock: str = "calendar"
    rule: str = ON_TIME_RULE
    excluded: int = 0
    table: CaseTable | None = field(default=None, repr=False)

    def to_frame(self, by: str = "month") -> pd.DataFrame:
        """The statistics ``by`` month, unit (× month), class (× month), year or unit_year."""
        frames = {"month": self.months, "unit": self.units, "class": self.classes, "year": self.years,
                  "unit_year": self.unit_years}
        if by not in frames:
            raise ValueError(f"by must be one of {sorted(frames)}")
        return frames[by].copy()

    def to_dict(self) -> dict[str, Any]:
        """``{"total": S, "months": [S + month], "units": [S + unit, class, month, rank]}``, rates as fractions."""
        def records(frame: pd.DataFrame, extra: list[str]) -> list[dict[str, Any]]:
            cols = frame[extra + STATS].rename(columns={"duty_unit": "unit", "unit_class": "class"})
            return [{k: _plain(v) for k, v in row.items()} for row in cols.to_dict("records")]

        return {"total": {k: _plain(self.total[k]) for k in STATS},
                "months": records(self.months, ["month"]),
                "units": records(self.units, ["duty_unit", "unit_class", "month", "rank"])}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def summary(self) -> str:
        """One Chinese line: totals and the three rates of the whole export."""
        t = self.total
        return (f"案件 {t['total']} 件，完成 {t['completed']} 件（及时 {t['on_time']}，超时 {t['late']}），"
                f"未完成 {t['not_completed']} 件；问题解决率 {_pct(t['resolution_rate'])}，及时解决率 "
                f"{_pct(t['on_time_rate'])}，综合解决率 {_pct(t['composite_rate'])}；不计入统计 {self.excluded} 件")


def _plain(value: object) -> object:
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if value is pd.NA:
        return None
    return value


def _pct(x: float) -> str:
    return "—" if math.isnan(x) else f"{x:.2%}"


def assess_cases(source: str | Path | CaseTable | pd.DataFrame, *,
                 units: str | Path | pd.DataFrame | Mapping[str, str] | None = None,
                 columns: Mapping[str, str] | None = None, cache: bool | str | Path = False,
                 profile: str | RuleProfile = "national") -> CaseStats:
    """Read a case export (or take a read table or frame) and compute the monthly assessment.

    Parameters
    ----------
    source
        An export file (.xlsx/.xls/.csv), a :class:`~evalkit.cases.reader.CaseTable`, or a frame with
        export headers.
    units
        Units table (unit → class A/B). Without it every unit is ranked in one group.
    columns
        Explicit ``{header: canonical field}`` mapping, overriding the header guess.
    cache
        A folder for the Parquet cache of :func:`~evalkit.cases.reader.read_cases` (``False``: none).
    profile
        The rule profile: case points and the weights of the composite rate.

    Examples
    --------
    >>> df = pd.DataFrame({"案件编号": ["01", "02"], "责任单位": ["中方镇", "中方镇"],
    ...                    "处置截止时间": ["2020-03-31 18:00", "2020-03-31 18:00"],
    ...                    "处置完成时间": ["2020-03-31 18:00", "2020-04-01 09:00"], "核查结果": ["通过", "通过"]})
    >>> s = assess_cases(df)
    >>> s.total["on_time"], s.total["late"], round(s.total["composite_rate"], 3)
    (1, 1, 0.775)
    """
    if isinstance(source, pd.DataFrame):
        table = table_from_frame(source, columns=columns)
    elif isinstance(source, CaseTable):
        table = source
    else:
        table = read_cases(source, columns=columns, cache=cache)
    prof = as_profile(profile)
    unit_table = None if units is None else load_units(units)
    cases, findings = derive(table, unit_table, prof)
    kept = cases[~cases["excluded"]]
    w = prof.resolution_weight
    total = {k: v[0] for k, v in summarise(kept, [], w).to_dict("list").items()}
    months = summarise(kept, ["month"], w)
    with_unit = kept[kept["duty_unit"].notna()]
    units_frame = _ranked(summarise(with_unit, ["duty_unit", "unit_class", "month"], w), "month",
                          unit_table is None)
    classes = summarise(with_unit[with_unit["unit_class"] != ""], ["unit_class", "month"], w)
    years = summarise(kept.assign(year=kept["month"].dt.year), ["year"], w)
    unit_years = _ranked(summarise(with_unit.assign(year=with_unit["month"].dt.year),
                                   ["duty_unit", "unit_class", "year"], w), "year", unit_table is None)
    for frame in (months, units_frame, classes):
        frame["month"] = frame["month"].astype("str")
    units_frame = units_frame.sort_values(["month", "unit_class", "rank", "duty_unit"], na_position="last")
    return CaseStats(table.file, cases, findings, total, months, units_frame.reset_index(drop=True), classes,
                     years, unit_years.sort_values(["year", "unit_class", "rank", "duty_unit"], na_position="last")
                     .reset_index(drop=True), excluded=int(cases["excluded"].sum()), table=table)
