"""Fixtures of the case tests: a small export whose every case was worked out by hand."""

import pandas as pd
import pytest


@pytest.fixture
def edge_frame() -> pd.DataFrame:
    """Nine cases covering extensions, deadlines at the second, failed and missing checks."""
    rows = [
        # id, unit, reported, deadline, extended, handled, check
        ("001", "甲单位", "2020-03-29 09:00", "2020-03-30 18:00", "2020-04-02 18:00", "2020-04-01 10:00", "通过"),
        ("002", "甲单位", "2020-03-30 09:00", "2020-03-31 18:00", "", "2020-03-31 18:00", "通过"),
        ("003", "甲单位", "2020-03-30 09:00", "2020-03-31 18:00", "", "2020-03-31 18:00:01", "通过"),
        ("004", "乙单位", "2020-03-01 09:00", "2020-03-05 18:00", "", "2020-03-05 10:00", "不通过"),
        ("005", "乙单位", "2020-03-01 09:00", "2020-03-05 18:00", "", "2020-03-05 10:00", ""),
        ("006", "乙单位", "2020-03-01 09:00", "2020-03-05 18:00", "", "", ""),
        ("007", "乙单位", "2020-03-30 09:00", "2020-03-31 23:59:59", "", "2020-03-31 12:00", "通过"),
        ("008", "丙单位", "2020-03-30 09:00", "2020-04-01 00:00:00", "", "2020-03-31 12:00", "通过"),
        ("009", "丙单位", "2020-03-02 09:00", "2020-03-03 18:00", "", "2020-03-03 10:00", "通过"),
    ]
    return pd.DataFrame(rows, columns=["案件编号", "责任单位", "上报时间", "处置截止时间", "延期截止时间",
                                       "处置完成时间", "核查结果"])


@pytest.fixture
def unit_table() -> dict[str, str]:
    """The classes of the units of :func:`edge_frame` (and two units without cases)."""
    return {"甲单位": "A", "乙单位": "A", "丙单位": "A", "丁单位": "A", "戊单位": "B"}
