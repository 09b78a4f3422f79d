"""A 自评表's 年度总体目标 figures against its own funds (department.goals), on real published forms."""

from pathlib import Path

import evalkit as ek
from evalkit.department.goals import about, check_goals
from evalkit.department.quantities import form_quantities

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_the_amounts_stated_in_yuan_agree_with_the_sources_when_the_printed_total_is_0():
    # 棠溪镇 村级补助及运转经费 2022: 年度资金总额 prints 0; 本年财政拨款 202.64 / 132.912
    form = ek.load_self_evaluation(CORPUS / "chizhou-guichi-tangxi-cunji-buzhu-2022.xls")
    assert about(form) == "村级补助及运转经费"
    goals = check_goals(form, form_quantities(form, subject=about(form)))
    compared = [m for m in goals.matches if m.counterparts]
    assert [(m.claim.where, m.claim.text, m.status) for m in compared] == [("B12", "2026400元", "一致"),
                                                                          ("F12", "1329120.67元", "一致")]
    assert [q.label for m in compared for q, _ in m.counterparts] == ["年度资金总额 年初预算数", "年度资金总额 全年执行数"]
    assert goals.counts()["未能对照"] == 10 and not goals.findings  # the parts (其中…) are listed only
    assert goals.part == "项目支出绩效自评表 年度总体目标"


def test_a_form_without_figures_in_its_goals_states_nothing(yiyang):
    form = ek.load_self_evaluation(yiyang)
    assert check_goals(form, form_quantities(form, subject=about(form))).matches == []
