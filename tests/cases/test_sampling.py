import pandas as pd
import pytest

import evalkit as ek
from evalkit.cases.assess import assess_cases
from evalkit.cases.sampling import attribute_sample_size, select_sample
from evalkit.testing.casegen import generate_cases


@pytest.mark.parametrize("confidence,tolerable,expected,n", [
    (0.95, 0.05, 0.0, 59), (0.95, 0.05, 0.01, 93), (0.95, 0.05, 0.015, 124), (0.95, 0.05, 0.02, 181),
    (0.90, 0.05, 0.0, 45), (0.90, 0.05, 0.01, 77), (0.95, 0.10, 0.0, 29), (0.99, 0.05, 0.0, 90),
])
def test_sample_sizes_match_the_attribute_tables(confidence, tolerable, expected, n):
    assert attribute_sample_size(confidence, tolerable, expected) == n


def test_sample_size_guards():
    assert attribute_sample_size(population=20) == 20
    with pytest.raises(ValueError):
        attribute_sample_size(0.95, 0.05, 0.06)


@pytest.fixture(scope="module")
def stats():
    return assess_cases(generate_cases(3000, units=["甲", "乙", "丙"], seed=4))


def test_only_closed_cases_reproducible_by_seed(stats):
    s = select_sample(stats.cases, seed=2020)
    assert len(s.cases) == 59 and s.params["population"] == stats.cases["closed_at"].notna().sum()
    assert s.cases["closed_at"].notna().all()
    again = select_sample(stats.cases.sample(frac=1, random_state=1), seed=2020)
    assert s.cases["case_id"].tolist() == again.cases["case_id"].tolist()
    assert set(select_sample(stats.cases, seed=2021).cases["case_id"]) != set(s.cases["case_id"])


def test_stratified_by_unit(stats):
    s = select_sample(stats.cases, seed=1, size=100, by="duty_unit")
    counts = s.cases["duty_unit"].value_counts()
    strata = s.strata.set_index("stratum")
    assert strata["drawn"].sum() == 100 == len(s.cases)
    assert counts.to_dict() == strata["drawn"].to_dict()
    share = strata["population"] / strata["population"].sum() * 100
    assert ((strata["drawn"] - share).abs() < 1).all()  # proportional, largest remainder
    small = select_sample(stats.cases.head(200), seed=1, size=2, by="duty_unit", min_per_stratum=1)
    assert (small.strata["drawn"] >= 1).all()


def test_excluded_rows_never_drawn_and_xlsx_export(stats, tmp_path):
    cases = stats.cases.copy()
    cases.loc[cases.index[:2000], "excluded"] = True
    s = select_sample(cases, seed=3, size=500)
    assert not s.cases["excluded"].any()
    path = s.to_excel(tmp_path / "抽样.xlsx")
    book = pd.read_excel(path, sheet_name=None, engine="calamine")
    assert set(book) == {"核查清单", "样本", "参数", "分层"} and len(book["样本"]) == len(book["核查清单"]) == len(s.cases)
    params = dict(zip(book["参数"]["参数"], book["参数"]["值"].astype(str)))
    assert params["seed"] == "3" and "案件编号" in book["样本"].columns
    assert "随机种子 3" in ek.reports.views.to_html(s)


def test_the_sample_exports_as_a_checklist_for_site_inspection(stats, tmp_path):
    import openpyxl

    sample = select_sample(stats.cases, seed=2020, by="duty_unit")
    book = openpyxl.load_workbook(sample.to_excel(tmp_path / "抽样.xlsx"))
    assert book.sheetnames == ["核查清单", "样本", "参数", "分层"]
    sheet = book["核查清单"]
    headers = [c.value for c in sheet[1]]
    assert headers[:3] == ["序号", "案件编号", "责任单位"] and headers[-4:] == ["核查结果", "现场情况说明", "核查人", "核查日期"]
    assert "有效截止时间" in headers and "处置完成时间" in headers and len(headers) <= 16  # not the export's 28 columns
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(sample.cases) == 59 and [r[0] for r in rows] == list(range(1, 60))
    assert [r[1] for r in rows] == sample.cases["case_id"].tolist()
    assert all("核实" in r[headers.index("核查要点")] for r in rows)
    (validation,) = sheet.data_validations.dataValidation
    result = openpyxl.utils.get_column_letter(headers.index("核查结果") + 1)
    assert validation.formula1 == '"相符,不相符,无法核实"' and str(validation.sqref) == f"{result}2:{result}60"
    assert sheet.print_title_rows == "$1:$1" and sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4 == "9"  # A4
