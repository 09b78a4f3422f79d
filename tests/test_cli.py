import json

from evalkit.cli import main


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
