"""Layer 3, self-evaluation tables: the spot-check rules, each a small named function yielding findings.

Adding a rule is registering it in :mod:`evalkit.rulebook` and adding one function decorated
with :func:`rule` (and its test); :func:`rule` refuses an id the rulebook does not know. Every rule
sees the table and its re-scored form; all rules run (lazy), none stops the others. The funds
rules live in :mod:`.fundchecks`, the registry in :mod:`.registry`; every finding then passes
:func:`evalkit.rules.tolerance.settle` (rounding differences, amount at stake, materiality).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..findings import Finding, Findings, Severity
from ..io.cells import agrees, decimals
from ..rules.formulas import grade, normalise_grade, totals_agree
from ..rules.numbers import money, percent, points
from ..rules.profile import RuleProfile, as_profile
from ..rules.tolerance import settle_all
from . import fundchecks  # noqa: F401  (registers the funds rules first: they come first in a report)
from .form import NOTE_WEIGHT
from .registry import CHECKS, _finding, _nan, _printed_disagrees, rule
from .rescore import Rescored, rescore

if TYPE_CHECKING:
    from .form import SelfEvaluation

__all__ = ["CHECKS", "check_self_evaluation", "rule"]


@rule("score-cap")
def score_cap(table: SelfEvaluation, r: Rescored) -> Iterator[Finding]:
    """No score may exceed its 分值."""
    for row in r.rows:
        if not _nan(row.score) and not _nan(row.weight) and row.score > row.weight + 1e-9:
            yield _finding(table, "score-cap", Severity.ERROR, row.score_cell, row.name, row.score, row.weight,
                           f"指标“{row.name}”得分 {points(row.score)} 超过其分值 {row.weight:.10g}。", "score")
    e = r.execution
    if not _nan(e.score_reported) and e.score_reported > e.weight + 1e-9:
        yield _finding(table, "score-cap", Severity.ERROR, e.score_cell, table.subject, e.score_reported,
                       e.weight, f"预算执行得分 {points(e.score_reported)} 超过其分值 {e.weight:.10g}。", "score")


@rule("indicator-score")
def indicator_score(table: SelfEvaluation, r: Rescored) -> Iterator[Finding]:
    """A quantitative indicator's score must be what its formula gives; inferred methods warn."""
    for row in r.rows:
        if row.method_id not in ("positive", "reverse", "completion") or _nan(row.score):
            continue
        if agrees(row.score, row.score_expected, int(row.score_ndigits)) or row.score > row.weight + 1e-9:
            continue
        severity = Severity.WARNING if row.inferred else Severity.ERROR
        yield _finding(table, "indicator-score", severity, row.score_cell, row.name, row.score, row.score_expected,
                       f"指标“{row.name}”（{row.target} → {row.actual}）得分报 {points(row.score)}，{row.note}应为 "
                       f"{points(row.score_expected)}。", "score", int(row.score_ndigits))


@rule("qualitative-band")
def qualitative_band(table: SelfEvaluation, r: Rescored) -> Iterator[Finding]:
    """A qualitative score outside the band its completion text implies is a judgement call."""
    for row in r.rows:
        if row.method_id != "qualitative" or not row.band or _nan(row.score):
            continue
        if row.score < row.score_min - 1e-9 or row.score > row.score_max + 1e-9:
            yield _finding(table, "qualitative-band", Severity.WARNING, row.score_cell, row.name, row.score,
                           f"{row.score_min:.10g}–{row.score_max:.10g}",
                           f"定性指标“{row.name}”完成情况“{row.actual}”对应{row.note}，得分 {points(row.score)} 在区间外。",
                           "score")


@rule("missing-reason")
def missing_reason(table: SelfEvaluation, r: Rescored) -> Iterator[Finding]:
    """A score below its 分值 needs a 偏差原因 explanation (template note 4)."""
    for row in r.rows:
        if not _nan(row.score) and not _nan(row.weight) and row.score < row.weight - 1e-9 and not row.reason:
            yield _finding(table, "missing-reason", Severity.WARNING, row.reason_cell or row.score_cell, row.name,
                           row.score, row.weight, f"指标“{row.name}”得分 {points(row.score)} 低于分值 {row.weight:.10g}，"
                           "但未填写偏差原因分析及改进措施。", "score")


