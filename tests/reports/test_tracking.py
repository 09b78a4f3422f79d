from datetime import datetime, timezone

import pytest
from openpyxl import load_workbook

from evalkit.department.workbooks import check_paths
from evalkit.errors import InputError
from evalkit.reports.register import write_register
from evalkit.reports.tracking import merge_registers, read_register, write_tracking

H6 = "自评表/附件1!H6/execution-score"
H21 = "自评表/附件1!H21/indicator-score"
I21 = "自评表/附件1!I21/missing-reason"


def fill(path, statuses, *, shuffle=False):
    """Fill 整改状态 (and a 复核意见) as the unit and the reviewer would, by header text; with ``shuffle``
    also insert an extra column in front and move 整改状态 to the far right, as people do."""
    wb = load_workbook(path)
    ws = wb["发现清单"]
    header = {c.value: c.column for c in ws[1]}
    for row in ws.iter_rows(min_row=2):
        fid = row[header["编号"] - 1].value
        if fid in statuses:
            row[header["整改状态"] - 1].value = statuses[fid]
            row[header["复核意见"] - 1].value = f"复核：{statuses[fid]}"
    if shuffle:
        status = header["整改状态"]
        ws.move_range(f"{ws.cell(row=1, column=status).column_letter}1:"
                      f"{ws.cell(row=ws.max_row, column=status).column_letter}{ws.max_row}", cols=20 - status)
        ws.insert_cols(1)
        ws["A1"] = "内部备注"
    wb.save(path)
    return path


@pytest.fixture
def two_years(zhongfang, tmp_path):
    report = check_paths([zhongfang])
    first = write_register(report, tmp_path / "2020.xlsx", reviewer="张三",
                           reviewed_at=datetime(2021, 3, 1, 2, tzinfo=timezone.utc))
    fill(first, {H6: "已整改", H21: "整改中"}, shuffle=True)
    later = [f for f in report.findings if f.cell != "H21"]  # H21 was put right; H6 is back
    second = write_register(later, tmp_path / "2021.xlsx", inputs=[zhongfang], year=2021,
                            reviewed_at=datetime(2022, 3, 1, 2, tzinfo=timezone.utc))
    fill(second, {I21: "不需整改"})
    return first, second


def test_a_filled_register_is_read_by_its_headers(two_years):
    first, _ = two_years
    register = read_register(first)
    assert (register.year, str(register.reviewed_on), register.reviewer) == (2020, "2021-03-01", "张三")
    rows = {r["编号"]: r for r in register.rows}
    assert len(rows) == 6
    assert rows[H6]["整改状态"] == "已整改" and rows[H6]["复核意见"] == "复核：已整改"
    assert rows[H6]["单元格"] == "H6" and rows[I21]["整改状态"] == ""


def test_merge_gives_latest_status_and_flags_a_fixed_finding_that_reappears(two_years):
    first, second = two_years
    frame = merge_registers([second, first]).set_index("编号")  # any order: sorted by review date
    a, b = "2020年度（复核 2021-03-01）", "2021年度（复核 2022-03-01）"
    assert list(frame.columns[frame.columns.get_loc("出现次数") + 1:][:2]) == [a, b]
    assert len(frame) == 6
    assert frame.loc[H6, [a, b, "最新整改状态", "出现次数", "重复出现"]].tolist() == ["已整改", "已列出", "已整改", 2,
                                                                                     "重复出现"]
    assert frame.loc[H6, "最新复核意见"] == "复核：已整改"
    assert frame.loc[H21, [a, b, "最新整改状态", "最近出现", "重复出现"]].tolist() == ["整改中", "", "整改中", a, ""]
    assert frame.loc[I21, [a, b, "最新整改状态", "首次出现", "最近出现"]].tolist() == ["已列出", "不需整改", "不需整改", a, b]
    assert (frame["重复出现"] == "重复出现").sum() == 1
    assert [r["发现数"] for r in frame.attrs["registers"]] == [6, 5]


def test_tracking_workbook_marks_repeated_rows(two_years, tmp_path):
    frame = merge_registers(list(two_years))
    out = write_tracking(frame, tmp_path / "整改跟踪.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == ["整改跟踪", "复核记录"]
    ws = wb["整改跟踪"]
    header = [c.value for c in ws[1]]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    flagged = rows[H6]
    assert flagged[header.index("重复出现")].value == "重复出现"
    assert flagged[0].fill.fgColor.rgb.endswith("F4CCCC") and not rows[H21][0].fill.fgColor.rgb.endswith("F4CCCC")
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    log = wb["复核记录"]
    assert [log.cell(row=r, column=5).value for r in (2, 3)] == [2020, 2021]
    assert log.cell(row=2, column=6).value == datetime(2021, 3, 1)


def test_a_file_that_is_not_a_register_is_said_to_be_one(yiyang, tmp_path):
    with pytest.raises(InputError, match="自评表.xlsx.*不是复核发现清单"):
        merge_registers([yiyang])
    text = tmp_path / "清单.xlsx"
    text.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(InputError, match="清单.xlsx.*不是 xlsx 工作簿"):
        read_register(text)
    with pytest.raises(InputError, match="文件不存在"):
        read_register(tmp_path / "无.xlsx")
