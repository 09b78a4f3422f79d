"""Layer 1, cells: parse one cell: amounts with units, percentages, scores, targets like "≥90%" or "200起以上".

Real tables write numbers as text, with full-width characters, units, words and stray spaces.
Every parser here either returns a typed value, returns ``None`` for a cell that is
deliberately empty ("", "—", "/"), or raises :class:`ValueParseError` saying what was expected.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Iterator

from ..errors import ValueParseError

if TYPE_CHECKING:
    import pandas as pd

# Characters NFKC leaves alone but that mean the same as ASCII operators.
_EXTRA = str.maketrans({"≧": "≥", "≦": "≤", "\u3000": " ", "\xa0": " ", "╳": "×", "＊": "*"})
_BLANKS = {"", "—", "——", "-", "--", "/", "／", "无", "…", "...", "……", "——————"}

_NUM = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+"
_AMOUNT_RE = re.compile(rf"^({_NUM})\s*(万元|万|元|亿元|亿)?$")
_PERCENT_RE = re.compile(rf"^({_NUM})\s*(%|百分比|百分点)?$")
_SCORE_RE = re.compile(rf"^({_NUM})\s*分?$")

_AMOUNT_FACTORS = {None: 1.0, "万元": 1.0, "万": 1.0, "元": 1e-4, "亿元": 1e4, "亿": 1e4}


def clean(raw: object) -> str:
    """Normalise a cell to text: full-width to ASCII (NFKC), ≧/≦ to ≥/≤, trimmed.

    >>> clean("　≧98％ ")
    '≥98%'
    """
    if raw is None:
        return ""
    if isinstance(raw, float) and math.isnan(raw):
        return ""
    text = unicodedata.normalize("NFKC", str(raw)).translate(_EXTRA)
    return text.strip()


def column_letter(index: int) -> str:
    """The Excel letter of a 0-based column index.

    >>> column_letter(0), column_letter(25), column_letter(26)
    ('A', 'Z', 'AA')
    """
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def squash(raw: object) -> str:
    """Normalise a label for matching: :func:`clean` and remove every space and line break.

    >>> squash("年度\\n指标值")
    '年度指标值'
    """
    return re.sub(r"\s+", "", clean(raw))


def is_blank(raw: object) -> bool:
    """True for an empty cell or a cell that says "not applicable" ("—", "/", "无")."""
    return squash(raw) in _BLANKS


def _to_float(num: str) -> float:
    return float(num.replace(",", ""))


def _match_text(raw: object, pattern: re.Pattern[str], expected: str) -> re.Match[str] | None:
    """The pattern's match on a text cell, None for a blank one; ValueParseError naming what was expected.

    Spaces are allowed around a number and before its unit, never inside it: "9 5" is not 95.
    """
    if is_blank(raw):
        return None
    m = pattern.match(clean(raw))
    if not m:
        raise ValueParseError(f'无法把 "{clean(raw)}" 解析为{expected}')
    return m


def parse_amount(raw: object) -> float | None:
    """Read an amount in 万元: "701.8", "150万", "30万元", "1,234.5", "20000元" (→ 2.0).

    >>> parse_amount("30万元"), parse_amount("1,234.5"), parse_amount("—")
    (30.0, 1234.5, None)
    """
    if isinstance(raw, bool):
        raise ValueParseError(f"无法把 {raw!r} 解析为金额 (expected a number with optional unit 万元/元)")
    if isinstance(raw, (int, float)):
        return None if isinstance(raw, float) and math.isnan(raw) else float(raw)
    m = _match_text(raw, _AMOUNT_RE, "金额 (expected a number with optional unit 万元/元)")
    return None if m is None else _to_float(m.group(1)) * _AMOUNT_FACTORS[m.group(2)]


def parse_percent(raw: object, *, percent_format: bool = False) -> float | None:
    """Read a rate as a fraction: "99.17%" → 0.9917. A bare number above 1.5 is read as points.

    ``percent_format`` says the cell is a number shown with a % format (Excel stores 0.5).

    >>> parse_percent("50%"), parse_percent(0.5, percent_format=True), parse_percent("100")
    (0.5, 0.5, 1.0)
    """
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if isinstance(raw, float) and math.isnan(raw):
            return None
        value = float(raw)
        return value if percent_format or abs(value) <= 1.5 else value / 100
    m = _match_text(raw, _PERCENT_RE, "百分比 (expected e.g. 99.17%)")
    if m is None:
        return None
    value = _to_float(m.group(1))
    if m.group(2) is None and abs(value) <= 1.5:
        return value
    return value / 100


def parse_score(raw: object) -> float | None:
    """Read a score or a weight: "10分", " 9.5 ", 8 → float.

    >>> parse_score("10分"), parse_score("—")
    (10.0, None)
    """
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return None if isinstance(raw, float) and math.isnan(raw) else float(raw)
    m = _match_text(raw, _SCORE_RE, "分数 (expected a number, e.g. 10 or 10分)")
    if m is None:
        return None
    return _to_float(m.group(1))


def decimals(raw: object) -> int:
    """How many decimals a reported figure was written with ("99.17%" → 2, 9.5 → 1, 10 → 0).

    >>> decimals("99.17%"), decimals(9.5), decimals("94%")
    (2, 1, 0)
    """
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        text = repr(round(float(raw), 6))
    else:
        text = clean(raw)
    m = re.search(r"\d+\.(\d+)", text)
    if not m:
        return 0
    digits = m.group(1)
    if isinstance(raw, float):
        digits = digits.rstrip("0")
    return len(digits)


def agrees(reported: float, expected: float, ndigits: int, *, abs_tol: float = 1e-9) -> bool:
    """A reported figure agrees when it equals the recomputed one rounded to its own precision.

    Either rounding of an exact half is accepted.

    >>> agrees(60.74, 60.7406, 2), agrees(94.29, 94.2801, 2)
    (True, False)
    """
    if reported is None or expected is None or math.isnan(reported) or math.isnan(expected):
        return False
    half = float(Decimal(5) / Decimal(10) ** (ndigits + 1))
    return abs(reported - expected) <= half + abs_tol


# --- targets and actual values of indicators ---------------------------------------------

# "降低10%" asks for a reduction of at least 10%: a positive target on the reduction.
_GE_PREFIX = ("≥", ">=", ">", "不低于", "不少于", "大于等于", "大于", "高于", "超过", "至少", "达到", "到达",
              "多于", "增长", "提高", "提升", "增加", "下降", "降低", "减少", "压缩")
_LE_PREFIX = ("≤", "<=", "<", "不超过", "不高于", "不多于", "小于等于", "小于", "低于", "少于", "控制在")
_EQ_PREFIX = ("=", "==", "等于")
_GE_SUFFIX = ("及以上", "以上", "或以上", "之上")
_LE_SUFFIX = ("及以下", "以下", "以内", "之内", "或以下")
_UNIT_ALIASES = {"万": "万元"}
_CLAUSE_RE = re.compile(rf"({_NUM})\s*((?:%|百分比|百分点)?[^\d\s,;:()，。；：、%≥≤<>=]{{0,6}})")


@dataclass(frozen=True)
class Target:
    """A parsed 年度指标值 or 实际完成值.

    ``kind`` is ``"quantitative"`` (a number), ``"qualitative"`` (words only) or ``"empty"``;
    ``op`` is ``">="``, ``"<="``, ``"="`` or ``None`` (no operator written); ``unit`` is
    normalised ("%" for 百分比, "万元" for 万); ``clauses`` counts the numbers in the text
    (more than one means a compound target such as "不少于90人，…不少于58人").
    """

    text: str
    kind: str
    op: str | None = None
    value: float | None = None
    unit: str = ""
    clauses: int = 0

    @property
    def number(self) -> float | None:
        """The value in a comparable scale: percentages as fractions, 元 as 万元."""
        if self.value is None:
            return None
        if self.unit == "%":
            return self.value / 100
        if self.unit == "元":
            return self.value / 1e4
        return self.value

    @property
    def scale(self) -> str:
        """The comparable unit of :attr:`number` ("%", "万元" or the written unit)."""
        return "万元" if self.unit == "元" else self.unit


def _split_suffix(unit: str) -> tuple[str, str | None]:
    for suffix in _GE_SUFFIX:
        if unit.endswith(suffix):
            return unit[: -len(suffix)], ">="
    for suffix in _LE_SUFFIX:
        if unit.endswith(suffix):
            return unit[: -len(suffix)], "<="
    if unit.endswith("左右"):
        return unit[:-2], "="
    return unit, None


def _prefix_op(before: str) -> str | None:
    """The operator written just before a number; the longest word wins ("不少于" over "少于")."""
    best: tuple[int, str | None] = (0, None)
    for words, op in ((_GE_PREFIX, ">="), (_LE_PREFIX, "<="), (_EQ_PREFIX, "=")):
        for word in words:
            if before.endswith(word) and len(word) > best[0]:
                best = (len(word), op)
    return best[1]


def parse_target(raw: object) -> Target:
    """Parse an indicator value: operator, number, unit, or words only.

    >>> t = parse_target("200起以上"); (t.op, t.value, t.unit)
    ('>=', 200.0, '起')
    >>> parse_target("≤90万元").op, parse_target("≥100百分比").unit, parse_target("不断提高").kind
    ('<=', '%', 'qualitative')
    """
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if isinstance(raw, float) and math.isnan(raw):
            return Target(text="", kind="empty")
        return Target(text=clean(raw), kind="quantitative", value=float(raw), clauses=1)
    text = clean(raw)
    if is_blank(text):
        return Target(text=text, kind="empty")
    flat = re.sub(r"\s+", "", text)
    clauses = list(_CLAUSE_RE.finditer(flat))
    if not clauses:
        return Target(text=text, kind="qualitative")
    first = clauses[0]
    unit, op = _split_suffix(first.group(2))
    op = _prefix_op(flat[: first.start()]) or op
    for alias in ("百分比", "百分点"):
        unit = unit.replace(alias, "%")
    unit = _UNIT_ALIASES.get(unit, unit)
    return Target(text=text, kind="quantitative", op=op, value=_to_float(first.group(1)),
                  unit=unit, clauses=len(clauses))


def records(frame: "pd.DataFrame") -> Iterator[SimpleNamespace]:
    """Rows of a small frame as objects with attribute access (much faster than ``itertuples``).

    >>> import pandas as pd
    >>> [r.a for r in records(pd.DataFrame({"a": [1, 2]}))]
    [1, 2]
    """
    for row in rows_of(frame):
        yield SimpleNamespace(**row)


def small_frame(rows: list[dict[str, Any]], columns: list[str] | None = None, index: Any = None) -> "pd.DataFrame":
    """A small frame from records, text columns kept as plain Python objects: pandas' default
    arrow-backed strings make the row-by-row reading of a table's few dozen cells several times
    slower. Numbers are inferred as usual; a key missing from a record is NaN.

    >>> f = small_frame([{"a": "x", "b": 1.5}, {"a": "y"}]); str(f["a"].dtype), f["b"].tolist()
    ('object', [1.5, nan])
    """
    import pandas as pd

    names = columns if columns is not None else list(dict.fromkeys(k for r in rows for k in r))
    index = pd.RangeIndex(len(rows)) if index is None else index  # one index object: no aligning
    data: dict[str, Any] = {}
    for name in names:
        values = [r.get(name, math.nan) for r in rows]
        kind = object if any(isinstance(v, str) for v in values) else ("float64" if not values else None)
        data[name] = pd.Series(values, dtype=kind, index=index)
    return pd.DataFrame(data, columns=names, index=index, copy=False)


def rows_of(frame: "pd.DataFrame") -> list[dict[str, Any]]:
    """Rows of a small frame as dicts, read column by column: ``to_dict("records")`` reads
    arrow-backed text columns cell by cell, many times slower.

    >>> import pandas as pd
    >>> rows_of(pd.DataFrame({"a": [1, 2], "b": ["x", None]}))
    [{'a': 1, 'b': 'x'}, {'a': 2, 'b': nan}]
    """
    columns = [str(c) for c in frame.columns]
    return [dict(zip(columns, row)) for row in frame.to_numpy(dtype=object).tolist()]


_BRACKETS = re.compile(r"\([^)]*\)|\[[^]]*\]|【[^】]*】")
_UNIT_TAIL = re.compile(r"[/／](万元|元|%|分|人|㎡)$")
# circled column numbers and the formulas built from them: "小计③=①+②", "支出实现率⑤=④/③"
# (normalised to digits by clean()), at the end of a label after a CJK character
_CIRCLED = re.compile(r"(?<=[\u4e00-\u9fff])\d{1,2}(?:=[\d+\-*/×÷]+)?$")


def header_key(raw: object) -> str:
    """A header label reduced for matching: squashed, bracketed notes, unit tails and a
    trailing colon removed.

    >>> header_key("全年预算\\n（万元）"), header_key("总分(分)"), header_key("执行率/%"), header_key("全年预算【万元】")
    ('全年预算', '总分', '执行率', '全年预算')
    >>> header_key("执行率（B/A)"), header_key("项目名称："), header_key("支出实现率(%)⑤=④/③")
    ('执行率', '项目名称', '支出实现率')
    """
    return _header_key(raw if isinstance(raw, str) else squash(raw))


@functools.lru_cache(maxsize=65536)  # the same few hundred labels recur in every workbook
def _header_key(raw: str) -> str:
    return _UNIT_TAIL.sub("", _CIRCLED.sub("", _BRACKETS.sub("", squash(raw)))).rstrip(":")
