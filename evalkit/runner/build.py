"""Layer 5, runner: build the reports — execute each catalogue entry's notebook with papermill, export it to
self-contained HTML with nbconvert (code hidden), and write an index page linking them all.

Reports are built by long-lived worker processes, one per job slot (``--jobs`` at a time), each
executing report after report in its own warm kernel (:mod:`evalkit.runner.worker`,
:mod:`evalkit.runner.kernel`), with a wall-clock limit per report; a hung notebook is killed with
its worker and marked failed. A failing report never stops the others:
it leaves ``<entry>.failed.ipynb`` (executed up to the error) and ``<entry>.error.html``, while
the last good ``<entry>.html`` stays in place and the index links both.

After a good build the report is printed to ``<entry>.pdf`` beside it (A4, by headless Chromium:
:mod:`evalkit.browser`, one browser for the whole run, started when the first report is ready).
A report that cannot be printed, or a machine without Chromium, gives no PDF and a note in the
manifest (``"pdf": {"status": "failed" | "missing" | "off", "reason": ...}``), never a failed
report; a good print is ``{"status": "ok", "file": "<entry>.pdf", "pages": N}``.

Every entry has a manifest ``<entry>.json`` beside its report holding the provenance key
(:mod:`evalkit.runner.provenance`) of the last good build; an entry whose key is unchanged is
skipped unless ``force``. Every file is written to a temporary name first and renamed into place
(the layout of ``outputs/`` is in :mod:`evalkit.runner.pages`).
"""

from __future__ import annotations

import fcntl
import json
import math
import os
import shutil
import tempfile
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..browser import NOT_FOUND, BrowserError, Printer
from ..errors import CatalogError, EvalkitError, UsageError
from ..io.atomic import write_atomic
from ..project import CATALOG, OUTPUTS
from .catalog import Entry, load_catalog
from .pages import (
    FONT_CACHE,
    STATUS_TEXT,
    entry_files,
    now,
    provenance_html,
    read_manifest,
    render_page,
    write_index,
)
from .provenance import Provenance, entry_provenance
from .worker import INTERRUPTED, STOP, JobSlots, Workers, stop_on_signals


@dataclass
class RunResult:
    """What happened to one catalogue entry in this run.

    ``status`` is ``"ok"`` (built), ``"skipped"`` (unchanged since its last good build) or
    ``"failed"``; ``report`` is the report page now in place (after a failure: the previous
    good one, or None).
    """

    entry: Entry
    status: str
    report: Path | None
    seconds: float
    error: str = ""
    pdf: dict | None = None  # the report's PDF: {"status": "ok", "file", "pages"} or {"status", "reason"}

    @property
    def status_text(self) -> str:
        """The status in Chinese."""
        return STATUS_TEXT[self.status]


def run_entry(entry: Entry, outputs: Path = OUTPUTS, *, timeout: float = 600, force: bool = False,
              catalog: Path | None = None, workers: Workers | None = None,
              printer: Printer | None = None, slot: JobSlots | None = None) -> RunResult:
    """Build one entry unless its last good build has the same provenance key; never raises
    for a failing or hung notebook (that is a ``"failed"`` result).

    ``catalog`` is the catalogue file the entry was listed in: an entry without inputs of
    its own reads it (see :func:`evalkit.runner.provenance.entry_provenance`). ``workers`` are
    the run's workers; without them the entry gets a worker of its own, ended afterwards.
    ``printer`` prints the report to PDF (none: no PDF, see :func:`print_report`). ``slot`` is
    held while the entry is checked and built (the run's job slots), not while it is printed:
    the next report is built meanwhile.
    """
    if workers is None:
        with Workers(str(outputs)) as own:
            return run_entry(entry, outputs, timeout=timeout, force=force, catalog=catalog, workers=own,
                             printer=printer, slot=slot)
    with slot.turn(entry.entry) if slot is not None else nullcontext():
        result, manifest, good, key = _attempt(entry, outputs, timeout, force, catalog, workers, printer)
    if manifest is None:  # interrupted before it started: nothing is touched
        return result
    files = entry_files(entry, outputs)
    kept = manifest.get("pdf")
    if result.status == "ok":
        result.pdf = print_report(printer, files)
    elif result.status == "skipped" and not (kept and kept.get("status") == "ok" and files["pdf"].is_file()):
        # not printed last time (no Chromium, --no-pdf, a failure): printed now, unless --no-pdf
        result.pdf = print_report(printer, files) if printer is not None else kept
    elif result.report is not None:  # unchanged, or failed with the last good report (and its PDF) kept
        result.pdf = kept
    _write_manifest(files["manifest"], entry, result, good, key)
    return result


