"""Open the built pages in a real browser (headless Chromium, network off) and look at them —
on a 1400 px wide screen and printed on A4 — and the browser driver itself (evalkit.browser).

Builds a small catalogue — the first seed entry of every report notebook plus one entry with a
broken input — once, with its PDFs, then opens the index, every report and an error page from
``file://`` and checks: no request to any other host, no failed request, no console error or
uncaught exception, every chart image decoded, and the embedded Chinese font loaded. Each report's
PDF (printed by the run) and the index printed here are A4, numbered "第 N 页 / 共 M 页", within a
page bound per kind. Screenshots (PNG, 1400 px wide) and the PDFs are saved under the test's
temporary folder, and also under ``$EVALKIT_SCREENSHOTS`` when that is set (CI artefacts).

The ``test_workpaper_*`` tests check the working-paper parts of the reports (header table, drafted
复核结论, marked wrong cells): ``pytest tests/test_browser.py -k workpaper``.

Chromium is driven through the DevTools protocol over ``--remote-debugging-pipe`` (evalkit.browser:
no port, no extra Python package). Without Chromium the test is skipped, except in CI
(``CI=true``), where it fails: ``.ci/run`` installs Debian's ``chromium``.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pypdfium2
import pytest

from evalkit.browser import BrowserError, Chromium, Printer, find_chromium, pdf_pages, print_to_pdf
from evalkit.project import CATALOG
from evalkit.runner.build import run_all
from evalkit.runner.catalog import load_catalog

CHROMIUM = find_chromium()
IN_CI = os.environ.get("CI", "").lower() in ("true", "1")
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
WIDTH = 1400
PAGE_FACTS = ("({fonts: [...document.fonts].map(f => [f.family.replace(/\"/g, ''), f.status]),"
              "images: [...document.images].map(i => i.complete && i.naturalWidth > 0),"
              "text: document.body.innerText, links: [...document.links].map(a => a.href),"
              "height: document.documentElement.scrollHeight,"
              "workpaper: [...document.querySelectorAll('table.evalkit-workpaper th')].map(th => th.innerText.trim()),"
              "conclusion: [...document.querySelectorAll('div.evalkit-conclusion')].map(d => d.innerText),"
              "wrong: [...document.querySelectorAll('td.evalkit-wrong')].map(td => [td.title,"
              " getComputedStyle(td).backgroundColor]),"
              # a figure or label wrapped in a column narrower than it (long texts may wrap)
              "squashed: [...document.querySelectorAll('table.dataframe th, table.dataframe td')]"
              ".filter(c => !c.classList.contains('evalkit-text') && (c.scrollWidth > c.clientWidth + 1 ||"
              " new Set([...(r => (r.selectNodeContents(c), r))(document.createRange()).getClientRects()]"
              ".map(q => Math.round(q.top))).size > 1)).map(c => c.innerText.slice(0, 20)).slice(0, 5),"
              "wider: document.documentElement.scrollWidth > window.innerWidth})")
# upper bounds of printed A4 pages (one catalogue entry of each kind; the cases report prints its
# unit × month rankings on landscape pages, and the published report's stated figures)
MAX_PAGES = {"self_evaluation": 5, "department": 6, "cases": 13, "overview": 3, "index": 3}
WORKPAPER_FIELDS = ("被审计单位", "项目", "索引号", "复核人", "复核日期")


def look(browser: Chromium, url: str, screenshot: Path) -> dict:
    """Open ``url`` at 1400 px; return what happened (problems, requests, fonts, images, text,
    links) and save a screenshot of its top (at most 6000 px)."""
    tab = browser.open(url, width=WIDTH, domains=("Network", "Runtime", "Log"))
    try:
        page = tab.evaluate(PAGE_FACTS)
        time.sleep(0.5)  # late requests and console messages
        tab.screenshot(screenshot, WIDTH, min(int(page["height"]), 6000))
        events = browser.events(tab.session)
    finally:
        tab.close()
    requests = [e["params"]["request"]["url"] for e in events if e["method"] == "Network.requestWillBeSent"]
    problems = [f"failed request {e['params'].get('errorText')}" for e in events
                if e["method"] == "Network.loadingFailed"]
    problems += [f"request to another host: {u[:100]}" for u in requests if not u.startswith(LOCAL_SCHEMES)]
    problems += [f"exception: {e['params']['exceptionDetails'].get('text')}" for e in events
                 if e["method"] == "Runtime.exceptionThrown"]
    problems += [f"console {e['params']['type']}: {e['params'].get('args')}" for e in events
                 if e["method"] == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "assert")]
    problems += [f"log {e['params']['entry'].get('text')}" for e in events
                 if e["method"] == "Log.entryAdded" and e["params"]["entry"]["level"] == "error"]
    return {"problems": problems, "requests": requests, **page}


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not CHROMIUM:
        if IN_CI:
            pytest.fail("CI=true but Chromium is not installed (.ci/run installs Debian's chromium)")
        pytest.skip("Chromium not installed (apt-get install chromium); required in CI")
    folder = tmp_path_factory.mktemp("chromium")
    with Chromium(CHROMIUM, profile=folder / "profile", log=folder / "chromium.log") as chromium:
        yield chromium


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """One seed entry per report notebook of the real catalogue, and one broken entry; built once,
    with a PDF beside each report."""
    root = tmp_path_factory.mktemp("site")
    lines = CATALOG.read_text(encoding="utf-8").splitlines()
    header, kinds = lines[0], {}
    for entry, line in zip(load_catalog(), lines[1:]):
        kinds.setdefault(entry.notebook, (entry, line))
    broken = root / "坏表.xlsx"
    broken.write_text("not a workbook")
    first = next(iter(kinds.values()))[0]
    rows = [line for _, line in kinds.values()]
    fields = {"entry": "broken", "year": first.year, "department_id": "broken-dept", "department": "测试部门",
              "notebook": first.notebook, "inputs": broken, "title": "损坏的输入"}
    rows.append(",".join(str(fields.get(name, "")) for name in header.split(",")))
    catalog = root / "catalog.csv"
    catalog.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    out = root / "outputs"
    results = run_all(outputs=out, catalog=catalog, jobs=2, timeout=300)
    return out, {r.entry.entry: r for r in results}, {k: e.entry for k, (e, _) in kinds.items()}


def keep(tmp_path_factory, path: Path) -> Path:
    """Copy a screenshot or PDF to the test's screenshots folder (and $EVALKIT_SCREENSHOTS)."""
    folder = tmp_path_factory.getbasetemp() / "screenshots"
    folder.mkdir(exist_ok=True)
    if path.parent != folder:
        shutil.copy(path, folder / path.name)
    if os.environ.get("EVALKIT_SCREENSHOTS"):
        Path(os.environ["EVALKIT_SCREENSHOTS"]).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(os.environ["EVALKIT_SCREENSHOTS"]) / path.name)
    return folder / path.name


