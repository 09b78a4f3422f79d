"""Reading case exports (cases.reader): header wordings, xlsx/xls/csv, title rows, ids kept as text, the Parquet cache."""

import openpyxl
import pandas as pd
import pytest

from evalkit.cases.assess import assess_cases
from evalkit.cases.reader import read_cases, table_from_frame
from evalkit.errors import InputError
from evalkit.testing.casegen import write_export


def test_xlsx_with_title_row_date_cells_ids_and_extras(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["中方县智慧城管案件导出"])
    ws.append(["案卷编号", "处置部门", "截止时间", "延期后截止时间", "反馈时间", "核查结果", "备注"])
    ws.append(["000123", "甲单位", pd.Timestamp("2020-03-05 14:22").to_pydatetime(), None, "2020/3/5 14:00", "通过", "G1"])
    ws.append([20200305, "甲单位", "2020年3月6日 9时0分", None, pd.Timestamp("2020-03-07").to_pydatetime(), "通过", "G2"])
    wb.save(tmp_path / "e.xlsx")
    t = read_cases(tmp_path / "e.xlsx", cache=False)
    assert t.frame["case_id"].tolist() == ["000123", "20200305"]
    assert t.frame["deadline"].tolist() == [pd.Timestamp("2020-03-05 14:22"), pd.Timestamp("2020-03-06 09:00")]
    assert t.frame["备注"].tolist() == ["G1", "G2"]  # extra columns are kept
    assert t.cell("handled_at", 4) == "E4" and t.frame["row"].tolist() == [3, 4]
    stats = assess_cases(t)
    assert (stats.total["on_time"], stats.total["late"]) == (1, 1)


def test_xls_and_gb18030_csv(tmp_path, edge_frame, unit_table):
    frame = edge_frame
    for path in (write_export(frame, tmp_path / "e.xls"), write_export(frame, tmp_path / "e.csv", encoding="gb18030")):
        stats = assess_cases(path, units=unit_table, cache=False)
        assert (stats.total["total"], stats.total["on_time"]) == (9, 5)
        assert stats.cases["case_id"].iloc[0] == "001"


def test_parquet_cache_keyed_by_content(tmp_path, edge_frame):
    path = write_export(edge_frame, tmp_path / "e.csv")
    cache = tmp_path / "cache"
    first = read_cases(path, cache=cache)
    again = read_cases(path, cache=cache)
    assert not first.from_cache and again.from_cache
    pd.testing.assert_frame_equal(first.frame, again.frame)
    assert again.letters == first.letters and again.headers == first.headers
    write_export(edge_frame.iloc[:3], path)
    assert not read_cases(path, cache=cache).from_cache and len(read_cases(path, cache=cache).frame) == 3


def test_frame_input_with_table_from_frame(edge_frame):
    t = table_from_frame(edge_frame)
    assert t.file == "<frame>" and t.cell("deadline", 2) == "D2"


def test_csv_title_row_bom_and_mapped_id_keeps_zeros(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("\ufeff案件导出,,,,\n任务编码,责任 单位,处置截止时间,处置完成时间,核查结果\n"
                    "000789,甲单位,2020-05-31 18:00:00,2020-05-31 17:00:00,核查通过\n", encoding="utf-8")
    t = read_cases(path, columns={"任务编码": "case_id"}, cache=False)
    assert t.frame["case_id"].tolist() == ["000789"] and t.frame["row"].tolist() == [3]
    assert t.cell("deadline", 3) == "C3"
    assert assess_cases(t).total["on_time"] == 1


def test_unreadable_cells_are_kept_not_dropped():
    t = table_from_frame(pd.DataFrame({"案件编号": ["1", "2", "3"],
                                       "处置截止时间": ["2020-03-05 18:00", "明天", ""]}))
    assert t.frame["deadline"].isna().tolist() == [False, True, True]
    assert t.bad_cells.to_dict("records") == [{"row": 3, "field": "deadline", "raw": "明天"}]


def test_a_text_file_named_xlsx_and_an_unknown_suffix_are_input_errors(tmp_path):
    fake = tmp_path / "导出.xlsx"
    fake.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(InputError, match="导出.xlsx.*无法读取工作簿"):
        read_cases(fake)
    with pytest.raises(InputError, match="不支持的文件类型 .json"):
        read_cases(tmp_path / "导出.json")


def test_a_damaged_cache_entry_is_rebuilt_from_the_export(tmp_path, edge_frame):
    path = tmp_path / "cases.csv"
    edge_frame.to_csv(path, index=False)
    cache = tmp_path / "cache"
    first = read_cases(path, cache=cache)
    for damage in ("parquet", "json"):
        for part in cache.glob(f"*.{damage}"):
            part.write_bytes(b"{garbage")
        again = read_cases(path, cache=cache)
        assert again.frame["case_id"].tolist() == first.frame["case_id"].tolist() and not again.from_cache
    assert read_cases(path, cache=cache).from_cache  # and the rebuilt entry serves the next read
