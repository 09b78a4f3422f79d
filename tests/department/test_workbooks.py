"""Reading and checking workbooks (department.workbooks): load_tables, read_workbook, check, check_paths."""

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

import evalkit as ek
from evalkit.department.workbooks import check_paths, expand, read_workbook
from evalkit.errors import InputError
from evalkit.project import DATA
from evalkit.testing.sheets import write_rows as write

DUJI_BUDGET = DATA / "duji-2024" / "项目预算执行表.xlsx"
ZHUZHOU = DATA / "zhuzhou-2019" / "预算执行明细表.xlsx"


def test_no_table_raises_naming_file_and_labels(tmp_path):
    path = write(tmp_path, "空表.xlsx", [["随便写点什么"], [1, 2, 3]])
    with pytest.raises(InputError, match="空表.xlsx.*没有找到部门数据表.*全年预算.*编制数"):
        ek.load_tables(path)



def test_check_paths_reads_department_tables(tmp_path):
    report = check_paths([DATA / "duji-2024", ZHUZHOU])
    docs = {(d.kind, d.sheet): d for d in report.documents}
    assert docs[("project_budget", "项目预算执行表")].reported_total == 213.05
    assert docs[("project_budget", "项目预算执行表")].recomputed_total == 224.05
    assert docs[("score_list", "项目自评得分表")].reported_total == 96.4
    assert docs[("itemised_budget", "三公经费")].recomputed_total == 7.94
    assert report.findings.count("error") == 6 and report.unreadable == []  # 94.29% for 94.2801%: 提示


def test_check_paths_neither_kind_is_unreadable(tmp_path):
    path = tmp_path / "杂项.xlsx"
    shutil.copy(DUJI_BUDGET, path)
    wb = load_workbook(path)
    wb.worksheets[0]["B3"] = "类别"
    wb.save(path)
    report = check_paths([path])
    (exc,) = report.unreadable
    assert "杂项.xlsx" in str(exc) and "一级指标" in str(exc) and "项目名称" in str(exc)


def test_a_score_list_header_with_no_rows_is_an_error_not_a_silent_non_read(tmp_path):

    path = tmp_path / "得分表.xlsx"
    wb = Workbook()
    wb.active.append(["序号", "项目名称", "总分", "等级"])
    wb.active.append([None, None, None, None])
    wb.save(path)
    report = check_paths([path])
    assert report.documents == [] and len(report.unreadable) == 1
    assert "项目自评得分表表头，但其下没有任何数据行" in str(report.unreadable[0])


def test_read_workbook_tells_forms_from_department_tables(yiyang):
    forms, tables = read_workbook(yiyang)
    assert [f.subject for f in forms] == ["城市管理协管员聘用经费"] and tables == []
    forms, tables = read_workbook(ZHUZHOU)
    assert forms == [] and [t.sheet for t in tables] == ["预算执行明细", "三公经费", "资产情况"]


def test_check_takes_a_form_or_a_department_table(zhongfang):
    assert ek.check(ek.load_self_evaluation(zhongfang)).summary().startswith("错误 3 项，存疑 3 项")
    assert ek.check(ek.load_tables(DUJI_BUDGET)[0]).count("error") == 3  # and one rounding difference


def test_expand_walks_folders_sorted_and_skips_lock_files(tmp_path):
    for name in ("b.xlsx", "a.xls", "~$b.xlsx", "notes.txt"):
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.XLSX").write_bytes(b"")
    got = expand([tmp_path, "given.csv"])
    assert [p.relative_to(tmp_path).as_posix() if p.is_absolute() else str(p) for p in got] == [
        "a.xls", "b.xlsx", "sub/c.XLSX", "given.csv"]


def test_report_as_json_names_documents_and_unreadable_files(yiyang, tmp_path):
    bad = tmp_path / "坏.xlsx"
    bad.write_text("x", encoding="utf-8")
    data = json.loads(json.dumps(check_paths([yiyang, bad]).to_dict(), ensure_ascii=False))
    (doc,) = data["documents"]
    assert (doc["kind"], doc["subject"], doc["year"]) == ("project", "城市管理协管员聘用经费", 2022)
    assert (doc["reported_total"], doc["recomputed_total"], doc["grade"]) == (100, 100, "优")
    assert doc["layout"][0].startswith("funds 表头在第 4 行：budget_initial←C（年初预算数）")
    assert data["findings"] == [] and len(data["unreadable"]) == 1 and "坏.xlsx" in data["unreadable"][0]



