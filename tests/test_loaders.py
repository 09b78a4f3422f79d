"""The loaders (loaders): inputs named relative to data/, and a missing generated sample said plainly."""

import pytest

import evalkit.project as project
from evalkit import loaders
from evalkit.errors import InputError

SAMPLE = "generated/zhongfang-2020/案件导出.csv"


def test_a_missing_generated_sample_says_to_run_evalkit_samples(monkeypatch, tmp_path):
    units = project.DATA / "zhongfang-2020" / "units.csv"
    monkeypatch.setattr(project, "DATA", tmp_path)  # a data/ folder where nothing was generated yet
    with pytest.raises(InputError, match="案件导出.csv.*evalkit samples") as err:
        loaders.load_case_report([SAMPLE, units])
    assert err.value.file == str(tmp_path / SAMPLE)


def test_a_missing_ordinary_input_is_not_mistaken_for_a_sample(tmp_path):
    with pytest.raises(InputError) as err:
        loaders.load_case_report([str(tmp_path / "无此文件.csv")], cache=False)
    assert "无此文件.csv" in str(err.value) and "evalkit samples" not in str(err.value)


def test_relative_and_absolute_inputs_read_the_same_department():
    rel = ["duji-2024/项目预算执行表.xlsx", "duji-2024/项目自评得分表.xlsx"]
    by_name = loaders.load_department(rel)
    by_path = loaders.load_department([project.DATA / p for p in rel])
    assert by_name.findings.count("error") == by_path.findings.count("error") == 6  # and one rounding difference
    assert by_name.projects()["budget"].sum() == pytest.approx(302.19)


def test_the_sample_report_reproduces_the_published_rates_and_is_cached(tmp_path):
    rep = loaders.load_case_report([SAMPLE, "zhongfang-2020/units.csv"], cache=tmp_path / "cache")
    t = rep.stats.total
    assert (t["total"], t["completed"]) == (14664, 8907) and round(t["resolution_rate"] * 100, 2) == 60.74
    assert list((tmp_path / "cache").glob("*.parquet"))


def test_a_counts_table_among_department_inputs_is_checked_apart():
    inputs = ["zhuzhou-2019/预算执行明细表.xlsx", "zhuzhou-2019/case_counts.csv"]
    counts = loaders.load_counts(inputs)
    table = counts.table.set_index("indicator")
    assert table.loc["结案", "reported_rate"] == "99.11%"  # seed 003's published rate, now in a report
    assert len(loaders.load_department(inputs).files) == 1  # the CSV is not taken for an unreadable workbook
    assert loaders.load_counts(["duji-2024/项目预算执行表.xlsx"]) is None
