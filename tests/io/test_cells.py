import math

import pytest

from evalkit.io.cells import (
    ValueParseError,
    agrees,
    clean,
    decimals,
    parse_amount,
    parse_percent,
    parse_score,
    parse_target,
    squash,
)


def test_clean_full_width_and_operators():
    assert clean("\u3000≧98％ ") == "≥98%"
    assert squash("年度\n指标值") == "年度指标值"
    assert squash("（50分）") == "(50分)"


@pytest.mark.parametrize("raw,expected", [
    ("\u3000701.8", 701.8), ("150万", 150.0), ("30万元", 30.0), ("1,234.5", 1234.5), ("20000元", 2.0),
    (60, 60.0), ("1.5亿元", 15000.0),
])
def test_parse_amount(raw, expected):
    assert parse_amount(raw) == pytest.approx(expected)


@pytest.mark.parametrize("raw", ["", "—", "\u3000", None, "/"])
def test_blank_amount_is_none_not_zero(raw):
    assert parse_amount(raw) is None


def test_unparseable_amount_says_what_was_expected():
    with pytest.raises(ValueParseError, match="12,3万.*万元"):
        parse_amount("12,3万")


def test_parse_percent():
    assert parse_percent("99.17%") == pytest.approx(0.9917)
    assert parse_percent(0.5, percent_format=True) == 0.5
    assert parse_percent("100") == 1.0
    with pytest.raises(ValueParseError):
        parse_percent("约五成")


def test_parse_score():
    assert parse_score("10分") == 10.0
    assert parse_score(" 9.5 ") == 9.5
    assert parse_score("—") is None
    with pytest.raises(ValueParseError):
        parse_score("满分")


@pytest.mark.parametrize("text,op,value,unit,kind", [
    ("≥90%", ">=", 90, "%", "quantitative"),
    ("≧95％", ">=", 95, "%", "quantitative"),
    ("200起以上", ">=", 200, "起", "quantitative"),
    ("≥100百分比", ">=", 100, "%", "quantitative"),
    ("≤90万元", "<=", 90, "万元", "quantitative"),
    ("95%以上", ">=", 95, "%", "quantitative"),
    ("到达90%以上", ">=", 90, "%", "quantitative"),
    ("≥50个", ">=", 50, "个", "quantitative"),
    ("不少于58人", ">=", 58, "人", "quantitative"),
    ("少于5次", "<=", 5, "次", "quantitative"),
    ("不超过3天", "<=", 3, "天", "quantitative"),
    ("1307.04万元", None, 1307.04, "万元", "quantitative"),
    ("完好率98%", None, 98, "%", "quantitative"),
    ("不断提高", None, None, "", "qualitative"),
    ("全年", None, None, "", "qualitative"),
    ("—", None, None, "", "empty"),
])
def test_parse_target(text, op, value, unit, kind):
    t = parse_target(text)
    assert (t.op, t.value, t.unit, t.kind) == (op, value, unit, kind)


def test_compound_target_counts_clauses():
    t = parse_target("协管人员总数不少于90人，坐席员和信息采集员不少于58人")
    assert (t.op, t.value, t.clauses) == (">=", 90, 2)


def test_target_number_scale():
    assert parse_target("95%").number == pytest.approx(0.95)
    assert parse_target("20000元").number == pytest.approx(2.0)
    assert parse_target("20000元").scale == "万元"


def test_decimals_and_agreement():
    assert decimals("99.17%") == 2 and decimals(9.5) == 1 and decimals("94%") == 0 and decimals(10.0) == 0
    assert agrees(60.74, 8907 / 14664 * 100, 2)
    assert not agrees(94.29, 33.79 / 35.84 * 100, 2)
    assert agrees(94.0, 526260 / 559342 * 100, 0)
    assert not agrees(math.nan, 1.0, 2)
