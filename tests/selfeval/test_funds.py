"""The funds block as real published tables print it (transcriptions of tests/corpus/)."""

import pytest

import evalkit as ek


@pytest.fixture
def corpus(corpus_file):
    return lambda stem: ek.load_self_evaluation(corpus_file(stem))


def test_execution_points_printed_in_the_header_are_the_weight(corpus):
    # 湖北: "预算执行情况(万元) (20分)" … "得分 (20分*执行率)", no 分值 column
    t = corpus("huangshi-zhujian-haimian-2022")
    total = t.funds.set_index("item").loc["total"]
    assert (total["budget"], total["executed"], total["weight"], total["weight_cell"]) == (200, 195.5, 20, "A7")
    assert total["score_reported"] == 19.55
    r = ek.rescore(t)
    assert r.execution.score_expected == pytest.approx(19.55)
    assert [f.rule for f in ek.check(t) if f.severity.value == "error"] == []


def test_fujian_columns_with_circled_numbers(corpus):
    # 福建: 年初…①, 年中调整金额②, 小计③=①+②, 年度拨付金额④, 支出实现率(%)⑤=④/③ printed as bare 99.92
    t = corpus("ningde-dizhenju-2020")
    funds = t.funds.set_index("item")
    assert list(funds.index) == ["current", "projects", "basic", "other", "total"]
    total = funds.loc["total"]
    assert (total["budget_initial"], total["budget"], total["executed"]) == (130.54, 188.61, 188.45)
    assert total["budget_cell"] == "E10" and total["rate_reported"] == pytest.approx(0.9992)
    assert not [f for f in ek.check(t) if f.rule.startswith(("execution", "funds"))]


def test_single_line_labelled_by_a_cell_merged_down_from_the_header(corpus):
    # 重庆: "预算资金" spans the header row and the one line under it; amounts left blank
    t = corpus("chongqing-kexuecheng-rongmeiti-2021")
    total = t.funds.set_index("item").loc["total"]
    assert (total["label"], total["rate_reported"], total["weight"], total["score_reported"]) == ("预算资金", 0.76, 10, 7.6)
    assert total["score_reported_cell"] == "I5"
