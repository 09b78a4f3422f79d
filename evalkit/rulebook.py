"""The catalogue of rules: every finding evalkit can report comes from one registered :class:`Rule`.

Layer 0: imports nothing from evalkit. A rule has a stable id (the key users filter and
suppress by), a short Chinese name (what reports show), the scope it applies to, its default
severity and one sentence saying what it checks. The checking code lives with its scope
(``selfeval.checks``, ``department.checks``, ``cases``); this module only names the rules, so a
finding can never carry an id nobody registered.
"""

from __future__ import annotations

from dataclasses import dataclass

SCOPES = ("input", "selfeval", "department", "crossdoc", "cases")


@dataclass(frozen=True)
class Rule:
    """One registered rule: ``id``, Chinese ``name``, ``scope``, default ``severity``, ``text``."""

    id: str
    name: str
    scope: str
    severity: str
    text: str


_E, _W, _I = "error", "warning", "info"
_RULES = (
    Rule("unreadable-value", "无法读取的数值", "input", _E, "单元格的内容无法解析为其位置要求的金额、比率或分数。"),
    # self-evaluation tables
    Rule("funds-total", "资金来源合计", "selfeval", _E, "年度资金总额应等于各资金来源之和（逐列）。"),
    Rule("funds-breakdown", "资金分项合计", "selfeval", _E, "按收入/支出性质分列的合计应等于全年预算数及其各项之和。"),
    Rule("execution-rate", "预算执行率", "selfeval", _E, "执行率应等于全年执行数/全年预算数（按报告精度）。"),
    Rule("execution-score", "执行率得分", "selfeval", _E, "预算执行得分应等于 min(执行率, 100%) × 分值。"),
    Rule("score-cap", "得分超过分值", "selfeval", _E, "任何得分不得超过其分值。"),
    Rule("indicator-score", "指标得分", "selfeval", _E, "定量指标得分应等于正向/反向计分公式的结果。"),
    Rule("qualitative-band", "定性指标档位", "selfeval", _W, "定性指标得分应落在完成情况对应的档位区间内。"),
    Rule("missing-reason", "缺少偏差原因", "selfeval", _W, "得分低于分值的指标应填写偏差原因分析及改进措施。"),
    Rule("score-without-actual", "无完成值却得分", "selfeval", _W, "未填实际完成值的指标不应给分。"),
    Rule("overachievement", "大幅超额完成", "selfeval", _W, "完成值达到指标值的130%及以上时，应说明目标是否偏低。"),
    Rule("unscorable", "无法按规则计分", "selfeval", _I, "指标值与完成值无法按公式比较，需人工判断。"),
    Rule("level1-weight", "一级指标分值", "selfeval", _E, "一级指标标注的分值应等于其下各指标分值之和。"),
    Rule("level1-note", "一级指标权重与表注不符", "selfeval", _W,
         "一级指标的分值应符合表下注明的权重（如“产出指标50分、效益指标30分、满意度指标10分、预算执行率10分”）。"),
    Rule("weights-total", "分值合计", "selfeval", _E, "各项分值之和应为满分（100分）并等于总分行的分值。"),
    Rule("total-score", "总分合计", "selfeval", _E, "总分应等于各项得分之和。"),
    Rule("total-rescored", "复算总分", "selfeval", _W, "按规则复算的总分与自评总分不一致。"),
    Rule("grade", "等级", "selfeval", _E, "等级应与总分所在区间一致（优≥90，良≥80，中≥60，差<60）。"),
    Rule("form-unfilled", "自评表未填写", "selfeval", _E, "自评表没有任何得分和完成值，无法复核，也不应据此计算总分和等级。"),
    Rule("total-exceeds-max", "总分超过上限", "selfeval", _E, "自评总分不得超过各项已填得分与未填项分值之和（所能得到的最高分）。"),
    Rule("over-execution", "超预算执行", "selfeval", _W, "全年执行数明显高于全年预算数，应核实预算调整或支出口径。"),
    # department tables
    Rule("project-rate", "项目执行率", "department", _E, "各项目执行率应等于全年执行/全年预算。"),
    Rule("total-row", "合计行", "department", _E, "合计行应等于各项目之和（逐列）。"),
    Rule("total-rate-recomputed", "合计执行率", "department", _W, "合计行金额有误时，按各项目之和复算合计执行率。"),
    Rule("grade-band", "等级区间", "department", _E, "项目等级应与其总分所在区间一致。"),
    Rule("average-score", "平均分", "department", _E, "平均分应等于所列项目总分的平均。"),
    Rule("score-range", "得分范围", "department", _E, "总分应在 0 与满分之间。"),
    Rule("over-budget", "超预算执行", "department", _W, "执行数超过预算数，应核实是否有预算调整。"),
    Rule("parts-total", "分项合计", "department", _E, "上级行应等于其各组成行之和；“其中”各项之和不得超过上级行。"),
    Rule("control-rate", "控制率", "department", _E, "在职人员控制率应等于实际在职人数/编制数。"),
    Rule("change-rate", "变动率", "department", _E, "增减率应等于(本年数−上年数)/上年数。"),
    Rule("change-amount", "变动额", "department", _E, "增减额应等于本年数−上年数。"),
    Rule("carryover", "结转额", "department", _E, "结转额应等于预算数−执行数。"),
    Rule("share-of-total", "占比", "department", _E, "占比应等于本行金额/总额。"),
    Rule("net-value", "净额", "department", _E, "净值应等于原值−累计折旧(摊销)。"),
    Rule("unknown-parent", "上级项目缺失", "department", _W, "明细表中所列上级项目不存在。"),
    # documents read together
    Rule("same-quantity", "同一数据前后不一", "crossdoc", _W, "同一数据在不同文件或表格中的数值应一致。"),
    # a report's prose against its tables
    Rule("prose-figure", "正文数字与表格不符", "crossdoc", _E,
         "报告正文所述的金额、比率、数量、得分或等级应与表格中的同一数据（可复算的按复算值）在正文的打印精度内一致。"),
    Rule("prose-rate", "正文比率无法复算", "crossdoc", _E,
         "报告正文所述的比率应等于同一段落所述分子与分母之比（如执行率＝执行数/预算数、解决率＝完成数/案件总数）。"),
    # case exports
    Rule("case-time", "时间无法解析", "cases", _E, "案件的时间单元格无法解析。"),
    Rule("case-duplicate", "案件编号重复", "cases", _E, "同一案件编号出现多次。"),
    Rule("case-deadline-before-report", "截止早于上报", "cases", _E, "处置截止时间早于上报时间。"),
    Rule("case-no-deadline", "缺少截止时间", "cases", _W, "案件没有处置截止时间，无法归入统计月份。"),
    Rule("case-no-unit", "无责任单位", "cases", _I, "案件没有责任单位，不计入单位排名。"),
    Rule("case-unknown-unit", "未知单位", "cases", _W, "责任单位不在单位分类表中。"),
    Rule("case-check-result", "核查结果异常", "cases", _W, "核查结果的措辞无法归类为通过或不通过。"),
    Rule("funnel-order", "环节数量顺序", "cases", _E, "后一环节的案件数不应多于前一环节。"),
    Rule("counts-rate", "报告比率", "cases", _E, "报告的比率应能由报告的数量复算。"),
    Rule("counts-uncheckable", "比率无法复核", "cases", _I, "报告的比率缺少复算所需的数量。"),
    Rule("assessment-missing", "考核分项缺失", "cases", _W, "单位综合考核缺少某一分项得分。"),
    Rule("assessment-cap", "正负面清单封顶", "cases", _W, "正负面清单加减分超过封顶值。"),
)
RULES: dict[str, Rule] = {r.id: r for r in _RULES}


def get_rule(rule_id: str) -> Rule:
    """The registered rule of an id; an unknown id is a programming error (KeyError naming it).

    >>> get_rule("execution-rate").name
    '预算执行率'
    """
    try:
        return RULES[rule_id]
    except KeyError:
        raise KeyError(f"unregistered rule id {rule_id!r}: add it to evalkit.rulebook") from None


def rule_name(rule_id: str) -> str:
    """The Chinese name of a rule (its id when it has none, e.g. a user's own rule).

    >>> rule_name("execution-rate"), rule_name("my-own-rule")
    ('预算执行率', 'my-own-rule')
    """
    rule = RULES.get(rule_id)
    return rule.name if rule else rule_id
