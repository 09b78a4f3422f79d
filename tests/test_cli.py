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
    assert "合计 报 213.05 / 复算 224.05" in out and "错误 4 项" in out


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
    assert "[无法读取] 工作簿 无此文件.xlsx: 文件不存在" in captured.out
    assert captured.out.splitlines()[-1] == "读取 0 张表，1 个文件无法读取；错误 0 项，存疑 0 项，提示 0 项"
    assert "文件不存在" in captured.err