def test_half_a_form_on_one_sheet_is_reported_and_the_other_sheets_still_checked(corpus_file):
    # 衡山 贯塘乡 2023 as transcribed: the 自评表 sheet stops before its indicators, the 基础数据表 is whole
    path = corpus_file("hengshan-guantang-zhengti-2023")
    report = check_paths([path])
    assert len(report.documents) == 1
    assert len(report.unreadable) == 1
    assert "部门整体支出绩效自评表" in str(report.unreadable[0]) and "没有指标表头" in str(report.unreadable[0])
    assert ("C4", "control-rate") in {(f.cell, f.rule) for f in report.findings}
    with pytest.raises(InputError, match="没有指标表头"):
        read_workbook(path)  # without a list to put it in, half a table is an error of the file


def test_many_workbooks_are_checked_in_parallel_with_the_same_report(monkeypatch):
    # every seed workbook under data/, on two workers: the same documents in the same order, the same findings
    import evalkit.department.workbooks as workbooks

    sequential = check_paths([DATA])
    monkeypatch.setattr(workbooks, "PARALLEL_FROM", 2)
    monkeypatch.setattr(workbooks.os, "cpu_count", lambda: 2)
    parallel = check_paths([DATA])
    assert [(d.file, d.sheet) for d in parallel.documents] == [(d.file, d.sheet) for d in sequential.documents]
    key = lambda f: (f.file, f.sheet, f.cell, f.rule, f.message)  # noqa: E731
    assert sorted(map(key, parallel.findings)) == sorted(map(key, sequential.findings))
    assert [str(e) for e in parallel.unreadable] == [str(e) for e in sequential.unreadable]
    assert len(sequential.documents) == 13  # 10 tables of the seed workbooks; the generated reports (.docx): 杜集 2, 中方 1
    assert sum(f.rule == "same-quantity" for f in parallel.findings) == 3  # cross-checks across the workers' files


# --- published reports: tables and the figures their text states ------------------------------

SEED_002 = [DATA / "duji-2024" / "项目预算执行表.xlsx", DATA / "duji-2024" / "项目自评得分表.xlsx"]


@pytest.fixture(scope="module")
def duji_docx(tmp_path_factory):
    from evalkit.testing.documents import seed_report, write_docx

    report = seed_report(next((DATA / "seeds").glob("002_*.txt")), SEED_002)
    return write_docx(report, tmp_path_factory.mktemp("duji") / "杜集区2024年度部门绩效自评报告.docx")


def test_expand_walks_folders_for_reports_too(tmp_path):
    for name in ("a.xlsx", "b.docx", "c.html", "d.htm", "e.pdf", "f.txt", "~$g.docx"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in expand([tmp_path])] == ["a.xlsx", "b.docx", "c.html", "d.htm", "e.pdf"]


def test_seed_002_as_docx_gives_its_table_findings_and_its_prose_findings(duji_docx):
    report = check_paths([duji_docx])
    tables = check_paths(SEED_002)
    rules = sorted(f.rule for f in report.findings if not f.rule.startswith("prose-"))
    assert rules == sorted(f.rule for f in tables.findings) and not report.unreadable
    prose = {(f.rule, f.sheet, f.cell, f.reported, round(f.expected, 4)) for f in report.findings
             if f.rule.startswith("prose-")}
    assert prose == {("prose-figure", "正文", "第20段", 282.19, 302.19), ("prose-figure", "正文", "第20段", 0.755, 0.7414),
                     ("prose-rate", "正文", "第20段", 0.755, 0.794), ("prose-figure", "正文", "第35段", 0.001241, 12.41)}
    (total,) = [f for f in report.findings if f.rule == "prose-figure" and f.reported == 282.19]
    assert "“表1”第11行第4列" in total.message and "部门预算总额为282.19万元" in total.message
    assert total.file == str(duji_docx) and [d.sheet for d in report.documents] == ["表1", "表2"]
    (prose_check,) = report.prose
    assert prose_check.counts()["不一致"] == 3
    payload = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert set(payload) == {"documents", "findings", "unreadable"}
    assert {"prose-figure", "prose-rate"} <= {f["rule"] for f in payload["findings"]}


