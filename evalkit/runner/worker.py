"""Layer 5, runner: the worker process of one report and how it is stopped.

Each report is built by ``python -c 'worker_main()' JOB.json`` in its own process group: it runs
the notebook with papermill and exports the page. The runner waits in short steps, so a time
limit or a stop request (Ctrl-C, SIGTERM: :data:`STOP`) ends the worker and its kernel within
seconds — SIGTERM to the group (the worker shuts its kernel down), then SIGKILL.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import traceback
from contextlib import contextmanager
from pathlib import Path

from ..io.atomic import write_atomic
from .pages import notebook_to_html

GRACE_SECONDS = 5  # after SIGTERM, before SIGKILL
INTERRUPTED = "已中断：运行被终止（Ctrl-C 或 SIGTERM），本条目未开始"
STOP = threading.Event()  # set on Ctrl-C or SIGTERM: every running worker is stopped, none started
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")



def spawn_worker(job: Path, log: Path, cwd: Path, timeout: float, limit: float | None = None) -> str:
    """Run :func:`_worker` on ``job`` in its own process group, killed after ``timeout`` seconds.

    Returns "" when the worker finished by itself, else why it was stopped.
    """
    with log.open("wb") as out:
        command = "from evalkit.runner.worker import worker_main; worker_main()"
        proc = subprocess.Popen([sys.executable, "-c", command, str(job)],
                                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                cwd=str(cwd), start_new_session=True)
        deadline = time.monotonic() + timeout
        try:
            while True:  # short waits, so a stop request (Ctrl-C, SIGTERM) is seen within a second
                if STOP.is_set():
                    _stop(proc)
                    return "已中断：运行被终止（Ctrl-C 或 SIGTERM）"
                try:
                    code = proc.wait(timeout=max(0.01, min(0.5, deadline - time.monotonic())))
                    break
                except subprocess.TimeoutExpired:
                    if time.monotonic() >= deadline:
                        _stop(proc)
                        return f"超时：超过 {timeout if limit is None else limit:g} 秒未完成，已终止"
        except BaseException:  # interrupted in this thread: do not leave the worker behind
            _stop(proc)
            raise
    return "" if code == 0 else f"报告进程退出码 {code}"


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM the worker's process group (the worker shuts its kernel down), then SIGKILL."""
    for sig, wait in ((signal.SIGTERM, GRACE_SECONDS), (signal.SIGKILL, None)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue


def tail(log: Path, lines: int = 40) -> str:
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    return _ANSI.sub("", "\n".join(text.splitlines()[-lines:]))


def worker_main() -> None:
    """Entry point of a worker process: ``python -c '...' JOB.json`` (see :func:`_build`)."""
    import nbformat
    import papermill

    job = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))

    def on_term(signum, frame):  # unwind through papermill so it shuts its kernel down
        raise SystemExit(143)

    signal.signal(signal.SIGTERM, on_term)
    result = {"ok": False, "error": "", "trace": ""}
    try:
        papermill.execute_notebook(job["notebook"], job["executed"], parameters=job["parameters"],
                                   kernel_name="python3", progress_bar=False, log_output=False,
                                   execution_timeout=job["timeout"])
        nb = nbformat.read(job["executed"], as_version=4)
        nb.metadata["title"] = job["title"]
        write_atomic(Path(job["report"]), notebook_to_html(nb, job["footer"]))
        result["ok"] = True
    except Exception as exc:  # noqa: BLE001 - any failure of one report is recorded, not raised
        ename = getattr(exc, "ename", None)  # papermill.PapermillExecutionError: the notebook's own error
        if ename is not None:
            result["error"] = f"{ename}: {getattr(exc, 'evalue', '')}"
            result["trace"] = _ANSI.sub("", "\n".join(getattr(exc, "traceback", [])))
        else:
            result["error"] = f"{type(exc).__name__}: {exc}"
            result["trace"] = traceback.format_exc()
    write_atomic(Path(job["result"]), json.dumps(result, ensure_ascii=False))


@contextmanager
def stop_on_signals():
    """While reports build: Ctrl-C or SIGTERM sets the stop flag (each worker thread then stops its
    worker and kernel within a second, and entries not started are not started) and is raised as
    KeyboardInterrupt once the threads are done. Only the main thread can take signals."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_signal(signum, frame):
        if not STOP.is_set():  # the first signal interrupts; more while stopping only wait
            STOP.set()
            raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
