"""Fields of a case export and the headers that name them (cases.headers)."""

import pytest

from evalkit.cases.headers import field_of, header_row, match_headers, refuse_duplicate_fields
from evalkit.errors import InputError


def test_header_wordings_and_explicit_mapping():
    assert field_of("处置 截止时间") == "deadline" and field_of("案卷编号") == "case_id"
    assert field_of("延期后截止时间") == "extended_deadline" and field_of("结案申请时间") == "handled_at"
    assert field_of("问题类型（部件/事件）") == "case_type" and field_of("责任单位 ") == "duty_unit"
    assert match_headers(["编号", "任务号"]) == {"case_id": "编号"}
    assert match_headers(["编号", "任务号"], {"任务号": "case_id"}) == {"case_id": "任务号"}
    with pytest.raises(InputError, match="不在文件中"):
        match_headers(["编号"], {"任务编码": "case_id"})
    with pytest.raises(InputError, match="不存在"):
        match_headers(["编号"], {"编号": "caseid"})


def test_the_header_row_is_the_one_naming_most_fields_and_a_field_named_twice_is_refused(tmp_path):
    rows = [["2020年案件导出"], ["任务号", "处置部门", "截止时间"], ["001", "甲", "2020-03-01"]]
    assert header_row(rows) == 1
    refuse_duplicate_fields(["备注", "备注", "任务号"], None, tmp_path / "x.csv")  # not a field: allowed
    with pytest.raises(InputError, match="x.csv.*“处置部门” 出现两次（第 A 列和第 C 列）"):
        refuse_duplicate_fields(["处置部门", "任务号", "处置部门"], None, tmp_path / "x.csv")
