"""Runner pages (runner.pages): the files of an entry, manifests, the index and the time stamp."""

import json
import os
import re

from evalkit.runner.catalog import Entry
from evalkit.runner.pages import entry_files, index_rows, now, read_manifest, write_index

ENTRY = Entry("e", 2022, "d", "部门", "self_evaluation", (), "标题")


def test_index_of_entries_never_run(tmp_path):
    entry = Entry("e", 2022, "d", "部门", "self_evaluation", (), "标题")
    page = write_index([entry], tmp_path).read_text(encoding="utf-8")
    assert "标题（无可用报告）" in page and "未生成 1 份" in page
    assert json.loads(json.dumps(read_manifest(entry, tmp_path))) == {}
    assert os.listdir(tmp_path) == ["index.html"]


def test_entry_files_under_year_and_department(tmp_path):
    files = entry_files(ENTRY, tmp_path)
    assert {k: p.relative_to(tmp_path).as_posix() for k, p in files.items()} == {
        "report": "2022/d/e.html", "executed": "2022/d/e.ipynb", "manifest": "2022/d/e.json",
        "error": "2022/d/e.error.html", "failed": "2022/d/e.failed.ipynb", "pdf": "2022/d/e.pdf",
        "register": "2022/d/e.发现清单.xlsx"}


def test_read_manifest_missing_unreadable_and_good(tmp_path):
    path = entry_files(ENTRY, tmp_path)["manifest"]
    assert read_manifest(ENTRY, tmp_path) == {}
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    assert read_manifest(ENTRY, tmp_path) == {}
    path.write_text(json.dumps({"entry": "e", "last": {"status": "ok"}}), encoding="utf-8")
    assert read_manifest(ENTRY, tmp_path) == {"entry": "e", "last": {"status": "ok"}}


def test_now_is_a_time_with_its_offset():
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4}", now())


def test_index_rows_from_the_manifests(tmp_path):
    failed = Entry("f", 2023, "d", "部门", "cases", (), "失败的报告")
    files = entry_files(ENTRY, tmp_path)
    files["report"].parent.mkdir(parents=True)
    files["report"].write_text("<html></html>", encoding="utf-8")
    good = {"at": "2024-05-01 02:00:03 +0800", "provenance": {"inputs": {"b.csv": "22", "a.csv": "11"},
                                                              "parameters": {"title": "标题"},
                                                              "evalkit_version": "9.9"}}
    files["manifest"].write_text(json.dumps({"last": {"status": "ok", "at": "x", "seconds": 1.5}, "good": good}),
                                 encoding="utf-8")
    broken = entry_files(failed, tmp_path)
    broken["error"].parent.mkdir(parents=True)
    broken["error"].write_text("<html></html>", encoding="utf-8")
    broken["manifest"].write_text(json.dumps({"last": {"status": "failed", "error": "第 3 行金额无法解析"}}),
                                  encoding="utf-8")
    ok, bad = index_rows([failed, ENTRY], tmp_path)  # sorted by year
    assert (ok["status_text"], ok["report"], ok["error_page"]) == ("成功", "2022/d/e.html", "")
    assert ok["inputs"] == [("a.csv", "11"), ("b.csv", "22")] and ok["version"] == "9.9"
    assert ok["parameters"] == '{"title": "标题"}' and ok["seconds"] == 1.5
    assert (bad["status_text"], bad["report"], bad["error_page"]) == ("失败", "", "2023/d/f.error.html")
    assert bad["error"] == "第 3 行金额无法解析"


def test_the_index_escapes_titles_and_embeds_the_font(tmp_path):
    page = write_index([Entry("x", 2022, "d", "部门", "cases", (), "<b>标题</b>")], tmp_path).read_text(encoding="utf-8")
    assert "<b>标题</b>" not in page and "&lt;b&gt;标题&lt;/b&gt;" in page and "@font-face" in page
    assert os.listdir(tmp_path) == ["index.html"]  # written atomically: no temporary file left