def _attempt(entry: Entry, outputs: Path, timeout: float, force: bool, catalog: Path | None, workers: Workers,
             printer: Printer | None) -> tuple[RunResult, dict | None, dict | None, str]:
    """:func:`run_entry` but the PDF and the manifest: the result, the manifest as it was (None
    when the run was interrupted before the entry started), the good build and the key to record."""
    start = time.monotonic()
    files = entry_files(entry, outputs)
    if STOP.is_set():  # the run was interrupted before this entry started: nothing is touched
        report = files["report"] if files["report"].is_file() else None
        return RunResult(entry, "failed", report, 0.0, INTERRUPTED), None, None, ""
    manifest = read_manifest(entry, outputs)
    good = manifest.get("good")
    provenance: Provenance | None = None
    try:
        built = entry_provenance(entry, catalog)
    except (OSError, EvalkitError) as exc:  # an input or the catalogue changed since it was read
        error, trace = f"无法读取输入：{exc}", traceback.format_exc()
    else:
        provenance = built
        key = built.key
        if not force and good and good.get("key") == key and files["report"].is_file():
            for stale in (files["error"], files["failed"]):
                stale.unlink(missing_ok=True)
            return RunResult(entry, "skipped", files["report"], time.monotonic() - start), manifest, good, key
        run_at = now()  # hashing the inputs counts toward the time limit
        error, trace = _build(entry, built, files, max(0.0, timeout - (time.monotonic() - start)), run_at,
                              workers, limit=timeout)
        if not error:
            good = {"key": key, "at": run_at, "seconds": round(time.monotonic() - start, 1),
                    "provenance": built.to_dict()}
            return RunResult(entry, "ok", files["report"], time.monotonic() - start), manifest, good, key
    has_good = bool(good) and files["report"].is_file()
    footer = provenance_html(provenance, now()) if provenance else ""
    write_atomic(files["error"], render_page("error.html.j2", entry=entry, error=error, trace=trace,
                                             provenance=footer, has_good=has_good))
    result = RunResult(entry, "failed", files["report"] if has_good else None, time.monotonic() - start, error)
    return result, manifest, good if has_good else None, provenance.key if provenance else ""


def print_report(printer: Printer | None, files: dict[str, Path]) -> dict:
    """Print the entry's report to its PDF; what happened, for the manifest. Never raises for a
    report that will not print: the PDF is then removed (it would belong to an older report).

    No ``printer`` (``--no-pdf``) gives ``{"status": "off"}``, no Chromium ``{"status": "missing"}``.
    """
    if printer is None or not printer.available or STOP.is_set():
        files["pdf"].unlink(missing_ok=True)
        if printer is None:
            return {"status": "off", "reason": "未打印 PDF（--no-pdf）"}
        if STOP.is_set():
            return {"status": "failed", "reason": "已中断，未打印 PDF"}
        return {"status": "missing", "reason": NOT_FOUND}
    try:
        pages = printer.print(files["report"], files["pdf"])
    except (BrowserError, OSError) as exc:
        files["pdf"].unlink(missing_ok=True)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return {"status": "failed", "reason": f"打印 PDF 失败：{reason}"}
    return {"status": "ok", "file": files["pdf"].name, "pages": pages}