def test_a_report_text_without_tables_is_checked_against_its_folder(tmp_path):
    from evalkit.testing.documents import Report, write_html

    for book in SEED_002:
        shutil.copy(book, tmp_path / book.name)
    write_html(Report("正文", ["2024年,区城管局部门预算总额为282.19万元,全年实际执行额为 224.05万元,总体执行率75.5%。",
                               "1、智慧城管:预算170.35万元,执行111.85万元。"]), tmp_path / "报告正文.html")
    report = check_paths([tmp_path])
    assert not report.unreadable and len(report.documents) == 2
    prose = [f for f in report.findings if f.rule == "prose-figure"]
    assert {(f.reported, f.file.rsplit("/", 1)[-1]) for f in prose} == {(282.19, "报告正文.html"), (0.755, "报告正文.html")}
    assert all("项目预算执行表.xlsx“项目预算执行表”" in f.message for f in prose)
    assert report.prose[0].counts() == {"一致": 3, "不一致": 2, "未能对照": 0}


def test_prose_is_checked_the_same_in_parallel(duji_docx, tmp_path, monkeypatch):
    import evalkit.department.workbooks as workbooks

    for path in (duji_docx, *SEED_002):
        shutil.copy(path, tmp_path / path.name)
    sequential = check_paths([tmp_path])
    monkeypatch.setattr(workbooks, "PARALLEL_FROM", 2)
    monkeypatch.setattr(workbooks.os, "cpu_count", lambda: 2)
    parallel = check_paths([tmp_path])
    prose = lambda r: sorted((f.file, f.cell, f.message) for f in r.findings if f.rule.startswith("prose-"))  # noqa: E731
    assert prose(parallel) == prose(sequential) and len(prose(sequential)) == 7  # 282.19 and 75.5% against both tables
    assert [p.counts() for p in parallel.prose] == [p.counts() for p in sequential.prose]


def test_a_report_with_no_checkable_table_and_no_figures_is_said_as_a_report(tmp_path):
    # the table of 红河州生态环境局's 整改情况报告 (hh.gov.cn, 2022): a form, not a table evalkit checks
    page = tmp_path / "整改情况报告.html"
    page.write_text("<html><body><h2>项目绩效评价结果整改情况报告</h2><table border=1><tr><td>评价得分</td><td>91.47</td>"
                    "<td>评价等级</td><td>R优 £良</td></tr></table></body></html>", encoding="utf-8")
    report = check_paths([page])
    (error,) = report.unreadable
    assert "报告的 1 张表格中没有可复核的绩效自评表或部门数据表" in str(error) and str(page) in str(error)


def test_a_form_goals_cells_are_checked_against_its_own_funds(tmp_path, capsys):
    import openpyxl

    from evalkit.cli import main

    corpus = Path(__file__).resolve().parents[1] / "corpus"
    real = check_paths([corpus / "chizhou-guichi-tangxi-2022.xlsx"])  # 棠溪镇 2022 as published: its text agrees
    (goals,) = [p for p in real.prose if p.part == "项目支出绩效自评表 年度总体目标"]
    assert goals.counts()["一致"] == 2 and not goals.findings
    book = openpyxl.load_workbook(corpus / "chizhou-guichi-tangxi-2022.xlsx")
    sheet = book["项目支出绩效自评表"]
    sheet["F12"] = str(sheet["F12"].value).replace("89.97万元", "98.97万元")
    book.save(changed := tmp_path / "棠溪.xlsx")
    (found,) = [f for f in check_paths([changed]).findings if f.rule == "prose-figure"]
    assert (found.sheet, found.cell, found.reported, found.expected) == ("项目支出绩效自评表", "F12", 98.97, 89.974)
    assert found.message.startswith("单元格 F12 的文字称“本项目共完成预算资金”为 98.97万元，而 棠溪.xlsx“项目支出绩效自评表”E7")
    assert "按各资金来源之和复算为 89.97万元（表中印的是 0.00万元）" in found.message
    assert main(["check", str(changed)]) == 0
    assert "[项目支出绩效自评表 年度总体目标] 所述数字 8 处：一致 1，不一致 1，未能对照 6" in capsys.readouterr().out