@rule("score-without-actual")
def score_without_actual(table: SelfEvaluation, r: Rescored) -> Iterator[Finding]:
    """A score given while 实际完成值 is empty cannot be verified."""
    for row in r.rows:
        if not row.actual and not _nan(row.score) and row.score > 0:
            yield _finding(table, "score-without-actual", Severity.WARNING, row.actual_cell, row.name, row.score, None,
                           f"指标“{row.name}”未填实际完成值，却给出得分 {points(row.score)}，无法核实。", "score")


@rule("overachievement")
def overachievement(table: SelfEvaluation, r: Rescored) -> Iterator[Finding]:
    """Actual far above target (≥ the profile's line, 130%) calls for an explanation; never cut."""
    line = r.profile.overachievement
    for row in r.rows:
        if row.method_id == "positive" and not _nan(row.achievement) and row.achievement >= line:
            severity = Severity.INFO if row.reason else Severity.WARNING
            yield _finding(table, "overachievement", severity, row.actual_cell, row.name, row.actual, row.target,
                           f"指标“{row.name}”完成值为指标值的 {row.achievement:.0%}（≥{line:.0%}），"
                           "目标可能设定偏低，应在偏差原因中说明。")


@rule("unscorable")
def unscorable(table: SelfEvaluation, r: Rescored) -> Iterator[Finding]:
    """An indicator whose target and actual cannot be compared is noted for a human look (a table
    printing its 分值 only in the 一级 labels has none per row: that is no news about each row)."""
    no_weights = table.indicators["weight"].isna().all()
    for row in r.rows:
        if row.method_id == "unscorable" and not (no_weights and _nan(row.weight)):
            yield _finding(table, "unscorable", Severity.INFO, row.target_cell, row.name, row.target, row.actual,
                           f"指标“{row.name}”无法按公式复算：{row.note}。")


@rule("level1-weight")
def level1_weight(table: SelfEvaluation, r: Rescored) -> Iterator[Finding]:
    """A 一级 label's "(N分)" must equal the sum of its rows' 分值."""
    ind = table.indicators
    for name, group in ind.groupby("level1", sort=False):
        declared = group["level1_weight"].iloc[0]
        actual = group["weight"].sum(min_count=1)
        if not _nan(declared) and not _nan(actual) and not agrees(declared, float(actual), 2):
            yield _finding(table, "level1-weight", Severity.ERROR, group["level1_cell"].iloc[0], name, declared,
                           float(actual), f"一级指标“{name}”标注 {declared:.10g} 分，其下各指标分值之和为 {actual:.10g} 分。",
                           "score", 2)


@rule("score-cap")
def block_score_cap(table: SelfEvaluation, r: Rescored) -> Iterator[Finding]:
    """Where the 分值 are printed only in the 一级 labels, a block's scores may not add up to more."""
    ind = table.indicators
    if ind["weight"].notna().any():
        return
    by = "level1" if ind["level1_weight"].notna().any() else "block"  # 一级 labels, or a block label left of them
    for name, group in ind.groupby(by, sort=False):
        declared, scored = group[f"{by}_weight"].iloc[0], group["score"].sum(min_count=1)
        if not _nan(declared) and not _nan(scored) and scored > declared + 1e-9:
            yield _finding(table, "score-cap", Severity.ERROR, group[f"{by}_cell"].iloc[0], name, float(scored),
                           declared, f"一级指标“{name}”各项得分之和 {points(scored)} 超过其标注的 {declared:.10g} 分。",
                           "score")