@pytest.fixture(scope="module")
def seen(browser, site, tmp_path_factory):
    """Every page of the site looked at once at 1400 px (see :func:`look`), by kind ("index",
    "error", or the report's notebook)."""
    out, results, kinds = site
    pages = {"index": out / "index.html",
             "error": out / results["broken"].entry.output_dir / "broken.error.html"}
    pages |= {kind: results[entry].report for kind, entry in kinds.items() if results[entry].report}
    found = {}
    folder = tmp_path_factory.getbasetemp() / "screenshots"
    folder.mkdir(exist_ok=True)
    for kind, page in pages.items():
        shot = folder / f"{page.stem}.png"
        found[kind] = look(browser, page.as_uri(), shot)
        keep(tmp_path_factory, shot)
        assert shot.stat().st_size > 10_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return found


@pytest.fixture(scope="module")
def printed(browser, site, tmp_path_factory):
    """The A4 PDF of each report (printed by the run) and of the index (printed here), by kind:
    (path, text of each page, orientation of each page: "A4" portrait, "A4 landscape" or its size)."""
    out, results, kinds = site
    pdfs = {kind: out / results[entry].entry.output_dir / f"{entry}.pdf" for kind, entry in kinds.items()}
    pdfs["index"] = tmp_path_factory.getbasetemp() / "index.pdf"
    browser.print_pdf(out / "index.html", pdfs["index"])
    found = {}
    for kind, pdf in pdfs.items():
        keep(tmp_path_factory, pdf)
        document = pypdfium2.PdfDocument(pdf)
        pages = [document[number] for number in range(len(document))]
        found[kind] = (pdf, [page.get_textpage().get_text_range() for page in pages],
                       [paper(page.get_width(), page.get_height()) for page in pages])
        document.close()
    return found


