"""The worker processes of a run and how they are stopped (runner.worker)."""

import os
import signal
import threading
import time

import pytest

from evalkit.runner.worker import STOP, Workers, stop_on_signals

HANG = 'import os, time\nprint("开始等待")\nos.write(2, "挂起前的日志\\n".encode())\ntime.sleep(600)'


def job(notebook, out, name):
    return {"notebook": str(notebook), "parameters": {}, "cwd": str(notebook.parent), "timeout": 600,
            "title": name, "footer": "", "executed": str(out / f"{name}.ipynb"), "report": str(out / f"{name}.html"),
            "font_cache": str(out / "fonts")}


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_a_worker_builds_report_after_report_and_is_replaced_after_a_timeout(notebooks, tmp_path):
    good, hang = notebooks("good", notebooks.PIDS), notebooks("hang", notebooks.PIDS, HANG)
    with Workers("测试") as workers:
        with workers.borrow() as worker:
            assert worker.build(job(good, tmp_path, "a"), 60) == ({"ok": True, "error": "", "trace": ""}, "")
            first = worker
        with workers.borrow() as worker:
            assert worker is first  # long-lived: the same process builds the next report
            assert worker.build(job(good, tmp_path, "b"), 60)[1] == ""
            start = time.monotonic()
            answer, why = worker.build(job(hang, tmp_path, "c"), 4, limit=5)
            assert answer is None and why == "超时：超过 5 秒未完成，已终止" and time.monotonic() - start < 6
            assert not worker.alive and "挂起前的日志" in worker.log_tail()
        pids = {name: notebooks.pids(tmp_path / f"{name}.ipynb") for name in "abc"}
        assert pids["a"] == pids["b"] == pids["c"] and pids["a"]["worker"] == first.proc.pid
        assert "开始等待" in (tmp_path / "c.ipynb").read_text(encoding="utf-8")  # saved as it was stopped
        assert gone(pids["c"]["kernel"]) and gone(pids["c"]["worker"])
        with workers.borrow() as worker:
            assert worker is not first and worker.build(job(good, tmp_path, "d"), 60)[0]["ok"]
            last = worker.proc.pid
    assert notebooks.pids(tmp_path / "d.ipynb")["worker"] == last
    time.sleep(0.5)
    assert gone(last) and gone(notebooks.pids(tmp_path / "d.ipynb")["kernel"])  # closed with the run


def test_a_stop_request_ends_the_report_being_built_within_a_second(notebooks, tmp_path):
    hang = notebooks("hang", notebooks.PIDS, HANG)
    executed = tmp_path / "s.ipynb"
    stopped_at = []

    def stop_once_running():
        deadline = time.monotonic() + 60
        while not executed.exists() and time.monotonic() < deadline:  # saved as its first cell starts
            time.sleep(0.1)
        time.sleep(1)
        stopped_at.append(time.monotonic())
        STOP.set()

    STOP.clear()
    with Workers() as workers, workers.borrow() as worker:
        stopper = threading.Thread(target=stop_once_running)
        stopper.start()
        try:
            answer, why = worker.build(job(hang, tmp_path, "s"), 120)
            returned = time.monotonic()
        finally:
            stopper.join()
            STOP.clear()
        assert answer is None and why.startswith("已中断") and not worker.alive
        assert returned - stopped_at[0] < 1.5
    pids = notebooks.pids(executed)  # the notebook as it was when stopped
    assert gone(pids["kernel"]) and gone(pids["worker"])


def test_a_stop_signal_sets_the_flag_interrupts_once_and_restores_the_handlers():
    before = signal.getsignal(signal.SIGTERM)
    STOP.clear()
    with pytest.raises(KeyboardInterrupt), stop_on_signals():
        os.kill(os.getpid(), signal.SIGTERM)  # handled at the next bytecode of this (main) thread
        raise AssertionError("the signal did not interrupt")
    assert STOP.is_set()
    assert signal.getsignal(signal.SIGTERM) is before
    STOP.clear()
