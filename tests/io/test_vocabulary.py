"""The header vocabulary as data, a user's extension file and per-call overrides."""

import pytest
from openpyxl import load_workbook

import evalkit as ek
from evalkit.cli import main
from evalkit.errors import UsageError
from evalkit.io.vocabulary import built_in, load_vocabulary, parse_overrides
from evalkit.testing.formgen import write_form


def _renamed(tmp_path, old: str, new: str):
    """A generated 自评表 whose funds header ``old`` is worded ``new``."""
    path = write_form(tmp_path / "form.xlsx")
    wb = load_workbook(path)
    ws = wb.active
    cell = next(c for row in ws.iter_rows() for c in row if c.value == old)
    cell.value = new
    wb.save(path)
    return path


def test_built_in_vocabulary_covers_every_table_kind():
    v = built_in()
    assert {"funds", "indicators", "funds_items", "meta", "grade", "project_budget", "score_list", "line_items",
            "staff"} <= set(v.sections)
    assert "权重" in v.section("indicators")["weight"] and "调整预算数" in v.section("funds")["budget"]


def test_override_makes_an_unknown_header_a_role(tmp_path, capsys):
    path = _renamed(tmp_path, "全年执行数(B)", "资金支付数")
    with pytest.raises(ek.LayoutNotFound):
        ek.load_self_evaluation(path)
    table = ek.load_self_evaluation(path, vocabulary=load_vocabulary(overrides=["资金支付数=executed"]))
    assert table.funds.set_index("item").at["total", "executed"] == 95
    assert main(["check", str(path), "--header", "资金支付数=executed", "--explain"]) == 0
    out = capsys.readouterr().out
    assert "executed←E（资金支付数）" in out and "indicators 表头在第" in out


def test_extension_file_adds_wordings(tmp_path):
    path = _renamed(tmp_path, "全年执行数(B)", "支付进度数")
    extra = tmp_path / "mine.toml"
    extra.write_text('[funds]\nexecuted = ["支付进度数"]\n', encoding="utf-8")
    table = ek.load_self_evaluation(path, vocabulary=load_vocabulary(extra))
    assert table.funds.set_index("item").at["total", "executed"] == 95
    assert "全年执行数" in load_vocabulary(extra).section("funds")["executed"]


def test_bad_overrides_and_files_are_usage_errors(tmp_path, capsys):
    with pytest.raises(UsageError, match="表头=角色"):
        parse_overrides(["预算数"])
    with pytest.raises(UsageError, match="nonsense"):
        load_vocabulary(overrides=["预算数=nonsense"])
    bad = tmp_path / "bad.toml"
    bad.write_text('[funds]\nbudget = "not a list"\n', encoding="utf-8")
    with pytest.raises(UsageError, match="bad.toml"):
        load_vocabulary(bad)
    assert main(["check", str(tmp_path), "--header", "x"]) == 2
    assert "表头=角色" in capsys.readouterr().err
