"""Layer 5, runner: an executed notebook → its report page (nbconvert, code and prompts hidden,
the page's characters embedded as a font). Kept apart from :mod:`evalkit.runner.pages` so a
worker process loads nbconvert without the project's data libraries."""

from __future__ import annotations

import functools
from pathlib import Path

from ..reports.fonts import FONT_FAMILY, embed_cjk_font

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "evalkit_offline"


@functools.cache
def html_exporter():
    """The nbconvert exporter of report pages (made once per process: a worker reuses it)."""
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name=TEMPLATE_NAME, extra_template_basedirs=[str(TEMPLATE_DIR)],
                        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)


def warm_up() -> None:
    """Load nbconvert and compile the page templates (otherwise the first page pays for it)."""
    import nbformat

    html_exporter().from_notebook_node(nbformat.v4.new_notebook())


def report_page(notebook, footer: str = "", font_cache: Path | None = None) -> str:
    """Export an executed notebook to self-contained HTML without code cells or prompts.

    ``footer`` (HTML, e.g. :func:`evalkit.runner.pages.provenance_html`) is placed at the end of
    the page, and the characters the page uses are embedded as a font
    (:func:`evalkit.reports.fonts.embed_cjk_font`, its subsets kept in ``font_cache``).
    """
    body, _ = html_exporter().from_notebook_node(notebook, resources={"evalkit_footer": footer,
                                                                      "evalkit_font_family": FONT_FAMILY})
    return embed_cjk_font(body, font_cache)
