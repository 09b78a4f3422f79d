"""Runner faults: an unwritable outputs folder, a stop request (Ctrl-C / SIGTERM) in the middle of
a run — each ends with the summary and a message, never a traceback, an orphan worker or kernel,
or a half-written report."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evalkit.cli import main

HEADER = "entry,year,department_id,department,notebook,inputs,title\n"


def test_an_unwritable_outputs_folder_is_a_message_and_exit_2(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["run", "--only", "yiyang-2022-xieguanyuan", "--outputs", str(blocker / "out"), "-q"]) == 2
    err = capsys.readouterr().err
    assert "无法写入输出文件夹" in err and "a-file/out" in err and "Traceback" not in err


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_stopped_run_ends_in_seconds_with_the_summary_and_leaves_nothing_running(tmp_path, sig):
    catalog = tmp_path / "catalog.csv"
    rows = "".join(f"slow-{i},2022,dept-{i},部门,{tmp_path / 'slow.ipynb'},,慢报告{i}\n" for i in range(3))
    catalog.write_text(HEADER + rows, encoding="utf-8")
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('inputs: list[str] = []\ntitle: str = ""'),
                nbformat.v4.new_code_cell("import time\ntime.sleep(120)")]
    nb.cells[0].metadata["tags"] = ["parameters"]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "slow.ipynb")
    outputs = tmp_path / "out"
    run = subprocess.Popen([sys.executable, "-m", "evalkit.cli", "run", "--catalog", str(catalog), "--outputs",
                            str(outputs), "-j", "2", "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(outputs.glob("2022/*/.slow-*.run")) and time.monotonic() < deadline:
        time.sleep(0.2)  # wait until two workers are running their kernels
    time.sleep(3)
    tree = descendants(run.pid)  # its workers and their kernels
    assert len(tree) >= 4, tree
    start = time.monotonic()
    run.send_signal(sig)
    out, err = run.communicate(timeout=60)
    assert time.monotonic() - start < 15, "a stop request must end the run within seconds"
    assert run.returncode == 130 and "Traceback" not in err
    assert "已中断" in err and "evalkit run：3 份报告" in out and (outputs / "index.html").is_file()
    time.sleep(1)
    left = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert str(outputs) not in left, "a worker of the stopped run is still running"
    assert not [pid for pid in tree if Path(f"/proc/{pid}").exists()], "a worker or kernel is still running"
    assert not list(outputs.glob("2022/*/slow-?.html")), "no report may look complete"
    pages = sorted(p.name for p in outputs.glob("2022/*/slow-?.error.html"))
    assert pages == ["slow-0.error.html", "slow-1.error.html"]  # the two stopped ones say so; slow-2 never started
    assert "已中断" in (outputs / "2022" / "dept-0" / "slow-0.error.html").read_text(encoding="utf-8")


def descendants(pid: int) -> list[int]:
    """The processes started by ``pid``, their children and so on."""
    table = subprocess.run(["ps", "-eo", "pid=,ppid="], capture_output=True, text=True).stdout.split()
    children: dict[int, list[int]] = {}
    for child, parent in zip(table[::2], table[1::2]):
        children.setdefault(int(parent), []).append(int(child))
    found, todo = [], [pid]
    while todo:
        kids = children.get(todo.pop(), [])
        found += kids
        todo += kids
    return found


def test_a_full_disk_while_writing_the_findings_workbook_is_a_message_and_leaves_no_file(form, tmp_path, capsys,
                                                                                        monkeypatch):
    import errno
    import os as os_module

    import evalkit.io.atomic as atomic

    real_replace = os_module.replace

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", full)
    out = tmp_path / "复核发现.xlsx"
    assert main(["check", str(form("f.xlsx")), "--format", "xlsx", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Traceback" not in err
    monkeypatch.setattr(atomic.os, "replace", real_replace)
    assert not out.exists() and not list(tmp_path.glob(".复核发现.xlsx.*")), "no half-written file is left"


def test_hashing_the_inputs_counts_toward_the_time_limit(tmp_path, monkeypatch):
    import evalkit.runner.build as build
    from evalkit.runner.catalog import load_catalog

    entry = next(e for e in load_catalog() if e.entry == "yiyang-2022-xieguanyuan")
    real = build.entry_provenance

    def slow_hash(*args, **kwargs):
        time.sleep(2.5)  # a huge input on a slow disk
        return real(*args, **kwargs)

    monkeypatch.setattr(build, "entry_provenance", slow_hash)
    result = build.run_entry(entry, tmp_path, timeout=2, force=True)
    assert result.status == "failed" and "超时" in result.error