def test_a_damaged_manifest_counts_as_none(tmp_path):
    from evalkit.runner.catalog import load_catalog
    from evalkit.runner.pages import entry_files, read_manifest

    entry = load_catalog()[0]
    path = entry_files(entry, tmp_path)["manifest"]
    path.parent.mkdir(parents=True)
    for damaged in ("{not json", "[1, 2]", '{"good": "yes"}', '{"last": [1]}'):
        path.write_text(damaged, encoding="utf-8")
        assert read_manifest(entry, tmp_path) == {}
    path.write_text('{"good": {"key": "k"}}', encoding="utf-8")
    assert read_manifest(entry, tmp_path) == {"good": {"key": "k"}}


def test_report_times_are_beijing_time_whatever_the_server_clock(monkeypatch):
    import datetime as dt
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        shown = now()
        assert shown.endswith(" +0800")
        when = dt.datetime.strptime(shown, "%Y-%m-%d %H:%M:%S %z")
        assert abs((when - dt.datetime.now(dt.timezone.utc)).total_seconds()) < 60
    finally:
        monkeypatch.undo()
        time.tzset()


def _executed_with_head(path, head) -> None:
    """An executed notebook whose first output is a working-paper head (as IPython files it)."""
    output = {"output_type": "execute_result", "data": {"text/html": "<h1>x</h1>"},
              "metadata": {"text/html": head.metadata()}, "execution_count": 1}
    path.write_text(json.dumps({"cells": [{"cell_type": "code", "outputs": [output]}]}, ensure_ascii=False),
                    encoding="utf-8")


def test_the_index_is_the_overview_key_figures_and_failures_first_build_details_folded(tmp_path):
    from evalkit.findings import Finding
    from evalkit.reports.workpaper import head

    entry = Entry("e", 2024, "d", "杜集区城市管理局", "department", (), "预算复核", "JXFH-2024-01")
    files = entry_files(entry, tmp_path)
    files["report"].parent.mkdir(parents=True)
    files["report"].write_text("<html></html>", encoding="utf-8")
    files["register"].write_bytes(b"PK")
    wrong = Finding("total-row", "error", "a.xlsx", "S", "D11", "合计", 282.19, 302.19, "…", "amount",
                    difference=-20.0, amount=20.0, material=True)
    _executed_with_head(files["executed"], head("预算复核", figures={"执行率(复算)": "74.14%", "项目": "7"},
                                                findings=[wrong]))
    files["manifest"].write_text(json.dumps({"last": {"status": "ok"}, "good": {"at": "t", "provenance": {}}}),
                                 encoding="utf-8")
    failed = Entry("f", 2023, "d2", "芦淞", "cases", (), "案件复核")
    broken = entry_files(failed, tmp_path)
    broken["error"].parent.mkdir(parents=True)
    broken["error"].write_text("<html></html>", encoding="utf-8")
    broken["manifest"].write_text(json.dumps({"last": {"status": "failed", "error": "案件导出表为空"}}), encoding="utf-8")
    (row,) = [r for r in index_rows([entry], tmp_path)]
    assert row["head"]["figures"][:2] == [["执行率(复算)", "74.14%"], ["项目", "7"]]  # in the report's order
    assert row["head"]["counts"]["error"] == 1 and row["register"] == "2024/d/e.发现清单.xlsx" and row["pdf"] == ""
    page = write_index([entry, failed], tmp_path).read_text(encoding="utf-8")
    assert "执行率(复算) <b>74.14%</b>" in page and "JXFH-2024-01" in page
    assert "合计发现错误 1 项、存疑 0 项（其中重大 1 项）" in page
    assert page.index('<div class="alert">') < page.index('<table class="overview">')  # failures before all else
    assert "案件导出表为空" in page and '<details class="build">' in page
    assert "@media screen and (max-width: 700px)" in page  # a phone gets one card per report


def test_a_notebook_without_a_head_gives_no_figures(tmp_path):
    from evalkit.runner.pages import report_head

    assert report_head(tmp_path / "missing.ipynb") == {}
    (tmp_path / "x.ipynb").write_text('{"cells": [{"outputs": [{"metadata": {}}]}]}', encoding="utf-8")
    assert report_head(tmp_path / "x.ipynb") == {}
