"""Claims matched with the tables' figures (prose.match): by kind, measure and name; compared at
the claim's printed precision; the seeds' own contradictions found."""

from __future__ import annotations

from types import SimpleNamespace

from evalkit.prose.claims import claims_in_sentence, extract_claims
from evalkit.prose.match import (
    AGREES,
    DIFFERS,
    UNMATCHED,
    Quantity,
    claim_measure,
    claims_frame,
    is_bare,
    match_claims,
    prose_findings,
)

TOTAL_BUDGET = Quantity("amount", "合计 全年预算", "", 302.19, 2, "t.xlsx", "表1", "D11", "budget", 282.19, "各项目之和")
TOTAL_EXECUTED = Quantity("amount", "合计 全年执行", "", 224.05, 2, "t.xlsx", "表1", "E11", "executed", 213.05, "各项目之和")
TOTAL_RATE = Quantity("rate", "合计 执行率", "", 224.05 / 302.19, 1, "t.xlsx", "表1", "F11", "执行率", 0.755, "各项目执行数之和/预算数之和")
SMART = [Quantity("amount", "智慧城管 全年预算", "智慧城管", 170.35, 2, "t.xlsx", "表1", "D4", "budget"),
         Quantity("amount", "智慧城管 全年执行", "智慧城管", 111.85, 2, "t.xlsx", "表1", "E4", "executed"),
         Quantity("rate", "城管进社区 执行率", "城管进社区", 33.79 / 35.84, 2, "t.xlsx", "表1", "F8", "执行率", 0.9429)]
TABLE = [TOTAL_BUDGET, TOTAL_EXECUTED, TOTAL_RATE, *SMART]


def match(sentence: str, quantities=TABLE):
    return match_claims(claims_in_sentence(sentence, "第20段", "r.docx"), quantities)


def test_a_total_claim_is_compared_with_the_recomputed_total_and_quotes_the_printed_cell():
    budget, executed, rate = match("部门预算总额为282.19万元,全年实际执行额为 224.05万元,总体执行率75.5%。")
    assert budget.counterparts == [(TOTAL_BUDGET, False)] and budget.status == DIFFERS
    assert executed.counterparts == [(TOTAL_EXECUTED, True)] and executed.status == AGREES  # the table's 213.05 is wrong
    assert rate.counterparts == [(TOTAL_RATE, False)]
    found = prose_findings([budget, executed, rate])
    assert [(f.rule, f.sheet, f.cell, f.reported, f.expected) for f in found] == [
        ("prose-figure", "正文", "第20段", 282.19, 302.19), ("prose-figure", "正文", "第20段", 0.755, TOTAL_RATE.value)]
    assert "t.xlsx“表1”D11" in found.items[0].message and "表中印的是 282.19万元，正文照搬了这个有误的数" in found.items[0].message
    assert "部门预算总额为282.19万元" in found.items[0].message and found.items[0].material


def test_a_project_is_matched_by_its_name_and_measure():
    budget, executed = match("1、智慧城管:预算170.35万元,主要用于平台搭建,执行111.85万元;")
    assert budget.counterparts == [(SMART[0], True)] and executed.counterparts == [(SMART[1], True)]
    (rate,) = match("2、高执行率项目:城管进社区执行率94.29%,剩余资金计划2025年1月拨付。")
    assert rate.status == AGREES  # 94.28% recomputed: one rounding step of the printed 94.29%
    assert claim_measure(budget.claim) == "budget" and claim_measure(rate.claim) == "执行率"


def test_precision_is_the_claims_own():
    near = Quantity("amount", "x", "智慧城管", 170.4, 1, "t.xlsx", "S", "A1", "budget")
    assert match("智慧城管:预算170万元", [near])[0].status == AGREES  # printed to the 万元
    assert match("智慧城管:预算170.00万元", [near])[0].status == DIFFERS
    assert match("智慧城管:预算170.35元", [SMART[0]])[0].status == DIFFERS  # 元, not 万元


def test_a_claim_with_no_counterpart_is_listed_not_flagged():
    (m,) = match("年末资产总额135.23万元。")
    assert m.status == UNMATCHED and not prose_findings([m])
    frame = claims_frame([m])
    assert frame.loc[0, "状态"] == UNMATCHED and frame.loc[0, "正文数字"] == "135.23万元"


