import json

from evalkit.findings import Finding, Findings, Severity


def make(sev=Severity.ERROR):
    return Finding("execution-score", sev, "/x/a.xlsx", "S", "H5", "项目", 10.0, 5.0, "执行得分不符。")


def test_counts_json_and_frame():
    f = Findings([make(), make(Severity.WARNING)])
    assert f.count("error") == 1 and f.count(Severity.WARNING) == 1
    data = json.loads(f.to_json())
    assert data[0]["severity"] == "error" and data[0]["cell"] == "H5"
    assert list(f.to_frame().columns) == ["rule", "severity", "file", "sheet", "cell", "subject", "reported",
                                          "expected", "message"]
    assert f.summary() == "错误 1 项，存疑 1 项，提示 0 项"
