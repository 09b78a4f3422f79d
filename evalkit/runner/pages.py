"""Layer 5, runner: the pages — report HTML from an executed notebook (:mod:`evalkit.runner.export`
with the project's font cache), the error and index pages from ``templates/evalkit_pages``, and the
manifests the index is built from. Layout of ``outputs/``::

    index.html
    <year>/<department_id>/<entry>.html          last good report (provenance at its foot)
    <year>/<department_id>/<entry>.ipynb         the executed notebook of that report
    <year>/<department_id>/<entry>.pdf           that report printed on A4
    <year>/<department_id>/<entry>.发现清单.xlsx  its findings register (working paper to fill in)
    <year>/<department_id>/<entry>.json          manifest: last run and last good build
    <year>/<department_id>/<entry>.error.html    only while the latest run of the entry failed
    <year>/<department_id>/<entry>.failed.ipynb  idem, the notebook executed up to the error
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
from pathlib import Path

from ..io.atomic import write_atomic
from ..project import CACHE, OUTPUTS
from ..reports.fonts import FONT_FAMILY, embed_cjk_font
from ..rules.numbers import BEIJING
from ..version import __version__
from .catalog import Entry
from .export import TEMPLATE_DIR, report_page
from .provenance import Provenance, code_hash

PAGES_DIR = TEMPLATE_DIR / "evalkit_pages"
REGISTER_SUFFIX = ".发现清单.xlsx"
STATUS_TEXT = {"ok": "成功", "skipped": "未变化（跳过）", "failed": "失败", "missing": "未生成"}

FONT_CACHE = CACHE / "fonts"  # font subsets by the characters of a page (see reports.fonts.cached_subset)


def now() -> str:
    """The time as the reports show it, in Beijing time: ``2024-05-01 10:00:03 +0800``."""
    return _dt.datetime.now(BEIJING).strftime("%Y-%m-%d %H:%M:%S %z")


@functools.lru_cache(maxsize=1)
def _pages():
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(PAGES_DIR)), autoescape=True,
                              keep_trailing_newline=True)


def render_page(name: str, **context) -> str:
    """Render one of ``templates/evalkit_pages/`` with the CJK font embedded."""
    from markupsafe import Markup

    return embed_cjk_font(_pages().get_template(name).render(font_family=Markup(FONT_FAMILY), **context), FONT_CACHE)


def provenance_html(provenance: Provenance, run_at: str) -> str:
    """The provenance block shown at the foot of a report or error page."""
    from markupsafe import Markup

    return Markup(_pages().get_template("provenance.html.j2").render(rows=provenance.rows(), run_at=run_at))


def notebook_to_html(notebook, footer: str = "") -> str:
    """:func:`evalkit.runner.export.report_page` with the project's font cache."""
    return report_page(notebook, footer, FONT_CACHE)


def entry_files(entry: Entry, outputs: Path) -> dict[str, Path]:
    """The files of one entry under ``outputs``: report, executed, manifest, error, failed, pdf
    (the report printed on A4) and register (its findings register, xlsx)."""
    folder = outputs / entry.output_dir
    return {kind: folder / f"{entry.entry}{suffix}" for kind, suffix in
            (("report", ".html"), ("executed", ".ipynb"), ("manifest", ".json"),
             ("error", ".error.html"), ("failed", ".failed.ipynb"), ("pdf", ".pdf"), ("register", REGISTER_SUFFIX))}


def read_manifest(entry: Entry, outputs: Path = OUTPUTS) -> dict:
    """The entry's manifest (``{}`` when it was never run or the file is unreadable)."""
    try:
        data = json.loads(entry_files(entry, outputs)["manifest"].read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or not all(isinstance(data.get(k) or {}, dict) for k in ("last", "good")):
        return {}  # damaged: the entry is rebuilt and its manifest rewritten
    return data


def report_head(executed: Path) -> dict:
    """What a report's working-paper head recorded (:mod:`evalkit.reports.workpaper`): its fields,
    key figures, finding counts and drafted conclusion, read from the executed notebook's output
    metadata; ``{}`` for a notebook without one (or unreadable)."""
    try:
        notebook = json.loads(executed.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    for cell in notebook.get("cells", []) if isinstance(notebook, dict) else []:
        for output in cell.get("outputs", []) if isinstance(cell, dict) else []:
            meta = output.get("metadata") if isinstance(output, dict) else None
            # a _repr_html_ with metadata files it under the mime type it goes with
            head = (meta.get("evalkit") or (meta.get("text/html") or {}).get("evalkit")) if isinstance(meta, dict) else None
            if isinstance(head, dict):
                return head
    return {}


def index_rows(entries: list[Entry], outputs: Path = OUTPUTS) -> list[dict]:
    """One row per entry for the index, from the manifests (sorted by year, department, entry)."""
    rows = []
    for entry in sorted(entries, key=lambda e: (e.year, e.department_id, e.entry)):
        files = entry_files(entry, outputs)
        manifest = read_manifest(entry, outputs)
        last, good = manifest.get("last") or {}, manifest.get("good") or {}
        status = last.get("status", "missing")
        prov = good.get("provenance") or {}
        rel = entry.output_dir.as_posix()
        rows.append({
            "entry": entry, "status": status, "status_text": STATUS_TEXT.get(status, status),
            "at": last.get("at", ""), "seconds": last.get("seconds"), "error": last.get("error", ""),
            "report": f"{rel}/{files['report'].name}" if good and files["report"].is_file() else "",
            "error_page": f"{rel}/{files['error'].name}" if status == "failed" and files["error"].is_file() else "",
            "built_at": good.get("at", ""), "inputs": sorted((prov.get("inputs") or {}).items()),
            "parameters": json.dumps(prov["parameters"], ensure_ascii=False, sort_keys=True) if prov else "",
            "version": prov.get("evalkit_version", ""),
            "head": report_head(files["executed"]) if good else {},
            "pdf": f"{rel}/{files['pdf'].name}" if good and files["pdf"].is_file() else "",
            "register": f"{rel}/{files['register'].name}" if good and files["register"].is_file() else "",
        })
    return rows


def write_index(entries: list[Entry], outputs: Path = OUTPUTS) -> Path:
    """Write ``outputs/index.html``: every entry, its latest run and its last good report."""
    rows = index_rows(entries, outputs)
    counts = [(STATUS_TEXT[s], n) for s in STATUS_TEXT if (n := sum(r["status"] == s for r in rows))]
    found = {k: sum((r["head"].get("counts") or {}).get(k, 0) for r in rows) for k in ("error", "warning", "material")}
    index = outputs / "index.html"
    write_atomic(index, render_page("index.html.j2", rows=rows, counts=counts, found=found, updated=now(),
                                    failed=[r for r in rows if r["status"] == "failed"],
                                    version=__version__, code=code_hash()))
    return index
