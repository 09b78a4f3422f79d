"""Layer 3, prose: the figures a report states in its text — amounts, rates, counts, scores, grades.

A self-evaluation report says "部门预算总额为282.19万元,全年实际执行额为 224.05万元,总体执行率75.5%"
or "自评得分100分，自评结论为优秀". Each such figure is a :class:`Claim`: its kind, the quantity it
names (the words before it in its clause), the project or subject the sentence is about, its
value in a canonical unit (万元, a fraction for rates, 分), the decimals it was printed with, and
the sentence and place it was read from.

Left out on purpose: years and dates, numbering, approximate or bounded figures ("30余次",
"约5%", "98%以上", "≤102.5万元"), ranges ("10%-15%"), and the parameters of formulas and scoring
rules ("×55%", "扣除45%分值", "占分60%", "加0.1分"): they are not facts to check against a table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterable, Protocol

from .names import speaks_of_the_whole

KINDS = ("amount", "rate", "count", "score", "grade")
KIND_NAMES = {"amount": "金额", "rate": "比率", "count": "数量", "score": "得分", "grade": "等级"}

_COUNT_UNITS = ("人次", "平方公里", "件", "个", "次", "人", "辆", "名", "台", "套", "条", "起", "期", "张", "篇",
                "处", "份", "宗", "项", "所", "户", "家", "吨", "座", "批", "场", "支", "单", "块", "盏", "辆次")
_NUMBER = r"(?<![\d.A-Za-z])(?<!\d,)(\d{1,3}(?:,\d{3})+(?!\d)|\d+)(\.\d+)?"
_UNIT = r"(亿元|万元|元|%|％|分(?!钟|值|制|别|类|期|管|布|配|解|工|析|档|为)|万(?=[件个次人条起处份])|" + \
    "|".join(sorted(_COUNT_UNITS, key=len, reverse=True)) + ")"
_FIGURE = re.compile(_NUMBER + r"\s*" + _UNIT)
_GRADE = re.compile(r"(结论|结果|等级|评级|评定|档次|评价为|评为)\s*(?:为|是|:|：)?\s*[“\"]?(不合格|优秀|良好|合格|中等|优|良|中|差)")
_SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]?")
_CLAUSE_BREAK = re.compile(r"[，,；;、：:（）()《》【】\[\]]")
_APPROX_BEFORE = re.compile(r"(约|近|逾|超过|低于|高于|不足|小于|大于|不少于|不低于|不超过|至少|≥|≤|>|<|≧|≦|＞|＜|多达|上限|高达)\s*$")
_APPROX_AFTER = re.compile(r"^\s*(/|每|余|多|以上|以下|以内|左右|上下|万余|万多|\s*[-—~～至到]\s*\d)")
_RANGE_BEFORE = re.compile(r"\d\s*[%％]?\s*[-—~～至到]\s*$")
_RULE_WORDS = re.compile(r"(每|加|减|扣除?|占分|只计|计满分|分值上限|权重|上限不超过)\s*$")
_FORMULA = re.compile(r"[=×÷＝]")
_LEAD = re.compile(r"^(?:[\d一二三四五六七八九十]+[、.．]|[（(][\d一二三四五六七八九十]+[)）]|[\d]+[)）])\s*")
_VERBS = re.compile(r"(?:为|是|达到了|达到|达|共计|合计|共|计|约|到|至|了|均|仅|已|总计|实现|完成了|提升至|提高至|"
                    r"下降至|降至|升至|保持|占|有)+$")
_SCORE_WORDS = ("得分", "评分", "自评分", "总分", "综合得分", "平均", "分数", "结果")
_TOTAL_WORDS = ("总额", "总体", "合计", "整体", "总计", "年度资金总额", "全部", "平均", "总分", "部门")


@dataclass(frozen=True)
class Claim:
    """One figure stated in a report's text.

    ``kind`` is one of :data:`KINDS`; ``label`` the quantity named by the words before it in its
    clause ("部门预算总额", "执行", "总体执行率"); ``subject`` the project or line the sentence is
    about ("智慧城管"), "" when none is named; ``value`` in 万元 (amounts), a fraction (rates), 分
    (scores) or the count, or the grade's text; ``decimals`` as printed (of a percent for a rate);
    ``unit`` as printed; ``sentence`` the sentence quoted; ``where`` the paragraph ("第12段").
    """

    kind: str
    label: str
    value: float | str
    decimals: int
    unit: str
    sentence: str
    where: str
    file: str
    subject: str = ""
    context: str = ""   # the sentence up to the figure: what the matcher reads for names
    lead: str = ""      # the paragraph before: it may name the project ("年初预算项目协管员专项资金…")
    sheet: str = ""     # a table cell's sheet ("" for the report's text: ``where`` is its paragraph)

    @property
    def text(self) -> str:
        """The figure as printed ("75.5%", "282.19万元", "优秀")."""
        if self.kind == "grade":
            return str(self.value)
        number = float(self.value) * (100 if self.kind == "rate" else 1)
        number = number * 10000 if self.unit == "元" else number / 10000 if self.unit == "亿元" else number
        if self.unit == "万" and self.kind == "count":
            number /= 10000
        return f"{number:.{self.decimals}f}{self.unit}"


class Passage(Protocol):
    """Anything with a paragraph's ``text`` and ``where`` (``evalkit.io.document.Paragraph``)."""

    @property
    def text(self) -> str: ...

    @property
    def where(self) -> str: ...


