"""Side tables (io.sidetable): units, counts and components tables read as text, columns found by wording."""

import pandas as pd
import pytest

from evalkit.errors import InputError
from evalkit.io.sidetable import find_columns, header_of, read_side_table
from evalkit.project import DATA

UNIT_WORDS = {"unit": ("unit", "责任单位"), "class": ("class", "类别")}


def test_csv_with_bom_is_read_as_text(tmp_path):
    path = tmp_path / "单位.csv"
    path.write_text("\ufeff责任单位,类别,编号\n中方镇,A,007\n,,\n", encoding="utf-8")
    frame, file = read_side_table(path, "单位分类表")
    assert file == str(path) and frame.columns.tolist() == ["责任单位", "类别", "编号"]  # no BOM in the header
    assert frame.values.tolist() == [["中方镇", "A", "007"], ["", "", ""]]  # ids keep their zeros, blanks are ""


def test_xlsx_first_sheet_is_read_as_text(tmp_path):
    path = tmp_path / "单位.xlsx"
    with pd.ExcelWriter(path) as xl:
        pd.DataFrame({"unit": ["中方镇", "铜湾镇"], "class": ["A", None], "n": [7, 8]}).to_excel(xl, index=False)
        pd.DataFrame({"other": [1]}).to_excel(xl, sheet_name="第二页", index=False)
    frame, _ = read_side_table(path, "单位分类表")
    assert frame.to_dict("list") == {"unit": ["中方镇", "铜湾镇"], "class": ["A", ""], "n": ["7", "8"]}


def test_a_frame_is_taken_as_given_and_copied():
    given = pd.DataFrame({"unit": ["中方镇"]})
    frame, file = read_side_table(given, "单位分类表")
    assert file == "<frame>" and frame.equals(given) and frame is not given


def test_find_columns_matches_wordings_after_squash_and_lower_case():
    frame = pd.DataFrame(columns=["责任 单位", "CLASS", "备注"])
    assert find_columns(frame, UNIT_WORDS) == {"unit": "责任 单位", "class": "CLASS"}
    assert find_columns(pd.DataFrame(columns=["Unit"]), UNIT_WORDS) == {"unit": "Unit", "class": None}


def test_the_seed_units_table():
    frame, _ = read_side_table(DATA / "zhongfang-2020" / "units.csv", "单位分类表")
    cols = find_columns(frame, UNIT_WORDS)
    assert cols == {"unit": "unit", "class": "class"} and len(frame) == 32
    assert (frame[cols["class"]] == "A").sum() == 18
    assert header_of(DATA / "zhongfang-2020" / "units.csv") >= {"unit", "class"}


def test_a_missing_or_undecodable_file_is_an_input_error_naming_the_table(tmp_path):
    with pytest.raises(InputError, match="无此.csv.*无法读取单位分类表"):
        read_side_table(tmp_path / "无此.csv", "单位分类表")
    bad = tmp_path / "乱码.csv"
    bad.write_bytes(b"\xff\xfe\x00\x81garbage")
    with pytest.raises(InputError, match="乱码.csv.*无法读取计数表"):
        read_side_table(bad, "计数表")


def test_a_text_file_named_xlsx_is_an_input_error(tmp_path):
    fake = tmp_path / "单位.xlsx"
    fake.write_text("unit,class\n", encoding="utf-8")
    with pytest.raises(InputError, match="单位.xlsx.*无法读取单位分类表"):
        read_side_table(fake, "单位分类表")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "utf-16"])
def test_a_units_csv_saved_in_any_office_encoding_is_read(tmp_path, encoding):
    path = tmp_path / "units.csv"
    path.write_bytes("单位,类别\n中方镇,A\n".encode(encoding))
    frame, _ = read_side_table(path, "单位分类表")
    assert frame.to_dict("records") == [{"单位": "中方镇", "类别": "A"}]


def test_text_that_is_no_known_encoding_is_an_error_naming_the_file(tmp_path):
    from evalkit.errors import InputError
    from evalkit.io.sidetable import decode_text

    with pytest.raises(InputError, match="x.csv: 无法读取目录文件：既不是 UTF-8、GBK 也不是 UTF-16 编码"):
        decode_text(b"\xff\xfe\x00\xd8", tmp_path / "x.csv", "目录文件")
