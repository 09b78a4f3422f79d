"""A rate of the text recomputed from the figures beside it (prose.derived)."""

import pytest

from evalkit.prose.claims import claims_in_sentence, extract_claims
from evalkit.prose.derived import derived_counterparts


def test_seed_002_total_rate_is_not_its_own_amounts():
    claims = claims_in_sentence("部门预算总额为282.19万元,全年实际执行额为 224.05万元,总体执行率75.5%。", "第20段", "r")
    ((i, q),) = derived_counterparts(claims).items()
    assert i == 2 and q.value == pytest.approx(224.05 / 282.19) and q.source == "text" and q.sheet == "第20段"
    assert q.place == "正文第20段" and "224.05万元" in q.label and "282.19万元" in q.label


def test_seed_001_case_rates_agree_with_its_case_figures(seed_paragraphs):
    claims = extract_claims(seed_paragraphs["001"])
    derived = {claims[i].label: q.value for i, q in derived_counterparts(claims).items()}
    assert derived["全年问题案件解决率"] == pytest.approx(8907 / 14664)
    assert derived["综合解决率"] == pytest.approx(0.55 * 0.6074 + 0.45 * 0.4001)  # the rates as printed
    assert "及时解决率" not in derived  # no 及时完成 count in the text


def test_seed_003_registration_and_loss_rates(seed_paragraphs):
    claims = extract_claims(seed_paragraphs["003"])
    derived = {claims[i].label: q.value for i, q in derived_counterparts(claims).items()}
    assert derived == pytest.approx({"立案率": 526260 / 559342, "流失率": 57 / 155})


def test_a_rate_in_a_form_cell_is_recomputed_from_the_figures_beside_it_in_that_cell():
    from evalkit.prose.check import check_prose
    from evalkit.prose.claims import CellText

    cell = CellText("全年预算数100万元，执行数90万元，完成预算的95.00%。", "F11", "自评表", "某项目")
    (f,) = check_prose([cell], [], "表.xlsx").findings
    assert (f.rule, f.sheet, f.cell, f.expected) == ("prose-rate", "自评表", "F11", pytest.approx(0.9))
    assert f.message.startswith("单元格 F11 的文字称“完成预算的”为 95.00%，但按同一单元格所述数字复算（")
