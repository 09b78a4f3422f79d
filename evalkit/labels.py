"""The single map from canonical column names to their Chinese display names (layer 0).

Rule ids and their Chinese names live in :mod:`evalkit.rulebook`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

LABELS: dict[str, str] = {
    # metadata
    "file": "文件",
    "sheet": "工作表",
    "cell": "单元格",
    "kind": "表类型",
    "subject": "对象",
    "project": "项目名称",
    "department": "主管部门",
    "unit": "实施单位",
    "year": "年度",
    # funds block
    "item": "资金项目",
    "label": "原表标签",
    "budget_initial": "年初预算数",
    "budget": "全年预算数",
    "executed": "全年执行数",
    "weight": "分值",
    "rate": "执行率",
    "rate_reported": "执行率(报)",
    "rate_expected": "执行率(算)",
    "score": "得分",
    "score_reported": "得分(报)",
    "score_expected": "得分(算)",
    "score_min": "得分下限",
    "score_max": "得分上限",
    # indicator block
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "三级指标",
    "target": "年度指标值",
    "actual": "实际完成值",
    "reason": "偏差原因分析及改进措施",
    "method": "计分方式",
    "achievement": "完成程度",
    # findings
    "rule": "规则",
    "severity": "严重程度",
    "reported": "报告值",
    "expected": "复算值",
    "message": "说明",
    "difference": "差额",
    "amount": "金额(万元)",
    "material": "重大",
    "rounding": "舍入差异",
    # department tables (evalkit.department)
    "seq": "序号",
    "grade": "等级",
    "line": "行",
    "entry": "项目",
    "level": "层级",
    "parent": "上级项目",
    "relation": "与上级关系",
    "measure": "数据列",
    "header": "原表列名",
    "value": "数值",
    "carryover": "年末结转",
    "previous": "上年数",
    "current": "本年数",
    "change": "增减额",
    "change_rate": "增减率",
    "original": "原值",
    "depreciation": "累计折旧(摊销)",
    "net": "净值",
    "share": "占比",
    "authorised": "编制数",
    "control_rate": "控制率",
    "reported_total": "合计(报)",
    "recomputed_total": "合计(算)",
    # case exports (evalkit.cases)
    "row": "行号",
    "case_id": "案件编号",
    "source": "问题来源",
    "case_type": "问题类型",
    "category": "大类",
    "subcategory": "小类",
    "duty_unit": "责任单位",
    "unit_class": "单位类别",
    "area": "所属区域",
    "reported_at": "上报时间",
    "accepted_at": "受理时间",
    "registered_at": "立案时间",
    "dispatched_at": "派遣时间",
    "deadline": "处置截止时间",
    "extended_deadline": "延期截止时间",
    "effective_deadline": "有效截止时间",
    "handled_at": "处置完成时间",
    "check_result": "核查结果",
    "closed_at": "结案时间",
    "state": "案件状态",
    "rework": "返工次数",
    "month": "统计月份",
    "status": "完成情况",
    "open_reason": "未完成原因",
    "points": "计分",
    "excluded": "不计入统计",
    "excluded_reason": "不计入原因",
    "is_on_time": "及时完成",
    "is_late": "超时完成",
    "total": "案件总数",
    "completed": "完成数",
    "on_time": "及时完成数",
    "late": "超时完成数",
    "not_completed": "未完成数",
    "resolution_rate": "问题解决率",
    "on_time_rate": "及时解决率",
    "composite_rate": "综合解决率",
    "no_request": "未处理或未申请结案",
    "check_failed": "核查未通过",
    "check_pending": "待核查",
    "rank": "排名",
    # case funnel and counts tables (evalkit.funnel)
    "stage": "环节",
    "count": "数量",
    "of_previous": "占上一环节",
    "of_reported": "占上报数",
    "indicator": "指标",
    "numerator": "分子",
    "numerator_name": "分子口径",
    "denominator": "分母",
    "denominator_name": "分母口径",
    "reported_rate": "报告比率",
    "recomputed_rate": "复算比率",
    "formula": "公式",
    "reproduced_by": "可复现的分母",
    "implied_denominator": "可复现的分母范围",
    # audit samples (evalkit.cases.sampling)
    "stratum": "分层",
    "population": "总体数",
    "drawn": "抽取数",
    "random_key": "随机数",
    # overall unit assessment (evalkit.cases.overall)
    "digital_score": "数字城管得分",
    "spot_check": "现场抽检得分",
    "supervision": "专项督办得分",
    "adjustment": "正负面清单加减分",
    "adjustment_capped": "加减分(封顶)",
    "overall": "综合得分",
    # totals
    "total_reported": "总分(报)",
    "total_expected": "总分(算)",
    "grade_reported": "等级(报)",
    "grade_expected": "等级(算)",
}


def display(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with its canonical column names replaced by Chinese display names.

    >>> import pandas as pd
    >>> display(pd.DataFrame({"budget": [1.0]})).columns.tolist()
    ['全年预算数']
    """
    return frame.rename(columns=lambda c: LABELS.get(c, c))
