"""How a sentence names what its figure is (prose.names): the name key and the measures."""

from evalkit.prose.names import amount_measure, key, last_occurrence, rate_measure, score_measure


def test_name_keys_meet_across_wordings():
    assert key("2、城市管理综合行政执法经费") == key("城市管理综合执法经费专项") == "城市管理综合执法"
    assert key("1、协管员经费") == key("协管员经费专项") == "协管员"
    assert key("项目经费") == key("项目支出") == "项目支出" and key("智慧城管项目") == "智慧城管"


def test_measures_are_the_rightmost_word_once_names_are_set_aside():
    assert amount_measure("年末预算执行金额") == "executed" and amount_measure("初预算安排资金") == "budget"
    assert amount_measure("单位一般公共预算财政拨款支出") == "" and amount_measure("实际到位经费") == "received"
    assert amount_measure("年中执行调增") == "change" and amount_measure("19年末结转资金") == "carryover"
    assert rate_measure("全年问题案件解决率") == "解决率" and rate_measure("及时解决率") == "及时解决率"
    assert rate_measure("资金到位率") == "到位率" and rate_measure("占资产总额") == ""
    assert score_measure("7个项目平均自评分") == "average" and score_measure("自评得分") == "total"


def test_last_occurrence_prefers_the_name_nearest_the_figure():
    assert last_occurrence("人员经费248.48万元日常公用", ["人员", "日常公用", "公用"]) == ("日常公用", 16)  # where it ends
    assert last_occurrence("无", ["人员"]) == ("", -1)


def test_a_form_cell_names_the_whole_project_by_its_measure_alone():
    from evalkit.prose.names import speaks_of_the_whole

    # 棠溪镇 2022 and 鄂州 2021 (tests/corpus): the 年度总体目标 cells' own words
    assert all(map(speaks_of_the_whole, ("本项目共申请预算资金", "本项目共完成预算资金", "执行数", "完成预算的")))
    assert not any(map(speaks_of_the_whole, ("", "村级组织运转", "本年度财政拨款", "其中", "救助资金")))
    assert (amount_measure("本项目共完成预算资金"), amount_measure("本项目共申请预算资金")) == ("executed", "initial")
    assert rate_measure("完成预算的") == "执行率" and amount_measure("申请资金") == "initial"