def test_a_bare_label_takes_its_project_from_the_paragraph_before():
    project = Quantity("amount", "协管员经费 2023年决算数", "协管员经费", 965.12, 2, "b.xlsx", "基础数据表", "D13", "executed")
    line = Quantity("amount", "项目支出 2023年决算数", "项目支出", 1124.66, 2, "b.xlsx", "基础数据表", "D12", "executed")
    paragraphs = [SimpleNamespace(text="1.年初预算项目协管员专项资金，实际支出965.12万元。", where="第35段"),
                  SimpleNamespace(text="项目支出965.12万元，主要用于保障全体协管员的工资。", where="第36段")]
    first, second = match_claims(extract_claims(paragraphs, "r.docx"), [project, line])
    assert first.counterparts == [(project, True)] and second.counterparts == [(project, True)]
    assert is_bare("项目支出") and is_bare("实际支出") and not is_bare("城市管理综合执法经费专项")


def test_grades_compare_as_grades():
    q = Quantity("grade", "等级", "", "优", 0, "f.xlsx", "S", "H28", "grade")
    assert match("自评得分100分，自评结论为优秀。", [q])[1].status == AGREES
    assert match("自评结论为良好。", [q])[0].status == DIFFERS


def test_seed_002_prose_against_its_tables(seed_paragraphs, seed_quantities):
    matches = match_claims(extract_claims(seed_paragraphs["002"], "002.txt"), seed_quantities["002"])
    found = {(f.cell, f.subject or "", f.reported, round(f.expected, 4)) for f in prose_findings(matches)}
    assert found == {("第20行", "区城管局部门预算总额", 282.19, 302.19), ("第20行", "总体执行率", 0.755, 0.7414),
                     ("第121行", "文明创建", 0.001241, 12.41)}
    statuses = {(m.claim.where, m.claim.text): m.status for m in matches}
    assert statuses[("第20行", "224.05万元")] == AGREES and statuses[("第86行", "96.4分")] == AGREES
    assert statuses[("第134行", "94.29%")] == AGREES and statuses[("第79行", "4期")] == UNMATCHED


def test_seed_004_text_says_155_66_where_its_base_data_table_says_159_54(seed_paragraphs, seed_quantities):
    found = prose_findings(match_claims(extract_claims(seed_paragraphs["004"], "004.txt"), seed_quantities["004"]))
    places = {(f.cell, f.reported, f.expected, f.message.split("而 ")[1].split("（")[0]) for f in found}
    assert ("第35行", 155.66, 159.54, "基础数据表.xlsx“基础数据表”D14") in places
    assert ("第29行", 1120.78, 1124.66, "基础数据表.xlsx“基础数据表”D12") in places  # 项目支出: 965.12 + 155.66
    assert ("第62行", 159.54, 155.66, "正文支出数据.xlsx“正文支出数据”C7") in places  # the text against itself
    assert len(found) == 3


def test_seeds_000_001_003_prose_agrees_with_their_tables(seed_paragraphs, seed_quantities):
    for seed in ("000", "001", "003"):
        matches = match_claims(extract_claims(seed_paragraphs[seed], f"{seed}.txt"), seed_quantities[seed])
        assert not prose_findings(matches), seed
    one = match_claims(extract_claims(seed_paragraphs["001"]), seed_quantities["001"])
    score = next(m for m in one if m.claim.text == "95分")
    ((q, ok),) = score.counterparts  # 95 = the sum of the printed scores; the 总分 cell prints 950
    assert ok and q.value == 95 and q.printed == 950 and q.cell == "H22"
    assert "表中印的是 950分" in claims_frame([score]).loc[0, "说明"]


def test_a_claim_agrees_with_a_cell_printed_to_fewer_places():
    from evalkit.prose.claims import claims_in_sentence
    from evalkit.prose.match import claim_agrees

    (yuan,) = claims_in_sentence("本项目共完成预算资金1329120.67元")  # 棠溪镇 2022 F12; its E8 prints 132.912 万元
    assert not claim_agrees(yuan, 132.912, 0) and claim_agrees(yuan, 132.912, 0, 3)
    assert not claim_agrees(yuan, 132.95, 0, 3)  # 300 元 apart: more than the cell's 10 元 step
    (rate,) = claims_in_sentence("完成预算的83.50%")
    assert claim_agrees(rate, 0.835, 0, 1) and not claim_agrees(rate, 0.8349, 0, 2)
