"""The warm kernel of a worker (runner.kernel): started once with evalkit imported, reused from
report to report, stopped on demand; papermill's output is unchanged."""

import os

import nbformat
import pytest

from evalkit.runner import kernel as kernel_module
from evalkit.runner.kernel import KernelSetupError, WarmKernel

PRELOADED = ("pandas", "matplotlib", "evalkit.reports.charts", "evalkit.selfeval.rescore", "evalkit.cases.report",
             "evalkit.department.submission", "evalkit.runner.overview")
SHOW_MODULES = f"import sys\nprint(sorted(m for m in {PRELOADED!r} if m in sys.modules))"


def run(kernel, notebooks, name, *cells, parameters=None):
    path = notebooks(name, *cells)
    executed = path.with_suffix(".out.ipynb")
    kernel.execute(path, executed, parameters or {}, path.parent, 60)
    return executed


def test_reports_run_one_after_another_in_the_same_warm_kernel(notebooks):
    kernel = WarmKernel()
    try:
        first = run(kernel, notebooks, "a", SHOW_MODULES, notebooks.PIDS, parameters={"title": "甲"})
        assert notebooks.stdout(first).splitlines()[0] == str(sorted(PRELOADED))  # imported before the report
        second = run(kernel, notebooks, "b", notebooks.PIDS)
        assert notebooks.pids(first) == notebooks.pids(second) == {"kernel": kernel.pid, "worker": os.getpid()}
        nb = nbformat.read(first, as_version=4)  # what papermill wrote, as with a kernel of its own
        injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
        assert len(injected) == 1 and injected[0].source == "# Parameters\ntitle = \"\\u7532\"\n"  # as papermill writes it
        assert nb.metadata.papermill.parameters == {"title": "甲"} and nb.metadata.kernelspec.name == "python3"
        assert all(c.metadata.papermill.status == "completed" for c in nb.cells)

        old = kernel.pid
        kernel.stop()
        assert kernel.pid is None
        with pytest.raises(ProcessLookupError):
            os.kill(old, 0)
        third = run(kernel, notebooks, "c", notebooks.PIDS)
        assert notebooks.pids(third)["kernel"] == kernel.pid != old  # a fresh kernel, warmed again
    finally:
        kernel.stop()


def test_a_failing_cell_raises_as_papermill_does_and_the_notebook_keeps_it(notebooks):
    kernel = WarmKernel()
    try:
        with pytest.raises(Exception) as failed:
            run(kernel, notebooks, "bad", 'print("之前")', 'raise ValueError("第 3 行金额无法解析")')
        assert (failed.value.ename, failed.value.evalue) == ("ValueError", "第 3 行金额无法解析")
        nb = nbformat.read(notebooks.folder / "bad.out.ipynb", as_version=4)
        assert "之前" in nbformat.writes(nb) and nb.metadata.papermill.exception is True
    finally:
        kernel.stop()


def test_a_warm_up_that_fails_is_an_error_saying_so(monkeypatch, notebooks):
    monkeypatch.setattr(kernel_module, "WARM_UP", 'raise ValueError("坏的预热")')
    kernel = WarmKernel()
    try:
        with pytest.raises(KernelSetupError, match="内核预热失败：ValueError: 坏的预热"):
            run(kernel, notebooks, "never", "1")
        assert not (notebooks.folder / "never.out.ipynb").exists()
    finally:
        kernel.stop()
