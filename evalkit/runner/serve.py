"""Layer 5, runner: the worker process — builds report after report in its warm kernel.

Started by :class:`evalkit.runner.worker.Worker` as ``python -c 'main()'``, it reads one job
per line on stdin (JSON: notebook, parameters, working folder, time limit, title, footer and
the staging paths of the executed notebook and the page), executes the notebook in its
:class:`~evalkit.runner.kernel.WarmKernel`, exports the page, and answers one line per job on
its original stdout: ``{"ok": …, "error": …, "trace": …}``. Everything else it or its kernel
prints goes to stderr (the worker's log). After a failed report the kernel is stopped, so the
next report starts in a fresh one. End of input ends the worker; SIGTERM kills its kernel and
ends it at once.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import traceback
from pathlib import Path
from typing import Any, TextIO

from ..io.atomic import write_atomic
from .export import report_page, warm_up
from .kernel import WarmKernel, load_papermill

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def build_report(job: dict[str, Any], kernel: WarmKernel) -> dict[str, Any]:
    """Execute one job's notebook in ``kernel`` and write its executed notebook and page.

    Returns ``{"ok": True, …}``, or the error in one line and its details; never raises for a
    failing notebook.
    """
    result = {"ok": False, "error": "", "trace": ""}
    try:
        nb = kernel.execute(job["notebook"], job["executed"], job["parameters"], job["cwd"], job["timeout"])
        nb.metadata["title"] = job["title"]
        write_atomic(Path(job["report"]), report_page(nb, job["footer"], Path(job["font_cache"])))
        result["ok"] = True
    except Exception as exc:  # noqa: BLE001 - any failure of one report is recorded, not raised
        ename = getattr(exc, "ename", None)  # papermill.PapermillExecutionError: the notebook's own error
        if ename is not None:
            result["error"] = f"{ename}: {getattr(exc, 'evalue', '')}"
            result["trace"] = _ANSI.sub("", "\n".join(getattr(exc, "traceback", [])))
        else:
            result["error"] = f"{type(exc).__name__}: {exc}"
            result["trace"] = traceback.format_exc()
    return result


def serve(jobs: TextIO, answers: TextIO, kernel: WarmKernel) -> None:
    """Build each job read from ``jobs``, answering on ``answers``; a failure stops the kernel."""
    for line in jobs:
        result = build_report(json.loads(line), kernel)
        answers.write(json.dumps(result, ensure_ascii=False) + "\n")
        answers.flush()
        if not result["ok"]:  # whatever the failure left in the kernel goes with it
            kernel.stop()
            kernel.launch()  # the next report's kernel starts now


def main() -> None:
    """Entry point of a worker process (see the module docstring)."""
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # prints of the worker or its kernel: the log
    kernel = WarmKernel()

    def on_term(signum, frame):
        kernel.kill()
        os._exit(128 + signum)

    signal.signal(signal.SIGTERM, on_term)
    try:
        kernel.launch()
        # While the kernel starts: papermill and nbconvert. jsonschema (loaded with nbformat)
        # builds a grammar for "iri" formats at import when the optional rfc3987_syntax is
        # installed, about 2 s; notebook schemas have no such format, so the worker goes without.
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
        load_papermill()
        warm_up()
        serve(sys.stdin, answers, kernel)
    finally:
        kernel.stop()