def paper(width: float, height: float) -> str:
    """ "A4" or "A4 landscape" for a page of that size in points (A4: 595.3 × 841.9), else the size."""
    if abs(float(width) - 595.3) < 2 and abs(float(height) - 841.9) < 2:
        return "A4"
    if abs(float(width) - 841.9) < 2 and abs(float(height) - 595.3) < 2:
        return "A4 landscape"
    return f"{float(width):.0f} × {float(height):.0f}"


def assert_clean(seen: dict) -> None:
    assert seen["problems"] == [], seen["problems"]
    assert all(u.startswith(LOCAL_SCHEMES) for u in seen["requests"])
    assert ["evalkit Noto Sans CJK SC", "loaded"] in seen["fonts"], seen["fonts"]


def test_index_opens_offline_and_links_every_page(seen, site):
    out, results, kinds = site
    index = seen["index"]
    assert_clean(index)
    assert "失败" in index["text"]
    targets = {Path(href.removeprefix("file://")) for href in index["links"]}
    for entry in kinds.values():
        assert results[entry].status == "ok", results[entry].error
        assert results[entry].report in targets
    assert out / "2022" / "broken-dept" / "broken.error.html" in targets or any(
        p.name == "broken.error.html" for p in targets)


def test_a_report_of_each_kind_renders_offline_at_1400_px(seen, site):
    out, results, kinds = site
    for notebook, entry in kinds.items():
        report = results[entry].report
        assert report.stat().st_size < 2_000_000, f"{report.name}: {report.stat().st_size} bytes"
        page = seen[notebook]
        assert_clean(page)
        assert page["images"] and all(page["images"]), f"{notebook}: a chart did not decode"
        assert results[entry].entry.title in page["text"] and "数据来源与生成信息" in page["text"]
        # wide tables scroll in their own box: the page itself never gets wider than the window,
        # and no figure or label is squashed into a narrow column
        assert not page["wider"], f"{notebook}: the page is wider than 1400 px"
        assert page["squashed"] == [], f"{notebook}: cells narrower than their content: {page['squashed']}"


def test_error_page_renders_offline(seen, site):
    _, results, _ = site
    assert results["broken"].status == "failed"
    assert_clean(seen["error"])
    assert "报告生成失败" in seen["error"]["text"] and "不是 Excel 工作簿" in seen["error"]["text"]


def assert_numbered_a4(kind: str, pdf: Path, pages: list[str], sizes: list[str]) -> None:
    assert pdf_pages(pdf.read_bytes()) == len(pages)
    assert 1 <= len(pages) <= MAX_PAGES[kind], f"{kind}: {len(pages)} pages (at most {MAX_PAGES[kind]})"
    assert set(sizes) <= {"A4", "A4 landscape"}, f"{kind}: not A4: {set(sizes)}"
    assert sizes[0] == "A4", f"{kind}: the first page is not portrait"
    for number, text in enumerate(pages, 1):
        assert f"第 {number} 页 / 共 {len(pages)} 页" in text, f"{kind}, page {number}: no page number"


def test_each_report_prints_on_numbered_a4_pages_within_its_bound(printed, site):
    _, results, kinds = site
    for kind, entry in kinds.items():
        pdf, pages, sizes = printed[kind]
        assert_numbered_a4(kind, pdf, pages, sizes)
        assert results[entry].pdf == {"status": "ok", "file": pdf.name, "pages": len(pages)}
        assert results[entry].entry.title in "".join(pages[0].split())  # (a long title wraps)


