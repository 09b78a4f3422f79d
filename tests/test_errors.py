"""The error hierarchy (errors): what each error is, and messages that name the file, sheet and cell."""

from pathlib import Path

import pytest

from evalkit.errors import (
    CatalogError,
    EvalkitError,
    InputError,
    LayoutNotFound,
    ProfileError,
    UnreadableFile,
    UsageError,
    ValueParseError,
    where,
)


def test_input_error_names_workbook_sheet_and_cell():
    exc = InputError("无法解析", file="/data/x/自评表.xlsx", sheet="Sheet1", cell="F12")
    assert str(exc) == "工作簿 /data/x/自评表.xlsx 工作表 Sheet1 单元格 F12: 无法解析"  # the full path: which 自评表
    assert (exc.file, exc.sheet, exc.cell) == ("/data/x/自评表.xlsx", "Sheet1", "F12")


def test_input_error_without_a_location_is_just_the_message():
    exc = InputError("文件为空")
    assert str(exc) == "文件为空" and (exc.file, exc.sheet, exc.cell) == (None, None, None)
    assert str(InputError("缺少列", sheet="汇总")) == "工作表 汇总: 缺少列"


def test_where_prints_only_what_is_known():
    assert where("/d/a.xlsx", "S", "B2") == "工作簿 /d/a.xlsx 工作表 S 单元格 B2"
    assert where("a.xlsx") == f"工作簿 {Path.cwd() / 'a.xlsx'}"  # a relative name: where it was looked for
    assert where(None, None, "B2") == "单元格 B2" and where(None) == ""


@pytest.mark.parametrize("kind", [UnreadableFile, LayoutNotFound, CatalogError])
def test_input_errors_are_evalkit_errors(kind):
    exc = kind("x", file="/d/y.csv")
    assert isinstance(exc, InputError) and isinstance(exc, EvalkitError)
    assert str(exc) == "文件 /d/y.csv: x"  # a CSV is a 文件, not a 工作簿


def test_the_other_branches_of_the_hierarchy():
    assert issubclass(ProfileError, EvalkitError) and not issubclass(ProfileError, InputError)
    assert issubclass(UsageError, EvalkitError) and not issubclass(UsageError, InputError)
    # a cell parser's error is a ValueError without a location, turned into a finding by the readers
    assert issubclass(ValueParseError, ValueError) and not issubclass(ValueParseError, EvalkitError)
    with pytest.raises(EvalkitError):
        raise LayoutNotFound("没有找到绩效自评表")