@rule("level1-note")
def level1_note(table: SelfEvaluation, r: Rescored) -> Iterator[Finding]:
    """The 一级 weights against the weights the table's own note prints (a template instruction
    the unit left under its table): each block named in the note, and the execution points."""
    note = table.meta.get("weight_note")
    if not note:
        return
    ind = table.indicators
    for word, value in NOTE_WEIGHT.findall(note):
        wanted = float(value)
        if word == "预算执行":  # its points sit on the funds line, or nowhere: the note's cell is shown
            actual, name, cell = r.execution.weight, "预算执行率", table.meta["weight_note_cell"]
        else:
            block = ind[ind["level1"].str.contains(word)]
            if block.empty:
                continue
            name, cell = str(block["level1"].iloc[0]), str(block["level1_cell"].iloc[0])
            actual = block["level1_weight"].iloc[0]
            if _nan(actual):
                actual = block["weight"].sum(min_count=1)
        if not _nan(actual) and not agrees(float(actual), wanted, 2):
            yield _finding(table, "level1-note", Severity.WARNING, cell, name, float(actual), wanted,
                           f"一级指标“{name}”分值 {float(actual):.10g} 分，表下注明应为 {wanted:.10g} 分"
                           f"（{table.meta['weight_note_cell']}）。", "score")


@rule("weights-total")
def weights_total(table: SelfEvaluation, r: Rescored) -> Iterator[Finding]:
    """All 分值 (execution + indicators) must add up to 100 and to the printed total."""
    ind = table.indicators
    if ind["weight"].notna().any():
        total = r.execution.weight + float(ind["weight"].sum())
    elif ind["level1_weight"].notna().any():  # the weights are printed only in the 一级 labels ("产出指标(50分)")
        total = r.execution.weight + float(ind.groupby("level1", sort=False)["level1_weight"].first().sum())
    else:  # or only in a block label left of them ("年度绩效目标1 (80分)")
        total = r.execution.weight + float(ind.groupby("block", sort=False)["block_weight"].first().sum())
    target = r.profile.total_weight
    if not agrees(total, target, 2):
        yield _finding(table, "weights-total", Severity.ERROR, str(table.total.weight_cell), table.subject,
                       total, target, f"各项分值合计 {total:.10g} 分，应为 {target:.10g} 分。", "score", 2)
    printed = table.total.weight
    if not _nan(printed) and not agrees(printed, total, 2):
        yield _finding(table, "weights-total", Severity.ERROR, table.total.weight_cell, table.subject, printed,
                       total, f"总分行分值 {printed:.10g} 与各项分值之和 {total:.10g} 不一致。", "score", 2)


@rule("total-score")
def total_score(table: SelfEvaluation, r: Rescored) -> Iterator[Finding]:
    """The printed 总分 must equal the sum of the printed scores."""
    printed = table.total.score
    if _nan(printed):
        if _nan(table.total.header_score):  # a total printed only in the header is checked below
            yield _finding(table, "total-score", Severity.WARNING, str(table.total.score_cell), table.subject,
                           None, None, "未找到总分得分。")
        return
    if r.unreadable:
        yield _finding(table, "total-score", Severity.WARNING, table.total.score_cell, table.subject, printed, None,
                       f"总分无法复算：所依据的单元格 {'、'.join(r.unreadable)} 无法读取（不按 0 计）。")
        return
    parts = [r.execution.score_reported, *table.indicators["score"].tolist()]
    summed = float(sum(0.0 if _nan(p) else p for p in parts))
    nd = max(table.total.score_ndigits, 2)
    if _printed_disagrees(printed, summed, nd):
        yield _finding(table, "total-score", Severity.ERROR, table.total.score_cell, table.subject, printed,
                       summed, f"总分报 {points(printed)}，各项得分之和为 {points(summed)}。", "score", nd)


@rule("total-score")
def header_total(table: SelfEvaluation, r: Rescored) -> Iterator[Finding]:
    """A total printed in the header lines ("自评得分 98") must be the 总分 row's (or, without one,
    the sum of the printed scores)."""
    printed = table.total.header_score
    if _nan(printed):
        return
    if not _nan(table.total.score):
        other, what = table.total.score, f"总分行得分（{table.total.score_cell}）"
    else:
        parts = [r.execution.score_reported, *table.indicators["score"].tolist()]
        other, what = float(sum(0.0 if _nan(p) else p for p in parts)), "各项得分之和"
    nd = max(decimals(printed), 2)
    if _printed_disagrees(printed, other, nd):
        yield _finding(table, "total-score", Severity.ERROR, table.total.header_score_cell, table.subject, printed,
                       other, f"表头自评得分 {points(printed)} 与{what} {points(other)} 不一致。", "score", nd)


