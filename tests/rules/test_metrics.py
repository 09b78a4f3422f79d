import math

import numpy as np
import pandas as pd
import pytest

from evalkit.rules import metrics as m


def test_seed001_resolution_figures():
    assert round(float(m.resolution_rate(8907, 14664)) * 100, 2) == 60.74
    assert round(float(m.composite_rate(m.resolution_rate(8907, 14664), 0.4001)) * 100, 2) == 51.41


def test_zero_denominator_is_nan_never_inf():
    assert math.isnan(m.ratio(5, 0)) and math.isnan(m.execution_rate(1, np.nan))
    out = m.ratio(pd.Series([1, 2]), pd.Series([0, 4]))
    assert isinstance(out, pd.Series) and math.isnan(out[0]) and out[1] == 0.5


def test_department_ratios():
    assert float(m.control_rate(83, 100)) == 0.83
    assert round(float(m.change_rate(7.94, 8.91)) * 100, 2) == -10.89
    assert float(m.cost_saving_rate(60, 30)) == 0.5
    assert float(m.arrival_rate(701.8, 701.8)) == 1.0
    assert float(m.execution_rate(8907, 14664)) == pytest.approx(0.607406, abs=1e-6)
