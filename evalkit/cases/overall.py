"""A unit's overall monthly score under seed 001's rules: 数字城管 60% + 现场抽检 20% + 专项督办 20%,
plus a positive/negative list (正负面清单) capped at ±5.

The 数字城管 component is the unit's 综合解决率 of the month × 100 (from :class:`~evalkit.cases.CaseStats`);
the other components come as a small table: unit, month, spot_check, supervision and optionally
adjustment (Chinese headers 单位/责任单位, 月份, 现场抽检, 专项督办, 正负面清单/加减分 work too). A unit
with no case in a month has no 数字城管 score that month and is neither scored nor ranked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from ..findings import Finding, Findings, Severity
from ..io.cells import column_letter, squash
from ..io.sidetable import find_columns, read_side_table
from ..rules.profile import RuleProfile, as_profile
from .assess import CaseStats

_HEADERS = {"unit": ("unit", "单位", "责任单位", "单位名称"), "month": ("month", "月份", "统计月份"),
            "spot_check": ("spot_check", "现场抽检", "现场抽检得分"), "supervision": ("supervision", "专项督办", "专项督办得分"),
            "adjustment": ("adjustment", "正负面清单", "加减分", "正负面清单加减分")}


def _components(source: str | Path | pd.DataFrame) -> tuple[pd.DataFrame, str]:
    raw, file = read_side_table(source, "考核分项表")
    cols = find_columns(raw, _HEADERS)
    missing = [k for k in ("unit", "month", "spot_check", "supervision") if cols[k] is None]
    if missing:
        raise InputError(f"考核分项表缺少列 {'、'.join(missing)}（找到：{'、'.join(map(str, raw.columns))}）", file=file)
    ym = raw[cols["month"]].astype("str").str.extract(r"(\d{4})\D+(\d{1,2})")
    frame = pd.DataFrame({
        "duty_unit": raw[cols["unit"]].map(squash),
        "month": ym[0] + "-" + ym[1].str.zfill(2),
        "spot_check": pd.to_numeric(raw[cols["spot_check"]], errors="coerce"),
        "supervision": pd.to_numeric(raw[cols["supervision"]], errors="coerce"),
        "adjustment": (pd.to_numeric(raw[cols["adjustment"]], errors="coerce").fillna(0.0)
                       if cols["adjustment"] else 0.0),
        "row": np.arange(2, len(raw) + 2),
    })
    letter = column_letter(list(raw.columns).index(cols["adjustment"])) if cols["adjustment"] else ""
    frame["adjustment_cell"] = letter + frame["row"].astype("str") if letter else ""
    return frame, file


@dataclass
class OverallScores:
    """Per unit × month: the four components, the overall score and the rank within the class."""

    frame: pd.DataFrame
    findings: Findings

    def to_frame(self) -> pd.DataFrame:
        return self.frame.copy()


def overall_scores(stats: CaseStats, components: str | Path | pd.DataFrame,
                   profile: str | RuleProfile = "national") -> OverallScores:
    """Combine the case assessment with the other components into the unit's monthly score.

    overall = 0.6 × 数字城管 + 0.2 × 现场抽检 + 0.2 × 专项督办 + clip(正负面清单, −5, +5)
    (the weights and the cap are the profile's ``assessment`` section).

    Examples
    --------
    >>> from evalkit.cases.assess import assess_cases
    >>> s = assess_cases(pd.DataFrame({"案件编号": ["1"], "责任单位": ["中方镇"], "处置截止时间": ["2020-01-10 18:00"],
    ...                                "处置完成时间": ["2020-01-10 09:00"], "核查结果": ["通过"]}), units={"中方镇": "A"})
    >>> o = overall_scores(s, pd.DataFrame({"单位": ["中方镇"], "月份": ["2020年1月"], "现场抽检": [90],
    ...                                     "专项督办": [80], "加减分": [7]}))
    >>> o.frame[["overall", "rank"]].values.tolist()
    [[99.0, 1]]
    """
    prof = as_profile(profile)
    weights, cap = prof.assessment_weights, prof.assessment_cap
    parts, file = _components(components)
    digital = stats.units[["duty_unit", "unit_class", "month", "composite_rate"]].copy()
    digital["digital_score"] = digital.pop("composite_rate") * 100
    frame = digital.merge(parts, on=["duty_unit", "month"], how="outer", sort=True)
    frame["unit_class"] = frame["unit_class"].fillna("")
    frame["adjustment_capped"] = frame["adjustment"].clip(-cap, cap)
    frame["overall"] = sum(w * frame[k] for k, w in weights.items()) + frame["adjustment_capped"].fillna(0.0)
    score = frame["overall"].round(9)
    frame["rank"] = (score.groupby([frame["month"], frame["unit_class"]]).rank(method="min", ascending=False)
                     .where(frame["digital_score"].notna()).astype("Int64"))
    findings = Findings()
    for r in frame[frame["adjustment"].abs() > cap].itertuples(index=False):
        findings.extend([Finding("assessment-cap", Severity.INFO, file, "", r.adjustment_cell, r.duty_unit,
                                 r.adjustment, r.adjustment_capped,
                                 f"{r.duty_unit} {r.month} 正负面清单 {r.adjustment:.10g} 分超过上限 ±{cap:.10g}，按 "
                                 f"{r.adjustment_capped:.10g} 分计。")])
    for r in frame[frame["digital_score"].notna() & frame["spot_check"].isna()].itertuples(index=False):
        findings.extend([Finding("assessment-missing", Severity.WARNING, file, "", "", r.duty_unit, None, None,
                                 f"{r.duty_unit} {r.month} 有案件，但考核分项表中没有它的现场抽检、专项督办分数。")])
    cols = ["month", "unit_class", "duty_unit", "digital_score", "spot_check", "supervision", "adjustment",
            "adjustment_capped", "overall", "rank"]
    frame = frame.sort_values(["month", "unit_class", "rank", "duty_unit"], na_position="last")
    return OverallScores(frame[cols].reset_index(drop=True), findings)
