"""The state of a warm kernel (runner.session): whatever one report changes is back as it was
for the next one, and variables never carry over."""

import json

import nbformat
import pytest

from evalkit.runner import session
from evalkit.runner.kernel import WarmKernel

# Changes a report might make to the kernel it runs in.
LEAVE = """\
leaked = "甲报告的变量"
import os, sys, warnings, matplotlib, pandas as pd
import matplotlib.pyplot as plt
os.environ["EVALKIT_LEAK"] = "甲"
os.chdir("/")
sys.path.append("/nowhere")
matplotlib.rcParams["font.size"] = 31
pd.set_option("display.max_rows", 3)
warnings.simplefilter("ignore")
get_ipython().display_formatter.formatters["text/html"].for_type(int, lambda n: "<b>int</b>")
plt.figure()
"""
# What a report sees of them.
LOOK = """\
import json, os, sys, warnings, matplotlib, pandas as pd
pyplot = sys.modules.get("matplotlib.pyplot")
print(json.dumps({
    "leaked": "leaked" in dir(), "env": os.environ.get("EVALKIT_LEAK"), "cwd": os.getcwd(),
    "path": "/nowhere" in sys.path, "font": matplotlib.rcParams["font.size"],
    "rows": pd.get_option("display.max_rows"), "filters": [str(f[:1] + f[2:3]) for f in warnings.filters],
    "html": sorted(t.__name__ for t in get_ipython().display_formatter.formatters["text/html"].type_printers),
    "figures": pyplot.get_fignums() if pyplot else [],
}, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def kernel():
    warm = WarmKernel()
    yield warm
    warm.stop()


def run(kernel, notebooks, name, *cells):
    path = notebooks(name, *cells)
    executed = path.with_suffix(".out.ipynb")
    kernel.execute(path, executed, {"title": name}, path.parent, 60)
    return executed


def test_a_report_sees_the_kernel_as_the_previous_report_found_it(kernel, notebooks):
    before = json.loads(notebooks.stdout(run(kernel, notebooks, "first", LOOK)))
    assert before["cwd"] == str(notebooks.folder) and not before["leaked"] and before["env"] is None
    run(kernel, notebooks, "changes", LEAVE, "leaked")
    after = run(kernel, notebooks, "next", LOOK, "1 + 1")
    assert json.loads(notebooks.stdout(after)) == before
    cells = nbformat.read(after, as_version=4).cells
    assert [c.execution_count for c in cells if c.cell_type == "code"] == [1, 2, 3, 4]  # counted from 1 again


def test_a_variable_of_one_report_is_undefined_in_the_next(kernel, notebooks):
    run(kernel, notebooks, "defines", 'secret = "乙"')
    with pytest.raises(Exception, match="NameError"):
        run(kernel, notebooks, "uses", "print(secret)")


def test_reset_needs_the_remembered_state_and_an_ipython_kernel():
    with pytest.raises(RuntimeError, match="warmed up"):
        session.reset("/")  # in this (pytest) process nothing was remembered
    with pytest.raises(RuntimeError, match="IPython kernel"):
        session.remember()
