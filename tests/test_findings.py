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


def test_stake_fields_default_and_round_trip_through_json():
    old = make()  # built the old way: nothing known about the stake
    assert (old.quantity, old.decimals, old.difference, old.amount, old.material, old.rounding) == (
        "", None, None, None, False, False)
    new = Finding("total-row", "error", "/x/a.xlsx", "S", "E11", "合计", 213.05, 224.05, "…", "amount", 2,
                  difference=-11.0, amount=11.0, material=True)
    data = json.loads(Findings([new]).to_json())[0]
    assert (data["difference"], data["amount"], data["material"], data["quantity"]) == (-11.0, 11.0, True, "amount")
    assert Finding(**data) == new  # the JSON of a finding builds it again


def test_by_amount_puts_the_most_money_first_and_summary_counts_material():
    small = Finding("total-row", "error", "a.xlsx", "S", "C11", "合计", 1.0, 0.0, "…", "amount", amount=1.0)
    big = Finding("total-row", "error", "a.xlsx", "S", "D11", "合计", 20.0, 0.0, "…", "amount", amount=20.0,
                  material=True)
    none = make(Severity.WARNING)
    f = Findings([none, small, big])
    assert [x.cell for x in f.by_amount()] == ["D11", "C11", "H5"]
    assert [x.cell for x in f.material()] == ["D11"]
    assert f.summary() == "错误 2 项，存疑 1 项，提示 0 项（其中重大 1 项）"
