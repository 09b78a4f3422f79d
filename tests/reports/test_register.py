import hashlib
from datetime import datetime, timezone

import pytest
from openpyxl import load_workbook

from evalkit.department.workbooks import check_paths
from evalkit.findings import Finding, Severity
from evalkit.reports.register import HEADERS, SEVERITY_FILLS, STATUSES, difference, finding_ids, write_register
from evalkit.version import __version__

REVIEWED = datetime(2024, 3, 4, 20, 30, tzinfo=timezone.utc)  # 2024-03-05 04:30 in Beijing


@pytest.fixture
def seeds(yiyang, zhongfang, lusong):
    return [yiyang, zhongfang, lusong]


@pytest.fixture
def register(seeds, tmp_path):
    report = check_paths(seeds)
    out = write_register(report, tmp_path / "out" / "发现清单.xlsx", reviewer="张三", reviewed_at=REVIEWED)
    return report, load_workbook(out)


def rows_by_id(ws):
    header = [c.value for c in ws[1]]
    return header, {row[1].value: {h: c for h, c in zip(header, row)} for row in ws.iter_rows(min_row=2)}


def cover_values(ws):
    return {row[0].value: row[1].value for row in ws.iter_rows(min_row=1, max_row=12) if row[0].value}


def test_cover_names_reviewer_date_profile_version(register):
    _, wb = register
    assert wb.sheetnames == ["封面", "发现清单", "规则说明"]
    cover = cover_values(wb["封面"])
    assert cover["复核人"] == "张三"
    assert cover["复核日期"] == datetime(2024, 3, 5)  # Beijing date, not the UTC one (4 March)
    assert cover["生成时间"] == "2024-03-05 04:30:00（北京时间）"
    assert cover["评分规则"] == "national" and cover["evalkit 版本"] == __version__
    assert cover["年度"] == "2020、2022、2023"
    assert "生态环境保护专项:智慧城管服务" in cover["被审计单位/项目"]


def test_cover_lists_every_input_with_its_sha256_and_folder(register, seeds):
    _, wb = register
    ws = wb["封面"]
    start = next(r for r in range(1, 30) if ws.cell(row=r, column=1).value == "序号")
    listed = {ws.cell(row=r, column=4).value: (ws.cell(row=r, column=2).value, ws.cell(row=r, column=3).value,
                                               ws.cell(row=r, column=5).value)
              for r in range(start + 1, ws.max_row + 1)}
    assert len(listed) == 3
    for path in seeds:
        name, folder, digest = listed[str(path.resolve())]
        assert name == path.name and folder == str(path.resolve().parent)
        assert digest == hashlib.sha256(path.read_bytes()).hexdigest()
    # the two 自评表.xlsx are told apart by their folders
    assert sorted(f for n, f, _ in listed.values() if n == "自评表.xlsx") == sorted(
        str(p.resolve().parent) for p in seeds[:2])


def test_one_row_per_finding_with_stable_ids_and_real_numbers(register):
    report, wb = register
    ws = wb["发现清单"]
    header, rows = rows_by_id(ws)
    assert header == list(HEADERS)
    assert len(rows) == len(report.findings) == ws.max_row - 1
    assert [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)] == list(range(1, len(rows) + 1))
    # 自评表 is the stem of two inputs, but only zhongfang's has findings: the id is file stem, sheet, cell, rule
    score = rows["自评表/附件1!H6/execution-score"]
    assert score["严重程度"].value == "错误" and score["规则"].value == "执行率得分（execution-score）"
    assert (score["文件"].value, score["工作表"].value, score["单元格"].value) == ("自评表.xlsx", "附件1", "H6")
    assert score["严重程度"].fill.fgColor.rgb.endswith(SEVERITY_FILLS[Severity.ERROR])
    assert (score["报告值"].value, score["复算值"].value, score["差额"].value) == (10, 5, 5)
    for name in ("报告值", "复算值", "差额"):
        assert score[name].data_type == "n" and score[name].number_format == "#,##0.00"
    assert score["说明"].value.startswith("预算执行得分报")
    rate = rows["整体支出绩效自评表/整体支出绩效自评表!G4/execution-rate"]
    assert rate["报告值"].value == pytest.approx(0.9917)
    assert rate["差额"].value == pytest.approx(0.9917 - 2627.3 / 2628.42, abs=1e-9)
    assert {rate[n].number_format for n in ("报告值", "复算值", "差额")} == {"0.00%"}
    for cell in rate.values():
        if cell.column_letter in "LMNO":
            assert cell.value is None  # left for the unit and the reviewer to fill