def test_the_index_prints_on_numbered_a4_pages(printed):
    """Needs the print rules in evalkit_pages/base.html.j2 (@page with its page numbers)."""
    assert_numbered_a4("index", *printed["index"])


def test_the_cases_report_prints_its_wide_rankings_on_landscape_pages_unsquashed(printed):
    _, pages, sizes = printed["cases"]
    rankings = [text for text, size in zip(pages, sizes) if size == "A4 landscape" and "2020-12" in text]
    assert rankings, "the unit × month rankings are not on a landscape page"
    # each unit's name and each month sit on one line (they used to print one character per line)
    assert "中方县城市管理行政执法大队" in "".join(rankings) and "2020-01 2020-02 2020-03" in "".join(rankings)


def test_print_to_pdf_writes_a4_atomically_and_a_printer_reuses_one_browser(tmp_path):
    if not CHROMIUM:
        pytest.skip("Chromium not installed")
    page = tmp_path / "页.html"
    page.write_text("<html><head><style>@page { size: A4; margin: 20mm } .p { break-after: page }</style></head>"
                    "<body><p class=p>一</p><p class=p>二</p><p>三</p></body></html>", encoding="utf-8")
    print_to_pdf(page, tmp_path / "out" / "页.pdf")
    data = (tmp_path / "out" / "页.pdf").read_bytes()
    assert data.startswith(b"%PDF") and pdf_pages(data) == 3
    document = pypdfium2.PdfDocument(tmp_path / "out" / "页.pdf")
    assert len(document) == 3 and paper(document[0].get_width(), document[0].get_height()) == "A4"
    document.close()
    with Printer() as printer:
        assert printer.print(page, tmp_path / "a.pdf") == 3 and printer.print(page, tmp_path / "b.pdf") == 3
        first = printer._browser
        assert first is not None and first.alive
        first.proc.kill()  # a browser that died is started again, once
        first.proc.wait()
        assert printer.print(page, tmp_path / "c.pdf") == 3 and printer._browser is not first
    with pytest.raises(BrowserError, match="无法打开"):
        print_to_pdf(tmp_path / "无此页.html", tmp_path / "d.pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "b.pdf", "c.pdf", "out", "页.html"]


def test_find_chromium_honours_the_environment_and_says_when_it_is_missing(tmp_path, monkeypatch):
    fake = tmp_path / "my-chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("EVALKIT_CHROMIUM", str(fake))
    assert find_chromium() == str(fake)
    monkeypatch.setenv("EVALKIT_CHROMIUM", str(tmp_path / "none"))
    assert find_chromium() is None and not Printer().available
    with pytest.raises(BrowserError, match="未找到 Chromium"):
        print_to_pdf(tmp_path / "a.html", tmp_path / "a.pdf")
    assert not (tmp_path / "a.pdf").exists()


# --- the working-paper parts (issue 13): run with -k workpaper -------------------------------------

def test_workpaper_header_and_conclusion_open_each_report_on_screen_and_in_print(seen, printed, site):
    _, _, kinds = site
    for kind in kinds:
        page = seen[kind]
        missing = [f for f in WORKPAPER_FIELDS if f not in page["workpaper"]]
        assert not missing, f"{kind}: the working-paper header lacks {missing} (has {page['workpaper']})"
        if kind != "overview":  # the overview reviews nothing itself: it has no findings to conclude on
            assert page["conclusion"] and "复核结论" in page["text"], f"{kind}: no drafted 复核结论"
        first_page = printed[kind][1][0]
        assert all(f in first_page for f in WORKPAPER_FIELDS), f"{kind}: header not on the first printed page"


def test_workpaper_wrong_cells_are_marked_with_their_cell_reference_in_the_department_report(seen):
    wrong = seen["department"]["wrong"]
    assert len(wrong) > 0, "no td.evalkit-wrong in the department report"
    assert all(title.strip() for title, _ in wrong), "a wrong cell without its cell reference (title)"
    assert all(colour not in ("rgba(0, 0, 0, 0)", "transparent", "rgb(255, 255, 255)") for _, colour in wrong)
