"""Layer 5, runner: the warm kernel of one worker — a Jupyter kernel started once with evalkit,
pandas and matplotlib imported, in which the worker executes report after report.

Each report is executed by papermill as before (same parameter injection, same ``papermill``
metadata, the same error when a cell fails, the executed notebook saved as it runs — here at most
every :data:`SAVE_SECONDS` and when the worker is stopped), through an engine that uses this kernel
instead of starting one. Before a report the kernel is reset to
its state right after the warm-up (:mod:`evalkit.runner.session`); after a failure or a timeout
the worker stops the kernel and the next report gets a fresh one.
"""

from __future__ import annotations

import functools
import math
import os
import queue
import signal
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

if TYPE_CHECKING:
    from nbformat import NotebookNode

KERNEL_NAME = "python3"
ENGINE = "evalkit-warm"
START_SECONDS = 60  # for the kernel to answer after it is started
SAVE_SECONDS = 2.0  # the executed notebook is saved at most this often while it runs (and at its end)
SESSION = "evalkit.runner.session"  # runs inside the kernel (imports pandas and matplotlib)
# Run once in a new kernel: everything a report notebook imports, its set-up, then the state
# every report starts from. The names it leaves are dropped by the reset before each report.
WARM_UP = f"""\
import evalkit, matplotlib, pandas, {SESSION}
for name in evalkit.__all__:
    getattr(evalkit, name)
for name in evalkit.reports.SUBMODULES:
    getattr(evalkit.reports, name)
evalkit.reports.setup()
{SESSION}.remember()
"""


class KernelSetupError(RuntimeError):
    """The kernel could not be warmed up or reset (the report did not start)."""


class KernelDied(KernelSetupError):
    """The kernel process ended while it was being set up."""


class WarmKernel:
    """One kernel, started on first use and reused for every report until :meth:`stop`.

    >>> kernel = WarmKernel()
    >>> kernel.pid is None
    True
    """

    def __init__(self) -> None:
        self.km: AsyncKernelManager | None = None
        self.kc: Any = None
        self._warming = ""  # the warm-up request, until its reply has come
        self._failed: Exception | None = None  # why the last launch failed
        self.save_now: Callable[[], None] | None = None  # saves the notebook being executed, while one is

    @property
    def pid(self) -> int | None:
        """The kernel's process id while it runs."""
        provisioner = self.km.provisioner if self.km is not None else None
        return getattr(provisioner, "pid", None)

    def launch(self) -> None:
        """Start the kernel and its warm-up without waiting for either (see :meth:`ready`); the
        worker meanwhile loads papermill and nbconvert. A kernel already running is kept."""
        if self.km is not None:
            return
        try:
            # Unix sockets under a name of this worker's own: kernels started at the same moment by
            # several workers cannot race for the same TCP port (one of them would die at start-up)
            socket = Path(tempfile.gettempdir()) / f"evalkit-kernel-{os.getpid()}-{uuid.uuid4().hex[:12]}"
            self.km = AsyncKernelManager(kernel_name=KERNEL_NAME, transport="ipc", ip=str(socket))
            # history in memory: no SQLite file shared by the kernels of several workers
            run_sync(self.km.start_kernel)(extra_arguments=["--HistoryManager.hist_file=:memory:"])
            self.kc = self.km.client()
            self.kc.allow_stdin = False
            self.kc.start_channels()
            self._warming = self.kc.execute(WARM_UP, silent=True, store_history=False)
        except Exception as exc:  # noqa: BLE001 - said by ready(), for the report that needed the kernel
            self._failed = exc

    def ready(self) -> None:
        """Launch the kernel if needed and wait until it is warm; raises :class:`KernelSetupError`."""
        self.launch()
        if self._failed is not None:
            failed, self._failed = self._failed, None
            raise KernelSetupError(f"内核无法启动：{type(failed).__name__}: {failed}") from failed
        if self._warming:
            warming, self._warming = self._warming, ""
            try:
                run_sync(self._reply)(warming, "预热", START_SECONDS)
            except KernelDied:  # once more with a fresh kernel before the report is given up
                self.stop()
                self.launch()
                if self._failed is not None:
                    raise KernelSetupError(f"内核无法启动：{self._failed}") from self._failed
                warming, self._warming = self._warming, ""
                run_sync(self._reply)(warming, "预热", START_SECONDS)

    def run_silently(self, code: str, what: str, timeout: float = START_SECONDS) -> None:
        """Execute ``code`` without output or history; a failure raises :class:`KernelSetupError`."""
        run_sync(self._reply)(self.kc.execute(code, silent=True, store_history=False), what, timeout)

    async def _reply(self, msg_id: str, what: str, timeout: float) -> None:
        """Wait for the reply to request ``msg_id`` (the iopub messages of a silent request are
        left for the next report's client, which skips them)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                reply = await self.kc.get_shell_msg(timeout=max(0.0, min(1.0, deadline - time.monotonic())))
            except queue.Empty:
                if time.monotonic() >= deadline:
                    raise KernelSetupError(f"内核{what}超过 {timeout:g} 秒未完成") from None
                if self.km is None or not await self.km.is_alive():
                    raise KernelDied(f"内核{what}时退出") from None
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        content = reply["content"]
        if content["status"] != "ok":
            raise KernelSetupError(f"内核{what}失败：{content.get('ename', '')}: {content.get('evalue', '')}")

    def execute(self, notebook: str | Path, executed: str | Path, parameters: dict, cwd: str | Path,
                timeout: int | None) -> NotebookNode:
        """Reset the kernel (working folder ``cwd``) and execute ``notebook`` with papermill into
        ``executed``; ``timeout`` is papermill's per-cell limit. Raises as papermill does."""
        papermill = load_papermill()
        self.ready()
        self.run_silently(f"__import__({SESSION!r}, fromlist=['reset']).reset({str(cwd)!r})", "重置")
        return papermill.execute_notebook(str(notebook), str(executed), parameters=parameters, engine_name=ENGINE,
                                          kernel_name=KERNEL_NAME, progress_bar=False, log_output=False,
                                          execution_timeout=timeout, warm_kernel=self)

    def stop(self) -> None:
        """Shut the kernel down now (the next :meth:`launch` begins a fresh one)."""
        km, kc = self.km, self.kc
        self.km = self.kc = None
        self._warming, self._failed = "", None
        try:
            if kc is not None:
                kc.stop_channels()
            if km is not None and km.has_kernel:
                run_sync(km.shutdown_kernel)(now=True)
        except Exception:  # noqa: BLE001 - a kernel jupyter_client cannot shut down is killed
            _kill(km)
        _remove_sockets(km)

    def kill(self) -> None:
        """Save the notebook executed so far, kill the kernel's process group at once and remove its
        connection file: what a worker does when it is told to stop (from a signal handler)."""
        if self.save_now is not None:
            try:
                self.save_now()
            except Exception:  # noqa: BLE001 - stopping matters more than the partial notebook
                pass
        _kill(self.km)