@rule("total-rescored")
def total_rescored(table: SelfEvaluation, r: Rescored) -> Iterator[Finding]:
    """The total the rules give differs from the printed total (a consequence of the findings above)."""
    printed = table.total.score
    if not _nan(printed) and not totals_agree(printed, r.total_expected):
        yield _finding(table, "total-rescored", Severity.WARNING, table.total.score_cell, table.subject, printed,
                       round(r.total_expected, 2), f"按规则复算总分为 {points(r.total_expected)}，自评总分 "
                       f"{points(printed)}；等级应为“{r.grade_expected}”。", "score", 2)


@rule("grade")
def grade_band(table: SelfEvaluation, r: Rescored) -> Iterator[Finding]:
    """A printed grade must be the one its printed total earns (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差)."""
    printed, total = table.total.grade, table.total.score
    if not printed or _nan(total):
        return
    expected = grade(total, r.profile)
    name = normalise_grade(printed)
    if name is None:
        yield _finding(table, "grade", Severity.WARNING, table.total.grade_cell, table.subject, printed, expected,
                       f"无法识别等级“{printed}”（应为 优/良/中/差 或 优秀/良好/中等/较差）。")
    elif name != expected:
        yield _finding(table, "grade", Severity.ERROR, table.total.grade_cell, table.subject, printed, expected,
                       f"总分 {points(total)} 对应等级“{expected}”，表中写“{printed}”。")


@rule("total-exceeds-max")
def total_exceeds_max(table: SelfEvaluation, r: Rescored) -> Iterator[Finding]:
    """With some scores left blank, the printed 总分 may not exceed the scores given plus the 分值
    of the blank ones — the most the table allows (when every score is given, total-score decides)."""
    printed = table.total.score
    parts = [(r.execution.score_reported, r.execution.weight),
             *zip(table.indicators["score"].tolist(), table.indicators["weight"].tolist())]
    if _nan(printed) or not any(_nan(score) for score, _ in parts):
        return
    most = float(sum(weight if _nan(score) else score for score, weight in parts if not _nan(weight) or not _nan(score)))
    if printed > most + 0.005:
        yield _finding(table, "total-exceeds-max", Severity.ERROR, table.total.score_cell, table.subject, printed,
                       round(most, 6), f"总分报 {points(printed)}，但已填得分加未填项的分值最多为 {points(most)}。", "score")


@rule("over-execution")
def over_execution(table: SelfEvaluation, r: Rescored) -> Iterator[Finding]:
    """全年执行数 well above 全年预算数 (beyond the profile's ``execution.overrun``) needs explaining."""
    e, line = r.execution, r.profile.execution_overrun
    if not (_nan(e.executed) or _nan(e.budget)) and e.budget > 0 and e.executed > e.budget * line + 1e-9:
        yield _finding(table, "over-execution", Severity.WARNING, e.executed_cell, table.subject, e.executed, e.budget,
                       f"全年执行数 {money(e.executed)} 万元为全年预算数 {money(e.budget)} 万元的 "
                       f"{percent(e.executed / e.budget)}（超过 {line:.0%}），应核实预算调整或支出口径。", "amount")


def check_self_evaluation(table: SelfEvaluation, profile: str | RuleProfile = "national") -> Findings:
    """Run every registered rule on one table; unreadable cells come first. A table nobody filled
    in gets one ``form-unfilled`` finding instead of a recomputed total of nothing."""
    found = Findings(list(table.problems))
    if table.unfilled:
        cell = table.total.score_cell or (table.layout[-1].cell if table.layout else "")
        found.extend([_finding(table, "form-unfilled", Severity.ERROR, cell,
                               table.subject, None, None, f"自评表“{table.subject}”的 {len(table.indicators)} 个指标均未"
                               "填写完成值和得分，总分也为空：表未填写，无法复核（不据此计算总分和等级）。")])
        return found
    prof = as_profile(profile)
    rescored = rescore(table, prof)
    for checks in CHECKS.values():
        for fn in checks:
            found.extend(settle_all(fn(table, rescored), prof))
    return found