@dataclass(frozen=True)
class CellText:
    """A table cell's text read as prose ("本项目共完成预算资金89.97万元…" in a 自评表's
    年度总体目标 block): ``where`` the cell ("F12"), ``sheet`` its sheet, ``about`` the project of
    the form it sits in — the subject of its figures that name nothing else."""

    text: str
    where: str
    sheet: str
    about: str = ""


def sentences(text: str) -> list[str]:
    """A paragraph cut into sentences (。；！？ and line breaks end one).

    >>> sentences("预算5万元，全额执行；覆盖5个行政村。")
    ['预算5万元，全额执行；', '覆盖5个行政村。']
    """
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def sentence_subject(sentence: str) -> str:
    """The project a sentence is about when it starts "1、智慧城管:预算…" ("" otherwise).

    >>> sentence_subject("1、智慧城管:预算170.35万元,执行111.85万元"), sentence_subject("全年执行224.05万元")
    ('智慧城管', '')
    """
    head = re.split(r"[:：]", _LEAD.sub("", sentence), maxsplit=1)
    if len(head) < 2 or not 2 <= len(head[0]) <= 16 or re.search(r"[\d，,。]|情况$", head[0]):
        return ""
    return head[0].strip()


def _label(before: str) -> str:
    """The words naming a figure: the end of its clause, without numbering and linking verbs."""
    parts = [p for p in _CLAUSE_BREAK.split(before)]
    clause = _LEAD.sub("", parts[-1].strip())
    if not clause and len(parts) > 1 and re.search(r"[（(]\s*$", before):  # "文明创建(62.05%)"
        clause = _LEAD.sub("", parts[-2].strip())
    clause = re.sub(r"^(?:20\d\d年度?|今年|全年度|其中|截至\S*?底)", "", clause)
    return _VERBS.sub("", re.sub(r"[“”\"‘’]", "", clause).strip()).strip()


def _count_noun(after: str) -> str:
    m = re.match(r"[\u4e00-\u9fff]{1,8}", after)
    return m.group(0) if m else ""


def _kind(unit: str, label: str) -> str | None:
    if unit in ("亿元", "万元", "元"):
        return "amount"
    if unit in ("%", "％"):
        return "rate"
    if unit == "分":
        return "score" if any(w in label for w in _SCORE_WORDS) else None
    return "count"


