"""Structural checks of every notebook: thin, parameterised, committed without outputs."""

import ast
import json

import pytest

from evalkit.project import NOTEBOOKS

NOTEBOOK_FILES = sorted(NOTEBOOKS.glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=lambda p: p.stem)
def test_notebook_structure(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    tagged = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1 and code[0] is tagged[0], "exactly one parameters cell, the first code cell"
    params = "".join(tagged[0]["source"])
    for stmt, line in zip(ast.parse(params).body, params.splitlines()):
        assert isinstance(stmt, ast.AnnAssign), f"typed assignment expected: {line}"
        ast.literal_eval(stmt.value)
        assert "#" in line, f"each parameter needs a trailing comment: {line}"
    for cell in code:
        src = "".join(cell["source"])
        tree = ast.parse(src)
        assert not any(isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) for n in ast.walk(tree))
        assert len(src.splitlines()) <= 12, "cells stay short: logic belongs in evalkit"
        assert not cell.get("outputs") and cell.get("execution_count") is None, "commit notebooks without outputs"


def test_there_are_notebooks():
    assert NOTEBOOK_FILES


EXPECTED_TEXT = {
    "self_evaluation": ["城市管理协管员聘用经费", "复算 100.00 分", "总分与等级", "未发现问题。"],
    "department": ["在职人员控制率", "同一数据前后不一", "99.96%"],
    "cases": ["60.74%", "40.01%", "51.41%", "A 类单位月度排名", "属性抽样", "按期结案率", "分母口径", "无责任单位"],
    "overview": ["绩效自评复核总览", "lusong-2023-bumen.html"],
}


@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=lambda p: p.stem)
def test_notebook_runs_with_its_defaults(path, tmp_path):
    import nbformat
    import papermill

    from evalkit.runner.pages import notebook_to_html

    out = tmp_path / path.name
    papermill.execute_notebook(str(path), str(out), kernel_name="python3", cwd=str(path.parent),
                               progress_bar=False, log_output=False)
    nb = nbformat.read(out, as_version=4)
    streams = [o for c in nb.cells for o in c.get("outputs", []) if o.get("name") == "stderr"]
    assert not streams, streams  # e.g. a "Glyph missing" warning would show here
    page = notebook_to_html(nb)
    assert "data:image/png;base64" in page
    for text in EXPECTED_TEXT[path.stem]:
        assert text in page, text
