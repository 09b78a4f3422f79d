"""Layer 3, cases: each case's month, status and points, and the bad-row findings — in SQL over the engine's table.

Rules (DOMAIN.md §3, seed 001):

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
- points 1 / 0.55 / 0 (the profile's ``cases.points``).

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

import re
from typing import TYPE_CHECKING, Any, Collection, Mapping

from ..errors import InputError
from ..findings import Finding, Findings, Severity
from ..labels import LABELS
from ..rules.profile import RuleProfile

if TYPE_CHECKING:
    from .engine import Source

REASONS = {"no_request": "未处理或未提交结案申请", "check_failed": "核查未通过", "check_pending": "已申请结案，尚未核查"}
_REQUIRED = {"case_id": "案件编号", "duty_unit": "责任单位", "deadline": "处置截止时间", "handled_at": "处置完成时间"}
_NO_ID = "（无编号）"


def _require(src: Source) -> None:
    """The fields the assessment cannot do without: present, and not all blank."""
    missing = [label for name, label in _REQUIRED.items() if not src.has(name)]
    if not src.has("check_result") and not src.has("closed_at"):
        missing.append("核查结果 或 结案时间")
    if missing:
        raise InputError(f"案件表缺少必需字段 {'、'.join(missing)}（找到的表头：{'、'.join(src.found) or '无'}）",
                         file=src.file)
    if not src.rows:
        return
    names = [name for name in _REQUIRED if name != "handled_at"]  # all blank: nothing done yet
    counts = src.query(f"SELECT {', '.join(f'count({n})' for n in names)} FROM cases_src")[0]
    bad = {r[0] for r in src.query("SELECT DISTINCT field FROM bad")}
    empty = [_REQUIRED[n] for n, count in zip(names, counts) if count == 0 and n not in bad]
    if empty:
        raise InputError(f"案件表的必需字段 {'、'.join(empty)} 整列为空（{src.rows} 行），无法计算",
                         file=None if src.file == "<frame>" else src.file)


def _in(values: list[str]) -> str:
    """A SQL list of text literals (``NULL`` alone when empty, which matches nothing)."""
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values) or "NULL"


def derive(src: Source, units: list[tuple[str, str]] | None, profile: RuleProfile,
           check_words: Mapping[str, Collection[str]]) -> Findings:
    """Create the view ``cases`` (one row per case with its month, status, points, class and
    ``excluded_reason``) and return the findings of the bad-row rules in the module docstring.

    ``units`` pairs each unit with its class (``None``: no units table); ``check_words`` sorts the
    核查结果 wordings into "passed" and "failed" (anything else is odd, never passed). Only the
    lookups that have something in them are joined."""
    _require(src)
    con = src.con
    exclude_fields = ["deadline", "extended_deadline", "handled_at"] + ([] if src.has("check_result") else ["closed_at"])
    fields = ", ".join(f"'{f}'" for f in exclude_fields)
    con.execute(f"CREATE OR REPLACE TEMP TABLE unreadable AS SELECT DISTINCT row FROM bad WHERE field IN ({fields})")
    joins, unreadable, first_row, unit_class = [], "false", "NULL::BIGINT", "''"
    if src.query("SELECT count(*) FROM unreadable")[0][0]:
        joins.append("LEFT JOIN unreadable x ON x.row = s.row")
        unreadable = "x.row IS NOT NULL"
    if src.query("SELECT count(*) FROM dups")[0][0]:
        joins.append("LEFT JOIN dups d ON d.case_id = s.case_id")
        first_row = "d.first_row"
    if units:
        con.execute("CREATE OR REPLACE TEMP TABLE units (unit VARCHAR, unit_class VARCHAR)")
        con.executemany("INSERT INTO units VALUES (?, ?)", [list(u) for u in units])
        joins.append("LEFT JOIN units u ON u.unit = s.duty_unit")
        unit_class = "coalesce(u.unit_class, '')"
    if src.has("check_result"):
        values = [r[0] for r in src.query("SELECT DISTINCT check_result FROM cases_src WHERE check_result IS NOT NULL")]
        keys = {v: re.sub(r"\s+", "", v) for v in values}
        passed = f"coalesce(s.check_result IN ({_in([v for v, k in keys.items() if k in check_words['passed']])}), false)"
        failed = f"coalesce(s.check_result IN ({_in([v for v, k in keys.items() if k in check_words['failed']])}), false)"
    else:
        passed, failed = "s.closed_at IS NOT NULL", "false"
    points = {k: f"{float(v)!r}::DOUBLE" for k, v in profile.case_points.items()}
    con.execute(f"""
        CREATE OR REPLACE TEMP VIEW cases AS
        SELECT *, CASE WHEN is_on_time THEN 'on_time' WHEN is_late THEN 'late' ELSE 'not_completed' END AS status,
               CASE WHEN done THEN '' WHEN handled_at IS NULL THEN 'no_request' WHEN failed THEN 'check_failed'
                    ELSE 'check_pending' END AS open_reason,
               CASE WHEN is_on_time THEN {points['on_time']} WHEN is_late THEN {points['late']}
                    ELSE {points['not_completed']} END AS points
        FROM (
          SELECT *, done AND coalesce(handled_at <= effective_deadline, false) AS is_on_time,
                 done AND NOT coalesce(handled_at <= effective_deadline, false) AS is_late,
                 excluded_reason <> '' AS excluded
          FROM (
            SELECT s.*, coalesce(s.extended_deadline, s.deadline) AS effective_deadline,
                   date_trunc('month', coalesce(s.extended_deadline, s.deadline))::DATE AS month,
                   s.handled_at IS NOT NULL AND {passed} AS done, {failed} AS failed,
                   s.check_result IS NOT NULL AND NOT {passed} AND NOT {failed} AS odd_check,
                   {first_row} AS first_row, {unit_class} AS unit_class,
                   CASE WHEN {unreadable} THEN '时间无法解析' WHEN s.deadline IS NULL THEN '无截止时间'
                        WHEN {first_row} < s.row THEN '案件编号重复' ELSE '' END AS excluded_reason
            FROM cases_src s {' '.join(joins)}))
    """)
    return _findings(src, exclude_fields, units is not None, profile)


def _findings(src: Source, exclude_fields: list[str], has_units: bool, profile: RuleProfile) -> Findings:
    """The bad-row findings, from one pass over the cases (the unreadable times from ``bad``)."""
    out = Findings()
    rules: list[tuple[str, Severity, str, str, str, str, str]] = [  # rule, severity, field, expected, text, where, value
        ("case-no-deadline", Severity.ERROR, "deadline", "截止时间",
         "第 {row} 行 案件 {case_id}：没有处置截止时间，无法确定统计月份，该案件不计入统计。",
         "excluded_reason = '无截止时间'", "''"),
        ("case-duplicate", Severity.ERROR, "case_id", "唯一编号",
         "第 {row} 行 案件编号 {case_id} 与第 {value} 行重复，按第一次出现计，本行不计入统计。",
         "first_row < row", "CAST(first_row AS VARCHAR)")]
    if src.has("reported_at"):
        rules.append(("case-deadline-before-report", Severity.WARNING, "deadline", "不早于上报时间",
                      "第 {row} 行 案件 {case_id}：处置截止时间 {value} 早于上报时间，按记录计入统计，请核实。",
                      "deadline < reported_at", "strftime(deadline, '%Y-%m-%d %H:%M:%S')"))
    if profile.date_only_deadline == "flag":
        rules += [("case-time", Severity.WARNING, name, "日期和时间", "第 {row} 行 案件 {case_id}："
                   + LABELS.get(name, name) + " 只有日期 {value}，按当日 23:59:59 计（评分规则要求核实）。",
                   f"{name}_day AND NOT excluded", f"strftime({name}, '%Y-%m-%d')")
                  for name in ("deadline", "extended_deadline")]
    if src.has("check_result"):
        rules.append(("case-check-result", Severity.WARNING, "check_result", "通过/不通过",
                      "第 {row} 行 案件 {case_id}：核查结果 “{value}” 不在核查结果词表中（evalkit/io/vocabulary.toml "
                      "[check_result]），按尚未核查处理，不计为通过。", "odd_check AND NOT excluded", "check_result"))
    rules.append(("case-no-unit", Severity.INFO, "duty_unit", "责任单位",
                  "第 {row} 行 案件 {case_id}：没有责任单位（未派遣），计入总数，不计入任何单位。",
                  "duty_unit IS NULL AND NOT excluded", "''"))
    if has_units:
        rules.append(("case-unknown-unit", Severity.WARNING, "duty_unit", "单位分类表中的单位",
                      "第 {row} 行 案件 {case_id}：责任单位 “{value}” 不在单位分类表中，计入统计，不参与排名。",
                      "duty_unit IS NOT NULL AND unit_class = '' AND NOT excluded", "duty_unit"))

    def add(rule: str, severity: Severity, name: str, expected: str, text: str,
            rows: list[tuple[Any, Any, Any]]) -> None:
        out.extend([Finding(rule, severity, src.file, src.sheet, src.cell(name, int(row)), case_id or "",
                            value, expected, text.format(row=int(row), case_id=case_id or _NO_ID, value=value))
                    for row, case_id, value in rows])

    for name in [r[0] for r in src.query("SELECT DISTINCT field FROM bad ORDER BY field")]:
        fatal = name in exclude_fields
        add("case-time", Severity.ERROR if fatal else Severity.WARNING, name, "时间",
            f"第 {{row}} 行 案件 {{case_id}}：{LABELS.get(name, name)} “{{value}}” 无法解析为时间，"
            f"{'该案件不计入统计' if fatal else '按空值处理'}。",
            src.query("SELECT b.row, s.case_id, b.raw FROM bad b JOIN cases_src s ON s.row = b.row "
                      "WHERE b.field = ? ORDER BY b.row", [name]))
    flags = ", ".join(f"({r[5]}) AS f{i}, CASE WHEN {r[5]} THEN {r[6]} END AS v{i}" for i, r in enumerate(rules))
    found = src.query(f"SELECT row, case_id, {flags} FROM cases WHERE {' OR '.join(f'({r[5]})' for r in rules)} "
                      "ORDER BY row")
    for i, (rule, severity, name, expected, text, _, _) in enumerate(rules):
        add(rule, severity, name, expected, text, [(r[0], r[1], r[3 + 2 * i]) for r in found if r[2 + 2 * i]])
    return out
