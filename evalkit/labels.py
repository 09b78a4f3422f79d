"""The single map from canonical column names to their Chinese display names."""

from __future__ import annotations

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
    # totals
    "total_reported": "总分(报)",
    "total_expected": "总分(算)",
    "grade_reported": "等级(报)",
    "grade_expected": "等级(算)",
}


def display(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with its canonical column names replaced by Chinese display names.

    >>> display(pd.DataFrame({"budget": [1.0]})).columns.tolist()
    ['全年预算数']
    """
    return frame.rename(columns=lambda c: LABELS.get(c, c))
