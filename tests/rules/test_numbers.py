"""One number format: 万元 with two decimals, rates as % at the printed precision, scores with two."""

from evalkit.rules.numbers import excel_format, figure, money, percent, points


def test_seed_figures_in_the_one_format():
    assert percent(8907 / 14664) == "60.74%" and percent(8907 / 14664, 1) == "60.7%"
    assert money(14664) == "14,664.00" and money(701.8) == "701.80"
    assert points(9.4286) == "9.43" and points(100) == "100.00"
    assert figure(0.9917, "rate") == "99.17%" and figure("良好", "score") == "良好" and figure(None, "amount") == ""


def test_excel_formats():
    assert [excel_format(q) for q in ("amount", "rate", "score", "")] == ["#,##0.00", "0.00%", "0.00", "General"]
    assert excel_format("rate", 1) == "0.0%"