def _kill(km: AsyncKernelManager | None) -> None:
    """SIGKILL the kernel's process group, wait for it and remove its connection file."""
    provisioner = km.provisioner if km is not None else None
    pgid = getattr(provisioner, "pgid", None) or getattr(provisioner, "pid", None)
    process = getattr(provisioner, "process", None)
    if pgid:
        try:
            os.killpg(pgid, signal.SIGKILL)
            if process is not None:
                process.wait(timeout=2)  # gone (and reaped) before the worker is
        except Exception:  # noqa: BLE001 - already gone, or not our child any more
            pass
    if km is not None:
        km.cleanup_connection_file()
    _remove_sockets(km)


def _remove_sockets(km: AsyncKernelManager | None) -> None:
    """Remove the kernel's Unix socket files (``<ip>-1`` … ``<ip>-5``), which a killed kernel leaves."""
    if km is not None and km.transport == "ipc":
        for socket in Path(km.ip).parent.glob(f"{Path(km.ip).name}-*"):
            socket.unlink(missing_ok=True)


def _save_every(nb_man: Any, seconds: float) -> Callable[[], None]:
    """Make papermill save the executed notebook at most every ``seconds`` instead of twice per
    cell (writing and validating the whole notebook each time cost about 0.2 s per report);
    returns the save that writes it at once. papermill writes the final notebook itself, after
    the last cell or the failing one; a report stopped midway is saved by :meth:`WarmKernel.kill`."""
    save = nb_man.save
    last = -math.inf

    def throttled(**kwargs: Any) -> None:
        nonlocal last
        if time.monotonic() - last >= seconds:
            save(**kwargs)
            last = time.monotonic()

    nb_man.save = throttled
    return save


@functools.cache
def load_papermill() -> Any:
    """papermill, with the engine that executes in a :class:`WarmKernel` registered as
    :data:`ENGINE` (imported on first use: a worker loads it while its kernel starts)."""
    import papermill
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger

    class WarmEngine(NBClientEngine):
        """papermill's nbclient engine, executing in the :class:`WarmKernel` given as
        ``warm_kernel=``, which it neither starts nor shuts down."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None, warm_kernel=None,
                                     **kwargs):
            if warm_kernel is None or warm_kernel.km is None:
                raise KernelSetupError("内核未启动")
            client = PapermillNotebookClient(nb_man, km=warm_kernel.km, timeout=execution_timeout,
                                             startup_timeout=start_timeout, kernel_name=kernel_name, log=logger,
                                             log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file)
            client.kc = warm_kernel.kc  # the kernel's own client: nothing started, nothing shut down after
            warm_kernel.save_now = _save_every(nb_man, SAVE_SECONDS)
            try:
                return client.execute()
            finally:
                warm_kernel.save_now = None

    papermill_engines.register(ENGINE, WarmEngine)
    return papermill
