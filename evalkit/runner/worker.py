"""Layer 5, runner: the worker processes that build the reports, and how they are stopped.

A :class:`Worker` is a long-lived process (:mod:`evalkit.runner.serve`) in its own process
group, owning one warm kernel; it builds one report at a time. :class:`Workers` lends one to
each job slot of a run, starting it on first need, so a run of N reports on ``--jobs J`` starts
J kernels, not N. The runner waits for an answer in short steps, so a time limit or a stop
request (Ctrl-C, SIGTERM: :data:`STOP`) ends the worker and its kernel within seconds — SIGTERM
to the worker (it kills its kernel), then SIGKILL; the next report of that slot gets a new worker.
"""

from __future__ import annotations

import json
import os
import re
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

GRACE_SECONDS = 5  # after SIGTERM, before SIGKILL
CLOSE_SECONDS = 10  # for an idle worker to stop its kernel and exit at the end of a run
INTERRUPTED = "已中断：运行被终止（Ctrl-C 或 SIGTERM），本条目未开始"
STOP = threading.Event()  # set on Ctrl-C or SIGTERM: every running worker is stopped, none started
COMMAND = "from evalkit.runner.serve import main; main()"
LOG_TAIL_BYTES = 64 * 1024
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class Worker:
    """One worker process (see the module docstring); ``label`` only names it in ``ps``
    (the runner passes its outputs folder)."""

    def __init__(self, label: str = "") -> None:
        self._log = tempfile.TemporaryFile()  # the worker's and its kernel's stderr, gone when closed
        self.proc = subprocess.Popen([sys.executable, "-c", COMMAND, *([label] if label else [])],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log,
                                     start_new_session=True)
        self._pending = b""
        self._job_log = 0

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def build(self, job: dict[str, Any], timeout: float, limit: float | None = None) -> tuple[dict | None, str]:
        """Hand ``job`` to the worker and wait at most ``timeout`` seconds for its answer.

        Returns ``(answer, "")``, or ``(None, why)`` when the worker was stopped (time limit —
        ``limit`` is the limit as the user gave it — or a stop request) or ended by itself.
        """
        self._job_log = os.fstat(self._log.fileno()).st_size
        deadline = time.monotonic() + timeout
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.write(json.dumps(job, ensure_ascii=False).encode("utf-8") + b"\n")
            self.proc.stdin.flush()
        except OSError:  # it ended before the job could be handed over
            return None, self._ended()
        try:
            while True:  # short waits, so a stop request (Ctrl-C, SIGTERM) is seen within half a second
                if STOP.is_set():
                    self.stop()
                    return None, "已中断：运行被终止（Ctrl-C 或 SIGTERM）"
                left = deadline - time.monotonic()
                if left <= 0:
                    self.stop()
                    return None, f"超时：超过 {timeout if limit is None else limit:g} 秒未完成，已终止"
                answer = self._read_line(min(0.5, left))
                if answer is not None:
                    return (json.loads(answer), "") if answer else (None, self._ended())
        except BaseException:  # interrupted in this thread: do not leave the worker behind
            self.stop()
            raise

    def _read_line(self, wait: float) -> bytes | None:
        """One answer line, ``b""`` at end of output, None when nothing came within ``wait`` seconds."""
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        while b"\n" not in self._pending:
            if not select.select([fd], [], [], wait)[0]:
                return None
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return b""
            self._pending += chunk
        line, _, self._pending = self._pending.partition(b"\n")
        return line

    def _ended(self) -> str:
        try:
            code = self.proc.wait(timeout=GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            self.stop()
            code = self.proc.returncode
        return f"报告进程退出码 {code}"

    def log_tail(self, lines: int = 40) -> str:
        """The last lines the worker and its kernel printed since the current job was handed over."""
        fd = self._log.fileno()
        end = os.fstat(fd).st_size
        start = max(self._job_log, end - LOG_TAIL_BYTES)
        text = os.pread(fd, end - start, start).decode("utf-8", errors="replace")  # pread: the offset is shared
        return _ANSI.sub("", "\n".join(text.splitlines()[-lines:]))

    def stop(self) -> None:
        """SIGTERM the worker's process group (the worker kills its kernel), then SIGKILL."""
        for sig, wait in ((signal.SIGTERM, GRACE_SECONDS), (signal.SIGKILL, None)):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.proc.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        self._close_pipes()

    def close(self) -> None:
        """Let the worker finish: end its input, so it stops its kernel and exits (see :meth:`wait_closed`)."""
        try:
            if self.proc.stdin is not None:
                self.proc.stdin.close()
        except OSError:
            pass

    def wait_closed(self) -> None:
        """After :meth:`close`: wait for the worker to exit, stopping it after :data:`CLOSE_SECONDS`."""
        try:
            self.proc.wait(timeout=CLOSE_SECONDS)
        except subprocess.TimeoutExpired:
            self.stop()
        self._close_pipes()

    def _close_pipes(self) -> None:
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass

    def discard(self) -> None:
        """Forget the log of a worker that has ended."""
        self._log.close()


class Workers:
    """The workers of one run: a job slot borrows one (started on first need) and gives it back;
    :meth:`close` and :meth:`wait` end them all."""

    def __init__(self, label: str = "") -> None:
        self.label = label
        self._idle: list[Worker] = []
        self._all: list[Worker] = []
        self._closing: list[Worker] = []
        self._lock = threading.Lock()

    @contextmanager
    def borrow(self) -> Iterator[Worker]:
        """A running worker for one report; a worker that was stopped is not given back."""
        with self._lock:
            worker = self._idle.pop() if self._idle else None
        if worker is None or not worker.alive:
            worker = Worker(self.label)
            with self._lock:
                self._all.append(worker)
        try:
            yield worker
        finally:
            alive = worker.alive
            with self._lock:
                (self._idle.append if alive else self._all.remove)(worker)
            if not alive:
                worker.discard()

    def close(self) -> None:
        """Tell every worker to end (each stops its kernel and exits); see :meth:`wait`."""
        with self._lock:
            self._closing, self._idle, self._all = self._closing + self._all, [], []
        for worker in self._closing:
            worker.close()

    def wait(self) -> None:
        """After :meth:`close`: wait until every worker has ended (stopping any that does not)."""
        with self._lock:
            workers, self._closing = self._closing, []
        for worker in workers:
            worker.wait_closed()
            worker.discard()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
        self.wait()


class JobSlots:
    """The job slots of one run: at most ``jobs`` entries checked and built at once, each taking
    its turn in the ``order`` given (the catalogue's), whichever thread asks first — a thread
    that has finished building prints its report while the next entry takes its slot."""

    def __init__(self, jobs: int, order: list[str]) -> None:
        self._free = max(1, jobs)
        self._order = {name: number for number, name in enumerate(order)}
        self._next = 0
        self._changed = threading.Condition()

    @contextmanager
    def turn(self, name: str):
        """Wait for ``name``'s turn and a free slot; hold the slot."""
        number = self._order[name]
        with self._changed:
            self._changed.wait_for(lambda: self._next == number and self._free > 0)
            self._next += 1
            self._free -= 1
            self._changed.notify_all()
        try:
            yield
        finally:
            with self._changed:
                self._free += 1
                self._changed.notify_all()


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