def _value(number: float, unit: str) -> float:
    if unit == "元":
        return number / 10000
    if unit == "亿元":
        return number * 10000
    if unit in ("%", "％"):
        return number / 100
    if unit == "万":
        return number * 10000
    return number


def claims_in_sentence(sentence: str, where: str = "", file: str = "", subject: str = "", lead: str = ""
                       ) -> list[Claim]:
    """Every figure stated in one sentence (see the module for what is left out).

    >>> [(c.kind, c.label, c.value, c.decimals) for c in claims_in_sentence("全年实际执行额为 224.05万元,总体执行率75.5%")]
    [('amount', '全年实际执行额', 224.05, 2), ('rate', '总体执行率', 0.755, 1)]
    """
    out: list[Claim] = []
    formula = _FORMULA.search(sentence) is not None
    for m in _FIGURE.finditer(sentence):
        whole, frac, unit = m.group(1), m.group(2) or "", m.group(3)
        before, after = sentence[:m.start()], sentence[m.end():]
        if (formula or _APPROX_BEFORE.search(before) or _APPROX_AFTER.match(after) or _RANGE_BEFORE.search(before)
                or _RULE_WORDS.search(before) or re.match(r"\s*分值", after)
                or unit == "个" and re.match(r"(月|小时|工作日|星期)", after)  # "滞后1个月": a duration
                or before.count("“") > before.count("”")):  # inside a quoted name: “8个100%”的标准
            continue
        if unit == "万" and not re.match(r"[件个次人条起处份]", after):
            continue
        label = _label(before)
        kind = _kind(unit, label + after[:2])
        if kind is None:
            continue
        if kind == "count":
            unit_text = unit + (re.match(r"[件个次人条起处份]", after).group(0) if unit == "万" else "")  # type: ignore[union-attr]
            label = label or _count_noun(after[1:] if unit == "万" else after)
        else:
            unit_text = unit
        number = float(whole.replace(",", "") + frac)
        out.append(Claim(kind, label, round(_value(number, unit), 10), max(len(frac) - 1, 0), unit_text,
                         sentence, where, file, subject or sentence_subject(sentence), before, lead))
    for m in _GRADE.finditer(sentence):
        if re.match(r"[\u4e00-\u9fff]", sentence[m.end():]) and not re.match(r"[等级档]", sentence[m.end():]):
            continue  # "评为优秀单位": an award, not the self-evaluation's grade
        out.append(Claim("grade", m.group(1), m.group(2), 0, "", sentence, where, file,
                         subject or sentence_subject(sentence), sentence[:m.start()], lead))
    return out


def extract_claims(passages: Iterable[Passage], file: str = "") -> list[Claim]:
    """Every claim of a document's paragraphs, in reading order.

    A paragraph that only names a project ("1、智慧城管项目:") does not carry its name further:
    the subject is read sentence by sentence.

    >>> from types import SimpleNamespace as P
    >>> [c.text for c in extract_claims([P(text="自评得分100分，自评结论为优秀。", where="第10段")])]
    ['100分', '优秀']
    """
    out: list[Claim] = []
    lead = ""
    for p in passages:
        before = ""
        sheet, about = getattr(p, "sheet", ""), getattr(p, "about", "")
        for s in sentences(p.text):
            found = claims_in_sentence(s, p.where, file, lead=(lead + before)[-80:])
            if sheet or about:  # a cell of a form: what names only a measure is about the form's project
                found = [replace(c, sheet=sheet, subject=about if about and speaks_of_the_whole(c.label) else c.subject)
                         for c in found]
            out.extend(found)
            before += s
        lead = p.text
    return out


def is_total(claim: Claim) -> bool:
    """Whether a claim speaks of the whole (部门预算总额, 总体执行率, 平均自评分) rather than one part."""
    return not claim.subject and any(w in claim.label or w in claim.context for w in _TOTAL_WORDS)


__all__ = ["KINDS", "KIND_NAMES", "CellText", "Claim", "Passage", "claims_in_sentence", "extract_claims", "is_total",
           "sentence_subject", "sentences"]
