"""Layer 2, numbers as people read them: one format for every figure evalkit prints.

万元 amounts with two decimals, rates as percentages at the precision the table printed (two
decimals unless it printed another), scores with two decimals. The finding messages (layer 3)
and every report, workbook and CSV (layer 4, :mod:`evalkit.reports.format`) use these, so a rate
never shows as 0.9917 beside 99.17%. Excel number formats for the same three kinds live here too.
"""

from __future__ import annotations

import math
from zoneinfo import ZoneInfo

#: The kinds of figure a finding may compare (``Finding.quantity``); "" for anything else.
QUANTITIES = ("amount", "rate", "score")
RATE_DECIMALS = 2  # a rate's decimals (of a percent) when the table printed none
#: Times are shown in Beijing time, whatever the clock of the machine that runs evalkit.
BEIJING = ZoneInfo("Asia/Shanghai")


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def money(value: float | None) -> str:
    """An amount in 万元 with two decimals and thousands separators ("" when unknown).

    >>> money(701.8), money(14664), money(-0.004), money(None)
    ('701.80', '14,664.00', '-0.00', '')
    """
    return "" if _missing(value) else f"{value:,.2f}"


def percent(value: float | None, digits: int | None = None) -> str:
    """A fraction as a percentage with ``digits`` decimals (two by default; "" when unknown).

    >>> percent(8907 / 14664), percent(0.9917, 2), percent(0.94, 0), percent(float("nan"))
    ('60.74%', '99.17%', '94%', '')
    """
    if _missing(value):
        return ""
    return f"{value:.{RATE_DECIMALS if digits is None else max(int(digits), 0)}%}"


def points(value: float | None) -> str:
    """A score (分) with two decimals ("" when unknown).

    >>> points(9.5), points(60.7406), points(None)
    ('9.50', '60.74', '')
    """
    return "" if _missing(value) else f"{value:.2f}"


def figure(value: object, quantity: str, digits: int | None = None) -> str:
    """``value`` in the format of its kind (``"amount"``, ``"rate"``, ``"score"``); text and
    numbers of no known kind as they are (a float without needless zeros).

    >>> figure(1124.66, "amount"), figure(0.99166667, "rate"), figure(0.99166667, "rate", 1)
    ('1,124.66', '99.17%', '99.2%')
    >>> figure(10.0, "score"), figure("≥90%", "rate"), figure(3.0, ""), figure(None, "score")
    ('10.00', '≥90%', '3', '')
    """
    if _missing(value):
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if quantity == "amount":
        return money(value)
    if quantity == "rate":
        return percent(value, digits)
    if quantity == "score":
        return points(value)
    return f"{value:.4f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)


def excel_format(quantity: str, digits: int | None = None) -> str:
    """The Excel number format of a kind of figure: '#,##0.00' for 万元, '0.00%' (at the
    printed precision) for rates, '0.00' for scores, 'General' for anything else.

    >>> excel_format("amount"), excel_format("rate"), excel_format("rate", 0), excel_format("score")
    ('#,##0.00', '0.00%', '0%', '0.00')
    """
    if quantity == "amount":
        return "#,##0.00"
    if quantity == "rate":
        n = RATE_DECIMALS if digits is None else max(int(digits), 0)
        return "0" + ("." + "0" * n if n else "") + "%"
    if quantity == "score":
        return "0.00"
    return "General"