def test_status_drop_down_layout_and_print_setup(register):
    report, wb = register
    ws = wb["发现清单"]
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == '"' + ",".join(STATUSES) + '"'
    assert str(validation.sqref) == f"N2:N{len(report.findings) + 1}"
    assert ws.cell(row=1, column=14).value == "整改状态"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:O{ws.max_row}"
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws["K2"].alignment.wrap_text and ws.column_dimensions["K"].width == 50
    assert ws["O2"].number_format == "yyyy-mm-dd"


def test_formula_like_text_is_stored_as_text(tmp_path):
    nasty = [Finding("total-row", "error", str(tmp_path / "=evil.xlsx"), "@S", "A1", "+1", "-20.00 万元", 3.0,
                     "=HYPERLINK(\"http://x\",\"点我\")"),
             Finding("grade", "warning", str(tmp_path / "=evil.xlsx"), "@S", "", "", "良\x07好", "优", "-等级不符")]
    out = write_register(iter(nasty), tmp_path / "r.xlsx", reviewer="=cmd|' /C calc'!A0")
    wb = load_workbook(out)
    _, rows = rows_by_id(wb["发现清单"])
    row = rows["=evil/@S!A1/total-row"]
    assert row["编号"].data_type == "s"
    assert row["说明"].value == "=HYPERLINK(\"http://x\",\"点我\")" and row["说明"].data_type == "s"
    assert row["报告值"].value == "-20.00 万元" and row["报告值"].data_type == "s"
    assert row["差额"].value is None  # text against a number: no difference
    assert row["工作表"].value == "@S" and row["工作表"].data_type == "s"
    grade = rows["=evil/@S/grade"]
    assert grade["报告值"].value == "良好" and grade["说明"].value == "-等级不符"
    cover = cover_values(wb["封面"])
    assert cover["复核人"] == "=cmd|' /C calc'!A0" and cover["被审计单位/项目"] == "（未识别）"
    assert not any(c.data_type == "f" for ws in wb.worksheets for r in ws.iter_rows() for c in r)


def test_ids_are_the_same_next_year_and_unique_within_a_register(zhongfang, tmp_path):
    first = write_register(check_paths([zhongfang]), tmp_path / "a.xlsx")
    second = write_register(check_paths([zhongfang]), tmp_path / "b.xlsx", reviewed_at=REVIEWED)
    ids = [list(rows_by_id(load_workbook(p)["发现清单"])[1]) for p in (first, second)]
    assert ids[0] == ids[1] and "自评表/附件1!H22/total-score" in ids[0]
    twice = [Finding("same-quantity", "warning", "a/表.xlsx", "S", "D4", "", 1.0, 2.0, "…")] * 2
    assert finding_ids(twice) == ["表/S!D4/same-quantity", "表/S!D4/same-quantity#2"]
    # two files of one stem, both with findings: told apart by their folders
    apart = [Finding("grade", "error", f"{d}/自评表.xlsx", "S", "H9", "", "良", "优", "…") for d in ("a", "b")]
    assert finding_ids(apart) == ["a/自评表/S!H9/grade", "b/自评表/S!H9/grade"]


def test_difference_only_between_numbers():
    def make(reported, expected):
        return Finding("total-row", "error", "a.xlsx", "S", "C11", "", reported, expected, "…")

    assert difference(make(282.19, 302.19)) == pytest.approx(-20.0)
    assert difference(make(3, 5)) == -2
    assert difference(make("良好", "优")) is None and difference(make(1.0, float("nan"))) is None


def test_write_is_atomic_and_replaces_an_old_register(zhongfang, tmp_path):
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"old")
    write_register(check_paths([zhongfang]), out)
    assert load_workbook(out)["发现清单"].max_row == 7
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]  # no temporary file left
