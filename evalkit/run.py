"""Build the reports: execute each catalogue entry's notebook with papermill, export it to
self-contained HTML with nbconvert (code hidden), and write an index page linking them all.

A failing notebook never stops the others: its executed notebook and an error page are left
beside where its report would be, the index marks it failed, and :func:`run_all` reports it.
Every file is written to a temporary name first and renamed into place (atomic).
"""

from __future__ import annotations

import datetime as _dt
import html
import os
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from .catalog import Entry, load_catalog
from .paths import OUTPUTS

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "evalkit_offline"


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def notebook_to_html(notebook) -> str:
    """Export an executed notebook to self-contained HTML without code cells or prompts."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name=TEMPLATE_NAME, extra_template_basedirs=[str(TEMPLATE_DIR)],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(notebook)
    return body


@dataclass
class RunResult:
    """What happened to one catalogue entry."""

    entry: Entry
    status: str  # "ok" | "failed"
    report: Path | None
    seconds: float
    error: str = ""


def run_entry(entry: Entry, outputs: Path = OUTPUTS, *, timeout: int = 600) -> RunResult:
    """Execute and export one entry; never raises for a failing notebook."""
    import nbformat
    import papermill

    start = time.monotonic()
    folder = outputs / entry.output_dir
    folder.mkdir(parents=True, exist_ok=True)
    executed = folder / f"{entry.entry}.ipynb"
    report = folder / f"{entry.entry}.html"
    error_page = folder / f"{entry.entry}.error.html"
    params = {"inputs": list(entry.inputs), "title": entry.title}
    with tempfile.TemporaryDirectory(prefix="evalkit-run-") as tmp:
        tmp_nb = Path(tmp) / executed.name
        try:
            papermill.execute_notebook(str(entry.notebook_path), str(tmp_nb), parameters=params,
                                       kernel_name="python3", cwd=str(entry.notebook_path.parent),
                                       progress_bar=False, log_output=False, execution_timeout=timeout)
            nb = nbformat.read(tmp_nb, as_version=4)
            page = notebook_to_html(nb)
        except Exception as exc:  # noqa: BLE001 - any failure of one report is recorded, not raised
            if tmp_nb.exists():
                write_atomic(executed, tmp_nb.read_bytes())
            message = f"{type(exc).__name__}: {exc}"
            write_atomic(error_page, _error_page(entry, message, traceback.format_exc()))
            return RunResult(entry, "failed", None, time.monotonic() - start, message)
        write_atomic(executed, tmp_nb.read_bytes())
        write_atomic(report, page)
        error_page.unlink(missing_ok=True)
    return RunResult(entry, "ok", report, time.monotonic() - start)


def _error_page(entry: Entry, message: str, trace: str) -> str:
    return (f"<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>失败：{html.escape(entry.title)}"
            f"</title></head><body><h1>报告生成失败：{html.escape(entry.title)}</h1>"
            f"<p>{html.escape(message)}</p><p>已执行的 notebook 保存在 {html.escape(entry.entry)}.ipynb。</p>"
            f"<pre>{html.escape(trace)}</pre></body></html>")


def write_index(results: list[RunResult], outputs: Path = OUTPUTS) -> Path:
    """Write ``outputs/index.html`` linking every report (and every failure's error page)."""
    from . import __version__

    rows = []
    for r in sorted(results, key=lambda r: (r.entry.year, r.entry.department_id, r.entry.entry)):
        rel = r.entry.output_dir / (f"{r.entry.entry}.html" if r.status == "ok" else f"{r.entry.entry}.error.html")
        status = "成功" if r.status == "ok" else f"失败：{html.escape(r.error)}"
        colour = "#e6f4ea" if r.status == "ok" else "#f8d7da"
        rows.append(f"<tr style='background:{colour}'><td>{r.entry.year}</td><td>{html.escape(r.entry.department)}"
                    f"</td><td><a href='{html.escape(rel.as_posix())}'>{html.escape(r.entry.title)}</a></td>"
                    f"<td>{status}</td><td>{r.seconds:.1f} 秒</td></tr>")
    stamp = _dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S %z")
    page = ("<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>evalkit 报告索引</title>"
            "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
            "td,th{border:1px solid #ccc;padding:4px 8px}</style></head><body>"
            "<h1>绩效自评复核报告索引</h1>"
            f"<p>evalkit {html.escape(__version__)}，生成时间 {stamp}，共 {len(results)} 份，"
            f"失败 {sum(r.status != 'ok' for r in results)} 份。</p>"
            "<table><thead><tr><th>年度</th><th>部门</th><th>报告</th><th>状态</th><th>用时</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></body></html>")
    index = outputs / "index.html"
    write_atomic(index, page)
    return index


def run_all(only: list[str] | None = None, outputs: Path = OUTPUTS, *, timeout: int = 600) -> list[RunResult]:
    """Build every catalogue entry (or those named in ``only``) and the index."""
    entries = load_catalog()
    if only:
        unknown = sorted(set(only) - {e.entry for e in entries})
        if unknown:
            from .errors import InputError

            raise InputError(f"目录中没有条目 {', '.join(unknown)}")
        entries = [e for e in entries if e.entry in only]
    results = [run_entry(e, outputs, timeout=timeout) for e in entries]
    write_index(results, outputs)
    return results
