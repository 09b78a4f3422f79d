"""Export safety (io.export): formula-like text stays text, control characters go."""

import pandas as pd
from openpyxl import Workbook

from evalkit.io.export import clean_text, csv_text, harden_workbook, safe_frame

ATTACKS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tX", "\r=1", "=HYPERLINK(\"http://x\",\"点我\")"]


def test_csv_text_prefixes_every_formula_trigger_and_leaves_the_rest():
    assert [csv_text(a) for a in ATTACKS] == ["'" + a for a in ATTACKS]
    assert [csv_text(v) for v in ("城管局", "95%", -20.0, 3, None)] == ["城管局", "95%", -20.0, 3, None]


def test_control_characters_are_removed_not_crashed_on():
    assert clean_text("甲\x00乙\x1b丙\x7f") == "甲乙丙" and clean_text("换\n行\t") == "换\n行\t"


def test_safe_frame_fixes_cells_and_headers_and_keeps_numbers():
    frame = pd.DataFrame({"=x": ["=1+1", "甲\x07"], "n": [1.5, -2.0]})
    out = safe_frame(frame, for_csv=True)
    assert list(out.columns) == ["'=x", "n"] and out["'=x"].tolist() == ["'=1+1", "甲"]
    assert out["n"].tolist() == [1.5, -2.0] and frame["=x"].tolist() == ["=1+1", "甲\x07"]  # input untouched


def test_harden_workbook_turns_formula_cells_into_text(tmp_path):
    from openpyxl import load_workbook

    wb = Workbook()
    for r, value in enumerate(ATTACKS, start=1):
        wb.active.cell(r, 1, value)
    assert harden_workbook(wb) == sum(a.startswith("=") for a in ATTACKS)
    wb.save(path := tmp_path / "x.xlsx")
    back = load_workbook(path).active
    values = [back.cell(r, 1).value for r in range(1, len(ATTACKS) + 1)]
    assert values == list(ATTACKS)  # every attack comes back as the same text (openpyxl with lxml keeps a CR)
    assert all(back.cell(r, 1).data_type == "s" for r in range(1, len(ATTACKS) + 1))
