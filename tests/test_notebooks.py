"""Structural checks of every notebook: thin, parameterised, committed without outputs."""

import ast
import json

import pytest

from evalkit.paths import NOTEBOOKS

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
