import json

import pandas as pd

from evalkit.cli import main
from evalkit.testing.casegen import write_export


def test_check_json_on_seed(yiyang, capsys):
    assert main(["check", str(yiyang), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    doc = data["documents"][0]
    assert doc["subject"] == "城市管理协管员聘用经费" and doc["reported_total"] == 100
    assert doc["recomputed_total"] == 100 and data["findings"] == []


def test_check_unreadable_file_exit_2_but_others_reported(yiyang, tmp_path, capsys):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("x")
    assert main(["check", str(bad), str(yiyang), "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)["documents"]) == 1
    assert "bad.xlsx" in captured.err and "不是 Excel 工作簿" in captured.err


def test_check_table_output(yiyang, capsys):
    assert main(["check", str(yiyang)]) == 0
    assert "错误 0 项" in capsys.readouterr().out


def test_unknown_profile_is_exit_2(yiyang, capsys):
    assert main(["check", str(yiyang), "--profile", "nowhere"]) == 2
    assert "找不到评分规则" in capsys.readouterr().err


def test_check_data_folder_reads_department_tables(capsys):
    from evalkit.project import DATA

    assert main(["check", str(DATA), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    kinds = {d["kind"] for d in data["documents"]}
    assert {"project_budget", "score_list", "base_data", "itemised_budget"} <= kinds
    seed002 = {(f["rule"], f["cell"]) for f in data["findings"] if "duji-2024" in f["file"]}
    assert {("project-rate", "F8"), ("total-row", "E11"), ("grade-band", "D8"), ("grade-band", "D9"),
            ("grade-band", "D10")} <= seed002


def test_check_table_output_for_department_table(capsys):
    from evalkit.project import DATA

    assert main(["check", str(DATA / "duji-2024" / "项目预算执行表.xlsx")]) == 0
    out = capsys.readouterr().out
    # 94.29% printed for 33.79/35.84 = 94.2801% is a rounding difference (提示), no longer an error
    assert "合计 报 213.05 / 复算 224.05" in out and "错误 3 项，存疑 1 项，提示 1 项（其中重大 3 项）" in out


def test_cli_cases_json_csv_table(tmp_path, capsys, edge_frame, unit_table):
    path = write_export(edge_frame, tmp_path / "e.csv")
    units = tmp_path / "units.csv"
    pd.DataFrame({"unit": list(unit_table), "class": list(unit_table.values())}).to_csv(units, index=False)
    assert main(["cases", str(path), "--units", str(units), "--format", "json", "--no-cache"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"]["total"] == 9 and [m["month"] for m in data["months"]] == ["2020-03", "2020-04"]
    assert {u["unit"] for u in data["units"]} == {"甲单位", "乙单位", "丙单位"}
    assert main(["cases", str(path), "--by", "unit", "--format", "csv", "--no-cache"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("month,unit_class,duty_unit,rank,total") and len(out) == 6
    assert main(["cases", str(path), "--no-cache"]) == 0
    assert "综合解决率" in capsys.readouterr().out


def test_cli_cases_sample_writes_the_same_checklist_as_the_report(tmp_path, capsys):
    import openpyxl

    from evalkit.cases.report import load_case_report
    from evalkit.project import DATA

    export, units = DATA / "generated/zhongfang-2020/案件导出.csv", DATA / "zhongfang-2020/units.csv"
    out = tmp_path / "抽样.xlsx"
    assert main(["cases", str(export), "--units", str(units), "--sample", str(out), "--no-cache"]) == 0
    expected = load_case_report([export, units]).sample.cases["case_id"].tolist()  # by unit, at least one each
    assert f"现场核查抽样 {len(expected)} 件（随机种子 2020）已写入" in capsys.readouterr().out and len(expected) == 60
    ids = [r[1] for r in openpyxl.load_workbook(out)["核查清单"].iter_rows(min_row=2, values_only=True)]
    assert ids == expected
    assert main(["cases", str(export), "--sample", str(tmp_path / "抽样.csv"), "--no-cache"]) == 2
    assert "--sample 应为 .xlsx" in capsys.readouterr().err


def test_cli_cases_report_checks_the_stated_case_figures(tmp_path, capsys):
    from evalkit.project import DATA

    export, units = DATA / "generated/zhongfang-2020/案件导出.csv", DATA / "zhongfang-2020/units.csv"
    text = tmp_path / "自评报告.txt"
    text.write_text(next((DATA / "seeds").glob("001_*.txt")).read_text(encoding="utf-8").replace("及时解决率40.01%", "及时解决率41.01%"),
                    encoding="utf-8")
    assert main(["cases", str(export), "--units", str(units), "--report", str(text), "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert "所述数字 24 处：一致 5，不一致 2，未能对照 17" in out
    assert "正文称“及时解决率”为 41.01%，而 案件导出.csv“全部案件”（及时解决率）按导出表逐件统计复算为 40.01%" in out
    assert main(["cases", str(export), "--report", str(text), "--format", "json", "--no-cache"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [f["reported"] for f in data["findings"] if f["rule"] == "prose-figure"] == [0.4101]
    assert sum(r["状态"] == "不一致" for r in data["prose"]) == 2


def test_cli_cases_exit_2(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    assert main(["cases", str(bad), "--no-cache"]) == 2
    err = capsys.readouterr().err
    assert "bad.csv" in err and "缺少必需字段" in err and "a、b" in err
    assert main(["cases", str(tmp_path / "none.xlsx"), "--no-cache"]) == 2
    assert "无法打开" in capsys.readouterr().err
    assert main(["cases", str(bad), "--column", "a", "--no-cache"]) == 2


def test_check_table_output_says_when_no_total_is_printed(tmp_path, capsys):
    from evalkit.testing.formgen import write_form

    path = write_form(tmp_path / "no-total.xlsx", total=(100, None))
    assert main(["check", str(path)]) == 0
    assert "总分 报 未填 / 复算 96.50" in capsys.readouterr().out


def test_check_on_a_missing_file_says_so_in_its_summary_not_only_on_stderr(tmp_path, capsys):
    assert main(["check", str(tmp_path / "无此文件.xlsx")]) == 2
    captured = capsys.readouterr()
    assert f"[无法读取] 工作簿 {tmp_path / '无此文件.xlsx'}: 文件不存在" in captured.out  # the full path
    assert captured.out.splitlines()[-1] == "读取 0 张表，1 个文件无法读取；错误 0 项，存疑 0 项，提示 0 项"
    assert "文件不存在" in captured.err


def test_check_writes_register_and_annotated_copies(zhongfang, lusong, tmp_path, capsys):
    import hashlib

    from openpyxl import load_workbook

    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (zhongfang, lusong)}
    register, folder = tmp_path / "清单" / "发现清单.xlsx", tmp_path / "批注"
    assert main(["check", str(zhongfang), str(lusong), "--register", str(register), "--reviewer", "张三",
                 "--annotate", str(folder)]) == 0
    out = capsys.readouterr().out
    assert f"已写入复核发现清单 {register}（16 项发现）" in out and "已写入 2 份批注副本" in out
    wb = load_workbook(register)
    cover = {r[0].value: r[1].value for r in wb["封面"].iter_rows(max_row=12) if r[0].value}
    assert cover["复核人"] == "张三" and cover["评分规则"] == "national"
    digests = {r[4].value for r in wb["封面"].iter_rows(min_row=14) if r[4].value}
    assert digests == set(before.values())
    assert wb["发现清单"].max_row == 17
    assert sorted(p.name for p in folder.iterdir()) == ["整体支出绩效自评表.复核.xlsx", "自评表.复核.xlsx"]
    annotated = load_workbook(folder / "自评表.复核.xlsx")["附件1"]
    assert "execution-score" in annotated["H6"].comment.text and "（张三）" in annotated["H6"].comment.author
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (zhongfang, lusong)} == before


def test_check_register_keeps_json_output_parseable(zhongfang, tmp_path, capsys):
    assert main(["check", str(zhongfang), "--format", "json", "--register", str(tmp_path / "r.xlsx")]) == 0
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)["findings"]) == 6 and "已写入复核发现清单" in captured.err


def test_check_working_paper_options_are_checked(zhongfang, tmp_path, capsys):
    assert main(["check", str(zhongfang), "--reviewer", "张三"]) == 2
    assert "--reviewer 只与 --register 或 --annotate 一起使用" in capsys.readouterr().err
    assert main(["check", str(zhongfang), "--register", str(tmp_path / "r.csv")]) == 2
    assert "--register 应为 .xlsx 文件" in capsys.readouterr().err
    assert main(["check", str(zhongfang), "--register", str(zhongfang)]) == 2
    assert "不能覆盖被检查的文件" in capsys.readouterr().err


def test_register_merge(zhongfang, tmp_path, capsys):
    from openpyxl import load_workbook

    first, second = tmp_path / "2020.xlsx", tmp_path / "2021.xlsx"
    assert main(["check", str(zhongfang), "--register", str(first)]) == 0
    wb = load_workbook(first)
    ws = wb["发现清单"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[1].value == "自评表/附件1!H6/execution-score")
    row[13].value = "已整改"
    wb.save(first)
    assert main(["check", str(zhongfang), "--register", str(second)]) == 0  # reviewed later: H6 is back
    capsys.readouterr()
    out = tmp_path / "整改跟踪.xlsx"
    assert main(["register", "merge", str(first), str(second), "-o", str(out)]) == 0  # one day: in the order given
    assert "2 份清单，6 项发现，重复出现 1 项" in capsys.readouterr().out
    ws = load_workbook(out)["整改跟踪"]
    header = [c.value for c in ws[1]]
    flagged = [r[0].value for r in ws.iter_rows(min_row=2) if r[header.index("重复出现")].value == "重复出现"]
    assert flagged == ["自评表/附件1!H6/execution-score"]


def test_register_merge_of_a_file_that_is_not_a_register_is_exit_2(yiyang, tmp_path, capsys):
    assert main(["register", "merge", str(yiyang), "-o", str(tmp_path / "t.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "自评表.xlsx" in err and "不是复核发现清单" in err and "Traceback" not in err
    assert not (tmp_path / "t.xlsx").exists()
    assert main(["register", "merge", str(yiyang)]) == 2
    assert "需要用 -o 指定输出文件" in capsys.readouterr().err


def test_check_and_cases_csv_with_chinese_headers(lusong, tmp_path, capsys, edge_frame):
    import io

    assert main(["check", str(lusong), "--format", "csv", "--chinese-headers"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)
    assert list(frame.columns[:9]) == ["规则", "严重程度", "文件", "工作表", "单元格", "对象", "报告值", "复算值", "说明"]
    rate = frame.set_index("单元格").loc["G4"]  # 芦淞: 99.17% printed for 99.96%
    assert (rate["规则"], rate["严重程度"], rate["报告值"], rate["复算值"]) == (
        "预算执行率（execution-rate）", "错误", "99.17%", "99.96%")
    assert main(["check", str(lusong), "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("rule,severity,file,sheet,cell,subject,reported,expected,message,")
    path = write_export(edge_frame, tmp_path / "e.csv")
    assert main(["cases", str(path), "--format", "csv", "--chinese-headers", "--no-cache"]) == 0
    cases = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str)
    assert list(cases.columns[:2]) == ["统计月份", "案件总数"] and cases["综合解决率"].str.endswith("%").all()
