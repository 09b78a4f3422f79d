"""The figures a report states in its prose (prose.claims), and the extractor's precision and
recall per kind on the five seed reports, labelled by hand in seed_claims.toml."""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

from evalkit.prose.claims import KINDS, claims_in_sentence, extract_claims, is_total, sentence_subject

LABELS = Path(__file__).with_name("seed_claims.toml")


def figures(sentence: str) -> list[tuple[str, str]]:
    return [(c.kind, c.text) for c in claims_in_sentence(sentence)]


def test_amounts_rates_and_their_labels():
    (budget, executed, rate) = claims_in_sentence("2024年,区城管局部门预算总额为282.19万元,全年实际执行额为 224.05万元,"
                                                  "总体执行率75.5%。", "第20段", "r.docx")
    assert (budget.kind, budget.label, budget.value, budget.decimals) == ("amount", "区城管局部门预算总额", 282.19, 2)
    assert (executed.label, executed.value) == ("全年实际执行额", 224.05)
    assert (rate.kind, rate.label, rate.value, rate.decimals, rate.text) == ("rate", "总体执行率", 0.755, 1, "75.5%")
    assert rate.where == "第20段" and rate.file == "r.docx" and rate.sentence.endswith("75.5%。")
    assert is_total(budget) and is_total(rate)


def test_a_project_named_before_a_colon_is_the_subject_of_the_sentence():
    claims = claims_in_sentence("1、智慧城管:预算170.35万元,主要用于数字化平台搭建,执行111.85万元,重点完成监控设备安装;")
    assert [(c.subject, c.label, c.value) for c in claims] == [("智慧城管", "预算", 170.35), ("智慧城管", "执行", 111.85)]
    assert sentence_subject("全年执行224.05万元") == "" and not is_total(claims[0])


def test_scores_grades_and_counts():
    assert figures("自评得分100分，自评结论为优秀。") == [("score", "100分"), ("grade", "优秀")]
    assert figures("本项目经费支出绩效评价综合得分95分，结果为优。") == [("score", "95分"), ("grade", "优")]
    assert figures("2024年,7个项目平均自评分为96.4分,其中4个项目得分在90 分以上") == [
        ("count", "7个"), ("score", "96.4分"), ("count", "4个")]
    assert figures("共接收问题案件14664件，派发12,299件") == [("count", "14664件"), ("count", "12299件")]
    assert figures("文明创建项目投入金额12.41元") == [("amount", "12.41元")]
    assert claims_in_sentence("投入金额12.41元")[0].value == pytest.approx(0.001241)  # 万元


@pytest.mark.parametrize("sentence", [
    "完成主次干道环境整治30余次", "农村环境卫生改善带动乡村旅游收入增长约5%", "规范执法率长期保持98%以上",
    "一支至少58人的队伍", "投入金额(年度指标≤102.5万元)", "降低成本 10%-15%", "发放慰问物资100元/人",
    "扣除45%分值，只计55%分值", "数字城管考核（占分60%）", "每减少一个百分点加0.1分", "滞后 1 个月外",
    "月问题综合解决率=（月问题解决率×55%）+（月问题及时解决率×45%）", "按照“8个100%”的扬尘污染防治标准",
    "被省住建厅评为优秀单位", "2024年12月1日- 15日", "对执行率低于70% 的项目启动预警", "预计持续发挥效用 3-5年",
])
def test_approximate_bounded_and_rule_figures_are_not_claims(sentence):
    assert figures(sentence) == []


def test_extract_claims_reads_paragraphs_in_order_and_keeps_the_paragraph_before():
    paragraphs = [SimpleNamespace(text="2.年初预算项目城市管理综合执法经费专项资金，实际支出159.54万元。", where="第36段"),
                  SimpleNamespace(text="项目支出159.54万元，主要用于相关经费的保障。", where="第37段")]
    first, second = extract_claims(paragraphs, "r.pdf")
    assert (first.where, second.where, second.file) == ("第36段", "第37段", "r.pdf")
    assert "城市管理综合执法经费专项资金" in second.lead


def _labelled() -> dict[str, list[tuple[str, str, str]]]:
    data = tomllib.loads(LABELS.read_text(encoding="utf-8"))
    return {seed: [tuple(c) for c in entry["claims"]] for seed, entry in data["seeds"].items()}


def precision_recall(found: Counter, labelled: Counter) -> dict[str, tuple[float, float, int]]:
    """Per kind: (precision, recall, number labelled), matching (where, kind, figure) as multisets."""
    out = {}
    for kind in KINDS:
        f = Counter({k: n for k, n in found.items() if k[1] == kind})
        t = Counter({k: n for k, n in labelled.items() if k[1] == kind})
        hits = sum((f & t).values())
        out[kind] = (hits / sum(f.values()) if f else 1.0, hits / sum(t.values()) if t else 1.0, sum(t.values()))
    return out


def test_precision_and_recall_per_kind_on_the_seed_reports(seed_paragraphs):
    labelled, found = Counter(), Counter()
    for seed, claims in _labelled().items():
        labelled.update((seed, kind, where, text) for where, kind, text in claims)
        found.update((seed, c.kind, c.where, c.text) for c in extract_claims(seed_paragraphs[seed]))
    scores = precision_recall(Counter({(k[2], k[1], k[3], k[0]): n for k, n in found.items()}),
                              Counter({(k[2], k[1], k[3], k[0]): n for k, n in labelled.items()}))
    for kind, (precision, recall, n) in scores.items():
        print(f"{kind}: precision {precision:.1%} recall {recall:.1%} of {n}")
    assert {k: n for k, (_, _, n) in scores.items()} == {"amount": 97, "rate": 32, "count": 90, "score": 3, "grade": 2}
    assert all(p == 1.0 for p, _, _ in scores.values())
    assert scores["count"][1] == pytest.approx(89 / 90)  # "发动45党员干部": no unit, not found
    assert all(r == 1.0 for k, (_, r, _) in scores.items() if k != "count")


def test_a_cell_of_a_form_states_figures_about_its_project_and_keeps_its_place():
    from evalkit.prose.claims import CellText

    cell = CellText("本项目共完成预算资金1329120.67元,其中村级组织运转439120.67元。", "F12", "项目支出绩效自评表",
                    "村级补助及运转经费")
    whole, part = extract_claims([cell], "棠溪.xls")
    assert (whole.subject, whole.sheet, whole.where, whole.value) == ("村级补助及运转经费", "项目支出绩效自评表", "F12",
                                                                      pytest.approx(132.912067))
    assert (part.subject, part.label, part.sheet) == ("", "村级组织运转", "项目支出绩效自评表")  # a part: named by itself
