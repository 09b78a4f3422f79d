"""Hostile catalogues: ids that would be paths, inputs outside the data folder, odd encodings.
A bad row is reported and skipped; the other entries still build; nothing is written outside
the outputs folder."""

from __future__ import annotations

import pytest

from evalkit.cli import main
from evalkit.errors import CatalogError
from evalkit.runner.catalog import load_catalog

HEADER = "entry,year,department_id,department,notebook,inputs,title\n"
GOOD = "good-2022,2022,yiyang-cgzf,益阳,self_evaluation,yiyang-2022/自评表.xlsx,好报告\n"
BAD_ROWS = {
    "../../escape,2022,d,部门,self_evaluation,yiyang-2022/自评表.xlsx,t\n": "条目 '../../escape'",
    "a,2022,../../up,部门,self_evaluation,yiyang-2022/自评表.xlsx,t\n": "部门编号 '../../up'",
    "b,2022,x/y,部门,self_evaluation,yiyang-2022/自评表.xlsx,t\n": "部门编号 'x/y'",
    "c,2022/../..,d,部门,self_evaluation,yiyang-2022/自评表.xlsx,t\n": "年度 '2022/../..'",
    "d,2022,d,部门,self_evaluation,/etc/hostname,t\n": "/etc/hostname 不在数据文件夹",
    "e,2022,d,部门,self_evaluation,../../../../etc/hostname,t\n": "不在数据文件夹",
    ".hidden,2022,d,部门,self_evaluation,yiyang-2022/自评表.xlsx,t\n": "条目 '.hidden'",
}


@pytest.mark.parametrize("row,message", BAD_ROWS.items(), ids=range(len(BAD_ROWS)))
def test_each_unsafe_row_is_refused_with_its_line(tmp_path, row, message):
    path = tmp_path / "catalog.csv"
    path.write_text(HEADER + GOOD + row, encoding="utf-8")
    with pytest.raises(CatalogError, match="第 3 行") as err:
        load_catalog(path)
    assert message in str(err.value)
    problems: list = []
    assert [e.entry for e in load_catalog(path, problems=problems)] == ["good-2022"]
    assert len(problems) == 1 and message in str(problems[0])


def test_outside_inputs_only_when_explicitly_allowed(tmp_path):
    path = tmp_path / "catalog.csv"
    path.write_text(HEADER + "d,2022,d,部门,self_evaluation,/etc/hostname,t\n", encoding="utf-8")
    assert [e.entry for e in load_catalog(path, allow_outside=True)] == ["d"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_a_catalogue_saved_by_excel_as_gbk_or_with_a_bom_is_read(tmp_path, encoding):
    path = tmp_path / "catalog.csv"
    path.write_bytes((HEADER + GOOD).encode(encoding))
    [entry] = load_catalog(path)
    assert (entry.entry, entry.department, entry.title) == ("good-2022", "益阳", "好报告")


def test_a_run_skips_bad_rows_builds_the_rest_writes_nothing_outside_and_exits_1(tmp_path, capsys):
    catalog = tmp_path / "catalog.csv"
    catalog.write_text(HEADER + GOOD + "".join(BAD_ROWS), encoding="utf-8")
    outputs = tmp_path / "out"
    before = {p for p in tmp_path.parent.rglob("*") if "out" not in p.parts}
    assert main(["run", "--catalog", str(catalog), "--outputs", str(outputs), "-q", "-j", "1"]) == 1
    shown = capsys.readouterr().out
    assert shown.count("跳过目录行") == len(BAD_ROWS)
    assert (outputs / "2022" / "yiyang-cgzf" / "good-2022.html").is_file()
    after = {p for p in tmp_path.parent.rglob("*") if "out" not in p.parts}
    assert after - before == set(), "nothing may be written outside --outputs"


def test_timeout_must_be_positive(capsys):
    assert main(["run", "--timeout", "0"]) == 2
    assert "--timeout 必须是正数" in capsys.readouterr().err