def _write_manifest(path: Path, entry: Entry, result: RunResult, good: dict | None, key: str) -> None:
    data = {"entry": entry.entry,
            "last": {"status": result.status, "at": now(), "seconds": round(result.seconds, 1),
                     "error": result.error, "key": key},
            "good": good, "pdf": result.pdf}
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def _build(entry: Entry, provenance: Provenance, files: dict[str, Path], timeout: float,
           run_at: str, workers: Workers, limit: float | None = None) -> tuple[str, str]:
    """Execute and export in one of the ``workers`` (``timeout``: the seconds left of the
    entry's ``limit``); move the results into place.

    Returns ``("", "")`` on success, else a one-line error and the details.
    """
    folder = files["report"].parent
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder, prefix=f".{entry.entry}.", suffix=".run"))
    try:
        register = staging / files["register"].name  # the notebook writes its findings register there
        job = {"notebook": str(entry.notebook_path), "parameters": {**provenance.parameters, "register": str(register)},
               "cwd": str(entry.notebook_path.parent), "title": entry.title,
               "timeout": max(1, math.ceil(timeout)), "footer": provenance_html(provenance, run_at),
               "executed": str(staging / "executed.ipynb"), "report": str(staging / "report.html"),
               "font_cache": str(FONT_CACHE)}
        with workers.borrow() as worker:
            answer, status = worker.build(job, timeout, limit)
            result = answer or {"ok": False, "error": status or "报告进程异常退出，未留下结果",
                                "trace": worker.log_tail()}
        if result["ok"]:
            _name_final_paths(staging / "executed.ipynb", str(staging), str(folder))
            os.replace(staging / "executed.ipynb", files["executed"])
            os.replace(staging / "report.html", files["report"])
            if register.is_file():
                os.replace(register, files["register"])
            else:  # a notebook that writes none: no register of an older report left beside this one
                files["register"].unlink(missing_ok=True)
            files["error"].unlink(missing_ok=True)
            files["failed"].unlink(missing_ok=True)
            return "", ""
        if (staging / "executed.ipynb").is_file():
            os.replace(staging / "executed.ipynb", files["failed"])
        else:  # stopped before papermill wrote anything (e.g. the kernel never started in time)
            write_atomic(files["failed"], _unexecuted(entry, provenance, result["error"]))
        return result["error"], result["trace"]
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _name_final_paths(notebook: Path, staging: str, folder: str) -> None:
    """Rewrite the staging folder in an executed notebook (its parameters, and the injected cell,
    where papermill writes non-ASCII as \\u escapes) to the report's folder, so the notebook kept
    beside the report names the files where they end up."""
    pairs = {staging: folder, json.dumps(staging)[1:-1]: json.dumps(folder)[1:-1]}

    def swap(node: Any) -> Any:
        if isinstance(node, str):
            for staged, final in pairs.items():
                node = node.replace(staged, final)
            return node
        if isinstance(node, list):
            return [swap(n) for n in node]
        if isinstance(node, dict):
            return {k: swap(v) for k, v in node.items()}
        return node

    data = json.loads(notebook.read_text(encoding="utf-8"))
    notebook.write_text(json.dumps(swap(data), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _unexecuted(entry: Entry, provenance: Provenance, error: str) -> str:
    """The entry's notebook with its parameters injected, not executed, headed by why not:
    what an auditor opens to reproduce a run that never got going."""
    import nbformat
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nb = parameterize_notebook(load_notebook_node(str(entry.notebook_path)), provenance.parameters,
                               kernel_name="python3")
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(f"**未执行**：{error}"))
    return nbformat.writes(nb)


@contextmanager
def _lock(outputs: Path):
    """Hold ``outputs/.evalkit-run.lock`` so two runs (say, cron overlapping a manual run)
    never write the same folder at once."""
    try:
        outputs.mkdir(parents=True, exist_ok=True)
        fh = (outputs / ".evalkit-run.lock").open("w")
    except OSError as exc:
        raise EvalkitError(f"无法写入输出文件夹 {outputs}（{exc.strerror or exc}），没有生成任何报告") from None
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise EvalkitError(f"另一个 evalkit run 正在写 {outputs}，本次不运行") from None
        yield


def run_all(only: list[str] | None = None, outputs: Path = OUTPUTS, *, catalog: Path = CATALOG,
            jobs: int = 1, timeout: float = 600, force: bool = False,
            progress: Callable[[RunResult, int, int], None] | None = None,
            problems: list[CatalogError] | None = None, allow_outside: bool = False,
            pdf: bool = True) -> list[RunResult]:
    """Build every catalogue entry (or those named in ``only``), then the index.

    Parameters
    ----------
    only : list of str, optional
        Entry names to build; the index still lists every entry of the catalogue.
    outputs : Path
        Folder the reports and ``index.html`` go to.
    catalog : Path
        The catalogue CSV (:func:`evalkit.runner.catalog.load_catalog`).
    jobs : int
        How many reports to build at once.
    timeout : float
        Wall-clock limit in seconds per report; a report running longer is killed and failed.
    force : bool
        Rebuild entries whose provenance is unchanged.
    progress : callable, optional
        Called as ``progress(result, done, total)`` after each entry.
    problems : list, optional
        Where bad catalogue rows go (each skipped, the others built); without it a bad row raises.
    allow_outside : bool
        Accept inputs outside the data folder and the catalogue's folder.
    pdf : bool
        Print each good report to ``<entry>.pdf`` (one headless Chromium for the run; without
        Chromium, no PDF and a note in the manifest).

    Returns
    -------
    list of RunResult
        In catalogue order.
    """
    entries = load_catalog(catalog, problems=problems, allow_outside=allow_outside)
    selected = entries
    if only:
        unknown = sorted(set(only) - {e.entry for e in entries})
        if unknown:
            raise UsageError(f"{catalog}: 目录中没有条目 {', '.join(unknown)}（可选：{', '.join(e.entry for e in entries)}）")
        selected = [e for e in entries if e.entry in only]
    outputs = Path(outputs)
    results: dict[str, RunResult] = {}
    with _lock(outputs):
        for entry in selected:  # staging folders left by a run that was killed
            for stale in (outputs / entry.output_dir).glob(f".{entry.entry}.*.run"):
                shutil.rmtree(stale, ignore_errors=True)
            for stale in (outputs / entry.output_dir).glob(f".{entry.entry}.pdf.*.tmp"):
                stale.unlink(missing_ok=True)
        STOP.clear()
        interrupted = False
        # twice as many threads as job slots: while one thread prints its report, another builds
        pool = ThreadPoolExecutor(max_workers=max(1, jobs) * (2 if pdf else 1))
        slot = JobSlots(jobs, [e.entry for e in selected])
        workers = Workers(str(outputs))  # one per job slot, started when a report needs it
        printer = Printer() if pdf else None  # its browser starts when the first report is printed
        with stop_on_signals():
            futures = {pool.submit(run_entry, e, outputs, timeout=timeout, force=force, catalog=Path(catalog),
                                   workers=workers, printer=printer, slot=slot): e
                       for e in selected}
            try:
                for future in as_completed(futures):
                    result = future.result()
                    results[result.entry.entry] = result
                    if progress:
                        progress(result, len(results), len(selected))
            except KeyboardInterrupt:  # each running worker is stopped by its thread (Worker.build); none starts
                interrupted = True
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
                workers.close()  # they stop their kernels and exit while the index is written
                if printer is not None:
                    printer.close()
        try:
            for future, e in futures.items():
                if e.entry not in results:
                    done = future.done() and not future.cancelled() and future.exception() is None
                    results[e.entry] = future.result() if done else RunResult(
                        e, "failed", entry_files(e, outputs)["report"] if entry_files(e, outputs)["report"].is_file()
                        else None, 0.0, INTERRUPTED)
            write_index(entries, outputs)
        finally:
            workers.wait()
    final = [results[e.entry] for e in selected]
    if interrupted:
        raise RunInterrupted(final)
    return final


class RunInterrupted(EvalkitError):
    """Ctrl-C or SIGTERM stopped a run: ``results`` holds every entry (finished, stopped or not
    started); the index is written, no worker or kernel is left running."""

    def __init__(self, results: list[RunResult]) -> None:
        super().__init__("已中断（Ctrl-C 或 SIGTERM）：正在生成的报告已停止，未开始的没有生成；已完成的报告和索引完整")
        self.results = results


def summary(results: list[RunResult], outputs: Path = OUTPUTS, seconds: float | None = None) -> str:
    """A few lines for the terminal or a cron mail: counts, then one line per failure.

    >>> e = Entry("a", 2022, "d", "部门", "self_evaluation", (), "标题")
    >>> print(summary([RunResult(e, "failed", None, 1.0, "InputError: 坏")], Path("/o"), 2.0))
    evalkit run：1 份报告，失败 1，用时 2.0 秒
      失败 a：InputError: 坏（错误页 /o/2022/d/a.error.html；无可用报告）
    索引：/o/index.html
    """
    counts = "，".join(f"{STATUS_TEXT[s].split('（')[0]} {n}" for s in ("ok", "skipped", "failed")
                      if (n := sum(r.status == s for r in results)))
    took = f"，用时 {seconds:.1f} 秒" if seconds is not None else ""
    lines = [f"evalkit run：{len(results)} 份报告{'，' + counts if counts else ''}{took}"]
    for r in results:
        if r.status == "failed":
            kept = "上次成功的报告仍保留" if r.report else "无可用报告"
            first = (r.error.splitlines() or [""])[0][:200]
            page = "" if r.error == INTERRUPTED else f"错误页 {entry_files(r.entry, outputs)['error']}；"
            lines.append(f"  失败 {r.entry.entry}：{first}（{page}{kept}）")
    unprinted = [r for r in results if r.status != "failed" and r.pdf and r.pdf.get("status") in ("failed", "missing")]
    if any(r.pdf and r.pdf["status"] == "missing" for r in unprinted):
        lines.append(f"  {NOT_FOUND}，没有生成 PDF（安装 chromium，或用环境变量 EVALKIT_CHROMIUM 指明其路径）")
    lines += [f"  PDF 未生成 {r.entry.entry}：{r.pdf['reason'][:200]}" for r in unprinted
              if r.pdf and r.pdf["status"] == "failed"]
    lines.append(f"索引：{outputs / 'index.html'}")
    return "\n".join(lines)
