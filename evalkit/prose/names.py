"""Layer 3, prose: how a sentence names what its figure is — the subject's key and the measure.

The text says "城市管理综合执法经费专项155.66万元", the table "2、城市管理综合行政执法经费": both
come down to one key (:func:`key`). The text says "预算170.35万元", "年末预算执行金额2057.33万元",
"总体执行率75.5%": the measure is the last measure word before the figure (:func:`measure`),
once names that merely contain such a word (基本支出, 一般公共预算) are set aside.
"""

from __future__ import annotations

import re

_NUMBERING = re.compile(r"^(?:\d+[、.．]|[（(]\d+[)）]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])")
_NOISE = re.compile(r"专项资金|专项|资金|经费|行政|项目$|其中|[\s:：、，,。（）()“”\"《》]")
#: Words that name a line although they hold a measure word.
_NAMES = ("一般公共预算", "基本支出", "项目支出", "整体支出", "预算支出", "财政拨款支出", "人员经费")
_AMOUNT_MEASURES = (("budget", ("预算", "安排", "批复")), ("executed", ("执行", "支出", "使用", "投入", "决算", "开支",
                                                                     "支付", "花费", "拨付")),
                    ("initial", ("申请",)),
                    ("received", ("到位",)), ("carryover", ("结转", "结余")),
                    ("change", ("调增", "调减", "增加", "减少", "节约", "下降", "降低")))
#: Rates by name, the longest first ("及时解决率" before "解决率").
RATE_WORDS = ("综合解决率", "及时解决率", "按时结案率", "资金到位率", "资金使用率", "预算执行率", "解决率", "结案率", "立案率",
              "处置率", "执行率", "到位率", "使用率", "完成率", "控制率", "满意度", "准确率", "办案率", "流失率", "达标率",
              "知晓率", "治理率", "整洁率")
_RATE_ALIASES = {"预算执行率": "执行率", "资金到位率": "到位率", "资金使用率": "使用率"}


def key(label: str) -> str:
    """A comparable name: numbering, 专项/资金/经费/行政/项目/其中 and punctuation removed.

    >>> key("2、城市管理综合行政执法经费") == key("城市管理综合执法经费专项"), key("项目支出"), key("智慧城管项目")
    (True, '项目支出', '智慧城管')
    """
    text = _NOISE.sub("", _NUMBERING.sub("", label.strip().replace("项目经费", "项目支出")))
    return re.sub(r"项目$", "", text) or text


#: Phrases whose measure is not their last word: "完成预算资金" is what was spent, "申请预算资金"
#: the budget asked for (a 自评表's 年初预算数).
_PHRASES = (("完成预算", "　　执行"), ("申请预算", "　　申请"))


def amount_measure(text: str) -> str:
    """The measure of an amount named by ``text``: the rightmost measure word wins ("" if none).

    >>> amount_measure("年末预算执行金额"), amount_measure("初预算安排资金"), amount_measure("基本支出")
    ('executed', 'budget', '')
    >>> amount_measure("本项目共完成预算资金"), amount_measure("本项目共申请预算资金")
    ('executed', 'initial')
    """
    for name in _NAMES:
        text = text.replace(name, "　" * len(name))
    for phrase, said in _PHRASES:
        text = text.replace(phrase, said)
    best, where = "", -1
    for measure, words in _AMOUNT_MEASURES:
        for word in words:
            at = text.rfind(word)
            if at > where:
                best, where = measure, at
    return best


def rate_measure(text: str) -> str:
    """The rate named by ``text``: the rightmost rate word ("执行率", "解决率"…; "" if none).

    >>> rate_measure("总体执行率"), rate_measure("及时解决率"), rate_measure("中低执行率项目:文明创建")
    ('执行率', '及时解决率', '执行率')
    """
    best, end = "", -1
    for word in RATE_WORDS:
        at = text.rfind(word)
        if at >= 0 and (at + len(word) > end or at + len(word) == end and len(word) > len(best)):
            best, end = word, at + len(word)
    if not best and "完成预算" in text:
        return "执行率"  # "完成预算的83.50%"
    return _RATE_ALIASES.get(best, best)


_ONLY_MEASURE = re.compile(r"本项目|该项目|此项目|本年度|本年|全年|年度|共计|总计|合计|共|申请|完成|实际|预算|执行|支出|"
                           r"使用|到位|资金|经费|金额|总额|数|额|率|的|为|了|是|达到|[\s:：,，]")


def speaks_of_the_whole(label: str) -> bool:
    """Whether a figure's words in a form's own cell name only a measure ("本项目共申请预算资金",
    "执行数", "完成预算的"), so it is about the form's project, not one of its parts.

    >>> speaks_of_the_whole("本项目共完成预算资金"), speaks_of_the_whole("执行数"), speaks_of_the_whole("村级组织运转")
    (True, True, False)
    >>> speaks_of_the_whole(""), speaks_of_the_whole("本年度财政拨款"), speaks_of_the_whole("其中项目支出")
    (False, False, False)
    """
    return bool(label) and "其中" not in label and not _ONLY_MEASURE.sub("", label)


def score_measure(text: str) -> str:
    """"average" for an average score ("平均自评分"), else "total"."""
    return "average" if "平均" in text else "total"


def last_occurrence(text: str, names: list[str]) -> tuple[str, int]:
    """The name of ``names`` found rightmost in ``text`` (the longest on a tie), and where it ends."""
    best, where = "", -1
    for name in names:
        if len(name) < 2:
            continue
        at = text.rfind(name)
        if at >= 0 and (at + len(name) > where or (at + len(name) == where and len(name) > len(best))):
            best, where = name, at + len(name)
    return best, where


__all__ = ["RATE_WORDS", "amount_measure", "key", "last_occurrence", "rate_measure", "score_measure",
           "speaks_of_the_whole"]
