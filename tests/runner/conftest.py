"""Fixtures of the runner tests: small report notebooks written into a temporary folder."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest


class Notebooks:
    """``notebooks(name, *cells)`` writes ``<folder>/<name>.ipynb``: a parameters cell (``inputs``,
    ``title``) followed by ``cells``; :attr:`PIDS` is a cell printing the kernel's and the worker's
    process ids, :meth:`pids` reads them back from an executed notebook."""

    PARAMETERS = 'inputs: list[str] = []  # none\ntitle: str = ""  # report title'
    PIDS = 'import json, os\nprint(json.dumps({"kernel": os.getpid(), "worker": os.getppid()}))'

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __call__(self, name: str, *cells: str) -> Path:
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(src) for src in (self.PARAMETERS, *cells)]
        nb.cells[0].metadata["tags"] = ["parameters"]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        path = self.folder / f"{name}.ipynb"
        nbformat.write(nb, path)
        return path

    @staticmethod
    def pids(executed: Path) -> dict:
        nb = nbformat.read(executed, as_version=4)
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                if out.get("name") == "stdout" and '"kernel"' in out["text"]:
                    return json.loads(out["text"])
        raise AssertionError(f"no process ids printed in {executed}")

    @staticmethod
    def stdout(executed: Path) -> str:
        """Everything the executed notebook printed."""
        nb = nbformat.read(executed, as_version=4)
        return "".join(out["text"] for cell in nb.cells for out in cell.get("outputs", [])
                       if out.get("name") == "stdout")


@pytest.fixture
def notebooks(tmp_path) -> Notebooks:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    return Notebooks(folder)


@pytest.fixture(scope="module")
def module_notebooks(tmp_path_factory) -> Notebooks:
    return Notebooks(tmp_path_factory.mktemp("notebooks"))
